package schema

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// TestHasControl: the eight-bytes-at-a-time test finds a control character
// wherever a character-by-character look does, and only there.
func TestHasControl(t *testing.T) {
	naive := func(b []byte) bool {
		for i := 0; i < len(b); {
			r, size := utf8.DecodeRune(b[i:])
			if r != utf8.RuneError && IsControl(r) {
				return true
			}
			i += size
		}
		return false
	}
	check := func(b []byte) {
		if got, want := hasControl(b), naive(b); got != want && utf8.Valid(b) {
			t.Fatalf("hasControl(%q) = %v, want %v", b, got, want)
		}
	}
	base := []byte("A line of text, with a tab\\there and ünïcöde — and a newline.\n")
	for pos := range 20 {
		for c := range 256 {
			b := append([]byte{}, base...)
			b[pos] = byte(c)
			check(b)
			// C1 controls are two bytes, C2 80–9F, perhaps across words.
			if c >= 0x80 && c <= 0x9f {
				b[pos], b[pos+1] = 0xc2, byte(c)
				check(b)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("ab \t\n\x00\x01\x1f\x7f\xc2\x80\x9f\xa0\xc3\xa9")
	for range 20000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		check(b)
	}
}
