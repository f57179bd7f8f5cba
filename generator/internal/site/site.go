// Package site is the one pipeline of check, build and serve. Load reads
// config.yaml, finds and parses every entry (in parallel), parses the bodies
// and validates everything, collecting all diagnostics: that is check. Build
// goes on through index, route and render into an output.Dir; Live keeps the
// same stages in memory for the preview and, on each change, re-plans only
// what the index and the route stage say the change touches.
//
// site imports render and validate and what they stand on; it reads through
// an fs.FS and imports no net/http, no fsnotify and no os/exec (git's history
// and file events come from the command).
package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"breachline/generator/internal/blob"
	"breachline/generator/internal/config"
	"breachline/generator/internal/content"
	"breachline/generator/internal/diag"
	"breachline/generator/internal/markdown"
	"breachline/generator/internal/route"
	"breachline/generator/internal/schema"
	"breachline/generator/internal/validate"
)

// Site is a loaded, validated site.
type Site struct {
	Config    *config.Config
	Incidents []*content.Incident // sorted by path
	Docs      []*markdown.Doc     // Docs[i] is the body of Incidents[i]
	Files     int                 // entry files read
	Routes    *route.Routes       // where its files are published
	Pages     []*content.Page     // the site's own pages (content/pages)
	Skipped   diag.List           // the problems of the entries a preview build left out

	md *markdown.Markdown // renders bodies with the site's links
}

// Sources counts the sources of all incidents.
func (s *Site) Sources() int {
	n := 0
	for _, inc := range s.Incidents {
		n += len(inc.Sources)
	}
	return n
}

// ErrNoConfig is the error of a folder without config.yaml: not a site, or
// not its root. Commands stop on it; there is nothing to show.
var ErrNoConfig = errors.New("no " + config.File + " here: run from the site's root folder or pass --root")

// Load reads and checks the site in fsys: what check does. Content
// problems are returned as sorted diagnostics, with whatever could be
// loaded; an error means the site could not be read at all. No syntax tree
// or body outlives its entry's check (only what validates the site as a
// whole stays), so check needs no more memory than build.
func Load(ctx context.Context, fsys fs.FS) (*Site, diag.List, error) {
	return load(ctx, fsys, loading{})
}

// LoadCounted is Load that tells entries how many entries the site has
// once they are listed, before any is read (the check command sizes the
// heap by it).
func LoadCounted(ctx context.Context, fsys fs.FS, entries func(n int)) (*Site, diag.List, error) {
	return load(ctx, fsys, loading{entries: entries})
}

// LoadChanged is Load for the entries among changed (slash paths relative to
// the site root, deleted ones included) and the entries that may refer to
// them; the other entries count only by their ids, which come from file
// names. It is for fast feedback on a branch of a large site. A change to
// config.yaml can affect any entry, so then everything is checked.
func LoadChanged(ctx context.Context, fsys fs.FS, changed []string) (*Site, diag.List, error) {
	if changed == nil {
		changed = []string{}
	}
	return load(ctx, fsys, loading{changed: changed})
}

// loading is how load loads: what check, build and serve each need of the
// one stage they share.
type loading struct {
	// render renders each valid body into blobs as soon as it is checked,
	// with its Markdown and summary, so no syntax tree outlives its
	// entry's worker; the entry keeps only their blob.Refs (build, serve).
	render bool
	blobs  *blob.Store
	// keep keeps each entry's body and syntax tree (serve, which renders
	// on demand and updates entries one by one).
	keep    bool
	baseURL string      // overrides config.yaml's base_url when set
	entries func(n int) // told the number of entries once they are listed
	changed []string    // not nil: LoadChanged
	// skipBroken leaves out, rather than stops at, the entries with
	// problems (and those that then refer to one left out): a preview of a
	// pull request that does not pass check yet. Their problems come back
	// in Site.Skipped.
	skipBroken bool
}

