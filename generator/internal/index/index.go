// Package index builds the cross-links of a site from its checked entries:
// the timeline of all incidents, one timeline per term (airline, programme,
// supplier, vector, data field, language, year, authority), related
// incidents, backlinks, previous/next along each airline's timeline, the
// "sources disagree" rows, the airlines × data matrix and the regulators'
// and courts' decisions. Where each of them is published is the route
// stage's.
//
// index imports config, content, i18n (numbers for readers) and markdown
// (a body's document, for what it links); it knows nothing of templates, HTTP or files. Everything it
// produces is ordered by a total order, so two builds of the same content
// are identical.
package index

import (
	"cmp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"breachline/generator/internal/config"
	"breachline/generator/internal/content"
	"breachline/generator/internal/date"
	"breachline/generator/internal/markdown"
)

// Kinds of term, in the order pages list them. The kind is also the first
// path segment of a term's pages.
const (
	Airlines    = "airlines"
	Programmes  = "programmes"
	Groups      = "groups"
	Alliances   = "alliances"
	Suppliers   = "suppliers"
	Vectors     = "vectors"
	Data        = "data"
	Languages   = "languages"
	Years       = "years"
	Authorities = "authorities"
)

// TermKinds lists every kind of term.
var TermKinds = []string{Airlines, Programmes, Groups, Alliances, Suppliers, Vectors, Data, Languages, Years, Authorities}

// Incident is an entry with everything the site says about it.
type Incident struct {
	*content.Incident
	Doc *markdown.Doc

	Year       int         // the year of the incident's date, for grouping
	Neighbours []Neighbour // previous/next along each of its airlines' timelines
	Relations  []Relation  // declared and derived, strongest first
	Backlinks  []*Incident // entries that link here or list this one as related
	Disputes   []Dispute
	Pos        int // its place in Index.Incidents (newest first): a key for per-incident tables

	start, end int64 // the date's first instant and the one after its last, in Unix seconds: the timeline order
}

// Neighbour is an incident's place in one airline's timeline.
type Neighbour struct {
	Airline    *Term
	Prev, Next *Incident // older and newer
}

// Relation is a related incident and why.
type Relation struct {
	Incident *Incident
	Reasons  []string // "listed as related", "same programme", "same actor", "same vector"
}

// Term is one airline, programme, group, alliance, supplier, vector, data
// field, language or year, with its incidents, newest first.
type Term struct {
	Kind, Key, Name string
	Incidents       []*Incident
	Members         []string           // groups and alliances: keys of their airlines, in config order
	Via             map[*Incident]bool // airline timelines: incidents that come through the airline's programme
	Exposed         map[string]int     // data key → how many of the term's incidents exposed it (airlines only)
}

// Index is the whole cross-linked site.
type Index struct {
	Config    *config.Config
	Incidents []*Incident          // newest first; not the withdrawn
	Withdrawn []*Incident          // the withdrawn entries, newest first: their pages stay, in no list
	ByID      map[string]*Incident // every entry, the withdrawn too
	Aliases   map[string]string    // an old id → the id of the entry it leads to
	Pages     []*content.Page      // the site's own pages (content/pages), by name
	Terms     map[string][]*Term   // kind → terms in display order
	Decisions []Decision           // every action and court case, newest first
	terms     map[string]map[string]*Term
	airlineAt map[string]int // airline key → its position in Config.Airlines
}

// Build indexes the incidents. docs[i] is the parsed body of incs[i].
func Build(cfg *config.Config, incs []*content.Incident, docs []*markdown.Doc) *Index {
	return BuildFrom(nil, cfg, incs, docs)
}

