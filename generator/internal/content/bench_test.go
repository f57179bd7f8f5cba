package content

import (
	"math/rand/v2"
	"testing"

	"breachline/generator/internal/synth"
)

// BenchmarkParse: split, decode and check one synthetic entry.
func BenchmarkParse(b *testing.B) {
	e := synth.NewEntry(rand.New(rand.NewPCG(1, 2)), 1)
	src := []byte(e.Text)
	p := "content/incidents/" + e.ID[:4] + "/" + e.ID + ".md"
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, diags := Parse(p, src); len(diags) > 0 {
			b.Fatal(diags)
		}
	}
}
