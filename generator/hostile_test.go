package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHostileFileNames: a file name chosen to forge CI annotations or
// terminal output (a newline, then a workflow command; escape sequences; a
// right-to-left override) reaches neither the log nor the terminal raw,
// in any format, from check, build or serve's lines: every line of output
// starts as Breachline starts it, and the name is refused for what it is
// before anything else is said about the file.
func TestHostileFileNames(t *testing.T) {
	root := t.TempDir()
	copyTree(t, fixture, root)
	names := []string{
		"2020-01-01-x\n::warning file=README.md,line=1::forged annotation.md",
		"2020-01-01-y\n::stop-commands::silenced.md",
		"2020-01-01-\x1b[2J\x1b[31mred.md",
		"2020-01-01-\u202egnp.md",
	}
	entry, _ := os.ReadFile(filepath.Join(fixture, "content/incidents/2019/2019-12-09-fixture-mixup.md"))
	os.MkdirAll(filepath.Join(root, "content/incidents/2020"), 0o755)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(root, "content/incidents/2020", n), entry, 0o644); err != nil {
			t.Skipf("this file system refuses the name %q: %v", n, err)
		}
	}
	for _, args := range [][]string{
		{"check", "--root", root},
		{"check", "--root", root, "--format", "github"},
		{"build", "--root", root, "--out", filepath.Join(t.TempDir(), "public"), "--format", "github"},
	} {
		code, out, errOut := runArgs(t, args...)
		if code != 1 {
			t.Errorf("%q: exit %d, want 1:\n%s%s", args, code, out, errOut)
		}
		for _, line := range strings.Split(out+errOut, "\n") {
			ok := line == "" || strings.HasPrefix(line, "content/") || strings.HasPrefix(line, "::error file=content/") ||
				strings.HasPrefix(line, "checked content/") || strings.Contains(line, " errors") || strings.HasPrefix(line, "build failed") || strings.HasPrefix(line, "building ")
			if !ok || strings.ContainsAny(line, "\x1b\u202e") {
				t.Errorf("%q printed a line it did not start: %q", args, line)
			}
		}
		if n := strings.Count(out, "is not a valid id"); n != len(names) {
			t.Errorf("%q: %d names refused, want %d:\n%s", args, n, len(names), out)
		}
		if strings.Count(out, "\n") > 10 {
			t.Errorf("%q: more was said of the badly named files than that:\n%s", args, out)
		}
	}
}

// TestInterruptStopsCheckAndBuild presses Ctrl-C while check and build read
// a slow site (300 entries whose bodies are dense Markdown, each taking
// goldmark some 30 ms): each ends within a second, says it was
// interrupted, exits 130 and leaves nothing behind.
func TestInterruptStopsCheckAndBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 20 MB site")
	}
	root := t.TempDir()
	copyTree(t, fixture, root)
	copyTree(t, "../layouts", filepath.Join(root, "layouts"))
	copyTree(t, "../static", filepath.Join(root, "static"))
	entry, _ := os.ReadFile(filepath.Join(fixture, "content/incidents/2019/2019-12-09-fixture-mixup.md"))
	fm := entry[:bytes.LastIndex(entry, []byte("---\n"))+4]
	body := bytes.Repeat([]byte(strings.Repeat("[[a] [b]] [c](#d) *e* _f_ ", 20)+"\n\n"), 64<<10/522)
	for i := range 300 {
		p := filepath.Join(root, "content/incidents/2019", fmt.Sprintf("2019-12-09-slow-%d.md", i))
		if err := os.WriteFile(p, append(append([]byte{}, fm...), body...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	for _, args := range [][]string{{"check", "--root", root}, {"build", "--root", root, "--out", out}} {
		t.Run(args[0], func(t *testing.T) {
			cmd := exec.Command(os.Args[0], args...)
			cmd.Env = append(os.Environ(), "BREACHLINE_TEST_AS_MAIN=1", "GORACE=atexit_sleep_ms=0")
			var output bytes.Buffer
			cmd.Stdout, cmd.Stderr = &output, &output
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			defer cmd.Process.Kill()
			select { // let it get well into the entries
			case err := <-exited:
				t.Fatalf("%s finished before it could be interrupted (%v): the site is too small:\n%s", args[0], err, output.String())
			case <-time.After(time.Second):
			}
			pressed := time.Now()
			cmd.Process.Signal(os.Interrupt)
			var err error
			select {
			case err = <-exited:
			case <-time.After(30 * time.Second):
				t.Fatalf("%s still running 30 s after Ctrl-C", args[0])
			}
			if took := time.Since(pressed); took > time.Second {
				t.Errorf("%s took %v to stop after Ctrl-C; want under a second", args[0], took)
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).ExitStatus() != exitInterrupted {
				t.Errorf("%s exited with %v, want status %d:\n%s", args[0], err, exitInterrupted, output.String())
			}
			if !strings.Contains(output.String(), "interrupted") {
				t.Errorf("%s did not say it was interrupted:\n%s", args[0], output.String())
			}
		})
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), "*")); len(left) > 0 {
		t.Errorf("the interrupted build left %v", left)
	}
}
