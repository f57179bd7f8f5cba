package route

import (
	"iter"
	"strconv"

	"breachline/generator/internal/index"
)

// Kind is what a file of the site is, and so how render makes it.
type Kind uint8

const (
	PageFile       Kind = iota // an HTML page from a layout (Page)
	FeedFile                   // the Atom feed of a timeline (Feed)
	ExportFile                 // api/incidents.json: every incident
	IncidentExport             // api/incidents/<id>.json (Incident)
	SearchFile                 // search/index.json
	SitemapFile                // sitemap.xml
	RobotsFile                 // robots.txt
	SchemaFile                 // a JSON Schema (Schema: IncidentSchema or ConfigSchema)
	CodeCSSFile                // the stylesheet of highlighted code
)

// File is one file of the site, as planned.
type File struct {
	Path     string // where it is written
	Kind     Kind
	Page     *Page           // PageFile
	Feed     *Feed           // FeedFile
	Incident *index.Incident // IncidentExport
	Schema   string          // SchemaFile: its path, IncidentSchema or ConfigSchema
	Pages    []string        // SitemapFile: the paths of every page but the 404 page
}

// Page is what a layout shows: a page's kind (its layout), path, titles and
// the part of the index it shows.
type Page struct {
	Kind        string // the layout: home, incident, term, terms, matrix, decisions, glossary, search, 404
	Path        string // the page's site path
	Title       string
	Description string
	Incident    *index.Incident
	Term        *index.Term
	TermKind    string
	Terms       []*index.Term
	Incidents   []*index.Incident // this page's share of a timeline
	All         []*index.Incident // the whole timeline, on every one of its pages
	Pager       *Pager            // nil when the timeline fits on one page
	Matrix      *index.Matrix
	Decisions   []index.Decision // the decisions page: every action and case
	Feed        string           // the site path of this page's feed, if any
}

// Pager links the pages of one timeline.
type Pager struct {
	Number, Count           int
	First, Prev, Next, Last string // site paths; "" where there is none
}

// Feed is an Atom feed: of a timeline's newest FeedSize incidents.
type Feed struct {
	Title     string
	Path      string // the feed's own path
	Page      string // the path of the page it is the feed of
	Incidents []*index.Incident
}

// Plan is the files of one site, in the order they are best made: the few
// large files first, so that no core is left alone with one at the end.
type Plan struct {
	routes *Routes
	x      *index.Index
}

// Plan plans the site of index x.
func (r *Routes) Plan(x *index.Index) *Plan { return &Plan{routes: r, x: x} }

// Routes are the plan's routes.
func (p *Plan) Routes() *Routes { return p.routes }

// Index is the index the plan plans.
func (p *Plan) Index() *index.Index { return p.x }

// Files yields every file of the site, in order. The files are made as
// they are asked for, not listed up front: a list of every page of a large
// site is itself large.
func (p *Plan) Files() iter.Seq[*File] {
	return func(yield func(*File) bool) {
		x := p.x
		var pages []string // for the sitemap
		stop := false
		emit := func(f *File) {
			if !stop {
				stop = !yield(f)
			}
		}
		page := func(pg *Page) {
			if pg.Path != NotFound {
				pages = append(pages, pg.Path)
			}
			emit(&File{Path: FileOf(pg.Path), Kind: PageFile, Page: pg})
		}
		emit(&File{Path: Export, Kind: ExportFile})
		emit(&File{Path: SearchIndex, Kind: SearchFile})
		emit(&File{Path: FeedOf(Home), Kind: FeedFile, Feed: &Feed{Title: x.Config.Title, Path: FeedOf(Home), Page: Home, Incidents: x.Incidents}})
		timeline(page, Page{Kind: "home", Path: Home, Title: x.Config.Title, Description: x.Config.Description, Feed: FeedOf(Home)}, x.Incidents)
		for _, in := range x.Incidents {
			own := p.IncidentFiles(in)
			pages = append(pages, own[0].Page.Path)
			emit(own[0])
			emit(own[1])
		}
		for _, kind := range index.TermKinds {
			terms := x.Terms[kind]
			page(&Page{Kind: "terms", Path: Terms(kind), Title: KindNames[kind], TermKind: kind, Terms: terms})
			for _, t := range terms {
				pg := Page{Kind: "term", Path: Term(kind, t.Key), Title: t.Name, Term: t, TermKind: kind}
				if hasFeed(kind) {
					pg.Feed = FeedOf(pg.Path)
					emit(&File{Path: pg.Feed, Kind: FeedFile, Feed: &Feed{Title: t.Name + " — " + x.Config.Title, Path: pg.Feed, Page: pg.Path, Incidents: t.Incidents}})
				}
				timeline(page, pg, t.Incidents)
			}
		}
		page(&Page{Kind: "matrix", Path: Matrix, Title: matrixTitle, Matrix: x.Matrix()})
		page(&Page{Kind: "decisions", Path: Decisions, Title: decisionsTitle, Decisions: x.Decisions})
		page(&Page{Kind: "glossary", Path: Glossary, Title: glossaryTitle})
		page(&Page{Kind: "search", Path: Search, Title: searchTitle, All: x.Incidents})
		page(&Page{Kind: "404", Path: NotFound, Title: notFoundTitle})
		emit(&File{Path: CodeCSS, Kind: CodeCSSFile})
		emit(&File{Path: Robots, Kind: RobotsFile})
		emit(&File{Path: IncidentSchema, Kind: SchemaFile, Schema: IncidentSchema})
		emit(&File{Path: ConfigSchema, Kind: SchemaFile, Schema: ConfigSchema})
		emit(&File{Path: Sitemap, Kind: SitemapFile, Pages: pages}) // last: it lists the pages
	}
}

// hasFeed reports whether the terms of a kind have feeds of their own.
func hasFeed(kind string) bool { return kind == index.Airlines }

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
				pg.Title = pageTitle(p.Title, n, count)
			}
			if n < count {
				pager.Next = Numbered(base, n+1)
			}
			pg.Pager = pager
		}
		page(&pg)
	}
}

func pageTitle(title string, n, count int) string {
	return title + ", page " + strconv.Itoa(n) + " of " + strconv.Itoa(count)
}

// IncidentFiles are an incident's own files, as the plan has them: its
// page and its JSON export.
func (p *Plan) IncidentFiles(in *index.Incident) []*File {
	return []*File{
		{Path: FileOf(Incident(in.ID)), Kind: PageFile, Page: &Page{Kind: "incident", Path: Incident(in.ID), Title: in.Title, Incident: in}},
		{Path: IncidentJSON(in.ID), Kind: IncidentExport, Incident: in},
	}
}
