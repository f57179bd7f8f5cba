package render

import (
	"encoding/xml"
	"slices"
	"testing"

	"breachline/generator/internal/route"
)

// The sitemap lists every planned page but the 404 page, once each, by
// absolute URL; robots.txt names it.
func TestSitemap(t *testing.T) {
	s := fixture(t, nil)
	var set struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(s.file(t, route.Sitemap), &set); err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, u := range set.URLs {
		got = append(got, u.Loc)
	}
	for f := range s.plan.Files() {
		if f.Kind == route.PageFile && f.Page.Path != route.NotFound {
			want = append(want, "https://fixture.example/"+f.Page.Path)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if len(want) < 20 || !slices.Equal(got, want) {
		t.Errorf("sitemap:\n got %q\nwant %q", got, want)
	}
	if got, want := string(s.file(t, route.Robots)), "User-agent: *\nAllow: /\nSitemap: https://fixture.example/sitemap.xml\n"; got != want {
		t.Errorf("robots.txt %q, want %q", got, want)
	}
}

// A sitemap too large for one file is an index of its parts, each a
// urlset with the pages' lastmod where git gave one.
func TestSitemapIndexRendered(t *testing.T) {
	defer func(n int) { route.SitemapMax = n }(route.SitemapMax)
	route.SitemapMax = 10
	s := fixture(t, nil)
	var idx struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(s.file(t, route.Sitemap), &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.Sitemaps) < 2 || idx.Sitemaps[0].Loc != "https://fixture.example/sitemaps/1.xml" {
		t.Fatalf("index: %+v", idx.Sitemaps)
	}
	var part struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(s.file(t, route.SitemapPart(1)), &part); err != nil || len(part.URLs) == 0 || len(part.URLs) > 10 {
		t.Errorf("part 1: %d URLs (%v)", len(part.URLs), err)
	}
}
