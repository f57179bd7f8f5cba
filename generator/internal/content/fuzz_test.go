package content

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"breachline/generator/internal/schema"
)

// Seeds beyond testdata/fuzz: the shapes of front matter that split must tell apart.
var splitSeeds = []string{
	entry, "", "---", "---\n", "---\n---", "---\n---\n", "---\r\n---\r\nbody", "--- \ntitle: x\n---\t\nbody\n",
	"----\n---\n", "title: x\n---\n", "---\ntitle: x\n", "---\n\n---\n\n\nbody", "\ufeff---\nx: 1\n---\n",
	"---\n---\n---\n", "---\nx: |\n  ---\n---\n",
}

// FuzzSplit: splitting never panics, and what it cuts is the file: the
// front matter follows the opening fence, the body ends the file and starts
// on the line split says.
func FuzzSplit(f *testing.F) {
	for _, s := range splitSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, fmLine, body, bodyLine, ok := split(src)
		first, rest, _ := bytes.Cut(src, []byte("\n"))
		if !ok {
			if want := map[bool]int{true: 2, false: 0}[isFence(first)]; fmLine != want {
				t.Fatalf("not split, fmLine %d; want %d", fmLine, want)
			}
			return
		}
		if !isFence(first) || fmLine != 2 {
			t.Fatalf("split a file whose first line %q is not a fence (fmLine %d)", first, fmLine)
		}
		if !bytes.HasPrefix(rest, fm) || !bytes.HasSuffix(src, body) {
			t.Fatalf("front matter %q or body %q is not where it was in %q", fm, body, src)
		}
		closing := rest[len(fm) : len(rest)-len(body)]
		if !isFence(bytes.TrimSuffix(closing, []byte("\n"))) {
			t.Fatalf("the front matter %q ends at %q, not at a fence", fm, closing)
		}
		if bytes.Contains(bytes.TrimSuffix(closing, []byte("\n")), []byte("\n")) {
			t.Fatalf("the closing fence %q spans lines", closing)
		}
		if want := 1 + bytes.Count(src[:len(src)-len(body)], []byte("\n")); len(body) > 0 && bodyLine != want {
			t.Fatalf("body starts on line %d, split says %d", want, bodyLine)
		}
	})
}

// FuzzParse: any bytes as an entry never panic; a file that yields no
// incident says why; every diagnostic names the file, a line within it and
// a column, in a message that is valid UTF-8.
func FuzzParse(f *testing.F) {
	for _, s := range splitSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(strings.Replace(entry, "date: 2020-05-01", "date: 2023-13-01\ndisclosed: 2023-2-3", 1)))
	f.Add([]byte(strings.Replace(entry, "airlines: [klm]", "airlines: klm\nrelated: [2020-05-01-x, 2020-05-01-x]", 1)))
	f.Fuzz(func(t *testing.T, src []byte) {
		const p = "content/incidents/2020/2020-05-01-x.md"
		inc, diags := Parse(p, src)
		if inc == nil && len(diags) == 0 {
			t.Fatal("no incident and no diagnostic")
		}
		// Lines as editors count them: a lone CR ends one too (Parse reads
		// the file normalized).
		lines := 1 + bytes.Count(schema.Normalize(src), []byte("\n"))
		for _, d := range diags {
			if d.Pos.File != p || d.Pos.Line < 1 || d.Pos.Line > lines+1 || d.Pos.Col < 1 {
				t.Fatalf("diagnostic at %s:%d:%d, outside the file's %d lines: %s", d.Pos.File, d.Pos.Line, d.Pos.Col, lines, d)
			}
			if d.Msg == "" || d.Rule == "" || !utf8.ValidString(d.Msg) {
				t.Fatalf("diagnostic without a rule or a readable message: %+v", d)
			}
		}
	})
}
