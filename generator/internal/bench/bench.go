// Package bench measures full, cold builds of synthetic sites: Breachline
// and, where it is installed, Hugo on the equivalent Hugo site generated
// from the same corpus. Each build is a fresh process into an output folder
// removed beforehand; the two tools and the sizes take turns, round after
// round, so that the noise of a shared machine falls on all of them and
// their ratios hold.
//
// bench imports synth; it runs Breachline as a child process (the running
// executable), never in-process, so that peak memory is the build's own.
package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"breachline/generator/internal/synth"
)

// Options says what to measure.
type Options struct {
	Sizes []int  // entries per corpus
	Runs  int    // builds per tool and size (the median is reported)
	Dir   string // where corpora and outputs go; a tmpfs folder by default
	Seed  uint64
	Self  string    // the Breachline executable
	Root  string    // the site whose layouts/ and static/ the corpus uses
	Hugo  string    // the hugo executable; "" skips Hugo
	Log   io.Writer // progress, one line a build
}

// Result is one tool at one size.
type Result struct {
	Tool    string          `json:"tool"`
	Entries int             `json:"entries"`
	Wall    []time.Duration `json:"wall_ns"`
	RSS     []int64         `json:"peak_rss_bytes"`
	Files   int             `json:"files"`
	Bytes   int64           `json:"bytes"`
	Version string          `json:"version,omitempty"`
}

// Median is the median wall time.
func (r Result) Median() time.Duration { return median(r.Wall) }

// MedianRSS is the median peak RSS.
func (r Result) MedianRSS() int64 { return median(r.RSS) }

func median[T int64 | time.Duration](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Run builds every size Runs times with each tool and returns the results,
// Breachline first at each size. The runs go in rounds — each round builds
// every size once with each tool — so that a machine that speeds up or
// slows down over the minutes a bench takes does so for every size alike,
// and the ratio between sizes holds as well as the ratio between tools.
func Run(ctx context.Context, o Options) ([]Result, error) {
	if o.Runs < 1 {
		return nil, errors.New("bench: runs must be at least 1")
	}
	type size struct {
		n                int
		site, hsite, dir string
		blOut, huOut     string
		bl, hu           Result
	}
	var sizes []*size
	for _, n := range o.Sizes {
		dir := filepath.Join(o.Dir, fmt.Sprint(n))
		z := &size{n: n, dir: dir, site: filepath.Join(dir, "site"), hsite: filepath.Join(dir, "hugo-site"),
			blOut: filepath.Join(dir, "out-breachline"), huOut: filepath.Join(dir, "out-hugo")}
		if err := corpus(o, n, z.site, z.hsite); err != nil {
			return nil, err
		}
		z.bl = Result{Tool: "Breachline", Entries: n}
		z.hu = Result{Tool: "Hugo", Entries: n, Version: hugoVersion(o.Hugo)}
		sizes = append(sizes, z)
	}
	for i := range o.Runs {
		for _, z := range sizes {
			w, rss, err := timed(ctx, o.Self, "build", "--root", z.site, "--out", z.blOut)
			if err != nil {
				return nil, fmt.Errorf("breachline at %d entries: %w", z.n, err)
			}
			z.bl.Wall, z.bl.RSS = append(z.bl.Wall, w), append(z.bl.RSS, rss)
			logf(o, "%6d entries  run %d/%d  Breachline %6.2fs %5d MB", z.n, i+1, o.Runs, w.Seconds(), rss>>20)
			if o.Hugo == "" {
				continue
			}
			cache := filepath.Join(z.dir, "hugo-cache")
			for _, p := range []string{z.huOut, cache, filepath.Join(z.hsite, "resources")} {
				if err := os.RemoveAll(p); err != nil {
					return nil, err
				}
			}
			w, rss, err = timed(ctx, o.Hugo, "--source", z.hsite, "--destination", z.huOut, "--cacheDir", cache, "--quiet")
			if err != nil {
				return nil, fmt.Errorf("hugo at %d entries: %w", z.n, err)
			}
			z.hu.Wall, z.hu.RSS = append(z.hu.Wall, w), append(z.hu.RSS, rss)
			logf(o, "%6d entries  run %d/%d  Hugo       %6.2fs %5d MB", z.n, i+1, o.Runs, w.Seconds(), rss>>20)
		}
	}
	var out []Result
	for _, z := range sizes {
		var err error
		if z.bl.Files, z.bl.Bytes, err = count(z.blOut); err != nil {
			return nil, err
		}
		out = append(out, z.bl)
		if o.Hugo != "" {
			if z.hu.Files, z.hu.Bytes, err = count(z.huOut); err != nil {
				return nil, err
			}
			out = append(out, z.hu)
		}
	}
	return out, nil
}

func logf(o Options, format string, args ...any) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, format+"\n", args...)
	}
}

