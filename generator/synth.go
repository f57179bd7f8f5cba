package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"breachline/generator/internal/synth"
)

func runSynth(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	n := fs.Int("entries", 1000, "how many entries to write")
	seed := fs.Uint64("seed", 1, "the random seed; the same seed writes the same site")
	out := fs.String("out", "", "the folder to create (must not exist, or be empty)")
	hugo := fs.Bool("hugo", false, "write the same entries as a Hugo site with the equivalent page set, for comparison")
	langs := fs.String("also", "", "other languages to publish the site in, such as nl,de: the vocabularies and entries get their text in them")
	shapeName := fs.String("shape", "light", "light (the bench's corpus until issue 20) or heavy (bodies, sources and timelines in the shape of real reporting)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" || *n < 0 {
		return usageError{"usage: synth --entries N [--seed S] --out DIR"}
	}
	start := time.Now()
	shape, err := synth.ParseShape(*shapeName)
	if err != nil {
		return usageError{err.Error()}
	}
	var also []string
	if *langs != "" {
		also = strings.Split(*langs, ",")
	}
	write := func(dir string, n int, seed uint64) error { return synth.WriteShaped(dir, n, seed, shape, also) }
	if *hugo {
		write = func(dir string, n int, seed uint64) error { return synth.WriteHugoShaped(dir, n, seed, shape) }
	}
	if err := write(*out, *n, *seed); err != nil {
		return err
	}
	what := "a Breachline site (add layouts/ and static/ to build it)"
	if *hugo {
		what = "a Hugo site"
	}
	fmt.Fprintf(e.stdout, "wrote %d synthetic entries as %s to %s in %s\n", *n, what, *out, time.Since(start).Round(time.Millisecond))
	return nil
}
