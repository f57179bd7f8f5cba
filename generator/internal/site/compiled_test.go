package site

import (
	"bytes"
	"path/filepath"
	"testing"
	"testing/fstest"

	"breachline/generator/internal/htmlexec"
	"breachline/generator/internal/synth"
)

// TestCompiledSameAsHTMLTemplate builds sites with the templates compiled
// (htmlexec, the default) and with html/template alone, and requires every
// file to be the same byte for byte: the fixture site, the repository's
// real content, a site of hostile entries and a synthetic one. Each page
// kind must be finished by compiled code, never handed over.
func TestCompiledSameAsHTMLTemplate(t *testing.T) {
	hostile := fixtureSite(t)
	hostile["content/incidents/2020/2020-05-01-hostile.md"] = &fstest.MapFile{Data: []byte(hostileEntry)}
	real := readDir(t, "../../..", "config.yaml", "content", "layouts", "static")
	dir := filepath.Join(t.TempDir(), "synth")
	if err := synth.Write(dir, 300, 7); err != nil {
		t.Fatal(err)
	}
	synthetic := readDir(t, dir)
	for _, d := range []string{"layouts", "static"} {
		for k, v := range readDir(t, filepath.Join("../../..", d)) {
			synthetic[d+"/"+k] = v
		}
	}
	sites := []struct {
		name string
		fsys fstest.MapFS
	}{{"fixture", fixtureSite(t)}, {"real", real}, {"hostile", hostile}, {"synthetic", synthetic}}
	for _, s := range sites {
		t.Run(s.name, func(t *testing.T) {
			htmlexec.SetCompiled(false)
			want := buildMemory(t, s.fsys)
			htmlexec.SetCompiled(true)
			c0, h0 := htmlexec.Counts()
			got := buildMemory(t, s.fsys)
			c1, h1 := htmlexec.Counts()
			if h1 != h0 {
				t.Errorf("%d executions were handed over to html/template", h1-h0)
			}
			if c1-c0 < int64(len(got.Paths()))/3 {
				t.Errorf("compiled code finished only %d executions for %d files", c1-c0, len(got.Paths()))
			}
			if g, w := got.Paths(), want.Paths(); len(g) != len(w) {
				t.Fatalf("%d files compiled, %d with html/template", len(g), len(w))
			}
			for _, p := range want.Paths() {
				w, _ := want.Get(p)
				g, ok := got.Get(p)
				if !ok || !bytes.Equal(g, w) {
					t.Errorf("%s differs: %s", p, firstDiff(g, w))
				}
			}
		})
	}
}
