package site

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"breachline/generator/internal/output"
)

// TestAliasKeepsOldURL renames an entry, as a correction of its id would,
// and lists its old id as an alias: the old page, in every language, leads
// to the new one, the old JSON says where the entry is now, and the export
// maps the old id to the new.
func TestAliasKeepsOldURL(t *testing.T) {
	fsys := fixtureSite(t)
	const old = "content/incidents/2023/2023-01-fixture-takeover.md"
	src := string(fsys[old].Data)
	delete(fsys, old)
	const renamed = "content/incidents/2023/2023-01-fixture-accounts-taken-over.md"
	fsys[renamed] = &fstest.MapFile{Data: []byte(strings.Replace(src, "\n---\n", "\naliases: [2023-01-fixture-takeover]\n---\n", 1))}
	// The entries that name it by its old id must name it anew: check
	// says so, with the new id.
	const other = "content/incidents/2019/2019-12-09-fixture-mixup.md"
	fsys[other] = &fstest.MapFile{Data: []byte(strings.ReplaceAll(string(fsys[other].Data), "2023-01-fixture-takeover", "2023-01-fixture-accounts-taken-over"))}
	mem := buildMemory(t, fsys)

	page, ok := mem.Get("incidents/2023-01-fixture-takeover/index.html")
	if !ok {
		t.Fatal("the old URL has no page")
	}
	for _, want := range []string{
		`<meta http-equiv="refresh" content="0; url=/incidents/2023-01-fixture-accounts-taken-over/">`,
		`<link rel="canonical" href="https://fixture.example/incidents/2023-01-fixture-accounts-taken-over/">`,
		`<a href="/incidents/2023-01-fixture-accounts-taken-over/">Accounts taken over</a>`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the old page lacks %s:\n%s", want, page)
		}
	}
	if _, ok := mem.Get("incidents/2023-01-fixture-accounts-taken-over/index.html"); !ok {
		t.Error("the entry has no page at its new id")
	}
	var moved struct{ ID, Moved_To, URL string }
	b, _ := mem.Get("api/incidents/2023-01-fixture-takeover.json")
	if err := json.Unmarshal(b, &moved); err != nil || moved.Moved_To != "2023-01-fixture-accounts-taken-over" {
		t.Errorf("the old JSON: %s (%v)", b, err)
	}
	var export struct{ Aliases map[string]string }
	b, _ = mem.Get("api/incidents.json")
	if err := json.Unmarshal(b, &export); err != nil || export.Aliases["2023-01-fixture-takeover"] != "2023-01-fixture-accounts-taken-over" {
		t.Errorf("the export's aliases: %v (%v)", export.Aliases, err)
	}
	if sm, _ := mem.Get("sitemap.xml"); strings.Contains(string(sm), "incidents/2023-01-fixture-takeover/") {
		t.Error("the sitemap lists the old URL")
	}
}

