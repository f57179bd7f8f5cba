package markdown

import (
	"bytes"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark/ast"
)

// Code highlighting is bounded too. chroma's lexers run regular
// expressions that backtrack, and many of them cost time growing with the
// square of their input or worse: 8 KiB of YAML can take 8 s, of JSON or
// HTML most of a second (measured; see BenchmarkHighlight). So only the
// languages below are highlighted, a block only up to MaxHighlightBlock and
// a body's blocks only up to MaxHighlight in all; other code is shown as it
// is, escaped, which costs nothing. Nothing is refused: code that is not
// highlighted is still shown.
const (
	MaxHighlightBlock = 2 << 10
	MaxHighlight      = 4 << 10
)

// highlighted maps the names a fence may give a language to chroma's lexer
// for it: the languages an incident's code is likely in, whose lexers stay
// within a few tens of milliseconds on the hostile inputs of
// TestHighlightBounded at MaxHighlightBlock.
var highlighted = map[string]string{
	"go": "go", "golang": "go",
	"python": "python", "py": "python",
	"javascript": "javascript", "js": "javascript",
	"typescript": "typescript", "ts": "typescript",
	"json": "json",
	"html": "html", "xml": "xml",
	"css":  "css",
	"bash": "bash", "sh": "bash", "shell": "bash", "zsh": "bash", "console": "console",
	"sql":  "sql",
	"http": "http",
	"diff": "diff", "patch": "diff",
	"ini": "ini", "toml": "toml",
	"c": "c", "cpp": "cpp", "c++": "cpp",
	"csharp": "csharp", "cs": "csharp", "c#": "csharp",
	"php":  "php",
	"ruby": "ruby", "rb": "ruby",
	"rust": "rust", "rs": "rust",
	"text": "plaintext", "plaintext": "plaintext", "txt": "plaintext",
}

// plainCode marks a code block that is shown as it is, not highlighted.
const plainCode = "breachline-plain"

// budgetHighlighting marks the code blocks of a body that are not to be
// highlighted: of a language not listed above, larger than
// MaxHighlightBlock, or past MaxHighlight of highlighted code in all.
func budgetHighlighting(src []byte, blocks []*ast.FencedCodeBlock) {
	total := 0
	for _, b := range blocks {
		size := 0
		lines := b.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			size += seg.Stop - seg.Start
		}
		if _, ok := highlighted[languageOf(src, b)]; !ok || size > MaxHighlightBlock || total+size > MaxHighlight {
			b.SetAttributeString(plainCode, true)
			continue
		}
		total += size
	}
}

func languageOf(src []byte, b *ast.FencedCodeBlock) string {
	return string(bytes.ToLower(b.Language(src)))
}

// tokens are the tokens of code in the language a fence names, from the
// scanner where the language has one and from chroma's lexer otherwise;
// nil for a language not highlighted.
func (r *safeRenderer) tokens(lang, code string) chroma.Iterator {
	name, ok := highlighted[lang]
	if !ok {
		return nil
	}
	if l := scanned[name]; l != nil {
		return scanIterator(l, code)
	}
	if lx := r.lexer(lang); lx != nil {
		if it, err := lx.Tokenise(nil, code); err == nil {
			return it
		}
	}
	return nil
}

// lexer is chroma's lexer for a language a fence names, or nil: nil too for a
// language not highlighted. Lexers are looked up once (lexers.Get is
// costly).
func (r *safeRenderer) lexer(lang string) chroma.Lexer {
	name, ok := highlighted[lang]
	if !ok {
		return nil
	}
	if l, ok := r.lexers.Load(name); ok {
		lx, _ := l.(chroma.Lexer)
		return lx
	}
	var lx chroma.Lexer
	if l := lexers.Get(name); l != nil {
		lx = chroma.Coalesce(l)
	}
	r.lexers.Store(name, lx)
	return lx
}
