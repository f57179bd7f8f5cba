package schema

import (
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// fastParse reads the YAML that entries are written in — block mappings and
// lists, one-line flow lists and mappings, plain and simply quoted one-line
// scalars, comments — into the same node tree yaml.v3 builds, several times
// faster and with a fraction of its allocations. It declines (ok false)
// anything else: anchors, aliases, tags, block and multi-line scalars,
// nested flow collections, escapes, empty values, numbers it would have to
// guess the type of, and every error; yaml.v3 then parses the text as
// before. The trees
// are the same in every field the decoder reads (kinds, tags, values,
// styles, lines and columns); comments are not kept. TestFastYAML and
// FuzzFastYAML compare the two.
func fastParse(src []byte) (*yaml.Node, bool) {
	return fastParseIn(src, &space{})
}

// space is the room a parse takes its nodes, lines and lists of children
// from. A tree is some 90 nodes, 45 lines and 90 children's pointers an
// entry, a tenth of what a large build allocates: ParseTemp hands the same
// space to one entry after another (see release).
type space struct {
	nodes []yaml.Node   // a slab the nodes are cut from
	lines []fastLine    // the text's lines, while parsing
	stack []*yaml.Node  // the children of the nodes being parsed, while parsing
	ptrs  []*yaml.Node  // a slab the nodes' lists of children are cut from
	doc   [1]*yaml.Node // the document node's one child
}

// release clears what sp's parse left, so that nothing of that entry stays
// reachable through sp, and makes its room ready for the next.
func (sp *space) release() {
	clear(sp.nodes[:cap(sp.nodes)])
	clear(sp.lines[:cap(sp.lines)])
	clear(sp.stack[:cap(sp.stack)])
	clear(sp.ptrs[:cap(sp.ptrs)])
	sp.nodes, sp.lines, sp.stack, sp.ptrs = sp.nodes[:0], sp.lines[:0], sp.stack[:0], sp.ptrs[:0]
	sp.doc[0] = nil
}

// fastParseIn is fastParse with the nodes, lines and lists taken from sp.
// The tree is only valid until sp is released.
func fastParseIn(src []byte, sp *space) (*yaml.Node, bool) {
	if !fastSafe(src) {
		return nil, false
	}
	// One string for the whole text: every value is a part of it.
	str := string(src)
	lines := strings.Count(str, "\n") + 1
	// A node for each key and value, flow item, line (a list's item, a
	// list) and the root and document.
	if need := 2*strings.Count(str, ":") + strings.Count(str, ",") + lines + 2; cap(sp.nodes) < need {
		sp.nodes = make([]yaml.Node, 0, need)
	}
	if cap(sp.lines) < lines {
		sp.lines = make([]fastLine, 0, lines)
	}
	p := &fastParser{sp: sp, lines: sp.lines[:0], nodes: sp.nodes[:0]}
	start := 0
	for no := 1; start <= len(str); no++ {
		end := strings.IndexByte(str[start:], '\n')
		if end < 0 {
			end = len(str)
		} else {
			end += start
		}
		text := str[start:end]
		start = end + 1
		body := strings.TrimLeft(text, " ")
		if body == "" || body[0] == '#' {
			continue
		}
		p.lines = append(p.lines, fastLine{no: no, indent: len(text) - len(body), text: body})
	}
	sp.lines = p.lines
	if len(p.lines) == 0 || p.lines[0].indent != 0 {
		return nil, false
	}
	n := p.block(0)
	if n == nil || p.failed || p.i != len(p.lines) {
		return nil, false
	}
	sp.doc[0] = n
	return p.node(yaml.Node{Kind: yaml.DocumentNode, Line: n.Line, Column: n.Column, Content: sp.doc[:]}), true
}

// fastSafe rules out the characters yaml.v3 treats specially or refuses:
// tabs, control characters, other line breaks, byte-order marks, invalid
// UTF-8.
func fastSafe(src []byte) bool {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if (c < ' ' && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError || (r >= 0x80 && r <= 0x9f) || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff {
			return false
		}
		i += size
	}
	return true
}

type fastLine struct {
	no, indent int
	text       string // from the first non-blank character
	item       bool   // the text after a list's "- ": not a list item itself
}

type fastParser struct {
	sp     *space
	lines  []fastLine
	i      int
	failed bool
	nodes  []yaml.Node // allocated together, handed out by node
}

// node is a new node from the parser's slab.
func (p *fastParser) node(n yaml.Node) *yaml.Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]yaml.Node, 0, 16)
	}
	p.nodes = append(p.nodes, n)
	return &p.nodes[len(p.nodes)-1]
}

