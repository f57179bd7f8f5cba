// Package markdown turns entry bodies into documents: it parses Markdown with
// goldmark (GFM tables, strikethrough, autolinks, footnotes) and reports what
// validation needs to see — every link with its destination and offset, and
// every piece of raw HTML, which is never passed through.
//
// It is the only package that imports goldmark (and, for code highlighting,
// chroma). It knows nothing of entries, config or files.
package markdown

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Kind says how a link was written.
type Kind int

const (
	Link     Kind = iota // [text](dest)
	Image                // ![alt](dest)
	AutoLink             // <https://…> or a bare www./https:// address
)

// Place is where something stands in a body: a byte offset, and the line
// and column (from 1, the column in bytes) it is on, counted in the body.
type Place struct {
	Offset, Line, Col int
}

// Ref is a link in a document.
type Ref struct {
	Dest string
	Place
	Kind Kind
}

// Doc is a parsed body.
type Doc struct {
	Source  []byte
	Root    ast.Node
	Links   []Ref
	RawHTML []Place // raw HTML (the first on each line), which is dropped
	Skips   []Place // headings more than one level below the one before
	Limits  []Limit // bounds the body goes past (see Limit); Root is then an empty document
}

// Markdown parses bodies. It is safe for concurrent use.
type Markdown struct {
	md  goldmark.Markdown
	top int // the level a body's highest heading becomes
}

// New returns a parser and renderer for entry bodies. incidentURL maps an
// entry id to the URL of its page, for incident:<id> links.
func New(incidentURL func(id string) string) *Markdown { return NewPages(incidentURL, nil) }

// NewPages is New for the site's own pages, which may also link a path of
// the site ("/glossary/"): sitePath maps it to its URL (in the page's
// language). Entries' bodies may not (a nil sitePath writes such a link as
// plain text).
func NewPages(incidentURL, sitePath func(p string) string) *Markdown {
	return newPages(incidentURL, sitePath, false)
}

// newPages is NewPages with goldmark's own GFM extension and text writer
// when theirs is set: the tests compare the two.
func newPages(incidentURL, sitePath func(p string) string, theirs bool) *Markdown {
	ext, writer := goldmark.Extender(gfm), html.Writer(quickWriter{slow: html.DefaultWriter})
	if theirs {
		ext, writer = extension.GFM, html.DefaultWriter
	}
	if incidentURL == nil {
		incidentURL = func(id string) string { return "/incidents/" + id + "/" }
	}
	safe := &safeRenderer{
		incidentURL: incidentURL,
		sitePath:    sitePath,
	}
	top := TopHeading
	if sitePath != nil {
		top = 2 // a page's text stands right under its title
	}
	return &Markdown{top: top, md: goldmark.New(
		goldmark.WithExtensions(ext, extension.Footnote),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(safe, 100)), html.WithWriter(writer)),
	)}
}