// load is the first stage of every command: config.yaml, then every entry
// read, parsed and checked on all cores, then the rules across entries.
func load(ctx context.Context, fsys fs.FS, how loading) (*Site, diag.List, error) {
	if isSymlink(fsys, config.File) {
		return nil, nil, fmt.Errorf("%s is a symbolic link; put the file itself here", config.File)
	}
	src, err := fs.ReadFile(fsys, config.File)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, ErrNoConfig
	}
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", config.File, err)
	}
	cfg, diags := config.Parse(src)
	baseURL := string(cfg.BaseURL)
	if how.baseURL != "" {
		baseURL = how.baseURL
	}
	routes, baseErr := route.New(baseURL)

	paths, found, err := findEntries(fsys)
	if err != nil {
		return nil, nil, err
	}
	diags = append(diags, found...)
	var others []*content.Incident // entries known only by id
	if how.changed != nil && !slices.Contains(how.changed, config.File) {
		keep, err := affected(ctx, fsys, paths, how.changed)
		if err != nil {
			return nil, nil, err
		}
		var sel []string
		for i, p := range paths {
			if keep[i] {
				sel = append(sel, p)
			} else {
				others = append(others, &content.Incident{ID: content.IDOf(p), Path: p})
			}
		}
		paths = sel
	}
	if how.entries != nil {
		how.entries(len(paths))
	}
	if baseErr != nil && len(diags) == 0 {
		// A base URL from the command line; config.yaml's is checked as
		// it is decoded.
		return nil, nil, baseErr
	}
	if routes == nil {
		routes, _ = route.New("http://localhost/") // only to check entries: config.yaml has its diagnostic
	}

	s := &Site{Config: cfg, Files: len(paths), Routes: routes, md: markdown.New(routes.IncidentURL)}
	incs := make([]*content.Incident, len(paths))
	docs := make([]*markdown.Doc, len(paths))
	perEntry := make([]diag.List, len(paths))
	parse := markdown.New(nil)
	mdIn := translators(cfg, routes)
	err = readEach(ctx, fsys, paths, nil, func(i int, b []byte) (bool, error) {
		e := entryLoad{cfg: cfg, parse: parse, p: paths[i]}
		if how.render {
			e.finish, e.blobs, e.in = s.md, how.blobs, mdIn
		}
		inc, doc, d, err := e.load(b)
		if inc != nil && len(d) == 0 {
			switch {
			case how.render:
				// Checked; a build has no further use for them.
				schema.RecycleRefs(inc.Refs)
				inc.Refs = nil
			case !how.keep:
				// check: only what the rules across entries read stays.
				schema.RecycleRefs(inc.Refs)
				inc.Refs, inc.Body = nil, nil
				doc.Root, doc.Source = nil, nil
			}
		}
		docs[i] = doc
		incs[i], perEntry[i] = inc, d
		// The file's bytes can be read over once no part of them is kept:
		// the texts decoded are copies (both YAML readers copy), and a
		// valid entry's body went to the blob store (a build) or was
		// dropped (check).
		reuse := err == nil && inc != nil && len(d) == 0 && inc.Body == nil && doc.Source == nil && doc.Root == nil
		return reuse, err
	})
	if err != nil {
		return nil, nil, err
	}
	for i, inc := range incs {
		if how.skipBroken && len(perEntry[i]) > 0 {
			// Left out, but known by id: the others may still name it.
			s.Skipped = append(s.Skipped, perEntry[i]...)
			others = append(others, &content.Incident{ID: content.IDOf(paths[i]), Path: paths[i]})
			continue
		}
		diags = append(diags, perEntry[i]...)
		if inc != nil {
			s.Incidents = append(s.Incidents, inc)
			s.Docs = append(s.Docs, docs[i])
		}
	}
	across := validate.All(append(slices.Clip(s.Incidents), others...), s.Docs)
	for how.skipBroken && len(across) > 0 {
		// Leave out the entries these problems are in, and look again:
		// another may have named one of them.
		bad := map[string]bool{}
		for _, d := range across {
			bad[d.Pos.File] = true
		}
		s.Skipped = append(s.Skipped, across...)
		keep := 0
		for i, inc := range s.Incidents {
			if !bad[inc.Path] {
				s.Incidents[keep], s.Docs[keep] = inc, s.Docs[i]
				keep++
			}
		}
		if keep == len(s.Incidents) {
			break // problems of no entry (none of these is left out)
		}
		s.Incidents, s.Docs = s.Incidents[:keep], s.Docs[:keep]
		across = validate.All(append(slices.Clip(s.Incidents), others...), s.Docs)
	}
	if how.skipBroken {
		// What is left are the config's own problems and the like: a
		// preview still stops at them.
		entry := func(d diag.Diagnostic) bool { return strings.HasPrefix(d.Pos.File, content.Dir+"/") }
		for _, d := range slices.Concat(across, diags) {
			if entry(d) {
				s.Skipped = append(s.Skipped, d)
			}
		}
		across, diags = slices.DeleteFunc(across, entry), slices.DeleteFunc(diags, entry)
		s.Skipped.Sort()
		s.Skipped = slices.CompactFunc(s.Skipped, func(a, b diag.Diagnostic) bool { return a == b })
	}
	diags = append(diags, across...)
	diags = append(diags, deleted(fsys, how.changed, s.Incidents)...)
	pages, pdiags, err := loadPages(fsys, cfg, how, routes, append(slices.Clip(s.Incidents), others...))
	if err != nil {
		return nil, nil, err
	}
	s.Pages = pages
	diags = append(diags, pdiags...)
	diags.Sort()
	return s, diags, nil
}

