package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"breachline/generator/internal/synth"
)

func runSynth(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	n := fs.Int("entries", 1000, "how many entries to write")
	seed := fs.Uint64("seed", 1, "the random seed; the same seed writes the same site")
	out := fs.String("out", "", "the folder to create (must not exist, or be empty)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" || *n < 0 {
		return usageError{"usage: synth --entries N [--seed S] --out DIR"}
	}
	start := time.Now()
	if err := synth.Write(*out, *n, *seed); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d synthetic entries and config.yaml to %s in %s (add layouts/ and static/ to build it)\n", *n, *out, time.Since(start).Round(time.Millisecond))
	return nil
}
