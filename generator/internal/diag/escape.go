package diag

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape makes an untrusted string (a file name, a value from an entry, a
// message quoting one) safe to print on a terminal or in a CI log, where a
// control character could move the cursor or recolour the screen, a
// newline could start a line that forges a diagnostic, "::" at a line's
// start is a GitHub Actions workflow command, and a bidirectional override
// makes the text read other than it is. Those characters, other invisible
// formatting characters, line and paragraph separators and bytes that are
// not UTF-8 are written as Go escapes (\n, \x1b, \u202e), and the second
// colon of "::" as \x3a. Everything else, letters of every script among
// it, is kept.
func Escape(s string) string { return escape(s, false, true) }

// escape is Escape; with keepNewlines, '\n' stays, and without colons, "::"
// does (for a format that encodes them itself).
func escape(s string, keepNewlines, colons bool) string {
	if safe(s, keepNewlines, colons) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		case r == ':' && colons && i > 0 && s[i-1] == ':':
			b.WriteString(`\x3a`)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// safe reports whether s needs no escaping: the usual case, seen quickly.
func safe(s string, keepNewlines, colons bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return safeRunes(s[i:]) && !(colons && strings.Contains(s, "::"))
		case c == '\n' && keepNewlines:
		case c < 0x20 || c == 0x7f:
			return false
		case c == ':' && colons && i > 0 && s[i-1] == ':':
			return false
		}
	}
	return true
}

func safeRunes(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || (r < 0x20 && r != '\n') || r == 0x7f || unsafeRune(r) {
			return false
		}
	}
	return true
}

// unsafeRune is a C1 control, an invisible formatting character (the
// bidirectional overrides and isolates, zero-width characters, the
// byte-order mark) or a line or paragraph separator.
func unsafeRune(r rune) bool {
	return (r >= 0x80 && r <= 0x9f) || unicode.Is(unicode.Cf, r) || unicode.In(r, unicode.Zl, unicode.Zp)
}