// deleted reports each entry file among changed that is gone, unless an
// entry lists its id among its aliases: a published entry keeps its URL, so
// a rename records the old id, and an entry taken down stays, withdrawn.
// Only a check of what a branch changed (check --changed) knows what was
// deleted.
func deleted(fsys fs.FS, changed []string, incs []*content.Incident) diag.List {
	var diags diag.List
	for _, p := range changed {
		if !strings.HasPrefix(p, content.Dir+"/") || !strings.HasSuffix(p, ".md") || !isYearDir(path.Dir(p)) {
			continue
		}
		if _, err := fs.Stat(fsys, p); !errors.Is(err, fs.ErrNotExist) {
			continue
		}
		id := content.IDOf(p)
		if slices.ContainsFunc(incs, func(inc *content.Incident) bool {
			return slices.ContainsFunc(inc.Aliases, func(a content.Ref) bool { return a.ID == id })
		}) {
			continue
		}
		diags.Add(diag.Pos{File: p}, "deleted-entry", "this entry is deleted, and its URL with it; a published entry keeps its id: if it was renamed, list the old id in the new file (aliases: [%s]); to take it down, keep the file and set withdrawn: {date: …, reason: …}", id)
	}
	return diags
}

// loadPages reads, checks and (when the load renders) renders the site's
// own pages, content/pages/<slug>.md: their bodies are held to an entry's
// rules, their incident: links must name an entry, and their translations
// a language of the site.
func loadPages(fsys fs.FS, cfg *config.Config, how loading, routes *route.Routes, incs []*content.Incident) ([]*content.Page, diag.List, error) {
	// A page's links to the site's paths stay in its language's tree, but
	// for the files every language shares.
	renderer := func(lang string) *markdown.Markdown {
		r := routes.In(lang, cfg.Language)
		return markdown.NewPages(r.IncidentURL, func(p string) string {
			if route.Shared(p) {
				return r.Root(p)
			}
			return r.URL(p)
		})
	}
	md := renderer(cfg.Language)
	in := map[string]*markdown.Markdown{}
	for _, lang := range cfg.Also {
		in[lang] = renderer(lang)
	}
	names, err := fs.Glob(fsys, content.PagesDir+"/*")
	if err != nil || len(names) == 0 {
		return nil, nil, err
	}
	ids := map[string]bool{}
	for _, inc := range incs {
		ids[inc.ID] = true
	}
	parse := md // a page's headings start at h2, under its title
	var pages []*content.Page
	var diags diag.List
	for _, p := range names {
		if ignored(path.Base(p)) {
			continue
		}
		if st, err := fs.Stat(fsys, p); err != nil || !st.Mode().IsRegular() || !strings.HasSuffix(p, ".md") {
			diags.Add(diag.Pos{File: p}, "misplaced-file", "unexpected file: the site's own pages are %s/<name>.md", content.PagesDir)
			continue
		}
		src, err := content.ReadFile(fsys, p)
		if err != nil {
			return nil, nil, err
		}
		pg, d := content.ParsePage(p, src)
		diags = append(diags, d...)
		if pg == nil {
			continue
		}
		type text struct {
			lang      string
			src       []byte
			line, col int
			md        *markdown.Markdown
		}
		texts := []text{{"", pg.Body, pg.BodyLine, 1, md}}
		for _, t := range pg.Translations {
			if t.Lang == cfg.Language || !slices.Contains(cfg.Also, t.Lang) {
				at := diag.Pos{File: p, Line: t.At.Line, Col: t.At.Col}
				if len(cfg.Also) == 0 {
					diags.Add(at, "translation-language", "translations.%s: the site is published in %s only (config.yaml has no also:); add %s to also, or leave this translation out", t.Lang, cfg.Language, t.Lang)
				} else {
					diags.Add(at, "translation-language", "translations.%s: %s is not one of the site's other languages (config.yaml also: %s)", t.Lang, t.Lang, strings.Join(cfg.Also, ", "))
				}
				continue
			}
			if t.Body.Src != nil {
				texts = append(texts, text{t.Lang, t.Body.Src, t.Body.Line, t.Body.Col, in[t.Lang]})
			}
		}
		for _, lang := range cfg.Also {
			if !slices.ContainsFunc(pg.Translations, func(t content.PageText) bool { return t.Lang == lang }) {
				diags.Add(diag.Pos{File: p, Line: 1, Col: 1}, "untranslated", "%s: no %s text; add translations: {%s: {title: …, body: |…}}", p, lang, lang)
			}
		}
		pg.HTML = map[string][]byte{}
		ok := len(d) == 0
		for _, t := range texts {
			doc := parse.Parse(t.src)
			bd := validate.PageBody(p, t.line, t.col, doc)
			for _, l := range doc.Links {
				if id, isInc := strings.CutPrefix(l.Dest, validate.LinkScheme); isInc && !ids[id] {
					bd.Add(diag.Pos{File: p, Line: t.line + l.Line - 1, Col: l.Col + t.col - 1}, "unknown-id", "link %q: no entry has id %q", l.Dest, id)
				}
			}
			diags = append(diags, bd...)
			ok = ok && len(bd) == 0
			if !ok || !how.render || t.md == nil {
				continue
			}
			var b bytes.Buffer
			if err := t.md.Render(&b, doc); err != nil {
				diags.Add(diag.Pos{File: p, Line: t.line, Col: t.col}, "markdown", "rendering the text: %v", err)
				continue
			}
			pg.HTML[t.lang] = b.Bytes()
		}
		pages = append(pages, pg)
	}
	return pages, diags, nil
}

