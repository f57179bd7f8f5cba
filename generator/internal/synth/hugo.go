package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// WriteHugo writes the same entries as Write (same n and seed) as a Hugo
// site with the equivalent page set, for the benchmark's comparison:
// incident pages; airline, vector, data-field and source-language term pages
// listing their incidents, 100 a page as Breachline's do; the home timeline;
// Hugo's own feeds for the home page and every term; the sitemap.
func WriteHugo(dir string, n int, seed uint64) error { return WriteHugoShaped(dir, n, seed, Light) }

// WriteHugoShaped is WriteHugo for entries of the given shape: the same
// entries as WriteShaped writes, seed for seed.
func WriteHugoShaped(dir string, n int, seed uint64, shape Shape) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("synth: %s is not empty", dir)
	}
	if err := WriteHugoConfig(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "content/incidents"), 0o755); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for i := range n {
		e := NewEntryShaped(r, i, shape)
		if err := os.WriteFile(filepath.Join(dir, "content/incidents", e.ID+".md"), []byte(e.hugo()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// WriteHugoConfig writes the Hugo site's configuration, layouts and
// stylesheet into dir, over what is there: a corpus on disk outlives the
// configuration it was written with, and the bench must not time Hugo on
// an old one.
//
// The page size is given twice, as each Hugo reads it: paginate for
// Hugo before 0.128, [pagination] pagerSize from 0.128 on, which ignores
// paginate and would otherwise list 10 a page, writing ten times the list
// pages. Each ignores the other's key.
func WriteHugoConfig(dir string) error {
	files := map[string]string{
		"hugo.toml": `baseURL = "https://bench.example/"
title = "Synthetic Breachline (Hugo)"
paginate = 100
disableKinds = ["section"]
[pagination]
pagerSize = 100
[taxonomies]
airline = "airlines"
vector = "vectors"
datafield = "data"
sourcelanguage = "sourcelanguages"
[markup.highlight]
noClasses = false
`,
		"layouts/_default/baseof.html": `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="/css/site.css"></head>
<body><header><a href="/">{{ .Site.Title }}</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
`,
		"layouts/_default/single.html": `{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ range $tax := slice "airlines" "vectors" "data" "sourcelanguages" }}<p>{{ $tax }}: {{ range $.GetTerms $tax }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
{{ .Content }}</article>{{ end }}
`,
		"layouts/_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<ol>{{ range .Paginator.Pages }}<li><time>{{ .Date.Format "2 January 2006" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ range .GetTerms "airlines" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</li>{{ end }}</ol>
{{ template "_internal/pagination.html" . }}{{ end }}
`,
		"layouts/_default/terms.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
`,
		"layouts/index.html": `{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ol>{{ range (.Paginate (where .Site.RegularPages "Type" "incidents")).Pages }}<li><time>{{ .Date.Format "2 January 2006" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>
{{ template "_internal/pagination.html" . }}{{ end }}
`,
		"static/css/site.css": "body{font-family:sans-serif}\n",
	}
	for p, body := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// hugo writes the entry with front matter Hugo understands: a full date
// (Hugo has no partial dates) and the terms as taxonomies.
func (e Entry) hugo() string {
	date := e.Date
	switch len(date) {
	case 4:
		date += "-01-01"
	case 7:
		date += "-01"
	}
	var langs []string
	for _, s := range e.Sources {
		if !strings.Contains(strings.Join(langs, ","), s.Language) {
			langs = append(langs, s.Language)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\ndate: %s\nairlines: [%s]\nvectors: [%s]\ndata: [%s]\nsourcelanguages: [%s]\n---\n",
		e.Title, date, strings.Join(e.Airlines, ", "), e.Vector, strings.Join(e.Exposed, ", "), strings.Join(langs, ", "))
	b.WriteString(e.Body)
	return b.String()
}
