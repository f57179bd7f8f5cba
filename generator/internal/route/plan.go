package route

import (
	"iter"
	"maps"
	"slices"
	"strconv"

	"breachline/generator/internal/content"
	"breachline/generator/internal/index"
)

// Kind is what a file of the site is, and so how render makes it.
type Kind uint8

const (
	PageFile         Kind = iota // an HTML page from a layout (Page)
	FeedFile                     // the Atom feed of a timeline (Feed)
	ExportFile                   // api/incidents.json, api/incidents-2.json, …: the export, a page of it (Chunk: which, from 1)
	IncidentExport               // api/incidents/<id>.json (Incident)
	SearchFile                   // search/index.json: the facets, and where the rest is
	SearchDocsFile               // search/docs/<n>.json (Chunk)
	SearchWordsFile              // search/words/<c>.json (Shard)
	SitemapFile                  // sitemap.xml, or one part of it (Pages)
	SitemapIndexFile             // sitemap.xml as an index of its parts, sitemaps/1.xml … (Chunk: how many)
	RobotsFile                   // robots.txt
	SchemaFile                   // a JSON Schema (Schema: IncidentSchema or ConfigSchema)
	CodeCSSFile                  // the stylesheet of highlighted code
	AliasPage                    // incidents/<old id>/: a page that leads to the entry's own (Alias)
	AliasJSON                    // api/incidents/<old id>.json: where the entry is now (Alias)
	VocabFile                    // api/vocabularies.json
	YearExport                   // api/years/<year>.json (Year)
	HIBPFile                     // api/hibp/breaches.json
	VERISFile                    // api/veris/<id>.json (Incident)
	APISchemaFile                // schema/api/*.json (Schema: its path)

	Kinds // how many kinds there are: not a kind of file itself
)

// Alias is an old id of an entry, and the entry's id.
type Alias struct{ From, To string }

// File is one file of the site, as planned.
type File struct {
	Path     string // where it is written: in its language's tree
	Lang     string // the language it is in: of its tree (the site's own for the shared files)
	Kind     Kind
	Page     *Page           // PageFile
	Feed     *Feed           // FeedFile
	Incident *index.Incident // IncidentExport
	Schema   string          // SchemaFile: its path, IncidentSchema or ConfigSchema
	Pages    []string        // SitemapFile: the paths of every page but the 404 page, in every language
	Alias    *Alias          // AliasPage, AliasJSON
	Year     int             // YearExport
	Chunk    int             // SearchDocsFile; ExportFile: its page, from 1
	Shard    string          // SearchWordsFile
}

// Page is what a layout shows: a page's kind (its layout), path and the
// part of the index it shows. Render writes its title and description in
// the page's language.
type Page struct {
	Kind        string // the layout: home, incident, term, terms, matrix, decisions, glossary, search, 404
	Path        string // the page's site path, the same in every language (its File's path has the language's folder)
	Lang        string // the language it is in
	Incident    *index.Incident
	Term        *index.Term
	TermKind    string
	Terms       []*index.Term
	Incidents   []*index.Incident // this page's share of a timeline
	All         []*index.Incident // the whole timeline, on every one of its pages
	Pager       *Pager            // nil when the timeline fits on one page
	Matrix      *index.Matrix
	Decisions   []index.Decision   // the decisions page: every action and case
	Text        *content.Page      // a page of the site's own (content/pages)
	Corrections []index.Correction // the corrections page: every correction and withdrawal
	Feed        string             // the site path of this page's feed, if any
}

// Pager links the pages of one timeline.
type Pager struct {
	Number, Count           int
	First, Prev, Next, Last string // site paths; "" where there is none
}

// Feed is an Atom feed: of a timeline's newest FeedSize incidents.
type Feed struct {
	Term      *index.Term // the term whose timeline it is; nil for the whole site's
	Path      string      // the feed's own path, in its language's tree
	Page      string      // the path of the page it is the feed of
	Incidents []*index.Incident
	// Corrections, for the corrections feed: its entries are corrections
	// and withdrawals, not incidents.
	Corrections []index.Correction
}

// Plan is the files of one site, in the order they are best made: the few
// large files first, so that no core is left alone with one at the end.
type Plan struct {
	routes *Routes
	x      *index.Index
	langs  []string // the site's own language first
}

