package site

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"breachline/generator/internal/output"
	"breachline/generator/internal/route"
)

// TestAPIFilesValidate builds the real site and validates every file of
// its API against the JSON Schema the site publishes for it
// (schema/api/*.json, made from the Go types that write the files), and
// every VERIS record against VERIS 1.4's own schema; and then the export
// again in pages of 10 incidents (api/incidents.json, -2.json, …).
func TestAPIFilesValidate(t *testing.T) {
	mem := realSite(t)
	c := jsonschema.NewCompiler()
	load := func(id string, b []byte) {
		t.Helper()
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if err := c.AddResource(id, v); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
	}
	for _, p := range route.APISchemas {
		b, ok := mem.Get(p)
		if !ok {
			t.Fatalf("%s was not written", p)
		}
		load("https://breachline.example/"+p, b)
	}
	verisSchema, err := os.ReadFile(filepath.Join("testdata", "veris", "verisc-merged.json"))
	if err != nil {
		t.Fatal(err)
	}
	load("veris.json", verisSchema)
	compile := func(id string) *jsonschema.Schema {
		t.Helper()
		s, err := c.Compile(id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		return s
	}
	veris := compile("veris.json")
	schemaOf := []struct {
		re     *regexp.Regexp
		schema *jsonschema.Schema
	}{
		{regexp.MustCompile(`^api/(incidents(-\d+)?|years/\d{4})\.json$`), compile("https://breachline.example/" + route.SchemaAPIExport)},
		{regexp.MustCompile(`^api/vocabularies\.json$`), compile("https://breachline.example/" + route.SchemaAPIVocabularies)},
		{regexp.MustCompile(`^api/hibp/breaches\.json$`), compile("https://breachline.example/" + route.SchemaAPIHIBP)},
		{regexp.MustCompile(`^api/veris/\d{4}\.json$`), nil}, // each element against VERIS's schema, below
		{regexp.MustCompile(`^((nl|de)/)?search/index\.json$`), compile("https://breachline.example/" + route.SchemaAPISearch)},
		{regexp.MustCompile(`^((nl|de)/)?search/docs/\d+\.json$`), compile("https://breachline.example/" + route.SchemaAPISearchDocs)},
		{regexp.MustCompile(`^((nl|de)/)?search/words/[a-z0-9_]\.json$`), compile("https://breachline.example/" + route.SchemaAPISearchWords)},
		{regexp.MustCompile(`^api/incidents/[^/]+\.json$`), compile("https://breachline.example/" + route.SchemaAPIIncident)},
	}
	counts := map[string]int{}
	for _, p := range mem.Paths() {
		if !strings.HasSuffix(p, ".json") || strings.HasPrefix(p, "schema/") {
			continue
		}
		var sch *jsonschema.Schema
		matched := false
		for _, s := range schemaOf {
			if s.re.MatchString(p) {
				sch, matched = s.schema, true
				counts[s.re.String()]++
				break
			}
		}
		if !matched {
			t.Errorf("%s: no schema describes it", p)
			continue
		}
		if sch == nil {
			continue // checked below
		}
		b, _ := mem.Get(p)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	// Every VERIS record, one file a year, against VERIS 1.4's own schema.
	records := 0
	for _, p := range mem.Paths() {
		if !regexp.MustCompile(`^api/veris/\d{4}\.json$`).MatchString(p) {
			continue
		}
		b, _ := mem.Get(p)
		var recs []json.RawMessage
		if err := json.Unmarshal(b, &recs); err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		for i, rec := range recs {
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(rec))
			if err == nil {
				err = veris.Validate(v)
			}
			if err != nil {
				t.Errorf("%s[%d]: %v", p, i, err)
			}
			records++
		}
	}
	if records < 37 {
		t.Errorf("%d VERIS records, want one per incident", records)
	}
	for _, s := range schemaOf {
		if counts[s.re.String()] == 0 {
			t.Errorf("no file matched %s", s.re)
		}
	}
	// The HIBP list has every incident; the 2023 Flying Blue one with its classes.
	var hibp []map[string]any
	b, _ := mem.Get(route.HIBP)
	if err := json.Unmarshal(b, &hibp); err != nil || len(hibp) < 30 {
		t.Fatalf("the HIBP list: %d breaches (%v)", len(hibp), err)
	}
	// The export in pages, as a site of more than route.ExportPageSize
	// incidents has it: every page against the same schema.
	defer func(n int) { route.ExportPageSize = n }(route.ExportPageSize)
	route.ExportPageSize = 10
	paged := output.NewMemory()
	if _, diags, err := Build(context.Background(), os.DirFS(filepath.Join("..", "..", "..")), paged, Options{}); err != nil || len(diags) > 0 {
		t.Fatalf("build: %v\n%s", err, diagText(diags))
	}
	export := compile("https://breachline.example/" + route.SchemaAPIExport)
	pages := 0
	for _, p := range paged.Paths() {
		if !exportPath.MatchString(p) {
			continue
		}
		pages++
		b, _ := paged.Get(p)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err == nil {
			err = export.Validate(v)
		}
		if err != nil {
			t.Errorf("%s, in pages of 10: %v", p, err)
		}
	}
	var whole struct{ Count int }
	b, _ = mem.Get(route.Export)
	if err := json.Unmarshal(b, &whole); err != nil || whole.Count < 37 || pages != (whole.Count+9)/10 {
		t.Errorf("the export of %d incidents in %d pages of 10 (%v)", whole.Count, pages, err)
	}
	t.Logf("validated %v, and the export in %d pages of 10", counts, pages)
}

// pagedEntry is a valid entry of the fixture site dated d, with extra
// front matter.
func pagedEntry(d, title, extra string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(`---
title: "` + title + `"
date: ` + d + `
airlines: [klm]
programme: flying-blue
vector: account-takeover
status: confirmed
sources:
  - {publisher: Example News, title: A headline, language: en}
` + extra + `---
A body.
`)}
}

