// Package bench measures full, cold builds of synthetic sites: Breachline
// and, where it is installed, Hugo on the equivalent Hugo site generated
// from the same corpus, and Breachline's check of the same site (which must
// never need more memory than its build). Each build is a fresh process into an output folder
// removed beforehand, measured by its wall time and, from its rusage, its
// CPU time (user + sys) and peak RSS. The two tools and the sizes take
// turns, round after round, so that the noise of a shared machine falls on
// all of them alike; the ratios between the tools are taken within each
// round.
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
	Shape synth.Shape // the corpus's entries: light or heavy
	Self  string      // the Breachline executable
	Root  string      // the site whose layouts/ and static/ the corpus uses
	Hugo  string      // the hugo executable; "" skips Hugo
	Log   io.Writer   // progress, one line a build
}

// build is what one cold build took.
type build struct {
	wall, user, sys time.Duration
	rss             int64
	stdout          string
}

func (r *Result) add(b build) {
	r.Wall, r.User, r.Sys, r.RSS = append(r.Wall, b.wall), append(r.User, b.user), append(r.Sys, b.sys), append(r.RSS, b.rss)
}

// Result is one tool at one size. The i-th element of each list is the
// build of round i.
type Result struct {
	Tool    string          `json:"tool"`
	Entries int             `json:"entries"`
	Wall    []time.Duration `json:"wall_ns"`
	User    []time.Duration `json:"user_ns"` // CPU time in user mode (the process's rusage)
	Sys     []time.Duration `json:"sys_ns"`  // and in the kernel
	RSS     []int64         `json:"peak_rss_bytes"`
	Files   int             `json:"files"`
	Bytes   int64           `json:"bytes"`
	Version string          `json:"version,omitempty"` // Hugo's, from hugo version
	// VsHugo is, on Breachline's result where Hugo ran, Breachline's
	// figures over Hugo's from the same round.
	VsHugo *Versus `json:"vs_hugo,omitempty"`
	// VsBuild is, on the check's result, its figures over the build's
	// from the same round.
	VsBuild *Versus `json:"vs_build,omitempty"`
	// FastYAML is, on the check's result, how many entries' front matter
	// the fast YAML reader read (check --stats); yaml.v3 read the rest.
	FastYAML int `json:"fast_yaml_entries,omitempty"`
}

// The tools of the results.
const (
	ToolBuild = "Breachline"
	ToolCheck = "Breachline check"
	ToolHugo  = "Hugo"
)

// Versus holds ratios, one a round: one command's wall time, CPU time and
// peak RSS over another's.
type Versus struct {
	Wall []float64 `json:"wall"`
	CPU  []float64 `json:"cpu"`
	RSS  []float64 `json:"peak_rss"`
}

// Median is the median wall time.
func (r Result) Median() time.Duration { return median(r.Wall) }

// CPU is the CPU time (user + sys) of each build.
func (r Result) CPU() []time.Duration {
	cpu := make([]time.Duration, len(r.User))
	for i := range r.User {
		cpu[i] = r.User[i] + r.Sys[i]
	}
	return cpu
}

// MedianCPU is the median CPU time (user + sys).
func (r Result) MedianCPU() time.Duration { return median(r.CPU()) }

// MedianRSS is the median peak RSS.
func (r Result) MedianRSS() int64 { return median(r.RSS) }

// versus is a's figures over b's, round by round.
func versus(a, b Result) *Versus {
	v := &Versus{}
	aCPU, bCPU := a.CPU(), b.CPU()
	for i := range min(len(a.Wall), len(b.Wall)) {
		v.Wall = append(v.Wall, a.Wall[i].Seconds()/b.Wall[i].Seconds())
		v.CPU = append(v.CPU, aCPU[i].Seconds()/bCPU[i].Seconds())
		v.RSS = append(v.RSS, float64(a.RSS[i])/float64(b.RSS[i]))
	}
	return v
}

