package route

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"breachline/generator/internal/config"
	"breachline/generator/internal/content"
	"breachline/generator/internal/date"
	"breachline/generator/internal/index"
)

func testSite(t *testing.T, n int) *index.Index {
	t.Helper()
	cfg, diags := config.Parse([]byte(`title: T
base_url: https://x.example/sub/
language: en
languages: {en: {name: English}}
airlines:
  klm: {name: KLM, programme: flying-blue}
  air-france: {name: Air France, programme: flying-blue}
programmes:
  flying-blue: {name: Flying Blue, airlines: [klm, air-france]}
vectors:
  v: {name: V, description: d, veris: [x]}
data:
  name: {name: Name, description: d, veris: Personal}
`))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	var incs []*content.Incident
	for i := range n {
		d, err := date.Parse(fmt.Sprintf("20%02d-01", 10+i%15))
		if err != nil {
			t.Fatal(err)
		}
		incs = append(incs, &content.Incident{ID: fmt.Sprintf("20%02d-01-x%d", 10+i%15, i), Date: date.When{Date: d}, Airlines: []string{[]string{"klm", "air-france"}[i%2]},
			Vector: "v", Sources: []content.Source{{Language: "en"}}, Data: content.Data{Exposed: []string{"name"}}})
	}
	return index.Build(cfg, incs, nil)
}

