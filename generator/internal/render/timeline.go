package render

// The SVG timeline: the geometry of a timeline chart, which the layouts
// draw.

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"breachline/generator/internal/index"
	"breachline/generator/internal/route"
)

// SVG is the geometry of a visual timeline: one mark per incident, as wide
// as its date's precision (a year-precise date is a year wide), on a shared
// time axis, in lanes so marks do not overlap.
type SVG struct {
	Width, Height int
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
	X, Y, W, H float64
	URL        string
	Label      string
}

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

// Timeline lays out the incidents (newest first) on a time axis.
func Timeline(ins []*index.Incident, link func(string) string) *SVG {
	if len(ins) == 0 {
		return nil
	}
	first, last := int(ins[len(ins)-1].Date.From.Year), ins[0].Year
	for _, in := range ins {
		last = max(last, in.Date.End().Add(-time.Second).Year())
		first = min(first, int(in.Date.From.Year))
	}
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
		return histogram(s, ins, x, link)
	}
	laneEnd := make([]float64, svgLanes)
	lanes := 1
	for i := len(ins) - 1; i >= 0; i-- { // oldest first, so lanes fill left to right
		in := ins[i]
		x0, x1 := x(in.Date.Start()), x(in.Date.End())
		w := max(x1-x0, svgMinW)
		lane := 0
		for lane < svgLanes-1 && laneEnd[lane] > x0 {
			lane++
		}
		laneEnd[lane] = x0 + w + 2
		lanes = max(lanes, lane+1)
		s.Marks = append(s.Marks, SVGMark{X: round(x0), Y: float64(svgTop + lane*svgLane), W: round(w), H: 10, URL: link(route.Incident(in.ID)), Label: Human(in.Date) + ": " + in.Title})
	}
	s.Height = svgTop + lanes*svgLane + 4
	return s
}

// histogram draws one bar per year, as tall as the year has incidents.
func histogram(s *SVG, ins []*index.Incident, x func(time.Time) float64, link func(string) string) *SVG {
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
		label := fmt.Sprintf("%d: %s", y, plural(counts[y], "incident"))
		s.Marks = append(s.Marks, SVGMark{X: round(x0 + 1), Y: svgTop + svgBars - h, W: round(x1 - x0 - 2), H: h, URL: link(route.Term(index.Years, strconv.Itoa(y))), Label: label})
	}
	s.Height = svgTop + svgBars + 4
	return s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

func round(f float64) float64 { return float64(int(f*10+0.5)) / 10 }
