package render

// The SVG timeline: the geometry of a timeline chart, which the layouts
// draw.

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"breachline/generator/internal/date"
	"breachline/generator/internal/index"
	"breachline/generator/internal/route"
)

// SVG is the geometry of a visual timeline: one mark per incident on a
// shared time axis, in lanes so marks do not overlap. Only a duration is
// drawn as a bar, and never longer than it lasted; what is known only to a
// month or a year, or between two dates, is a dashed window; a day is a
// dot; "on or before" a day is a dot with a dashed tail.
type SVG struct {
	Width, Height int
	Histogram     bool // one bar per year, as tall as the year has incidents
	Ticks         []SVGTick
	Marks         []SVGMark
}

// SVGTick is a year on the axis.
type SVGTick struct {
	X     float64
	Label string
}

// SVGMark is one incident, or in a histogram one year's bar.
type SVGMark struct {
	Kind       string // MarkBar, MarkWindow, MarkPoint, MarkBefore; MarkBar for a histogram's bars
	X, Y, W, H float64
	CX, CY     float64 // a point's centre; an "on or before" mark's day
	URL        string
	Label      string
}

// The kinds of mark.
const (
	MarkBar    = "bar"    // a duration: from X to X+W it lasted
	MarkWindow = "window" // at some time between X and X+W
	MarkPoint  = "point"  // on a day (or a moment), at X+W/2
	MarkBefore = "before" // on or before X+W: the tail from X is no length of time
)

const svgTail = 16 // the length of an "on or before" mark's tail

// MaxMarks is the most incidents a timeline chart draws one by one; a
// longer timeline is drawn as a histogram of incidents per year, each bar
// linking to its year's page.
const MaxMarks = 200

const svgBars = 60 // the height of the tallest histogram bar

const (
	svgWidth  = 960
	svgLane   = 14
	svgTop    = 24
	svgLanes  = 8
	svgMinW   = 4
	svgMargin = 20
)

// Labels write a timeline's labels in a page's language: a mark's (its
// incident's date and title) and a year's bar (the year and its count).
type Labels struct {
	Mark func(in *index.Incident) string
	Year func(year, count int) string
}

// English are the labels in English.
var English = Labels{
	Mark: func(in *index.Incident) string { return Human(in.Date.Date) + ": " + in.Title },
	Year: func(y, n int) string { return fmt.Sprintf("%d: %s", y, plural(n, "incident")) },
}

// Timeline lays out the incidents (newest first) on a time axis.
func Timeline(ins []*index.Incident, link func(string) string, labels Labels) *SVG {
	if len(ins) == 0 {
		return nil
	}
	first, last := ins[len(ins)-1].Year, ins[0].Year
	lastEnd := ins[0].End()
	for _, in := range ins {
		lastEnd = max(lastEnd, in.End())
		if !in.Date.OpenStart() {
			first = min(first, int(in.Date.From.Year))
		}
	}
	// The year of the latest last second (a year is never earlier for a
	// later instant): one time value, not one an incident.
	last = max(last, time.Unix(lastEnd, 0).UTC().Add(-time.Second).Year())
	start := time.Date(first, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(last+1, 1, 1, 0, 0, 0, 0, time.UTC)
	span := end.Sub(start).Seconds()
	inner := float64(svgWidth - 2*svgMargin)
	x := func(t time.Time) float64 { return svgMargin + inner*t.Sub(start).Seconds()/span }
	s := &SVG{Width: svgWidth}
	for y := first; y <= last+1; y++ {
		s.Ticks = append(s.Ticks, SVGTick{X: round(x(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))), Label: strconv.Itoa(y)})
	}
	if len(ins) > MaxMarks {
		return histogram(s, ins, x, link, labels)
	}
	laneEnd := make([]float64, svgLanes)
	lanes := 1
	for i := len(ins) - 1; i >= 0; i-- { // oldest first, so lanes fill left to right
		in := ins[i]
		kind, x0, x1 := markOf(in.Date.Date, x)
		w := x1 - x0
		lane := 0
		for lane < svgLanes-1 && laneEnd[lane] > x0 {
			lane++
		}
		laneEnd[lane] = x0 + w + 2
		lanes = max(lanes, lane+1)
		y := float64(svgTop + lane*svgLane)
		cx := (x0 + x1) / 2
		if kind == MarkBefore {
			cx = x1
		}
		s.Marks = append(s.Marks, SVGMark{Kind: kind, X: round(x0), Y: y, W: round(w), H: 10, CX: round(cx), CY: y + 5, URL: link(route.Incident(in.ID)), Label: labels.Mark(in)})
	}
	s.Height = svgTop + lanes*svgLane + 4
	return s
}

// markOf is how a date is drawn, and where: a duration as a bar of its
// length (a dot if that is too short to see), a window or a date known only
// to its month or year as a dashed window over that span, a day as a dot,
// and "on or before" as a dot with a tail.
func markOf(d date.Date, x func(time.Time) float64) (kind string, x0, x1 float64) {
	switch {
	case d.OpenStart():
		end := x(d.To.Start())
		if d.To.Prec < date.Day {
			end = x(d.To.End())
		}
		return MarkBefore, end - svgTail, end
	case d.IsInterval():
		x0, x1 = x(d.Start()), x(d.End())
		if x1-x0 >= svgMinW {
			return MarkBar, x0, x1
		}
	case d.IsWindow() || d.From.Prec < date.Day:
		x0, x1 = x(d.Start()), x(d.End())
		if x1-x0 >= svgMinW {
			return MarkWindow, x0, x1
		}
	default:
		x0, x1 = x(d.Start()), x(d.End())
	}
	mid := (x0 + x1) / 2
	return MarkPoint, mid - svgMinW/2, mid + svgMinW/2
}

// histogram draws one bar per year, as tall as the year has incidents.
func histogram(s *SVG, ins []*index.Incident, x func(time.Time) float64, link func(string) string, labels Labels) *SVG {
	counts := map[int]int{}
	most := 0
	for _, in := range ins {
		counts[in.Year]++
		most = max(most, counts[in.Year])
	}
	years := make([]int, 0, len(counts))
	for y := range counts {
		years = append(years, y)
	}
	slices.Sort(years)
	for _, y := range years {
		x0 := x(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
		x1 := x(time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC))
		h := max(2, round(float64(svgBars*counts[y])/float64(most)))
		label := labels.Year(y, counts[y])
		s.Marks = append(s.Marks, SVGMark{Kind: MarkBar, X: round(x0 + 1), Y: svgTop + svgBars - h, W: round(x1 - x0 - 2), H: h, URL: link(route.Term(index.Years, strconv.Itoa(y))), Label: label})
	}
	s.Height = svgTop + svgBars + 4
	s.Histogram = true
	return s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

func round(f float64) float64 { return float64(int(f*10+0.5)) / 10 }
