// Package render makes the files the route stage plans: HTML pages from the
// html/template layouts in layouts/ (templates.go, with the functions they
// call in funcs.go), Atom feeds (feed.go), the JSON exports, search index
// and schemas (json.go), sitemap.xml and robots.txt (sitemap.go) and the SVG
// timeline's geometry (timeline.go). Render makes every file of a plan on
// all cores and hands each to an output.Sink; File makes one, for the
// preview. Where a file goes, and what it shows, is the plan's: render
// decides no path.
//
// render imports route, htmlexec, output and reference and what they stand
// on (index, markdown, config, content); it knows nothing of HTTP or file
// events, and reads layouts only through an fs.FS.
package render

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"runtime"
	"sync"

	"breachline/generator/internal/blob"
	"breachline/generator/internal/config"
	"breachline/generator/internal/content"
	"breachline/generator/internal/htmlexec"
	"breachline/generator/internal/i18n"
	"breachline/generator/internal/index"
	"breachline/generator/internal/markdown"
	"breachline/generator/internal/output"
	"breachline/generator/internal/route"
)

// Renderer makes the files of one planned site.
type Renderer struct {
	x      *index.Index
	routes *route.Routes
	t      *Templates
	md     *markdown.Markdown
	bodies map[*index.Incident]*body
	per    []incidentFrags             // by Incident.Pos: what is rendered once per incident
	frags  sync.Map                    // fragKey → *body: partials rendered once
	dates  sync.Map                    // date.Date → *body: the "date" partial, rendered once per date
	blobs  *blob.Store                 // bodies stored while loading
	tlinks map[string]map[string]*body // kind → key → the term's link, rendered up front

	verisVectors sync.Map // vector key → []verisCat: its VERIS lines, read once

	// The renderer of one language's tree: the site's own language's
	// renders the shared files and hands each other language's files to
	// its sibling (langs), which shares the index, bodies and blobs and
	// keeps fragments of its own.
	lang  string
	own   string // the site's own language
	table *i18n.Table
	langs map[string]*Renderer
	order []string // the site's languages, its own first

	words bodyWords   // the own language's renderer's: the words every language shares
	sidx  searchIndex // this language's words
}

// in is the renderer of lang's pages (r itself for its own).
func (r *Renderer) in(lang string) *Renderer {
	if lang == r.lang || r.langs == nil {
		return r
	}
	if s := r.langs[lang]; s != nil {
		return s
	}
	return r
}

// incidentFrags are an incident's fragments that other pages repeat: its
// list item (plain, and through a programme) and its link. One table
// indexed by position rather than maps of small objects: a large site's
// collector walks them on every cycle.
type incidentFrags struct {
	item, via, link body
}

// fragsOf is the incident's fragments, nil for one not in the index.
func (r *Renderer) fragsOf(in *index.Incident) *incidentFrags {
	if in.Pos < 0 || in.Pos >= len(r.per) || r.x.Incidents[in.Pos] != in {
		return nil
	}
	return &r.per[in.Pos]
}

// fragKey names one rendering of a partial.
type fragKey struct{ name, key string }

// body is an incident's rendered Markdown, rendered once however many
// pages and feeds show it (a goldmark tree must not be rendered twice at once).
type body struct {
	once sync.Once
	html template.HTML
	err  error
}

// New prepares a renderer of the files plan plans. blobs holds the bodies
// and Markdown a build stored while loading.
func New(plan *route.Plan, t *Templates, md *markdown.Markdown, blobs *blob.Store) *Renderer {
	x := plan.Index()
	if blobs == nil {
		blobs = blob.Memory()
	}
	bodies := map[*index.Incident]*body{}
	for _, in := range x.Incidents {
		if in.Doc != nil && in.Doc.Root != nil { // not rendered while loading (the preview)
			bodies[in] = &body{}
		}
	}
	langs := plan.Langs()
	all := make(map[string]*Renderer, len(langs))
	for _, lang := range langs {
		all[lang] = newIn(plan, lang, t, md, blobs, bodies)
	}
	for _, lang := range langs {
		all[lang].langs = all
	}
	return all[langs[0]]
}

