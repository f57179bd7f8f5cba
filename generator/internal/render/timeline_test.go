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
		d, err := date.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		ins = append(ins, &index.Incident{Incident: &content.Incident{ID: fmt.Sprintf("i%d", i), Title: "T", Date: d}, Year: int(d.From.Year)})
	}
	return ins
}

func link(p string) string { return "/" + p }

// One mark per incident, as wide as its date's precision, in lanes that
// never overlap; ticks from the oldest year to the year after the newest.
func TestTimelineMarks(t *testing.T) {
	if Timeline(nil, link) != nil {
		t.Error("an empty timeline is drawn")
	}
	ins := incidentsAt(t, "2025-07-28/2025-08-03", "2023-01", "2023-01-15", "2019", "2019-12-09")
	s := Timeline(ins, link)
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
	s := Timeline(incidentsAt(t, dates...), link)
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
