package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"breachline/generator/internal/content"
	"breachline/generator/internal/date"
	"breachline/generator/internal/index"
	"breachline/generator/internal/route"
)

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Link       atomLink       `xml:"link"`
	Summary    string         `xml:"summary,omitempty"`
	Content    atomContent    `xml:"content"`
	Categories []atomCategory `xml:"category"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// updated is the newest date an incident carries, as an Atom timestamp.
// It comes from the content, never from the clock, so builds repeat.
func updated(in *index.Incident) time.Time {
	t := in.Date.Start()
	if !in.Disclosed.IsZero() && in.Disclosed.Start().After(t) {
		t = in.Disclosed.Start()
	}
	return t
}

func (r *Renderer) feed(fd *route.Feed, b *bytes.Buffer) error {
	f := atomFeed{
		ID:    r.AbsURL(fd.Page),
		Title: fd.Title,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: r.AbsURL(fd.Path)},
			{Rel: "alternate", Type: "text/html", Href: r.AbsURL(fd.Page)},
		},
		Author: atomAuthor{Name: r.x.Config.Title + " contributors"},
	}
	var newest time.Time
	for i, in := range fd.Incidents {
		if u := updated(in); u.After(newest) {
			newest = u
		}
		if i >= route.FeedSize {
			continue
		}
		body, err := r.body(in)
		if err != nil {
			return err
		}
		summary, err := r.summary(in)
		if err != nil {
			return err
		}
		e := atomEntry{
			ID:      r.AbsURL(IncidentPath(in.ID)),
			Title:   in.Title,
			Updated: updated(in).Format(time.RFC3339),
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: r.AbsURL(IncidentPath(in.ID))},
			Summary: summary,
			Content: atomContent{Type: "html", Body: string(body)},
		}
		for _, a := range in.Airlines {
			e.Categories = append(e.Categories, atomCategory{Term: a, Label: r.termName(index.Airlines, a)})
		}
		e.Categories = append(e.Categories, atomCategory{Term: in.Vector, Label: r.termName(index.Vectors, in.Vector)})
		f.Entries = append(f.Entries, e)
	}
	if newest.IsZero() {
		newest = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f.Updated = newest.Format(time.RFC3339)
	return encodeXML(b, f)
}

// encodeXML writes an XML document: the declaration, v indented, a newline.
func encodeXML(b *bytes.Buffer, v any) error {
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.WriteByte('\n')
	return nil
}

// APIIncident is an incident in the JSON export. Field names are stable.
type APIIncident struct {
	ID        string          `json:"id"`
	URL       string          `json:"url"`
	Title     string          `json:"title"`
	Date      APIDate         `json:"date"`
	Disclosed *APIDate        `json:"disclosed,omitempty"`
	Airlines  []string        `json:"airlines"`
	Programme string          `json:"programme,omitempty"`
	Supplier  string          `json:"supplier,omitempty"`
	Vector    string          `json:"vector"`
	Status    string          `json:"status"`
	Actors    []content.Actor `json:"actors"`
	Affected  []content.Count `json:"affected"`
	Exposed   []string        `json:"data_exposed"`
	NotExp    []string        `json:"data_not_exposed"`
	Sources   []APISource     `json:"sources"`
	Timeline  []APIEvent      `json:"timeline"`
	Related   []string        `json:"related"`
	Body      string          `json:"body_markdown,omitempty"`
	err       error           // reading the body back
}

// APIDate is a partial date: as written, and the span it covers.
type APIDate struct {
	Value string `json:"value"`
	Start string `json:"start"`
	End   string `json:"end"` // exclusive
}

// APISource is a source in the JSON export.
type APISource struct {
	Publisher   string         `json:"publisher"`
	Title       string         `json:"title"`
	URL         string         `json:"url,omitempty"`
	Language    string         `json:"language"`
	Published   string         `json:"published,omitempty"`
	Reliability string         `json:"reliability"`
	Note        string         `json:"note,omitempty"`
	Claims      content.Claims `json:"claims"`
}

// APIEvent is a timeline event in the JSON export.
type APIEvent struct {
	At   string `json:"at"`
	What string `json:"what"`
}

func apiDate(d date.Date) APIDate {
	return APIDate{Value: d.String(), Start: d.Start().Format(time.RFC3339), End: d.End().Format(time.RFC3339)}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (r *Renderer) api(in *index.Incident, body bool) APIIncident {
	a := APIIncident{
		ID: in.ID, URL: r.AbsURL(IncidentPath(in.ID)), Title: in.Title, Date: apiDate(in.Date),
		Airlines: nonNil(in.Airlines), Programme: in.Programme, Supplier: in.Supplier, Vector: in.Vector, Status: in.Status,
		Actors: nonNil(in.Actors), Affected: nonNil(in.Affected),
		Exposed: nonNil(in.Data.Exposed), NotExp: nonNil(in.Data.NotExposed),
		Sources: []APISource{}, Timeline: []APIEvent{}, Related: []string{},
	}
	if !in.Disclosed.IsZero() {
		d := apiDate(in.Disclosed)
		a.Disclosed = &d
	}
	for _, s := range in.Sources {
		rel := s.Reliability
		if rel == "" {
			rel = "high"
		}
		c := s.Claims
		c.Exposed, c.NotExposed, c.Affected, c.Statements = nonNil(c.Exposed), nonNil(c.NotExposed), nonNil(c.Affected), nonNil(c.Statements)
		pub := ""
		if !s.Published.IsZero() {
			pub = s.Published.String()
		}
		a.Sources = append(a.Sources, APISource{Publisher: s.Publisher, Title: s.Title, URL: string(s.URL), Language: s.Language, Published: pub, Reliability: rel, Note: s.Note, Claims: c})
	}
	for _, e := range in.Timeline {
		a.Timeline = append(a.Timeline, APIEvent{At: e.At.String(), What: e.What})
	}
	for _, rel := range in.Incident.Related {
		a.Related = append(a.Related, rel.ID)
	}
	if body {
		a.Body = string(in.Body)
		if in.Body == nil {
			a.Body, a.err = r.blobs.Get(in.Markdown)
		}
	}
	return a
}

func marshal(b *bytes.Buffer, v any) error {
	return json.NewEncoder(b).Encode(v)
}

func (r *Renderer) apiAll(b *bytes.Buffer) error {
	// Written an incident at a time, as encoding/json would write the whole
	// {title, count, incidents} object: no list of every incident in memory.
	title, err := json.Marshal(r.x.Config.Title)
	if err != nil {
		return err
	}
	b.Grow(len(r.x.Incidents) * 1200)
	fmt.Fprintf(b, `{"title":%s,"count":%d,"incidents":[`, title, len(r.x.Incidents))
	if err := jsonList(b, r.x.Incidents, func(in *index.Incident) any { return r.api(in, false) }); err != nil {
		return err
	}
	b.WriteString("]}\n")
	return nil
}

// jsonList writes the JSON of each item, comma-separated.
// An Encoder writes into b as it goes, where Marshal would return a copy.
func jsonList[T any](b *bytes.Buffer, items []T, v func(T) any) error {
	enc := json.NewEncoder(b)
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := enc.Encode(v(it)); err != nil {
			return err
		}
		b.Truncate(b.Len() - 1) // the newline Encode ends with
	}
	return nil
}

func (r *Renderer) apiOne(in *index.Incident, b *bytes.Buffer) error {
	if in.Body != nil || in.Markdown.Len() == 0 {
		a := r.api(in, true)
		if a.err != nil {
			return a.err
		}
		return marshal(b, a)
	}
	// The Markdown is read back into a reused buffer, not a new string
	// for each incident: the encoder below is done with it before the
	// buffer goes back to the pool.
	md := markdownBuffers.Get().(*bytes.Buffer)
	defer markdownBuffers.Put(md)
	md.Reset()
	if err := r.blobs.AppendTo(md, in.Markdown); err != nil {
		return err
	}
	a := r.api(in, false)
	a.Body = unsafe.String(unsafe.SliceData(md.Bytes()), md.Len())
	return marshal(b, a)
}

var markdownBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// searchEntry is one incident in the search index: what the filters need.
type searchEntry struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	URL       string   `json:"url"`
	Date      string   `json:"date"`
	Human     string   `json:"human"`
	Year      int      `json:"year"`
	Airlines  []string `json:"airlines"`
	Programme string   `json:"programme"`
	Vector    string   `json:"vector"`
	Data      []string `json:"data"`
	Languages []string `json:"languages"`
	Status    string   `json:"status"`
}

func (r *Renderer) searchIndex(b *bytes.Buffer) error {
	b.Grow(len(r.x.Incidents) * 400)
	b.WriteByte('[')
	err := jsonList(b, r.x.Incidents, func(in *index.Incident) any {
		return searchEntry{
			ID: in.ID, Title: in.Title, URL: r.URL(IncidentPath(in.ID)), Date: in.Date.String(), Human: Human(in.Date),
			Year: in.Year, Airlines: nonNil(in.Airlines), Programme: in.Programme, Vector: in.Vector,
			Data: nonNil(in.Data.Exposed), Languages: nonNil(in.Languages()), Status: in.Status,
		}
	})
	b.WriteByte(']')
	return err
}

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc string `xml:"loc"`
}

func (r *Renderer) sitemap(pages []string, b *bytes.Buffer) error {
	s := sitemapURLSet{}
	for _, p := range pages {
		if p == "404/" {
			continue
		}
		s.URLs = append(s.URLs, sitemapURL{Loc: r.AbsURL(p)})
	}
	return encodeXML(b, s)
}

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
		s.Marks = append(s.Marks, SVGMark{X: round(x0), Y: float64(svgTop + lane*svgLane), W: round(w), H: 10, URL: link(IncidentPath(in.ID)), Label: Human(in.Date) + ": " + in.Title})
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
		s.Marks = append(s.Marks, SVGMark{X: round(x0 + 1), Y: svgTop + svgBars - h, W: round(x1 - x0 - 2), H: h, URL: link(TermPath(index.Years, strconv.Itoa(y))), Label: label})
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
