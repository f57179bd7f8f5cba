package main

import (
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestKilledBuild kills a real build process with SIGKILL while it writes
// pages: the previous output is intact, and the next build removes what the
// killed one left and succeeds.
func TestKilledBuild(t *testing.T) {
	if args := os.Getenv("BREACHLINE_TEST_RUN"); args != "" { // the child: run one command
		os.Exit(run(context.Background(), &env{stdout: os.Stdout, stderr: os.Stderr}, strings.Split(args, "\n")))
	}
	if testing.Short() {
		t.Skip("builds a 1,500-entry site twice")
	}
	dir := t.TempDir()
	root, out := filepath.Join(dir, "site"), filepath.Join(dir, "public")
	if code, _, errOut := runArgs(t, "synth", "--entries", "1500", "--out", root); code != 0 {
		t.Fatal(errOut)
	}
	copyTree(t, "../layouts", filepath.Join(root, "layouts"))
	copyTree(t, "../static", filepath.Join(root, "static"))
	if code, _, errOut := runArgs(t, "build", "--root", root, "--out", out); code != 0 {
		t.Fatal(errOut)
	}
	before := tree(t, out)

	child := exec.Command(os.Args[0], "-test.run=^TestKilledBuild$")
	child.Env = append(os.Environ(), "BREACHLINE_TEST_RUN=build\n--root\n"+root+"\n--out\n"+out)
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once it has written 100 incident pages into its temporary folder.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		pages, _ := filepath.Glob(filepath.Join(dir, ".public.tmp-*", "incidents", "*"))
		if len(pages) >= 100 {
			break
		}
		if time.Now().After(deadline) {
			child.Process.Kill()
			t.Fatal("the build wrote no pages in 2 minutes")
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := child.Wait(); err == nil || child.ProcessState.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the build was not killed mid-way: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".public.*"))
	if len(left) == 0 {
		t.Fatal("the killed build left no temporary folder; it was not killed mid-build")
	}
	if after := tree(t, out); !maps.Equal(after, before) {
		t.Fatal("the killed build changed the previous output")
	}

	if code, _, errOut := runArgs(t, "build", "--root", root, "--out", out); code != 0 {
		t.Fatal(errOut)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".public.*")); len(left) > 0 {
		t.Errorf("the next build left %v", left)
	}
	if after := tree(t, out); !maps.Equal(after, before) {
		t.Error("the next build differs from the first")
	}
}

// tree is every file under dir with its content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
