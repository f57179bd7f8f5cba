package site

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"html"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"breachline/generator/internal/output"
)

// hostile is text a stranger might put in any field that reaches a page:
// element and attribute breakouts, a </title> and a CDATA end, a template
// action. (YAML reads U+2028 and U+2029 as line breaks; the body has them.)
const hostile = `</title><script>alert(1)</script>"><img src=x onerror=alert(1)><svg onload=alert(1)> ' onmouseover='alert(1) ]]></content><x> {{.Config}} </script>`

// hostileEntry puts hostile text in every free-text field of an entry:
// title, actor, publisher, source title and note, statements, disputed
// points, timeline, and a body that uses only what Markdown allows.
var hostileEntry = strings.NewReplacer("HOSTILE", strings.ReplaceAll(hostile, `"`, `\"`)).Replace(`---
title: "HOSTILE"
date: 2020-05-01
airlines: [klm]
vector: account-takeover
status: reported
actors:
  - {name: "HOSTILE", attribution: claimed, by: "HOSTILE"}
data:
  exposed: [email]
points:
  - {key: start-time, point: "HOSTILE", records: "HOSTILE"}
sources:
  - publisher: "HOSTILE"
    title: "HOSTILE"
    url: "https://news.example/a?q=\"><script>alert(1)</script>&x=javascript:alert(1)"
    language: en
    note: "HOSTILE"
    claims:
      exposed: [email]
      statements: ["HOSTILE"]
      points: [{key: start-time, says: "HOSTILE!"}]
timeline:
  - at: 2020-05-01T10:00+02:00
    what: "HOSTILE"
corrections:
  - {date: 2026-11-30, field: title, was: "HOSTILE", summary: "HOSTILE"}
---
## Heading \</title>\<script>alert(1)\</script>

Code ` + "`<script>alert(1)</script>`, \u2028 and \u2029" + ` and a [link](https://news.example/b "\" onmouseover=\"alert(1)").

` + "```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```" + `

| \<script> | " onclick=x |
|:--|--:|
| x | y |
`)

