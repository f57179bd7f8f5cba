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
	"path"
	"slices"
	"strings"
	"sync"

	"breachline/generator/internal/blob"
	"breachline/generator/internal/config"
	"breachline/generator/internal/content"
	"breachline/generator/internal/diag"
	"breachline/generator/internal/index"
	"breachline/generator/internal/markdown"
	"breachline/generator/internal/output"
	"breachline/generator/internal/render"
	"breachline/generator/internal/validate"
)

// Live is a site kept in memory for the preview server. It renders a page
// when it is asked for, not before, and on a change redoes only what the
// change affects:
//
//   - an entry whose edit leaves its place in the site as it was (its
//     title, dates, airlines, programme, vector, status, data fields,
//     source languages, relations and links) is parsed again and only its
//     own page, its JSON, the full export and the feeds are rendered anew;
//   - any other entry change (and a new or deleted entry) re-parses the
//     changed files only, then rebuilds the index;
//   - a layout change reloads the layouts; a static file change, static/;
//   - a change to config.yaml starts from scratch.
//
// A change with problems leaves the last good site in place. Live is safe
// for concurrent use: Get may run while Update works.
type Live struct {
	fsys fs.FS
	opts Options

	mu      sync.RWMutex // held for writing only while a good update is put in place
	s       *Site
	base    string
	blobs   *blob.Store
	md      *markdown.Markdown    // renders bodies, with the site's incident URLs
	parse   *markdown.Markdown    // parses them
	entries map[string]*liveEntry // by path
	x       *index.Index
	r       *render.Renderer
	files   map[string]func(*bytes.Buffer) error
	static  map[string][]byte
	pages   int
	cache   sync.Map // path → []byte, rendered on demand
	pending []string // the changes of an update that failed
}

type liveEntry struct {
	sum [32]byte // of the file
	inc *content.Incident
	doc *markdown.Doc
	key string // what other pages show of the entry (see placeKey)
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
	var content_, layouts, static, other bool
	for _, c := range changed {
		switch {
		case strings.HasPrefix(c, "content/"):
			content_ = true
		case strings.HasPrefix(c, render.LayoutDir+"/"):
			layouts = true
		case strings.HasPrefix(c, StaticDir+"/"):
			static = true
		default:
			other = true
		}
	}
	if l.s == nil || len(changed) == 0 || other {
		return l.full(ctx)
	}
	how := "nothing"
	if content_ {
		st, diags, err := l.entriesChanged(ctx, changed)
		if err != nil || len(diags) > 0 {
			return st, diags, err
		}
		how = st.How
	}
	if layouts || static {
		st, diags, err := l.rerender(layouts, static)
		if err != nil || len(diags) > 0 {
			return st, diags, err
		}
		if how == "nothing" || how == "entry" {
			how = st.How
		}
	}
	return LiveStats{Incidents: len(l.s.Incidents), Pages: l.pages, How: how}, nil, nil
}

// full loads everything again.
func (l *Live) full(ctx context.Context) (LiveStats, diag.List, error) {
	blobs := blob.Memory()
	var baseURL string
	var md *markdown.Markdown
	var baseErr error
	s, diags, err := load(ctx, l.fsys, blobs, func(cfg *config.Config, _ int) *markdown.Markdown {
		baseURL = string(cfg.BaseURL)
		if l.opts.BaseURL != "" {
			baseURL = l.opts.BaseURL
		}
		base, err := render.BaseURL(baseURL)
		if err != nil {
			baseErr = err
			return nil
		}
		md = markdown.New(func(id string) string { return base.Path + render.IncidentPath(id) })
		return md
	}, nil)
	if err != nil || len(diags) > 0 {
		return LiveStats{}, diags, err
	}
	if baseErr != nil {
		return LiveStats{}, nil, baseErr
	}
	entries := make(map[string]*liveEntry, len(s.Incidents))
	for i, inc := range s.Incidents {
		b, err := content.ReadFile(l.fsys, inc.Path)
		if err != nil {
			return LiveStats{}, nil, err
		}
		entries[inc.Path] = &liveEntry{sum: sha256.Sum256(b), inc: inc, doc: s.Docs[i], key: placeKey(inc, s.Docs[i])}
	}
	next := &Live{fsys: l.fsys, opts: l.opts, s: s, base: baseURL, blobs: blobs, md: md, parse: markdown.New(nil), entries: entries}
	if diags, err := next.prepare(true, true); err != nil || len(diags) > 0 {
		return LiveStats{}, diags, err
	}
	l.swap(next)
	return LiveStats{Incidents: len(s.Incidents), Pages: l.pages, How: "full"}, nil, nil
}

