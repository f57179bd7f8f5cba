package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func runArgs(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), &env{stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

const fixture = "internal/site/testdata/valid"

func TestCheckExitCodes(t *testing.T) {
	code, out, _ := runArgs(t, "check", "--root", fixture)
	if code != 0 || !strings.Contains(out, "checked content/incidents/2019/2019-12-09-fixture-mixup.md") ||
		!strings.Contains(out, "2 entries, 5 sources: no errors in ") {
		t.Errorf("clean site: exit %d, output:\n%s", code, out)
	}

	broken := t.TempDir()
	copyTree(t, fixture, broken)
	p := filepath.Join(broken, "content/incidents/2023/2023-01-fixture-takeover.md")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(b, []byte("vector: account-takeover"), []byte("vector: acount-takeover"), 1), 0o644)
	code, out, _ = runArgs(t, "check", "--root", broken, "--format", "github", "--quiet")
	want := "::error file=content/incidents/2023/2023-01-fixture-takeover.md,line=6,col=9,title=unknown-key::vector: unknown vector \"acount-takeover\"; did you mean \"account-takeover\"?\n"
	if code != 1 || !strings.HasPrefix(out, want) || !strings.Contains(out, "1 error in") {
		t.Errorf("broken site: exit %d, output:\n%s\nwant it to start with:\n%s", code, out, want)
	}

	for _, args := range [][]string{
		{"check", "--format", "xml"},
		{"check", "extra"},
		{"check", "--no-such-flag"},
		{"nonsense"},
		{},
		{"check", "--root", t.TempDir()}, // no config.yaml: a usage/system error
	} {
		if code, _, errOut := runArgs(t, args...); code != 2 || errOut == "" {
			t.Errorf("%q: exit %d, stderr %q; want 2 and a message", args, code, errOut)
		}
	}
	if code, _, errOut := runArgs(t, "help"); code != 0 || !strings.Contains(errOut, "check") {
		t.Errorf("help: exit %d, %q", code, errOut)
	}
}

// TestCheckSourcingRule: an entry that breaks a sourcing rule (a data field
// no high-reliability source claims) fails check with a positioned
// diagnostic, in text and as a GitHub annotation titled with the rule.
func TestCheckSourcingRule(t *testing.T) {
	broken := t.TempDir()
	copyTree(t, fixture, broken)
	p := filepath.Join(broken, "content/incidents/2023/2023-01-fixture-takeover.md")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(b, []byte("      exposed: [name, email]"), []byte("      exposed: [name]"), 1), 0o644)
	msg := `data.exposed[1]: "email" is recorded as exposed, but no source of high reliability claims so; add it to the claims.exposed of a source that says so, or leave it out`
	code, out, _ := runArgs(t, "check", "--root", broken, "--quiet")
	if want := "content/incidents/2023/2023-01-fixture-takeover.md:13:19: " + msg + "\n"; code != 1 || !strings.HasPrefix(out, want) {
		t.Errorf("text: exit %d, output:\n%s\nwant it to start with:\n%s", code, out, want)
	}
	code, out, _ = runArgs(t, "check", "--root", broken, "--format", "github", "--quiet")
	if want := "::error file=content/incidents/2023/2023-01-fixture-takeover.md,line=13,col=19,title=unsourced-data::" + msg + "\n"; code != 1 || !strings.HasPrefix(out, want) {
		t.Errorf("github: exit %d, output:\n%s\nwant it to start with:\n%s", code, out, want)
	}
}

// TestCheckStats: check --stats counts the entries the fast YAML reader
// read (the fixture's other entry has flow mappings, which it leaves to
// yaml.v3); one it declines, for an escaped quote in the title, still
// passes check, read by yaml.v3.
func TestCheckStats(t *testing.T) {
	root := t.TempDir()
	copyTree(t, fixture, root)
	code, out, _ := runArgs(t, "check", "--root", root, "--quiet", "--stats")
	if code != 0 || !strings.Contains(out, "fast YAML reader: 1 of 2 entries read\n") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	p := filepath.Join(root, "content/incidents/2023/2023-01-fixture-takeover.md")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(b, []byte("title: Accounts taken over"), []byte(`title: "Accounts \"taken\" over"`), 1), 0o644)
	code, out, _ = runArgs(t, "check", "--root", root, "--quiet", "--stats")
	if code != 0 || !strings.Contains(out, "fast YAML reader: 0 of 2 entries read\n") {
		t.Errorf("escaped quote: exit %d, output:\n%s", code, out)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBuildRefusesDangerousOutput(t *testing.T) {
	root := t.TempDir()
	copyTree(t, fixture, root)
	for _, out := range []string{root, filepath.Join(root, "content"), filepath.Join(root, "content/incidents"), filepath.Dir(root)} {
		if code, _, errOut := runArgs(t, "build", "--root", root, "--out", out); code != 2 || errOut == "" {
			t.Errorf("--out %s: exit %d; want 2 and a message", out, code)
		}
	}
	foreign := t.TempDir()
	os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644)
	if code, _, _ := runArgs(t, "build", "--root", root, "--out", foreign); code == 0 {
		t.Error("build replaced a folder it did not create")
	}
	if b, _ := os.ReadFile(filepath.Join(foreign, "notes.txt")); string(b) != "mine" {
		t.Error("the user's file was touched")
	}
}

