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
// parser's everywhere (TestGoldmarkAgrees and FuzzGoldmarkAgrees compare the two).
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
	if n.at-seg.Start <= reach {
		return q.inner.Parse(parent, block, pc)
	}
	// Nothing to link here: take the plain words ahead as one text, so
	// that goldmark need not call again before each of them. Not after a
	// backslash: goldmark would take the blank as escaped, and its state of
	// escape would outlast the text returned.
	if seg.Start > 0 && block.Source()[seg.Start-1] == '\\' {
		return nil
	}
	if k := plainRun(line, n.at-seg.Start-reach); k > 0 {
		block.Advance(k)
		// Onto the text before, as goldmark merges the text it passes
		// (ast.MergeOrAppendTextSegment): goldmark appends the node
		// returned, which, as the last child already, stays where it is.
		if t, ok := parent.LastChild().(*ast.Text); ok && t.Segment.Stop == seg.Start && !t.SoftLineBreak() && !t.HardLineBreak() && !t.IsRaw() {
			t.Segment = t.Segment.WithStop(seg.Start + k)
			return t
		}
		return ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+k))
	}
	return nil
}

// plainRun is how much of line, read from a trigger of the linkify parser
// with no candidate in the first limit+reach bytes, can be taken as one
// text with what goldmark makes of it unchanged; 0 for none.
//
// goldmark's inline parsing stops only at punctuation, white space and a
// line's start: at punctuation for the parsers of that byte (emphasis,
// links, code, references…), at white space and a line's start only for
// the linkify parser. Where that parser finds nothing, what goldmark makes
// of a run of words is one text, split where the run ends. So the run may
// go up to the first punctuation byte (goldmark goes on from it as it
// would have), or end at a blank before a word, and no later than limit,
// where the linkify parser must be asked again. A run that would reach the
// end of the line stops at its last word instead: goldmark reads the end of
// a line (trailing blanks, a hard line break) from what is left of it.
// A line that starts with punctuation ('*', '_', '~', '(' are triggers of
// the linkify parser too) is left to goldmark's parsers of that byte.
func plainRun(line []byte, limit int) int {
	if len(line) == 0 || util.IsPunct(line[0]) {
		return 0
	}
	end := min(len(line), limit+1)
	for i := 0; i < end; i++ {
		c := line[i]
		if c == '\n' || c == '\r' {
			end = i
			break
		}
		if util.IsPunct(c) {
			if i < limit {
				return i
			}
			end = i
			break
		}
	}
	// Back to the last blank before a word, within limit.
	for i := min(end, limit) - 1; i > 0; i-- {
		if (line[i] == ' ' || line[i] == '\t') && i+1 < len(line) && line[i+1] != ' ' && line[i+1] != '\t' && line[i+1] != '\n' && line[i+1] != '\r' {
			return i
		}
	}
	return 0
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
