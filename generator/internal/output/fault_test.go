package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// goodOutput commits a first build to out and returns its files.
func goodOutput(t *testing.T, out string) map[string]string {
	t.Helper()
	d, err := NewDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"index.html", "a/index.html", "a/b/index.html"} {
		if err := d.Write(p, []byte("good "+p)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return files(t, out)
}

// files reads every file under dir.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		m[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameFiles(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("the previous output has %d files, want %d", len(got), len(want))
	}
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%s is %q, want %q", p, got[p], w)
		}
	}
}

// TestFaultsKeepOutput: whatever fails during a build or its commit — a
// full disk, a read-only folder, a rename — the build gets an error and the
// previous output stays as it was, with nothing left beside it. The faults
// are injected, so the test holds for root too, whom permissions do not stop.
func TestFaultsKeepOutput(t *testing.T) {
	full := &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}
	readOnly := &fs.PathError{Op: "mkdir", Path: "x", Err: syscall.EROFS}
	tests := []struct {
		name  string
		fault func() (restore func())
		err   error
	}{
		{"disk full on the third page", func() func() {
			n := 0
			return swap(&writeFile, func(p string, b []byte, m fs.FileMode) error {
				if n++; n >= 3 {
					return full
				}
				return os.WriteFile(p, b, m)
			})
		}, syscall.ENOSPC},
		{"read-only folder for new pages", func() func() {
			return swap(&mkdirOne, func(string, fs.FileMode) error { return readOnly })
		}, syscall.EROFS},
		{"no room for the temporary folder", func() func() {
			return swap(&mkdirTemp, func(string, string) (string, error) { return "", readOnly })
		}, syscall.EROFS},
		{"disk full writing the marker", func() func() {
			return swap(&writeFile, func(p string, b []byte, m fs.FileMode) error {
				if strings.HasSuffix(p, Marker) {
					return full
				}
				return os.WriteFile(p, b, m)
			})
		}, syscall.ENOSPC},
		{"cannot move the previous output aside", failRename(".old-", false), syscall.EROFS},
		{"cannot move the new output in", failRename(".tmp-", true), syscall.EROFS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			before := goodOutput(t, out)
			restore := tt.fault()
			err := build(out)
			restore()
			if !errors.Is(err, tt.err) {
				t.Errorf("got error %v, want %v", err, tt.err)
			}
			sameFiles(t, files(t, out), before)
			if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.*")); len(left) > 0 {
				t.Errorf("left behind %v", left)
			}
		})
	}
}

// build is what the build command does with a Dir: write every page, then
// commit, or abort on the first error.
func build(out string) error {
	d, err := NewDir(out)
	if err != nil {
		return err
	}
	for _, p := range []string{"index.html", "a/index.html", "c/d/index.html", "e/index.html"} {
		if err := d.Write(p, []byte("new "+p)); err != nil {
			d.Abort()
			return err
		}
	}
	return d.Commit()
}

// failRename makes renames fail with EROFS whose destination (or, with
// from, whose source) names part.
func failRename(part string, from bool) func() func() {
	return func() func() {
		return swap(&rename, func(src, dst string) error {
			if p := map[bool]string{true: src, false: dst}[from]; strings.Contains(p, part) {
				return &fs.PathError{Op: "rename", Path: p, Err: syscall.EROFS}
			}
			return os.Rename(src, dst)
		})
	}
}

func swap[T any](v *T, fault T) (restore func()) {
	old := *v
	*v = fault
	return func() { *v = old }
}

// TestReadOnlyParent: with real permissions, a folder that turns read-only
// during a build fails the commit and keeps the previous output; the next
// build, with the folder writable again, cleans up and succeeds.
func TestReadOnlyParent(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores permissions; TestFaultsKeepOutput injects the same faults")
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	before := goodOutput(t, out)
	d, err := NewDir(out)
	if err != nil {
		t.Fatal(err)
	}
	d.Write("index.html", []byte("new"))
	os.Chmod(parent, 0o555)
	defer os.Chmod(parent, 0o755)
	if err := d.Commit(); err == nil {
		t.Fatal("committed into a read-only folder")
	}
	sameFiles(t, files(t, out), before)
	if _, err := NewDir(out); err == nil {
		t.Error("a build began in a read-only folder")
	}
	os.Chmod(parent, 0o755)
	if err := build(out); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(parent, ".public.*")); len(left) > 0 {
		t.Errorf("left behind %v", left)
	}
}

// TestKilledAtEveryStep kills a build (as far as the disk can tell: nothing
// more reaches it) after each of the file-system changes it makes, from
// making its temporary folder to removing the previous output, and runs a
// build after it. That build must succeed and leave nothing beside the
// output: every state a killed build leaves is one the next one recognises
// as its own. (A build killed while unmarking and emptying a folder used to
// leave a folder no later build removed.)
func TestKilledAtEveryStep(t *testing.T) {
	// A whole build, counted.
	parent := t.TempDir()
	goodOutput(t, filepath.Join(parent, "public"))
	steps, restore := killAfter(-1)
	build(filepath.Join(parent, "public"))
	restore()
	if *steps < 10 {
		t.Fatalf("a build made only %d changes; the hooks are not in its way", *steps)
	}
	for k := 0; k < *steps; k++ {
		parent := t.TempDir()
		out := filepath.Join(parent, "public")
		goodOutput(t, out)
		// Something of the user's beside the output, which must stay.
		foreign := filepath.Join(parent, ".public.tmp-notours")
		os.Mkdir(foreign, 0o755)
		_, restore := killAfter(k)
		build(out)
		restore()
		if err := build(out); err != nil {
			t.Fatalf("killed after step %d: the next build failed: %v", k, err)
		}
		got := files(t, out)
		if len(got) != 5 || got[filepath.Join(out, "e/index.html")] != "new e/index.html" {
			t.Errorf("killed after step %d: the next build's output is %v", k, got)
		}
		left, _ := filepath.Glob(filepath.Join(parent, ".public.*"))
		if len(left) != 1 || left[0] != foreign {
			t.Errorf("killed after step %d: beside the output: %v", k, left)
		}
	}
}

// killAfter makes every file-system change after the first k do nothing,
// as if the process had been killed, and counts the changes asked for (in
// *n, once restore is called); k < 0 kills nothing.
func killAfter(k int) (n *int, restore func()) {
	var mu sync.Mutex
	count := 0
	n = new(int)
	dead := func() bool {
		mu.Lock()
		defer mu.Unlock()
		count++
		return k >= 0 && count > k
	}
	restores := []func(){
		swap(&writeFile, func(p string, b []byte, m fs.FileMode) error {
			if dead() {
				return nil
			}
			return os.WriteFile(p, b, m)
		}),
		swap(&mkdirOne, func(p string, m fs.FileMode) error {
			if dead() {
				return nil
			}
			return os.Mkdir(p, m)
		}),
		swap(&mkdirTemp, func(parent, prefix string) (string, error) {
			p := filepath.Join(parent, prefix+randomSuffix())
			if dead() {
				return p, nil
			}
			return p, os.Mkdir(p, 0o755)
		}),
		swap(&rename, func(a, b string) error {
			if dead() {
				return nil
			}
			return os.Rename(a, b)
		}),
		swap(&removeAny, func(p string) error {
			if dead() {
				return nil
			}
			return os.RemoveAll(p)
		}),
		swap(&removeOne, func(p string) error {
			if dead() {
				return nil
			}
			return os.Remove(p)
		}),
	}
	return n, func() {
		for _, r := range restores {
			r()
		}
		*n = count
	}
}
