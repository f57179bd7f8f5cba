package date

import (
	"testing"
	"unicode/utf8"
)

// FuzzParse: any text either fails with a message or parses to a date that
// writes back as text parsing to the same date, and that does not end
// before it starts.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"2019", "2019-12", "2019-12-09", "2024-02-29", "2025-07-28/2025-08-03", "2025-07/2025-08-03",
		"2019-12-09T16:00+01:00", "2019-12-09T16:00:30Z", "2019-12-09T16:00-05:30", "2019-12-09t16:00z",
		"2023-13-01", "0000-00-00", "2023-2-3", "2019-12-09T16:00", "2025/2025", "2019-12-09T16:00+14:59",
		"2019-12-09T16:00-00:00", "1900-01-01/2999-12-31", "/", "2019-12-09T", "2019-12-09T16:00+", "-",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, moment bool) {
		d, err := parse(s, moment)
		if err != nil {
			if err.Error() == "" || !utf8.ValidString(err.Error()) && utf8.ValidString(s) {
				t.Fatalf("parse(%q): unhelpful error %q", s, err)
			}
			if !d.IsZero() {
				t.Fatalf("parse(%q) failed but returned %v", s, d)
			}
			return
		}
		if d.IsZero() {
			t.Fatalf("parse(%q) returned no date and no error", s)
		}
		if !d.End().After(d.Start()) {
			t.Fatalf("parse(%q) = %v, which ends (%v) before it starts (%v)", s, d, d.End(), d.Start())
		}
		again, err := parse(d.String(), moment)
		if err != nil || again != d {
			t.Fatalf("parse(%q) = %v, but its text %q parses to %v, %v", s, d, d.String(), again, err)
		}
	})
}
