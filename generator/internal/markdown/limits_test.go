package markdown

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestLimits: each bound refuses what passes it, where it passes it, and
// lets through what stays at it; prose and the usual Markdown meet none.
func TestLimits(t *testing.T) {
	rep := strings.Repeat
	tests := []struct {
		name, src string
		rule      string // "" for none
		line, col int
	}{
		{"prose", "A paragraph with *emphasis*, a [link](https://x.example/a \"title\"), `code` and www.example.org.\n\n" +
			"> a quote\n> - with a list\n>   - nested\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[ref]: https://x.example/r\n", "", 0, 0},
		{"nesting at the bound", rep("> ", MaxNesting) + "x\n", "", 0, 0},
		{"nesting past it", "a\n\n" + rep("> ", MaxNesting+1) + "x\n", "markdown-nesting", 3, 2*MaxNesting + 1},
		{"lists past it", rep("- ", MaxNesting+1) + "x\n", "markdown-nesting", 1, 2*MaxNesting + 1},
		{"ordered lists past it", rep("1. ", MaxNesting+1) + "x\n", "markdown-nesting", 1, 3*MaxNesting + 2},
		{"indentation nests lists", rep(" ", 2*MaxNesting) + "- x\n", "markdown-nesting", 1, 2*MaxNesting + 1},
		{"a thematic break is no list", rep("- ", 3*MaxNesting) + "\n", "", 0, 0},
		{"brackets at the bound", rep("[", MaxBrackets) + "x" + rep("]", MaxBrackets) + "\n", "", 0, 0},
		{"brackets past it", "ab " + rep("[", MaxBrackets+1) + "\n", "markdown-brackets", 1, 4 + MaxBrackets},
		{"escaped brackets are text", rep(`\[`, 10*MaxBrackets) + "\n", "", 0, 0},
		{"emphasis in many paragraphs", rep(rep("*a", 20)+"\n\n", 20000), "", 0, 0},
		{"emphasis in one paragraph", rep("*a", 4096) + "\n", "", 0, 0},
		{"emphasis past the bound", rep("*a", 4096) + " ~\n", "markdown-emphasis", 1, 2*4096 + 2},
		{"headings at the bound", rep("## a\n\n", MaxHeadings/2) + rep("b\n===\n\n", MaxHeadings/2), "", 0, 0},
		{"headings past it", rep("# a\n", MaxHeadings) + "b\n---\n", "markdown-headings", MaxHeadings + 2, 1},
		{"backticks at the bound", rep("`", MaxBackticks) + " x " + rep("`", MaxBackticks) + "\n", "", 0, 0},
		{"backticks past it", "x " + rep("`", MaxBackticks+1) + "\n", "markdown-backticks", 1, 3},
		{"cells at the bound", rep("|a", 100) + "|\n" + rep("|-", 100) + "|\n" + rep("|x|\n", MaxTableCells/100-2), "", 0, 0},
		{"cells past it", rep("|a", 100) + "|\n" + rep("|-", 100) + "|\n" + rep("|x|\n", MaxTableCells/100-1), "markdown-tables", MaxTableCells/100 + 1, 1},
		{"references at the bound", refdefs(MaxReferenceDefinitions), "", 0, 0},
		{"references past it", refdefs(MaxReferenceDefinitions + 1), "markdown-references", MaxReferenceDefinitions + 1, 1},
		{"unclosed destinations", rep("[a](", 5000) + "\n", "markdown-lookahead", 1, 0},
		{"unclosed <destinations>", rep("[a](<", 5000) + "\n", "markdown-lookahead", 1, 0},
		{"unclosed titles", rep("[a](b (", 5000) + "\n", "markdown-lookahead", 1, 0},
		{"bare addresses", rep(" www.x", 5000) + "\n", "markdown-lookahead", 1, 0},
		{"brackets over many lines", rep("[a]\n", 5000), "markdown-lookahead", 0, 0},
		{"many closed links on a line", rep("[a](https://x.example/a) ", 40000) + "\n", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls := Limits([]byte(tt.src))
			if tt.rule == "" {
				if len(ls) > 0 {
					t.Fatalf("want no limit, got %+v", ls)
				}
				return
			}
			if len(ls) != 1 || ls[0].Rule != tt.rule {
				t.Fatalf("want one %s, got %+v", tt.rule, ls)
			}
			if (tt.line != 0 && ls[0].Line != tt.line) || (tt.col != 0 && ls[0].Col != tt.col) {
				t.Errorf("at %d:%d, want %d:%d", ls[0].Line, ls[0].Col, tt.line, tt.col)
			}
			if !strings.Contains(ls[0].Msg, "at most") && !strings.Contains(ls[0].Msg, "more than") {
				t.Errorf("the message does not say the bound: %s", ls[0].Msg)
			}
			doc := New(nil).Parse([]byte(tt.src))
			if len(doc.Limits) == 0 || doc.Root.ChildCount() != 0 {
				t.Errorf("Parse gave goldmark a body past a bound")
			}
		})
	}
	// A body with few runs is scanned for brackets alone; scanned byte by
	// byte it passes the same bounds.
	for _, tt := range tests {
		t.Run(tt.name+"/byte by byte", func(t *testing.T) {
			s := limitScan{src: []byte(tt.src)}
			s.run(false)
			var got, want []string
			for _, l := range s.limits {
				got = append(got, l.Rule)
			}
			for _, l := range Limits([]byte(tt.src)) {
				want = append(want, l.Rule)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("byte by byte %v, by search %v", got, want)
			}
		})
	}
}

func refdefs(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[r%d]: https://x.example/%d\n", i, i)
	}
	return b.String()
}

