// Package i18n writes the site's words, dates and numbers in each of its
// languages: English, Dutch and German, and any other with a table.
//
// A language's strings are a table, one file a language under
// layouts/i18n/ (en.txt, nl.txt, de.txt): a line "key: text", or
// "key.one: text" and "key.other: text" for a text that depends on a
// count, where {n} stands for the count. Lines starting with # are
// comments. Every table has the keys of the site's own language's table,
// no more and no fewer; Parse and Check say where one does not.
//
// Dates are written at their own precision, as each language writes them:
// "9 December 2019", "9 december 2019", "9. Dezember 2019"; numbers with the
// language's thousands separator: "4,100", "4.100".
//
// i18n imports date and diag.
package i18n

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"breachline/generator/internal/date"
	"breachline/generator/internal/diag"
)

// Table is one language's strings.
type Table struct {
	Lang  string
	File  string
	texts map[string]string // key → text; plural forms as key.one, key.other
	lines map[string]int    // key → the line it is defined on
}

// Parse reads a table. lang is its language (the file's name without
// .txt); file names it in diagnostics.
func Parse(lang, file string, src []byte) (*Table, diag.List) {
	t := &Table{Lang: lang, File: file, texts: map[string]string{}, lines: map[string]int{}}
	var diags diag.List
	for i, line := range strings.Split(string(src), "\n") {
		n := i + 1
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		key, text, ok := strings.Cut(line, ": ")
		if !ok {
			if strings.HasSuffix(line, ":") {
				diags.Add(diag.Pos{File: file, Line: n, Col: 1}, "i18n-syntax", "%q has no text after its colon; write key: text", strings.TrimSuffix(line, ":"))
			} else {
				diags.Add(diag.Pos{File: file, Line: n, Col: 1}, "i18n-syntax", "want key: text, got %q", line)
			}
			continue
		}
		if !validKey(key) {
			diags.Add(diag.Pos{File: file, Line: n, Col: 1}, "i18n-syntax", "%q is not a key: use lower-case words joined by hyphens, with .one or .other for a count's forms", key)
			continue
		}
		if first, dup := t.lines[key]; dup {
			diags.Add(diag.Pos{File: file, Line: n, Col: 1}, "duplicate-key", "%s is defined twice (first on line %d)", key, first)
			continue
		}
		t.texts[key], t.lines[key] = strings.TrimSpace(text), n
	}
	return t, diags
}