// prepare builds the index (when index is set), the renderer and the file
// table of l, and reads static/ (when static is set).
func (l *Live) prepare(reindex, static bool) (diag.List, error) {
	if reindex {
		base, err := render.BaseURL(l.base)
		if err != nil {
			return nil, err
		}
		l.x = index.Build(l.s.Config, base, l.s.Incidents, l.s.Docs)
	}
	var r *render.Renderer
	tmpl, diags := render.LoadTemplates(l.fsys, render.Funcs(&r), render.TemplateOptions{})
	if len(diags) > 0 {
		diags.Sort()
		return diags, nil
	}
	r = render.New(l.x, tmpl, l.md, l.blobs)
	l.r = r
	l.files = map[string]func(*bytes.Buffer) error{}
	l.pages = 0
	var probes []string // the first page of each kind, in the order of the site
	seen := map[string]bool{}
	r.Files(func(p string, run func(*bytes.Buffer) error) bool {
		l.files[p] = run
		if strings.HasSuffix(p, ".html") {
			l.pages++
			if kind := fileKind(p); !seen[kind] {
				seen[kind] = true
				probes = append(probes, p)
			}
		}
		return true
	})
	if static || l.static == nil {
		mem := output.NewMemory()
		rec := &recorder{Sink: mem, paths: map[string]bool{}}
		for p := range l.files {
			rec.paths[p] = true
		}
		sdiags, _, _, err := copyStatic(l.fsys, rec)
		if err != nil || len(sdiags) > 0 {
			return sdiags, err
		}
		l.static = map[string][]byte{}
		for _, p := range mem.Paths() {
			l.static[p], _ = mem.Get(p)
		}
	}
	// Render one page of each kind now, so that a layout that fails shows
	// its problem at once rather than on the first visit to that page.
	// Only pages come from layouts: feeds and JSON are made in Go.
	var b bytes.Buffer
	for _, p := range probes {
		b.Reset()
		if err := l.files[p](&b); err != nil {
			return diag.List{{Pos: diag.Pos{File: render.LayoutDir}, Rule: "layout", Msg: fmt.Sprintf("rendering %s: %v", p, err)}}, nil
		}
	}
	return nil, nil
}

// fileKind groups files that the same layout renders.
func fileKind(p string) string {
	seg := strings.Split(p, "/")
	switch {
	case len(seg) >= 3 && seg[len(seg)-2] == "page":
		return "page-" + seg[0]
	case len(seg) == 3 && seg[2] == "index.html":
		return "term-" + seg[0]
	case len(seg) == 2 && seg[1] == "index.html":
		return "list-" + seg[0]
	}
	return path.Ext(p) + "-" + seg[0]
}

// swap puts next's state in place of l's and forgets rendered pages.
func (l *Live) swap(next *Live) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.s, l.base, l.blobs, l.md, l.parse, l.entries = next.s, next.base, next.blobs, next.md, next.parse, next.entries
	l.x, l.r, l.files, l.static, l.pages = next.x, next.r, next.files, next.static, next.pages
	l.cache.Clear()
}

