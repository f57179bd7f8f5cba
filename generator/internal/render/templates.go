package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"

	"breachline/generator/internal/diag"
	"breachline/generator/internal/htmlexec"
)

// LayoutDir is where templates live, relative to the site root.
const LayoutDir = "layouts"

// Page kinds: each has a template layouts/<kind>.html that defines "main"
// (and may define "title"), executed inside layouts/base.html. Files whose
// names start with an underscore are partials, available to every page.
var pageKinds = []string{"home", "incident", "term", "terms", "matrix", "decisions", "glossary", "search", "404"}

// Templates holds the parsed layouts: one template set per page kind.
type Templates struct {
	sets map[string]*template.Template
	runs map[string]*htmlexec.Runner // the same sets, executed compiled
}

// exec executes the template name of the page kind's set.
func (t *Templates) exec(kind string, w *bytes.Buffer, name string, data any) error {
	return t.runs[kind].Execute(w, name, data)
}

// Stats is how the layouts have run so far, over every page kind.
func (t *Templates) Stats() htmlexec.Stats {
	var st htmlexec.Stats
	for _, r := range t.runs {
		st = st.Add(r.Stats())
	}
	return st
}

// TemplateOptions change how layouts run.
type TemplateOptions struct {
	// HTMLTemplateOnly runs them in html/template alone, not compiled by
	// htmlexec: for tests that compare the two.
	HTMLTemplateOnly bool
}

// LoadTemplates parses layouts/ once. Problems are diagnostics with the
// layout file and, where html/template says, its line.
func LoadTemplates(fsys fs.FS, funcs htmlexec.FuncMap, opts TemplateOptions) (*Templates, diag.List) {
	var diags diag.List
	names, err := fs.Glob(fsys, LayoutDir+"/*.html")
	if err != nil || len(names) == 0 {
		diags.Add(diag.Pos{File: LayoutDir}, "layout", "no layouts found: %s/ needs base.html and one file per page kind (%s)", LayoutDir, strings.Join(pageKinds, ", "))
		return nil, diags
	}
	slices.Sort(names)
	common := template.New("").Funcs(funcs.HTML())
	parse := func(t *template.Template, name string) bool {
		src, err := fs.ReadFile(fsys, name)
		if err == nil {
			_, err = t.New(path.Base(name)).Parse(string(src))
		}
		if err != nil {
			diags = append(diags, templateDiag(name, err))
			return false
		}
		return true
	}
	if !slices.Contains(names, LayoutDir+"/base.html") {
		diags.Add(diag.Pos{File: LayoutDir + "/base.html"}, "layout", "missing layout: base.html defines the page around every kind's \"main\"")
	}
	for _, n := range names {
		if b := path.Base(n); b == "base.html" || strings.HasPrefix(b, "_") {
			parse(common, n)
		}
	}
	t := &Templates{sets: map[string]*template.Template{}, runs: map[string]*htmlexec.Runner{}}
	for _, kind := range pageKinds {
		name := LayoutDir + "/" + kind + ".html"
		if !slices.Contains(names, name) {
			diags.Add(diag.Pos{File: name}, "layout", "missing layout for %s pages", kind)
			continue
		}
		set, err := common.Clone()
		if err != nil {
			diags.Add(diag.Pos{File: name}, "layout", "%v", err)
			continue
		}
		if parse(set, name) {
			t.sets[kind] = set
			t.runs[kind] = htmlexec.New(set, funcs, htmlexec.Options{HTMLTemplateOnly: opts.HTMLTemplateOnly})
		}
	}
	if len(diags) > 0 {
		return nil, diags
	}
	return t, nil
}

// templateDiag places an html/template parse error: its messages read
// "template: NAME:LINE: message".
func templateDiag(file string, err error) diag.Diagnostic {
	msg := err.Error()
	line := 0
	rest, ok := strings.CutPrefix(msg, "template: ")
	if ok {
		if _, after, ok := strings.Cut(rest, ":"); ok {
			var n int
			if _, err := fmt.Sscanf(after, "%d:", &n); err == nil {
				line = n
				if _, m, ok := strings.Cut(after, ": "); ok {
					msg = m
				}
			}
		}
	}
	return diag.Diagnostic{Pos: diag.Pos{File: file, Line: line}, Rule: "layout", Msg: "template: " + msg}
}
