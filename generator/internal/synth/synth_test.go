package synth_test

import (
	"bytes"
	"context"
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
	// A twin written by an older synth gets today's configuration back.
	config := filepath.Join(dir, "hugo.toml")
	want, _ := os.ReadFile(config)
	os.WriteFile(config, []byte("paginate = 100\n"), 0o644)
	if err := synth.WriteHugoConfig(dir); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(config); !bytes.Equal(got, want) {
		t.Errorf("WriteHugoConfig left hugo.toml as:\n%s", got)
	}
}

// Every Hugo installed here (anywhere on PATH, and in GOPATH/bin where go
// install puts it) lists the twin's incidents 100 a page, as Breachline
// does: Hugo 0.128 and later ignore paginate, older ones [pagination].
func TestHugoTwinPaginates100(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a Hugo site with each Hugo installed")
	}
	var hugos, seen []string
	dirs := filepath.SplitList(os.Getenv("PATH"))
	for _, gopath := range filepath.SplitList(build.Default.GOPATH) {
		dirs = append(dirs, filepath.Join(gopath, "bin"))
	}
	for _, d := range dirs {
		p, err := exec.LookPath(filepath.Join(d, "hugo"))
		if err != nil || !filepath.IsAbs(p) {
			continue
		}
		if real, err := filepath.EvalSymlinks(p); err == nil && !slices.Contains(seen, real) {
			seen, hugos = append(seen, real), append(hugos, p)
		}
	}
	if len(hugos) == 0 {
		t.Skip("no hugo installed")
	}
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if err := synth.WriteHugo(site, 250, 7); err != nil {
		t.Fatal(err)
	}
	for _, hugo := range hugos {
		version, _ := exec.Command(hugo, "version").Output()
		t.Run(hugo, func(t *testing.T) {
			out := t.TempDir()
			cmd := exec.Command(hugo, "--source", site, "--destination", out, "--cacheDir", filepath.Join(out, ".cache"), "--quiet")
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", version, err, b)
			}
			// 250 incidents, 100 a page: the home and its pages 2 and 3.
			for page, want := range map[string]bool{"page/2/index.html": true, "page/3/index.html": true, "page/4/index.html": false} {
				if _, err := os.Stat(filepath.Join(out, page)); (err == nil) != want {
					t.Errorf("%s: %s exists: %v, want %v (the home's pages are not 100 incidents each)", bytes.TrimSpace(version), page, err == nil, want)
				}
			}
		})
	}
}