// newIn is the renderer of one language's tree.
func newIn(plan *route.Plan, lang string, t *Templates, md *markdown.Markdown, blobs *blob.Store, bodies map[*index.Incident]*body) *Renderer {
	x := plan.Index()
	langs := plan.Langs()
	r := &Renderer{x: x, routes: plan.RoutesIn(lang), t: t, md: md, blobs: blobs, bodies: bodies,
		lang: lang, own: langs[0], order: langs, table: t.Table(lang)}
	r.per = make([]incidentFrags, len(x.Incidents))
	// Every term's link is rendered now, once: pages ask for them tens of
	// thousands of times, and a read-only map needs no lock.
	r.tlinks = make(map[string]map[string]*body, len(x.Terms))
	for kind, terms := range x.Terms {
		m := make(map[string]*body, len(terms))
		for _, t := range terms {
			f := &body{}
			var b bytes.Buffer
			if f.err = r.t.exec(r.lang, "home", &b, "term-link", Link{Name: r.termName(kind, t.Key), URL: r.URL(route.Term(kind, t.Key))}); f.err == nil {
				f.html = template.HTML(b.String())
			}
			m[t.Key] = f
		}
		r.tlinks[kind] = m
	}
	return r
}

// Page is what a layout gets.
type Page struct {
	Site        *index.Index
	Config      *config.Config
	Kind        string
	Path        string      // the page's site path, the same in every language
	Lang        string      // the page's language
	Alternates  []Alternate // the page in each of the site's languages, its own included
	Title       string
	Description string
	Incident    *index.Incident
	Term        *index.Term
	TermKind    string
	Terms       []*index.Term
	Incidents   []*index.Incident // this page's share of a timeline
	All         []*index.Incident // the whole timeline, on every one of its pages
	Pager       *route.Pager      // nil when the timeline fits on one page
	Matrix      *index.Matrix
	Decisions   []index.Decision
	Text        *content.Page // a page of the site's own
	Corrections []index.Correction
	Feed        string // the site path of this page's feed, if any

	// out is the buffer the page renders into: html/template writes to it
	// as it goes, so a function may add to it where its call stands.
	out *bytes.Buffer
}

// Alternate is a page in one of the site's languages.
type Alternate struct {
	Lang, Name string // the language's code and its name in itself
	Locale     string // its OpenGraph locale (its table's og-locale), such as nl_NL
	URL        string
	Current    bool // the page's own language
}

// Stats describes a render.
type Stats struct {
	Pages, Files int
	Bytes        int64
	Templates    htmlexec.Stats // how the layouts ran
}

// buffers are reused from page to page: most pages are a few kilobytes, and
// growing a fresh buffer for each cost a tenth of a large build.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// kindBuffers are the buffers of Render's files, one pool a kind of file:
// files of a kind are alike in size, so a year of the export (megabytes at
// 50,000 entries) gets a buffer a year before grew, not a page's, which it
// would grow again (from one shared pool, ~160 MB of growing at 50,000
// entries, a sixth of what the render allocates).
var kindBuffers [route.Kinds]sync.Pool

// keptBuffer is the largest buffer Render keeps for its next file: the few
// huge files (the HIBP list, tens of megabytes at 50,000 entries) are not
// kept; the years of the export, ~4 MB at 50,000 entries, are.
const keptBuffer = 16 << 20

// bufferFor is a buffer for a file of kind k, empty.
func bufferFor(k route.Kind) *bytes.Buffer {
	if int(k) < len(kindBuffers) {
		if b, ok := kindBuffers[k].Get().(*bytes.Buffer); ok {
			b.Reset()
			return b
		}
	}
	return new(bytes.Buffer)
}

// keepBuffer gives b back for the next file of kind k.
func keepBuffer(k route.Kind, b *bytes.Buffer) {
	if int(k) < len(kindBuffers) && b.Cap() <= keptBuffer {
		kindBuffers[k].Put(b)
	}
}