// entriesChanged handles changes under content/.
func (l *Live) entriesChanged(ctx context.Context, changed []string) (LiveStats, diag.List, error) {
	type parsed struct {
		e    *liveEntry
		gone bool
	}
	updates := map[string]parsed{}
	structural := false // files appeared, went or moved: look at the folder again
	var diags diag.List
	for _, p := range changed {
		if err := ctx.Err(); err != nil {
			return LiveStats{}, nil, err // nothing is in place yet
		}
		if !strings.HasPrefix(p, "content/") {
			continue
		}
		old := l.entries[p]
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
			// deleted, or a folder: whatever it was, list content/ again
			structural = true
			if old != nil {
				updates[p] = parsed{gone: true}
			}
			continue
		case err != nil:
			return LiveStats{}, nil, fmt.Errorf("reading %s: %w", p, err)
		}
		if old == nil {
			structural = true
		}
		sum := sha256.Sum256(b)
		if old != nil && old.sum == sum {
			continue // saved without a change
		}
		inc, doc, d, err := parseEntry(l.s.Config, l.parse, l.md, l.blobs, p, b)
		if err != nil {
			return LiveStats{}, nil, err
		}
		diags = append(diags, d...)
		if inc != nil && len(d) == 0 {
			inc.Refs = nil
			updates[p] = parsed{e: &liveEntry{sum: sum, inc: inc, doc: doc, key: placeKey(inc, doc)}}
		}
	}
	if len(diags) > 0 {
		diags.Sort()
		return LiveStats{}, diags, nil
	}
	if len(updates) == 0 && !structural {
		return LiveStats{Incidents: len(l.s.Incidents), Pages: l.pages, How: "nothing"}, nil, nil
	}
	fast := !structural
	for p, u := range updates {
		if u.gone || l.entries[p] == nil || l.entries[p].key != u.e.key {
			fast = false
		}
	}
	if fast {
		l.mu.Lock()
		for p, u := range updates {
			in := l.x.ByID[u.e.inc.ID]
			in.Incident, in.Doc = u.e.inc, u.e.doc
			index.Refresh(in)
			l.entries[p] = u.e
			i, _ := slices.BinarySearchFunc(l.s.Incidents, p, func(inc *content.Incident, p string) int { return strings.Compare(inc.Path, p) })
			l.s.Incidents[i], l.s.Docs[i] = u.e.inc, u.e.doc
			for _, f := range []string{render.IncidentPath(in.ID) + "index.html", "api/incidents/" + in.ID + ".json", "api/incidents.json"} {
				l.cache.Delete(f)
			}
		}
		l.cache.Range(func(k, _ any) bool {
			if strings.HasSuffix(k.(string), "feed.xml") {
				l.cache.Delete(k)
			}
			return true
		})
		l.mu.Unlock()
		return LiveStats{Incidents: len(l.s.Incidents), Pages: l.pages, How: "entry"}, nil, nil
	}

	// The index must be rebuilt: take the entries as they now are.
	entries := make(map[string]*liveEntry, len(l.entries)+len(updates))
	for p, e := range l.entries {
		entries[p] = e
	}
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
			return LiveStats{}, nil, err
		}
		if len(found) > 0 {
			return LiveStats{}, found, nil
		}
		for p := range entries {
			if _, ok := slices.BinarySearch(paths, p); !ok {
				delete(entries, p)
			}
		}
		// Files the watcher did not name (a folder moved in whole) are read now.
		var missing []string
		for _, p := range paths {
			if entries[p] == nil {
				missing = append(missing, p)
			}
		}
		if len(missing) > 0 {
			if _, diags, err := l.entriesChangedInto(entries, missing); err != nil || len(diags) > 0 {
				return LiveStats{}, diags, err
			}
		}
	}
	s := &Site{Config: l.s.Config, Files: len(entries)}
	for _, p := range slices.Sorted(maps.Keys(entries)) {
		s.Incidents = append(s.Incidents, entries[p].inc)
		s.Docs = append(s.Docs, entries[p].doc)
	}
	if d := validate.All(s.Incidents, s.Docs); len(d) > 0 {
		d.Sort()
		return LiveStats{}, d, nil
	}
	if err := ctx.Err(); err != nil {
		return LiveStats{}, nil, err
	}
	next := &Live{fsys: l.fsys, opts: l.opts, s: s, base: l.base, blobs: l.blobs, md: l.md, parse: l.parse, entries: entries, static: l.static}
	if diags, err := next.prepare(true, false); err != nil || len(diags) > 0 {
		return LiveStats{}, diags, err
	}
	l.swap(next)
	return LiveStats{Incidents: len(s.Incidents), Pages: l.pages, How: "index"}, nil, nil
}

