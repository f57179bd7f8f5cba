// Package route is the plan of a site: every output path and URL, the
// ordered list of the site's files with what each shows, and, for any
// incident, every file that shows or links it. It stands between index and
// render: render executes a planned file and nothing else, the preview
// invalidates what Showing names, and markdown links incident:<id> through
// IncidentURL.
//
// Paths are slash paths relative to the site root. A page's path is its
// folder ("incidents/x/"), its file that folder's index.html; every other
// file is its own path. A language prefix (/nl/, /de/) will be a field of
// Routes that Page paths and their files take, and an alias (a redirect
// page) a kind of File: both are one addition here.
//
// route imports index and schema; it knows nothing of templates, HTTP or
// files.
package route

import (
	"net/url"
	"strconv"
	"strings"

	"breachline/generator/internal/index"
	"breachline/generator/internal/schema"
)

// Routes makes the site's paths and links, under its base URL.
type Routes struct {
	base *url.URL // path ends in "/"
}

// New returns the routes of a site published at baseURL, an address
// schema.CheckBaseURL accepts.
func New(baseURL string) (*Routes, error) {
	if err := schema.CheckBaseURL(baseURL); err != nil {
		return nil, err
	}
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment = "", ""
	return &Routes{base: u}, nil
}

// Base is the site's base URL.
func (r *Routes) Base() *url.URL { return r.base }

// URL turns a site path ("airlines/klm/") into a link from any page.
func (r *Routes) URL(p string) string { return r.base.Path + strings.TrimPrefix(p, "/") }

// AbsURL turns a site path into an absolute URL, for feeds and the sitemap.
func (r *Routes) AbsURL(p string) string {
	u := *r.base
	u.Path = r.URL(p)
	return u.String()
}

// IncidentURL is the link to an incident's page by its id: what an
// incident:<id> link in a body becomes.
func (r *Routes) IncidentURL(id string) string { return r.URL(Incident(id)) }

// The paths of the site.

// Incident is the path of an incident's page.
func Incident(id string) string { return "incidents/" + id + "/" }

// IncidentJSON is the path of an incident's JSON export.
func IncidentJSON(id string) string { return "api/incidents/" + id + ".json" }

// Terms is the path of the index page of a kind of term.
func Terms(kind string) string { return kind + "/" }

// Term is the path of a term's page.
func Term(kind, key string) string { return kind + "/" + key + "/" }

// Numbered is the path of page n (from 1) of the timeline at p.
func Numbered(p string, n int) string {
	if n <= 1 {
		return p
	}
	return p + "page/" + strconv.Itoa(n) + "/"
}

// FeedOf is the path of the Atom feed of the timeline at page path p.
func FeedOf(p string) string { return p + "feed.xml" }

// FileOf is the file a page at path p is written to.
func FileOf(p string) string {
	if p == NotFound {
		return "404.html"
	}
	return p + "index.html"
}

// Fixed paths.
const (
	Home           = ""
	Matrix         = "matrix/"
	Decisions      = "decisions/"
	Glossary       = "glossary/"
	Search         = "search/"
	NotFound       = "404/" // written as 404.html, which hosts serve for a missing page
	Export         = "api/incidents.json"
	SearchIndex    = "search/index.json"
	Sitemap        = "sitemap.xml"
	Robots         = "robots.txt"
	CodeCSS        = "css/chroma.css"
	IncidentSchema = "schema/incident.json" // also where the repository keeps it
	ConfigSchema   = "schema/config.json"
)

// PageSize is how many incidents one page of a timeline lists. A term with
// thousands of incidents gets pages /page/2/, /page/3/, … after its first.
const PageSize = 100

// FeedSize is how many of the newest incidents a feed carries.
const FeedSize = 50

// pageOf is the number (from 1) of the page of a timeline that shows its
// i-th incident (from 0).
func pageOf(i int) int { return i/PageSize + 1 }

// homeTitle and the other titles of fixed pages.
const (
	matrixTitle    = "Airlines × data fields"
	decisionsTitle = "Fines and decisions"
	glossaryTitle  = "Glossary: Dutch and German words of the sources"
	searchTitle    = "Search and filter"
	notFoundTitle  = "Page not found"
)

// KindNames are the headings of the term kinds.
var KindNames = map[string]string{
	index.Airlines: "Airlines", index.Programmes: "Programmes", index.Groups: "Airline groups", index.Alliances: "Alliances",
	index.Suppliers: "Suppliers", index.Vectors: "Attack vectors",
	index.Data: "Data fields", index.Languages: "Source languages", index.Years: "Years",
	index.Authorities: "Regulators and courts",
}

// KindSingular names one term of a kind.
var KindSingular = map[string]string{
	index.Airlines: "airline", index.Programmes: "programme", index.Groups: "airline group", index.Alliances: "alliance",
	index.Suppliers: "supplier", index.Vectors: "attack vector",
	index.Data: "data field", index.Languages: "source language", index.Years: "year",
	index.Authorities: "authority",
}
