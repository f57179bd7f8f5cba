package render

import "unicode/utf8"

// appendXMLText appends s escaped as encoding/xml's EscapeText escapes
// character data: the five markup characters, tab, newline and carriage
// return as references, and what XML may not hold (other control
// characters, bytes that are not UTF-8, U+FFFE and U+FFFF) as U+FFFD; the
// rest as it is, copied a run at a time. A feed escapes every body it
// carries, and encoding/xml decodes each of their runes to do it: a
// twentieth of a heavy build. TestXMLTextSame and FuzzXMLTextSame hold the
// two the same.
func appendXMLText(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			esc := xmlEscapes[c]
			if esc == "" {
				i++
				continue
			}
			dst = append(dst, s[last:i]...)
			dst = append(dst, esc...)
			i++
			last = i
			continue
		}
		r, width := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && width == 1) || !xmlChar(r) {
			dst = append(dst, s[last:i]...)
			dst = append(dst, "\uFFFD"...)
			last = i + width
		}
		i += width
	}
	return append(dst, s[last:]...)
}

// xmlEscapes is what appendXMLText writes for an ASCII byte, "" for itself.
var xmlEscapes = func() (t [utf8.RuneSelf]string) {
	for c := range byte(0x20) {
		t[c] = "\uFFFD"
	}
	t['"'], t['\''], t['&'], t['<'], t['>'] = "&#34;", "&#39;", "&amp;", "&lt;", "&gt;"
	t['\t'], t['\n'], t['\r'] = "&#x9;", "&#xA;", "&#xD;"
	return t
}()

// xmlChar says whether XML 1.0 allows r (past ASCII).
func xmlChar(r rune) bool {
	return r <= 0xD7FF || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
