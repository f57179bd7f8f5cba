package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// setup makes a site folder and a running watcher over it.
func setup(t *testing.T) (root string, next func() []string) {
	t.Helper()
	root = t.TempDir()
	for _, d := range []string{"content/incidents/2020", "layouts", "static/css"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	write(t, root, "config.yaml", "title: x\n")
	write(t, root, "content/incidents/2020/a.md", "a\n")
	w, err := New(root, []string{"content", "layouts", "static"}, []string{"config.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	batches := make(chan []string, 16)
	go w.Run(ctx, batches, make(chan error, 16))
	t.Cleanup(func() { cancel(); w.Close() })
	next = func() []string {
		t.Helper()
		select {
		case b := <-batches:
			return b
		case <-time.After(3 * time.Second):
			t.Fatal("no batch within 3 s")
			return nil
		}
	}
	return root, next
}

func write(t *testing.T, root, rel, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(rel)), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestAtomicSave(t *testing.T) {
	root, next := setup(t)
	// What editors do: write a temporary file, then rename it over the real one.
	tmp := filepath.Join(root, "content/incidents/2020/.a.md.swp")
	os.WriteFile(tmp, []byte("new\n"), 0o644)
	if err := os.Rename(tmp, filepath.Join(root, "content/incidents/2020/a.md")); err != nil {
		t.Fatal(err)
	}
	if got := next(); !slices.Equal(got, []string{"content/incidents/2020/a.md"}) {
		t.Errorf("got %v, want the saved file only", got)
	}
}

func TestBurstIsOneBatch(t *testing.T) {
	root, next := setup(t)
	for i := range 50 {
		write(t, root, "layouts/base.html", string(rune('a'+i%26)))
		write(t, root, "static/css/site.css", "x")
	}
	write(t, root, "config.yaml", "title: y\n")
	got := next()
	want := []string{"config.yaml", "layouts/base.html", "static/css/site.css"}
	for len(got) < len(want) { // MaxWait may split a long burst; no path may be lost
		got = append(got, next()...)
		slices.Sort(got)
		got = slices.Compact(got)
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestNewFolder(t *testing.T) {
	root, next := setup(t)
	dir := filepath.Join(root, "content/incidents/2021")
	os.Mkdir(dir, 0o755)
	write(t, root, "content/incidents/2021/b.md", "b\n")
	got := next()
	for !slices.Contains(got, "content/incidents/2021/b.md") {
		got = append(got, next()...)
	}
	// The new folder is watched: a later change in it is seen too.
	time.Sleep(50 * time.Millisecond)
	write(t, root, "content/incidents/2021/b.md", "changed\n")
	if got := next(); !slices.Contains(got, "content/incidents/2021/b.md") {
		t.Errorf("a change in the new folder gave %v", got)
	}
}

func TestDeleteAndIgnored(t *testing.T) {
	root, next := setup(t)
	for _, name := range []string{"a.md~", "4913", ".#a.md", "x.tmp"} {
		write(t, root, "content/incidents/2020/"+name, "junk")
	}
	write(t, root, "README.txt", "outside the watched set")
	os.Remove(filepath.Join(root, "content/incidents/2020/a.md"))
	if got := next(); !slices.Equal(got, []string{"content/incidents/2020/a.md"}) {
		t.Errorf("got %v, want only the deleted entry", got)
	}
}
