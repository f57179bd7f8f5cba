package render

import (
	"bytes"
	"encoding/xml"
	"math/rand/v2"
	"testing"
)

func sameAsEscapeText(t *testing.T, s string) {
	t.Helper()
	var want bytes.Buffer
	if err := xml.EscapeText(&want, []byte(s)); err != nil {
		t.Fatal(err)
	}
	if got := appendXMLText(nil, s); string(got) != want.String() {
		t.Fatalf("appendXMLText(%q) = %q, want encoding/xml's %q", s, got, want.String())
	}
}

// TestXMLTextSame compares appendXMLText with encoding/xml's EscapeText on
// every byte alone, the runes at the edges of what XML allows, bytes that
// are not UTF-8, and random mixtures of them.
func TestXMLTextSame(t *testing.T) {
	pieces := []string{"plain text", "ü", "€", "😀", "\uFFFD", "\uFFFE", "\uFFFF", "\uD7FF", "\uE000",
		"\U00010000", "\U0010FFFF", "\xed\xa0\x80", "\xff", "\xc3", "\xe2\x82", "<p class=\"x\">", "it's", "a & b", "\r\n", "\t"}
	for c := range 256 {
		pieces = append(pieces, string([]byte{byte(c)}))
	}
	for _, p := range pieces {
		sameAsEscapeText(t, p)
	}
	rnd := rand.New(rand.NewPCG(20, 7))
	for range 5000 {
		var b bytes.Buffer
		for range rnd.IntN(30) {
			b.WriteString(pieces[rnd.IntN(len(pieces))])
		}
		sameAsEscapeText(t, b.String())
	}
}

func FuzzXMLTextSame(f *testing.F) {
	f.Add("<p>a &amp; b</p>\n\x00\xff\uFFFE")
	f.Fuzz(func(t *testing.T, s string) { sameAsEscapeText(t, s) })
}