var (
	tagRE2  = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>`)
	attrRE2 = regexp.MustCompile(`\s([^\s=/>"']+)(?:=("[^"]*"|'[^']*'|[^\s>]+))?`)
	cspRE   = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)
)

// TestHostileContent builds a site with hostile text in every field of an
// entry and checks every file written: on pages, no script but the site's
// own, no event handler, no link off the site but http(s) and those with
// rel="noopener noreferrer", one title, and a Content-Security-Policy
// without inline script or style; the JSON exports
// and feeds parse and give the text back exactly as written.
func TestHostileContent(t *testing.T) {
	fsys := fixtureSite(t)
	const id = "2020-05-01-hostile"
	fsys["content/incidents/2020/"+id+".md"] = &fstest.MapFile{Data: []byte(hostileEntry)}
	mem := buildMemory(t, fsys)
	checked := 0
	for _, p := range mem.Paths() {
		b, _ := mem.Get(p)
		switch path.Ext(p) {
		case ".html":
			checked++
			checkHostilePage(t, p, b)
		case ".json":
			if !json.Valid(b) {
				t.Errorf("%s is not valid JSON", p)
			}
		case ".xml":
			if err := xml.Unmarshal(b, new(struct{ XMLName xml.Name })); err != nil {
				t.Errorf("%s: %v", p, err)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("checked %d pages", checked)
	}
	page, _ := mem.Get("incidents/" + id + "/index.html")
	if n := bytes.Count(page, []byte(html.EscapeString("<script>alert(1)</script>"))); n < 10 {
		t.Errorf("the hostile text is shown escaped %d times on its page; want it in every field (at least 10)", n)
	}

	var one struct {
		Title   string `json:"title"`
		Sources []struct {
			Publisher string `json:"publisher"`
			Claims    struct {
				Statements []string `json:"statements"`
			} `json:"claims"`
		} `json:"sources"`
	}
	b, _ := mem.Get("api/incidents/" + id + ".json")
	if err := json.Unmarshal(b, &one); err != nil {
		t.Fatal(err)
	}
	if one.Title != hostile || one.Sources[0].Publisher != hostile || one.Sources[0].Claims.Statements[0] != hostile {
		t.Errorf("the JSON export changed the text: %+v", one)
	}
	var feed struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	b, _ = mem.Get("feed.xml")
	if err := xml.Unmarshal(b, &feed); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range feed.Entries {
		found = found || e.Title == hostile
	}
	if !found {
		t.Errorf("no feed entry has the title as written")
	}
	// The corrections feed carries a correction's summary as its text.
	var fixes struct {
		Entries []struct {
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	b, _ = mem.Get("corrections/feed.xml")
	if err := xml.Unmarshal(b, &fixes); err != nil {
		t.Fatal(err)
	}
	if len(fixes.Entries) == 0 || fixes.Entries[0].Content != hostile {
		t.Errorf("the corrections feed does not give the summary back as written: %+v", fixes.Entries)
	}
}

func checkHostilePage(t *testing.T, p string, b []byte) {
	t.Helper()
	head, _, _ := bytes.Cut(b, []byte("</head>"))
	if n, m := bytes.Count(head, []byte("<title>")), bytes.Count(head, []byte("</title>")); n != 1 || m != 1 {
		t.Errorf("%s: %d <title> and %d </title> in the head, want 1", p, n, m)
	}
	m := cspRE.FindSubmatch(b)
	if m == nil {
		t.Errorf("%s has no Content-Security-Policy", p)
	} else if csp := string(m[1]); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "style-src 'self'") ||
		!strings.Contains(csp, "object-src 'none'") || strings.Contains(csp, "unsafe") {
		t.Errorf("%s: Content-Security-Policy %q allows too much", p, csp)
	}
	for _, tag := range tagRE2.FindAllSubmatch(b, -1) {
		name := strings.ToLower(string(tag[1]))
		switch name {
		case "img", "iframe", "object", "embed", "x", "base", "frame":
			t.Errorf("%s: element %s", p, tag[0])
		case "script":
			if !regexp.MustCompile(`^ src="/js/[a-z-]+\.js" defer$`).Match(tag[2]) {
				t.Errorf("%s: script %s", p, tag[0])
			}
		}
		if name == "a" && regexp.MustCompile(`\shref="https?:`).Match(tag[2]) && !bytes.Contains(tag[2], []byte(`rel="noopener noreferrer`)) {
			t.Errorf("%s: an external link without rel=\"noopener noreferrer\": %s", p, tag[0])
		}
		for _, a := range attrRE2.FindAllSubmatch(tag[2], -1) {
			attr := strings.ToLower(string(a[1]))
			val := strings.ToLower(html.UnescapeString(strings.Trim(string(a[2]), `"'`)))
			switch {
			case strings.HasPrefix(attr, "on") || attr == "style" || attr == "srcdoc":
				t.Errorf("%s: attribute %s in %s", p, attr, tag[0])
			case (attr == "href" || attr == "src" || attr == "action" || attr == "xlink:href") &&
				!strings.HasPrefix(val, "/") && !strings.HasPrefix(val, "#") && !strings.HasPrefix(val, "https://") &&
				!strings.HasPrefix(val, "http://") && !strings.HasPrefix(val, "mailto:"):
				t.Errorf("%s: %s=%q in %s", p, attr, val, tag[0])
			}
		}
	}
}

// TestSymlinksRefused: a symbolic link in content/, to a file or a folder
// outside the site, is refused where it stands, and nothing is read through it.
func TestSymlinksRefused(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	for p, f := range readDir(t, "testdata/valid") {
		full := filepath.Join(root, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	secret := filepath.Join(outside, "2020-05-01-secret.md")
	os.WriteFile(secret, []byte(hostileEntry), 0o644)
	os.Mkdir(filepath.Join(outside, "2021"), 0o755)
	os.WriteFile(filepath.Join(outside, "2021", "2021-05-01-secret.md"), []byte(hostileEntry), 0o644)
	os.MkdirAll(filepath.Join(root, "content/incidents/2020"), 0o755)
	for link, target := range map[string]string{
		"content/incidents/2020/2020-05-01-secret.md": secret,
		"content/incidents/2021":                      filepath.Join(outside, "2021"),
		"content/incidents/2020/2020-05-02-passwd.md": "/etc/passwd",
	} {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(link))); err != nil {
			t.Skipf("cannot make symbolic links here: %v", err)
		}
	}
	s, diags, err := Load(context.Background(), os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	want := "content/incidents/2020/2020-05-01-secret.md: symbolic links are not allowed in content/; put the file itself here\n" +
		"content/incidents/2020/2020-05-02-passwd.md: symbolic links are not allowed in content/; put the file itself here\n" +
		"content/incidents/2021: symbolic links are not allowed in content/; put the file itself here\n"
	if got := diagText(diags); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if len(s.Incidents) != 2 {
		t.Errorf("loaded %d incidents; want the 2 real files only", len(s.Incidents))
	}

	// content/ and config.yaml themselves: a walk or a read would follow them.
	os.Rename(filepath.Join(root, "content"), filepath.Join(outside, "content"))
	os.Symlink(filepath.Join(outside, "content"), filepath.Join(root, "content"))
	s, diags, err = Load(context.Background(), os.DirFS(root))
	if err != nil || len(s.Incidents) != 0 || diagText(diags) != "content: symbolic links are not allowed in content/; put the folder itself here\n" {
		t.Errorf("a linked content/: %v, %d incidents, diagnostics:\n%s", err, len(s.Incidents), diagText(diags))
	}
	os.Rename(filepath.Join(root, "config.yaml"), filepath.Join(outside, "config.yaml"))
	os.Symlink(filepath.Join(outside, "config.yaml"), filepath.Join(root, "config.yaml"))
	if _, _, err := Load(context.Background(), os.DirFS(root)); err == nil || !strings.Contains(err.Error(), "config.yaml is a symbolic link") {
		t.Errorf("a linked config.yaml: %v", err)
	}
}

// TestStaticSymlinkRefused: static/ itself may not be a link either.
func TestStaticSymlinkRefused(t *testing.T) {
	fsys := fixtureSite(t)
	for p := range fsys {
		if strings.HasPrefix(p, "static/") {
			delete(fsys, p)
		}
	}
	fsys["static"] = &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte("/etc")}
	_, diags, err := Build(context.Background(), fsys, output.Discard{}, Options{})
	if want := "static: symbolic links are not allowed in static/; put the folder itself here\n"; err != nil || diagText(diags) != want {
		t.Errorf("got %v and\n%s\nwant\n%s", err, diagText(diags), want)
	}
}