// translators render translated bodies, with the links of each other
// language's tree.
func translators(cfg *config.Config, routes *route.Routes) map[string]*markdown.Markdown {
	m := map[string]*markdown.Markdown{}
	for _, lang := range cfg.Also {
		m[lang] = markdown.New(routes.In(lang, cfg.Language).IncidentURL)
	}
	return m
}

// entryLoad is what loading one entry file needs: the config to check it
// against, the Markdown to parse its body with, and, to render it as it is
// loaded, the Markdown to finish it with (the site's links) and the store
// its body goes to.
type entryLoad struct {
	cfg    *config.Config
	parse  *markdown.Markdown
	finish *markdown.Markdown
	in     map[string]*markdown.Markdown // by language: what renders a translated body, with that language's links
	blobs  *blob.Store
	p      string
}

// load parses and checks one entry file. With finish, a valid body is
// rendered into blobs with its Markdown and summary (see storeBody), and its
// syntax tree is dropped. A body long enough to pass markdown.MaxHTML is
// held to it, and rendered to be measured when there is no finish (check):
// check and build refuse the same bodies. The error is a system error (the
// blob store failing); diagnostics are the entry's problems.
func (e entryLoad) load(b []byte) (*content.Incident, *markdown.Doc, diag.List, error) {
	p, finish := e.p, e.finish
	inc, d := content.Parse(p, b)
	if inc == nil {
		return nil, nil, d, nil
	}
	doc := e.parse.Parse(inc.Body)
	d = append(d, validate.Entry(e.cfg, inc, doc)...)
	if err := e.translations(inc, doc, &d); err != nil {
		return nil, nil, d, err
	}
	if finish != nil {
		inc.Summary = markdown.Summary(inc.Body)
	}
	measured := len(inc.Body) > markdown.MaxHTML/markdown.MaxExpansion
	if len(d) > 0 || (finish == nil && !measured) {
		return inc, doc, d, nil
	}
	buf := bodyBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			bodyBuffers.Put(buf)
		}
	}()
	buf.Reset()
	var err error
	if finish != nil {
		err = finish.Finish(buf, doc)
	} else {
		err = e.parse.Render(buf, doc)
	}
	at := diag.Pos{File: p, Line: inc.BodyLine}
	switch {
	case err != nil:
		d.Add(at, "markdown", "rendering the body: %v", err)
	case measured && buf.Len() > markdown.MaxHTML:
		d.Add(at, "body-too-large", "the body makes %.1f MiB of HTML, more than the %d MiB one entry's body may make (an entry's page and feeds carry it)", float64(buf.Len())/(1<<20), markdown.MaxHTML>>20)
	}
	if finish == nil || len(d) > 0 {
		return inc, doc, d, nil
	}
	return inc, doc, d, storeBody(e.blobs, inc, buf.Bytes())
}