// TestWithdrawnEntry withdraws an entry: its page stays and says so, with
// the reason, and it leaves the timelines, the counts and the search index.
func TestWithdrawnEntry(t *testing.T) {
	fsys := fixtureSite(t)
	const entry = "content/incidents/2023/2023-01-fixture-takeover.md"
	src := string(fsys[entry].Data)
	fsys[entry] = &fstest.MapFile{Data: []byte(strings.Replace(src, "\n---\n", "\nwithdrawn:\n  date: 2026-11-30\n  reason: The accounts were another airline's; no loyalty programme was involved.\n---\n", 1))}
	mem := buildMemory(t, fsys)
	page, ok := mem.Get("incidents/2023-01-fixture-takeover/index.html")
	if !ok {
		t.Fatal("the withdrawn entry has no page")
	}
	if !strings.Contains(string(page), "The accounts were another airline") || !strings.Contains(string(page), `class="withdrawn"`) {
		t.Errorf("the withdrawn page does not say so:\n%s", page)
	}
	for _, p := range []string{"index.html", "airlines/klm/index.html", "search/index.json"} {
		if b, _ := mem.Get(p); strings.Contains(string(b), "2023-01-fixture-takeover") {
			t.Errorf("%s still lists the withdrawn entry", p)
		}
	}
	if b, _ := mem.Get("feed.xml"); strings.Contains(string(b), "<id>https://fixture.example/incidents/2023-01-fixture-takeover/</id>") {
		t.Error("the feed still carries the withdrawn entry")
	}
	// The corrections page and feed carry the withdrawal.
	if c, _ := mem.Get("corrections/index.html"); !strings.Contains(string(c), "The accounts were another airline") {
		t.Error("the corrections page does not list the withdrawal")
	}
	if f, _ := mem.Get("corrections/feed.xml"); !strings.Contains(string(f), "<title>Withdrawn: Accounts taken over</title>") {
		t.Errorf("the corrections feed does not carry the withdrawal:\n%s", f)
	}
	b, _ := mem.Get("api/incidents.json")
	var export struct {
		Count     int
		Withdrawn []struct {
			ID        string
			Withdrawn struct{ Reason string }
		}
	}
	if err := json.Unmarshal(b, &export); err != nil || len(export.Withdrawn) != 1 || export.Withdrawn[0].Withdrawn.Reason == "" || export.Count != 1 {
		t.Errorf("the export: count %d, withdrawn %+v (%v)", export.Count, export.Withdrawn, err)
	}
}

// TestOwnPage: a page of the site's own, content/pages/about.md, is a page
// at /about/, linked from every page's footer and listed in the sitemap,
// its incident: links leading to the entry.
func TestOwnPage(t *testing.T) {
	fsys := fixtureSite(t)
	fsys["content/pages/about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: About this site\ndescription: What it is.\n---\nSee [the takeover](incident:2023-01-fixture-takeover).\n")}
	mem := buildMemory(t, fsys)
	page, ok := mem.Get("about/index.html")
	if !ok {
		t.Fatal("no page at /about/")
	}
	for _, want := range []string{`<h1 class="page-title">About this site</h1>`, `<a href="/incidents/2023-01-fixture-takeover/">the takeover</a>`, `<meta name="description" content="What it is.">`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if home, _ := mem.Get("index.html"); !strings.Contains(string(home), `<a href="/about/">About this site</a>`) {
		t.Error("the footer does not link the page")
	}
	if sm, _ := mem.Get("sitemap.xml"); !strings.Contains(string(sm), "https://fixture.example/about/") {
		t.Error("the sitemap does not list the page")
	}
}

// TestPreviewSkipsBroken: a preview build leaves out an entry with a
// problem, says why, and builds the rest; the entries that name it are kept.
func TestPreviewSkipsBroken(t *testing.T) {
	fsys := fixtureSite(t)
	const broken = "content/incidents/2023/2023-01-fixture-takeover.md"
	fsys[broken] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[broken].Data), "status: reported", "status: rumoured", 1))}
	mem := output.NewMemory()
	res, diags, err := Build(context.Background(), fsys, mem, Options{SkipBroken: true})
	if err != nil || len(diags) > 0 {
		t.Fatalf("a preview failed: %v\n%s", err, diagText(diags))
	}
	if len(res.Site.Skipped) != 1 || res.Site.Skipped[0].Pos.File != broken {
		t.Errorf("skipped: %v", res.Site.Skipped)
	}
	if _, ok := mem.Get("incidents/2019-12-09-fixture-mixup/index.html"); !ok {
		t.Error("the entry that names the broken one was left out too")
	}
	if _, ok := mem.Get("incidents/2023-01-fixture-takeover/index.html"); ok {
		t.Error("the broken entry was built")
	}
	// Without SkipBroken the same site fails, as check does.
	if _, diags, _ := Build(context.Background(), fsys, output.NewMemory(), Options{}); len(diags) == 0 {
		t.Error("a build of a broken site passed")
	}
}