// TestPaths: links and files of every kind come from one place, under
// the base URL's path.
func TestPaths(t *testing.T) {
	r, err := New("https://x.example/sub")
	if err != nil {
		t.Fatal(err)
	}
	for got, want := range map[string]string{
		r.URL(Incident("2019-x")):           "/sub/incidents/2019-x/",
		r.AbsURL(Term("airlines", "klm")):   "https://x.example/sub/airlines/klm/",
		r.IncidentURL("2019-x"):             "/sub/incidents/2019-x/",
		FileOf(Numbered(Term("a", "b"), 3)): "a/b/page/3/index.html",
		FileOf(Numbered(Home, 1)):           "index.html",
		FileOf(NotFound):                    "404.html",
		FeedOf(Term("airlines", "klm")):     "airlines/klm/feed.xml",
		IncidentJSON("2019-x"):              "api/incidents/2019-x.json",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	for _, bad := range []string{"https://x.example//evil.example/", "ftp://x.example/", "https://x.example/?q"} {
		if _, err := New(bad); err == nil {
			t.Errorf("New(%q) accepted", bad)
		}
	}
}

// TestPlan: every file once, pages of a hundred, the sitemap last and
// listing every page but the 404.
func TestPlan(t *testing.T) {
	r, _ := New("https://x.example/")
	x := testSite(t, 250)
	plan := r.Plan(x)
	seen := map[string]bool{}
	var last *File
	pages := 0
	for f := range plan.Files() {
		if seen[f.Path] {
			t.Errorf("%s planned twice", f.Path)
		}
		seen[f.Path] = true
		if f.Kind == PageFile {
			pages++
		}
		last = f
	}
	for _, p := range []string{"index.html", "page/2/index.html", "page/3/index.html", "airlines/klm/page/2/index.html", "airlines/klm/feed.xml", "incidents/2010-01-x0/index.html", "404.html", "sitemap.xml"} {
		if !seen[p] {
			t.Errorf("%s is not planned", p)
		}
	}
	if seen["page/4/index.html"] || seen["airlines/klm/page/3/index.html"] {
		t.Error("a page of nothing is planned")
	}
	if last.Kind != SitemapFile || len(last.Pages) != pages-1 || slices.Contains(last.Pages, NotFound) {
		t.Errorf("the sitemap is not last or lists %d of %d pages", len(last.Pages), pages)
	}
}

// TestShowing: an incident is shown on its pages, every page of its
// timelines, its feeds while it is among the newest, and its neighbours'
// and relations' pages; not on the timelines of other airlines.
func TestShowing(t *testing.T) {
	r, _ := New("https://x.example/")
	x := testSite(t, 250)
	plan := r.Plan(x)
	newest, oldest := x.Incidents[0], x.Incidents[len(x.Incidents)-1]
	got := plan.Showing(newest)
	klm := newest.Airlines[0] == "klm"
	own, other := "klm", "air-france"
	if !klm {
		own, other = other, own
	}
	for _, p := range []string{"incidents/" + newest.ID + "/index.html", "api/incidents/" + newest.ID + ".json", "index.html", "page/3/index.html",
		"feed.xml", "airlines/" + own + "/index.html", "airlines/" + own + "/feed.xml", "matrix/index.html", "airlines/index.html"} {
		if !slices.Contains(got, p) {
			t.Errorf("%s does not show the newest incident", p)
		}
	}
	if slices.Contains(got, "airlines/"+other+"/feed.xml") {
		t.Error("another airline's feed shows it")
	}
	for _, n := range newest.Neighbours {
		if n.Prev != nil && !slices.Contains(got, "incidents/"+n.Prev.ID+"/index.html") {
			t.Errorf("its older neighbour's page does not show it")
		}
	}
	// A feed carries the entries added last, whatever their dates: the
	// oldest incident may be among them.
	if !slices.Contains(plan.Showing(oldest), "feed.xml") {
		t.Error("the oldest incident's entry may be in the feed of the 50 added last; Showing leaves the feed out")
	}
	for _, p := range got {
		if strings.HasPrefix(p, "/") {
			t.Errorf("%s is not a site path", p)
		}
	}
}

// TestSitemapIndex: past SitemapMax URLs the sitemap is an index of parts
// of at most that many, which together list every page once.
func TestSitemapIndex(t *testing.T) {
	defer func(n int) { SitemapMax = n }(SitemapMax)
	SitemapMax = 40
	x := testSite(t, 120)
	r, err := New("https://x.example/sub/")
	if err != nil {
		t.Fatal(err)
	}
	var parts, indexes int
	listed := map[string]bool{}
	for f := range r.Plan(x).Files() {
		switch f.Kind {
		case SitemapFile:
			parts++
			if !strings.HasPrefix(f.Path, "sitemaps/") || len(f.Pages) > SitemapMax || len(f.Pages) == 0 {
				t.Errorf("%s: %d pages", f.Path, len(f.Pages))
			}
			for _, p := range f.Pages {
				if listed[p] {
					t.Errorf("%s is listed twice", p)
				}
				listed[p] = true
			}
		case SitemapIndexFile:
			indexes++
			if f.Path != Sitemap {
				t.Errorf("the index is at %s", f.Path)
			}
		case PageFile:
			if f.Page.Path != NotFound && !listed[f.Page.Path] {
				defer func(p string) {
					if !listed[p] {
						t.Errorf("%s is in no sitemap", p)
					}
				}(f.Page.Path)
			}
		}
	}
	if indexes != 1 || parts < 3 {
		t.Errorf("%d indexes, %d parts", indexes, parts)
	}
}

// TestExportPagesPlanned: past ExportPageSize incidents the export is
// planned as pages, each with its number, and an incident shows on every
// one of them (each counts them all, and one more moves the rest along).
func TestExportPagesPlanned(t *testing.T) {
	defer func(n int) { ExportPageSize = n }(ExportPageSize)
	ExportPageSize = 100
	x := testSite(t, 250)
	r, _ := New("https://x.example/")
	plan := r.Plan(x)
	var got []string
	for f := range plan.Files() {
		if f.Kind == ExportFile {
			got = append(got, fmt.Sprintf("%s:%d", f.Path, f.Chunk))
		}
	}
	if want := "api/incidents.json:1 api/incidents-2.json:2 api/incidents-3.json:3"; strings.Join(got, " ") != want {
		t.Errorf("the export's pages: %v, want %s", got, want)
	}
	showing := plan.Showing(x.Incidents[len(x.Incidents)-1])
	for _, p := range []string{"api/incidents.json", "api/incidents-2.json", "api/incidents-3.json"} {
		if !slices.Contains(showing, p) {
			t.Errorf("Showing leaves out %s", p)
		}
	}
	if ExportPages(0) != 1 || ExportPages(100) != 1 || ExportPages(101) != 2 || ExportPage(1) != Export {
		t.Errorf("ExportPages(0, 100, 101) = %d, %d, %d; ExportPage(1) = %s", ExportPages(0), ExportPages(100), ExportPages(101), ExportPage(1))
	}
}

// TestAbsSameAsURLString holds abs to what url.URL's String writes for the
// base URL with the link's path, for bases with and without a path and
// paths that need escaping or none.
func TestAbsSameAsURLString(t *testing.T) {
	paths := []string{"//", "a//b", "-_.~/", "A-Z/", "", "/", "incidents/x/", "/incidents/x/", "a b/", "é/ü/", "100%/", "a?b#c/", "*", "a:b/", "~_.-!$&'()+,;=@/",
		"sitemaps/1.xml", "nl/airlines/klm/", "%2F", "\x7f/", "日本/"}
	for _, base := range []string{"https://x.example/", "https://x.example", "https://x.example/sub/", "http://127.0.0.1:1313/",
		"https://x.example/a%20b/", "https://x.example/a%2Fb/", "https://x.example/sub?q=1#f"} {
		r, err := New(base)
		if err != nil {
			continue // not a base URL the site accepts
		}
		for _, lang := range []string{"en", "nl"} {
			rl := r.In(lang, "en")
			for _, p := range paths {
				for _, link := range []string{rl.URL(p), rl.Root(p)} {
					u := *rl.base
					u.Path = link
					if got, want := rl.abs(link), u.String(); got != want {
						t.Errorf("base %q, path %q: abs = %q, url.URL says %q", base, link, got, want)
					}
				}
				for _, c := range []struct{ got, link string }{{rl.AbsURL(p), rl.URL(p)}, {rl.AbsRoot(p), rl.Root(p)}} {
					u := *rl.base
					u.Path = c.link
					if want := u.String(); c.got != want {
						t.Errorf("base %q, lang %s, path %q: AbsURL or AbsRoot = %q, url.URL says %q", base, lang, p, c.got, want)
					}
				}
			}
		}
	}
	r, err := New("https://x.example/sub/")
	if err != nil || r.origin != "https://x.example" {
		t.Fatalf("New: origin %q, err %v: the fast path is not taken", r.origin, err)
	}
}