// exportPath matches every page of the export.
var exportPath = regexp.MustCompile(`^api/incidents(-[0-9]+)?\.json$`)

// TestExportPages builds a site of 7 incidents, a withdrawn entry and an
// old id, with pages of 3 incidents: api/incidents.json, -2.json and
// -3.json hold every incident once, in the order of the export in one
// file; each says which page it is of how many and links the pages beside
// it, which exist; count is the total on each; the withdrawn entries and
// the old ids are on the first page only; every page validates against
// the export's schema; nothing else of the site changes; and the preview
// serves every page as the build writes it.
func TestExportPages(t *testing.T) {
	fsys := fixtureSite(t)
	for p, f := range map[string]*fstest.MapFile{
		"content/incidents/2020/2020-05-01-first.md":  pagedEntry("2020-05-01", "First of the day", ""),
		"content/incidents/2020/2020-05-01-second.md": pagedEntry("2020-05-01", "Second of the day", ""),
		"content/incidents/2021/2021-02-month.md":     pagedEntry("2021-02", "A month", "aliases: [2021-02-old-name]\n"),
		"content/incidents/2022/2022-year.md":         pagedEntry("2022", "A year", ""),
		"content/incidents/2024/2024-03-05-latest.md": pagedEntry("2024-03-05", "The latest", ""),
		"content/incidents/2022/2022-06-withdrawn.md": pagedEntry("2022-06", "Withdrawn", "withdrawn:\n  date: 2026-11-30\n  reason: It was not a breach.\n"),
	} {
		fsys[p] = f
	}
	type page struct {
		Count, Page, Pages int
		Prev, Next         string
		Incidents          []struct{ ID string }
		Withdrawn          []struct{ ID string }
		Aliases            map[string]string
	}
	read := func(mem interface{ Get(string) ([]byte, bool) }, p string) (page, []byte) {
		t.Helper()
		b, ok := mem.Get(p)
		if !ok {
			t.Fatalf("%s was not written", p)
		}
		var pg page
		if err := json.Unmarshal(b, &pg); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		return pg, b
	}

	whole := buildMemory(t, fsys)
	one, _ := read(whole, route.Export)
	if one.Count != 7 || len(one.Incidents) != 7 || one.Page != 1 || one.Pages != 1 || one.Next != "" || one.Prev != "" {
		t.Fatalf("the export in one file: count %d, %d incidents, page %d of %d, prev %q, next %q", one.Count, len(one.Incidents), one.Page, one.Pages, one.Prev, one.Next)
	}

	defer func(n int) { route.ExportPageSize = n }(route.ExportPageSize)
	route.ExportPageSize = 3
	mem := buildMemory(t, fsys)
	export := exportSchema(t, mem)

	var pages []string
	for _, p := range mem.Paths() {
		if exportPath.MatchString(p) {
			pages = append(pages, p)
		}
	}
	if want := []string{"api/incidents-2.json", "api/incidents-3.json", "api/incidents.json"}; strings.Join(pages, " ") != strings.Join(want, " ") {
		t.Fatalf("the export's files: %v, want %v", pages, want)
	}
	// Follow the links from the first page, as a reader would.
	var ids []string
	seen := map[string]bool{}
	p, prev := route.Export, ""
	for n := 1; p != ""; n++ {
		if seen[p] || n > 3 {
			t.Fatalf("page %d is %s again, or one too many", n, p)
		}
		seen[p] = true
		pg, b := read(mem, p)
		if pg.Page != n || pg.Pages != 3 || pg.Count != 7 {
			t.Errorf("%s: page %d of %d, count %d; want page %d of 3, count 7", p, pg.Page, pg.Pages, pg.Count, n)
		}
		if want := []int{3, 3, 1}[n-1]; len(pg.Incidents) != want {
			t.Errorf("%s: %d incidents, want %d", p, len(pg.Incidents), want)
		}
		if pg.Prev != prev {
			t.Errorf("%s: prev %q, want %q", p, pg.Prev, prev)
		}
		for _, in := range pg.Incidents {
			ids = append(ids, in.ID)
		}
		if n == 1 {
			if len(pg.Withdrawn) != 1 || pg.Withdrawn[0].ID != "2022-06-withdrawn" || pg.Aliases["2021-02-old-name"] != "2021-02-month" {
				t.Errorf("%s: withdrawn %v, aliases %v", p, pg.Withdrawn, pg.Aliases)
			}
		} else {
			var top map[string]json.RawMessage
			json.Unmarshal(b, &top)
			if _, ok := top["withdrawn"]; ok {
				t.Errorf("%s carries the withdrawn entries, which are on the first page only", p)
			}
			if _, ok := top["aliases"]; ok {
				t.Errorf("%s carries the aliases, which are on the first page only", p)
			}
		}
		if v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b)); err != nil {
			t.Errorf("%s: %v", p, err)
		} else if err := export.Validate(v); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		// The links are absolute URLs of files the build wrote.
		next := ""
		if pg.Next != "" {
			var ok bool
			if next, ok = strings.CutPrefix(pg.Next, "https://fixture.example/"); !ok {
				t.Fatalf("%s: next %q is not a URL of the site", p, pg.Next)
			}
			if _, ok := mem.Get(next); !ok {
				t.Errorf("%s: next %q leads to no file", p, pg.Next)
			}
		} else if n != 3 {
			t.Errorf("%s, page %d of 3, has no next", p, n)
		}
		prev, p = "https://fixture.example/"+p, next
	}
	var want []string
	for _, in := range one.Incidents {
		want = append(want, in.ID)
	}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("the pages' incidents, in order:\n %v\nthe export in one file:\n %v", ids, want)
	}
	// Paging changes nothing but the export.
	if a, b := whole.Paths(), mem.Paths(); len(b) != len(a)+2 {
		t.Errorf("%d files in pages of 3, %d in one: want two more", len(b), len(a))
	}
	for _, p := range whole.Paths() {
		if exportPath.MatchString(p) {
			continue
		}
		a, _ := whole.Get(p)
		if b, _ := mem.Get(p); !bytes.Equal(a, b) {
			t.Errorf("%s differs when the export is paged", p)
		}
	}
	// The preview serves each page as the build writes it.
	l := NewLive(fsys, Options{})
	liveUpdate(t, l, "full")
	for _, p := range pages {
		w, _ := mem.Get(p)
		if g, ok := l.Get(p); !ok || !bytes.Equal(g, w) {
			t.Errorf("the preview serves %s differently (found: %v)", p, ok)
		}
	}
}

// exportSchema is the compiled schema of the export, as the site mem
// publishes it.
func exportSchema(t *testing.T, mem interface{ Get(string) ([]byte, bool) }) *jsonschema.Schema {
	t.Helper()
	b, ok := mem.Get(route.SchemaAPIExport)
	if !ok {
		t.Fatalf("%s was not written", route.SchemaAPIExport)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	id := "https://fixture.example/" + route.SchemaAPIExport
	if err := c.AddResource(id, v); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
