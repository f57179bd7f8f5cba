package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"

	"breachline/generator/internal/blob"
	"breachline/generator/internal/content"
	"breachline/generator/internal/diag"
	"breachline/generator/internal/index"
	"breachline/generator/internal/markdown"
	"breachline/generator/internal/output"
	"breachline/generator/internal/render"
	"breachline/generator/internal/route"
	"breachline/generator/internal/validate"
)

// Live is a site kept in memory for the preview server: the same load,
// index and plan as a build, with files rendered when they are asked for
// rather than written. On a change it redoes what the change affects:
//
//   - entries are read and checked again one by one; when none moved in the
//     index (index.Placement: its date, airlines, terms, relations and links
//     are as they were), the new entries take the old ones' places, else the
//     index and the plan are made again;
//   - a layout change parses the layouts again; a static file change reads
//     static/ again;
//   - a change to config.yaml starts from scratch.
//
// Every rendered file is forgotten on any change: pages render on demand,
// and a layout may show anything of the index on any page, so no copy of
// what layouts show decides what stays. A change with problems leaves the
// last good site in place. Live is safe for concurrent use: Get may run
// while Update works.
type Live struct {
	fsys fs.FS
	opts Options

	mu sync.RWMutex // held for writing only while a good update is put in place
	st *liveState
	// r is the renderer of st, where the layouts' functions find it: the
	// templates are bound to this field, whichever state they serve.
	r       *render.Renderer
	cache   sync.Map // path → []byte, rendered on demand
	pending []string // the changes of an update that failed
}

// liveState is one good state of a Live site; an update makes the next.
type liveState struct {
	site    *Site
	blobs   *blob.Store
	entries map[string]*liveEntry // by path
	p       *prepared
	files   map[string]*route.File
	static  map[string][]byte
	pages   int
	kinds   []*route.File // one page of each layout and kind of term
	// probe are the pages swap renders before it keeps the state; apply
	// and revert change incidents of p's index in place (an entry that
	// keeps its place): swap applies them, and reverts them when the new
	// state fails.
	probe         []*route.File
	apply, revert []func()
	replan        []*index.Incident // whose own files swap plans again, once applied
}

// parsed is a changed entry file: its new version, or gone.
type parsed struct {
	e    *liveEntry
	gone bool
}

type liveEntry struct {
	sum [32]byte // of the file
	inc *content.Incident
	doc *markdown.Doc
}

// NewLive returns a site that Update fills.
func NewLive(fsys fs.FS, opts Options) *Live {
	return &Live{fsys: fsys, opts: opts}
}

// LiveStats describes an update.
type LiveStats struct {
	Incidents, Pages int
	How              string // "full", "layouts", "static", "index", "entry", "nothing"
}

// Update brings the site up to date after changes to the given paths
// (slash paths relative to the root; none means everything).
func (l *Live) Update(ctx context.Context, changed []string) (LiveStats, diag.List, error) {
	// What failed last time is looked at again: the site must not pass
	// while a file is still broken just because another file changed.
	if len(changed) > 0 && len(l.pending) > 0 {
		changed = slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(changed), l.pending...))))
	}
	st, diags, err := l.update(ctx, changed)
	l.pending = nil
	if err != nil || len(diags) > 0 {
		l.pending = changed
	}
	return st, diags, err
}

