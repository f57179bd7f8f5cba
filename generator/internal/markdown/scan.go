package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
)

// chroma's lexers are regular expressions tried in turn at every position,
// with backtracking: a dozen lines of Go or SQL take one to three
// milliseconds, and highlighting was a sixth of a build of the heavy
// synthetic corpus (one body in ten with a code block). The languages an
// incident's code is most often in get a scanner of their own instead:
// one pass over the text, no backtracking, time linear in its length
// whatever the input, producing chroma's tokens for chroma's formatter, so
// the markup and the style sheet stay chroma's. It knows less than
// chroma's lexers (no regular-expression literals in JavaScript, no
// here-documents in shell, a parameter expansion ${…} as one variable),
// though it reads the code inside template literals, f-strings and a
// shell's double quotes: on ordinary code the two agree on the kind of
// nearly every byte (TestScannerAgrees).

// scanLang describes one language to the scanner.
type scanLang struct {
	lineComments []string                  // e.g. "//", "#", "--"
	blockComment [2]string                 // e.g. "/*", "*/"; empty for none
	quotes       string                    // the characters that open a string
	raw          string                    // of those, the quotes without backslash escapes
	multiline    string                    // of those, the quotes whose strings may span lines
	doubledQuote bool                      // a quote doubled inside a string is the quote (SQL's '')
	tripleQuotes bool                      // Python's ''' and """
	stringPrefix string                    // letters that may stand before a quote: Python's rbfu
	stringTypes  map[byte]chroma.TokenType // a string's token by its quote; LiteralString when not listed
	keyString    chroma.TokenType          // a string followed by ':' (JSON's keys), or 0
	quotedName   byte                      // a quote that makes a name, not a string (SQL's "), or 0
	words        map[string]chroma.TokenType
	foldCase     bool                        // words match in any case (SQL)
	after        map[string]chroma.TokenType // the name after a word such as def or class
	name         chroma.TokenType            // any other name
	nameBytes    string                      // bytes other than letters, digits and _ that names may hold ($ in JavaScript)
	call         chroma.TokenType            // a name followed by "(", or 0 for name
	at           chroma.TokenType            // a name after @ (Python's decorators), or 0
	shell        bool                        // $x, ${x}, $1 are variables, $( … ) a command; NAME= names a variable; # starts a comment only at a word's start; -x and --long are words; other bytes are text
	interpolate  byte                        // the quote whose strings hold code: ` ${…} ` (JavaScript), " $x $(…) " (shell)
	typeCall     bool                        // a type followed by "(" is a call (Go's conversions)
	afterColon   chroma.TokenType            // the name after ':' (TypeScript's types), or 0
	signed       bool                        // a '-' before a number is part of it (JSON)
	operators    string
	punctuation  string
	space        chroma.TokenType // white space: Text, as most of chroma's lexers have it, or TextWhitespace (class w)
}

func words(t chroma.TokenType, list string) map[string]chroma.TokenType {
	m := map[string]chroma.TokenType{}
	for w := range strings.FieldsSeq(list) {
		m[w] = t
	}
	return m
}

