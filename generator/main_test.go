package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		!strings.Contains(out, "2 entries, 4 sources: no errors in ") {
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
