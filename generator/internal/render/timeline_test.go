package render

import (
	"fmt"
	"strings"
	"testing"

	"breachline/generator/internal/content"
	"breachline/generator/internal/date"
	"breachline/generator/internal/index"
)

func incidentsAt(t *testing.T, dates ...string) []*index.Incident {
	t.Helper()
	var ins []*index.Incident
	for i, s := range dates {
		d, err := date.ParseWhen(s)
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, &index.Incident{Incident: &content.Incident{ID: fmt.Sprintf("i%d", i), Title: "T", Date: date.When{Date: d}}, Year: int(d.Filed().Year)})
	}
	return ins
}

func link(p string) string { return "/" + p }

// One mark per incident, in lanes that never overlap; ticks from the
// oldest year to the year after the newest. Only a duration is a bar, as
// long as it lasted; a date known to its month or year, or a window, is a
// dashed window over that span; a day is a point; "on or before" a point
// with a tail.
func TestTimelineMarks(t *testing.T) {
	if Timeline(nil, link, English) != nil {
		t.Error("an empty timeline is drawn")
	}
	ins := incidentsAt(t, "2021-01-21/2021-02-11", "2023-01", "2023-01-15", "2019", "2019-12-09", "..2021-03-01", "2021-01..2021-02-24", "2025-07-28/2025-08-03")
	s := Timeline(ins, link, English)
	if len(s.Marks) != len(ins) || s.Width != svgWidth || s.Height <= svgTop {
		t.Fatalf("%d marks, %d×%d", len(s.Marks), s.Width, s.Height)
	}
	if len(s.Ticks) != 2025-2019+2 || s.Ticks[0].Label != "2019" || s.Ticks[len(s.Ticks)-1].Label != "2026" {
		t.Errorf("ticks %+v", s.Ticks)
	}
	yearW := s.Ticks[1].X - s.Ticks[0].X
	var year *SVGMark
	for i, m := range s.Marks {
		if m.W < svgMinW || m.X < svgMargin || m.X+m.W > svgWidth-svgMargin+0.1 {
			t.Errorf("mark %d out of the axis: %+v", i, m)
		}
		if m.URL == "/incidents/i3/" {
			year = &s.Marks[i]
		}
		for _, o := range s.Marks[:i] {
			if o.Y == m.Y && o.X < m.X+m.W && m.X < o.X+o.W {
				t.Errorf("marks overlap in a lane: %+v and %+v", o, m)
			}
		}
	}
	if year == nil || year.W < yearW-0.5 || year.W > yearW+0.5 || !strings.HasPrefix(year.Label, "2019: ") {
		t.Errorf("the year-precise mark %+v; a year is %.1f wide", year, yearW)
	}
	want := map[string]string{"i0": MarkBar, "i1": MarkWindow, "i2": MarkPoint, "i3": MarkWindow, "i4": MarkPoint, "i5": MarkBefore, "i6": MarkWindow, "i7": MarkPoint}
	for _, m := range s.Marks {
		id := strings.Trim(strings.TrimPrefix(m.URL, "/incidents/"), "/")
		if m.Kind != want[id] {
			t.Errorf("%s is drawn as %q, want %q: %+v", id, m.Kind, want[id], m)
		}
		switch id {
		case "i0": // 21 days: a bar of 21 days
			if days := m.W / yearW * 365; days < 20 || days > 22 {
				t.Errorf("a 21-day duration is a bar of %.1f days", days)
			}
		case "i7": // 7 days, too short for a bar: a point, not a longer bar
			if m.CX < m.X || m.CX > m.X+m.W {
				t.Errorf("a short duration: %+v", m)
			}
		case "i5":
			if m.CX != m.X+m.W || !strings.HasPrefix(m.Label, "on or before 1 March 2021: ") {
				t.Errorf("on or before: %+v", m)
			}
		case "i6":
			if !strings.HasPrefix(m.Label, "between January 2021 and 24 February 2021: ") {
				t.Errorf("a window: %+v", m)
			}
		}
	}
}

// Beyond MaxMarks, one bar a year, the tallest svgBars high, each linking
// to its year's page and saying how many.
func TestTimelineHistogram(t *testing.T) {
	var dates []string
	for i := range MaxMarks + 1 {
		if i%3 == 0 {
			dates = append(dates, "2020-05")
		} else {
			dates = append(dates, "2018")
		}
	}
	s := Timeline(incidentsAt(t, dates...), link, English)
	if len(s.Marks) != 2 {
		t.Fatalf("%d bars, want 2", len(s.Marks))
	}
	old, recent := s.Marks[0], s.Marks[1]
	if old.URL != "/years/2018/" || old.H != svgBars || old.Label != "2018: 134 incidents" {
		t.Errorf("2018's bar %+v", old)
	}
	if recent.URL != "/years/2020/" || recent.H >= old.H || recent.Label != "2020: 67 incidents" || recent.Y+recent.H != old.Y+old.H {
		t.Errorf("2020's bar %+v", recent)
	}
}
