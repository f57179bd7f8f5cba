package site

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"breachline/generator/internal/content"
	"breachline/generator/internal/output"
)

// Every test of this package has a file's buffer filled with 0xff before
// it is read into again, so that a page or export made from bytes a load
// still refers to shows it: the goldens and comparisons then fail.
func init() { poisonReused = true }

// TestReadEachReuse checks that readEach reads into a buffer again only
// when its callback says nothing refers to it.
func TestReadEachReuse(t *testing.T) {
	fsys := fstest.MapFS{}
	var paths []string
	for i := range 64 {
		p := fmt.Sprintf("content/%02d.md", i)
		fsys[p] = &fstest.MapFile{Data: []byte(strings.Repeat(fmt.Sprint(i%10), 100))}
		paths = append(paths, p)
	}
	for _, reuse := range []bool{false, true} {
		var mu sync.Mutex
		kept := map[int][]byte{}
		err := readEach(context.Background(), fsys, paths, nil, func(i int, b []byte) (bool, error) {
			mu.Lock()
			kept[i] = b // what a careless caller would do
			mu.Unlock()
			return reuse, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		overwritten := 0
		for i, b := range kept {
			if !bytes.Equal(b, fsys[paths[i]].Data) {
				overwritten++
			}
		}
		switch {
		case !reuse && overwritten > 0:
			t.Errorf("%d of 64 files read over though their callback kept them", overwritten)
		case reuse && overwritten == 0:
			t.Error("no buffer was read into again though every callback let it go")
		}
	}
}

// fixtureSite is the valid fixture content with the repository's own
// layouts and static files, so tests render what users get.
func fixtureSite(t testing.TB) fstest.MapFS {
	t.Helper()
	fsys := readDir(t, "testdata/valid")
	for _, dir := range []string{"layouts", "static"} {
		for k, v := range readDir(t, filepath.Join("../../..", dir)) {
			fsys[dir+"/"+k] = v
		}
	}
	return fsys
}

func buildMemory(t *testing.T, fsys fstest.MapFS) *output.Memory {
	t.Helper()
	return buildWith(t, fsys, Options{})
}

func buildWith(t *testing.T, fsys fstest.MapFS, opts Options) *output.Memory {
	t.Helper()
	mem := output.NewMemory()
	_, diags, err := Build(context.Background(), fsys, mem, opts)
	if err != nil || len(diags) > 0 {
		t.Fatalf("build: %v\n%s", err, diagText(diags))
	}
	return mem
}

// goldenFiles are the rendered files compared byte for byte with
// testdata/golden; run go test -update to accept a deliberate change.
var goldenFiles = []string{
	"index.html",
	"incidents/2019-12-09-fixture-mixup/index.html",
	"incidents/2023-01-fixture-takeover/index.html",
	"airlines/klm/index.html",
	"airlines/index.html",
	"data/email/index.html",
	"vectors/session-mixup/index.html",
	"programmes/flying-blue/index.html",
	"suppliers/example-platform/index.html",
	"decisions/index.html",
	"glossary/index.html",
	"data/miles-balance/index.html",
	"authorities/example-dpa/index.html",
	"groups/lufthansa-group/index.html",
	"alliances/star-alliance/index.html",
	"matrix/index.html",
	"search/index.html",
	"404.html",
	"feed.xml",
	"airlines/lufthansa/feed.xml",
	"api/incidents.json",
	"api/incidents/2019-12-09-fixture-mixup.json",
	"search/index.json",
	"sitemap.xml",
	"robots.txt",
}

func TestGolden(t *testing.T) {
	// One entry has a last-changed date (from git, in a real build); the
	// other shows none, as without git.
	mem := buildWith(t, fixtureSite(t), Options{History: map[string][]content.Change{
		"content/incidents/2019/2019-12-09-fixture-mixup.md": {{Hash: "0123456789abcdef0123456789abcdef01234567", When: time.Date(2024, 5, 6, 23, 30, 0, 0, time.FixedZone("", -2*3600)), Subject: "content: the fixture's mix-up"}},
	}})
	for _, p := range goldenFiles {
		got, ok := mem.Get(p)
		if !ok {
			t.Errorf("%s was not written", p)
			continue
		}
		golden := filepath.Join("testdata/golden", filepath.FromSlash(p))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create the golden files)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run go test -update after checking the change):\n%s", p, golden, firstDiff(got, want))
		}
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got  %s\n want %s", i+1, gl, wl)
		}
	}
	return ""
}