// push adds a child to the node being parsed, whose children start at
// the mark it was given by len(p.sp.stack).
func (p *fastParser) push(n ...*yaml.Node) { p.sp.stack = append(p.sp.stack, n...) }

// children ends the list of children that starts at mark: a list cut
// from the space's slab of pointers (nil for none, as yaml.v3 has it).
func (p *fastParser) children(mark int) []*yaml.Node {
	sp := p.sp
	k := len(sp.stack) - mark
	if k == 0 {
		return nil
	}
	if cap(sp.ptrs)-len(sp.ptrs) < k {
		// A new slab; the lists cut from the old one keep it.
		sp.ptrs = make([]*yaml.Node, 0, max(k, 2*cap(sp.ptrs), 64))
	}
	l := len(sp.ptrs)
	out := sp.ptrs[l : l+k : l+k]
	copy(out, sp.stack[mark:])
	sp.ptrs = sp.ptrs[:l+k]
	clear(sp.stack[mark:])
	sp.stack = sp.stack[:mark]
	return out
}

func (p *fastParser) fail() *yaml.Node {
	p.failed = true
	return nil
}

func (l fastLine) isItem() bool {
	return !l.item && (l.text == "-" || strings.HasPrefix(l.text, "- "))
}

// block parses the mapping or list that starts at the current line, whose
// indentation is indent.
func (p *fastParser) block(indent int) *yaml.Node {
	if p.i >= len(p.lines) || p.lines[p.i].indent != indent {
		return p.fail()
	}
	if p.lines[p.i].isItem() {
		return p.sequence(indent)
	}
	return p.mapping(indent)
}

func (p *fastParser) mapping(indent int) *yaml.Node {
	first := p.lines[p.i]
	m := p.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: first.no, Column: indent + 1})
	mark := len(p.sp.stack)
	defer func() { m.Content = p.children(mark) }()
	for !p.failed && p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < indent {
			break
		}
		if l.indent > indent || l.isItem() {
			return p.fail()
		}
		colon := strings.IndexByte(l.text, ':')
		if colon <= 0 || !plainKey(l.text[:colon]) || (colon+1 < len(l.text) && l.text[colon+1] != ' ') {
			return p.fail()
		}
		key := p.scalar(l.text[:colon], l.no, indent+1)
		if key == nil {
			return nil
		}
		rest := strings.TrimLeft(l.text[colon+1:], " ")
		var value *yaml.Node
		if rest == "" || rest[0] == '#' {
			p.i++
			if p.i >= len(p.lines) {
				return p.fail() // an empty value
			}
			next := p.lines[p.i]
			switch {
			case next.indent > indent:
				value = p.block(next.indent)
			case next.indent == indent && next.isItem():
				value = p.sequence(indent) // a list may stand at its key's indentation
			default:
				return p.fail()
			}
		} else {
			value = p.inline(rest, l.no, indent+1+len(l.text)-len(rest))
			p.i++
			if p.i < len(p.lines) && p.lines[p.i].indent > indent {
				return p.fail() // a continued scalar, or an error
			}
		}
		if value == nil {
			return p.fail()
		}
		p.push(key, value)
	}
	if p.failed {
		return nil
	}
	return m
}

