package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfm is goldmark's GFM extension (tables, strikethrough, task lists and
// bare addresses made links) with the address finder behind quickLinkify.
var gfm = extenders{extension.Table, extension.Strikethrough, extension.TaskList, linkifyExtender{}}

type extenders []goldmark.Extender

func (es extenders) Extend(m goldmark.Markdown) {
	for _, e := range es {
		e.Extend(m)
	}
}

type linkifyExtender struct{}

func (linkifyExtender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		// goldmark's own Linkify registers its parser at 999 too.
		util.Prioritized(quickLinkify{inner: extension.NewLinkifyParser()}, 999),
	))
}

// quickLinkify is goldmark's linkify parser, asked only where it could find
// something. goldmark calls it before every word (its triggers are every
// space and a line's start), and for each it looks for http:, https:, ftp:
// or www. ahead, then for an e-mail address, which costs a scan of the
// word: a fifth of parsing a body of prose. But the inner parser makes a
// link only of what starts at most one byte on with "http:", "https:",
// "ftp:" or "www.", or of at most 64 address bytes and an '@': of nothing
// with no ':', '@' or "www." in the next reach bytes. quickLinkify finds
// where the next of those stands on the line once, remembers it, and asks
// the inner parser only within reach of it, so its answer is the inner
// parser's everywhere (TestLinkifyAgrees compares the two).
type quickLinkify struct{ inner parser.InlineParser }

// reach is how far ahead of a word the inner parser can look: one trigger
// byte, 64 bytes of an address's local part and its '@', with room to spare.
const reach = 72

// nextKey holds, per document, a *next: where the next candidate stands.
var nextKey = parser.NewContextKey()

// next says, for the line (or table cell) ending at stop, read from from,
// where the first ':', '@' or "www." at or after from begins: at, or past
// stop+reach when there is none.
type next struct{ from, stop, at int }

func (q quickLinkify) Trigger() []byte { return q.inner.Trigger() }

func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if seg.Padding != 0 { // the line's bytes are not the source's: no shortcut
		return q.inner.Parse(parent, block, pc)
	}
	n, _ := pc.Get(nextKey).(*next)
	if n == nil {
		n = &next{from: -1}
		pc.Set(nextKey, n)
	}
	if seg.Stop != n.stop || seg.Start < n.from || seg.Start > n.at {
		n.from, n.stop, n.at = seg.Start, seg.Stop, seg.Start+candidate(line)
	}
	if n.at-seg.Start > reach {
		return nil
	}
	return q.inner.Parse(parent, block, pc)
}

// candidate is where in b the first ':', '@' or "www." begins; len(b)+reach
// and more when there is none. Each search stops where the one before found
// something.
func candidate(b []byte) int {
	at := len(b)
	if i := bytes.IndexByte(b, ':'); i >= 0 {
		at = i
	}
	if i := bytes.IndexByte(b[:at], '@'); i >= 0 {
		at = i
	}
	if i := bytes.Index(b[:min(at+3, len(b))], []byte("www.")); i >= 0 && i < at {
		at = i
	}
	if at == len(b) {
		return len(b) + reach + 1
	}
	return at
}
