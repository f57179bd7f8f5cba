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
	Loc string `xml:"loc"`
}

// sitemap lists the absolute URLs of the pages the plan gives it (every
// page but the 404 page).
func (r *Renderer) sitemap(pages []string, b *bytes.Buffer) error {
	s := sitemapURLSet{URLs: make([]sitemapURL, len(pages))}
	for i, p := range pages {
		s.URLs[i] = sitemapURL{Loc: r.AbsURL(p)}
	}
	return encodeXML(b, s)
}

// robots allows every crawler everything, and names the sitemap.
func (r *Renderer) robots(b *bytes.Buffer) error {
	_, err := b.WriteString("User-agent: *\nAllow: /\nSitemap: " + r.AbsURL(route.Sitemap) + "\n")
	return err
}
