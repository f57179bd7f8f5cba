// Package route is the plan of a site: every output path and URL, the
// ordered list of the site's files with what each shows, and, for any
// incident, every file that shows or links it. It stands between index and
// render: render executes a planned file and nothing else, the preview
// invalidates what Showing names, and markdown links incident:<id> through
// IncidentURL.
//
// Paths are slash paths relative to the site root. A page's path is its
// folder ("incidents/x/"), its file that folder's index.html; every other
// file is its own path. A site in several languages has one tree a
// language: the site's own language at the root, each other under its code
// ("nl/incidents/x/"). A Page's Path is the same in every language; its
// File's Path, and the links of that language's Routes, carry the prefix
// (see Routes.In). An alias (a redirect page) will be a kind of File.
//
// route imports index and schema; it knows nothing of templates, HTTP or
// files.
package route

import (
	"net/url"
	"strconv"
	"strings"

	"breachline/generator/internal/schema"
)

// Routes makes the site's paths and links, under its base URL.
type Routes struct {
	base   *url.URL // path ends in "/"
	origin string   // base's "scheme://host" when an absolute URL is that and its path (see abs)
	// What AbsRoot and AbsURL may join without escaping: origin is set
	// and the base's path (plainRoot), and the prefix too (plain), are
	// plainPath.
	plainRoot, plain bool
	lang             string // the language of the tree these routes link within
	prefix           string // its folder: "" for the site's own language, else "nl/"
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
	r := &Routes{base: u}
	if u.Opaque == "" && u.User == nil && u.Host != "" && u.RawPath == "" && !u.ForceQuery {
		o := *u
		o.Path = ""
		r.origin = o.String()
	}
	r.plainRoot = r.origin != "" && plainPath(u.Path)
	r.plain = r.plainRoot
	return r, nil
}

// In returns the routes of the tree of lang: the site's own language
// (own) is at the root, any other under its code.
func (r *Routes) In(lang, own string) *Routes {
	c := *r
	c.lang, c.prefix = lang, ""
	if lang != own {
		c.prefix = lang + "/"
	}
	c.plain = c.plainRoot && plainPath(c.prefix)
	return &c
}

// Lang is the language of the tree the routes link within ("" until In).
func (r *Routes) Lang() string { return r.lang }

// Prefix is the folder of the routes' language tree: "" or "nl/".
func (r *Routes) Prefix() string { return r.prefix }

// Base is the site's base URL.
func (r *Routes) Base() *url.URL { return r.base }

// URL turns a site path ("airlines/klm/") into a link from any page.
// The path is in the routes' language tree.
func (r *Routes) URL(p string) string { return r.base.Path + r.prefix + strings.TrimPrefix(p, "/") }

// Root turns a path of the site's root (a stylesheet, the JSON export,
// which every language shares) into a link.
func (r *Routes) Root(p string) string { return r.base.Path + strings.TrimPrefix(p, "/") }

// AbsURL turns a site path into an absolute URL, for feeds and the sitemap.
func (r *Routes) AbsURL(p string) string {
	p = strings.TrimPrefix(p, "/")
	if r.plain && plainPath(p) {
		return r.origin + r.base.Path + r.prefix + p // one string, nothing to escape
	}
	return r.abs(r.base.Path + r.prefix + p)
}

// AbsRoot is Root as an absolute URL.
func (r *Routes) AbsRoot(p string) string {
	p = strings.TrimPrefix(p, "/")
	if r.plainRoot && plainPath(p) {
		return r.origin + r.base.Path + p
	}
	return r.abs(r.base.Path + p)
}

// plainPath says whether a URL's path escapes to itself by bytes that need
// no escaping anywhere in a path: letters, digits, "-", "_", ".", "~"
// and "/" (url.URL escapes fewer; any other byte takes the long way).
func plainPath(p string) bool {
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
			return false
		}
	}
	return true
}

// abs is the absolute URL of a link path: what url.URL's String writes
// for the base URL with that path, which for a base of only a scheme, a
// host and a path is the two joined, with the path escaped. A large site
// asks this a few million times; String builds it anew each time
// (TestAbsSameAsURLString).
func (r *Routes) abs(path string) string {
	if r.origin == "" {
		u := *r.base
		u.Path = path
		return u.String()
	}
	e := (&url.URL{Path: path}).EscapedPath()
	if e != "" && e[0] != '/' {
		return r.origin + "/" + e
	}
	return r.origin + e
}

// IncidentURL is the link to an incident's page by its id: what an
// incident:<id> link in a body becomes.
func (r *Routes) IncidentURL(id string) string { return r.URL(Incident(id)) }

// SitemapMax is the most URLs one sitemap may list (sitemaps.org).
var SitemapMax = 50000 // a var, so that a test can make sitemaps small

