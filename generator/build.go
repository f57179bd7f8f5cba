package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"breachline/generator/internal/content"
	"breachline/generator/internal/diag"
	"breachline/generator/internal/heap"
	"breachline/generator/internal/output"
	"breachline/generator/internal/schema"
	"breachline/generator/internal/site"
	"breachline/generator/internal/vcs"
)

func runBuild(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	root := fs.String("root", ".", "the site's root folder (with config.yaml and content/)")
	out := fs.String("out", "public", "the output folder, relative to --root unless absolute; replaced whole, atomically")
	baseURL := fs.String("base-url", "", "override config.yaml's base_url, e.g. https://example.org/breachline/")
	repository := fs.String("repository", "", "override config.yaml's repository (for edit links), e.g. https://github.com/OWNER/REPO")
	format := fs.String("format", "text", "diagnostics format: text or github")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (go tool pprof) to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile to this file when the build ends")
	preview := fs.Bool("preview", false, "a preview: leave out the entries with problems (printed, as warnings) rather than fail, so that a pull request that does not pass check yet can still be looked at")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f, err := diag.ParseFormat(*format)
	if err != nil {
		return usageError{err.Error()}
	}
	outDir := *out
	if !filepath.IsAbs(outDir) {
		outDir = filepath.Join(*root, outDir)
	}
	if err := safeOutput(*root, outDir); err != nil {
		return usageError{err.Error()}
	}
	if *baseURL != "" {
		if err := schema.CheckBaseURL(*baseURL); err != nil {
			return usageError{"--base-url: " + err.Error()}
		}
	}
	if *repository != "" {
		if err := schema.CheckURL(*repository); err != nil {
			return usageError{"--repository: " + err.Error()}
		}
	}

	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if *memProfile != "" {
		defer writeHeapProfile(*memProfile)
	}
	// No collections below a floor of heap that grows with the site: 40 KiB
	// an entry up to 384 MiB, and 8 KiB an entry beyond (about a large
	// site's). A build is then a sixth faster than at Go's default pace,
	// which collects whenever the heap doubles, dozens of times while
	// entries load. Until issue 20 the first part was 20 KiB up to 192 MiB:
	// a heavy 10,000-entry build collected 14 times, and 6 now, for 0.91×
	// the CPU time and a peak of ~400 MB rather than ~210 (Hugo's: 1.9 GB);
	// from 49,152 entries on the floor is what it was.
	tuner := heap.Floor(32 << 20)
	defer tuner.Stop()
	sized := func(entries int) {
		n := int64(entries)
		tuner.Raise(max(min(n<<10*40, 384<<20), n<<13))
	}
	start := time.Now()
	// One git log for every entry; without git (a tarball, a benchmark
	// folder) or before the first commit, pages simply carry no dates of
	// their own, and feeds follow the incidents' dates.
	commits, err := vcs.History(ctx, *root, content.Dir)
	if err != nil && !errors.Is(err, vcs.ErrNoRepo) {
		return err
	}
	history := make(map[string][]content.Change, len(commits))
	for p, cs := range commits {
		h := make([]content.Change, len(cs))
		for i, c := range cs {
			h[i] = content.Change{Hash: c.Hash, When: c.When, Subject: c.Subject}
		}
		history[p] = h
	}
	dir, err := output.NewDir(outDir)
	if err != nil {
		return err
	}
	// A start line; on a terminal, the files written so far, twice a
	// second, on one line that the summary then replaces.
	started := func(n int) {
		sized(n)
		what := "entries"
		if n == 1 {
			what = "entry"
		}
		fmt.Fprintf(e.stdout, "building %d %s from %s → %s\n", n, what, diag.Escape(*root), diag.Escape(outDir))
	}
	stopProgress := progress(e.stdout, dir)
	res, diags, err := site.Build(ctx, os.DirFS(*root), dir, site.Options{
		BaseURL: *baseURL, History: history, Repository: *repository,
		// Bodies wait beside the output, on the file system it goes to.
		Spill: true, SpillDir: filepath.Dir(outDir), Entries: started, SkipBroken: *preview,
	})
	stopProgress()
	if res != nil && len(res.Site.Skipped) > 0 {
		res.Site.Skipped.Write(e.stdout, f)
		fmt.Fprintf(e.stdout, "preview: the entries with problems are left out (%s); check fails until they are fixed\n", plural(len(res.Site.Skipped), "problem"))
	}
	if err != nil || len(diags) > 0 {
		dir.Abort()
		if err != nil {
			return err
		}
		diags.Write(e.stdout, f)
		fmt.Fprintf(e.stdout, "build failed: %s; %s left as it was\n", plural(len(diags), "error"), outDir)
		return exitError{1}
	}
	if err := dir.Commit(); err != nil {
		return err
	}
	files, bytes := dir.Stats()
	fmt.Fprintf(e.stdout, "built %d incidents: %d pages, %d files, %s in %s → %s\n",
		len(res.Site.Incidents), res.Stats.Pages, files, size(bytes), time.Since(start).Round(time.Millisecond), outDir)
	return nil
}

// progress writes, when w is a terminal, how many files the build has
// written, every half second, on one line; the returned func stops it and
// clears the line.
func progress(w io.Writer, dir *output.Dir) func() {
	f, ok := w.(*os.File)
	if !ok {
		return func() {}
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return func() {}
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(f, "\r\x1b[K")
				}
				return
			case <-t.C:
				files, bytes := dir.Stats()
				fmt.Fprintf(f, "\r\x1b[K  %d files, %s written…", files, size(bytes))
				shown = true
			}
		}
	}()
	return func() { close(done); <-stopped }
}

// safeOutput refuses output folders whose replacement would lose the user's
// files: the site root itself, a folder above it, or one of its source folders.
func safeOutput(root, out string) error {
	r, err1 := filepath.Abs(root)
	o, err2 := filepath.Abs(out)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if o == r || strings.HasPrefix(r+string(filepath.Separator), o+string(filepath.Separator)) {
		return fmt.Errorf("--out %s would replace the site itself; choose a folder such as public", out)
	}
	for _, src := range []string{"content", "layouts", "static", "generator", ".git"} {
		s := filepath.Join(r, src)
		if o == s || strings.HasPrefix(o, s+string(filepath.Separator)) {
			return fmt.Errorf("--out %s is inside the site's %s/ folder; choose a folder such as public", out, src)
		}
	}
	return nil
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func startCPUProfile(file string) (func(), error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func writeHeapProfile(file string) {
	f, err := os.Create(file)
	if err != nil {
		return
	}
	defer f.Close()
	runtime.GC()
	pprof.WriteHeapProfile(f)
}