// Parse parses one body. A body that goes past one of the bounds Limits
// checks is not given to goldmark at all: its Limits say why, and its Root
// is an empty document.
func (m *Markdown) Parse(src []byte) *Doc {
	doc := &Doc{Source: src}
	if doc.Limits = Limits(src); len(doc.Limits) > 0 {
		doc.Root = ast.NewDocument()
		return doc
	}
	root := m.md.Parser().Parse(text.NewReader(src))
	doc.Root = root
	var headings []*ast.Heading
	var fragments []*ast.Link // links to #somewhere, perhaps a heading
	var code []*ast.FencedCodeBlock
	var raw []int
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			doc.Links = append(doc.Links, Ref{Dest: string(n.Destination), Place: Place{Offset: locate(src, n, n.Destination, n.Reference != nil)}, Kind: Link})
			if len(n.Destination) > 1 && n.Destination[0] == '#' {
				fragments = append(fragments, n)
			}
		case *ast.Image:
			doc.Links = append(doc.Links, Ref{Dest: string(n.Destination), Place: Place{Offset: locate(src, n, n.Destination, n.Reference != nil)}, Kind: Image})
		case *ast.AutoLink:
			doc.Links = append(doc.Links, Ref{Dest: string(n.URL(src)), Place: Place{Offset: locate(src, n, n.Label(src), false)}, Kind: AutoLink})
		case *ast.RawHTML:
			if n.Segments.Len() > 0 {
				raw = append(raw, n.Segments.At(0).Start)
			}
		case *ast.Heading:
			headings = append(headings, n)
		case *ast.FencedCodeBlock:
			code = append(code, n)
		case *ast.HTMLBlock:
			if n.Lines().Len() > 0 {
				raw = append(raw, n.Lines().At(0).Start)
			}
		}
		return ast.WalkContinue, nil
	})
	skips := doc.shiftHeadings(headings, m.top)
	prefixHeadingIDs(headings, fragments)
	budgetHighlighting(src, code)
	if len(doc.Links)+len(raw)+len(skips) == 0 {
		return doc
	}
	lines := newLineIndex(src)
	for i := range doc.Links {
		doc.Links[i].Line, doc.Links[i].Col = lines.pos(doc.Links[i].Offset)
	}
	for _, off := range raw {
		p := lines.place(off)
		// <b>x</b> is two pieces of raw HTML; one report a line is enough.
		if k := len(doc.RawHTML); k == 0 || doc.RawHTML[k-1].Line != p.Line {
			doc.RawHTML = append(doc.RawHTML, p)
		}
	}
	for _, off := range skips {
		doc.Skips = append(doc.Skips, lines.place(off))
	}
	return doc
}

// HeadingIDPrefix starts the id of every heading of a body, so that a body
// heading such as "## Timeline" cannot take an id the page around it uses
// ("timeline"): no layout gives an element an id that starts so.
const HeadingIDPrefix = "s-"

// prefixHeadingIDs gives the headings their prefixed ids, and the body's
// links to them (#timeline) the same.
func prefixHeadingIDs(hs []*ast.Heading, links []*ast.Link) {
	ids := make(map[string]bool, len(hs))
	for _, h := range hs {
		if id, ok := h.AttributeString("id"); ok {
			if b, ok := id.([]byte); ok {
				ids[string(b)] = true
				h.SetAttributeString("id", append([]byte(HeadingIDPrefix), b...))
			}
		}
	}
	for _, l := range links {
		if ids[string(l.Destination[1:])] {
			l.Destination = append([]byte("#"+HeadingIDPrefix), l.Destination[1:]...)
		}
	}
}

// shiftHeadings moves the body's headings so the highest becomes
// TopHeading, and returns the offsets of headings that skip a level (##
// then ####), which would break the page's outline.
func (doc *Doc) shiftHeadings(hs []*ast.Heading, topHeading int) []int {
	if len(hs) == 0 {
		return nil
	}
	top := 6
	for _, h := range hs {
		top = min(top, h.Level)
	}
	var skips []int
	prev := top
	for _, h := range hs {
		if h.Level > prev+1 && h.Lines().Len() > 0 {
			skips = append(skips, h.Lines().At(0).Start)
		}
		prev = h.Level
		h.Level = min(h.Level-top+topHeading, 6)
	}
	return skips
}

// maxLabel is the longest link text CommonMark (and goldmark) accepts: the
// destination of an inline link starts within this many bytes of the link.
const maxLabel = 1000

// locate finds where a link stands in src: at its destination as written,
// or where the link starts. goldmark gives an inline node the offset where
// it starts; the destination is looked for only in the stretch after it
// where an inline link's destination can be (the link text is at most
// maxLabel bytes), so that many links cost no more than one each.
// A reference link's destination is written elsewhere: it stands where it
// starts.
func locate(src []byte, n ast.Node, dest []byte, reference bool) int {
	at := n.Pos()
	if at < 0 || at > len(src) {
		for c := n.FirstChild(); c != nil; c = c.FirstChild() {
			if t, ok := c.(*ast.Text); ok {
				return t.Segment.Start
			}
		}
		return 0
	}
	if len(dest) > 0 && !reference {
		end := min(len(src), at+maxLabel+len(dest)+64)
		if i := bytes.Index(src[at:end], dest); i >= 0 {
			return at + i
		}
	}
	return at
}