// hostileBodies are bodies of 1 MiB (content.MaxSize) that cost time
// growing faster than their size without the bounds: the constructs of
// issue 14 (200,000 nested quotes, 100,000 unclosed links, 45,000 links on
// one line) and the others found by measuring goldmark, each at the
// largest that its bound lets through where that is the worse case.
func hostileBodies() map[string][]byte {
	fill := func(unit string) []byte {
		const n = 1 << 20
		return []byte(strings.Repeat(unit, n/len(unit)+1)[:n])
	}
	rep := strings.Repeat
	var cells strings.Builder
	cells.WriteString(rep("|a", 1000) + "|\n" + rep("|-", 1000) + "|\n" + rep("|x|\n", MaxTableCells/1000-2))
	return map[string][]byte{
		"nested-quotes":        []byte(rep(">", 200000) + " a\n"),
		"unclosed-links":       []byte(rep("[a](", 100000)),
		"links-on-a-line":      links(45000),
		"nested-lists":         fill("- - > "),
		"nesting-at-bound":     fill(rep("> ", MaxNesting) + "a\n"),
		"emphasis":             fill(" *_"),
		"emphasis-at-bound":    append([]byte(rep(" *_", 2048)+"\n\n"), fill(" *\n\n")...)[:1<<20],
		"emphasis-paragraphs":  fill(rep(" *_", 10) + "\n\n"),
		"brackets":             []byte(rep("[", 1<<19) + rep("]", 1<<19)),
		"brackets-at-bound":    fill(rep("[", MaxBrackets) + rep("]", MaxBrackets)),
		"backticks":            backtickRuns(),
		"wide-table":           fill(rep("|a", 1000) + "|\n" + rep("|-", 1000) + "|\n" + rep("|x|\n", 1000) + "\n"),
		"table-at-bound":       append([]byte(cells.String()+"\n"), fill("word ")[:1<<19]...),
		"references":           []byte(refdefs(50000)),
		"bare-addresses":       fill("*www.]@_@"),
		"brackets-over-lines":  fill("](\n[@]"),
		"unclosed-titles":      fill("[a](b ("),
		"footnote-references":  fill("a[^1] "),
		"headings":             fill("#\n>"),
		"prose":                fill(rep("A sentence of prose, with *emphasis* and [a link](https://x.example/a). ", 5) + "\n\n"),
		"code-fences":          fill("```\nx\n```\n"),
		"highlighted-code":     fill("```json\n" + rep("//", 1000) + "\n```\n\n"),
		"yaml-code":            fill("```yaml\n" + rep("-", 2000) + "\n```\n\n"),
		"autolinks":            fill("<https://x.example/a> "),
		"unclosed-angle-links": fill("[a](<"),
	}
}

// links is n links on one line, each to a place of its own.
func links(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, "[a](https://x.example/%d) ", i)
	}
	return b.Bytes()
}

func backtickRuns() []byte {
	var b strings.Builder
	for i := 1; b.Len() < 1<<20; i++ {
		b.WriteString(strings.Repeat("`", i) + "a")
	}
	return []byte(b.String()[:1<<20])
}

// BenchmarkHostile times each hostile body through Parse and, where no
// bound refuses it, Render: what `check` and `build` spend on it.
func BenchmarkHostile(b *testing.B) {
	m := New(nil)
	bodies := hostileBodies()
	for _, name := range slices.Sorted(maps.Keys(bodies)) {
		src := bodies[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				doc := m.Parse(src)
				if len(doc.Limits) == 0 {
					var out bytes.Buffer
					if err := m.Render(&out, doc); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// TestExpansion: no Markdown but headings (MaxHeadings of them at most)
// renders to more than MaxExpansion times its size, which is what lets a
// body of MaxHTML/MaxExpansion bytes or fewer go unmeasured.
func TestExpansion(t *testing.T) {
	m := New(nil)
	units := []string{"[^a]", "a[^1] ", "<http://a>", "www.a.b ", "a@b.cd ", "<x@y.z>", "- [ ] a\n", "-\n", "1.\n",
		"*a*", "**a**", "~a~", "~~a~~", "`a`", "[a](#)", "[a](http://a)", "[a](incident:x)", `"`, "&", "<", "a>",
		"|a|\n|-|\n|b|\n\n", "|a|b|c|d|\n|-|-|-|-|\n", "> a\n\n", "***\n", "a  \nb", "[a]: http://x\n[a]\n", "\\\n",
		"![a](b)", "    a\n", "```\na\n```\n", "```go\na\n```\n", "```json\n{\n```\n", "[^1]: a\n\n", "a\n", "é"}
	for _, u := range units {
		src := []byte(strings.Repeat(u, 8192/len(u)) + "\n\n[^1]: x\n\n[^a]: y\n")
		doc := m.Parse(src)
		if len(doc.Limits) > 0 {
			t.Fatalf("%q: %v", u, doc.Limits)
		}
		var b bytes.Buffer
		if err := m.Render(&b, doc); err != nil {
			t.Fatal(err)
		}
		if ratio := float64(b.Len()) / float64(len(src)); ratio > MaxExpansion {
			t.Errorf("%q renders to %.1f times its size, more than MaxExpansion (%d)", u, ratio, MaxExpansion)
		}
	}
}

// BenchmarkLimits: the bounds' one pass over a body of prose, as every
// entry pays it.
func BenchmarkLimits(b *testing.B) {
	src := []byte(strings.Repeat("A paragraph with [a link](https://news.example/r/1) and *some* words in it, as bodies have, www.example.org.\n\n- a list item\n- another\n\n", 25))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Limits(src)
	}
}
