// Package date parses and compares the partial dates of incident entries.
// A date keeps the precision it was written with (a year, a month, a day, or
// a moment with a UTC offset) and is never padded into a fake day: "2023-01"
// means "some time in January 2023". An interval "A/B" is a duration: it
// lasted from A to B. An incident's date (a When) may also be an uncertainty
// window, "A..B" (at some time between A and B) or "..B" (at some time on or
// before B), which says when it happened, not how long it lasted.
//
// date is a leaf package: it imports nothing of Breachline.
package date

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision says how much of a Point is known.
type Precision uint8

const (
	None Precision = iota
	Year
	Month
	Day
	Minute // a date-time with a UTC offset, to the minute
	Second // a date-time with a UTC offset, to the second
)

// Point is one date of known precision.
//
// Its fields are small integers: a large site keeps hundreds of thousands of
// dates, and a Point of ints was 64 bytes.
type Point struct {
	Year                 int16
	Month, Day           int8
	Hour, Minute, Second int8
	Offset               int16 // minutes east of UTC; only for Minute and Second precision
	Prec                 Precision
}

// Date is a Point, or an interval of two Points when To is set: a
// duration (A/B), or with Window an uncertainty window (A..B, or ..B with
// From unset).
type Date struct {
	From   Point // From.Prec == None only in an open window, ..B
	To     Point // To.Prec == None unless this is an interval or a window
	Window bool  // it happened at some time within From–To, not throughout it
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.From.Prec == None && d.To.Prec == None }

// IsInterval reports whether the date is a duration, written A/B.
func (d Date) IsInterval() bool { return d.To.Prec != None && !d.Window }

// IsWindow reports whether the date is an uncertainty window, A..B or ..B.
func (d Date) IsWindow() bool { return d.Window }

// OpenStart reports whether the date is a window with no known start, ..B.
func (d Date) OpenStart() bool { return d.Window && d.From.Prec == None }

// Filed is the point an incident is filed, sorted and counted by: the date
// itself, a duration's start, or a window's end (what is known is that it
// had happened by then).
func (d Date) Filed() Point {
	if d.Window {
		return d.To
	}
	return d.From
}

// Start is the first instant the date may mean; the zero time for a window
// with no known start.
func (d Date) Start() time.Time {
	if d.OpenStart() {
		return time.Time{}
	}
	return d.From.Start()
}

// End is the instant just after the last one the date may mean.
func (d Date) End() time.Time {
	if d.To.Prec != None {
		return d.To.End()
	}
	return d.From.End()
}

// Before reports whether d certainly lies before e: all of d ends before any
// of e begins. Partial dates that overlap are not ordered.
func (d Date) Before(e Date) bool { return !d.End().After(e.Start()) }

// Contains reports whether all of e lies within d.
func (d Date) Contains(e Date) bool {
	return !e.Start().Before(d.Start()) && !e.End().After(d.End())
}

func (d Date) String() string {
	if d.Window {
		if d.OpenStart() {
			return ".." + d.To.String()
		}
		return d.From.String() + ".." + d.To.String()
	}
	if d.IsInterval() {
		return d.From.String() + "/" + d.To.String()
	}
	return d.From.String()
}

// MarshalText writes the date as it is parsed: same precision, same form.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses a calendar date: YYYY, YYYY-MM, YYYY-MM-DD or A/B.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := parse(string(b), false)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Moment is a Date that may also be a date-time with a UTC offset, as the
// events of an incident's timeline are.
type Moment struct{ Date }

// UnmarshalText parses what Date does, plus YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM).
func (m *Moment) UnmarshalText(b []byte) error {
	v, err := parse(string(b), true)
	if err != nil {
		return err
	}
	m.Date = v
	return nil
}

// When is an incident's date: a Date, which may also be an uncertainty
// window (A..B: at some time between A and B; ..B: on or before B).
type When struct{ Date }

// UnmarshalText parses what Date does, plus A..B and ..B.
func (w *When) UnmarshalText(b []byte) error {
	v, err := ParseWhen(string(b))
	if err != nil {
		return err
	}
	w.Date = v
	return nil
}

// ParseWhen reads an incident's date: a calendar date, a duration A/B or a
// window A..B or ..B.
func ParseWhen(s string) (Date, error) {
	from, to, ok := strings.Cut(s, "..")
	if !ok {
		d, err := parse(s, false)
		if err != nil && strings.Contains(err.Error(), forms) {
			err = errors.New(strings.Replace(err.Error(), forms, whenForms, 1))
		}
		return d, err
	}
	d := Date{Window: true}
	var err error
	if strings.Contains(to, "/") || strings.Contains(from, "/") {
		return Date{}, fmt.Errorf("invalid date %q: a window is A..B or ..B, a duration A/B; not both", s)
	}
	if to == "" {
		return Date{}, fmt.Errorf("invalid date %q: a window needs its end, as in ..2021-03-01 (on or before) or 2021-01..2021-02-24 (between)", s)
	}
	if d.To, err = parsePoint(to, false); err != nil {
		return Date{}, err
	}
	if from == "" {
		return d, nil
	}
	if d.From, err = parsePoint(from, false); err != nil {
		return Date{}, err
	}
	if d.To.End().Compare(d.From.End()) <= 0 || d.To.Start().Before(d.From.Start()) {
		return Date{}, fmt.Errorf("window %q ends before it starts: the date after .. must be later than %s", s, from)
	}
	return d, nil
}

