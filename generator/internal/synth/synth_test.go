package synth_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"breachline/generator/internal/site"
	"breachline/generator/internal/synth"
)

// A synthetic site must be clean by check, and the same seed must write
// the same bytes.
func TestSyntheticSiteIsValidAndStable(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := synth.Write(a, 300, 7); err != nil {
		t.Fatal(err)
	}
	if err := synth.Write(b, 300, 7); err != nil {
		t.Fatal(err)
	}
	s, diags, err := site.Load(context.Background(), os.DirFS(a))
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) > 0 {
		t.Fatalf("synthetic site has %d problems, first: %v", len(diags), diags[0])
	}
	if len(s.Incidents) != 300 {
		t.Fatalf("loaded %d entries, want 300", len(s.Incidents))
	}
	err = filepath.WalkDir(a, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || string(x) != string(y) {
			t.Errorf("%s differs between two runs with the same seed", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.Write(a, 1, 1); err == nil {
		t.Error("synth.Write wrote into a non-empty folder")
	}
}

// The Hugo twin holds the same entries, one file each.
func TestHugoTwin(t *testing.T) {
	dir := t.TempDir()
	if err := synth.WriteHugo(dir, 50, 7); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "content/incidents/*.md"))
	if len(files) != 50 {
		t.Fatalf("%d Hugo entries, want 50", len(files))
	}
	for _, f := range []string{"hugo.toml", "layouts/_default/list.html", "layouts/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}
