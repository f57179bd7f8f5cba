package markdown

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var (
	fuzzTagRE  = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>`)
	fuzzAttrRE = regexp.MustCompile(`\s([^\s="]+)(?:="([^"]*)")?`)
	// The elements a body may become; anything else came from the input.
	fuzzTags = map[string]bool{
		"p": true, "a": true, "em": true, "strong": true, "del": true, "code": true, "pre": true, "span": true,
		"h3": true, "h4": true, "h5": true, "h6": true, "ul": true, "ol": true, "li": true, "blockquote": true,
		"hr": true, "br": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
		"sup": true, "section": true, "div": true, "input": true,
	}
	fuzzAttrs = map[string]bool{
		"href": true, "title": true, "rel": true, "class": true, "id": true, "start": true, "align": true,
		"role": true, "checked": true, "disabled": true, "type": true, "aria-hidden": true,
	}
)

// FuzzRender: any UTF-8 body renders, without a panic, to valid UTF-8 HTML
// made only of the elements and attributes a body may become: no script,
// no event handler, no style, and no link but http(s), mailto:, fragments
// and the site's own pages. (Bodies that are not UTF-8 are refused before
// they reach Markdown.)
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"Plain text.", "See [the other](incident:2019-12-09-x) and [ZDNet](https://www.zdnet.de/a?b=1&c=2 \"t\").",
		"[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z]( javascript:alert(1)) [w](&#106;avascript:alert(1))",
		"[a](data:text/html;base64,PHNjcmlwdD4=) [b](vbscript:msgbox) [c](java\tscript:x) [d](<javascript:x>)",
		"a <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<div onclick=\"x\">block</div>\n",
		"![alt](https://tracker.example/p.png) <https://example.org/x> www.example.com x@example.com <javascript:alert(1)>",
		"```go\nfunc main() { x := \"<b>\" }\n```\n", "```\"><script>x</script>\n<x>\n```\n",
		"| a | b |\n|---|---|\n| 1 | <b>2</b> |\n\nText[^1].\n\n[^1]: Note <script>.\n",
		"# Top\n\n## <script>x</script> \"onmouseover=x\n\n###### deep {#id onclick=x}\n",
		"- [ ] task\n- [x] done\n\n1. one\n2. two\n\n> quote\n\n---\n", "[x][r]\n\n[r]: javascript:alert(1) \"t\"\n",
		"<!-- comment --> <?php x ?> <![CDATA[x]]> &lt;script&gt; &#x3C;script&#x3E;", "</title><script>x</script>",
	} {
		f.Add(s)
	}
	m := New(nil)
	f.Fuzz(func(t *testing.T, src string) {
		if !utf8.ValidString(src) {
			return
		}
		doc := m.Parse([]byte(src))
		var b bytes.Buffer
		if err := m.Render(&b, doc); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 in %q", out)
		}
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("<script in %q", out)
		}
		for _, tag := range fuzzTagRE.FindAllStringSubmatch(out, -1) {
			if !fuzzTags[strings.ToLower(tag[2])] {
				t.Fatalf("element %q from %q in %q", tag[0], src, out)
			}
			for _, a := range fuzzAttrRE.FindAllStringSubmatch(tag[3], -1) {
				name := strings.ToLower(a[1])
				if name == "/" {
					continue
				}
				if !fuzzAttrs[name] {
					t.Fatalf("attribute %q in %q from %q", name, tag[0], src)
				}
				if name == "href" && !safeHref(a[2]) {
					t.Fatalf("link %q in %q from %q", a[2], out, src)
				}
			}
		}
		if s := Summary([]byte(src)); !utf8.ValidString(s) {
			t.Fatalf("summary %q is not UTF-8", s)
		}
	})
}

// safeHref reports whether an href, as a browser reads it (entities decoded,
// tabs and line breaks dropped, case ignored), is one the site allows.
func safeHref(v string) bool {
	u := strings.ToLower(strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, html.UnescapeString(v)))
	if strings.TrimLeft(u, "\x00 \f\v") != u {
		return false
	}
	for _, ok := range []string{"http://", "https://", "mailto:", "#", "/incidents/"} {
		if strings.HasPrefix(u, ok) {
			return true
		}
	}
	return false
}
