package markdown

import (
	"bytes"
	"fmt"
)

// Bounds of the work a body may ask of the Markdown parser. goldmark reads
// most Markdown in time that grows with its length, but a few constructs
// cost time that grows with the square of something else, and a hostile
// body of 1 MiB can keep a build busy for minutes with them (measured in
// BenchmarkHostile). Limits checks a body against these bounds before
// goldmark sees it. Each is far above anything prose needs, and together
// they keep any body under MaxSize to well under a second of parsing.
// They count every line, code blocks included: telling code from prose
// would need the parse that the bounds are there to make safe.
const (
	// MaxNesting is how many block quotes and list items one line may be
	// nested in (a list item counts once for its marker, and once for
	// every two columns it is indented by). goldmark's cost for a line
	// grows with the square of its depth.
	MaxNesting = 32

	// MaxBrackets is how many '[' a paragraph may hold open at once:
	// every ']' makes goldmark look back over what is open.
	MaxBrackets = 32

	// MaxEmphasisPairs bounds the runs of *, _ and ~ a body's paragraphs
	// may hold: goldmark matches each run against every run before it in
	// its paragraph, so a paragraph of n runs costs n(n-1)/2 pairs. One
	// paragraph may hold 4,096 runs, or a body 20,000 paragraphs of 20.
	MaxEmphasisPairs = 8 << 20

	// MaxHeadings is how many headings a body may have: each is an anchored
	// heading with an id of its own, many times the size of "#".
	MaxHeadings = 1000

	// MaxBackticks is the longest run of backticks a body may hold. A code
	// span's opening run is matched against every later run; with runs this
	// short, each length can fail to match only once a paragraph.
	MaxBackticks = 32

	// MaxTableCells is how many cells the tables of a body may have in
	// all: every row gets as many cells as its table's header, so a wide
	// header over many short rows multiplies.
	MaxTableCells = 20000

	// MaxReferenceDefinitions is how many link reference definitions
	// ([label]: url) one paragraph may hold: goldmark takes each out of the
	// paragraph by copying the lines after it.
	MaxReferenceDefinitions = 500

	// MaxLookahead is how much in all the parser may be asked to read
	// ahead or back: ahead to find the end of a link destination or title,
	// a reference label, or a bare www./http: address, each of which is
	// read to its line's or paragraph's end when nothing closes it; and
	// back, at every ']', over the lines of its paragraph (a line counts
	// as a byte).
	MaxLookahead = 8 << 20
)

// MaxHTML is the most HTML one body may render to. Some Markdown renders
// to many times its size (a footnote reference to two links, some 45
// times), and an entry's body is written to its page and to feeds; prose
// renders to a little more than its own size. No Markdown but headings,
// whose number is bounded, renders to more than MaxExpansion times its
// size (TestExpansion), so only bodies longer than MaxHTML/MaxExpansion
// need to be rendered to be measured.
const (
	MaxHTML      = 2 << 20
	MaxExpansion = 64
)

// Limit is one bound a body goes past, where it first does.
type Limit struct {
	Place
	Rule string
	Msg  string
}

// Limits checks a body against the bounds above, in one pass, and returns
// the first place where each is exceeded.
func Limits(src []byte) []Limit {
	s := limitScan{src: src}
	s.run(true)
	return s.limits
}

type limitScan struct {
	src    []byte
	limits []Limit
	passed uint8 // the rules already reported, by bit

	line, lineStart int

	// per paragraph
	brackets, delimiters, refdefs int
	marks                         int // '[' and ']' so far

	// per body
	pairs, headings  int
	cells, lookahead int
	// sparse: the body has too few runs of *, _, ~ and ` and too few
	// places an address could start to pass their bounds, so only brackets
	// are looked at inline (see fewRuns)
	sparse bool
	// where the next byte of each kind is: the lookahead of many openers
	// is measured with one search, not one each.
	next [256]found
}

// found is where find found a byte, and from where it looked.
type found struct {
	known    bool
	from, at int
}

const (
	ruleNesting = iota
	ruleBrackets
	ruleDelimiters
	ruleBackticks
	ruleTables
	ruleReferences
	ruleLookahead
	ruleHeadings
)

var ruleNames = [...]string{
	ruleNesting:    "markdown-nesting",
	ruleBrackets:   "markdown-brackets",
	ruleDelimiters: "markdown-emphasis",
	ruleBackticks:  "markdown-backticks",
	ruleTables:     "markdown-tables",
	ruleReferences: "markdown-references",
	ruleLookahead:  "markdown-lookahead",
	ruleHeadings:   "markdown-headings",
}

