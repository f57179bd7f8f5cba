package date

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, want, err string
		moment        bool
	}{
		{in: "2019", want: "2019"},
		{in: "2019-12", want: "2019-12"},
		{in: "2019-12-09", want: "2019-12-09"},
		{in: "2024-02-29", want: "2024-02-29"},
		{in: "2025-07-28/2025-08-03", want: "2025-07-28/2025-08-03"},
		{in: "2025-07/2025-08-03", want: "2025-07/2025-08-03"},
		{in: "2019-12-09T16:00+01:00", want: "2019-12-09T16:00+01:00", moment: true},
		{in: "2019-12-09T16:00:30Z", want: "2019-12-09T16:00:30Z", moment: true},
		{in: "2019-12-09T16:00-05:30", want: "2019-12-09T16:00-05:30", moment: true},
		{in: "2023-02-29", err: "February 2023 has 28 days"},
		{in: "2100-02-29", err: "February 2100 has 28 days"},
		{in: "2023-02-30", err: "February 2023 has 28 days"},
		{in: "2023-13-01", err: "month 13 is not 01–12"},
		{in: "2023-00", err: "month 00 is not 01–12"},
		{in: "2023-2-3", err: "the month needs two digits"},
		{in: "2023-02-3", err: "the day needs two digits"},
		{in: "0000-00-00", err: "year 0000 is out of range"},
		{in: "23-01-01", err: "want YYYY, YYYY-MM"},
		{in: "", err: "empty date"},
		{in: "2023-01-01-01", err: "want YYYY"},
		{in: "2025-08-03/2025-07-28", err: "ends before it starts"},
		{in: "2025/2025", err: "ends before it starts"},
		{in: "2019-12-09T16:00+01:00", err: "a time of day is not allowed here"},
		{in: "2019-12-09T16:00", err: "has no UTC offset", moment: true},
		{in: "2019-12T16:00Z", err: "needs a full date", moment: true},
		{in: "2019-12-09T25:00Z", err: "out of range", moment: true},
		{in: "2019-12-09T16:0Z", err: "two digits", moment: true},
		{in: "2019-12-09T16:00+1:00", err: "offset must be", moment: true},
		{in: "2019-12-09T16:00+15:00", err: "offset +15:00 is out of range", moment: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			parse := Parse
			if tt.moment {
				parse = ParseMoment
			}
			d, err := parse(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Parse(%q) error = %v, want one containing %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := d.String(); got != tt.want {
				t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestOrder(t *testing.T) {
	must := func(s string) Date {
		d, err := ParseMoment(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		a, b   string
		before bool
	}{
		{"2019-12-09", "2019-12-10", true},
		{"2019-12", "2019-12-10", false}, // overlapping: not ordered
		{"2019-12-10", "2019-12", false},
		{"2019", "2020-01", true},
		{"2019-12-09T16:00+01:00", "2019-12-09T16:40+01:00", true},
		{"2019-12-09T16:00+01:00", "2019-12-09T15:30Z", true},  // 15:00Z before 15:30Z
		{"2019-12-09T16:00+01:00", "2019-12-09T14:30Z", false}, // 15:00Z after 14:30Z
		{"2025-07-28/2025-08-03", "2025-08-06", true},
		{"2025-07-28/2025-08-06", "2025-08-06", false},
	}
	for _, tt := range tests {
		if got := must(tt.a).Before(must(tt.b)); got != tt.before {
			t.Errorf("%s before %s = %v, want %v", tt.a, tt.b, got, tt.before)
		}
	}
	if !must("2023").Contains(must("2023-05-01")) || must("2023-05").Contains(must("2023")) {
		t.Error("Contains is wrong")
	}
}

func TestTextRoundTrip(t *testing.T) {
	var d Date
	if err := d.UnmarshalText([]byte("2025-07-28/2025-08-03")); err != nil {
		t.Fatal(err)
	}
	b, _ := d.MarshalText()
	if string(b) != "2025-07-28/2025-08-03" || !d.IsInterval() {
		t.Errorf("round trip gave %q (interval %v)", b, d.IsInterval())
	}
	var m Moment
	if err := m.UnmarshalText([]byte("2019-12-09T16:00+01:00")); err != nil || m.From.Prec != Minute {
		t.Errorf("Moment: %v, precision %v", err, m.From.Prec)
	}
}

// An incident's date may be a window: A..B (at some time between) or ..B
// (on or before); it is filed by its end, and only an incident's date may
// be one.
func TestWhen(t *testing.T) {
	for _, c := range []struct {
		in, filed, start, end string
		open                  bool
	}{
		{"..2021-03-01", "2021-03-01", "", "2021-03-02", true},
		{"2021-01..2021-02-24", "2021-02-24", "2021-01-01", "2021-02-25", false},
		{"2025-07-28..2025-08-03", "2025-08-03", "2025-07-28", "2025-08-04", false},
	} {
		d, err := ParseWhen(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		start := ""
		if !d.Start().IsZero() {
			start = d.Start().Format("2006-01-02")
		}
		if !d.IsWindow() || d.IsInterval() || d.OpenStart() != c.open || d.String() != c.in || d.Filed().String() != c.filed ||
			start != c.start || d.End().Format("2006-01-02") != c.end || d.IsZero() {
			t.Errorf("%s: %+v (filed %s, start %q, end %s)", c.in, d, d.Filed(), start, d.End())
		}
	}
	for in, want := range map[string]string{
		"2021-03..2021-01": "ends before it starts",
		"2021-03..":        "needs its end",
		"..":               "needs its end",
		"2021/2022..2023":  "not both",
		"..2021-13":        "month 13",
	} {
		if _, err := ParseWhen(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error saying %q", in, err, want)
		}
	}
	if _, err := Parse("..2021-03-01"); err == nil || !strings.Contains(err.Error(), "only for an incident's date") {
		t.Errorf("a window as a plain date: %v", err)
	}
	if d, err := ParseWhen("2021-01/2021-02"); err != nil || !d.IsInterval() || d.IsWindow() || d.Filed().String() != "2021-01" {
		t.Errorf("a duration: %+v, %v", d, err)
	}
}