func merge(ms ...map[string]chroma.TokenType) map[string]chroma.TokenType {
	out := map[string]chroma.TokenType{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// scanned are the languages with a scanner, by chroma's lexer name.
var scanned = map[string]*scanLang{
	"go": {
		lineComments: []string{"//"}, blockComment: [2]string{"/*", "*/"},
		quotes: "\"'`", raw: "`", multiline: "`",
		stringTypes: map[byte]chroma.TokenType{'\'': chroma.LiteralStringChar},
		words: merge(
			words(chroma.KeywordNamespace, "package import"),
			words(chroma.KeywordDeclaration, "func var const type struct interface map chan"),
			words(chroma.Keyword, "break case continue default defer else fallthrough for go goto if range return select switch"),
			words(chroma.KeywordType, "bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr any comparable"),
			words(chroma.KeywordConstant, "true false nil iota"),
			words(chroma.NameBuiltin, "append cap clear close complex copy delete imag len make max min new panic print println real recover"),
		),
		name: chroma.NameOther, call: chroma.NameFunction, typeCall: true, space: chroma.TextWhitespace,
		operators: "+-*/%&|^<>=!:~", punctuation: "()[]{},;.",
	},
	"python": {
		lineComments: []string{"#"},
		quotes:       "\"'", tripleQuotes: true, stringPrefix: "rRbBfFuU",
		words: merge(
			words(chroma.Keyword, "assert async await break continue del elif else except finally for global if lambda nonlocal pass raise return try while with yield match case"),
			words(chroma.KeywordNamespace, "import from"),
			words(chroma.OperatorWord, "and in is not or"),
			words(chroma.Keyword, "def class as"),
			words(chroma.KeywordConstant, "True False None"),
			words(chroma.NameBuiltin, "abs all any bin bool bytes callable chr dict dir divmod enumerate eval filter float format frozenset getattr hasattr hash hex id input int isinstance issubclass iter len list map max min next object oct open ord pow print range repr reversed round set setattr slice sorted str sum super tuple type vars zip"),
			words(chroma.NameBuiltinPseudo, "self cls"),
		),
		after: map[string]chroma.TokenType{"def": chroma.NameFunction, "class": chroma.NameClass},
		name:  chroma.Name, at: chroma.NameDecorator,
		operators: "+-*/%&|^<>=!~@:", punctuation: "()[]{},;.",
	},
	"javascript": javascript(),
	"typescript": typescript(),
	"json": {
		quotes: "\"", keyString: chroma.NameTag, signed: true,
		words: words(chroma.KeywordConstant, "true false null"),
		name:  chroma.Error, punctuation: "{}[],:",
		stringTypes: map[byte]chroma.TokenType{'"': chroma.LiteralStringDouble},
	},
	"bash": {
		lineComments: []string{"#"}, shell: true,
		quotes: "\"'`", raw: "'", multiline: "\"'`", interpolate: '"',
		words: merge(
			words(chroma.Keyword, "if then else elif fi for while until do done case esac in function select return continue"),
			words(chroma.NameBuiltin, "alias bg bind break builtin caller cd command compgen complete declare dirs disown echo enable eval exec exit export false fc fg getopts hash help history jobs kill let local logout popd printf pushd pwd read readonly set shift shopt source suspend test times trap true type typeset ulimit umask unalias unset wait"),
		),
		name: chroma.Text, operators: "|&;<>=!", punctuation: "(){}[]",
		stringTypes: map[byte]chroma.TokenType{'"': chroma.LiteralStringDouble, '\'': chroma.LiteralStringSingle, '`': chroma.LiteralStringBacktick},
	},
	"sql": {
		lineComments: []string{"--"}, blockComment: [2]string{"/*", "*/"},
		quotes: "'", raw: "'", multiline: "'", doubledQuote: true, quotedName: '"', foldCase: true,
		words: merge(
			words(chroma.Keyword, "add all alter and any as asc at begin between by case cascade check column commit constraint create cross database default delete desc distinct drop else end escape except exists explain false foreign from full grant group having if in index inner insert intersect into is join key left like limit not null offset on or order outer primary procedure references revoke right rollback select set table then time timestamp to transaction trigger true truncate union unique update using values view when where with"),
			words(chroma.NameBuiltin, "array bigint binary bit blob boolean char character date dec decimal float int int8 integer interval number numeric real serial serial8 smallint text varchar varying"),
		),
		name: chroma.Name, operators: "+-*/%<>=!|&~^", punctuation: "(),;.", space: chroma.TextWhitespace,
		stringTypes: map[byte]chroma.TokenType{'\'': chroma.LiteralStringSingle},
	},
}

func jsWords() map[string]chroma.TokenType {
	return merge(
		words(chroma.Keyword, "await break case catch continue debugger default delete do else export extends finally for from if import in instanceof new of return super switch this throw try typeof void while with yield"),
		words(chroma.KeywordDeclaration, "var let const function class async static get set"),
		words(chroma.KeywordConstant, "true false null undefined NaN Infinity"),
		words(chroma.NameBuiltin, "Array Boolean Date Error Function JSON Map Math Number Object Promise Proxy Reflect RegExp Set String Symbol WeakMap WeakSet console document window globalThis"),
	)
}

func javascript() *scanLang {
	return &scanLang{
		lineComments: []string{"//"}, blockComment: [2]string{"/*", "*/"},
		quotes: "\"'`", multiline: "`", interpolate: '`',
		words: jsWords(), name: chroma.NameOther, nameBytes: "$",
		operators: "+-*/%&|^<>=!~?:", punctuation: "()[]{},;.",
		stringTypes: map[byte]chroma.TokenType{'"': chroma.LiteralStringDouble, '\'': chroma.LiteralStringSingle, '`': chroma.LiteralStringBacktick},
	}
}

func typescript() *scanLang {
	l := javascript()
	l.words = merge(l.words,
		words(chroma.KeywordDeclaration, "interface type enum namespace module declare abstract implements private protected public readonly constructor"),
		words(chroma.KeywordType, "any boolean never object symbol unknown bigint void"),
	)
	l.afterColon = chroma.KeywordType
	return l
}

func init() {
	for _, l := range scanned {
		if l.space == 0 {
			l.space = chroma.Text
		}
	}
}

// scanIterator returns the tokens of src in lang, as chroma's lexers do.
func scanIterator(lang *scanLang, src string) chroma.Iterator {
	toks := scan(lang, src)
	i := 0
	return func() chroma.Token {
		if i >= len(toks) {
			return chroma.EOF
		}
		i++
		return toks[i-1]
	}
}

// scan splits src into tokens. Every byte of src is in exactly one token,
// in order, and every step takes at least one byte: time linear in
// len(src), whatever it holds (code inside strings is scanned again, to a
// depth of maxNesting).
func scan(l *scanLang, src string) []chroma.Token {
	sc := &scanner{l: l, src: src, toks: make([]chroma.Token, 0, len(src)/4)}
	sc.run(src, 0)
	return sc.toks
}

// maxNesting is how deep code in strings in code is scanned: deeper, a
// string is only a string.
const maxNesting = 3

type scanner struct {
	l    *scanLang
	src  string
	pos  int // where the next token starts in src: each comes right after the one before
	last int // where the last token starts
	toks []chroma.Token
}

// emit adds the next v bytes of src as a token of type t, joined to the
// last token when that is of the same type, as chroma.Coalesce does.
func (sc *scanner) emit(t chroma.TokenType, v string) {
	if v == "" {
		return
	}
	start := sc.pos
	sc.pos += len(v)
	if n := len(sc.toks); n > 0 && sc.toks[n-1].Type == t {
		sc.toks[n-1].Value = sc.src[sc.last:sc.pos]
		return
	}
	sc.last = start
	sc.toks = append(sc.toks, chroma.Token{Type: t, Value: sc.src[start:sc.pos]})
}

func (sc *scanner) run(src string, depth int) {
	l := sc.l
	wordStart := true // at the start of a word (shell), or of the text
	lastWord := ""    // the name just before, past white space (for after)
	colon := false    // the last token was ':' (for afterColon)
	commands := 0     // shell: the $( still open
	for i := 0; i < len(src); {
		c, rest := src[i], src[i:]
		j, t := i+1, chroma.TokenType(0) // the token: src[i:j] of type t
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r') {
				j++
			}
			sc.emit(l.space, src[i:j])
			i, wordStart = j, true
			continue
		case l.blockComment[0] != "" && strings.HasPrefix(rest, l.blockComment[0]):
			j = len(src)
			if end := strings.Index(rest[len(l.blockComment[0]):], l.blockComment[1]); end >= 0 {
				j = i + len(l.blockComment[0]) + end + len(l.blockComment[1])
			}
			t = chroma.CommentMultiline
		case l.lineComment(rest) && (!l.shell || wordStart):
			j = len(src)
			if end := strings.IndexByte(rest, '\n'); end >= 0 {
				j = i + end
			}
			t = chroma.CommentSingle
		case l.tripleQuotes && (strings.HasPrefix(rest, `"""`) || strings.HasPrefix(rest, "'''")):
			j = len(src)
			if end := strings.Index(rest[3:], rest[:3]); end >= 0 {
				j = i + 3 + end + 3
			}
			t = chroma.LiteralStringDoc
		case l.quotedName != 0 && c == l.quotedName:
			j, t = i+stringEnd(rest, true, false, true), chroma.LiteralStringSymbol
		case strings.IndexByte(l.quotes, c) >= 0:
			j = i + stringEnd(rest, strings.IndexByte(l.raw, c) >= 0, strings.IndexByte(l.multiline, c) >= 0, l.doubledQuote)
			t = l.stringType(c)
			if l.keyString != 0 && nextNonSpace(src, j) == ':' {
				t = l.keyString
			}
			if c == l.interpolate && depth < maxNesting {
				sc.interpolated(src[i:j], t, 1, depth)
				i, wordStart, lastWord = j, false, ""
				continue
			}
		case l.shell && strings.HasPrefix(rest, "$("):
			j, t = i+2, chroma.Keyword
			commands++
		case l.shell && c == ')' && commands > 0:
			t = chroma.Keyword
			commands--
		case l.shell && c == '$':
			j, t = i+dollarEnd(rest), chroma.NameVariable
		case c >= '0' && c <= '9' && (!l.shell || wordStart), l.signed && c == '-' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			var nt chroma.TokenType
			j, nt = numberEnd(src, i+btoi(c == '-'))
			if l.shell && j < len(src) && !endsShellWord(src[j]) {
				// A shell word that merely starts with digits: text.
				j, t = i+1, chroma.Text
				break
			}
			t = nt
		case c == '.' && !l.shell && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			j, t = numberEnd(src, i)
		case l.shell && wordStart && c == '-' && i+1 < len(src) && (isWordByte(src[i+1]) || src[i+1] == '-'):
			for j < len(src) && (isWordByte(src[j]) || src[j] == '-') {
				j++
			}
			t = chroma.Text
		case l.at != 0 && c == '@' && l.isNameStart(rest[1:]):
			j, t = i+1+l.nameEnd(rest[1:]), l.at
		case l.isNameStart(rest):
			j = i + l.nameEnd(rest)
			w := src[i:j]
			// A Python string prefix: r"…", b'…', f"…".
			if l.stringPrefix != "" && len(w) <= 2 && j < len(src) && strings.IndexByte(l.quotes, src[j]) >= 0 && strings.Trim(w, l.stringPrefix) == "" {
				q := src[j]
				j += stringEnd(src[j:], strings.ContainsAny(w, "rR"), false, false)
				t = l.stringType(q)
				if strings.ContainsAny(w, "fF") && depth < maxNesting {
					sc.emit(t, w)
					sc.interpolated(src[i+len(w):j], t, 1, depth)
					i, wordStart, lastWord, colon = j, false, "", false
					continue
				}
				break
			}
			t = l.wordType(w, lastWord, src, j)
			switch {
			case l.shell && wordStart && nextNonSpace(src, j) == '=':
				t = chroma.NameVariable // NAME=value
			case colon && l.afterColon != 0 && t == l.name:
				t = l.afterColon
			}
			sc.emit(t, w)
			lastWord, i, wordStart, colon = w, j, false, false
			continue
		case strings.IndexByte(l.operators, c) >= 0:
			for j < len(src) && strings.IndexByte(l.operators, src[j]) >= 0 {
				j++
			}
			sc.emit(chroma.Operator, src[i:j])
			lastWord, i, wordStart, colon = "", j, l.shell && strings.ContainsAny(src[i:j], "|&;"), src[i:j] == ":"
			continue
		case strings.IndexByte(l.punctuation, c) >= 0:
			t = chroma.Punctuation
		default:
			// Anything else: one character, as text in a shell, or else as
			// an error, as chroma's lexers show what they do not know.
			_, n := utf8.DecodeRuneInString(rest)
			j, t = i+n, chroma.Error
			if l.shell {
				t = chroma.Text
			}
		}
		sc.emit(t, src[i:j])
		lastWord, i, wordStart, colon = "", j, t == chroma.Punctuation || t == chroma.Keyword, false
	}
}

