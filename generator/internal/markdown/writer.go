package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// quickWriter is goldmark's text writer with a shortcut for the common
// case. goldmark's Write reads text byte by byte for backslash escapes,
// entity and character references and NUL, and then hands each run to
// RawWrite, which reads it byte by byte again to escape it: two passes and
// a third of rendering a body. Text with no '\' and no '&' has nothing for
// the first pass to do (a NUL, the one other byte it changes, RawWrite
// turns into U+FFFD the same way), so quickWriter escapes it at once, in
// one pass that copies the runs between the four bytes HTML escapes.
// Anything else goes to goldmark's writer. TestGoldmarkAgrees compares the
// output with goldmark's own.
type quickWriter struct{ slow html.Writer }

var _ html.Writer = quickWriter{}

// escapes are what RawWrite writes for a byte, "" for the byte itself: the
// table of goldmark's util.EscapeHTMLByte.
var escapes = func() (t [256]string) {
	for c := range 256 {
		if v := util.EscapeHTMLByte(byte(c)); v != nil {
			t[c] = string(v)
		}
	}
	return t
}()

func (q quickWriter) Write(w util.BufWriter, source []byte) {
	if bytes.IndexByte(source, '\\') >= 0 || bytes.IndexByte(source, '&') >= 0 {
		q.slow.Write(w, source)
		return
	}
	q.RawWrite(w, source)
}

func (q quickWriter) RawWrite(w util.BufWriter, source []byte) {
	n := 0
	for i, c := range source {
		if e := escapes[c]; e != "" {
			_, _ = w.Write(source[n:i])
			_, _ = w.WriteString(e)
			n = i + 1
		}
	}
	_, _ = w.Write(source[n:])
}

func (q quickWriter) SecureWrite(w util.BufWriter, source []byte) { q.slow.SecureWrite(w, source) }