// Plan plans the site of index x, in the site's own language and each of
// its others (config.yaml language and also).
func (r *Routes) Plan(x *index.Index) *Plan {
	langs := x.Config.Langs()
	return &Plan{routes: r.In(langs[0], langs[0]), x: x, langs: langs}
}

// Langs are the site's languages, its own first.
func (p *Plan) Langs() []string { return p.langs }

// RoutesIn are the routes of lang's tree.
func (p *Plan) RoutesIn(lang string) *Routes { return p.routes.In(lang, p.langs[0]) }

// In is the path of site path p's file in lang's tree: "nl/" + p for an
// other language. Every page and feed is in every language.
func (p *Plan) In(lang, path string) string {
	if lang == p.langs[0] {
		return path
	}
	return lang + "/" + path
}

// Routes are the plan's routes.
func (p *Plan) Routes() *Routes { return p.routes }

// Index is the index the plan plans.
func (p *Plan) Index() *index.Index { return p.x }

// Files yields every file of the site, in order: the files every language
// shares, then each language's pages and feeds, the site's own language
// first, and the sitemap of them all last. The files are made as they are
// asked for, not listed up front: a list of every page of a large site is
// itself large.
func (p *Plan) Files() iter.Seq[*File] {
	return func(yield func(*File) bool) {
		own := p.langs[0]
		var pages []string // for the sitemap: the paths of the pages, each in every language
		stop := false
		emit := func(f *File) {
			if !stop {
				stop = !yield(f)
			}
		}
		for n := 1; n <= ExportPages(len(p.x.Incidents)); n++ {
			emit(&File{Path: ExportPage(n), Lang: own, Kind: ExportFile, Chunk: n})
		}
		emit(&File{Path: Vocabularies, Lang: own, Kind: VocabFile})
		emit(&File{Path: HIBP, Lang: own, Kind: HIBPFile})
		for _, t := range p.x.Terms[index.Years] {
			y, _ := strconv.Atoi(t.Key)
			emit(&File{Path: YearJSON(y), Lang: own, Kind: YearExport, Year: y})
			emit(&File{Path: VERISYear(y), Lang: own, Kind: VERISFile, Year: y})
		}
		for i, lang := range p.langs {
			p.langFiles(lang, emit, func(pg string) {
				if i == 0 {
					pages = append(pages, pg)
				}
			})
			if stop {
				return
			}
		}
		emit(&File{Path: CodeCSS, Lang: own, Kind: CodeCSSFile})
		emit(&File{Path: Robots, Lang: own, Kind: RobotsFile})
		emit(&File{Path: IncidentSchema, Lang: own, Kind: SchemaFile, Schema: IncidentSchema})
		emit(&File{Path: ConfigSchema, Lang: own, Kind: SchemaFile, Schema: ConfigSchema})
		for _, sp := range APISchemas {
			emit(&File{Path: sp, Lang: own, Kind: APISchemaFile, Schema: sp})
		}
		// Last: the sitemap lists the pages. Past SitemapMax URLs (each
		// page in every language), an index of sitemaps of at most that
		// many each.
		per := max(1, SitemapMax/len(p.langs))
		if len(pages) <= per {
			emit(&File{Path: Sitemap, Lang: own, Kind: SitemapFile, Pages: pages})
			return
		}
		n := 0
		for from := 0; from < len(pages); from += per {
			n++
			emit(&File{Path: SitemapPart(n), Lang: own, Kind: SitemapFile, Pages: pages[from:min(from+per, len(pages))]})
		}
		emit(&File{Path: Sitemap, Lang: own, Kind: SitemapIndexFile, Chunk: n})
	}
}