// corpus writes the two synthetic sites of n entries unless they exist with
// this seed, and gives the Breachline site the current layouts and static
// files and the Hugo site the current configuration and layouts (a corpus
// outlives the layouts it was made with).
func corpus(o Options, n int, site, hsite string) error {
	stamp := fmt.Sprintf("synthetic corpus: %d entries, seed %d\n", n, o.Seed)
	made := func(dir string) bool {
		b, err := os.ReadFile(filepath.Join(dir, ".bench-corpus"))
		return err == nil && string(b) == stamp
	}
	write := func(dir string, w func(string, int, uint64) error) error {
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		if err := w(dir, n, o.Seed); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, ".bench-corpus"), []byte(stamp), 0o644)
	}
	if !made(site) {
		if err := write(site, synth.Write); err != nil {
			return err
		}
	}
	for _, d := range []string{"layouts", "static"} {
		if err := os.RemoveAll(filepath.Join(site, d)); err != nil {
			return err
		}
		if err := os.CopyFS(filepath.Join(site, d), os.DirFS(filepath.Join(o.Root, d))); err != nil {
			return fmt.Errorf("copying %s/ into the corpus: %w", d, err)
		}
	}
	switch {
	case o.Hugo == "":
		return nil
	case made(hsite):
		return synth.WriteHugoConfig(hsite)
	}
	return write(hsite, synth.WriteHugo)
}

// timed runs one cold build: a fresh process, its output folder removed
// first. It returns the wall time and the peak resident set size.
func timed(ctx context.Context, name string, args ...string) (time.Duration, int64, error) {
	for i, a := range args {
		if (a == "--out" || a == "--destination") && i+1 < len(args) {
			if err := os.RemoveAll(args[i+1]); err != nil {
				return 0, 0, err
			}
		}
	}
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = int64(ru.Maxrss) * 1024 // kilobytes on Linux
	}
	return wall, rss, nil
}

// count is the files and bytes under dir.
func count(dir string) (int, int64, error) {
	files, bytes := 0, int64(0)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		bytes += info.Size()
		return nil
	})
	return files, bytes, err
}

func hugoVersion(hugo string) string {
	if hugo == "" {
		return ""
	}
	b, err := exec.Command(hugo, "version").Output()
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) > 1 {
		return f[1]
	}
	return strings.TrimSpace(string(b))
}

// Table writes the results as a Markdown table: per size, each tool's
// median wall time with min–max, median peak RSS, files and MiB written,
// and Breachline's time and memory as a ratio of Hugo's from the same run.
func Table(w io.Writer, rs []Result) {
	fmt.Fprintln(w, "| entries | tool | wall, median (min–max) | peak RSS, median | files | written | time vs Hugo | memory vs Hugo |")
	fmt.Fprintln(w, "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	for i, r := range rs {
		ratio, mem := "", ""
		if r.Tool == "Breachline" && i+1 < len(rs) && rs[i+1].Tool == "Hugo" && rs[i+1].Entries == r.Entries {
			h := rs[i+1]
			ratio = fmt.Sprintf("%.2f×", r.Median().Seconds()/h.Median().Seconds())
			mem = fmt.Sprintf("%.2f×", float64(r.MedianRSS())/float64(h.MedianRSS()))
		}
		tool := r.Tool
		if r.Version != "" {
			tool += " " + r.Version
		}
		fmt.Fprintf(w, "| %d | %s | %.2f s (%.2f–%.2f) | %d MB | %d | %.0f MiB | %s | %s |\n",
			r.Entries, tool, r.Median().Seconds(), slices.Min(r.Wall).Seconds(), slices.Max(r.Wall).Seconds(),
			r.MedianRSS()/1e6, r.Files, float64(r.Bytes)/(1<<20), ratio, mem)
	}
}

// JSON writes the raw results.
func JSON(w io.Writer, rs []Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rs)
}

// Machine describes where the bench ran, for the report.
func Machine() string {
	model := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			mem = fmt.Sprintf(", %.0f GiB", float64(kb)/(1<<20))
		}
	}
	return fmt.Sprintf("%s/%s, %d cores (GOMAXPROCS %d)%s, %s; %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), mem, model, runtime.Version())
}
