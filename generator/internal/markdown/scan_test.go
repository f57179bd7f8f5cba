package markdown

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// kind is what a reader tells apart by colour: a comment, a string, a
// number, a keyword, a name, an operator or punctuation (one: chroma's
// lexers themselves disagree on which is which), white space or text, an
// error.
func kind(t chroma.TokenType) string {
	switch {
	case t.InSubCategory(chroma.LiteralString):
		return "string"
	case t.InSubCategory(chroma.LiteralNumber):
		return "number"
	case t.InCategory(chroma.Comment):
		return "comment"
	case t.InCategory(chroma.Keyword):
		return "keyword"
	case t.InCategory(chroma.Name):
		return "name"
	case t.InCategory(chroma.Operator), t.InCategory(chroma.Punctuation):
		return "operator"
	case t.InCategory(chroma.Text):
		return "text"
	}
	return t.Category().String()
}

// kinds is the kind of every byte of the tokens' text.
func kinds(it chroma.Iterator) ([]string, string) {
	var ks []string
	var text strings.Builder
	for tok := it(); tok != chroma.EOF; tok = it() {
		k := kind(tok.Type)
		for range len(tok.Value) {
			ks = append(ks, k)
		}
		text.WriteString(tok.Value)
	}
	return ks, text.String()
}

// TestScannerAgrees: on ordinary code in each language with a scanner, the
// scanner and chroma's lexer give nearly every byte that is not white space
// the same kind. The scanner knows less than chroma's lexers; this says
// how much less, per language.
func TestScannerAgrees(t *testing.T) {
	for _, name := range slices.Sorted(maps.Keys(scanned)) {
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile("testdata/code/" + name + ".txt")
			if err != nil {
				t.Fatal(err)
			}
			want, _ := kinds(chromaTokens(t, name, string(src)))
			got, text := kinds(scanIterator(scanned[name], string(src)))
			if text != string(src) {
				t.Fatalf("the tokens' text is not the code")
			}
			same, all := 0, 0
			var differ []string
			for i := 0; i < len(src); i++ {
				if src[i] == ' ' || src[i] == '\n' || src[i] == '\t' {
					continue
				}
				all++
				if got[i] == want[i] {
					same++
					continue
				}
				j := i + 1
				for j < len(src) && got[j] == got[i] && want[j] == want[i] {
					j++
				}
				if len(differ) < 20 {
					line := 1 + strings.Count(string(src[:i]), "\n")
					differ = append(differ, fmt.Sprintf("line %d: %q scanner %s, chroma %s", line, src[i:j], got[i], want[i]))
				}
				for k := i + 1; k < j; k++ {
					if src[k] != ' ' && src[k] != '\n' && src[k] != '\t' {
						all++
					}
				}
				i = j - 1
			}
			share := float64(same) / float64(all)
			t.Logf("%s: %.1f%% of %d bytes of the same kind as chroma's; first differences:\n%s", name, 100*share, all, strings.Join(differ, "\n"))
			if share < 0.9 {
				t.Errorf("%s: only %.1f%% of bytes agree with chroma; first differences:\n%s", name, 100*share, strings.Join(differ, "\n"))
			}
		})
	}
}

func chromaTokens(t *testing.T, name, src string) chroma.Iterator {
	t.Helper()
	l := lexers.Get(name)
	if l == nil {
		t.Fatalf("chroma has no lexer %q", name)
	}
	it, err := chroma.Coalesce(l).Tokenise(nil, src)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// TestScannerWhole: whatever the input, the scanner's tokens are the input,
// in order, none empty: hostile code, random bytes (invalid UTF-8
// included), every prefix of the samples (an unclosed string or comment at
// every point), and 256 KiB of each hostile unit, which a scanner that
// backtracked could not finish.
func TestScannerWhole(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var inputs []string
	for _, u := range hostileCode {
		inputs = append(inputs, strings.Repeat(u, 64), strings.Repeat(u, (256<<10)/len(u)))
	}
	const alphabet = "\"'`\\/*#-$@{}()[]<>=:;,.\n \t0x9e_aZ\xff\xc3\xa9"
	for range 200 {
		b := make([]byte, rng.IntN(200))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		inputs = append(inputs, string(b))
	}
	for _, name := range slices.Sorted(maps.Keys(scanned)) {
		src, err := os.ReadFile("testdata/code/" + name + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i <= len(src); i += 7 {
			inputs = append(inputs, string(src[:i]))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(scanned)) {
		for _, in := range inputs {
			toks := scan(scanned[name], in)
			var b strings.Builder
			for _, tok := range toks {
				if tok.Value == "" {
					t.Fatalf("%s: an empty token in %q", name, in)
				}
				b.WriteString(tok.Value)
			}
			if b.String() != in {
				t.Fatalf("%s: tokens %q are not the input %q", name, b.String(), in)
			}
		}
	}
}

// TestScannedLanguagesHighlighted: every language with a scanner is one
// the fences may name, and a block in it is highlighted with chroma's
// markup.
func TestScannedLanguagesHighlighted(t *testing.T) {
	names := map[string]bool{}
	for _, n := range highlighted {
		names[n] = true
	}
	for name := range scanned {
		if !names[name] {
			t.Errorf("%s has a scanner but no fence names it", name)
		}
	}
	m := New(nil)
	var out strings.Builder
	src := "```sql\nSELECT 1 FROM members WHERE email = 'a<b';\n```\n"
	if err := m.Render(&out, m.Parse([]byte(src))); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<pre class="chroma">`, `<span class="k">SELECT</span>`, `<span class="mi">1</span>`, `<span class="s1">&#39;a&lt;b&#39;</span>`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %s in\n%s", want, out.String())
		}
	}
}

// BenchmarkScan compares the scanner with chroma's lexer on the samples.
func BenchmarkScan(b *testing.B) {
	for _, name := range slices.Sorted(maps.Keys(scanned)) {
		src, err := os.ReadFile("testdata/code/" + name + ".txt")
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/scanner", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				it := scanIterator(scanned[name], string(src))
				for tok := it(); tok != chroma.EOF; tok = it() {
				}
			}
		})
		b.Run(name+"/chroma", func(b *testing.B) {
			l := chroma.Coalesce(lexers.Get(name))
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				it, _ := l.Tokenise(nil, string(src))
				for tok := it(); tok != chroma.EOF; tok = it() {
				}
			}
		})
	}
}