func validKey(k string) bool {
	base, form, plural := strings.Cut(k, ".")
	if plural && form != "one" && form != "other" {
		return false
	}
	if base == "" {
		return false
	}
	for _, r := range base {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// Keys lists the table's keys in order.
func (t *Table) Keys() []string {
	ks := make([]string, 0, len(t.texts))
	for k := range t.texts {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// Check compares t with the table of the site's own language: a key the
// reference has and t lacks, and one t has that the reference does not.
func (t *Table) Check(ref *Table) diag.List {
	var diags diag.List
	for _, k := range ref.Keys() {
		if _, ok := t.texts[k]; !ok {
			diags.Add(diag.Pos{File: t.File, Line: 1, Col: 1}, "untranslated", "%s is missing (%s has it on line %d): add %s: with its %s text", k, ref.File, ref.lines[k], k, t.Lang)
		}
	}
	for _, k := range t.Keys() {
		if _, ok := ref.texts[k]; !ok {
			diags.Add(diag.Pos{File: t.File, Line: t.lines[k], Col: 1}, "unknown-key", "%s is not a key of %s; correct it, or add it there first", k, ref.File)
		}
	}
	return diags
}

// T is the text of key, or the key itself in brackets (a test of the
// tables finds those).
func (t *Table) T(key string) string {
	if s, ok := t.texts[key]; ok {
		return s
	}
	return "[" + key + "]"
}

// N is the text of key for a count of n, with {n} written as the
// language writes numbers. English, Dutch and German have one form for one
// and another for every other count.
func (t *Table) N(key string, n int64) string {
	form := key + ".other"
	if n == 1 || n == -1 {
		form = key + ".one"
	}
	return strings.ReplaceAll(t.T(form), "{n}", Number(t.Lang, n))
}

// Fill writes each {name} of text as its value: pairs are name, value,
// name, value, …
func Fill(text string, pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		text = strings.ReplaceAll(text, "{"+pairs[i]+"}", pairs[i+1])
	}
	return text
}

// Number writes n with the language's thousands separator: 4,100 in
// English, 4.100 in Dutch and German.
func Number(lang string, n int64) string {
	sep := ","
	if lang == "nl" || lang == "de" {
		sep = "."
	}
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

var months = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"nl": {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
}

// Month is the name of month m (1 to 12) in lang (English where it has
// no names).
func Month(lang string, m int) string {
	names, ok := months[lang]
	if !ok {
		names = months["en"]
	}
	return names[m-1]
}

// Point writes a date at its own precision as lang writes it: 2019;
// December 2019, december 2019, Dezember 2019; 9 December 2019,
// 9 december 2019, 9. Dezember 2019; a time with its UTC offset.
func Point(lang string, p date.Point) string {
	day := func() string {
		if lang == "de" {
			return strconv.Itoa(int(p.Day)) + ". " + Month(lang, int(p.Month)) + " " + strconv.Itoa(int(p.Year))
		}
		return strconv.Itoa(int(p.Day)) + " " + Month(lang, int(p.Month)) + " " + strconv.Itoa(int(p.Year))
	}
	switch p.Prec {
	case date.Year:
		return strconv.Itoa(int(p.Year))
	case date.Month:
		return Month(lang, int(p.Month)) + " " + strconv.Itoa(int(p.Year))
	case date.Day:
		return day()
	case date.Minute, date.Second:
		clock := fmt.Sprintf("%02d:%02d", p.Hour, p.Minute)
		if p.Prec == date.Second {
			clock += fmt.Sprintf(":%02d", p.Second)
		}
		off := "UTC"
		if p.Offset != 0 {
			sign, o := "+", p.Offset
			if o < 0 {
				sign, o = "−", -o
			}
			off = fmt.Sprintf("UTC%s%02d:%02d", sign, o/60, o%60)
		}
		return day() + ", " + clock + " " + off
	}
	return ""
}

// before is how a language says "at some time on or before" a date of a
// precision (a day, a month, a year).
func before(lang string, p date.Precision) string {
	switch lang {
	case "nl":
		if p >= date.Day {
			return "uiterlijk op"
		}
		return "uiterlijk in"
	case "de":
		switch {
		case p >= date.Day:
			return "spätestens am"
		case p == date.Month:
			return "spätestens im"
		}
		return "spätestens"
	}
	return "on or before"
}

// Date writes a date for readers in lang: a point at its precision, a
// duration "28 July – 3 August 2025", a window "between 28 July and
// 3 August 2025" (nl "tussen 28 juli en 3 augustus 2025", de "zwischen dem
// 28. Juli und dem 3. August 2025") or "on or before 1 March 2021" (nl
// "uiterlijk op 1 maart 2021", de "spätestens am 1. März 2021").
func Date(lang string, d date.Date) string {
	switch {
	case d.OpenStart():
		return before(lang, d.To.Prec) + " " + Point(lang, d.To)
	case !d.IsInterval() && !d.IsWindow():
		return Point(lang, d.From)
	}
	from, to := Point(lang, d.From), Point(lang, d.To)
	if d.From.Prec == d.To.Prec && d.From.Year == d.To.Year && d.From.Prec >= date.Month && d.From.Prec <= date.Day {
		from = strings.TrimSuffix(from, " "+strconv.Itoa(int(d.From.Year)))
	}
	if !d.IsWindow() {
		return from + " – " + to
	}
	switch lang {
	case "nl":
		return "tussen " + from + " en " + to
	case "de":
		if d.From.Prec >= date.Day {
			from = "dem " + from
		}
		if d.To.Prec >= date.Day {
			to = "dem " + to
		}
		return "zwischen " + from + " und " + to
	}
	return "between " + from + " and " + to
}