// lineIndex holds where each line of a text starts, to turn many offsets
// into lines and columns without counting from the top for each.
type lineIndex []int

func newLineIndex(src []byte) lineIndex {
	starts := make(lineIndex, 1, 1+bytes.Count(src, []byte("\n")))
	for off := 0; ; {
		j := bytes.IndexByte(src[off:], '\n')
		if j < 0 {
			return starts
		}
		off += j + 1
		starts = append(starts, off)
	}
}

// pos is the 1-based line and column of a byte offset.
func (l lineIndex) pos(offset int) (line, col int) {
	offset = max(offset, 0)
	i, found := slices.BinarySearch(l, offset)
	if !found {
		i--
	}
	return i + 1, offset - l[i] + 1
}

func (l lineIndex) place(offset int) Place {
	line, col := l.pos(offset)
	return Place{Offset: offset, Line: line, Col: col}
}

// LineCol converts a byte offset in src to a 1-based line and column.
func LineCol(src []byte, offset int) (line, col int) {
	offset = min(max(offset, 0), len(src))
	line = 1 + bytes.Count(src[:offset], []byte("\n"))
	col = offset - (bytes.LastIndexByte(src[:offset], '\n') + 1) + 1
	return line, col
}

// SummaryLength is how many characters a summary keeps at most.
const SummaryLength = 300

// Summary is the first paragraph of a body as plain text, cut to about
// SummaryLength characters (at a word where one is near), for lists, feeds
// and page descriptions.
func Summary(src []byte) string {
	for rest := src; len(rest) > 0; {
		para, after, _ := bytes.Cut(rest, []byte("\n\n"))
		rest = after
		p := bytes.TrimSpace(para)
		if len(p) == 0 || p[0] == '#' || p[0] == '|' || bytes.HasPrefix(p, []byte("```")) {
			continue
		}
		s, runes := plain(p, SummaryLength+1) // enough to know whether it is over
		if runes > SummaryLength {
			s = s[:runeOffset(s, SummaryLength)]
			if cut := strings.LastIndex(s, " "); cut >= 0 && utf8.RuneCountInString(s[:cut]) >= 2*SummaryLength/3 {
				s = s[:cut]
			}
			s = strings.TrimRight(s, " ,;:") + "…"
		}
		return s
	}
	return ""
}

// runeOffset is the byte offset of the n-th character of s (from 0).
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// plain strips the Markdown punctuation a summary does not need: link
// targets, emphasis, and line breaks. It stops after max characters and
// says how many it kept. It reads s once: where a link target or a
// footnote mark has no end, it remembers so, rather than looking again.
func plain(s []byte, max int) (string, int) {
	var b strings.Builder
	runes := 0
	paren, bracket := -1, -1 // the next ')' and ']' at or after i, or len(s) for none
	next := func(cache *int, i int, c byte) int {
		if *cache < i {
			if j := bytes.IndexByte(s[i:], c); j >= 0 {
				*cache = i + j
			} else {
				*cache = len(s)
			}
		}
		return *cache
	}
	for i := 0; i < len(s) && runes < max; i++ {
		c := s[i]
		switch {
		case c == ']' && i+1 < len(s) && s[i+1] == '(':
			if j := next(&paren, i, ')'); j < len(s) {
				i = j
			}
		case c == '[' && i+1 < len(s) && s[i+1] == '^': // a footnote mark [^1]
			if j := next(&bracket, i, ']'); j < len(s) {
				i = j
			}
		case c == '[' || c == '*' || c == '_' || c == '`':
		case c == '\n' || c == '\r':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
				b.WriteByte(' ')
				runes++
			}
		default:
			b.WriteByte(c)
			if c < utf8.RuneSelf || utf8.RuneStart(c) {
				runes++
			}
		}
	}
	return b.String(), runes
}