// TestDeterministic builds twice, once with bodies in memory and once
// spilled to a temporary file (as the build command does): the same bytes.
func TestDeterministic(t *testing.T) {
	fsys := fixtureSite(t)
	a, b := buildMemory(t, fsys), buildWith(t, fsys, Options{Spill: true})
	pa, pb := a.Paths(), b.Paths()
	if strings.Join(pa, "\n") != strings.Join(pb, "\n") {
		t.Fatalf("two builds wrote different file sets")
	}
	for _, p := range pa {
		x, _ := a.Get(p)
		y, _ := b.Get(p)
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// TestOutputsValid parses every feed, sitemap and JSON file.
func TestOutputsValid(t *testing.T) {
	mem := buildMemory(t, fixtureSite(t))
	for _, p := range mem.Paths() {
		b, _ := mem.Get(p)
		switch path.Ext(p) {
		case ".json":
			if !json.Valid(b) {
				t.Errorf("%s is not valid JSON", p)
			}
		case ".xml":
			var v struct{ XMLName xml.Name }
			if err := xml.Unmarshal(b, &v); err != nil {
				t.Errorf("%s: %v", p, err)
			}
			want := map[bool]string{true: "urlset", false: "feed"}[p == "sitemap.xml"]
			if v.XMLName.Local != want {
				t.Errorf("%s: root element %s, want %s", p, v.XMLName.Local, want)
			}
		case ".html":
			if strings.Contains(string(b), " style=") || strings.Contains(string(b), "<style") {
				t.Errorf("%s has inline style, which the Content-Security-Policy forbids", p)
			}
			if regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]`).Match(b) {
				t.Errorf("%s has inline script, which the Content-Security-Policy forbids", p)
			}
		}
	}
}

var (
	attrRE   = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)
	idRE     = regexp.MustCompile(`\sid="([^"]*)"`)
	anchorRE = regexp.MustCompile(`(?s)<a\s[^>]*>.*?</a>`)
	// Skipped: the head, the page's own h1, and prose as contributors wrote
	// it (the body, and elements of class "prose": source titles, notes,
	// statements, timeline text, descriptions), which is quoted, not linked.
	skipRE = regexp.MustCompile(`(?s)<head>.*?</head>|<nav class="languages.*?</nav>|<h1[^>]*>.*?</h1>|<title>.*?</title>|<section class="body".*?</section>|<option[^>]*>.*?</option>|<(p|li|dd|span)\s[^>]*class="[^"]*\bprose\b[^"]*"[^>]*>.*?</(?:p|li|dd|span)>`)
	tagRE  = regexp.MustCompile(`<[^>]*>`)
)

// TestLinks checks every internal link and fragment on every page, and that
// every vocabulary name shown outside entry bodies is a link, on the fixture
// site and on the repository's real site.
func TestLinks(t *testing.T) {
	t.Run("fixture", func(t *testing.T) { checkLinks(t, fixtureSite(t), 500) })
	t.Run("real", func(t *testing.T) {
		real := readDir(t, "../../..", "content", "layouts", "static", "config.yaml")
		checkLinks(t, real, 1000)
	})
}

func checkLinks(t *testing.T, fsys fstest.MapFS, atLeast int) {
	mem := buildMemory(t, fsys)
	s, _, _ := Load(context.Background(), fsys)
	names := map[string]string{} // name → its own page, which may name it unlinked
	for _, a := range s.Config.Airlines {
		names[a.Name] = "airlines/" + a.Key + "/index.html"
	}
	for _, p := range s.Config.Programmes {
		names[p.Name] = "programmes/" + p.Key + "/index.html"
	}
	for _, v := range s.Config.Groups {
		names[v.Name] = "groups/" + v.Key + "/index.html"
	}
	for _, v := range s.Config.Alliances {
		names[v.Name] = "alliances/" + v.Key + "/index.html"
	}
	for _, v := range s.Config.Suppliers {
		names[v.Name] = "suppliers/" + v.Key + "/index.html"
	}
	for _, v := range s.Config.Vectors {
		names[v.Name] = "vectors/" + v.Key + "/index.html"
	}
	for _, d := range s.Config.Data {
		names[d.Name] = "data/" + d.Key + "/index.html"
	}
	for _, l := range s.Config.Languages {
		names[l.Name] = "languages/" + l.Key + "/index.html"
	}
	ids := map[string]map[string]bool{}
	for _, p := range mem.Paths() {
		b, _ := mem.Get(p)
		ids[p] = map[string]bool{}
		for _, m := range idRE.FindAllSubmatch(b, -1) {
			ids[p][string(m[1])] = true
		}
	}
	checked := 0
	for _, p := range mem.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		b, _ := mem.Get(p)
		for _, m := range attrRE.FindAllSubmatch(b, -1) {
			href := strings.ReplaceAll(string(m[1]), "&amp;", "&")
			if strings.HasPrefix(href, "http") || strings.HasPrefix(href, "mailto:") {
				continue
			}
			target, frag, _ := strings.Cut(href, "#")
			file := p
			if target != "" {
				if !strings.HasPrefix(target, "/") {
					t.Errorf("%s: relative link %q", p, href)
					continue
				}
				file = strings.TrimPrefix(target, "/")
				if file == "" || strings.HasSuffix(file, "/") {
					file += "index.html"
				}
			}
			if _, ok := mem.Get(file); !ok {
				t.Errorf("%s: broken link %q", p, href)
			} else if frag != "" && !ids[file][frag] {
				t.Errorf("%s: link %q names a fragment that %s lacks", p, href, file)
			}
			checked++
		}
		text := tagRE.ReplaceAllString(anchorRE.ReplaceAllString(skipRE.ReplaceAllString(string(b), ""), ""), " ")
		for n, own := range names {
			if inLang := strings.TrimPrefix(strings.TrimPrefix(p, "nl/"), "de/"); own != inLang && regexp.MustCompile(`\b`+regexp.QuoteMeta(n)+`\b`).MatchString(text) {
				t.Errorf("%s: %q is named without a link to its page", p, n)
			}
		}
	}
	if checked < atLeast {
		t.Errorf("checked only %d links; want at least %d", checked, atLeast)
	}
}