func (l *Live) update(ctx context.Context, changed []string) (LiveStats, diag.List, error) {
	var entries, layouts, static, other bool
	for _, c := range changed {
		switch {
		case strings.HasPrefix(c, content.PagesDir+"/"):
			other = true // the site's own pages: read again with the rest
		case strings.HasPrefix(c, "content/"):
			entries = true
		case strings.HasPrefix(c, render.LayoutDir+"/"):
			layouts = true
		case strings.HasPrefix(c, StaticDir+"/"):
			static = true
		default:
			other = true
		}
	}
	if l.st == nil || len(changed) == 0 || other {
		return l.full(ctx)
	}
	next := *l.st
	tmpl := l.st.p.tmpl
	how := "nothing"
	if entries {
		h, diags, err := l.entriesChanged(ctx, &next, changed)
		if err != nil || len(diags) > 0 {
			return LiveStats{}, diags, err
		}
		how = h
	}
	if layouts {
		var diags diag.List
		if tmpl, diags = l.templates(next.site.Config.Langs()); len(diags) > 0 {
			return LiveStats{}, diags, nil
		}
		how = "layouts"
	}
	if static {
		if diags, err := l.readStatic(&next); err != nil || len(diags) > 0 {
			return LiveStats{}, diags, err
		}
		if how == "nothing" || how == "entry" {
			how = "static"
		}
	}
	if how == "nothing" {
		return l.stats(l.st, how), nil, nil
	}
	if next.p == l.st.p || tmpl != l.st.p.tmpl {
		// The same index and plan, or new layouts: a renderer of its own.
		p := *next.p
		p.tmpl = tmpl
		p.r = render.New(p.plan, tmpl, next.site.md, next.blobs)
		next.p = &p
	}
	if diags := l.swap(&next); len(diags) > 0 {
		return LiveStats{}, diags, nil
	}
	return l.stats(&next, how), nil, nil
}

func (l *Live) stats(st *liveState, how string) LiveStats {
	return LiveStats{Incidents: len(st.site.Incidents), Pages: st.pages, How: how}
}

// templates parses the layouts, their functions bound to l.r.
func (l *Live) templates(langs []string) (*render.Templates, diag.List) {
	tmpl, diags := render.LoadTemplates(l.fsys, render.Funcs(&l.r), render.TemplateOptions{HTMLTemplateOnly: l.opts.HTMLTemplateOnly, Langs: langs})
	diags.Sort()
	return tmpl, diags
}

// full loads everything again.
func (l *Live) full(ctx context.Context) (LiveStats, diag.List, error) {
	blobs := blob.Memory()
	s, diags, err := load(ctx, l.fsys, loading{render: true, keep: true, blobs: blobs, baseURL: l.opts.BaseURL})
	if err != nil || len(diags) > 0 {
		return LiveStats{}, diags, err
	}
	next := &liveState{site: s, blobs: blobs, entries: make(map[string]*liveEntry, len(s.Incidents))}
	for i, inc := range s.Incidents {
		if err := ctx.Err(); err != nil {
			return LiveStats{}, nil, err
		}
		b, err := content.ReadFile(l.fsys, inc.Path)
		if err != nil {
			return LiveStats{}, nil, err
		}
		next.entries[inc.Path] = &liveEntry{sum: sha256.Sum256(b), inc: inc, doc: s.Docs[i]}
	}
	tmpl, diags := l.templates(s.Config.Langs())
	if len(diags) > 0 {
		return LiveStats{}, diags, nil
	}
	next.p, _ = prepare(l.fsys, s, l.opts, blobs, tmpl, nil)
	l.plan(next)
	if diags, err := l.readStatic(next); err != nil || len(diags) > 0 {
		return LiveStats{}, diags, err
	}
	if diags := l.swap(next); len(diags) > 0 {
		return LiveStats{}, diags, nil
	}
	return l.stats(next, "full"), nil, nil
}

// plan lists the files of the state's plan by path, and one page of each
// layout and kind of term (with a second page of a timeline as a kind of
// its own), which swap renders when the layouts change.
func (l *Live) plan(st *liveState) {
	st.files = map[string]*route.File{}
	st.pages = 0
	st.kinds = nil
	seen := map[string]bool{}
	for f := range st.p.plan.Files() {
		st.files[f.Path] = f
		if f.Kind != route.PageFile {
			continue
		}
		st.pages++
		kind := f.Page.Kind + "/" + f.Page.TermKind
		if f.Page.Pager != nil && f.Page.Pager.Number > 1 {
			kind += "/paged"
		}
		if !seen[kind] {
			seen[kind] = true
			st.kinds = append(st.kinds, f)
		}
	}
	st.probe = st.kinds
}

// readStatic reads static/ into the state.
func (l *Live) readStatic(st *liveState) (diag.List, error) {
	mem := output.NewMemory()
	rec := &recorder{Sink: mem, paths: map[string]bool{}}
	for p := range st.files {
		rec.paths[p] = true
	}
	sdiags, _, _, err := copyStatic(l.fsys, rec)
	if err != nil || len(sdiags) > 0 {
		return sdiags, err
	}
	st.static = map[string][]byte{}
	for _, p := range mem.Paths() {
		st.static[p], _ = mem.Get(p)
	}
	return nil, nil
}

