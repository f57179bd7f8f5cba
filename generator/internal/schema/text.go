package schema

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"unicode/utf8"

	"breachline/generator/internal/diag"
)

// Normalize strips a UTF-8 byte-order mark and turns CRLF and lone CR line
// ends into LF, so that positions, YAML and Markdown all see the same lines
// whatever editor saved the file.
func Normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
}

// CheckText finds the first character a text file of ours may not hold:
// a byte that is not UTF-8, a NUL or other control character (but tab and
// newline), DEL or a C1 control. With yaml, also the line and paragraph
// separators U+2028 and U+2029, which YAML takes for line breaks where
// editors and our positions do not. src is normalized text (see
// Normalize) that starts on file line firstLine; the column counts bytes.
func CheckText(file string, src []byte, firstLine int, yaml bool) (diag.Diagnostic, bool) {
	if utf8.Valid(src) && !hasControl(src) && !(yaml && hasSeparator(src)) {
		return diag.Diagnostic{}, true // the usual case, quickly
	}
	line, col := firstLine, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		at := diag.Pos{File: file, Line: line, Col: col}
		switch {
		case r == utf8.RuneError && size == 1:
			return diag.Diagnostic{Pos: at, Rule: "invalid-encoding", Msg: fmt.Sprintf("invalid UTF-8 byte 0x%02x; the file must be UTF-8 text", src[i])}, false
		case r == 0:
			return diag.Diagnostic{Pos: at, Rule: "invalid-encoding", Msg: "NUL byte; the file must be UTF-8 text"}, false
		case r == '\n':
			line, col = line+1, 1
			i += size
			continue
		case IsControl(r):
			return diag.Diagnostic{Pos: at, Rule: "control-character", Msg: fmt.Sprintf("control character %U; it would reach pages as an invisible, invalid character; remove it", r)}, false
		case yaml && (r == 0x2028 || r == 0x2029):
			return diag.Diagnostic{Pos: at, Rule: "control-character", Msg: fmt.Sprintf("%U (a line or paragraph separator) is a line break to YAML but not to editors, so every position after it would be wrong; remove it", r)}, false
		}
		col += size
		i += size
	}
	return diag.Diagnostic{}, true
}

// hasSeparator reports whether src holds U+2028 or U+2029 (E2 80 A8/A9).
func hasSeparator(src []byte) bool {
	for {
		i := bytes.Index(src, []byte("\xe2\x80"))
		if i < 0 || i+2 >= len(src) {
			return false
		}
		if c := src[i+2]; c == 0xa8 || c == 0xa9 {
			return true
		}
		src = src[i+2:]
	}
}

// IsControl reports whether r is a control character text must not hold:
// C0 controls but tab and newline, DEL, and the C1 controls.
func IsControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f || (r >= 0x80 && r <= 0x9f)
}

// HasControl reports whether src, which is UTF-8, holds a control
// character that CheckText refuses; CheckText says where.
func HasControl(src []byte) bool { return hasControl(src) }

// hasControl reports whether src holds a control character, quickly:
// eight bytes at a time, looking closer only at words that hold a byte
// below 0x20 (a newline or tab, mostly), DEL, or 0xC2, the lead byte of C1
// controls (C2 80–9F).
func hasControl(src []byte) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(src); i += 8 {
		w := binary.LittleEndian.Uint64(src[i:])
		below := (w - 0x20*ones) &^ w // high bit set where a byte is < 0x20 (or where w's byte is ≥ 0x80 and borrows; checked below)
		del := ((w ^ 0x7f*ones) - ones) &^ (w ^ 0x7f*ones)
		c2 := ((w ^ 0xc2*ones) - ones) &^ (w ^ 0xc2*ones)
		if (below|del|c2)&highs == 0 {
			continue
		}
		if controlIn(src[i:min(i+9, len(src))], 8) {
			return true
		}
	}
	return controlIn(src[i:], len(src)-i)
}

// controlIn looks at the first n bytes of b (and the byte after the last,
// for a C1 control's second byte).
func controlIn(b []byte, n int) bool {
	for j := 0; j < n; j++ {
		switch c := b[j]; {
		case c < 0x20 && c != '\t' && c != '\n', c == 0x7f:
			return true
		case c == 0xc2 && j+1 < len(b) && b[j+1] >= 0x80 && b[j+1] <= 0x9f:
			return true
		}
	}
	return false
}

// markers finds YAML document markers, '---' and '...' at the start of a
// line, which end a YAML document: in one YAML text the fields after one
// would be dropped without a word. With leading, a '---' before the first
// content line (after comments and directives), which only starts the one
// document, is allowed.
func markers(file string, src []byte, firstLine int, leading bool) diag.List {
	var diags diag.List
	content := false
	for i, off := 0, 0; off < len(src); i++ {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		line := src[off : off+end]
		off += end + 1
		isMarker := len(line) >= 3 && (bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("..."))) &&
			(len(line) == 3 || line[3] == ' ' || line[3] == '\t')
		switch {
		case isMarker && leading && !content && line[0] == '-':
			content = true
		case isMarker:
			diags.Add(diag.Pos{File: file, Line: firstLine + i, Col: 1}, "yaml-document", "%q ends a YAML document here, and every field after it would be dropped; remove the line (a comment starts with # alone)", string(bytes.TrimRight(line, " \t")))
		case len(bytes.TrimLeft(line, " ")) > 0 && line[0] != '#' && line[0] != '%':
			content = true
		}
	}
	return diags
}