func (p *fastParser) sequence(indent int) *yaml.Node {
	first := p.lines[p.i]
	s := p.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: first.no, Column: indent + 1})
	mark := len(p.sp.stack)
	defer func() { s.Content = p.children(mark) }()
	for !p.failed && p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < indent || (l.indent == indent && !l.isItem()) {
			break
		}
		if l.indent > indent {
			return p.fail()
		}
		rest := strings.TrimLeft(l.text[1:], " ")
		if rest == "" || rest[0] == '#' {
			return p.fail() // an item on the lines below its dash
		}
		col := indent + 1 + len(l.text) - len(rest)
		var item *yaml.Node
		if colon := strings.IndexByte(rest, ':'); colon > 0 && plainKey(rest[:colon]) && (colon+1 == len(rest) || rest[colon+1] == ' ') {
			// "- key: value": a mapping whose keys line up with this one.
			p.lines[p.i] = fastLine{no: l.no, indent: col - 1, text: rest, item: true}
			item = p.mapping(col - 1)
		} else {
			item = p.inline(rest, l.no, col)
			p.i++
			if p.i < len(p.lines) && p.lines[p.i].indent > indent {
				return p.fail()
			}
		}
		if item == nil {
			return p.fail()
		}
		p.push(item)
	}
	if p.failed {
		return nil
	}
	return s
}

// inline parses a value that stands on its line: a flow list or mapping, a
// quoted or a plain scalar, with perhaps a comment after it. col is its
// column.
func (p *fastParser) inline(text string, line, col int) *yaml.Node {
	switch text[0] {
	case '[', '{':
		n, used := p.flow(text, line, col)
		if n == nil || !commentOrNothing(text[used:]) || (used < len(text) && text[used] != ' ') {
			return p.fail()
		}
		return n
	case '"', '\'':
		n, used := p.quoted(text, line, col)
		if n == nil || !commentOrNothing(text[used:]) || (used < len(text) && text[used] != ' ') {
			return p.fail()
		}
		return n
	}
	value := text
	if i := strings.Index(text, " #"); i >= 0 {
		value = text[:i]
	}
	value = strings.TrimRight(value, " ")
	if !plainValue(value) {
		return p.fail()
	}
	return p.scalar(value, line, col)
}

// quoted parses a quoted scalar at the start of text, without escapes or
// doubled quotes, and says how much of text it took.
func (p *fastParser) quoted(text string, line, col int) (*yaml.Node, int) {
	q := text[0]
	end := strings.IndexByte(text[1:], q)
	if end < 0 {
		return p.fail(), 0 // continues on the next line
	}
	value := text[1 : 1+end]
	used := end + 2
	if (q == '"' && strings.IndexByte(value, '\\') >= 0) || (q == '\'' && used < len(text) && text[used] == '\'') {
		return p.fail(), 0
	}
	style := yaml.DoubleQuotedStyle
	if q == '\'' {
		style = yaml.SingleQuotedStyle
	}
	return p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Style: style, Line: line, Column: col}), used
}

func commentOrNothing(s string) bool {
	s = strings.TrimLeft(s, " ")
	return s == "" || s[0] == '#'
}

// flow parses a one-line flow list [a, b] or mapping {k: v, k: v} of
// plain and quoted scalars at the start of text, and says how much of text
// it took.
func (p *fastParser) flow(text string, line, col int) (*yaml.Node, int) {
	closer := byte(']')
	n := p.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: line, Column: col})
	if text[0] == '{' {
		closer = '}'
		n.Kind, n.Tag = yaml.MappingNode, "!!map"
	}
	i := 1
	if i < len(text) && text[i] == closer {
		return n, i + 1
	}
	mark := len(p.sp.stack)
	defer func() { n.Content = p.children(mark) }()
	skip := func() {
		for i < len(text) && text[i] == ' ' {
			i++
		}
	}
	// The column of byte i: yaml.v3 counts characters, and earlier items
	// may hold letters of more than one byte.
	at := func(i int) int { return col + utf8.RuneCountInString(text[:i]) }
	for {
		skip()
		if i >= len(text) {
			return p.fail(), 0
		}
		if closer == '}' {
			k := i
			for k < len(text) && text[k] != ':' && text[k] != ',' && text[k] != '}' {
				k++
			}
			if k+1 >= len(text) || text[k] != ':' || text[k+1] != ' ' || !plainKey(text[i:k]) {
				return p.fail(), 0
			}
			key := p.scalar(text[i:k], line, at(i))
			if key == nil {
				return nil, 0
			}
			p.push(key)
			i = k + 2
			skip()
			if i >= len(text) {
				return p.fail(), 0
			}
		}
		var item *yaml.Node
		switch text[i] {
		case '"', '\'':
			var used int
			if item, used = p.quoted(text[i:], line, at(i)); item == nil {
				return nil, 0
			}
			i += used
		case '[', '{', ',', ']', '}':
			return p.fail(), 0
		default:
			k := i
			for k < len(text) && text[k] != ',' && text[k] != closer {
				k++
			}
			v := strings.TrimRight(text[i:k], " ")
			if !plainValue(v) || !flowPlain(v) {
				return p.fail(), 0
			}
			if item = p.scalar(v, line, at(i)); item == nil {
				return nil, 0
			}
			i = k
		}
		p.push(item)
		skip()
		if i >= len(text) {
			return p.fail(), 0
		}
		switch text[i] {
		case closer:
			return n, i + 1
		case ',':
			i++
			skip()
			if i < len(text) && text[i] == closer {
				return p.fail(), 0 // a trailing comma
			}
		default:
			return p.fail(), 0
		}
	}
}

