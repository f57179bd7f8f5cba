package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"breachline/generator/internal/bench"
	"breachline/generator/internal/synth"
)

func runBench(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	sizes := fs.String("sizes", "1000,10000,50000", "entries per synthetic corpus, comma-separated")
	runs := fs.Int("runs", 5, "cold builds per tool and size; the median is reported")
	dir := fs.String("dir", defaultBenchDir(), "where corpora and outputs go (a tmpfs folder by default; pass a folder on disk to measure the disk)")
	root := fs.String("root", ".", "the site whose layouts/ and static/ the corpus uses")
	hugo := fs.String("hugo", "auto", `the hugo executable to measure against: a path (such as $(go env GOPATH)/bin/hugo), "auto" for the first on PATH, or "off"`)
	seed := fs.Uint64("seed", 1, "the corpus seed")
	jsonOut := fs.String("json", "", "also write the raw results as JSON to this file")
	shapeName := fs.String("shape", "light", "the corpus's entries: light (the bench's corpus until issue 20) or heavy (bodies, sources and timelines in the shape of real reporting)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	shape, err := synth.ParseShape(*shapeName)
	if err != nil {
		return usageError{err.Error()}
	}
	o := bench.Options{Runs: *runs, Dir: *dir, Seed: *seed, Shape: shape, Root: *root, Log: e.stderr}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return usageError{fmt.Sprintf("--sizes: %q is not a positive number", s)}
		}
		o.Sizes = append(o.Sizes, n)
	}
	switch *hugo {
	case "off":
	case "auto":
		if p, err := exec.LookPath("hugo"); err == nil {
			o.Hugo = p
		} else {
			fmt.Fprintln(e.stderr, "hugo is not installed (go install github.com/gohugoio/hugo@v0.165.0, or apt-get install hugo): measuring Breachline alone")
		}
	default:
		o.Hugo = *hugo
	}
	against := "" // which Hugo, as it says itself
	if o.Hugo != "" {
		v, err := bench.HugoVersion(ctx, o.Hugo)
		if err != nil {
			return usageError{"--hugo: " + err.Error()}
		}
		against = fmt.Sprintf("%s (%s)", v, o.Hugo)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	o.Self = self
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "bench: %s\ncorpora and outputs in %s\n", bench.Machine(), o.Dir)
	report := fmt.Sprintf("Machine: %s.", bench.Machine())
	if against != "" {
		fmt.Fprintf(e.stderr, "against %s\n", against)
		report += " Against " + against + "."
	}
	fast, all, err := bench.FastShare(ctx, o.Self, o.Root)
	if err != nil {
		return fmt.Errorf("checking the site at --root %s: %w", o.Root, err)
	}
	rs, err := bench.Run(ctx, o)
	if err != nil {
		return err
	}
	where, err := filepath.Abs(o.Root)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s Output in %s. %d cold builds per tool and size, in rounds. The fast YAML reader reads %d of the %d entries of the site in %s (check --stats).\n\n",
		report, o.Dir, o.Runs, fast, all, where)
	bench.Table(e.stdout, rs)
	if *jsonOut != "" {
		f, err := os.Create(*jsonOut)
		if err != nil {
			return err
		}
		if err := bench.JSON(f, rs); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	return nil
}

// defaultBenchDir is on tmpfs where there is one: disk writes on shared
// machines are too noisy to compare.
func defaultBenchDir() string {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		return "/dev/shm/breachline-bench"
	}
	return filepath.Join(os.TempDir(), "breachline-bench")
}