// Render writes every file plan plans to sink, on all cores.
//
// An incident's own JSON file is written by the job of its year's file
// (YearExport), from the JSON that file has of it and its Markdown, rather
// than encoding the incident once more on its own (apiOneFrom): the file is
// the same, and the export costs two encodings of each incident, not three.
func (r *Renderer) Render(ctx context.Context, plan *route.Plan, sink output.Sink) (Stats, error) {
	var st Stats
	var mu sync.Mutex
	var firstErr error
	fail := func(path string, err error) {
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("%s: %w", path, err)
		}
	}
	byYear := r.byYearFile()
	work := make(chan *route.File, 64) // a queue: workers rarely wait for the next file
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for f := range work {
				buf := bufferFor(f.Kind)
				var err error
				files, extra := 1, 0
				if f.Kind == route.YearExport {
					own := r.in(f.Lang)
					err = own.apiYearEach(f.Year, buf, func(in *index.Incident, enc []byte) error {
						if !r.inYearFile(byYear, in) {
							return nil
						}
						n, err := own.writeOne(in, enc, sink)
						files, extra = files+1, extra+n
						return err
					})
				} else {
					err = r.File(f, buf)
				}
				if err == nil {
					err = sink.Write(f.Path, buf.Bytes())
				}
				if err == nil && f.Kind == route.SearchWordsFile {
					r.in(f.Lang).searchWritten()
				}
				n := buf.Len()
				keepBuffer(f.Kind, buf)
				mu.Lock()
				fail(f.Path, err)
				st.Files += files
				st.Bytes += int64(n + extra)
				if f.Kind == route.PageFile {
					st.Pages++
				}
				mu.Unlock()
			}
		})
	}
	for f := range plan.Files() {
		if ctx.Err() != nil {
			break
		}
		if f.Kind == route.IncidentExport && r.inYearFile(byYear, f.Incident) {
			continue // written with its year's file
		}
		work <- f
	}
	close(work)
	wg.Wait()
	st.Templates = r.t.Stats()
	if err := ctx.Err(); err != nil {
		return st, err
	}
	return st, firstErr
}

// byYearFile marks, by position, the incidents that a year's file lists:
// their own files are written with it.
func (r *Renderer) byYearFile() []bool {
	marked := make([]bool, len(r.x.Incidents))
	for _, t := range r.x.Terms[index.Years] {
		for _, in := range t.Incidents {
			if r.listed(in) {
				marked[in.Pos] = true
			}
		}
	}
	return marked
}

// listed says whether in is one of the index's incidents (not withdrawn).
func (r *Renderer) listed(in *index.Incident) bool {
	return in.Pos >= 0 && in.Pos < len(r.x.Incidents) && r.x.Incidents[in.Pos] == in
}

// inYearFile says whether in's own file is written with its year's file.
func (r *Renderer) inYearFile(byYear []bool, in *index.Incident) bool {
	return r.listed(in) && byYear[in.Pos]
}

// writeOne writes an incident's own JSON file from enc (apiOneFrom) and
// says how many bytes it wrote.
func (r *Renderer) writeOne(in *index.Incident, enc []byte, sink output.Sink) (int, error) {
	b := bufferFor(route.IncidentExport)
	defer keepBuffer(route.IncidentExport, b)
	p := route.IncidentJSON(in.ID)
	if err := r.apiOneFrom(in, enc, b); err != nil {
		return 0, fmt.Errorf("%s: %w", p, err)
	}
	if err := sink.Write(p, b.Bytes()); err != nil {
		return 0, fmt.Errorf("%s: %w", p, err)
	}
	return b.Len(), nil
}

// File makes one planned file into b. Files made at once must not share a
// buffer.
func (r *Renderer) File(f *route.File, b *bytes.Buffer) error {
	if f.Lang != r.lang {
		if s := r.in(f.Lang); s != r {
			return s.File(f, b)
		}
	}
	switch f.Kind {
	case route.PageFile:
		return r.page(f.Page, b)
	case route.FeedFile:
		return r.feed(f.Feed, b)
	case route.ExportFile:
		return r.apiAll(f.Chunk, b)
	case route.IncidentExport:
		return r.apiOne(f.Incident, b)
	case route.SearchFile:
		return r.searchMeta(b)
	case route.SearchDocsFile:
		return r.searchDocs(f.Chunk, b)
	case route.SearchWordsFile:
		return r.searchWords(f.Shard, b)
	case route.SitemapFile:
		return r.sitemap(f.Pages, b)
	case route.SitemapIndexFile:
		return r.sitemapIndex(f.Chunk, b)
	case route.RobotsFile:
		return r.robots(b)
	case route.SchemaFile:
		return r.schema(b, f.Schema == route.IncidentSchema)
	case route.CodeCSSFile:
		return markdown.WriteCodeCSS(b)
	case route.AliasPage:
		return r.aliasPage(f.Alias, b)
	case route.AliasJSON:
		return r.aliasJSON(f.Alias, b)
	case route.VocabFile:
		return r.vocabularies(b)
	case route.YearExport:
		return r.apiYear(f.Year, b)
	case route.HIBPFile:
		return r.hibp(b)
	case route.VERISFile:
		return r.verisYear(f.Year, b)
	case route.APISchemaFile:
		return r.apiSchema(f.Schema, b)
	}
	return fmt.Errorf("render: no way to make a file of kind %d", f.Kind)
}

