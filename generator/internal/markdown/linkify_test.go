package markdown

import (
	"bytes"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"breachline/generator/internal/synth"
)

// TestGoldmarkAgrees renders bodies with quickLinkify and quickWriter and
// with goldmark's own GFM extension and text writer and wants the same
// bytes: the site's bodies and pages, edge cases, and random text made of
// what bare links, escapes and references are made of, placed at line
// starts, after emphasis and brackets, in tables, lists and code.
func TestGoldmarkAgrees(t *testing.T) {
	ours, theirs := New(nil), newPages(nil, nil, true)
	var bodies []string
	err := filepath.WalkDir("../../../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		bodies = append(bodies, string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(bodies) < 30 {
		t.Fatalf("read %d bodies from content/, want the site's", len(bodies))
	}
	linked := 0
	for _, b := range bodies {
		if strings.Contains(b, "https://") || strings.Contains(b, "www.") {
			linked++
		}
	}
	if linked == 0 {
		t.Fatal("no body in content/ holds an address: the comparison would prove little")
	}
	words := []string{
		"http://a.example/x", "https://www.example.org/p?q=1&r=(2)", "ftp://f.example", "www.example.com",
		"www.", "http:", "https:", "x@example.com", "first.last+tag@mail.example.nl", "a@b", "@", ":", "::",
		"word", "Wort", "één", "*", "**", "_", "~", "~~", "(", ")", "[", "]", "](", "<", ">", "`", "|", "-",
		"&amp;", "&", ";", ".", ",", "?", "!", "'", "\"", "\\", "#", "1.", ">", "mailto:x@y.z", "HTTP://X.EXAMPLE",
		"&copy;", "&#x41;", "&#65;", "&#0;", "&nosuch;", "\\*", "\\&", "\\\\", "\\ ", "\x00", "a\x00b", "<b>", "\"q\"",
		"`code & <x>`", "```\n<&>\n```", "ü", "€",
	}
	seps := []string{" ", " ", " ", "", "\n", "\n\n", "\t", "  \n", "\n| ", " | ", "\n- ", "\n> ", "\n1. "}
	rnd := rand.New(rand.NewPCG(20, 12))
	for range 3000 {
		var b strings.Builder
		for range 1 + rnd.IntN(40) {
			b.WriteString(words[rnd.IntN(len(words))])
			b.WriteString(seps[rnd.IntN(len(seps))])
		}
		bodies = append(bodies, b.String())
	}
	bodies = append(bodies,
		"| a | b |\n|---|---|\n| see www.example.com | x@example.com |\n",
		"*www.example.com* _https://example.org_ ~ftp://example.net~ (http://example.org/a_(b))",
		"plain words and more plain words\nthen https://example.org/ on the next line",
		"plain: words www.example.com\nno candidates at all on this line\nbut one@example.com here",
	)
	for _, src := range bodies {
		if got, want := renderWith(t, ours, src), renderWith(t, theirs, src); got != want {
			t.Fatalf("quickLinkify and goldmark differ on %q:\nours:   %q\ntheirs: %q", src, got, want)
		}
	}
}

func renderWith(t testing.TB, m *Markdown, src string) string {
	t.Helper()
	var b bytes.Buffer
	if err := m.Render(&b, m.Parse([]byte(src))); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// BenchmarkHeavyBodies parses and renders 200 of synth's heavy bodies with
// quickLinkify (ours) and with goldmark's GFM extension (theirs).
func BenchmarkHeavyBodies(b *testing.B) {
	r := rand.New(rand.NewPCG(20, 1))
	var bodies [][]byte
	for i := range 200 {
		bodies = append(bodies, []byte(synth.NewEntryShaped(r, i, synth.Heavy).Body))
	}
	for _, c := range []struct {
		name string
		m    *Markdown
	}{{"ours", New(nil)}, {"theirs", newPages(nil, nil, true)}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				for _, src := range bodies {
					renderWith(b, c.m, string(src))
				}
			}
		})
	}
}

// FuzzGoldmarkAgrees looks for a body on which quickLinkify and quickWriter
// and goldmark's own extension and writer differ.
func FuzzGoldmarkAgrees(f *testing.F) {
	for _, s := range []string{
		"plain words and more plain words\nthen https://example.org/ on the next line",
		"foo bar  \nhard break, *em* and www.example.com, a@b.example \\* &amp; &copy;\n\n| a | b |\n|---|---|\n| x y | z |\n",
		"  lead\twith\ttabs (and parens) ~~gone~~ _u_ __b__ `c d` [l](https://x.example) <https://y.example>\r\nnext\r\n",
	} {
		f.Add(s)
	}
	ours, theirs := New(nil), newPages(nil, nil, true)
	f.Fuzz(func(t *testing.T, src string) {
		if got, want := renderWith(t, ours, src), renderWith(t, theirs, src); got != want {
			t.Fatalf("differ on %q:\nours:   %q\ntheirs: %q", src, got, want)
		}
	})
}