// langFiles yields the files of one language's tree: its search index, its
// pages and its feeds; listed is told each page's path but the 404 page's.
func (p *Plan) langFiles(lang string, emit func(*File), listed func(string)) {
	x := p.x
	in := func(path string) string { return p.In(lang, path) }
	page := func(pg *Page) {
		pg.Lang = lang
		if pg.Path != NotFound {
			listed(pg.Path)
		}
		emit(&File{Path: in(FileOf(pg.Path)), Lang: lang, Kind: PageFile, Page: pg})
	}
	feed := func(fd *Feed) {
		fd.Path = in(fd.Path)
		emit(&File{Path: fd.Path, Lang: lang, Kind: FeedFile, Feed: fd})
	}
	emit(&File{Path: in(SearchIndex), Lang: lang, Kind: SearchFile})
	for n := range max(1, (len(x.Incidents)+SearchChunk-1)/SearchChunk) {
		emit(&File{Path: in(SearchDocsPath(n)), Lang: lang, Kind: SearchDocsFile, Chunk: n})
	}
	for _, sh := range SearchShards {
		emit(&File{Path: in(SearchWordsPath(sh)), Lang: lang, Kind: SearchWordsFile, Shard: sh})
	}
	feed(&Feed{Path: FeedOf(Home), Page: Home, Incidents: x.Incidents})
	timeline(page, Page{Kind: "home", Path: Home, Feed: FeedOf(Home)}, x.Incidents)
	for _, inc := range slices.Concat(x.Incidents, x.Withdrawn) {
		own := p.incidentFiles(lang, inc)
		listed(own[0].Page.Path)
		for _, f := range own {
			emit(f)
		}
	}
	for _, old := range slices.Sorted(maps.Keys(x.Aliases)) {
		a := &Alias{From: old, To: x.Aliases[old]}
		emit(&File{Path: in(FileOf(Incident(old))), Lang: lang, Kind: AliasPage, Alias: a})
		if lang == p.langs[0] {
			emit(&File{Path: IncidentJSON(old), Lang: lang, Kind: AliasJSON, Alias: a})
		}
	}
	for _, kind := range index.TermKinds {
		terms := x.Terms[kind]
		page(&Page{Kind: "terms", Path: Terms(kind), TermKind: kind, Terms: terms})
		for _, t := range terms {
			pg := Page{Kind: "term", Path: Term(kind, t.Key), Term: t, TermKind: kind}
			if hasFeed(kind) {
				pg.Feed = FeedOf(pg.Path)
				feed(&Feed{Term: t, Path: pg.Feed, Page: pg.Path, Incidents: t.Incidents})
			}
			timeline(page, pg, t.Incidents)
		}
	}
	page(&Page{Kind: "matrix", Path: Matrix, Matrix: x.Matrix()})
	page(&Page{Kind: "decisions", Path: Decisions, Decisions: x.Decisions})
	page(&Page{Kind: "glossary", Path: Glossary})
	page(&Page{Kind: "corrections", Path: Corrections, Corrections: x.Corrections(), Feed: FeedOf(Corrections)})
	feed(&Feed{Path: FeedOf(Corrections), Page: Corrections, Corrections: x.Corrections()})
	for _, pg := range x.Pages {
		page(&Page{Kind: "page", Path: pg.Slug + "/", Text: pg})
	}
	page(&Page{Kind: "search", Path: Search, All: x.Incidents})
	page(&Page{Kind: "404", Path: NotFound})
}

// hasFeed reports whether the terms of a kind have feeds of their own.
func hasFeed(kind string) bool { return kind == index.Airlines || kind == index.Programmes }

// timeline plans the pages of a timeline, PageSize incidents each.
func timeline(page func(*Page), p Page, all []*index.Incident) {
	p.All = all
	count := max(1, (len(all)+PageSize-1)/PageSize)
	base := p.Path
	for n := 1; n <= count; n++ {
		pg := p
		pg.Path = Numbered(base, n)
		pg.Incidents = all[(n-1)*PageSize : min(n*PageSize, len(all))]
		if count > 1 {
			pager := &Pager{Number: n, Count: count, First: base, Last: Numbered(base, count)}
			if n > 1 {
				pager.Prev = Numbered(base, n-1)
			}
			if n < count {
				pager.Next = Numbered(base, n+1)
			}
			pg.Pager = pager
		}
		page(&pg)
	}
}

// IncidentFiles are an incident's own files, as the plan has them: its
// page in each language and its JSON export.
func (p *Plan) IncidentFiles(in *index.Incident) []*File {
	var out []*File
	for _, lang := range p.langs {
		out = append(out, p.incidentFiles(lang, in)...)
	}
	return out
}

// incidentFiles are the incident's files in lang's tree: its page, and in
// the site's own language its JSON export.
func (p *Plan) incidentFiles(lang string, in *index.Incident) []*File {
	out := []*File{{Path: p.In(lang, FileOf(Incident(in.ID))), Lang: lang, Kind: PageFile, Page: &Page{Kind: "incident", Path: Incident(in.ID), Lang: lang, Incident: in}}}
	if lang == p.langs[0] {
		out = append(out, &File{Path: IncidentJSON(in.ID), Lang: lang, Kind: IncidentExport, Incident: in})
	}
	return out
}