// entriesChangedInto parses the files at paths into entries.
func (l *Live) entriesChangedInto(entries map[string]*liveEntry, paths []string) (int, diag.List, error) {
	var diags diag.List
	for _, p := range paths {
		b, err := content.ReadFile(l.fsys, p)
		if err != nil {
			return 0, nil, fmt.Errorf("reading %s: %w", p, err)
		}
		inc, doc, d, err := parseEntry(l.s.Config, l.parse, l.md, l.blobs, p, b)
		if err != nil {
			return 0, nil, err
		}
		diags = append(diags, d...)
		if inc != nil && len(d) == 0 {
			inc.Refs = nil
			entries[p] = &liveEntry{sum: sha256.Sum256(b), inc: inc, doc: doc, key: placeKey(inc, doc)}
		}
	}
	diags.Sort()
	return len(paths), diags, nil
}

// rerender reloads the layouts and/or static/ over the same index.
func (l *Live) rerender(layouts, static bool) (LiveStats, diag.List, error) {
	next := &Live{fsys: l.fsys, opts: l.opts, s: l.s, base: l.base, blobs: l.blobs, md: l.md, parse: l.parse, entries: l.entries, x: l.x, static: l.static}
	if static {
		next.static = nil
	}
	if diags, err := next.prepare(false, static); err != nil || len(diags) > 0 {
		return LiveStats{}, diags, err
	}
	l.swap(next)
	how := "static"
	if layouts {
		how = "layouts"
	}
	return LiveStats{Incidents: len(l.s.Incidents), Pages: l.pages, How: how}, nil, nil
}

// Get returns a file of the site, rendering it on the first request. A
// page that fails to render becomes a page that says so.
func (l *Live) Get(p string) ([]byte, bool) {
	if b, ok := l.cache.Load(p); ok {
		return b.([]byte), true
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	if b, ok := l.static[p]; ok {
		return b, true
	}
	run, ok := l.files[p]
	if !ok {
		return nil, false
	}
	var b bytes.Buffer
	if err := run(&b); err != nil {
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
	out := slices.Collect(maps.Keys(l.files))
	for p := range l.static {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// placeKey is what pages other than an entry's own show of it, or use to
// place it: when an edit leaves this unchanged, only the entry's own page,
// its JSON, the full export and the feeds change.
func placeKey(inc *content.Incident, doc *markdown.Doc) string {
	var b strings.Builder
	w := func(parts ...string) {
		for _, s := range parts {
			b.WriteString(s)
			b.WriteByte(0)
		}
		b.WriteByte(1)
	}
	w(inc.ID, inc.Title, inc.Date.String(), inc.Disclosed.String(), inc.Programme, inc.Supplier, inc.Vector, inc.Status)
	w(inc.Airlines...)
	w(inc.Data.Exposed...)
	w(inc.Data.NotExposed...)
	var langs []string
	for _, s := range inc.Sources {
		if !slices.Contains(langs, s.Language) {
			langs = append(langs, s.Language)
		}
	}
	w(langs...)
	for _, r := range inc.Related {
		w(r.ID)
	}
	for _, a := range inc.Actors {
		w(a.Name)
	}
	if doc != nil {
		for _, l := range doc.Links {
			w(l.Dest)
		}
	}
	return b.String()
}
