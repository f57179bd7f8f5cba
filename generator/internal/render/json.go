package render

// The machine-readable files: the JSON export of all incidents and of each,
// the search index, and the JSON Schemas of entries and config.yaml.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"time"
	"unsafe"

	"breachline/generator/internal/content"
	"breachline/generator/internal/date"
	"breachline/generator/internal/index"
	"breachline/generator/internal/reference"
	"breachline/generator/internal/route"
)

// schema writes the JSON Schema of entries or of config.yaml, for editors.
func (r *Renderer) schema(b *bytes.Buffer, incident bool) error {
	inc, cfg, err := reference.Schemas(r.x.Config, r.AbsURL)
	if incident {
		b.Write(inc)
	} else {
		b.Write(cfg)
	}
	return err
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
	Basis     APIBasis        `json:"basis"`
	Status    string          `json:"status"`
	Actors    []content.Actor `json:"actors"`
	Affected  []content.Count `json:"affected"`
	Exposed   []string        `json:"data_exposed"`
	NotExp    []string        `json:"data_not_exposed"`
	Period    *APIDate        `json:"data_period,omitempty"`
	Notices   []APINotice     `json:"notices"`
	Actions   []APIAction     `json:"actions"`
	Cases     []APICase       `json:"cases"`
	Sources   []APISource     `json:"sources"`
	Timeline  []APIEvent      `json:"timeline"`
	Related   []string        `json:"related"`
	Aliases   []string        `json:"aliases,omitempty"`     // ids it was published under before
	Corrected []APICorrection `json:"corrections,omitempty"` // corrections of the published entry, oldest first
	Withdrawn *APIWithdrawal  `json:"withdrawn,omitempty"`   // set for a withdrawn entry
	Published string          `json:"published,omitempty"`   // the day it was first published, from git
	Changed   string          `json:"changed,omitempty"`     // the day it last changed, from git
	VERIS     string          `json:"veris"`                 // the file of its year's VERIS 1.4 records, where its incident_id is its id
	Body      string          `json:"body_markdown,omitempty"`
	err       error           // reading the body back
}

// APICorrection is one correction of a published entry.
type APICorrection struct {
	Date    APIDate `json:"date"`
	Field   string  `json:"field,omitempty"`
	Was     string  `json:"was,omitempty"`
	Summary string  `json:"summary"`
}

// APIWithdrawal is when and why an entry was withdrawn.
type APIWithdrawal struct {
	Date        APIDate `json:"date"`
	Reason      string  `json:"reason"`
	DuplicateOf string  `json:"duplicate_of,omitempty"`
}

// APIBasis says how the vector and the programme's involvement are known:
// as stated (by the operator), reported, suspected, not-established.
type APIBasis struct {
	Vector    content.Fact  `json:"vector"`
	Programme *content.Fact `json:"programme,omitempty"`
}

// APINotice is what one airline said of a supplier's breach; its facts
// rest on the sources whose claims are about its airline.
type APINotice struct {
	Airline   string          `json:"airline"`
	Programme string          `json:"programme,omitempty"`
	Date      *APIDate        `json:"date,omitempty"`
	Disclosed *APIDate        `json:"disclosed,omitempty"`
	Affected  []content.Count `json:"affected"`
	Exposed   []string        `json:"data_exposed"`
	NotExp    []string        `json:"data_not_exposed"`
	Period    *APIDate        `json:"data_period,omitempty"`
}

// APIAction is what an authority did about an incident (the export's
// "actions"): amount in whole units of the ISO 4217 currency; sources are
// the 1-based numbers of the incident's sources.
type APIAction struct {
	Authority string  `json:"authority"`
	Action    string  `json:"action"`
	Date      APIDate `json:"date"`
	Amount    int64   `json:"amount,omitempty"`
	Currency  string  `json:"currency,omitempty"`
	Reference string  `json:"reference,omitempty"`
	Summary   string  `json:"summary"`
	Sources   []int   `json:"sources"`
}

// APICase is a court case about an incident.
type APICase struct {
	Court    string   `json:"court"`
	Kind     string   `json:"kind"`
	Title    string   `json:"title"`
	Number   string   `json:"number,omitempty"`
	Filed    APIDate  `json:"filed"`
	Status   string   `json:"status"`
	Decided  *APIDate `json:"decided,omitempty"`
	Amount   int64    `json:"amount,omitempty"`
	Currency string   `json:"currency,omitempty"`
	Summary  string   `json:"summary"`
	Sources  []int    `json:"sources"`
}