// A new site builds before it has any history: with no git at all, and
// just after git init, before the first commit. Its pages carry no
// last-changed date until there is a commit to take one from.
func TestBuildNewRepository(t *testing.T) {
	root := t.TempDir()
	copyTree(t, fixture, root)
	copyTree(t, "../layouts", filepath.Join(root, "layouts"))
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "GIT_") {
			t.Setenv(k, "") // restored when the test ends
			os.Unsetenv(k)
		}
	}
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(root))
	t.Setenv("GIT_CONFIG_GLOBAL", os.DevNull)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	build := func(when string) {
		t.Helper()
		out := filepath.Join(t.TempDir(), "public")
		code, stdout, stderr := runArgs(t, "build", "--root", root, "--out", out)
		if code != 0 {
			t.Fatalf("%s: build exit %d:\n%s%s", when, code, stdout, stderr)
		}
		page, err := os.ReadFile(filepath.Join(out, "incidents/2023-01-fixture-takeover/index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(page), "last changed") {
			t.Errorf("%s: a page has a last-changed date without history", when)
		}
	}

	path := os.Getenv("PATH")
	t.Setenv("PATH", t.TempDir())
	build("no git")
	t.Setenv("PATH", path)

	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	if out, err := exec.Command(git, "-C", root, "init", "-q").CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	build("after git init")
}

// serve in a folder that is no site stops at once, as build does: exit 2
// and build's message, rather than serving "not built yet" forever.
func TestServeOutsideSite(t *testing.T) {
	dir := t.TempDir()
	code, _, buildErr := runArgs(t, "build", "--root", dir, "--out", filepath.Join(t.TempDir(), "public"))
	if code != 2 || !strings.HasPrefix(buildErr, "breachline build: ") {
		t.Fatalf("build outside a site: exit %d, stderr %q", code, buildErr)
	}
	// Should serve keep running, the deadline stops it (and it exits 0).
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	code = run(ctx, &env{stdout: &out, stderr: &errb}, []string{"serve", "--root", dir, "--addr", "127.0.0.1:0"})
	want := "breachline serve: " + strings.TrimPrefix(buildErr, "breachline build: ")
	if code != 2 || errb.String() != want || ctx.Err() != nil {
		t.Errorf("serve outside a site: exit %d, stderr %q, stdout %q; want exit 2 at once and stderr %q", code, errb.String(), out.String(), want)
	}
}

// TestCheckUntranslated: check --untranslated lists, per other language of
// the site, the entries without a title and summary in it; a translation
// makes an entry drop off the list.
func TestCheckUntranslated(t *testing.T) {
	root := t.TempDir()
	copyTree(t, filepath.Join("internal", "site", "testdata", "valid"), root)
	cfg := filepath.Join(root, "config.yaml")
	b, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, bytes.Replace(b, []byte("language: en\n"), []byte("language: en\nalso: [nl]\n"), 1), 0o644)
	p := filepath.Join(root, "content/incidents/2023/2023-01-fixture-takeover.md")
	e, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(e, []byte("\n---\nAttackers"), []byte("\ntranslations:\n  nl: {title: Accounts overgenomen, summary: Aanvallers logden in op accounts van leden.}\n---\nAttackers"), 1), 0o644)
	_, out, _ := runArgs(t, "check", "--root", root, "--quiet", "--untranslated")
	want := "untranslated into nl: 1 of 2 entries\n  content/incidents/2019/2019-12-09-fixture-mixup.md\n"
	if !strings.Contains(out, want) {
		t.Errorf("output:\n%s\nwant it to contain:\n%s", out, want)
	}
	// The vocabularies have no Dutch text: that is an error, at its line.
	if !strings.Contains(out, "config.yaml:") || !strings.Contains(out, "no nl text") {
		t.Errorf("the untranslated vocabulary is not reported:\n%s", out)
	}
}

// TestVersion: version and --version say what the binary is.
func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		code, out, _ := runArgs(t, arg)
		if code != 0 || !strings.HasPrefix(out, "breachline ") || !strings.Contains(out, "go1.") {
			t.Errorf("%s: %d %q", arg, code, out)
		}
	}
}
