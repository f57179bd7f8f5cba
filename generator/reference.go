package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"breachline/generator/internal/config"
	"breachline/generator/internal/diag"
	"breachline/generator/internal/reference"
	"breachline/generator/internal/route"
)

func runReference(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("reference", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	root := fs.String("root", ".", "the site's root folder (with config.yaml)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	files, err := referenceFiles(*root)
	if err != nil {
		return err
	}
	for _, f := range files {
		p := filepath.Join(*root, filepath.FromSlash(f.path))
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, f.data) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote %s\n", f.path)
	}
	return nil
}

type generated struct {
	path string
	data []byte
}

// referenceFiles are the repository files generated from the entry format
// and root's config.yaml, with what they must contain.
func referenceFiles(root string) ([]generated, error) {
	src, err := os.ReadFile(filepath.Join(root, config.File))
	if err != nil {
		return nil, err
	}
	cfg, diags := config.Parse(src)
	if len(diags) > 0 {
		var b bytes.Buffer
		diags.Write(&b, diag.Text)
		return nil, fmt.Errorf("fix config.yaml first:\n%s", b.String())
	}
	routes, err := route.New(string(cfg.BaseURL))
	if err != nil {
		return nil, err
	}
	inc, cfgSchema, err := reference.Schemas(cfg, routes.AbsURL)
	if err != nil {
		return nil, err
	}
	doc, err := os.ReadFile(filepath.Join(root, "CONTRIBUTING.md"))
	if err != nil {
		return nil, err
	}
	if doc, err = reference.Contributing(doc, cfg); err != nil {
		return nil, err
	}
	return []generated{
		{reference.IncidentSchema, inc},
		{reference.ConfigSchema, cfgSchema},
		{"CONTRIBUTING.md", doc},
		{reference.IssueForm, reference.Form(cfg)},
	}, nil
}