// interpolated emits the string s (quotes included; its first skip bytes
// are its opening) of type t, with the code it holds scanned as code:
// ${…} in a JavaScript template, {…} in a Python f-string, $x, ${x} and
// $(…) in a shell's double quotes.
func (sc *scanner) interpolated(s string, t chroma.TokenType, skip, depth int) {
	l := sc.l
	// Where each bracket closes, found once: looking for the close at each
	// open would take time growing with the square of an unclosed run.
	closes := pairs(s)
	from := 0 // the start of the string text not yet emitted
	for k := skip; k < len(s); k++ {
		c := s[k]
		switch {
		case c == '\\':
			k++
			continue
		case l.shell && c == '$' && strings.HasPrefix(s[k:], "$("):
			end := closes[k+1]
			if end < 0 {
				continue
			}
			sc.emit(t, s[from:k])
			sc.emit(chroma.Keyword, "$(")
			sc.run(s[k+2:end], depth+1)
			sc.emit(chroma.Keyword, ")")
			from, k = end+1, end
		case l.shell && c == '$':
			n := dollarEnd(s[k:])
			if n == 1 {
				continue
			}
			sc.emit(t, s[from:k])
			sc.emit(chroma.NameVariable, s[k:k+n])
			from, k = k+n, k+n-1
		case !l.shell && l.interpolate == '`' && c == '$' && strings.HasPrefix(s[k:], "${"),
			l.stringPrefix != "" && c == '{':
			open := k + 1
			if c == '$' {
				open = k + 2
			} else if strings.HasPrefix(s[k:], "{{") {
				k++ // an escaped brace
				continue
			}
			end := closes[open-1]
			if end < 0 {
				continue
			}
			sc.emit(t, s[from:k])
			sc.emit(chroma.LiteralStringInterpol, s[k:open])
			sc.run(s[open:end], depth+1)
			sc.emit(chroma.LiteralStringInterpol, "}")
			from, k = end+1, end
		}
	}
	sc.emit(t, s[from:])
}