// swap puts next in place of the current state and forgets every rendered
// file. It first renders next's probe pages, so that a layout that fails
// shows its problem at once rather than on the first visit to that page;
// if one fails, the current state stays. Only pages come from layouts:
// feeds and JSON are made in Go.
func (l *Live) swap(next *liveState) diag.List {
	l.mu.Lock()
	defer l.mu.Unlock()
	old, oldR := l.st, l.r
	for _, f := range next.apply {
		f()
	}
	for _, in := range next.replan {
		// Its own files show its title: planned again, and probed.
		for i, f := range next.p.plan.IncidentFiles(in) {
			next.files[f.Path] = f
			if i == 0 {
				next.probe = append(next.probe, f)
			}
		}
	}
	l.st, l.r = next, next.p.r
	var b bytes.Buffer
	for _, f := range next.probe {
		b.Reset()
		if err := next.p.r.File(f, &b); err != nil {
			for _, f := range next.revert {
				f()
			}
			l.st, l.r = old, oldR
			return diag.List{{Pos: diag.Pos{File: render.LayoutDir}, Rule: "layout", Msg: fmt.Sprintf("rendering %s: %v", f.Path, err)}}
		}
	}
	next.apply, next.revert, next.replan = nil, nil, nil
	l.cache.Clear()
	return nil
}

// entriesChanged reads the changed files under content/ into next.
func (l *Live) entriesChanged(ctx context.Context, next *liveState, changed []string) (string, diag.List, error) {
	updates := map[string]parsed{}
	structural := false // files appeared, went or moved: look at the folder again
	var diags diag.List
	e := entryLoad{cfg: next.site.Config, parse: markdown.New(nil), finish: next.site.md, blobs: next.blobs, in: translators(next.site.Config, next.site.Routes)}
	for _, p := range changed {
		if err := ctx.Err(); err != nil {
			return "", nil, err // nothing is in place yet
		}
		if !strings.HasPrefix(p, "content/") {
			continue
		}
		old := next.entries[p]
		if !entryPath(p) {
			// Not an entry (a folder, a stray file, a name that is not an
			// id): the listing of content/ below says what it is.
			structural = true
			if old != nil {
				updates[p] = parsed{gone: true}
			}
			continue
		}
		b, err := content.ReadFile(l.fsys, p)
		switch {
		case errors.Is(err, fs.ErrNotExist) || (err != nil && old == nil):
			structural = true
			if old != nil {
				updates[p] = parsed{gone: true}
			}
			continue
		case err != nil:
			return "", nil, fmt.Errorf("reading %s: %w", p, err)
		}
		if old == nil {
			structural = true
		}
		sum := sha256.Sum256(b)
		if old != nil && old.sum == sum {
			continue // saved without a change
		}
		e.p = p
		inc, doc, d, err := e.load(b)
		if err != nil {
			return "", nil, err
		}
		diags = append(diags, d...)
		if inc != nil && len(d) == 0 {
			inc.Refs = nil
			updates[p] = parsed{e: &liveEntry{sum: sum, inc: inc, doc: doc}}
		}
	}
	if len(diags) > 0 {
		diags.Sort()
		return "", diags, nil
	}
	if len(updates) == 0 && !structural {
		return "nothing", nil, nil
	}
	entries := maps.Clone(next.entries)
	for p, u := range updates {
		if u.gone {
			delete(entries, p)
		} else {
			entries[p] = u.e
		}
	}
	if structural {
		paths, found, err := findEntries(l.fsys)
		if err != nil {
			return "", nil, err
		}
		if len(found) > 0 {
			return "", found, nil
		}
		for p := range entries {
			if _, ok := slices.BinarySearch(paths, p); !ok {
				delete(entries, p)
			}
		}
		// Files the watcher did not name (a folder moved in whole) are read now.
		for _, p := range paths {
			if entries[p] != nil {
				continue
			}
			b, err := content.ReadFile(l.fsys, p)
			if err != nil {
				return "", nil, fmt.Errorf("reading %s: %w", p, err)
			}
			e.p = p
			inc, doc, d, err := e.load(b)
			if err != nil {
				return "", nil, err
			}
			diags = append(diags, d...)
			if inc != nil && len(d) == 0 {
				inc.Refs = nil
				entries[p] = &liveEntry{sum: sha256.Sum256(b), inc: inc, doc: doc}
			}
		}
		if len(diags) > 0 {
			diags.Sort()
			return "", diags, nil
		}
	}
	s := &Site{Config: next.site.Config, Files: len(entries), Routes: next.site.Routes, md: next.site.md}
	if structural {
		for _, p := range slices.Sorted(maps.Keys(entries)) {
			s.Incidents = append(s.Incidents, entries[p].inc)
			s.Docs = append(s.Docs, entries[p].doc)
		}
	} else {
		// The same files, in the same order (by path): only the changed
		// ones are new.
		s.Incidents, s.Docs = slices.Clone(next.site.Incidents), slices.Clone(next.site.Docs)
		for i, inc := range s.Incidents {
			if u, ok := updates[inc.Path]; ok {
				s.Incidents[i], s.Docs[i] = u.e.inc, u.e.doc
			}
		}
	}
	if d := validate.All(s.Incidents, s.Docs); len(d) > 0 {
		d.Sort()
		return "", d, nil
	}
	if err := ctx.Err(); err != nil {
		return "", nil, err
	}
	next.site, next.entries = s, entries
	if !structural && samePlaces(next.p.x, updates) {
		// Every changed entry keeps its place in the index: its new version
		// takes the old one's, as swap puts it in place, and the plan
		// (which shows titles) is made again then.
		x := next.p.x
		next.files = maps.Clone(next.files)
		next.probe = nil
		for _, u := range updates {
			in := x.ByID[u.e.inc.ID]
			now, before := *in, *in
			now.Incident, now.Doc = u.e.inc, u.e.doc
			index.Refresh(next.site.Config, &now)
			next.apply = append(next.apply, func() { *in = now })
			next.revert = append(next.revert, func() { *in = before })
			next.replan = append(next.replan, in)
		}
		p := *next.p
		p.r = render.New(p.plan, p.tmpl, s.md, next.blobs)
		next.p = &p
		return "entry", nil, nil
	}
	next.p, _ = prepare(l.fsys, s, l.opts, next.blobs, next.p.tmpl, next.p.x)
	l.plan(next)
	// The layouts are as they were: what can fail anew is a page showing
	// what changed.
	next.probe = nil
	for _, u := range updates {
		if !u.gone {
			next.probe = append(next.probe, next.files[route.FileOf(route.Incident(u.e.inc.ID))])
		}
	}
	if f := next.files[route.FileOf(route.Home)]; f != nil {
		next.probe = append(next.probe, f)
	}
	return "index", nil, nil
}