// TestFailedBuildKeepsOutput fails a build after a good one, by a broken
// entry or by a disk that fills up while pages or static files are written:
// the build must fail and leave the previous output exactly as it was.
func TestFailedBuildKeepsOutput(t *testing.T) {
	const entry = "content/incidents/2023/2023-01-fixture-takeover.md"
	tests := []struct {
		name  string
		spoil func(fsys fstest.MapFS)
		fault func(p string, n int) error // the error of the nth write, of p
	}{
		{name: "broken entry", spoil: func(fsys fstest.MapFS) {
			fsys[entry] = &fstest.MapFile{Data: bytes.Replace(fsys[entry].Data, []byte("status: reported"), []byte("status: rumoured"), 1)}
		}},
		{name: "disk full while pages are written", fault: func(p string, n int) error {
			if n >= 5 {
				return syscall.ENOSPC
			}
			return nil
		}},
		{name: "disk full while static files are copied", fault: func(p string, n int) error {
			if strings.HasPrefix(p, "css/") {
				return syscall.ENOSPC
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fixtureSite(t)
			out := filepath.Join(t.TempDir(), "public")
			build := func(fault func(string, int) error) error {
				dir, err := output.NewDir(out)
				if err != nil {
					return err
				}
				var sink output.Sink = dir
				if fault != nil {
					sink = &faultySink{Sink: dir, fault: fault}
				}
				_, diags, err := Build(context.Background(), fsys, sink, Options{})
				if err != nil || len(diags) > 0 {
					dir.Abort()
					if err == nil {
						err = diags
					}
					return err
				}
				return dir.Commit()
			}
			if err := build(nil); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, out)
			if tt.spoil != nil {
				tt.spoil(fsys)
			}
			err := build(tt.fault)
			if err == nil {
				t.Fatal("the build succeeded")
			}
			if tt.fault != nil && !errors.Is(err, syscall.ENOSPC) {
				t.Errorf("the build failed with %v; want the disk's error", err)
			}
			if after := snapshot(t, out); after != before {
				t.Error("the failed build changed the previous output")
			}
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.*"))
			if len(leftovers) > 0 {
				t.Errorf("the failed build left %v", leftovers)
			}
		})
	}
}

// faultySink passes writes on until fault returns an error.
type faultySink struct {
	output.Sink
	mu    sync.Mutex
	n     int
	fault func(p string, n int) error
}

func (f *faultySink) Write(p string, b []byte) error {
	f.mu.Lock()
	f.n++
	err := f.fault(p, f.n)
	f.mu.Unlock()
	if err != nil {
		return &fs.PathError{Op: "write", Path: p, Err: err}
	}
	return f.Sink.Write(p, b)
}

// snapshot is every file's path and content in a folder, as one string.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		b.WriteString(p + "\n" + string(data) + "\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