// SitemapPart is the path of part n (from 1) of a sitemap too large for
// one file.
func SitemapPart(n int) string { return "sitemaps/" + strconv.Itoa(n) + ".xml" }

// ExportPageSize is the most incidents one page of the export holds:
// api/incidents.json is its first page, api/incidents-2.json its second, …
// At about 2.5 KB an incident (the heavy synthetic corpus), a page is
// about 2.5 MB, whatever the size of the site.
var ExportPageSize = 1000 // a var, so that a test can make pages small

// ExportPage is the path of page n (from 1) of the export.
func ExportPage(n int) string {
	if n <= 1 {
		return Export
	}
	return "api/incidents-" + strconv.Itoa(n) + ".json"
}

// ExportPages is how many pages the export of n incidents has: one even
// when n is 0.
func ExportPages(n int) int {
	size := max(1, ExportPageSize)
	return max(1, (n+size-1)/size)
}

// SearchChunk is how many incidents one file of search/docs/ holds: few,
// so that the results of a rare filter, scattered over the years, fetch
// little.
const SearchChunk = 50

// SearchShards are the files of search/words/: one for the words starting
// with each letter a–z and digit, and "_" for the rest.
var SearchShards = func() []string {
	var out []string
	for c := 'a'; c <= 'z'; c++ {
		out = append(out, string(c))
	}
	for c := '0'; c <= '9'; c++ {
		out = append(out, string(c))
	}
	return append(out, "_")
}()

// SearchShard is the file of search/words/ that holds word w (lower case).
func SearchShard(w string) string {
	if c := w[0]; c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
		return string(c)
	}
	return "_"
}

// SearchDocsPath and SearchWordsPath are the paths of a chunk of the
// search's incidents and of a shard of its words.
func SearchDocsPath(n int) string     { return SearchDocs + strconv.Itoa(n) + ".json" }
func SearchWordsPath(s string) string { return SearchWords + s + ".json" }

// Shared reports whether site path p is a file every language shares (the
// API, the schemas, styles, scripts and icons): at the root, not in a
// language's tree.
func Shared(p string) bool {
	for _, dir := range []string{"api/", "schema/", "css/", "js/"} {
		if strings.HasPrefix(p, dir) && p != dir {
			return true
		}
	}
	return p == "favicon.svg" || p == Sitemap || p == Robots
}

// The paths of the site.

// Incident is the path of an incident's page.
func Incident(id string) string { return "incidents/" + id + "/" }

// IncidentJSON is the path of an incident's JSON export.
func IncidentJSON(id string) string { return "api/incidents/" + id + ".json" }

// VERISYear is the path of the VERIS 1.4 records of a year's incidents:
// one file a year, not one a record, so that a large site is not tens of
// thousands of small files more.
func VERISYear(year int) string { return "api/veris/" + strconv.Itoa(year) + ".json" }

// YearJSON is the path of the export of one year's incidents.
func YearJSON(year int) string { return "api/years/" + strconv.Itoa(year) + ".json" }

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
	Corrections    = "corrections/"
	Search         = "search/"
	NotFound       = "404/" // written as 404.html, which hosts serve for a missing page
	Export         = "api/incidents.json"
	SearchIndex    = "search/index.json"
	SearchDocs     = "search/docs/"
	SearchWords    = "search/words/"
	Sitemap        = "sitemap.xml"
	Robots         = "robots.txt"
	CodeCSS        = "css/chroma.css"
	IncidentSchema = "schema/incident.json" // also where the repository keeps it
	ConfigSchema   = "schema/config.json"
	Vocabularies   = "api/vocabularies.json"
	HIBP           = "api/hibp/breaches.json"

	SchemaAPIExport       = "schema/api/export.json"
	SchemaAPIIncident     = "schema/api/incident.json"
	SchemaAPIVocabularies = "schema/api/vocabularies.json"
	SchemaAPIHIBP         = "schema/api/hibp.json"
	SchemaAPIAlias        = "schema/api/alias.json"
	SchemaAPISearch       = "schema/api/search.json"
	SchemaAPISearchDocs   = "schema/api/search-docs.json"
	SchemaAPISearchWords  = "schema/api/search-words.json"
)

// APISchemas are the JSON Schemas of the API's files, in the order they
// are written.
var APISchemas = []string{SchemaAPIExport, SchemaAPIIncident, SchemaAPIVocabularies, SchemaAPIHIBP, SchemaAPIAlias, SchemaAPISearch, SchemaAPISearchDocs, SchemaAPISearchWords}

// PageSize is how many incidents one page of a timeline lists. A term with
// thousands of incidents gets pages /page/2/, /page/3/, … after its first.
const PageSize = 100

// FeedSize is how many of the newest incidents a feed carries.
const FeedSize = 50
