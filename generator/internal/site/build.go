package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"breachline/generator/internal/blob"
	"breachline/generator/internal/content"
	"breachline/generator/internal/date"
	"breachline/generator/internal/diag"
	"breachline/generator/internal/index"
	"breachline/generator/internal/output"
	"breachline/generator/internal/render"
	"breachline/generator/internal/route"
	"breachline/generator/internal/schema"
)

// StaticDir holds files copied to the site as they are.
const StaticDir = "static"

// Options change a build.
type Options struct {
	BaseURL string // overrides config.yaml's base_url when set
	// Spill keeps rendered bodies and their Markdown in an unlinked
	// temporary file rather than in memory while the site renders: a large
	// site then needs about half the memory. Result's bodies are gone after
	// Build returns. SpillDir is where the file goes ("" for the system's
	// temporary folder).
	Spill    bool
	SpillDir string
	// History gives the commits that changed each entry, newest first, by
	// path relative to the site root (from git: see vcs.History): when it
	// was first published (under its id or an alias) and last changed, and
	// its history. Entries it lacks show none.
	History map[string][]content.Change
	// Repository overrides config.yaml's repository, for edit links.
	Repository string
	// Entries, when set, is told how many entries the site has once they
	// are listed, before any is read (the build command sizes the heap by
	// it).
	Entries func(n int)
	// HTMLTemplateOnly runs the layouts in html/template alone, not
	// compiled: for tests that compare the two.
	HTMLTemplateOnly bool
	// SkipBroken builds without the entries that have problems (a pull
	// request's preview): Result.Site.Skipped has their problems.
	SkipBroken bool
}

// Result describes a finished build.
type Result struct {
	Site  *Site
	Index *index.Index
	Plan  *route.Plan
	Stats render.Stats
}

// Build loads, checks and renders the site in fsys into sink. When there are
// diagnostics nothing is written and they are returned; the caller decides
// what to do with a sink that may hold a partial site.
func Build(ctx context.Context, fsys fs.FS, sink output.Sink, opts Options) (*Result, diag.List, error) {
	blobs := blob.Memory()
	if opts.Spill {
		var err error
		if blobs, err = blob.Spill(opts.SpillDir); err != nil {
			return nil, nil, err
		}
		defer blobs.Close()
	}
	// Bodies are rendered as they are loaded, with the site's links.
	s, diags, err := load(ctx, fsys, loading{render: true, blobs: blobs, baseURL: opts.BaseURL, entries: opts.Entries, skipBroken: opts.SkipBroken})
	if err != nil || len(diags) > 0 {
		return nil, diags, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	p, diags := prepare(fsys, s, opts, blobs, nil, nil)
	if len(diags) > 0 {
		return nil, diags, nil
	}
	// What the bodies' links and raw HTML were kept for — check's
	// diagnostics and the index's backlinks — is done: a build renders
	// nothing from them (a few hundred bytes an entry, tens of megabytes at
	// 50,000 entries). The preview keeps them for its next index.
	for _, d := range s.Docs {
		if d != nil {
			d.Links, d.RawHTML, d.Skips = nil, nil, nil
		}
	}
	rec := &recorder{Sink: sink, paths: map[string]bool{}}
	st, err := p.r.Render(ctx, p.plan, rec)
	if err != nil {
		return nil, nil, fmt.Errorf("rendering: %w", err)
	}
	sdiags, files, bytes, err := copyStatic(fsys, rec)
	if err != nil {
		return nil, nil, err
	}
	if len(sdiags) > 0 {
		return nil, sdiags, nil
	}
	st.Files += files
	st.Bytes += bytes
	return &Result{Site: s, Index: p.x, Plan: p.plan, Stats: st}, nil, nil
}

// prepared is a loaded site made ready to render: its index, its plan and
// the renderer of the planned files. Build writes every file; the preview
// renders each when it is asked for.
type prepared struct {
	x    *index.Index
	plan *route.Plan
	tmpl *render.Templates
	r    *render.Renderer
}

// prepare is the second stage of build and serve: the options applied to
// the loaded site, the index, the plan and the renderer. With tmpl, the
// layouts are not parsed again; with prev, the index takes from it what
// entries that did not change alone decide (index.BuildFrom).
func prepare(fsys fs.FS, s *Site, opts Options, blobs *blob.Store, tmpl *render.Templates, prev *index.Index) (*prepared, diag.List) {
	if opts.Repository != "" {
		s.Config.Repository = schema.URL(opts.Repository)
	}
	for _, inc := range s.Incidents {
		h := opts.History[inc.Path]
		for _, a := range inc.Aliases { // the file under its old names
			if y, ok := content.YearOf(a.ID); ok {
				h = append(h, opts.History[content.Dir+"/"+y+"/"+a.ID+".md"]...)
			}
		}
		if len(h) == 0 {
			continue
		}
		slices.SortStableFunc(h, func(a, b content.Change) int { return b.When.Compare(a.When) })
		inc.History = h
		inc.Changed, inc.Published = date.DayOf(h[0].When), date.DayOf(h[len(h)-1].When)
	}
	p := &prepared{x: index.BuildFrom(prev, s.Config, s.Incidents, s.Docs)}
	p.x.Pages = s.Pages
	p.plan = s.Routes.Plan(p.x)
	var diags diag.List
	if p.tmpl = tmpl; tmpl == nil {
		if p.tmpl, diags = loadTemplates(fsys, p, opts); len(diags) > 0 {
			return nil, diags
		}
	}
	p.r = render.New(p.plan, p.tmpl, s.md, blobs)
	return p, nil
}

// loadTemplates parses the layouts, with the template functions of the
// renderer p will have.
func loadTemplates(fsys fs.FS, p *prepared, opts Options) (*render.Templates, diag.List) {
	tmpl, diags := render.LoadTemplates(fsys, render.Funcs(&p.r), render.TemplateOptions{HTMLTemplateOnly: opts.HTMLTemplateOnly, Langs: p.plan.Langs()})
	diags.Sort()
	return tmpl, diags
}

// recorder remembers what was written, so static files cannot silently
// replace generated ones.
type recorder struct {
	output.Sink
	mu    sync.Mutex
	paths map[string]bool
}

func (r *recorder) Write(p string, b []byte) error {
	r.mu.Lock()
	r.paths[p] = true
	r.mu.Unlock()
	return r.Sink.Write(p, b)
}

func copyStatic(fsys fs.FS, rec *recorder) (diag.List, int, int64, error) {
	var diags diag.List
	files, n := 0, int64(0)
	if isSymlink(fsys, StaticDir) {
		diags.Add(diag.Pos{File: StaticDir}, "symlink", "symbolic links are not allowed in static/; put the folder itself here")
		return diags, 0, 0, nil
	}
	err := fs.WalkDir(fsys, StaticDir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == StaticDir {
			return fs.SkipDir
		}
		if err != nil {
			return err
		}
		if ignored(d.Name()) && p != StaticDir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		rel := strings.TrimPrefix(p, StaticDir+"/")
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			diags.Add(diag.Pos{File: p}, "symlink", "symbolic links are not allowed in static/; put the file itself here")
			return nil
		case d.IsDir():
			return nil
		case !d.Type().IsRegular():
			return nil
		case rec.paths[rel]:
			diags.Add(diag.Pos{File: p}, "static-collision", "static file would replace the generated %s; rename it", rel)
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		files++
		n += int64(len(b))
		return rec.Write(path.Clean(rel), b)
	})
	return diags, files, n, err
}
