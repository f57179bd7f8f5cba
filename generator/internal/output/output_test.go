package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDirSwapsAtomically(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	for _, content := range []string{"first", "second"} {
		d, err := NewDir(out)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Write("a/b/index.html", []byte(content)); err != nil {
			t.Fatal(err)
		}
		// Until Commit the previous output is what is there.
		if b, err := os.ReadFile(filepath.Join(out, "a/b/index.html")); content == "second" && (err != nil || string(b) != "first") {
			t.Errorf("before Commit: %q, %v; want the previous build's file", b, err)
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(filepath.Join(out, "a/b/index.html")); string(b) != content {
			t.Errorf("after Commit: %q, want %q", b, content)
		}
	}
	if files, n := (&Dir{}).Stats(); files != 0 || n != 0 {
		t.Error("Stats of an unused Dir")
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.*"))
	if len(leftovers) > 0 {
		t.Errorf("left behind %v", leftovers)
	}
}

func TestDirRefusesForeignFolders(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "thesis.tex"), []byte("mine"), 0o644)
	if _, err := NewDir(dir); err == nil || !strings.Contains(err.Error(), "Breachline did not create it") {
		t.Fatalf("NewDir on a user's folder: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "thesis.tex")); string(b) != "mine" {
		t.Error("the user's file was touched")
	}
	// An empty folder may be used.
	if _, err := NewDir(t.TempDir()); err != nil {
		t.Errorf("NewDir on an empty folder: %v", err)
	}
}

func TestAbortKeepsOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	d, _ := NewDir(out)
	d.Write("index.html", []byte("good"))
	d.Commit()
	d, _ = NewDir(out)
	d.Write("index.html", []byte("half"))
	d.Abort()
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "good" {
		t.Errorf("after Abort: %q, want the previous output", b)
	}
}

// TestLeftoversOfAKilledBuild: a build killed before Commit leaves a
// temporary folder; one killed between the two renames of Commit leaves the
// old output moved aside. The next build cleans up and restores.
func TestLeftoversOfAKilledBuild(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	d, _ := NewDir(out)
	d.Write("index.html", []byte("good"))
	d.Commit()
	// Killed mid-build: a temporary folder stays.
	killed, _ := NewDir(out)
	killed.Write("index.html", []byte("half"))
	// Killed mid-commit: the output was moved aside, the new one not yet in place.
	aside := filepath.Join(parent, ".public.old-dead")
	if err := os.Rename(out, aside); err != nil {
		t.Fatal(err)
	}
	if _, err := NewDir(out); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "good" {
		t.Errorf("the moved-aside output was not restored: %q", b)
	}
	if _, err := os.Stat(killed.tmp); !os.IsNotExist(err) {
		t.Errorf("the killed build's temporary folder is still there")
	}
	// A folder that merely looks like a leftover, but is not ours, stays.
	foreign := filepath.Join(parent, ".public.tmp-notours")
	os.Mkdir(foreign, 0o755)
	NewDir(out)
	if _, err := os.Stat(foreign); err != nil {
		t.Errorf("a folder Breachline did not create was removed")
	}
}

func TestUncleanPaths(t *testing.T) {
	m := NewMemory()
	for _, p := range []string{"", "/abs", "../x", "a/../../x", "a//b", "./a"} {
		if err := m.Write(p, nil); err == nil {
			t.Errorf("Write(%q) was accepted", p)
		}
	}
	if err := m.Write("a/b.html", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if b, ok := m.Get("a/b.html"); !ok || string(b) != "x" || len(m.Paths()) != 1 {
		t.Error("Memory lost a file")
	}
}
