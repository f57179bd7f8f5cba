package markdown

import (
	"bytes"
	"strings"
	"testing"
)

func render(t *testing.T, src string) string {
	t.Helper()
	m := New(func(id string) string { return "/base/incidents/" + id + "/" })
	var b bytes.Buffer
	if err := m.Render(&b, m.Parse([]byte(src))); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestRenderSafe(t *testing.T) {
	tests := []struct {
		name, src    string
		want, absent []string
	}{
		{name: "incident link", src: "See [the other](incident:2019-12-09-x).",
			want: []string{`<a href="/base/incidents/2019-12-09-x/">the other</a>`}},
		{name: "external link", src: "[ZDNet](https://www.zdnet.de/a?b=1&c=2 \"t\")",
			want: []string{`<a href="https://www.zdnet.de/a?b=1&amp;c=2" title="t" rel="noopener noreferrer nofollow" class="external">ZDNet</a>`}},
		{name: "javascript link", src: "[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z]( javascript:alert(1))",
			absent: []string{"javascript", "href"}},
		{name: "entity-encoded scheme", src: "[x](&#106;avascript:alert(1))", absent: []string{"href", "avascript:"}},
		{name: "data and vbscript", src: "[a](data:text/html;base64,PHNjcmlwdD4=) [b](vbscript:msgbox)", absent: []string{"href"}},
		{name: "raw html", src: "a <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<div onclick=\"x\">block</div>\n",
			absent: []string{"<script", "onerror", "onclick", "<img", "<div"}},
		{name: "hostile image", src: "![x](javascript:alert(1)) ![y](data:image/svg+xml,<svg onload=alert(1)>) ![z](\" onerror=\"alert(1))",
			absent: []string{"<img", "<svg", "javascript", ` onerror="`, "src="}},
		{name: "reference link", src: "[x][r] [y][s]\n\n[r]: JAVASCRIPT:alert(1)\n[s]: <vbscript:msgbox>\n", want: []string{"x", "y"}, absent: []string{"href", "script"}},
		{name: "image", src: "![alt text](https://tracker.example/p.png)", want: []string{"alt text"}, absent: []string{"<img", "tracker"}},
		{name: "autolink", src: "<https://example.org/x> and www.example.com", want: []string{`<a href="https://example.org/x" rel="noopener noreferrer nofollow" class="external">https://example.org/x</a>`}},
		{name: "code", src: "```go\nfunc main() { x := \"<b>\" }\n```\n", want: []string{`<pre class="chroma">`, `<span class="kd">func</span>`, "&lt;b&gt;"}, absent: []string{"style="}},
		{name: "unknown language", src: "```nosuchlang\n<x>\n```\n", want: []string{"&lt;x&gt;"}, absent: []string{"<x>"}},
		{name: "aligned table", src: "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n", want: []string{`<th class="align-left">a</th>`, `<td class="align-center">2</td>`, `<td class="align-right">3</td>`}, absent: []string{"style="}},
		{name: "table and footnote", src: "| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: Note.\n", want: []string{"<table>", "<td>1</td>", `class="footnote-ref"`}},
		{name: "heading id", src: "# Top\n\n## What sources disagree on\n\n### Deep\n", want: []string{`<h3 id="s-top">Top <a class="anchor" href="#s-top">`, `<h4 id="s-what-sources-disagree-on">`, `<h5 id="s-deep">`}},
		{name: "headings start at h3", src: "## First\n\n### Second\n", want: []string{`<h3 id="s-first">`, `<h4 id="s-second">`}},
		{name: "heading ids cannot be the page's", src: "## Timeline\n\n## Sources\n\nSee [the timeline](#timeline), [sources](#sources) and [the page's facts](#facts).\n",
			want: []string{`<h3 id="s-timeline">`, `<h3 id="s-sources">`, `href="#s-timeline"`, `href="#s-sources"`, `href="#facts"`}, absent: []string{`id="timeline"`, `id="sources"`}},
		{name: "hostile heading", src: "## <script>x</script> \"onmouseover=x\n", absent: []string{"<script", `"onmouseover`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, tt.src)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(strings.ToLower(got), strings.ToLower(a)) {
					t.Errorf("output contains %q:\n%s", a, got)
				}
			}
		})
	}
}

func TestLinks(t *testing.T) {
	src := []byte("Intro.\n\nSee [one](incident:a-b) and\n<https://x.example/> and ![i](https://img.example/p.png).\n")
	doc := New(nil).Parse(src)
	if len(doc.Links) != 3 {
		t.Fatalf("got %d links, want 3: %+v", len(doc.Links), doc.Links)
	}
	wantPos := [][2]int{{3, 11}, {4, 2}, {4, 31}}
	for i, l := range doc.Links {
		line, col := LineCol(src, l.Offset)
		if line != wantPos[i][0] || col != wantPos[i][1] {
			t.Errorf("link %d (%s) at %d:%d, want %d:%d", i, l.Dest, line, col, wantPos[i][0], wantPos[i][1])
		}
	}
	if doc.Links[2].Kind != Image || doc.Links[1].Kind != AutoLink {
		t.Errorf("kinds: %+v", doc.Links)
	}
}

func TestHeadingSkips(t *testing.T) {
	src := []byte("## A\n\n#### Skipped\n\n### Fine\n")
	doc := New(nil).Parse(src)
	if len(doc.Skips) != 1 {
		t.Fatalf("got %d skips, want 1", len(doc.Skips))
	}
	if line := doc.Skips[0].Line; line != 3 {
		t.Errorf("skip reported on line %d, want 3", line)
	}
}

// BenchmarkBody: parse and render one synthetic body of 300-800 words.
func BenchmarkBody(b *testing.B) {
	src := []byte(strings.Repeat("A paragraph with [a link](https://news.example/r/1) and *some* words in it, as bodies have.\n\n- a list item\n- another\n\n", 25))
	m := New(nil)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		var out bytes.Buffer
		if err := m.Render(&out, m.Parse(src)); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSummary(t *testing.T) {
	long := strings.Repeat("word ", 80) // 400 bytes
	unbroken := strings.Repeat("x", 150) + " " + strings.Repeat("y", 200)
	for _, c := range []struct{ name, src, want string }{
		{"empty", "", ""},
		{"first paragraph", "One *two* `three`.\n\nSecond.", "One two three."},
		{"skips headings, tables and code", "### Heading\n\n| a | b |\n\n```go\nx\n```\n\nThe text.", "The text."},
		{"link targets and footnote marks go", "See [the report](https://example.org/r)[^1] and _more_.", "See the report and more."},
		{"line breaks become spaces", "one\ntwo\r\nthree\rfour", "one two three four"},
		{"cut by characters", strings.Repeat("ü", 400), strings.Repeat("ü", 300) + "…"},
		{"unclosed link targets", "a](" + strings.Repeat("x](", 100) + " b", "a(" + strings.Repeat("x(", 100) + " b"},
		{"cut at a word", long, strings.TrimRight(long[:strings.LastIndex(long[:300], " ")], " ") + "…"},
		{"cut hard without a late space", unbroken, unbroken[:300] + "…"},
		{"exactly 300 stays whole", strings.Repeat("z", 300), strings.Repeat("z", 300)},
		{"only headings", "## A\n\n## B", ""},
	} {
		if got := Summary([]byte(c.src)); got != c.want {
			t.Errorf("%s: Summary = %q, want %q", c.name, got, c.want)
		}
	}
}