// Parse reads a calendar date (no time of day).
func Parse(s string) (Date, error) { return parse(s, false) }

// ParseMoment reads a calendar date or a date-time with offset.
func ParseMoment(s string) (Date, error) { return parse(s, true) }

const forms = "YYYY, YYYY-MM, YYYY-MM-DD or an interval such as 2025-07-28/2025-08-03"

const whenForms = forms + " (it lasted from A to B), or a window: ..2021-03-01 (at some time on or before) or 2025-07-28..2025-08-03 (at some time between)"

func parse(s string, times bool) (Date, error) {
	if s == "" {
		return Date{}, errors.New("empty date: want " + forms)
	}
	if strings.Contains(s, "..") {
		return Date{}, fmt.Errorf("invalid date %q: a window (..) is only for an incident's date; want %s", s, forms)
	}
	from, to, interval := strings.Cut(s, "/")
	var d Date
	var err error
	if d.From, err = parsePoint(from, times); err != nil {
		return Date{}, err
	}
	if !interval {
		return d, nil
	}
	if d.To, err = parsePoint(to, times); err != nil {
		return Date{}, err
	}
	if d.To.End().Compare(d.From.End()) <= 0 || d.To.Start().Before(d.From.Start()) {
		return Date{}, fmt.Errorf("interval %q ends before it starts: the date after / must be later than %s", s, from)
	}
	return d, nil
}

var monthDays = [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func parsePoint(s string, times bool) (Point, error) {
	datePart, timePart, hasTime := strings.Cut(s, "T")
	if !hasTime {
		datePart, timePart, hasTime = strings.Cut(s, "t")
	}
	var p Point
	fields := strings.Split(datePart, "-")
	if len(fields) > 3 || !digits(fields[0], 4) {
		return Point{}, fmt.Errorf("invalid date %q: want %s", s, forms)
	}
	for i, f := range fields[1:] {
		if !digits(f, 2) {
			what := [...]string{"month", "day"}[i]
			return Point{}, fmt.Errorf("invalid date %q: the %s needs two digits (%s)", s, what, forms)
		}
	}
	p.Year = int16(atoi(fields[0]))
	p.Prec = Year
	if p.Year < 1900 || p.Year > 2999 {
		return Point{}, fmt.Errorf("invalid date %q: year %04d is out of range 1900–2999", s, p.Year)
	}
	if len(fields) > 1 {
		p.Month = int8(atoi(fields[1]))
		p.Prec = Month
		if p.Month < 1 || p.Month > 12 {
			return Point{}, fmt.Errorf("invalid date %q: month %02d is not 01–12", s, p.Month)
		}
	}
	if len(fields) > 2 {
		p.Day = int8(atoi(fields[2]))
		p.Prec = Day
		if n := daysIn(int(p.Year), int(p.Month)); p.Day < 1 || int(p.Day) > n {
			return Point{}, fmt.Errorf("invalid date %q: %s %d has %d days", s, time.Month(p.Month), p.Year, n)
		}
	}
	if !hasTime {
		return p, nil
	}
	if !times {
		return Point{}, fmt.Errorf("invalid date %q: a time of day is not allowed here; want %s", s, forms)
	}
	if p.Prec != Day {
		return Point{}, fmt.Errorf("invalid date-time %q: a time needs a full date YYYY-MM-DD before the T", s)
	}
	return parseTime(s, timePart, p)
}

func parseTime(s, t string, p Point) (Point, error) {
	clock, zone := t, ""
	if i := strings.IndexAny(t, "Zz+-"); i >= 0 {
		clock, zone = t[:i], t[i:]
	}
	parts := strings.Split(clock, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return Point{}, fmt.Errorf("invalid date-time %q: want YYYY-MM-DDTHH:MM with an offset, such as 2019-12-09T16:00+01:00", s)
	}
	for _, f := range parts {
		if !digits(f, 2) {
			return Point{}, fmt.Errorf("invalid date-time %q: hours, minutes and seconds need two digits", s)
		}
	}
	p.Hour = int8(atoi(parts[0]))
	p.Minute = int8(atoi(parts[1]))
	p.Prec = Minute
	if len(parts) == 3 {
		p.Second = int8(atoi(parts[2]))
		p.Prec = Second
	}
	if p.Hour > 23 || p.Minute > 59 || p.Second > 59 {
		return Point{}, fmt.Errorf("invalid date-time %q: the time of day is out of range", s)
	}
	switch {
	case zone == "":
		return Point{}, fmt.Errorf("date-time %q has no UTC offset: add one such as +01:00, or Z for UTC", s)
	case zone == "Z" || zone == "z":
		return p, nil
	}
	hh, mm, ok := strings.Cut(zone[1:], ":")
	if !ok || !digits(hh, 2) || !digits(mm, 2) {
		return Point{}, fmt.Errorf("invalid date-time %q: the offset must be Z or ±HH:MM", s)
	}
	h, _ := strconv.Atoi(hh)
	m, _ := strconv.Atoi(mm)
	if h > 14 || m > 59 {
		return Point{}, fmt.Errorf("invalid date-time %q: offset %s is out of range", s, zone)
	}
	p.Offset = int16(h*60 + m)
	if zone[0] == '-' {
		p.Offset = -p.Offset
	}
	return p, nil
}

// atoi reads digits already checked by digits: they fit their fields.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func daysIn(year, month int) int {
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		return 29
	}
	return monthDays[month-1]
}