// BuildFrom is Build, taking from prev (an index of the same config, or nil)
// what an entry alone decides, for each entry prev has in the very same
// version: the preview makes the index again after an edit that moves an
// entry, and all but that entry are as they were.
func BuildFrom(prev *Index, cfg *config.Config, incs []*content.Incident, docs []*markdown.Doc) *Index {
	x := &Index{Config: cfg, ByID: make(map[string]*Incident, len(incs)), terms: map[string]map[string]*Term{}, Terms: map[string][]*Term{}}
	for i, inc := range incs {
		filed := inc.Date.Filed()
		in := &Incident{Incident: inc, Year: int(filed.Year),
			start: filed.Start().Unix(), end: inc.Date.End().Unix()}
		if i < len(docs) {
			in.Doc = docs[i]
		}
		x.ByID[inc.ID] = in
		for _, a := range inc.Aliases {
			if x.Aliases == nil {
				x.Aliases = map[string]string{}
			}
			x.Aliases[a.ID] = inc.ID
		}
		if inc.Withdrawn != nil {
			in.Pos = -1
			x.Withdrawn = append(x.Withdrawn, in)
			continue
		}
		x.Incidents = append(x.Incidents, in)
	}
	slices.SortFunc(x.Incidents, Newer)
	slices.SortFunc(x.Withdrawn, Newer)
	for i, in := range x.Incidents {
		in.Pos = i
	}
	x.airlineAt = make(map[string]int, len(cfg.Airlines))
	for i, a := range cfg.Airlines {
		x.airlineAt[a.Key] = i
	}
	x.vocabularyTerms()
	for _, in := range x.Incidents {
		x.addToTerms(in)
	}
	// Newest first, as x.Incidents: by place there, which is one number to
	// compare (and the lists, filled in that order, mostly are already).
	byPos := func(a, b *Incident) int { return cmp.Compare(a.Pos, b.Pos) }
	for _, kind := range TermKinds {
		for _, t := range x.Terms[kind] {
			if !slices.IsSortedFunc(t.Incidents, byPos) {
				slices.SortFunc(t.Incidents, byPos)
			}
		}
	}
	x.neighbours()
	x.backlinks()
	x.related()
	x.decisions()
	// Each incident's disputes are its own: worked out on every core (they
	// were half of a 10,000-entry index's time, while the other core waited).
	all := slices.Concat(x.Incidents, x.Withdrawn)
	onEveryCore(len(all), func() func(int) {
		return func(i int) {
			in := all[i]
			if p := prev.same(in); p != nil {
				in.Disputes = p.Disputes
			} else {
				in.Disputes = disputes(cfg, in)
			}
		}
	})
	return x
}

// onEveryCore calls, on each of up to GOMAXPROCS workers (one for fewer
// than 128 items), the function worker makes for it, with the next index
// from 0 to n-1 until none is left: per-worker state lives in the closure.
func onEveryCore(n int, worker func() func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(1, n/64)) {
		f := worker()
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}

// same is the incident of x made of the same version of in's entry, or nil.
func (x *Index) same(in *Incident) *Incident {
	if x == nil {
		return nil
	}
	if p := x.ByID[in.ID]; p != nil && p.Incident == in.Incident && p.Doc == in.Doc {
		return p
	}
	return nil
}

// Newer orders incidents newest first: by the start of their date, then the
// end, then id, a total order.
func Newer(a, b *Incident) int {
	return cmp.Or(
		cmp.Compare(b.start, a.start),
		cmp.Compare(b.end, a.end),
		cmp.Compare(a.ID, b.ID),
	)
}

// Added orders incidents as a feed does: the most recently published
// first (the day its entry was first committed), the incident's own date
// deciding between entries published the same day, or that have no such
// day (a build without git).
func Added(a, b *Incident) int {
	return cmp.Or(cmp.Compare(dayOf(b.Published), dayOf(a.Published)), Newer(a, b))
}

// dayOf is a publication day's first instant, 0 for none.
func dayOf(d date.Date) int64 {
	if d.IsZero() {
		return 0
	}
	return d.Start().Unix()
}

// ByAdded is the n incidents of ins (newest first, by Newer) that a feed
// carries: the most recently published. Without publication days it is
// the first n of ins, as they are.
func ByAdded(ins []*Incident, n int) []*Incident {
	if !slices.ContainsFunc(ins, func(in *Incident) bool { return !in.Published.IsZero() }) {
		return ins[:min(n, len(ins))]
	}
	out := slices.SortedStableFunc(slices.Values(ins), Added)
	return out[:min(n, len(out))]
}

func (x *Index) addTerm(kind, key, name string) *Term {
	t := &Term{Kind: kind, Key: key, Name: name}
	if kind == Airlines {
		t.Via = map[*Incident]bool{}
		t.Exposed = map[string]int{}
	}
	if x.terms[kind] == nil {
		x.terms[kind] = map[string]*Term{}
	}
	x.terms[kind][key] = t
	x.Terms[kind] = append(x.Terms[kind], t)
	return t
}