func median[T int64 | float64 | time.Duration](xs []T) T {
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

// Run builds every size Runs times with each tool, and checks it Runs times
// with Breachline, and returns the results: at each size Breachline's build,
// its check, then Hugo's build. The runs go in rounds — each round builds
// every size once with each tool — so that a machine that speeds up or
// slows down over the minutes a bench takes does so for every size alike,
// and the ratio between sizes holds as well as the ratio between tools.
func Run(ctx context.Context, o Options) ([]Result, error) {
	if o.Runs < 1 {
		return nil, errors.New("bench: runs must be at least 1")
	}
	var version string
	if o.Hugo != "" {
		line, err := HugoVersion(ctx, o.Hugo)
		if err != nil {
			return nil, err
		}
		if f := strings.Fields(line); len(f) > 1 {
			version = f[1]
		}
	}
	type size struct {
		n                int
		site, hsite, dir string
		blOut, huOut     string
		bl, ck, hu       Result
	}
	var sizes []*size
	for _, n := range o.Sizes {
		dir := filepath.Join(o.Dir, fmt.Sprint(n))
		z := &size{n: n, dir: dir, site: filepath.Join(dir, "site"), hsite: filepath.Join(dir, "hugo-site"),
			blOut: filepath.Join(dir, "out-breachline"), huOut: filepath.Join(dir, "out-hugo")}
		if err := corpus(o, n, z.site, z.hsite); err != nil {
			return nil, err
		}
		z.bl = Result{Tool: ToolBuild, Entries: n}
		z.ck = Result{Tool: ToolCheck, Entries: n}
		z.hu = Result{Tool: ToolHugo, Entries: n, Version: version}
		sizes = append(sizes, z)
	}
	for i := range o.Runs {
		for _, z := range sizes {
			b, err := timed(ctx, o.Self, "build", "--root", z.site, "--out", z.blOut)
			if err != nil {
				return nil, fmt.Errorf("breachline at %d entries: %w", z.n, err)
			}
			z.bl.add(b)
			logf(o, "%6d entries  run %d/%d  Breachline %s", z.n, i+1, o.Runs, b)
			c, err := timed(ctx, o.Self, "check", "--root", z.site, "--quiet", "--stats")
			if err != nil {
				return nil, fmt.Errorf("breachline check at %d entries: %w", z.n, err)
			}
			if z.ck.FastYAML, _, err = fastShare(c.stdout); err != nil {
				return nil, fmt.Errorf("breachline check at %d entries: %w", z.n, err)
			}
			z.ck.add(c)
			logf(o, "%6d entries  run %d/%d  check      %s  (check/build: peak RSS %.2f×)",
				z.n, i+1, o.Runs, c, float64(c.rss)/float64(b.rss))
			if o.Hugo == "" {
				continue
			}
			cache := filepath.Join(z.dir, "hugo-cache")
			for _, p := range []string{z.huOut, cache, filepath.Join(z.hsite, "resources")} {
				if err := os.RemoveAll(p); err != nil {
					return nil, err
				}
			}
			h, err := timed(ctx, o.Hugo, "--source", z.hsite, "--destination", z.huOut, "--cacheDir", cache, "--quiet")
			if err != nil {
				return nil, fmt.Errorf("hugo at %d entries: %w", z.n, err)
			}
			z.hu.add(h)
			logf(o, "%6d entries  run %d/%d  Hugo       %s  (Breachline/Hugo: wall %.2f×, CPU %.2f×)",
				z.n, i+1, o.Runs, h, b.wall.Seconds()/h.wall.Seconds(), (b.user+b.sys).Seconds()/(h.user+h.sys).Seconds())
		}
	}
	var out []Result
	for _, z := range sizes {
		var err error
		if z.bl.Files, z.bl.Bytes, err = count(z.blOut); err != nil {
			return nil, err
		}
		z.ck.VsBuild = versus(z.ck, z.bl)
		if o.Hugo == "" {
			out = append(out, z.bl, z.ck)
			continue
		}
		if z.hu.Files, z.hu.Bytes, err = count(z.huOut); err != nil {
			return nil, err
		}
		z.bl.VsHugo = versus(z.bl, z.hu)
		out = append(out, z.bl, z.ck, z.hu)
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
	if o.Shape == synth.Heavy {
		stamp = fmt.Sprintf("synthetic corpus: %d heavy entries, seed %d\n", n, o.Seed)
	}
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
		if err := write(site, func(dir string, n int, seed uint64) error { return synth.WriteShaped(dir, n, seed, o.Shape, nil) }); err != nil {
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
	return write(hsite, func(dir string, n int, seed uint64) error { return synth.WriteHugoShaped(dir, n, seed, o.Shape) })
}

func (b build) String() string {
	return fmt.Sprintf("%6.2fs wall %6.2fs CPU %5d MB", b.wall.Seconds(), (b.user + b.sys).Seconds(), b.rss/1e6)
}

// timed runs one cold build: a fresh process, its output folder removed
// first. It returns the wall time, and from the process's rusage its CPU
// time (its own and that of any children it waited for) and peak resident
// set size.
func timed(ctx context.Context, name string, args ...string) (build, error) {
	for i, a := range args {
		if (a == "--out" || a == "--destination") && i+1 < len(args) {
			if err := os.RemoveAll(args[i+1]); err != nil {
				return build{}, err
			}
		}
	}
	cmd := exec.CommandContext(ctx, name, args...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return build{}, fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	b := build{wall: wall, stdout: stdout.String()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		b.user = time.Duration(ru.Utime.Nano())
		b.sys = time.Duration(ru.Stime.Nano())
		b.rss = int64(ru.Maxrss) * 1024 // kilobytes on Linux
	}
	return b, nil
}

// FastShare is how many of the entries of the site at root the fast YAML
// reader reads, and how many there are, as self's check --stats says.
func FastShare(ctx context.Context, self, root string) (fast, all int, err error) {
	b, err := timed(ctx, self, "check", "--root", root, "--quiet", "--stats")
	if err != nil {
		return 0, 0, err
	}
	return fastShare(b.stdout)
}

func fastShare(stdout string) (fast, all int, err error) {
	for line := range strings.Lines(stdout) {
		if _, err := fmt.Sscanf(line, "fast YAML reader: %d of %d entries read", &fast, &all); err == nil {
			return fast, all, nil
		}
	}
	return 0, 0, fmt.Errorf("check --stats said nothing of the fast YAML reader:\n%s", stdout)
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

// HugoVersion is what `hugo version` says, e.g. "hugo v0.165.0 linux/amd64
// BuildDate=unknown". A hugo that cannot say is no hugo to measure.
func HugoVersion(ctx context.Context, hugo string) (string, error) {
	var stderr strings.Builder
	cmd := exec.CommandContext(ctx, hugo, "version")
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	line := strings.TrimSpace(string(b))
	switch {
	case err != nil && stderr.Len() > 0:
		err = fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	case err == nil && !strings.HasPrefix(line, "hugo "):
		err = fmt.Errorf("unexpected output %q", line)
	}
	if err != nil {
		return "", fmt.Errorf("%s version: %w", hugo, err)
	}
	return line, nil
}

// Table writes the results as Markdown. First a table with, per size,
// each tool's median wall time and CPU time (user + sys) with min–max,
// median peak RSS, files and MiB written, and Breachline's wall time, CPU
// time and peak RSS over Hugo's: the median of the rounds' ratios, each
// taken between builds minutes apart at most. Then those ratios round by
// round, where Hugo ran, and the check's over the build's.
func Table(w io.Writer, rs []Result) {
	fmt.Fprintln(w, "| entries | tool | wall, median (min–max) | CPU, median (min–max) | peak RSS, median | files | written | time vs Hugo | CPU vs Hugo | memory vs Hugo |")
	fmt.Fprintln(w, "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	var vsHugo, vsBuild []ratios
	for _, r := range rs {
		var wall, cpu, mem string
		if v := r.VsHugo; v != nil && len(v.Wall) > 0 {
			wall, cpu, mem = times(median(v.Wall)), times(median(v.CPU)), times(median(v.RSS))
			vsHugo = append(vsHugo, ratios{r.Entries, v})
		}
		if v := r.VsBuild; v != nil && len(v.Wall) > 0 {
			vsBuild = append(vsBuild, ratios{r.Entries, v})
		}
		tool := r.Tool
		if r.Version != "" {
			tool += " " + strings.TrimPrefix(r.Version, "v")
		}
		files, written := fmt.Sprint(r.Files), fmt.Sprintf("%.0f MiB", float64(r.Bytes)/(1<<20))
		if r.Tool == ToolCheck {
			files, written = "–", "–"
		}
		fmt.Fprintf(w, "| %d | %s | %s | %s | %d MB | %s | %s | %s | %s | %s |\n",
			r.Entries, tool, spread(r.Wall), spread(r.CPU()), r.MedianRSS()/1e6, files, written, wall, cpu, mem)
	}
	for _, r := range rs {
		if r.Tool == ToolCheck {
			fmt.Fprintf(w, "\nAt %d entries the fast YAML reader read %d entries' front matter, yaml.v3 the other %d.\n", r.Entries, r.FastYAML, r.Entries-r.FastYAML)
		}
	}
	roundByRound(w, "Breachline over Hugo, round by round:", vsHugo)
	roundByRound(w, "Breachline's check over its build of the same site, round by round:", vsBuild)
}

type ratios struct {
	entries int
	v       *Versus
}

// roundByRound writes a table of ratios with a column a round and their
// median.
func roundByRound(w io.Writer, title string, rows []ratios) {
	if len(rows) == 0 {
		return
	}
	rounds := 0
	for _, r := range rows {
		rounds = max(rounds, len(r.v.Wall))
	}
	fmt.Fprintf(w, "\n%s\n\n| entries | ratio of |", title)
	for i := range rounds {
		fmt.Fprintf(w, " round %d |", i+1)
	}
	fmt.Fprintf(w, " median |\n| ---: | --- |%s ---: |\n", strings.Repeat(" ---: |", rounds))
	for _, r := range rows {
		for _, row := range []struct {
			what string
			xs   []float64
		}{{"wall time", r.v.Wall}, {"CPU time", r.v.CPU}, {"peak RSS", r.v.RSS}} {
			fmt.Fprintf(w, "| %d | %s |", r.entries, row.what)
			for i := range rounds {
				cell := ""
				if i < len(row.xs) {
					cell = times(row.xs[i])
				}
				fmt.Fprintf(w, " %s |", cell)
			}
			fmt.Fprintf(w, " %s |\n", times(median(row.xs)))
		}
	}
}

func times(x float64) string { return fmt.Sprintf("%.2f×", x) }

// spread is a median with the min–max of the builds, in seconds.
func spread(ds []time.Duration) string {
	if len(ds) == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f s (%.2f–%.2f)", median(ds).Seconds(), slices.Min(ds).Seconds(), slices.Max(ds).Seconds())
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