func (s *limitScan) exceed(rule int, off int, format string, args ...any) {
	if s.passed&(1<<rule) != 0 {
		return
	}
	s.passed |= 1 << rule
	s.limits = append(s.limits, Limit{
		Place: Place{Offset: off, Line: s.line, Col: off - s.lineStart + 1},
		Rule:  ruleNames[rule],
		Msg:   fmt.Sprintf(format, args...),
	})
}

// find is the offset of the next c at or after from, or len(src). The
// answer is kept, and serves every later question from an offset between
// the one it was looked for from and itself: the scan asks from offsets
// that only grow, so every byte is searched at most once for each c.
func (s *limitScan) find(c byte, from int) int {
	if k := s.next[c]; k.known && k.from <= from && from <= k.at {
		return k.at
	}
	n := len(s.src)
	if i := bytes.IndexByte(s.src[from:], c); i >= 0 {
		n = from + i
	}
	s.next[c] = found{known: true, from: from, at: n}
	return n
}

// space is the offset of the next space or tab at or after from, before
// end (or end).
func (s *limitScan) space(from, end int) int {
	return min(s.find(' ', from), s.find('\t', from), end)
}

// run scans the body; with sparse, a body with few runs is scanned as
// such (see fewRuns).
func (s *limitScan) run(sparse bool) {
	src := s.src
	s.line = 1
	s.sparse = sparse && s.fewRuns()
	inTable, columns := false, 0
	prevBlank := true
	for start := 0; start < len(src); {
		end := len(src)
		if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
			end = start + i
		}
		s.lineStart = start
		content := s.prefix(start, end)
		isBlank := blank(src[content:end])
		if isBlank {
			// A blank line ends every paragraph and table: no inline
			// construct of goldmark's reaches across it.
			s.brackets, s.delimiters, s.refdefs, s.marks = 0, 0, 0, 0
			inTable = false
		} else {
			if heading(src[content:end], prevBlank) {
				if s.headings++; s.headings > MaxHeadings {
					s.exceed(ruleHeadings, content, "more than %d headings; each becomes an anchored heading with an id of its own, so an entry may have at most %d", MaxHeadings, MaxHeadings)
				}
			}
			// At each ']' goldmark reads back over the lines of its
			// paragraph from the last: each line costs one step for every
			// bracket above it.
			s.ahead(content, s.marks)
			if inTable {
				s.addCells(columns, content)
			} else if n := delimiterRow(src[content:end]); n > 0 {
				// The header line above and this row are cells too.
				inTable, columns = true, n
				s.addCells(2*n, content)
			}
			s.inline(content, end)
		}
		prevBlank = isBlank
		start = end + 1
		s.line++
	}
}

// heading reports whether a line (from its content, after any container
// markers) is, or underlines, a heading: ## Heading, or === and --- under
// a line of text.
func heading(line []byte, prevBlank bool) bool {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n >= 1 && n <= 6 && (n == len(line) || line[n] == ' ' || line[n] == '\t') {
		return true
	}
	if prevBlank || len(line) == 0 || (line[0] != '=' && line[0] != '-') {
		return false
	}
	return len(bytes.TrimRight(bytes.TrimLeft(line, string(line[:1])), " \t")) == 0
}

func (s *limitScan) addCells(n, at int) {
	s.cells += n
	if s.cells > MaxTableCells {
		s.exceed(ruleTables, at, "the tables of this entry have more than %d cells in all (every row has as many cells as its table's header); an entry's tables may have at most %d, so that a table cannot multiply into megabytes of page", MaxTableCells, MaxTableCells)
	}
}

// prefix reads the block-quote markers, list markers and indentation at
// the start of a line and checks how deep they nest; it returns where the
// line's content starts.
func (s *limitScan) prefix(start, end int) int {
	src := s.src
	i, markers, cols, lead := start, 0, 0, 0
	for i < end {
		switch c := src[i]; {
		case c == ' ':
			cols++
			i++
			continue
		case c == '\t':
			cols += 4
			i++
			continue
		case c == '>':
			i++
		case (c == '-' || c == '+' || c == '*') && (i+1 == end || src[i+1] == ' ' || src[i+1] == '\t'):
			if c != '+' && thematicBreak(src[i:end]) {
				return i
			}
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < end && j-i < 10 && src[j] >= '0' && src[j] <= '9' {
				j++
			}
			if j-i > 9 || j == end || (src[j] != '.' && src[j] != ')') || (j+1 < end && src[j+1] != ' ' && src[j+1] != '\t') {
				return i
			}
			i = j + 1
		default:
			return i
		}
		if markers == 0 {
			lead = cols // the indentation before the first marker nests lists
		}
		markers++
		if depth := markers + lead/2; depth > MaxNesting {
			s.exceed(ruleNesting, i-1, "more than %d levels of block quotes and lists (a list item counts once, and once more for every two columns it is indented by); goldmark's work on a line grows with the square of its depth, so an entry may nest at most %d", MaxNesting, MaxNesting)
			return i
		}
	}
	return i
}