// flowPlain is a plain scalar inside brackets or braces made of the
// characters ids, keys and words have: ASCII letters and digits, hyphens,
// underscores, dots and single spaces.
func flowPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
		case c == ' ' && i > 0 && s[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}

// plainKey is a key made of letters, digits, hyphens and underscores, short
// enough to be a simple key (YAML allows 1024 characters).
func plainKey(s string) bool {
	if len(s) > 200 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return s != "" && s[0] != '-'
}

// plainValue is a one-line plain scalar that cannot be read as anything
// else: it starts with no indicator and holds no ": " or " #".
func plainValue(s string) bool {
	if s == "" || strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return false
	}
	switch s[0] {
	case '-', '?', ':':
		return len(s) > 1 && s[1] != ' '
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return true
}

// scalar is a plain scalar with the tag yaml.v3 resolves for it, or a
// failure where the resolution is not one this parser is sure of.
func (p *fastParser) scalar(value string, line, col int) *yaml.Node {
	tag, ok := fastResolve(value)
	if !ok {
		return p.fail()
	}
	return p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value, Line: line, Column: col})
}

// fastResolve is yaml.v3's tag for a plain scalar (its resolve), for the
// values entries hold: words, URLs, dates, ids, whole numbers. ok is false
// where only yaml.v3 can say (octal, hex, floats and the like).
func fastResolve(s string) (string, bool) {
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool", true
	case "~", "null", "Null", "NULL":
		return "!!null", true
	case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return "!!float", true
	case "<<":
		return "", false
	}
	if c := s[0]; c != '.' && c != '+' && c != '-' && (c < '0' || c > '9') {
		return "!!str", true
	}
	if timestamp(s) {
		return "!!timestamp", true
	}
	if s == "0" || (s[0] != '0' && len(s) <= 18 && allDigits(s)) {
		return "!!int", true
	}
	if !maybeNumber(s) {
		return "!!str", true
	}
	return "", false
}

// timestampFormats are those yaml.v3 tries on a plain scalar that starts
// with four digits and a hyphen.
var timestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

func timestamp(s string) bool {
	if len(s) < 5 || !allDigits(s[:4]) || s[4] != '-' {
		return false
	}
	for _, f := range timestampFormats {
		if _, err := time.Parse(f, s); err == nil {
			return true
		}
	}
	return false
}

// maybeNumber is false for text that no integer or float syntax yaml.v3
// knows can read: a character no number has, or a sign that is neither
// first nor after an exponent's e or a base prefix (yaml.v3 reads the
// digits after 0b and 0o as a signed number: 0b+1 is 1).
func maybeNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F',
			c == 'x', c == 'X', c == 'o', c == 'O', c == '_', c == '.':
		case c == '+' || c == '-':
			if i > 0 && !strings.ContainsRune("eEbBoOxX", rune(s[i-1])) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
