package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"breachline/generator/internal/config"
	"breachline/generator/internal/date"
	"breachline/generator/internal/reference"
	"breachline/generator/internal/schema"
)

// listFlag collects a flag given several times or as a comma-separated list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

func runNew(ctx context.Context, e *env, args []string) error {
	fset := flag.NewFlagSet("new", flag.ContinueOnError)
	fset.SetOutput(e.stderr)
	root := fset.String("root", ".", "the site's root folder (with config.yaml and content/)")
	title := fset.String("title", "", "the incident's one-line headline (required)")
	when := fset.String("date", "", "when it happened: YYYY, YYYY-MM, YYYY-MM-DD or an interval A/B (required)")
	var airlines listFlag
	fset.Var(&airlines, "airline", "an airline's key in config.yaml (required; repeat it or separate keys with commas)")
	vector := fset.String("vector", "", "the attack vector's key in config.yaml (optional: left to fill)")
	programme := fset.String("programme", "", "the loyalty programme's key in config.yaml (optional)")
	slug := fset.String("slug", "", "the words of the id after its date (default: from the title)")
	if err := parseFlags(fset, args); err != nil {
		return err
	}
	src, err := os.ReadFile(filepath.Join(*root, config.File))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no %s in %s: run from the site's root folder or pass --root", config.File, *root)
	}
	if err != nil {
		return err
	}
	cfg, _ := config.Parse(src) // check reports the config's own problems

	var problems []string
	if strings.TrimSpace(*title) == "" {
		problems = append(problems, "--title is required")
	}
	d, err := date.Parse(*when)
	if err != nil {
		problems = append(problems, "--date: "+err.Error())
	}
	if len(airlines) == 0 {
		problems = append(problems, "--airline is required")
	}
	known := func(flagName, kind, key string) {
		if cfg.Unread(kind) {
			return // nothing to check it against; check reports why
		}
		if d, ok := cfg.Resolve(schema.Ref{Kind: kind, Value: key, Path: "--" + flagName}); !ok {
			problems = append(problems, d.Msg)
		}
	}
	for _, a := range airlines {
		known("airline", "airlines", a)
	}
	if *vector != "" {
		known("vector", "vectors", *vector)
	}
	if *programme != "" {
		known("programme", "programmes", *programme)
	}
	if *slug == "" {
		*slug = reference.Slug(*title)
	}
	if *slug != "" && !schema.IsSlug(*slug) {
		problems = append(problems, fmt.Sprintf("--slug %q: use lower-case letters, digits and single hyphens", *slug))
	}
	if len(problems) > 0 {
		return usageError{strings.Join(problems, "\n  ")}
	}

	id := reference.ID(d, *slug)
	rel := reference.Path(id)
	p := filepath.Join(*root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return usageError{fmt.Sprintf("%s already exists; edit it, or choose another --slug", rel)}
	}
	if err != nil {
		return err
	}
	_, err = f.Write(reference.Scaffold(cfg, reference.Entry{
		Title: *title, Date: d, Airlines: airlines, Programme: *programme, Vector: *vector,
	}))
	if err = errors.Join(err, f.Close()); err != nil {
		os.Remove(p)
		return err
	}
	fmt.Fprintln(e.stdout, rel)
	fmt.Fprintln(e.stderr, "Fill in the fields marked \"to fill\", then: go run ./generator check")
	return nil
}
