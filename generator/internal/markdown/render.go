package markdown

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// IncidentScheme starts a link from one entry to another: incident:<id>.
const IncidentScheme = "incident:"

// Render writes a parsed body as HTML. Different documents may be rendered
// at once, but not one document twice at once: goldmark caches in its tree. Bodies come from strangers, so it
// never passes raw HTML through, drops images, and writes a link only when
// its destination is http(s), mailto:, a fragment or incident:<id> (which
// becomes the incident's page, via incidentURL).
func (m *Markdown) Render(w io.Writer, doc *Doc) error {
	if doc.Root == nil {
		return fmt.Errorf("markdown: rendering a finished document")
	}
	if b, ok := w.(*bytes.Buffer); ok {
		w = bufWriter{b} // else goldmark wraps w in a new bufio.Writer
	}
	return m.md.Renderer().Render(w, doc.Source, doc.Root)
}

// bufWriter lets goldmark write straight into a bytes.Buffer: it wants a
// buffered writer (util.BufWriter), and a buffer needs no buffering.
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Flush() error     { return nil }
func (bufWriter) Buffered() int    { return 0 }
func (b bufWriter) Available() int { return b.Cap() - b.Len() }

var _ util.BufWriter = bufWriter{}

// Finish renders the document into w and drops its syntax tree and its
// source, which are many times the size of the HTML: a build of thousands
// of entries keeps only what it will write. Links, RawHTML and Skips stay.
func (m *Markdown) Finish(w io.Writer, doc *Doc) error {
	if err := m.Render(w, doc); err != nil {
		return err
	}
	doc.Root, doc.Source = nil, nil
	return nil
}

// safeRenderer overrides goldmark's HTML renderer for the nodes where a
// stranger's input could do harm, or where we want our own markup.
type safeRenderer struct {
	incidentURL func(id string) string
	sitePath    func(p string) string // nil: no links to the site's own paths
	lexers      sync.Map              // language → chroma.Lexer; lexers.Get is costly
}

func (r *safeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, r.link)
	reg.Register(ast.KindAutoLink, r.autoLink)
	reg.Register(ast.KindImage, r.image)
	reg.Register(ast.KindRawHTML, skip)
	reg.Register(ast.KindHTMLBlock, skip)
	reg.Register(ast.KindFencedCodeBlock, r.codeBlock)
	reg.Register(ast.KindCodeBlock, r.codeBlock)
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(extast.KindTableCell, tableCell)
}

// tableCell writes a table cell, its column's alignment as a class:
// goldmark writes a style attribute, which the Content-Security-Policy
// blocks (static CSS gives the classes their alignment).
func tableCell(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*extast.TableCell)
	tag := "td"
	if n.Parent().Kind() == extast.KindTableHeader {
		tag = "th"
	}
	if !entering {
		fmt.Fprintf(w, "</%s>\n", tag)
		return ast.WalkContinue, nil
	}
	w.WriteString("<" + tag)
	if n.Alignment != extast.AlignNone {
		w.WriteString(` class="align-` + n.Alignment.String() + `"`)
	}
	w.WriteByte('>')
	return ast.WalkContinue, nil
}

// TopHeading is the level a body's highest heading gets: the page has its
// own h1 and puts the body under an h2. Parse moves every heading of a body
// by the same amount, so "## A" then "### B" become h3 then h4.
const TopHeading = 3

// heading writes a heading with an id and a link to itself.
func (r *safeRenderer) heading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := n.Level
	id, _ := n.AttributeString("id")
	idText, _ := id.([]byte)
	if entering {
		fmt.Fprintf(w, "<h%d", level)
		if len(idText) > 0 {
			w.WriteString(` id="`)
			w.WriteString(html.EscapeString(string(idText)))
			w.WriteByte('"')
		}
		w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if len(idText) > 0 {
		w.WriteString(` <a class="anchor" href="#`)
		w.WriteString(html.EscapeString(string(idText)))
		w.WriteString(`"><span class="visually-hidden">Link to this section</span><span aria-hidden="true">#</span></a>`)
	}
	fmt.Fprintf(w, "</h%d>\n", level)
	return ast.WalkContinue, nil
}

func skip(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
	return ast.WalkSkipChildren, nil
}

// href returns the URL to write for a destination, and whether it leads off
// the site; "" means the link is not allowed and is written as plain text.
func (r *safeRenderer) href(dest string) (string, bool) {
	lower := strings.ToLower(dest)
	switch {
	case strings.HasPrefix(lower, IncidentScheme):
		return r.incidentURL(dest[len(IncidentScheme):]), false
	case strings.HasPrefix(dest, "#"):
		return dest, false
	case r.sitePath != nil && strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//") && !strings.ContainsAny(dest, "\\\x00 "):
		return r.sitePath(dest[1:]), false
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"), strings.HasPrefix(lower, "mailto:"):
		if strings.ContainsFunc(dest, func(c rune) bool { return c <= ' ' || c == 0x7f }) {
			return "", false
		}
		return dest, true
	}
	return "", false
}

func (r *safeRenderer) writeOpen(w util.BufWriter, dest, title string) bool {
	href, external := r.href(dest)
	if href == "" {
		return false
	}
	w.WriteString(`<a href="`)
	w.WriteString(html.EscapeString(href))
	w.WriteByte('"')
	if title != "" {
		w.WriteString(` title="`)
		w.WriteString(html.EscapeString(title))
		w.WriteByte('"')
	}
	if external {
		w.WriteString(` rel="noopener noreferrer nofollow" class="external"`)
	}
	w.WriteByte('>')
	return true
}

func (r *safeRenderer) link(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if entering {
		n.SetAttributeString("breachline-open", r.writeOpen(w, string(n.Destination), string(n.Title)))
	} else if open, _ := n.AttributeString("breachline-open"); open == true {
		w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

func (r *safeRenderer) autoLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	dest, label := string(n.URL(src)), string(n.Label(src))
	if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
		dest = "mailto:" + dest
	}
	open := r.writeOpen(w, dest, "")
	w.WriteString(html.EscapeString(label))
	if open {
		w.WriteString("</a>")
	}
	return ast.WalkSkipChildren, nil
}

// image writes the alt text only: an image from a third party would tell it
// who reads the page.
func (r *safeRenderer) image(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	return ast.WalkContinue, nil
}

func (r *safeRenderer) codeBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	var code bytes.Buffer
	lines := node.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	var it chroma.Iterator
	if fc, ok := node.(*ast.FencedCodeBlock); ok {
		if plain, _ := fc.AttributeString(plainCode); plain != true {
			it = r.tokens(languageOf(src, fc), code.String())
		}
	}
	if it != nil {
		formatCode(w, it)
		return ast.WalkSkipChildren, nil
	}
	w.WriteString(`<pre class="chroma"><code>`)
	w.WriteString(html.EscapeString(code.String()))
	w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

// CodeStyle is the chroma style whose colours static CSS gives the classes.
const CodeStyle = "github"

// WriteCodeCSS writes the stylesheet for highlighted code: chroma writes
// classes, never inline styles, so a strict Content-Security-Policy holds.
func WriteCodeCSS(w io.Writer) error {
	f := chromahtml.New(chromahtml.WithClasses(true))
	return f.WriteCSS(w, styles.Get(CodeStyle))
}