// APIDate is a partial date: as written, and the span it covers. Form says
// what the span means: a date at its precision ("point"), how long it
// lasted ("duration") or when, within it, it happened ("window"; an open
// window, on or before End, has no start).
type APIDate struct {
	Value string `json:"value"`
	Form  string `json:"form,omitempty"`
	Start string `json:"start,omitempty"`
	End   string `json:"end"` // exclusive
}

// APISource is a source in the JSON export.
type APISource struct {
	Publisher   string         `json:"publisher"`
	Title       string         `json:"title"`
	URL         string         `json:"url,omitempty"`
	ReadAt      string         `json:"read_at,omitempty"`
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
	a := APIDate{Value: d.String(), Form: "point", End: d.End().Format(time.RFC3339)}
	switch {
	case d.IsWindow():
		a.Form = "window"
	case d.IsInterval():
		a.Form = "duration"
	}
	if !d.OpenStart() {
		a.Start = d.Start().Format(time.RFC3339)
	}
	return a
}

// optDate is a date for the export, or nil when it is not set.
func optDate(d date.Date) *APIDate {
	if d.IsZero() {
		return nil
	}
	a := apiDate(d)
	return &a
}

// fact is how a fact is known, "stated" when the entry leaves it out.
func fact(f content.Fact) content.Fact {
	if f.As == "" {
		f.As = "stated"
	}
	return f
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (r *Renderer) api(in *index.Incident, body bool) APIIncident {
	var a APIIncident
	r.apiInto(&a, in, body)
	return a
}

// apiInto is api into a, whose list of sources, a list's last record's,
// takes the next one's: an export encodes each incident twice, and its
// sources are most of what a record allocates.
func (r *Renderer) apiInto(a *APIIncident, in *index.Incident, body bool) {
	sources := a.Sources[:0]
	*a = APIIncident{
		ID: in.ID, URL: r.AbsURL(route.Incident(in.ID)), Title: in.Title, Date: apiDate(in.Date.Date),
		Airlines: nonNil(in.Airlines), Programme: in.Programme, Supplier: in.Supplier, Vector: in.Vector, Status: in.Status,
		Actors: nonNil(in.Actors), Affected: nonNil(in.Affected),
		Exposed: nonNil(in.Data.Exposed), NotExp: nonNil(in.Data.NotExposed),
		Sources: []APISource{}, Timeline: []APIEvent{}, Related: []string{},
	}
	if !in.Disclosed.IsZero() {
		d := apiDate(in.Disclosed)
		a.Disclosed = &d
	}
	a.Period = optDate(in.Data.Period)
	a.VERIS = r.routes.AbsRoot(route.VERISYear(in.Year))
	if !in.Published.IsZero() {
		a.Published = in.Published.String()
	}
	if !in.Changed.IsZero() {
		a.Changed = in.Changed.String()
	}
	for _, al := range in.Aliases {
		a.Aliases = append(a.Aliases, al.ID)
	}
	for _, c := range in.Corrections {
		a.Corrected = append(a.Corrected, APICorrection{Date: apiDate(c.Date), Field: c.Field, Was: c.Was, Summary: c.Summary})
	}
	if w := in.Withdrawn; w != nil {
		a.Withdrawn = &APIWithdrawal{Date: apiDate(w.Date), Reason: w.Reason, DuplicateOf: w.Of.ID}
	}
	a.Basis.Vector = fact(in.Basis.Vector)
	if len(in.Programmes()) > 0 {
		f := fact(in.Basis.Programme)
		a.Basis.Programme = &f
	}
	a.Actions, a.Cases = []APIAction{}, []APICase{}
	for _, x := range in.Actions {
		a.Actions = append(a.Actions, APIAction{Authority: x.Authority, Action: x.Action, Date: apiDate(x.Date), Amount: x.Amount, Currency: x.Currency,
			Reference: x.Reference, Summary: x.Summary, Sources: nonNil(x.Sources)})
	}
	for _, c := range in.Cases {
		a.Cases = append(a.Cases, APICase{Court: c.Court, Kind: c.Kind, Title: c.Title, Number: c.Number, Filed: apiDate(c.Filed), Status: c.Status,
			Decided: optDate(c.Decided), Amount: c.Amount, Currency: c.Currency, Summary: c.Summary, Sources: nonNil(c.Sources)})
	}
	a.Notices = []APINotice{}
	for _, n := range in.Notices {
		a.Notices = append(a.Notices, APINotice{Airline: n.Airline, Programme: n.Programme, Date: optDate(n.Date.Date), Disclosed: optDate(n.Disclosed),
			Affected: nonNil(n.Affected), Exposed: nonNil(n.Data.Exposed), NotExp: nonNil(n.Data.NotExposed), Period: optDate(n.Data.Period)})
	}
	if n := len(in.Sources); n > 0 {
		a.Sources = sources
		if cap(sources) < n {
			a.Sources = make([]APISource, 0, max(n, 4)) // one allocation, not one a doubling
		}
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
		a.Sources = append(a.Sources, APISource{Publisher: s.Publisher, Title: s.Title, URL: string(s.URL), ReadAt: string(s.ReadAt), Language: s.Language, Published: pub, Reliability: rel, Note: s.Note, Claims: c})
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
}

func marshal(b *bytes.Buffer, v any) error {
	return json.NewEncoder(b).Encode(v)
}

// apiAll is page n (from 1) of the export of every incident:
// route.ExportPageSize incidents, newest first, and on the first page the
// withdrawn entries and the aliases.
func (r *Renderer) apiAll(n int, b *bytes.Buffer) error {
	all := r.x.Incidents
	pages := route.ExportPages(len(all))
	if n < 1 || n > pages {
		return fmt.Errorf("render: the export has no page %d of %d", n, pages)
	}
	size := max(1, route.ExportPageSize)
	pg := exportPage{n: n, pages: pages}
	if n > 1 {
		pg.prev = r.routes.AbsRoot(route.ExportPage(n - 1))
	}
	if n < pages {
		pg.next = r.routes.AbsRoot(route.ExportPage(n + 1))
	}
	return r.exportOf(b, len(all), all[min((n-1)*size, len(all)):min(n*size, len(all))], pg, n == 1, nil)
}

// exportPage is where a file of the export stands among its pages; the
// links are absolute URLs, "" where there is none.
type exportPage struct {
	n, pages   int
	prev, next string
}

// exportOf writes one file of the export (APIExport): incidents ins, of
// count in all, on the page pg says, and with all the withdrawn entries
// and the aliases when all is set.
//
// each, if not nil, is given every incident of ins with its JSON as written
// (what the incident's own file holds but its Markdown), before the next.
func (r *Renderer) exportOf(b *bytes.Buffer, count int, ins []*index.Incident, pg exportPage, all bool, each func(*index.Incident, []byte) error) error {
	// Written an incident at a time, as encoding/json would write the whole
	// {title, count, incidents} object: no list of every incident in memory.
	title, err := json.Marshal(r.x.Config.Title)
	if err != nil {
		return err
	}
	b.Grow(min(len(ins), 32) * 1500)
	fmt.Fprintf(b, `{"schema_version":%q,"title":%s,"count":%d,"page":%d,"pages":%d`, APIVersion, title, count, pg.n, pg.pages)
	for _, l := range []struct{ name, url string }{{"prev", pg.prev}, {"next", pg.next}} {
		if l.url != "" {
			u, err := json.Marshal(l.url)
			if err != nil {
				return err
			}
			fmt.Fprintf(b, `,%q:%s`, l.name, u)
		}
	}
	b.WriteString(`,"incidents":[`)
	if err := r.exportList(b, ins, each); err != nil {
		return err
	}
	b.WriteByte(']')
	if !all {
		b.WriteString("}\n")
		return nil
	}
	// Withdrawn entries, and the old ids that lead to an entry, only where
	// there are any: a reader keeps the ids it has.
	if len(r.x.Withdrawn) > 0 {
		b.WriteString(`,"withdrawn":[`)
		if err := r.exportList(b, r.x.Withdrawn, nil); err != nil {
			return err
		}
		b.WriteByte(']')
	}
	if len(r.x.Aliases) > 0 {
		al, err := json.Marshal(r.x.Aliases) // sorted by key
		if err != nil {
			return err
		}
		b.WriteString(`,"aliases":`)
		b.Write(al)
	}
	b.WriteString("}\n")
	return nil
}

// exportList writes the JSON of each incident of ins as the export has it
// (appendJSON), comma-separated, and gives it to each, when not nil,
// before the next. Once the first incidents show how long one is, b grows
// once for the rest, as in jsonList.
func (r *Renderer) exportList(b *bytes.Buffer, ins []*index.Incident, each func(*index.Incident, []byte) error) error {
	start := b.Len()
	var a APIIncident
	for i, in := range ins {
		listItem(b, start, i, len(ins))
		at := b.Len()
		r.apiInto(&a, in, false)
		b.Write(a.appendJSON(b.AvailableBuffer()))
		if each != nil {
			if err := each(in, b.Bytes()[at:]); err != nil {
				return err
			}
		}
	}
	return nil
}

// aliasJSON is the JSON at an old id: where the entry is now.
func (r *Renderer) aliasJSON(a *route.Alias, b *bytes.Buffer) error {
	return marshal(b, APIAlias{a.From, a.To, r.AbsURL(route.Incident(a.To)), r.routes.AbsRoot(route.IncidentJSON(a.To))})
}

// jsonArray writes the JSON array of v of each item and a newline, as an
// Encoder writes a slice, but a record at a time (jsonList): no slice of
// every record, and a buffer grown once. v's first error is returned.
func jsonArray[T, R any](b *bytes.Buffer, items []T, v func(T) (R, error)) error {
	var err error
	b.WriteByte('[')
	if e := jsonList(b, items, func(it T) any {
		rec, e := v(it)
		if e != nil && err == nil {
			err = e
		}
		return rec
	}); e != nil {
		return e
	}
	if err != nil {
		return err
	}
	b.WriteString("]\n")
	return nil
}

// jsonList writes the JSON of each item, comma-separated.
// An Encoder writes into b as it goes, where Marshal would return a copy.
// Once the first items show how long one is, b grows once for all the
// rest (and an eighth more), rather than doubling and copying as it fills.
func jsonList[T any](b *bytes.Buffer, items []T, v func(T) any) error {
	enc := json.NewEncoder(b)
	start := b.Len()
	for i, it := range items {
		listItem(b, start, i, len(items))
		rec := v(it)
		if a, ok := rec.(jsonAppender); ok {
			b.Write(a.appendJSON(b.AvailableBuffer()))
			continue
		}
		if err := enc.Encode(rec); err != nil {
			return err
		}
		b.Truncate(b.Len() - 1) // the newline Encode ends with
	}
	return nil
}

// listItem begins item i of n of a list that started at start in b: a
// comma before all but the first, and, once the first listSample items
// show how long one is, room for the rest grown once (an eighth more).
func listItem(b *bytes.Buffer, start, i, n int) {
	if i == listSample && n > 2*listSample {
		b.Grow((b.Len() - start) / listSample * (n - listSample) * 9 / 8)
	}
	if i > 0 {
		b.WriteByte(',')
	}
}

const listSample = 32

// jsonAppender is a record that appends its JSON itself, as Marshal would
// write it (see jsonenc.go).
type jsonAppender interface{ appendJSON([]byte) []byte }

// apiOneFrom writes an incident's own file from enc, its JSON as the export
// has it, and its Markdown: what apiOne writes, encoding the rest again.
// TestAPIOneFrom holds the two the same.
func (r *Renderer) apiOneFrom(in *index.Incident, enc []byte, b *bytes.Buffer) error {
	var body string
	if in.Body != nil || in.Markdown.Len() == 0 {
		body = string(in.Body)
	} else {
		md := markdownBuffers.Get().(*bytes.Buffer)
		defer markdownBuffers.Put(md)
		md.Reset()
		if err := r.blobs.AppendTo(md, in.Markdown); err != nil {
			return err
		}
		body = unsafe.String(unsafe.SliceData(md.Bytes()), md.Len()) // done with before md goes back
	}
	if body == "" { // omitted, as APIIncident's Body is when empty
		b.Write(enc)
		b.WriteByte('\n')
		return nil
	}
	b.Grow(len(enc) + len(body) + len(body)/8 + 32)
	b.Write(enc[:len(enc)-1]) // all but the closing brace
	b.WriteString(`,"body_markdown":`)
	b.Write(jsonString(b.AvailableBuffer(), body))
	b.WriteString("}\n")
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
