package markdown

import (
	"bufio"
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

func sameAsChroma(t *testing.T, what string, tokens []chroma.Token) {
	t.Helper()
	var want bytes.Buffer
	f := chromahtml.New(chromahtml.WithClasses(true))
	if err := f.Format(&want, styles.Get(CodeStyle), chroma.Literator(tokens...)); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	w := bufio.NewWriter(&got)
	formatCode(w, chroma.Literator(tokens...))
	w.Flush()
	if got.String() != want.String() {
		t.Fatalf("%s: formatCode differs from chroma's formatter:\n got %q\nwant %q\ntokens %q", what, got.String(), want.String(), tokens)
	}
}

// TestFormatCodeSame compares formatCode with chroma's HTML formatter (with
// classes, as safeRenderer had it) on the scanner's samples, on chroma's
// own lexers' tokens for them, and on 5,000 random token streams: every
// standard type and types chroma does not name, empty tokens, newlines at
// every place, text to escape.
func TestFormatCodeSame(t *testing.T) {
	files, _ := filepath.Glob("testdata/code/*.txt")
	if len(files) < 7 {
		t.Fatalf("found %d code samples", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		if l := scanned[name]; l != nil {
			sameAsChroma(t, f+" (scanner)", scanIterator(l, string(src)).Tokens())
		}
		if lx := lexers.Get(name); lx != nil {
			it, err := chroma.Coalesce(lx).Tokenise(nil, string(src))
			if err != nil {
				t.Fatal(err)
			}
			sameAsChroma(t, f+" (chroma)", it.Tokens())
		}
	}
	var types []chroma.TokenType
	for tt := range chroma.StandardTypes {
		types = append(types, tt)
	}
	slices.Sort(types)
	types = append(types, chroma.KeywordConstant+50, chroma.NameBuiltin+77, chroma.LiteralStringDouble+9, 0, 12345)
	values := []string{"", "", "\n", "x", "func", " ", "\t", "\n\n", "a\nb", "a\n", "\nb", "<&>", `"'`, "ü€", "x\n\n"}
	r := rand.New(rand.NewPCG(20, 9))
	for range 5000 {
		var tokens []chroma.Token
		for range r.IntN(12) {
			tokens = append(tokens, chroma.Token{Type: types[r.IntN(len(types))], Value: values[r.IntN(len(values))]})
		}
		sameAsChroma(t, "random", tokens)
	}
}
