package markdown

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/yuin/goldmark/util"
)

// formatCode writes tokens as chroma's HTML formatter writes them with
// classes and its other options left as they are (what safeRenderer
// configures): <pre class="chroma"><code>, each line a <span class="line">
// holding a <span class="cl">, each token escaped as html.EscapeString
// escapes and, where its type (or the nearest type above it) has a class,
// in a <span> of that class. chroma's formatter gathers the tokens, splits
// them into lines in new slices and formats each span with fmt: a third of
// a code block's cost. TestFormatCodeSame compares the two on the scanner's
// samples and on random token streams.
func formatCode(w util.BufWriter, it chroma.Iterator) {
	_, _ = w.WriteString(`<pre class="chroma"><code>`)
	open := false // inside a line's spans
	var pending *chroma.Token
	// A line's end is only known at the next token: chroma drops a last
	// line that is one empty token, so an empty token after a newline waits
	// to see whether anything follows it.
	emit := func(t chroma.Token) {
		if !open {
			_, _ = w.WriteString(`<span class="line"><span class="cl">`)
			open = true
		}
		cls := classOf(t.Type)
		if cls != "" {
			_, _ = w.WriteString(`<span class="`)
			_, _ = w.WriteString(cls)
			_, _ = w.WriteString(`">`)
		}
		writeEscaped(w, t.Value)
		if cls != "" {
			_, _ = w.WriteString(`</span>`)
		}
	}
	endLine := func() {
		_, _ = w.WriteString(`</span></span>`)
		open = false
	}
	for t := it(); t != chroma.EOF; t = it() {
		if pending != nil {
			emit(*pending)
			pending = nil
		}
		v := t.Value
		for {
			i := strings.IndexByte(v, '\n')
			if i < 0 {
				break
			}
			emit(chroma.Token{Type: t.Type, Value: v[:i+1]})
			endLine()
			v = v[i+1:]
			if v == "" {
				break
			}
		}
		if v == "" && t.Value != "" {
			continue // the newline ended the token: no empty tail
		}
		if v == "" && !open {
			// An empty token at a line's start: the line it would begin
			// is dropped if it is the last.
			tok := chroma.Token{Type: t.Type}
			pending = &tok
			continue
		}
		emit(chroma.Token{Type: t.Type, Value: v})
	}
	if open {
		endLine()
	}
	_, _ = w.WriteString(`</code></pre>`)
}

// classOf is the class chroma's formatter gives a token type: that of the
// type, or of the nearest type above it that chroma names, "" for none.
func classOf(t chroma.TokenType) string {
	for t != 0 {
		if cls, ok := chroma.StandardTypes[t]; ok {
			return cls
		}
		t = t.Parent()
	}
	return chroma.StandardTypes[t]
}

// writeEscaped writes s as html.EscapeString escapes it.
func writeEscaped(w util.BufWriter, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		_, _ = w.WriteString(s[last:i])
		_, _ = w.WriteString(esc)
		last = i + 1
	}
	_, _ = w.WriteString(s[last:])
}
