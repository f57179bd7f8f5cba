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
	"breachline/generator/internal/i18n"
)

// LayoutDir is where templates live, relative to the site root.
const LayoutDir = "layouts"

// Page kinds: each has a template layouts/<kind>.html that defines "main"
// (and may define "title"), executed inside layouts/base.html. Files whose
// names start with an underscore are partials, available to every page.
var pageKinds = []string{"home", "incident", "term", "terms", "matrix", "decisions", "glossary", "search", "page", "corrections", "404"}

// I18nDir holds the string tables of the layouts, one a language
// (en.txt, nl.txt, de.txt: see package i18n).
const I18nDir = LayoutDir + "/i18n"

// Templates holds the parsed layouts: in each of the site's languages, one
// template set per page kind, with the functions of that language's
// renderer and its string table.
type Templates struct {
	langs map[string]*langTemplates
}

type langTemplates struct {
	runs  map[string]*htmlexec.Runner // by page kind
	table *i18n.Table
}

// exec executes the template name of the page kind's set in lang.
func (t *Templates) exec(lang, kind string, w *bytes.Buffer, name string, data any) error {
	return t.langs[lang].runs[kind].Execute(w, name, data)
}

// Table is the string table of lang.
func (t *Templates) Table(lang string) *i18n.Table { return t.langs[lang].table }

// Stats is how the layouts have run so far, over every language and page kind.
func (t *Templates) Stats() htmlexec.Stats {
	var st htmlexec.Stats
	for _, l := range t.langs {
		for _, r := range l.runs {
			st = st.Add(r.Stats())
		}
	}
	return st
}

// FuncsFor gives the template functions of lang's pages, given the site's
// own language and lang's string table.
type FuncsFor func(lang, own string, table *i18n.Table) htmlexec.FuncMap

// TemplateOptions change how layouts run.
type TemplateOptions struct {
	// HTMLTemplateOnly runs them in html/template alone, not compiled by
	// htmlexec: for tests that compare the two.
	HTMLTemplateOnly bool
	// Langs are the languages to load the layouts in, the site's own first
	// (config.yaml language and also); none means English alone.
	Langs []string
}

// LoadTemplates parses layouts/ once in each language, and the string
// tables of layouts/i18n/. Problems are diagnostics with the layout or table
// file and, where known, its line: a table that lacks a key of the site's
// own language's table, or has one it lacks, is one.
func LoadTemplates(fsys fs.FS, funcs FuncsFor, opts TemplateOptions) (*Templates, diag.List) {
	langs := opts.Langs
	if len(langs) == 0 {
		langs = []string{"en"}
	}
	t := &Templates{langs: map[string]*langTemplates{}}
	var diags diag.List
	for _, lang := range langs {
		name := I18nDir + "/" + lang + ".txt"
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			diags.Add(diag.Pos{File: name}, "i18n", "no string table for %s: the layouts' words in that language go in %s (see the README)", lang, name)
			continue
		}
		table, tdiags := i18n.Parse(lang, name, src)
		diags = append(diags, tdiags...)
		if own := t.langs[langs[0]]; own != nil {
			diags = append(diags, table.Check(own.table)...)
		}
		t.langs[lang] = &langTemplates{table: table, runs: map[string]*htmlexec.Runner{}}
	}
	if len(diags) > 0 {
		return nil, diags
	}
	for _, lang := range langs {
		if diags = t.langs[lang].load(fsys, funcs(lang, langs[0], t.langs[lang].table), opts); len(diags) > 0 {
			return nil, diags
		}
	}
	return t, nil
}

// load parses the layouts with one language's functions.
func (t *langTemplates) load(fsys fs.FS, funcs htmlexec.FuncMap, opts TemplateOptions) diag.List {
	var diags diag.List
	names, err := fs.Glob(fsys, LayoutDir+"/*.html")
	if err != nil || len(names) == 0 {
		diags.Add(diag.Pos{File: LayoutDir}, "layout", "no layouts found: %s/ needs base.html and one file per page kind (%s)", LayoutDir, strings.Join(pageKinds, ", "))
		return diags
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
			t.runs[kind] = htmlexec.New(set, funcs, htmlexec.Options{HTMLTemplateOnly: opts.HTMLTemplateOnly})
		}
	}
	return diags
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
