package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"breachline/generator/internal/diag"
	"breachline/generator/internal/site"
)

func runCheck(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	root := fs.String("root", ".", "the site's root folder (with config.yaml and content/)")
	format := fs.String("format", "text", "diagnostics format: text (file:line:col: message) or github (Actions annotations)")
	quiet := fs.Bool("quiet", false, "print only problems and the summary, not every entry checked")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (go tool pprof) to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	f, err := diag.ParseFormat(*format)
	if err != nil {
		return usageError{err.Error()}
	}

	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	start := time.Now()
	s, diags, err := site.Load(ctx, os.DirFS(*root))
	if err != nil {
		return err
	}
	if !*quiet {
		for _, inc := range s.Incidents {
			fmt.Fprintf(e.stdout, "checked %s\n", inc.Path)
		}
	}
	if err := diags.Write(e.stdout, f); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d entries, %d sources: %s in %s\n",
		s.Files, s.Sources(), plural(len(diags), "error"), time.Since(start).Round(time.Millisecond))
	if len(diags) > 0 {
		return exitError{1}
	}
	return nil
}

func plural(n int, what string) string {
	switch n {
	case 0:
		return "no " + what + "s"
	case 1:
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
