// Package diag holds the diagnostics every stage reports about content: a
// problem with a position in a file, a rule name and a message a contributor
// can act on. Stages collect diagnostics instead of failing fast, so one run
// reports every problem; system faults (a file that cannot be read) are
// ordinary Go errors and never diagnostics.
//
// diag is the bottom of the pipeline and imports nothing of Breachline.
package diag

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Pos is a place in a file. Line and Col count from 1; a zero Line means the
// whole file, a zero Col the whole line. Col counts bytes, as go/scanner does.
type Pos struct {
	File string
	Line int
	Col  int
}

// String is the position as path:line:col, with the path escaped for a
// terminal (see Escape).
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return Escape(p.File)
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", Escape(p.File), p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", Escape(p.File), p.Line, p.Col)
}

// Diagnostic is one problem in the content.
type Diagnostic struct {
	Pos  Pos
	Rule string // short stable name, e.g. "unknown-field"; used by tests and annotations
	Msg  string // says what is wrong, what was expected and, where we can tell, what to do
}

// String is the diagnostic as one line, path:line:col: message, every part
// escaped for a terminal: a file name or a quoted value from an entry
// cannot start a line of its own.
func (d Diagnostic) String() string { return d.Pos.String() + ": " + Escape(d.Msg) }

// List collects diagnostics. The zero value is ready to use.
type List []Diagnostic

// Add appends a diagnostic with a formatted message.
func (l *List) Add(pos Pos, rule, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Rule: rule, Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the list by file, line, column, then message: a total order, so
// two runs over the same content print the same lines.
func (l List) Sort() {
	slices.SortFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Msg, b.Msg),
			cmp.Compare(a.Rule, b.Rule),
		)
	})
}

// Error makes a List usable as an error; it reports the first few lines.
func (l List) Error() string {
	const most = 10
	var b strings.Builder
	for i, d := range l {
		if i == most {
			fmt.Fprintf(&b, "\n(and %d more)", len(l)-most)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Format is how diagnostics are printed.
type Format int

const (
	Text   Format = iota // path:line:col: message
	GitHub               // ::error file=…,line=…,col=…,title=…::message (GitHub Actions annotations)
)

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	switch s {
	case "text", "":
		return Text, nil
	case "github":
		return GitHub, nil
	}
	return 0, fmt.Errorf("unknown format %q: want text or github", s)
}

// Write prints the list in the given format, one diagnostic a line.
func (l List) Write(w io.Writer, f Format) error {
	var b strings.Builder
	for _, d := range l {
		switch f {
		case GitHub:
			b.WriteString("::error file=")
			b.WriteString(escapeProperty(d.Pos.File))
			if d.Pos.Line > 0 {
				fmt.Fprintf(&b, ",line=%d", d.Pos.Line)
				if d.Pos.Col > 0 {
					fmt.Fprintf(&b, ",col=%d", d.Pos.Col)
				}
			}
			b.WriteString(",title=")
			b.WriteString(escapeProperty(d.Rule))
			b.WriteString("::")
			b.WriteString(escapeData(d.Msg))
		default:
			b.WriteString(d.String())
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeData and escapeProperty follow the workflow-command encoding of the
// GitHub Actions toolkit, so a message with a newline or a comma stays one
// annotation; other characters a log must not carry raw are escaped first
// (see Escape), but for the newlines of a message, which the encoding
// keeps inside the annotation.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(escape(s, true, true))
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(escape(s, false, false))
}
