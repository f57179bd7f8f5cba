package render

// The sitemap and robots.txt: what crawlers are told of the site.

import (
	"bytes"
	"encoding/xml"

	"breachline/generator/internal/route"
)

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc   string         `xml:"loc"`
	Links []sitemapXLink `xml:"xhtml:link"`
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
			s.URLs[i] = sitemapURL{Loc: r.AbsURL(p)}
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
		for _, lang := range r.order {
			s.URLs = append(s.URLs, sitemapURL{Loc: r.in(lang).AbsURL(p), Links: links})
		}
	}
	return encodeXML(b, s)
}

// robots allows every crawler everything, and names the sitemap.
func (r *Renderer) robots(b *bytes.Buffer) error {
	_, err := b.WriteString("User-agent: *\nAllow: /\nSitemap: " + r.routes.AbsRoot(route.Sitemap) + "\n")
	return err
}
