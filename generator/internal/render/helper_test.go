package render

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"

	"breachline/generator/internal/config"
	"breachline/generator/internal/content"
	"breachline/generator/internal/index"
	"breachline/generator/internal/markdown"
	"breachline/generator/internal/route"
)

// fixtureDir is the site package's valid fixture: its config.yaml and
// entries are the render tests' site, with the repository's layouts.
const fixtureDir = "../site/testdata/valid"

// repoRoot holds layouts/.
const repoRoot = "../../.."

type site struct {
	r    *Renderer
	plan *route.Plan
	x    *index.Index
}

// fixture loads the fixture's entries and extra (path → source), indexes,
// plans and prepares a renderer with the real layouts, as a build does but
// without the site package's checks.
func fixture(t *testing.T, extra map[string]string) *site {
	t.Helper()
	src, err := os.ReadFile(path.Join(fixtureDir, config.File))
	if err != nil {
		t.Fatal(err)
	}
	cfg, diags := config.Parse(src)
	if len(diags) > 0 {
		t.Fatalf("config: %v", diags)
	}
	routes, err := route.New(string(cfg.BaseURL))
	if err != nil {
		t.Fatal(err)
	}
	entries := map[string]string{}
	err = fs.WalkDir(os.DirFS(fixtureDir), "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(path.Join(fixtureDir, p))
		entries[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for p, s := range extra {
		entries[p] = s
	}
	md := markdown.New(routes.IncidentURL)
	var incs []*content.Incident
	var docs []*markdown.Doc
	for p, s := range entries {
		inc, diags := content.Parse(p, []byte(s))
		if len(diags) > 0 {
			t.Fatalf("%s: %v", p, diags)
		}
		inc.Summary = markdown.Summary(inc.Body)
		incs = append(incs, inc)
		docs = append(docs, md.Parse(inc.Body))
	}
	x := index.Build(cfg, incs, docs)
	plan := routes.Plan(x)
	var r *Renderer
	tmpl, diags := LoadTemplates(os.DirFS(repoRoot), Funcs(&r), TemplateOptions{})
	if len(diags) > 0 {
		t.Fatalf("layouts: %v", diags)
	}
	r = New(plan, tmpl, md, nil)
	return &site{r: r, plan: plan, x: x}
}

// file makes the planned file at p.
func (s *site) file(t *testing.T, p string) []byte {
	t.Helper()
	for f := range s.plan.Files() {
		if f.Path == p {
			var b bytes.Buffer
			if err := s.r.File(f, &b); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			return b.Bytes()
		}
	}
	t.Fatalf("the plan has no %s", p)
	return nil
}

// hostile is an entry whose title and body carry markup and characters
// every format must escape.
const hostile = `---
title: "Miles <script>alert(1)</script> & \"more\" ]]>"
date: 2024-03-05
airlines: [klm]
vector: account-takeover
status: reported
sources:
  - publisher: Example <b>News</b>
    title: A & B
    url: https://news.example/x?a=1&b=2
    language: en
---
A body with <em>raw HTML</em>, a [link](https://news.example/y) & an ampersand ]]>.
`

const hostilePath = "content/incidents/2024/2024-03-05-hostile.md"