// translations parses and checks an entry's translated bodies and, when
// the load renders, renders each with its language's links into blobs.
// Their incident: links join the body's (doc), placed so that the checks
// across entries report them where they stand in the file.
func (e entryLoad) translations(inc *content.Incident, doc *markdown.Doc, d *diag.List) error {
	for i := range inc.Translations {
		t := &inc.Translations[i]
		if t.Body.Src == nil {
			continue
		}
		tdoc := e.parse.Parse(t.Body.Src)
		tdiags := validate.Body(e.p, t.Body.Line, t.Body.Col, tdoc)
		*d = append(*d, tdiags...)
		for _, l := range tdoc.Links {
			if l.Kind != markdown.Image {
				l.Line += t.Body.Line - inc.BodyLine
				l.Col += t.Body.Col - 1
				doc.Links = append(doc.Links, l)
			}
		}
		md := e.in[t.Lang]
		if len(tdiags) > 0 || md == nil || e.blobs == nil {
			continue
		}
		var b bytes.Buffer
		if err := md.Render(&b, tdoc); err != nil {
			d.Add(diag.Pos{File: e.p, Line: t.Body.Line, Col: t.Body.Col}, "markdown", "rendering translations.%s.body: %v", t.Lang, err)
			continue
		}
		if b.Len() > markdown.MaxHTML {
			d.Add(diag.Pos{File: e.p, Line: t.Body.Line, Col: t.Body.Col}, "body-too-large", "translations.%s.body makes %.1f MiB of HTML, more than the %d MiB one body may make", t.Lang, float64(b.Len())/(1<<20), markdown.MaxHTML>>20)
			continue
		}
		var err error
		if t.HTML, err = e.blobs.Put(b.Bytes()); err != nil {
			return err
		}
		t.Body.Src = nil
	}
	return nil
}

// bodyBuffers hold one rendered body each while it is stored; one that grew
// past a large body's size is let go rather than kept for the next.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// storeBody moves a rendered body and its Markdown into blobs.
func storeBody(blobs *blob.Store, inc *content.Incident, html []byte) error {
	var err error
	if inc.HTML, err = blobs.Put(html); err != nil {
		return err
	}
	if inc.Markdown, err = blobs.Put(inc.Body); err != nil {
		return err
	}
	if inc.SummaryRef, err = blobs.Put([]byte(inc.Summary)); err != nil {
		return err
	}
	inc.Body, inc.Summary = nil, ""
	return nil
}

// affected marks the entries among paths that changed, or that mention the
// id of a changed (or deleted) entry and so may refer to it, and with them
// every entry that names the same supplier as one marked: the rules of a
// supplier's breach look at all of its entries at once. Finding the id, or
// the supplier line, in the text is enough: a false match only checks one
// entry more.
func affected(ctx context.Context, fsys fs.FS, paths, changed []string) ([]bool, error) {
	keep := make([]bool, len(paths))
	isChanged := map[string]bool{}
	var ids [][]byte
	for _, p := range changed {
		if strings.HasPrefix(p, content.Dir+"/") && strings.HasSuffix(p, ".md") {
			isChanged[p] = true
			ids = append(ids, []byte(content.IDOf(p)))
		}
	}
	if len(ids) == 0 {
		return keep, nil
	}
	suppliers := make([]string, len(paths))
	err := readEach(ctx, fsys, paths, nil, func(i int, b []byte) (bool, error) {
		suppliers[i] = supplierOf(b)
		keep[i] = isChanged[paths[i]]
		for _, id := range ids {
			if keep[i] {
				break
			}
			keep[i] = bytes.Contains(b, id)
		}
		return true, nil // supplierOf copies
	})
	named := map[string]bool{}
	for i, k := range keep {
		if k && suppliers[i] != "" {
			named[suppliers[i]] = true
		}
	}
	for i, sup := range suppliers {
		if named[sup] {
			keep[i] = true
		}
	}
	return keep, err
}