// vocabularyTerms makes a term for every vocabulary entry, in config order,
// so that a term with no incidents still has its page.
func (x *Index) vocabularyTerms() {
	c := x.Config
	for _, v := range c.Airlines {
		x.addTerm(Airlines, v.Key, v.Name)
	}
	for _, v := range c.Programmes {
		x.addTerm(Programmes, v.Key, v.Name)
	}
	for _, v := range c.Groups {
		x.addTerm(Groups, v.Key, v.Name)
	}
	for _, v := range c.Alliances {
		x.addTerm(Alliances, v.Key, v.Name)
	}
	for _, a := range c.Airlines {
		if t := x.terms[Groups][a.Group]; t != nil {
			t.Members = append(t.Members, a.Key)
		}
		if t := x.terms[Alliances][a.Alliance]; t != nil {
			t.Members = append(t.Members, a.Key)
		}
	}
	for _, v := range c.Suppliers {
		x.addTerm(Suppliers, v.Key, v.Name)
	}
	for _, v := range c.Vectors {
		x.addTerm(Vectors, v.Key, v.Name)
	}
	for _, v := range c.Data {
		x.addTerm(Data, v.Key, v.Name)
	}
	for _, v := range c.Languages {
		x.addTerm(Languages, v.Key, v.Name)
	}
	for _, v := range c.Authorities {
		x.addTerm(Authorities, v.Key, v.Name)
	}
	years := map[int]bool{}
	for _, in := range x.Incidents {
		years[in.Year] = true
	}
	keys := make([]int, 0, len(years))
	for y := range years {
		keys = append(keys, y)
	}
	slices.Sort(keys)
	slices.Reverse(keys)
	for _, y := range keys {
		x.addTerm(Years, strconv.Itoa(y), strconv.Itoa(y))
	}
}

// airline returns an airline of the config, or nil.
func (x *Index) airline(key string) *config.Airline {
	if i, ok := x.airlineAt[key]; ok {
		return &x.Config.Airlines[i]
	}
	return nil
}

// Term returns a term, or nil.
func (x *Index) Term(kind, key string) *Term { return x.terms[kind][key] }

func (x *Index) addToTerms(in *Incident) {
	add := func(kind, key string) *Term {
		t := x.terms[kind][key]
		// Incidents are added one at a time, so a repeat (an airline both
		// named and reached through its programme) can only be the last one:
		// searching the whole list made a large site quadratic.
		if t != nil && (len(t.Incidents) == 0 || t.Incidents[len(t.Incidents)-1] != in) {
			t.Incidents = append(t.Incidents, in)
		}
		return t
	}
	for _, a := range in.Airlines {
		if t := add(Airlines, a); t != nil {
			for _, d := range in.DataOf(a).Exposed { // an airline's own notice, in a supplier's breach
				t.Exposed[d]++
			}
		}
	}
	// A group's and an alliance's timelines hold the incidents that name
	// one of their airlines (not those that only reach it through its
	// programme). Terms are filled one incident at a time, so add skips an
	// incident that names two members.
	for _, key := range in.Airlines {
		if a := x.airline(key); a != nil {
			if a.Group != "" {
				add(Groups, a.Group)
			}
			if a.Alliance != "" {
				add(Alliances, a.Alliance)
			}
		}
	}
	for _, p := range in.Programmes() {
		add(Programmes, p)
		// An airline's timeline shows its programme's incidents too, marked.
		for _, a := range x.Config.Airlines {
			if a.Programme != p || slices.Contains(in.Airlines, a.Key) {
				continue
			}
			if t := add(Airlines, a.Key); t != nil {
				t.Via[in] = true
			}
		}
	}
	if in.Supplier != "" {
		add(Suppliers, in.Supplier)
	}
	add(Vectors, in.Vector)
	for _, d := range in.Exposed() {
		add(Data, d)
	}
	for _, l := range in.Languages() {
		add(Languages, l)
	}
	for _, a := range in.Actions {
		add(Authorities, a.Authority)
	}
	for _, c := range in.Cases {
		add(Authorities, c.Court)
	}
	add(Years, strconv.Itoa(in.Year))
}

// End is the instant after the incident's date's last, in Unix seconds:
// Date.End(), worked out once by BuildFrom (and here for an Incident made
// otherwise, or one that ends at the epoch, where it is the same).
func (in *Incident) End() int64 {
	if in.end == 0 {
		return in.Date.End().Unix()
	}
	return in.end
}

