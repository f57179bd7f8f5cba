package render

// The sitemap and robots.txt: what crawlers are told of the site.

import (
	"bytes"
	"encoding/xml"
	"strings"

	"breachline/generator/internal/route"
)

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string         `xml:"loc"`
	LastMod string         `xml:"lastmod,omitempty"` // an incident's page: the day its entry last changed (git)
	Links   []sitemapXLink `xml:"xhtml:link"`
}

type sitemapIndex struct {
	XMLName  xml.Name         `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapIndexed `xml:"sitemap"`
}

type sitemapIndexed struct {
	Loc string `xml:"loc"`
}

// sitemapIndex is sitemap.xml as the index of its n parts.
func (r *Renderer) sitemapIndex(n int, b *bytes.Buffer) error {
	s := sitemapIndex{Sitemaps: make([]sitemapIndexed, n)}
	for i := range n {
		s.Sitemaps[i] = sitemapIndexed{Loc: r.routes.AbsRoot(route.SitemapPart(i + 1))}
	}
	return encodeXML(b, s)
}

// lastMod is the day the entry of an incident's page last changed, or "".
func (r *Renderer) lastMod(p string) string {
	id, ok := strings.CutPrefix(p, "incidents/")
	if !ok {
		return ""
	}
	if in := r.x.ByID[strings.TrimSuffix(id, "/")]; in != nil && !in.Changed.IsZero() {
		return in.Changed.String()
	}
	return ""
}

// sitemapXLink is an alternate of a page in another language (Google's
// xhtml:link extension of sitemaps).
type sitemapXLink struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemapMultiSet is the urlset of a site in several languages, which
// declares the xhtml namespace its links are in.
type sitemapMultiSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

// sitemap lists the absolute URLs of the pages the plan gives it (every
// page but the 404 page); in a site of several languages, each page in
// each language, with its alternates in all of them and x-default (the
// site's own).
func (r *Renderer) sitemap(pages []string, b *bytes.Buffer) error {
	if len(r.order) < 2 {
		s := sitemapURLSet{URLs: make([]sitemapURL, len(pages))}
		for i, p := range pages {
			s.URLs[i] = sitemapURL{Loc: r.AbsURL(p), LastMod: r.lastMod(p)}
		}
		return encodeXML(b, s)
	}
	s := sitemapMultiSet{XHTML: "http://www.w3.org/1999/xhtml", URLs: make([]sitemapURL, 0, len(pages)*len(r.order))}
	for _, p := range pages {
		links := make([]sitemapXLink, 0, len(r.order)+1)
		for _, lang := range r.order {
			links = append(links, sitemapXLink{Rel: "alternate", HrefLang: lang, Href: r.in(lang).AbsURL(p)})
		}
		links = append(links, sitemapXLink{Rel: "alternate", HrefLang: "x-default", Href: r.AbsURL(p)})
		mod := r.lastMod(p)
		for _, lang := range r.order {
			s.URLs = append(s.URLs, sitemapURL{Loc: r.in(lang).AbsURL(p), LastMod: mod, Links: links})
		}
	}
	return encodeXML(b, s)
}

// robots allows every crawler everything, and names the sitemap.
func (r *Renderer) robots(b *bytes.Buffer) error {
	_, err := b.WriteString("User-agent: *\nAllow: /\nSitemap: " + r.routes.AbsRoot(route.Sitemap) + "\n")
	return err
}