// thematicBreak reports whether a line that starts with - or * is a
// thematic break (*** or - - -), whose characters are not list markers.
func thematicBreak(line []byte) bool {
	c, n := line[0], 0
	for _, b := range line {
		switch b {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// delimiterRow is the number of columns of a line that could be a GFM
// table's delimiter row (|---|:--:|), or 0.
func delimiterRow(line []byte) int {
	pipes, dashes, cells := 0, 0, 0
	inCell := false
	for _, c := range line {
		switch c {
		case '|':
			pipes++
			inCell = false
		case '-':
			dashes++
			if !inCell {
				cells++
				inCell = true
			}
		case ':':
			if !inCell {
				cells++
				inCell = true
			}
		case ' ', '\t':
		default:
			return 0
		}
	}
	if pipes == 0 || dashes == 0 {
		return 0
	}
	return cells
}

// fewRuns reports whether the body, by its counts of a few bytes alone,
// cannot pass the bounds on runs of *, _ and ~, on backticks, and on the
// lookahead of bare addresses; it then charges that lookahead at its most
// (every . or : starting an address read to the body's end) up front. Most
// bodies are so, and their inline scan need look at brackets alone, which
// it finds with a few fast searches rather than a look at every byte.
func (s *limitScan) fewRuns() bool {
	src := s.src
	runs := bytes.Count(src, []byte("*")) + bytes.Count(src, []byte("_")) + bytes.Count(src, []byte("~"))
	addresses := bytes.Count(src, []byte(".")) + bytes.Count(src, []byte(":"))
	if runs*(runs-1)/2 > MaxEmphasisPairs || bytes.Count(src, []byte("`")) > MaxBackticks || addresses*len(src) > MaxLookahead/8 {
		return false
	}
	s.lookahead += addresses * len(src)
	return true
}

// inline counts what a line holds of the inline constructs with bounds.
func (s *limitScan) inline(content, end int) {
	src := s.src
	if content < end && src[content] == '[' && s.refdef(content, end) {
		if s.refdefs++; s.refdefs > MaxReferenceDefinitions {
			s.exceed(ruleReferences, content, "more than %d link reference definitions ([label]: address) in one paragraph; goldmark's work on them grows with the square of their number, so a paragraph may have at most %d (a blank line between them starts a new one)", MaxReferenceDefinitions, MaxReferenceDefinitions)
		}
	}
	if s.sparse {
		s.bracketsOnly(content, end)
		return
	}
	for i := content; i < end; i++ {
		c := src[i]
		if !special[c] {
			continue
		}
		switch c {
		case '\\':
			if i+1 < end && punct[src[i+1]] {
				i++
			}
		case '[':
			s.openBracket(i)
		case ']':
			i = s.closeBracket(i, end)
		case '*', '_', '~':
			j := i
			for j < end && src[j] == c {
				j++
			}
			s.pairs += s.delimiters
			if s.delimiters++; s.pairs > MaxEmphasisPairs {
				s.exceed(ruleDelimiters, i, "too many runs of *, _ or ~ in one paragraph (here %d): goldmark matches each against every one before it in its paragraph, and the runs of this entry's paragraphs would make more than %d million such pairs; split long paragraphs and lists with blank lines", s.delimiters, MaxEmphasisPairs>>20)
			}
			i = j - 1
		case '`':
			j := i
			for j < end && src[j] == '`' {
				j++
			}
			if j-i > MaxBackticks {
				s.exceed(ruleBackticks, i, "a run of more than %d backticks; each run is matched against every later one, so an entry may not hold runs longer than %d (a fenced code block needs only 3)", MaxBackticks, MaxBackticks)
			}
			i = j - 1
		case 'w', 'h', 'f':
			// goldmark's autolink extension looks for an address at
			// www., http:, https: and ftp: after a space, *, _, ~ or (,
			// or at the line's start. (After "](" the link is looked at
			// first: see above.)
			if i == content || trigger[src[i-1]] && !(i > content+1 && src[i-1] == '(' && src[i-2] == ']') {
				s.bareURL(i, end)
			}
		}
	}
}

// bracketsOnly is inline for a sparse body (see fewRuns): brackets and
// backslashes, found by search.
func (s *limitScan) bracketsOnly(content, end int) {
	src := s.src
	for i := content; i < end; i++ {
		i = min(s.find('[', i), s.find(']', i), s.find('\\', i))
		if i >= end {
			return
		}
		switch src[i] {
		case '\\':
			if i+1 < end && punct[src[i+1]] {
				i++
			}
		case '[':
			s.openBracket(i)
		case ']':
			i = s.closeBracket(i, end)
		}
	}
}

func (s *limitScan) openBracket(i int) {
	s.marks++
	if s.brackets++; s.brackets > MaxBrackets {
		s.exceed(ruleBrackets, i, "more than %d '[' open at once in this paragraph; goldmark looks back over every open one at each ']', so a paragraph may hold at most %d open", MaxBrackets, MaxBrackets)
	}
}

// closeBracket measures the ']' at i, and what a link or reference after
// it makes goldmark read; it returns the offset of the last byte it took.
func (s *limitScan) closeBracket(i, end int) int {
	src := s.src
	s.marks++
	open := s.brackets > 0
	s.brackets = max(0, s.brackets-1)
	switch {
	case i+1 < end && src[i+1] == '(':
		// The '(' is the link's, unless the link fails: then the
		// autolink extension looks for an address there (charged up
		// front in a sparse body).
		if closes := s.destination(i+2, end); (!open || !closes) && !s.sparse {
			s.bareURL(i+2, end)
		}
		return i + 1
	case i+1 < end && src[i+1] == '[':
		s.ahead(i, s.find(']', i+2)-i)
	}
	return i
}

// destination measures what goldmark reads of the destination and title
// of an inline link whose '(' ends before at, and reports whether the link
// surely closes: a ')' ends its destination before any space or '('.
func (s *limitScan) destination(at, end int) bool {
	src := s.src
	i := at
	for i < end && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if i < end && src[i] == '<' {
		// <destination>: read to the next '>' on the line.
		s.ahead(at, min(s.find('>', i), end)-at)
		return false
	}
	// A destination ends at a space or an unbalanced ')'; a space is the
	// farther of the two, and where a title may start after it. (Every
	// search here starts at i or later, as find needs.)
	j := s.space(i, end)
	s.ahead(at, j-at)
	c := s.find(')', i)
	closes := c < j && s.find('(', i) > c
	for j < end && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if j < end {
		closer := src[j]
		switch closer {
		case '"', '\'':
		case '(':
			closer = ')'
		default:
			return closes
		}
		// A title may run over lines, to its closing quote or bracket.
		s.ahead(j, s.find(closer, j+1)-j)
	}
	return closes
}

// bareURL measures what goldmark's autolink extension reads at i: at the
// start of www., http:, https: and ftp: it searches the rest of the line
// for an address.
func (s *limitScan) bareURL(i, end int) {
	rest := s.src[i:end]
	if len(rest) < 4 {
		return
	}
	switch rest[0] {
	case 'w':
		if rest[1] == 'w' && rest[2] == 'w' && rest[3] == '.' {
			s.ahead(i, len(rest))
		}
	case 'h':
		if rest[1] == 't' && rest[2] == 't' && rest[3] == 'p' && len(rest) > 4 && (rest[4] == ':' || rest[4] == 's' && len(rest) > 5 && rest[5] == ':') {
			s.ahead(i, len(rest))
		}
	case 'f':
		if rest[1] == 't' && rest[2] == 'p' && rest[3] == ':' {
			s.ahead(i, len(rest))
		}
	}
}

func (s *limitScan) ahead(at, n int) {
	s.lookahead += n
	if s.lookahead > MaxLookahead {
		s.exceed(ruleLookahead, at, "the links, brackets and addresses of this entry ask the Markdown parser to read more than %d MiB ahead or back in all: a link's destination is read to the next space or ')', its title to the closing quote, a bare www. or http: address to the end of its line, and at every ']' the lines of its paragraph again; close each link, and end paragraphs with a blank line", MaxLookahead>>20)
	}
}

// refdef reports whether the line at i starts like a link reference
// definition: [label]: …
func (s *limitScan) refdef(i, end int) bool {
	j := bytes.IndexByte(s.src[i:min(end, i+maxLabel+2)], ']')
	return j > 0 && i+j+1 < end && s.src[i+j+1] == ':'
}

// special marks the bytes inline reads; punct, the ones a backslash
// escapes; trigger, those after which an address may start.
var special, punct, trigger [256]bool

func init() {
	for _, c := range " \t*_~(" {
		trigger[c] = true
	}
	for _, c := range "\\[]*_~`whf" {
		special[c] = true
	}
	for _, c := range "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" {
		punct[c] = true
	}
}