// samePlaces reports whether every entry updated is in x already, and
// keeps its place there (index.Placement).
func samePlaces(x *index.Index, updates map[string]parsed) bool {
	for _, u := range updates {
		if u.gone {
			return false
		}
		in := x.ByID[u.e.inc.ID]
		if in == nil || index.Placement(in.Incident, in.Doc) != index.Placement(u.e.inc, u.e.doc) {
			return false
		}
	}
	return true
}

// Get returns a file of the site, rendering it on the first request. A
// page that fails to render becomes a page that says so.
func (l *Live) Get(p string) ([]byte, bool) {
	if b, ok := l.cache.Load(p); ok {
		return b.([]byte), true
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	st := l.st
	if st == nil {
		return nil, false
	}
	if b, ok := st.static[p]; ok {
		return b, true
	}
	f, ok := st.files[p]
	if !ok {
		return nil, false
	}
	var b bytes.Buffer
	if err := st.p.r.File(f, &b); err != nil {
		msg := fmt.Sprintf("<!DOCTYPE html><title>Rendering failed</title><h1>Rendering %s failed</h1><pre>%s</pre>", html.EscapeString(p), html.EscapeString(err.Error()))
		return []byte(msg), true
	}
	out := b.Bytes()
	l.cache.Store(p, out)
	return out, true
}

// Paths lists every file of the site, sorted.
func (l *Live) Paths() []string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.st == nil {
		return nil
	}
	out := slices.Collect(maps.Keys(l.st.files))
	for p := range l.st.static {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
