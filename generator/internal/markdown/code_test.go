package markdown

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
)

// hostileCode are short units that, repeated, make chroma's lexers
// backtrack: unclosed strings, comments and tags, escapes, brackets.
var hostileCode = []string{"\"", "a\"", "\\", "/*", "({[", "a.", "'a", "#", "<a ", "$(", "<!--", "a:", "a\"b'c`d/e*f",
	"a\n", "-", "&", "//", "<<", "${", "<?", "'''", "- a\n", "{\"a\":", "=", "@"}

// worstHighlight is the longest any of units, repeated to size bytes,
// takes the lexer for lang, and which.
func worstHighlight(lang string, units []string, size int) (time.Duration, string) {
	r := &safeRenderer{}
	lx := r.lexer(lang)
	var worst time.Duration
	var which string
	for _, unit := range units {
		src := strings.Repeat(unit, size/len(unit))
		start := time.Now()
		if it, err := lx.Tokenise(nil, src); err == nil {
			for tok := it(); tok != chroma.EOF; tok = it() {
			}
		}
		if d := time.Since(start); d > worst {
			worst, which = d, unit
		}
	}
	return worst, which
}

// TestHighlightBounded: every language highlighted has a lexer, and none
// hangs on hostile code of the largest size highlighted. This is a bound
// against hangs, not a speed target: BenchmarkHighlight has the times.
func TestHighlightBounded(t *testing.T) {
	r := &safeRenderer{}
	for _, lang := range slices.Sorted(maps.Keys(highlighted)) {
		if r.lexer(lang) == nil {
			t.Errorf("%s: chroma has no lexer %q", lang, highlighted[lang])
		}
	}
	if testing.Short() {
		t.Skip("lexes hostile code in every language")
	}
	units, size := hostileCode, MaxHighlightBlock
	if raceEnabled {
		// The inputs that were worst for some lexer, at half the size.
		units, size = []string{"&", "//", "a.", "\"", "<!--", "`", "-"}, MaxHighlightBlock/2
	}
	seen := map[string]bool{}
	for _, name := range slices.Sorted(maps.Values(highlighted)) {
		if seen[name] {
			continue
		}
		seen[name] = true
		if d, unit := worstHighlight(name, units, size); d > 10*time.Second {
			t.Errorf("%s: %v on %q repeated to %d bytes", name, d, unit, size)
		}
	}
}

// BenchmarkHighlight reports, per language highlighted, the worst time of
// the hostile inputs at MaxHighlightBlock (as ms-worst).
func BenchmarkHighlight(b *testing.B) {
	seen := map[string]bool{}
	for _, name := range slices.Sorted(maps.Values(highlighted)) {
		if seen[name] {
			continue
		}
		seen[name] = true
		b.Run(name, func(b *testing.B) {
			var worst time.Duration
			for b.Loop() {
				worst, _ = worstHighlight(name, hostileCode, MaxHighlightBlock)
			}
			b.ReportMetric(float64(worst)/1e6, "ms-worst")
		})
	}
}

// TestHighlightBudget: code is highlighted within the budget, and shown
// plain, escaped and whole, past it or in a language not highlighted.
func TestHighlightBudget(t *testing.T) {
	block := func(lang string, n int) string {
		return "```" + lang + "\n" + strings.Repeat("x := \"<b>\"\n", n/11) + "```\n\n"
	}
	for _, tt := range []struct {
		name, src   string
		highlighted int // blocks
	}{
		{"small go", block("go", 100), 1},
		{"upper-case fence", block("Go", 100), 1},
		{"a language not listed", block("yaml", 100), 0},
		{"no language", block("", 100), 0},
		{"a block too large", block("go", MaxHighlightBlock+100), 0},
		{"past the budget", block("go", 2000) + block("go", 2000) + block("go", 500), 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := New(nil)
			var out bytes.Buffer
			if err := m.Render(&out, m.Parse([]byte(tt.src))); err != nil {
				t.Fatal(err)
			}
			got := out.String()
			if n := strings.Count(got, `<span class="line">`) + strings.Count(got, `<span class="kd">`); (n > 0) != (tt.highlighted > 0) {
				t.Errorf("highlighted spans: %d, want blocks highlighted: %d", n, tt.highlighted)
			}
			if strings.Contains(got, "<b>") || strings.Count(got, "&lt;b&gt;") != strings.Count(tt.src, "<b>") {
				t.Errorf("code not shown whole and escaped:\n%s", got)
			}
		})
	}
}
