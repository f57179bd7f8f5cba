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
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
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

// Ref is a link in a document.
type Ref struct {
	Dest      string
	Offset    int // byte offset in the body of the destination, or of the link when the destination is not written out
	Line, Col int // where Offset is, from 1, counted in the body
	Kind      Kind
}

// Doc is a parsed body.
type Doc struct {
	Source  []byte
	Root    ast.Node
	Links   []Ref
	RawHTML []int // byte offsets of raw HTML (the first on each line), which is dropped
	Skips   []int // byte offsets of headings more than one level below the one before
}

// Markdown parses bodies. It is safe for concurrent use.
type Markdown struct {
	md goldmark.Markdown
}

// New returns a parser and renderer for entry bodies. incidentURL maps an
// entry id to the URL of its page, for incident:<id> links.
func New(incidentURL func(id string) string) *Markdown {
	if incidentURL == nil {
		incidentURL = func(id string) string { return "/incidents/" + id + "/" }
	}
	safe := &safeRenderer{
		incidentURL: incidentURL,
		formatter:   chromahtml.New(chromahtml.WithClasses(true)),
		style:       styles.Get(CodeStyle),
	}
	return &Markdown{md: goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(safe, 100))),
	)}
}

// Parse parses one body.
func (m *Markdown) Parse(src []byte) *Doc {
	root := m.md.Parser().Parse(text.NewReader(src))
	doc := &Doc{Source: src, Root: root}
	var headings []*ast.Heading
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			doc.Links = append(doc.Links, Ref{Dest: string(n.Destination), Offset: locate(src, n, n.Destination), Kind: Link})
		case *ast.Image:
			doc.Links = append(doc.Links, Ref{Dest: string(n.Destination), Offset: locate(src, n, n.Destination), Kind: Image})
		case *ast.AutoLink:
			doc.Links = append(doc.Links, Ref{Dest: string(n.URL(src)), Offset: locate(src, n, n.URL(src)), Kind: AutoLink})
		case *ast.RawHTML:
			// <b>x</b> is two pieces of raw HTML; one report a line is enough.
			if n.Segments.Len() > 0 {
				off := n.Segments.At(0).Start
				if k := len(doc.RawHTML); k == 0 || bytes.LastIndexByte(src[:off], '\n') >= doc.RawHTML[k-1] {
					doc.RawHTML = append(doc.RawHTML, off)
				}
			}
		case *ast.Heading:
			headings = append(headings, n)
		case *ast.HTMLBlock:
			if n.Lines().Len() > 0 {
				doc.RawHTML = append(doc.RawHTML, n.Lines().At(0).Start)
			}
		}
		return ast.WalkContinue, nil
	})
	doc.shiftHeadings(headings)
	for i := range doc.Links {
		doc.Links[i].Line, doc.Links[i].Col = LineCol(src, doc.Links[i].Offset)
	}
	return doc
}

// shiftHeadings moves the body's headings so the highest becomes
// TopHeading, and records headings that skip a level (## then ####), which
// would break the page's outline.
func (doc *Doc) shiftHeadings(hs []*ast.Heading) {
	if len(hs) == 0 {
		return
	}
	top := 6
	for _, h := range hs {
		top = min(top, h.Level)
	}
	prev := top
	for _, h := range hs {
		if h.Level > prev+1 && h.Lines().Len() > 0 {
			doc.Skips = append(doc.Skips, h.Lines().At(0).Start)
		}
		prev = h.Level
		h.Level = min(h.Level-top+TopHeading, 6)
	}
}

// locate finds where an inline node stands in src. goldmark keeps positions
// for blocks and text, not for links, so we search the enclosing block for the
// destination as written, and fall back to the link's text or the block.
func locate(src []byte, n ast.Node, dest []byte) int {
	block := n.Parent()
	for block != nil && block.Type() != ast.TypeBlock {
		block = block.Parent()
	}
	start, end := 0, len(src)
	if block != nil && block.Lines().Len() > 0 {
		lines := block.Lines()
		start, end = lines.At(0).Start, lines.At(lines.Len()-1).Stop
	}
	if len(dest) > 0 {
		if i := bytes.Index(src[start:end], dest); i >= 0 {
			return start + i
		}
	}
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	return start
}

// LineCol converts a byte offset in src to a 1-based line and column.
func LineCol(src []byte, offset int) (line, col int) {
	offset = min(max(offset, 0), len(src))
	line = 1 + bytes.Count(src[:offset], []byte("\n"))
	col = offset - (bytes.LastIndexByte(src[:offset], '\n') + 1) + 1
	return line, col
}

// Summary is the first paragraph of a body as plain text, cut to about
// 300 characters, for lists, feeds and page descriptions.
func Summary(src []byte) string {
	for rest := src; len(rest) > 0; {
		para, after, _ := bytes.Cut(rest, []byte("\n\n"))
		rest = after
		p := bytes.TrimSpace(para)
		if len(p) == 0 || p[0] == '#' || p[0] == '|' || bytes.HasPrefix(p, []byte("```")) {
			continue
		}
		s := plain(p, 301) // enough to know whether it is over 300
		if len(s) > 300 {
			cut := strings.LastIndex(s[:300], " ")
			if cut < 200 {
				cut = 300
			}
			s = strings.TrimRight(s[:cut], " ,;:") + "…"
		}
		return s
	}
	return ""
}

// plain strips the Markdown punctuation a summary does not need: link
// targets, emphasis, and line breaks. It stops at max bytes.
func plain(s []byte, max int) string {
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < max; i++ {
		c := s[i]
		switch {
		case c == ']' && i+1 < len(s) && s[i+1] == '(':
			if j := bytes.IndexByte(s[i:], ')'); j > 0 {
				i += j
			}
		case c == '[' && i+1 < len(s) && s[i+1] == '^': // a footnote mark [^1]
			if j := bytes.IndexByte(s[i:], ']'); j > 0 {
				i += j
			}
		case c == '[' || c == '*' || c == '_' || c == '`':
		case c == '\n':
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
