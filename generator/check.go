package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"time"

	"breachline/generator/internal/blob"
	"breachline/generator/internal/content"
	"breachline/generator/internal/diag"
	"breachline/generator/internal/heap"
	"breachline/generator/internal/site"
	"breachline/generator/internal/vcs"
)

func runCheck(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	root := fs.String("root", ".", "the site's root folder (with config.yaml and content/)")
	format := fs.String("format", "text", "diagnostics format: text (file:line:col: message) or github (Actions annotations)")
	quiet := fs.Bool("quiet", false, "print only problems and the summary, not every entry checked")
	changed := fs.Bool("changed", false, "check only the entries the branch changes (against --base, with uncommitted and untracked files) and those that refer to them")
	base := fs.String("base", "main", "with --changed: the branch or commit the changes are measured from (its merge-base with HEAD)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (go tool pprof) to this file")
	untranslated := fs.Bool("untranslated", false, "also list, for each other language of the site (config.yaml also), the entries without a title and summary in it, and how many have their body in it (not an error)")
	stats := fs.Bool("stats", false, "also say how many entries' front matter the fast YAML reader read (the rest yaml.v3 read; the bench reports it)")
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
	var s *site.Site
	var diags diag.List
	if *changed {
		paths, err := vcs.Changed(ctx, *root, *base)
		if errors.Is(err, vcs.ErrNoRepo) {
			return usageError{"--changed needs git and a git repository; run check without it"}
		}
		if err != nil {
			return usageError{err.Error()}
		}
		s, diags, err = site.LoadChanged(ctx, os.DirFS(*root), paths)
		if err != nil {
			return err
		}
	} else {
		// The collector's pace for a batch job (see heap), with a floor of
		// 6 KiB an entry (at least 64 MiB) and so a ceiling of 7.5 KiB:
		// check keeps less of an entry than a build, but at Go's default
		// pace its heap reached twice what it keeps — at 50,000 heavy
		// entries 617 MB, more than the build's peak. With this floor: 390
		// MB, and 5.8 s rather than 6.1 s; a floor of 4 KiB took 352 MB
		// but 8.6 s.
		tuner := heap.Floor(64 << 20)
		defer tuner.Stop()
		if s, diags, err = site.LoadCounted(ctx, os.DirFS(*root), func(n int) { tuner.Raise(int64(n) * 6 << 10) }); err != nil {
			return err
		}
	}
	if !*quiet {
		for _, inc := range s.Incidents {
			fmt.Fprintf(e.stdout, "checked %s\n", diag.Escape(inc.Path))
		}
	}
	if err := diags.Write(e.stdout, f); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d entries, %d sources: %s in %s\n",
		s.Files, s.Sources(), plural(len(diags), "error"), time.Since(start).Round(time.Millisecond))
	if *untranslated {
		for _, lang := range s.Config.Also {
			var missing []string
			for _, inc := range s.Incidents {
				if !slices.ContainsFunc(inc.Translations, func(t content.Translation) bool { return t.Lang == lang }) {
					missing = append(missing, inc.Path)
				}
			}
			fmt.Fprintf(e.stdout, "untranslated into %s: %d of %d entries\n", lang, len(missing), len(s.Incidents))
			for _, p := range missing {
				fmt.Fprintf(e.stdout, "  %s\n", diag.Escape(p))
			}
			bodies := 0
			for _, inc := range s.Incidents {
				if slices.ContainsFunc(inc.Translations, func(t content.Translation) bool {
					return t.Lang == lang && (t.Body.Src != nil || t.HTML != (blob.Ref{}))
				}) {
					bodies++
				}
			}
			fmt.Fprintf(e.stdout, "bodies in %s: %d of %d entries (the others show the English body, marked as English)\n", lang, bodies, len(s.Incidents))
		}
	}
	if *stats {
		fast := 0
		for _, inc := range s.Incidents {
			if inc.FastYAML {
				fast++
			}
		}
		fmt.Fprintf(e.stdout, "fast YAML reader: %d of %d entries read\n", fast, len(s.Incidents))
	}
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
