package main

import (
	"go/build"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The package graph is policy, in the style of Go's own
// src/go/build/deps_test.go: a package of ours may import another only where
// this file says so, and a library outside the standard one, or a standard
// package that reaches outside the process, only from the packages named for
// it. A new import that breaks the layering fails TestDeps; change the policy
// here, in the same pull request, and say why.
//
// The grammar: rules separated by ";". "a, b < c" lets c import a and b and
// everything a and b may import. A name alone declares a leaf, which imports
// no package of ours. Names are the paths below breachline/generator/internal,
// and "main" is the command, breachline/generator.
const internalPolicy = `
	# Leaves: the standard library and at most one outside library each.
	blob, date, diag, heap, htmlexec, markdown, output, serve, synth, vcs, watch;

	# The content model: schema and diagnostics, then config and entries.
	diag < schema < config;
	blob, date, schema < content;

	# Words, dates and numbers in each language of the site.
	date, diag < i18n;

	# What is derived from the content, and where each page goes.
	config, content, i18n, markdown < index < route;
	config, content, date, schema < reference;
	config, content, diag, markdown, schema < validate;

	# Executing the plan, and the one pipeline of check, build and serve.
	htmlexec, i18n, output, reference, route < render;
	render, validate < site;
	synth < bench;

	# The command wires the stages to the machine.
	bench, heap, serve, site, vcs, watch < main;
`

// restricted names the imports that only some packages may use: the outside
// libraries (a path ending in "/..." covers the paths below it) and the
// standard packages that reach outside the process or around the type
// system. Any import outside the standard library that is not listed here
// fails: a new dependency is a decision, not an accident.
var restricted = map[string][]string{
	"github.com/yuin/goldmark/...":        {"markdown"},
	"github.com/alecthomas/chroma/v2/...": {"markdown"},
	"gopkg.in/yaml.v3":                    {"schema", "config", "content"},
	"github.com/fsnotify/fsnotify":        {"watch"},
	"net/http":                            {"serve", "main"},
	"net":                                 {"serve", "main"},
	"os/exec":                             {"vcs", "bench", "main"},
	"unsafe":                              {"blob", "render"},
}

const module = "breachline/generator"

// short is a package's name in the policy.
func short(importPath string) (string, bool) {
	if importPath == module {
		return "main", true
	}
	name, ok := strings.CutPrefix(importPath, module+"/internal/")
	return name, ok
}

// parsePolicy returns, for each package, the set of our packages it may
// import, closed under the transitive rule.
func parsePolicy(t *testing.T, policy string) map[string]map[string]bool {
	t.Helper()
	allowed := map[string]map[string]bool{}
	declare := func(name string) {
		if allowed[name] == nil {
			allowed[name] = map[string]bool{}
		}
	}
	var lines []string
	for line := range strings.Lines(policy) {
		line, _, _ = strings.Cut(line, "#")
		lines = append(lines, line)
	}
	for rule := range strings.SplitSeq(strings.Join(lines, " "), ";") {
		var tiers [][]string
		for tier := range strings.SplitSeq(rule, "<") {
			var names []string
			for name := range strings.SplitSeq(tier, ",") {
				if name = strings.TrimSpace(name); name != "" {
					names = append(names, name)
				}
			}
			tiers = append(tiers, names)
		}
		if len(tiers) == 1 && len(tiers[0]) == 0 {
			continue
		}
		for i, tier := range tiers {
			if len(tier) == 0 {
				t.Fatalf("policy rule %q has an empty tier", strings.TrimSpace(rule))
			}
			for _, name := range tier {
				declare(name)
				if i == 0 {
					continue
				}
				for _, below := range tiers[i-1] {
					if below == name {
						t.Fatalf("policy rule %q: %s below itself", strings.TrimSpace(rule), name)
					}
					allowed[name][below] = true
					for b := range allowed[below] {
						allowed[name][b] = true
					}
				}
			}
		}
	}
	return allowed
}

// ourPackages reads every package below generator/, its non-test imports by
// its policy name.
func ourPackages(t *testing.T) map[string][]string {
	t.Helper()
	pkgs := map[string][]string{}
	err := filepath.WalkDir(".", func(dir string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if base := d.Name(); dir != "." && (base == "testdata" || strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_")) {
			return filepath.SkipDir
		}
		p, err := build.ImportDir(dir, 0)
		if _, none := err.(*build.NoGoError); none {
			return nil
		}
		if err != nil {
			return err
		}
		ip := module
		if dir != "." {
			ip += "/" + filepath.ToSlash(dir)
		}
		name, ok := short(ip)
		if !ok {
			t.Errorf("%s: a package outside internal/; the policy has no name for it", ip)
			return nil
		}
		pkgs[name] = p.Imports
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

func restrictedKey(imp string) (string, bool) {
	if _, ok := restricted[imp]; ok {
		return imp, true
	}
	for key := range restricted {
		if prefix, ok := strings.CutSuffix(key, "/..."); ok && (imp == prefix || strings.HasPrefix(imp, prefix+"/")) {
			return key, true
		}
	}
	return "", false
}

// standard reports whether an import path is the standard library's: no dot
// in its first element.
func standard(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return !strings.Contains(first, ".")
}

// violations lists every import of pkgs that the policy does not allow.
func violations(allowed map[string]map[string]bool, pkgs map[string][]string) []string {
	var bad []string
	for name, imports := range pkgs {
		may, known := allowed[name]
		if !known {
			bad = append(bad, name+": a package the policy does not name; add it to internalPolicy in deps_test.go")
			continue
		}
		for _, imp := range imports {
			if ours, ok := short(imp); ok {
				if !may[ours] {
					bad = append(bad, name+" imports "+ours+", which the policy does not allow")
				}
				continue
			}
			if key, ok := restrictedKey(imp); ok {
				if !slices.Contains(restricted[key], name) {
					bad = append(bad, name+" imports "+imp+", allowed only in "+strings.Join(restricted[key], ", "))
				}
				continue
			}
			if !standard(imp) {
				bad = append(bad, name+" imports "+imp+", a library the policy does not list; add it to restricted in deps_test.go")
			}
		}
	}
	slices.Sort(bad)
	return bad
}

func TestDeps(t *testing.T) {
	allowed := parsePolicy(t, internalPolicy)
	pkgs := ourPackages(t)
	if len(pkgs) < 20 {
		t.Fatalf("found %d packages of ours; the walk missed some", len(pkgs))
	}
	for _, v := range violations(allowed, pkgs) {
		t.Error(v)
	}
	for name := range allowed {
		if _, ok := pkgs[name]; !ok {
			t.Errorf("the policy names %s, which is no package of ours", name)
		}
	}
	for key, who := range restricted {
		for _, name := range who {
			if _, ok := pkgs[name]; !ok {
				t.Errorf("restricted[%q] names %s, which is no package of ours", key, name)
			}
		}
	}
}

// TestDepsPolicy shows the checker catches what it is for: an import across
// the layers, a restricted library in the wrong package, an unlisted library
// and a package the policy does not know.
func TestDepsPolicy(t *testing.T) {
	allowed := parsePolicy(t, internalPolicy)
	if !allowed["site"]["diag"] || !allowed["render"]["schema"] {
		t.Fatalf("the transitive rule is not applied: site→diag %v, render→schema %v", allowed["site"]["diag"], allowed["render"]["schema"])
	}
	if allowed["index"]["route"] || allowed["markdown"]["content"] {
		t.Fatal("the policy allows an import upward")
	}
	got := violations(allowed, map[string][]string{
		"content":  {"fmt", module + "/internal/render"},
		"index":    {"github.com/yuin/goldmark/ast"},
		"schema":   {"net/http"},
		"date":     {"example.com/leftpad"},
		"markdown": {"github.com/yuin/goldmark", "github.com/alecthomas/chroma/v2/lexers"},
		"newpkg":   nil,
	})
	want := []string{
		"content imports render, which the policy does not allow",
		"date imports example.com/leftpad, a library the policy does not list; add it to restricted in deps_test.go",
		"index imports github.com/yuin/goldmark/ast, allowed only in markdown",
		"newpkg: a package the policy does not name; add it to internalPolicy in deps_test.go",
		"schema imports net/http, allowed only in serve, main",
	}
	if !slices.Equal(got, want) {
		t.Errorf("violations:\n got %q\nwant %q", got, want)
	}
}