// Start is the first instant the point may mean. Calendar dates carry no zone
// and are taken in UTC.
func (p Point) Start() time.Time {
	switch p.Prec {
	case Year:
		return time.Date(int(p.Year), 1, 1, 0, 0, 0, 0, time.UTC)
	case Month:
		return time.Date(int(p.Year), time.Month(p.Month), 1, 0, 0, 0, 0, time.UTC)
	case Day:
		return time.Date(int(p.Year), time.Month(p.Month), int(p.Day), 0, 0, 0, 0, time.UTC)
	case Minute, Second:
		zone := time.FixedZone("", int(p.Offset)*60)
		return time.Date(int(p.Year), time.Month(p.Month), int(p.Day), int(p.Hour), int(p.Minute), int(p.Second), 0, zone).UTC()
	}
	return time.Time{}
}

// End is the instant just after the last one the point may mean.
func (p Point) End() time.Time {
	s := p.Start()
	switch p.Prec {
	case Year:
		return s.AddDate(1, 0, 0)
	case Month:
		return s.AddDate(0, 1, 0)
	case Day:
		return s.AddDate(0, 0, 1)
	case Minute:
		return s.Add(time.Minute)
	case Second:
		return s.Add(time.Second)
	}
	return s
}

// String writes the point in ISO 8601 at its own precision; it is also a valid
// HTML datetime value.
func (p Point) String() string {
	switch p.Prec {
	case Year:
		return fmt.Sprintf("%04d", p.Year)
	case Month:
		return fmt.Sprintf("%04d-%02d", p.Year, p.Month)
	case Day:
		return fmt.Sprintf("%04d-%02d-%02d", p.Year, p.Month, p.Day)
	case Minute, Second:
		s := fmt.Sprintf("%04d-%02d-%02dT%02d:%02d", p.Year, p.Month, p.Day, p.Hour, p.Minute)
		if p.Prec == Second {
			s += fmt.Sprintf(":%02d", p.Second)
		}
		if p.Offset == 0 {
			return s + "Z"
		}
		sign, off := '+', p.Offset
		if off < 0 {
			sign, off = '-', -off
		}
		return s + fmt.Sprintf("%c%02d:%02d", sign, off/60, off%60)
	}
	return ""
}

// The JSON Schema forms of dates: the same shapes parse accepts, though a
// pattern cannot know that February 2023 has 28 days (parse does).
const (
	pointPattern  = `(19[0-9]{2}|2[0-9]{3})(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?`
	timePattern   = `(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9]))?`
	datePattern   = `^` + pointPattern + `(/` + pointPattern + `)?$`
	momentPattern = `^` + pointPattern + timePattern + `(/` + pointPattern + timePattern + `)?$`
	whenPattern   = `^(` + pointPattern + `(/` + pointPattern + `)?|(` + pointPattern + `)?\.\.` + pointPattern + `)$`
)

// JSONSchema describes an incident's date: a Date, or a window.
func (w *When) JSONSchema() map[string]any { return dateSchema(whenPattern, whenForms) }

// JSONSchema describes a date for editors: text of the forms above, or a
// bare year, which YAML reads as a number.
func (d *Date) JSONSchema() map[string]any { return dateSchema(datePattern, forms) }

// JSONSchema describes a date or a date-time with offset.
func (m *Moment) JSONSchema() map[string]any {
	return dateSchema(momentPattern, forms+", or a date-time with offset such as 2019-12-09T16:00+01:00")
}

func dateSchema(pattern, what string) map[string]any {
	return map[string]any{"anyOf": []any{
		map[string]any{"type": "string", "pattern": pattern, "description": what},
		map[string]any{"type": "integer", "minimum": 1900, "maximum": 2999, "description": "a year"},
	}}
}

// DayOf is the calendar day of t in UTC, at day precision.
func DayOf(t time.Time) Date {
	t = t.UTC()
	return Date{From: Point{Year: int16(t.Year()), Month: int8(t.Month()), Day: int8(t.Day()), Prec: Day}}
}
