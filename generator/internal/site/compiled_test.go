package site

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"breachline/generator/internal/htmlexec"
	"breachline/generator/internal/output"
	"breachline/generator/internal/synth"
)

// TestCompiledSameAsHTMLTemplate builds sites with the templates compiled
// (htmlexec, the default) and with html/template alone, and requires every
// file to be the same byte for byte: the fixture site, the repository's
// real content, a site of hostile entries and a synthetic one. Every
// execution must be finished by compiled code, never handed over or left
// to html/template, and no template function may be called through
// reflection: a function declared without its signature
// (htmlexec.Reflected), or a template the compiler does not handle, fails
// it.
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
			want, off := buildStats(t, s.fsys, Options{HTMLTemplateOnly: true})
			got, st := buildStats(t, s.fsys, Options{})
			if off.Compiled+off.HandedOver != 0 {
				t.Errorf("with HTMLTemplateOnly, compiled code ran: %+v", off)
			}
			if st.HandedOver != 0 {
				t.Errorf("%d executions were handed over to html/template", st.HandedOver)
			}
			if st.HTMLTemplate != 0 {
				t.Errorf("%d executions ran in html/template alone", st.HTMLTemplate)
			}
			if st.Reflected != 0 {
				t.Errorf("%d calls of template functions went through reflection", st.Reflected)
			}
			if st.Compiled < int64(len(got.Paths()))/3 {
				t.Errorf("compiled code finished only %d executions for %d files", st.Compiled, len(got.Paths()))
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

// buildStats builds fsys into memory, and says how its layouts ran.
func buildStats(t *testing.T, fsys fstest.MapFS, opts Options) (*output.Memory, htmlexec.Stats) {
	t.Helper()
	mem := output.NewMemory()
	res, diags, err := Build(context.Background(), fsys, mem, opts)
	if err != nil || len(diags) > 0 {
		t.Fatalf("build: %v\n%s", err, diagText(diags))
	}
	return mem, res.Stats.Templates
}

// TestHeavySynthIsValid: the heavy synthetic corpus (issue 20's bench) is
// a valid site, and has the shape it claims: tables in about a third of the
// bodies, code in a tenth, Dutch or German quotes in a quarter, two to
// five sources each.
func TestHeavySynthIsValid(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "heavy")
	if err := synth.WriteShaped(dir, 300, 7, synth.Heavy, nil); err != nil {
		t.Fatal(err)
	}
	fsys := readDir(t, dir)
	s, diags, err := Load(context.Background(), fsys)
	if err != nil || len(diags) > 0 {
		t.Fatalf("the heavy corpus does not pass check: %v\n%s", err, diagText(diags))
	}
	tables, code, quotes := 0, 0, 0
	for _, inc := range s.Incidents {
		b := string(fsys[inc.Path].Data)
		if strings.Contains(b, "| --- |") {
			tables++
		}
		if strings.Contains(b, "\n```") {
			code++
		}
		if strings.Contains(b, "\n> ") {
			quotes++
		}
		if n := len(inc.Sources); n < 2 || n > 5 {
			t.Errorf("%s: %d sources", inc.ID, n)
		}
	}
	if tables < 90 || tables > 110 || code < 25 || code > 35 || quotes < 65 || quotes > 85 {
		t.Errorf("of 300: %d with tables, %d with code, %d with quotes", tables, code, quotes)
	}
}