// supplierOf is the supplier an entry's text names on a line of its own
// ("supplier: sita"), or "".
func supplierOf(b []byte) string {
	_, rest, ok := bytes.Cut(b, []byte("\nsupplier:"))
	if !ok {
		return ""
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	line, _, _ = bytes.Cut(line, []byte(" #"))
	return string(bytes.Trim(bytes.TrimSpace(line), `"'`))
}

// readEach reads the files at paths on all cores and hands each to f, but
// those skip (when set) says to leave. It returns every read error and
// every error of f, joined. When f reports that nothing refers to b any
// more, b's room is read into again: 7 KB a heavy entry, a twelfth of what
// a build allocates.
func readEach(ctx context.Context, fsys fs.FS, paths []string, skip func(i int) bool, f func(i int, b []byte) (reuse bool, err error)) error {
	var mu sync.Mutex
	var errs error
	fail := func(err error) {
		mu.Lock()
		errs = errors.Join(errs, err)
		mu.Unlock()
	}
	parallel(len(paths), func(i int) {
		if ctx.Err() != nil || skip != nil && skip(i) {
			return
		}
		buf := fileBuffers.Get().(*[]byte)
		b, err := content.ReadFileInto(fsys, paths[i], *buf)
		if err != nil {
			fileBuffers.Put(buf)
			fail(fmt.Errorf("reading %s: %w", paths[i], err))
			return
		}
		reuse, err := f(i, b)
		if err != nil {
			fail(err)
		}
		if reuse && cap(b) <= maxReused {
			if poisonReused {
				b = b[:cap(b)]
				for j := range b {
					b[j] = 0xff
				}
			}
			*buf = b[:0]
			fileBuffers.Put(buf)
		}
	})
	return errors.Join(ctx.Err(), errs)
}

// fileBuffers are readEach's buffers, for files up to maxReused bytes.
var fileBuffers = sync.Pool{New: func() any { return new([]byte) }}

const maxReused = 256 << 10

// poisonReused, set by tests, overwrites a buffer before it is read into
// again, so that any output made from bytes still referred to shows it.
var poisonReused = false

// parallel runs f(0..n-1) on all cores, in about that order. Workers take
// the next index from a counter: no goroutine hands them work, so none
// waits on another between entries.
func parallel(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}

// findEntries lists the entry files under content/ in lexical order, and
// reports anything else found there: a file out of place is an entry that
// would silently not be published.
func findEntries(fsys fs.FS) ([]string, diag.List, error) {
	var paths []string
	var diags diag.List
	if isSymlink(fsys, "content") {
		diags.Add(diag.Pos{File: "content"}, "symlink", "symbolic links are not allowed in content/; put the folder itself here")
		return nil, diags, nil
	}
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == "content" {
			return fs.SkipDir
		}
		if err != nil {
			return err
		}
		name := d.Name()
		if ignored(name) && p != "content" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		at := diag.Pos{File: p}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			diags.Add(at, "symlink", "symbolic links are not allowed in content/; put the file itself here")
		case d.IsDir() && p == content.PagesDir:
			return fs.SkipDir // the site's own pages: see loadPages
		case d.IsDir():
			if p != "content" && p != content.Dir && !isYearDir(p) {
				diags.Add(at, "misplaced-file", "unexpected folder: entries live in %s/<year>/", content.Dir)
				return fs.SkipDir
			}
		case !d.Type().IsRegular():
			diags.Add(at, "misplaced-file", "not a regular file")
		case isYearDir(path.Dir(p)) && strings.HasSuffix(name, ".md"):
			if d, ok := content.CheckName(p); !ok {
				diags = append(diags, d) // and no more is said of it
				return nil
			}
			paths = append(paths, p)
		default:
			diags.Add(at, "misplaced-file", "unexpected file: entries are %s/<year>/<id>.md", content.Dir)
		}
		return nil
	})
	slices.Sort(paths)
	return paths, diags, err
}

// isSymlink reports whether name is a symbolic link. fs.WalkDir follows a
// link at the root of a walk, so roots are looked at before walking them.
func isSymlink(fsys fs.FS, name string) bool {
	info, err := fs.Lstat(fsys, name)
	return err == nil && info.Mode()&fs.ModeSymlink != 0
}

// entryPath reports whether p is where an entry may stand, under a name
// that is an id.
func entryPath(p string) bool {
	_, ok := content.CheckName(p)
	return ok && isYearDir(path.Dir(p)) && !ignored(path.Base(p))
}

func isYearDir(p string) bool {
	dir, year := path.Split(p)
	if dir != content.Dir+"/" || len(year) != 4 {
		return false
	}
	for _, c := range year {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// ignored names files that editors and tools leave beside real ones.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || name == "4913"
}