// page executes a page's layout.
func (r *Renderer) page(pg *route.Page, b *bytes.Buffer) error {
	p := Page{
		Site: r.x, Config: r.x.Config, Kind: pg.Kind, Path: pg.Path, Lang: r.lang, Title: r.pageTitle(pg),
		Incident: pg.Incident, Term: pg.Term, TermKind: pg.TermKind, Terms: pg.Terms, Incidents: pg.Incidents, All: pg.All,
		Pager: pg.Pager, Matrix: pg.Matrix, Decisions: pg.Decisions, Text: pg.Text, Corrections: pg.Corrections, Feed: pg.Feed, out: b,
	}
	if len(r.order) > 1 {
		p.Alternates = r.alternates(pg.Path)
	}
	switch p.Kind {
	case "incident":
		var err error
		if p.Description, err = r.summary(p.Incident); err != nil {
			return err
		}
	case "home":
		p.Description = r.x.Config.DescriptionIn(r.lang)
	case "page":
		_, p.Description, _ = pg.Text.TextIn(r.lang)
	}
	return r.t.exec(r.lang, p.Kind, b, "base.html", &p)
}

// AliasPage is what the page at an entry's old id shows.
type AliasPage struct {
	Lang, Site, Title, URL, AbsURL string
}

// aliasPage is the page at an entry's old id, from the partial
// "alias-page": it sends the reader on to the entry's page.
func (r *Renderer) aliasPage(a *route.Alias, b *bytes.Buffer) error {
	in := r.x.ByID[a.To]
	if in == nil {
		return fmt.Errorf("alias %s: no entry %s", a.From, a.To)
	}
	p := route.Incident(a.To)
	return r.t.exec(r.lang, "home", b, "alias-page", AliasPage{Lang: r.lang, Site: r.x.Config.Title, Title: r.incidentTitle(in), URL: r.URL(p), AbsURL: r.AbsURL(p)})
}

// alternates are the page at site path p in each of the site's languages;
// for the 404 page, which has no address of its own, each language's home.
func (r *Renderer) alternates(p string) []Alternate {
	if p == route.NotFound {
		p = route.Home
	}
	out := make([]Alternate, len(r.order))
	for i, lang := range r.order {
		name := lang
		if l := r.x.Config.Lang(lang); l != nil && l.NativeName != "" {
			name = l.NativeName
		}
		out[i] = Alternate{Lang: lang, Name: name, Locale: r.in(lang).table.T("og-locale"), URL: r.in(lang).AbsURL(p), Current: lang == r.lang}
	}
	return out
}

// pageTitle is a page's title in the renderer's language: an incident's
// or a term's name, or the table's title of the page's kind, with the
// number of a timeline's page after its first.
func (r *Renderer) pageTitle(pg *route.Page) string {
	var title string
	switch pg.Kind {
	case "home":
		title = r.x.Config.Title
	case "incident":
		title = r.incidentTitle(pg.Incident)
	case "term":
		title = r.termName(pg.TermKind, pg.Term.Key)
	case "terms":
		title = r.table.T("kind-" + pg.TermKind)
	case "page":
		title, _, _ = pg.Text.TextIn(r.lang)
	default:
		title = r.table.T("title-" + pg.Kind)
	}
	if pg.Pager != nil && pg.Pager.Number > 1 {
		title = i18n.Fill(r.table.T("page-title"), "title", title, "n", i18n.Number(r.lang, int64(pg.Pager.Number)), "count", i18n.Number(r.lang, int64(pg.Pager.Count)))
	}
	return title
}
