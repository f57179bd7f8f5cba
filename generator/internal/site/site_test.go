package site

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"breachline/generator/internal/diag"
	"breachline/generator/internal/validate"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/broken/*.txt")

// readDir loads a site folder into a MapFS: all of it, or only the named
// top-level entries.
func readDir(t testing.TB, dir string, only ...string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if top, _, _ := strings.Cut(filepath.ToSlash(rel), "/"); len(only) > 0 && rel != "." && !slices.Contains(only, top) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func diagText(diags diag.List) string {
	var b bytes.Buffer
	_ = diags.Write(&b, diag.Text)
	return b.String()
}

func TestValidSiteIsClean(t *testing.T) {
	s, diags, err := Load(context.Background(), readDir(t, "testdata/valid"))
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) > 0 {
		t.Errorf("want no diagnostics, got:\n%s", diagText(diags))
	}
	if len(s.Incidents) != 2 || s.Sources() != 5 {
		t.Errorf("got %d incidents and %d sources, want 2 and 5", len(s.Incidents), s.Sources())
	}
}

// archive is a test case: a comment, files laid over the valid fixture site,
// and the exact diagnostics wanted. The format is txtar's:
//
//	comment
//	-- path/of/file --
//	contents
//	-- want --
//	path:line:col: message
type archive struct {
	comment string
	files   []archiveFile
}

type archiveFile struct {
	name string
	data []byte
}

func parseArchive(b []byte) archive {
	var a archive
	cur := -1
	for len(b) > 0 {
		line, rest, _ := bytes.Cut(b, []byte("\n"))
		if name, ok := strings.CutPrefix(string(line), "-- "); ok && strings.HasSuffix(name, " --") {
			a.files = append(a.files, archiveFile{name: strings.TrimSuffix(name, " --")})
			cur = len(a.files) - 1
		} else if cur < 0 {
			a.comment += string(line) + "\n"
		} else {
			a.files[cur].data = append(a.files[cur].data, line...)
			a.files[cur].data = append(a.files[cur].data, '\n')
		}
		b = rest
	}
	return a
}

func (a archive) format() []byte {
	var b bytes.Buffer
	b.WriteString(a.comment)
	for _, f := range a.files {
		b.WriteString("-- " + f.name + " --\n")
		b.Write(f.data)
	}
	return b.Bytes()
}

// overlay lays the case's files over a copy of base: "delete:<path>"
// removes a path, "want" is not a file, the others are added or replace
// what is there. It returns the site and the paths added or replaced.
func (a archive) overlay(base fstest.MapFS) (fstest.MapFS, []string) {
	fsys := fstest.MapFS{}
	for k, v := range base {
		fsys[k] = v
	}
	var written []string
	for _, f := range a.files {
		switch {
		case f.name == "want":
		case strings.HasPrefix(f.name, "delete:"):
			delete(fsys, strings.TrimPrefix(f.name, "delete:"))
		default:
			fsys[f.name] = &fstest.MapFile{Data: f.data}
			written = append(written, f.name)
		}
	}
	return fsys, written
}

// TestSourcingRulesHaveFixtures: every sourcing rule check holds entries
// to is shown by a broken fixture.
func TestSourcingRulesHaveFixtures(t *testing.T) {
	base := readDir(t, "testdata/valid")
	cases, _ := filepath.Glob("testdata/broken/*.txt")
	shown := map[string]string{}
	for _, file := range cases {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		fsys, _ := parseArchive(raw).overlay(base)
		_, diags, err := Load(context.Background(), fsys)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range diags {
			if shown[d.Rule] == "" {
				shown[d.Rule] = file
			}
		}
	}
	for _, r := range validate.SourcingRules {
		if shown[r] == "" {
			t.Errorf("no broken fixture shows the sourcing rule %s", r)
		}
	}
}

// TestBrokenEntries loads the valid fixture site with each case's files laid
// over it and compares every diagnostic, exactly, with the case's want.
// A file named "delete:<path>" removes that path from the site.
func TestBrokenEntries(t *testing.T) {
	base := readDir(t, "testdata/valid")
	cases, _ := filepath.Glob("testdata/broken/*.txt")
	if len(cases) < 30 {
		t.Fatalf("found %d broken cases, want at least 30", len(cases))
	}
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			a := parseArchive(raw)
			fsys, _ := a.overlay(base)
			want, wantAt := "", -1
			for i, f := range a.files {
				if f.name == "want" {
					want, wantAt = string(f.data), i
				}
			}
			if wantAt < 0 {
				t.Fatal("case has no -- want -- section")
			}
			_, diags, err := Load(context.Background(), fsys)
			if err != nil {
				t.Fatal(err)
			}
			got := diagText(diags)
			if *update {
				a.files[wantAt].data = []byte(got)
				if err := os.WriteFile(file, a.format(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("diagnostics differ\n got:\n%s\nwant:\n%s", got, want)
			}
			if len(diags) == 0 && !strings.Contains(a.comment, "clean") {
				t.Error("a broken case must yield diagnostics (say \"clean\" in the comment of a case that must not)")
			}
		})
	}
}
