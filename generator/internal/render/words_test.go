package render

import (
	"maps"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// referenceWords is what addText is meant to find, written plainly: runs of
// letters and digits, lower case, of two characters and at most maxWord
// bytes; with markdown, a link's target left out.
func referenceWords(text string, markdown bool) []string {
	if markdown {
		text = regexp.MustCompile(`\]\([^)]*\)?`).ReplaceAllString(text, " ")
	}
	var out []string
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		var b strings.Builder
		for _, r := range f {
			b.WriteRune(unicode.ToLower(r))
		}
		w := b.String()
		if utf8.RuneCountInString(f) >= 2 && len(w) <= maxWord && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// TestWordSet: the set finds the words the plain reference does, each once,
// across several texts of one incident, and the index lists each incident
// once a word, ascending.
func TestWordSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"Miles", "miles", "KLM", "Überweisung", "überweisung", "É", "a", "x1", "2019", " ", " ", "\n", ", ", ". ", "](https://example.org/a b)", "[link", "—", "İstanbul", strings.Repeat("z", 63), strings.Repeat("y", 64), strings.Repeat("q", 65), strings.Repeat("é", 33)}
	p := newPostings()
	want := map[string][]int32{}
	var set wordSet
	for pos := range int32(300) {
		var texts []string
		seen := map[string]bool{}
		for range 1 + rng.IntN(3) {
			var b strings.Builder
			for range rng.IntN(80) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			texts = append(texts, b.String())
		}
		for i, text := range texts {
			md := i == 0
			addText(&set, text, md)
			if i == 1 {
				addText(&set, []byte(text), false) // the same text as bytes adds nothing new
			}
			for _, w := range referenceWords(text, md) {
				if !seen[w] {
					seen[w] = true
					want[w] = append(want[w], pos)
				}
			}
		}
		set.into(p, pos)
	}
	m := p.words()
	if !maps.EqualFunc(m, want, slices.Equal[[]int32]) {
		for w, l := range want {
			if !slices.Equal(m[w], l) {
				t.Errorf("%q: %v, want %v", w, m[w], l)
			}
		}
		for w := range m {
			if want[w] == nil {
				t.Errorf("%q found, but is no word", w)
			}
		}
	}
}