// Programmes lists the programmes an incident involves: its own, then its
// notices', once each.
func (in *Incident) Programmes() []string {
	var out []string
	if in.Programme != "" {
		out = append(out, in.Programme)
	}
	for _, n := range in.Notices {
		if n.Programme != "" && !slices.Contains(out, n.Programme) {
			out = append(out, n.Programme)
		}
	}
	return out
}

// Exposed lists the data fields an incident exposed: its own, then its
// notices', once each.
func (in *Incident) Exposed() []string {
	if len(in.Notices) == 0 {
		return in.Data.Exposed
	}
	out := slices.Clone(in.Data.Exposed)
	for _, n := range in.Notices {
		for _, d := range n.Data.Exposed {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// Languages lists the languages of an incident's sources, once each, in order.
func (in *Incident) Languages() []string {
	var out []string
	for _, s := range in.Sources {
		if !slices.Contains(out, s.Language) {
			out = append(out, s.Language)
		}
	}
	return out
}

func (x *Index) neighbours() {
	for _, t := range x.Terms[Airlines] {
		for i, in := range t.Incidents {
			if !slices.Contains(in.Airlines, t.Key) {
				continue // through the programme only: not this airline's own neighbour
			}
			n := Neighbour{Airline: t}
			if i+1 < len(t.Incidents) {
				n.Prev = t.Incidents[i+1]
			}
			if i > 0 {
				n.Next = t.Incidents[i-1]
			}
			in.Neighbours = append(in.Neighbours, n)
		}
	}
	for _, in := range x.Incidents {
		order := map[string]int{}
		for i, a := range in.Airlines {
			order[a] = i
		}
		slices.SortFunc(in.Neighbours, func(a, b Neighbour) int { return order[a.Airline.Key] - order[b.Airline.Key] })
	}
}

func (x *Index) backlinks() {
	for _, in := range x.Incidents {
		targets := map[string]bool{}
		for _, r := range in.Incident.Related {
			targets[r.ID] = true
		}
		if in.Doc != nil {
			for _, l := range in.Doc.Links {
				if id, ok := strings.CutPrefix(l.Dest, markdown.IncidentScheme); ok {
					targets[id] = true
				}
			}
		}
		for id := range targets {
			if t := x.ByID[id]; t != nil && t != in {
				t.Backlinks = append(t.Backlinks, in)
			}
		}
	}
	for _, in := range x.Incidents {
		slices.SortFunc(in.Backlinks, Newer)
	}
}

// MaxRelated caps the derived related incidents shown on a page.
const MaxRelated = 6

// related combines declared relations with shared programme, actor or
// vector, strongest first.
func (x *Index) related() {
	byActor := map[string][]*Incident{}
	for _, in := range x.Incidents {
		for _, a := range in.Actors {
			byActor[a.Name] = append(byActor[a.Name], in)
		}
	}
	type candidate struct {
		in      *Incident
		score   int
		reasons []string
	}
	// Each incident's relations are its own: on every core, each worker
	// with its candidates' slice and its table of reasons (most incidents
	// share a few combinations of reasons: one slice each).
	onEveryCore(len(x.Incidents), func() func(int) {
		shared := map[string][]string{}
		var cands []candidate // reused: an incident has a few dozen candidates at most
		return func(i int) {
			in := x.Incidents[i]
			cands = cands[:0]
			add := func(o *Incident, weight int, why string) {
				if o == in {
					return
				}
				for i := range cands {
					if c := &cands[i]; c.in == o {
						if !slices.Contains(c.reasons, why) {
							c.score += weight
							c.reasons = append(c.reasons, why)
						}
						return
					}
				}
				cands = append(cands, candidate{in: o, score: weight, reasons: []string{why}})
			}
			for _, r := range in.Incident.Related {
				if o := x.ByID[r.ID]; o != nil {
					add(o, 100, "listed as related")
				}
			}
			for _, o := range in.Backlinks {
				if slices.ContainsFunc(o.Incident.Related, func(r content.Ref) bool { return r.ID == in.ID }) {
					add(o, 100, "listed as related")
				}
			}
			if in.Programme != "" {
				for _, o := range nearest(x.terms[Programmes][in.Programme], in) {
					add(o, 10, "same programme")
				}
			}
			for _, a := range in.Actors {
				for _, o := range nearestOf(byActor[a.Name], in) {
					add(o, 10, "same actor: "+a.Name)
				}
			}
			for _, o := range nearest(x.terms[Vectors][in.Vector], in) {
				add(o, 5, "same vector")
			}
			slices.SortFunc(cands, func(a, b candidate) int {
				return cmp.Or(b.score-a.score, Newer(a.in, b.in))
			})
			// Declared relations always show; derived ones are capped.
			keep := 0
			for i, c := range cands {
				if c.score >= 100 || i < MaxRelated {
					keep = i + 1
				}
			}
			if keep > 0 {
				in.Relations = make([]Relation, keep)
			}
			for i, c := range cands[:keep] {
				k := strings.Join(c.reasons, "\x00")
				r, ok := shared[k]
				if !ok {
					r = slices.Clip(c.reasons)
					shared[k] = r
				}
				in.Relations[i] = Relation{Incident: c.in, Reasons: r}
			}
		}
	})
}

// nearest returns up to MaxRelated incidents of a term nearest in time to in
// (the term's incidents are newest first), without scanning a large term.
func nearest(t *Term, in *Incident) []*Incident {
	if t == nil {
		return nil
	}
	return nearestOf(t.Incidents, in)
}

// nearestOf is nearest for a list of incidents, newest first.
func nearestOf(ins []*Incident, in *Incident) []*Incident {
	i, _ := slices.BinarySearchFunc(ins, in, Newer)
	lo, hi := max(0, i-MaxRelated/2), min(len(ins), i+MaxRelated/2+1)
	return ins[lo:hi]
}

// Matrix is the airlines × data fields table: which data each airline's
// own incidents exposed, and how often.
type Matrix struct {
	Fields []*Term
	Rows   []MatrixRow
}

// MatrixRow is one airline's row.
type MatrixRow struct {
	Airline *Term
	Cells   []int // per field: how many of the airline's incidents exposed it
}

// Matrix is the index's airlines × data fields table: the data fields some
// incident exposed, and the airlines whose own incidents exposed one.
func (x *Index) Matrix() *Matrix {
	m := &Matrix{}
	for _, f := range x.Terms[Data] {
		if len(f.Incidents) > 0 {
			m.Fields = append(m.Fields, f)
		}
	}
	for _, a := range x.Terms[Airlines] {
		if len(a.Exposed) == 0 {
			continue
		}
		row := MatrixRow{Airline: a}
		for _, f := range m.Fields {
			row.Cells = append(row.Cells, a.Exposed[f.Key])
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

// Placement is what places an incident in an index: what the order of
// timelines, its terms, the matrix, relations, neighbours and backlinks are
// made of (its id and date, airlines, programme, supplier, vector, the data
// exposed, its sources' languages, actors, related ids, the incidents its
// body links to, whether it is withdrawn and its old ids). Two versions of an entry with the same placement take the
// same places; anything else of an entry (its title, body, the words of its
// sources) is only shown.
func Placement(inc *content.Incident, doc *markdown.Doc) string {
	var b strings.Builder
	w := func(parts ...string) {
		for _, s := range parts {
			b.WriteString(s)
			b.WriteByte(0)
		}
		b.WriteByte(1)
	}
	w(inc.ID, inc.Date.String(), inc.Programme, inc.Supplier, inc.Vector)
	w(inc.Airlines...)
	w(inc.Data.Exposed...)
	for _, n := range inc.Notices {
		w(n.Airline, n.Programme)
		w(n.Data.Exposed...)
	}
	for _, a := range inc.Actions {
		w(a.Authority, a.Action, a.Date.String(), a.Currency, strconv.FormatInt(a.Amount, 10))
	}
	for _, c := range inc.Cases {
		w(c.Court, c.Kind, c.Filed.String(), c.Status)
	}
	for _, s := range inc.Sources {
		b.WriteString(s.Language)
		b.WriteByte(0)
	}
	b.WriteByte(1)
	for _, r := range inc.Related {
		w(r.ID)
	}
	for _, a := range inc.Actors {
		w(a.Name)
	}
	// Withdrawn or not, and the old ids: which lists it is in, and which
	// files lead to it.
	w(strconv.FormatBool(inc.Withdrawn != nil))
	for _, a := range inc.Aliases {
		w(a.ID)
	}
	if doc != nil {
		for _, l := range doc.Links {
			if strings.HasPrefix(l.Dest, markdown.IncidentScheme) {
				w(l.Dest)
			}
		}
	}
	return b.String()
}