// pairs maps the index of each ( and { in s to that of the ) or } that
// closes it, -1 for one not closed; other indexes map to -1 too.
func pairs(s string) []int {
	closes := make([]int, len(s))
	var open []int
	for k := range len(s) {
		closes[k] = -1
		switch s[k] {
		case '(', '{':
			open = append(open, k)
		case ')', '}':
			if n := len(open); n > 0 && (s[open[n-1]] == '(') == (s[k] == ')') {
				closes[open[n-1]] = k
				open = open[:n-1]
			}
		}
	}
	return closes
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// endsShellWord reports whether c may follow a number in a shell word.
func endsShellWord(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || strings.IndexByte(";|&()<>", c) >= 0
}

func (l *scanLang) lineComment(s string) bool {
	for _, p := range l.lineComments {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func (l *scanLang) stringType(q byte) chroma.TokenType {
	if t, ok := l.stringTypes[q]; ok {
		return t
	}
	return chroma.LiteralString
}

func (l *scanLang) wordType(w, last, src string, end int) chroma.TokenType {
	key := w
	if l.foldCase {
		key = strings.ToLower(w)
	}
	if t, ok := l.after[last]; ok {
		if _, kw := l.words[key]; !kw {
			return t
		}
	}
	if t, ok := l.words[key]; ok {
		if l.typeCall && t == chroma.KeywordType && nextNonSpace(src, end) == '(' {
			return l.call
		}
		return t
	}
	if l.call != 0 && nextNonSpace(src, end) == '(' {
		return l.call
	}
	return l.name
}

// stringEnd is the length of the string s opens with its first byte, the
// quote: to the closing quote, or, not closed, to the end of the line (the
// end of s when it may span lines). Unless raw, a backslash escapes the
// next byte; with doubled, two quotes stand for one.
func stringEnd(s string, raw, multiline, doubled bool) int {
	q := s[0]
	for j := 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			if !raw {
				j++
			}
		case '\n':
			if !multiline {
				return j
			}
		case q:
			if doubled && j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(s)
}

// maxParameter is the longest ${…} a shell variable is taken to be.
const maxParameter = 256

// dollarEnd is the length of a shell variable at s[0] == '$'.
func dollarEnd(s string) int {
	if len(s) < 2 {
		return 1
	}
	switch c := s[1]; {
	case c == '{':
		// ${name}, ${name:-default}: a parameter on one line, and short;
		// the window keeps a line of unclosed ${ linear.
		w := s[2:min(len(s), 2+maxParameter)]
		if i := strings.IndexAny(w, "}\n"); i >= 0 && w[i] == '}' {
			return i + 3
		}
		return 2
	case c == '(':
		return 2 // $( … ): the parenthesis is punctuation
	case strings.IndexByte("?#@*!$-0123456789", c) >= 0:
		return 2
	}
	j := 1
	for j < len(s) && isWordByte(s[j]) {
		j++
	}
	return j
}

// numberEnd is where the number at src[i] ends, and its kind.
func numberEnd(src string, i int) (int, chroma.TokenType) {
	j := i
	if strings.HasPrefix(src[i:], "0x") || strings.HasPrefix(src[i:], "0X") {
		j += 2
		for j < len(src) && (isHex(src[j]) || src[j] == '_') {
			j++
		}
		return j, chroma.LiteralNumberHex
	}
	t := chroma.LiteralNumberInteger
	for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '_') {
		j++
	}
	if j+1 < len(src) && src[j] == '.' && src[j+1] >= '0' && src[j+1] <= '9' || j < len(src) && src[j] == '.' && j == i {
		t = chroma.LiteralNumberFloat
		j++
		for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '_') {
			j++
		}
	}
	if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
		k := j + 1
		if k < len(src) && (src[k] == '+' || src[k] == '-') {
			k++
		}
		if k < len(src) && src[k] >= '0' && src[k] <= '9' {
			t = chroma.LiteralNumberFloat
			for j = k; j < len(src) && src[j] >= '0' && src[j] <= '9'; j++ {
			}
		}
	}
	return j, t
}

func nextNonSpace(s string, i int) byte {
	for ; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' {
			return s[i]
		}
	}
	return 0
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func (l *scanLang) isNameStart(s string) bool {
	if s == "" {
		return false
	}
	if c := s[0]; c < utf8.RuneSelf {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || strings.IndexByte(l.nameBytes, c) >= 0
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// nameEnd is the length of the name at the start of s, at least 1.
func (l *scanLang) nameEnd(s string) int {
	j := 0
	for j < len(s) {
		if c := s[j]; c < utf8.RuneSelf {
			if !isWordByte(c) && strings.IndexByte(l.nameBytes, c) < 0 {
				break
			}
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		j += n
	}
	return max(j, 1)
}
