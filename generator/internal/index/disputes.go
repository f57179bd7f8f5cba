package index

import (
	"slices"
	"strings"

	"breachline/generator/internal/config"
	"breachline/generator/internal/content"
	"breachline/generator/internal/i18n"
)

// Says is what one source states on one point.
type Says struct {
	Source int   // index into the incident's Sources
	Value  Value // what it says
}

// Value is what one side says on a point, as facts that render writes in
// each language: of a data field, exposed or not (directly, or As a field
// that includes it or that it includes); of the count affected, the counts;
// of another point, the entry's or the source's own words (Text).
type Value struct {
	State  string          // for a data field: "exposed" or "not-exposed"
	As     string          // the data key it is said of, when not the row's own field
	Counts []content.Count // for the count affected
	Text   string          // for a point: words of the entry, in its own language
}

// IsZero reports whether nothing is said.
func (v Value) IsZero() bool { return v.State == "" && len(v.Counts) == 0 && v.Text == "" }

// String is the value in English words, for tests and diagnostics: pages
// write it in their language (Format).
func (v Value) String() string {
	return v.Format(func(c content.Count) string { return FormatCount(c.Count, c.Unit, c.Qualifier) },
		func(state, as string) string {
			s := strings.ReplaceAll(state, "-", " ")
			if as != "" {
				s += " (as " + as + ")"
			}
			return s
		})
}

// Format writes the value with count writing a count and state a data
// field's state (and the field it is said of, "" for the row's own); a
// point's own words are written as they are.
func (v Value) Format(count func(content.Count) string, state func(state, as string) string) string {
	switch {
	case v.Text != "":
		return v.Text
	case len(v.Counts) > 0:
		parts := make([]string, len(v.Counts))
		for i, c := range v.Counts {
			parts[i] = count(c)
		}
		return strings.Join(parts, "; ")
	case v.State == "":
		return ""
	}
	return state(v.State, v.As)
}

// Dispute is one point on which the sources, or a source and the entry,
// disagree: a "sources disagree" row.
type Dispute struct {
	Topic  string // "data", "affected" or "point"
	Field  string // the data key, for Topic "data"; what is disputed, for Topic "point"
	Notice string // the airline whose notice the row is about, in a supplier's breach; "" for the breach as a whole
	Entry  Value  // what the entry itself records on the point (zero if nothing)
	Says   []Says // what each source that speaks to it says, in source order
}

// Refresh recomputes what an incident's page derives from its own entry
// alone (the points its sources disagree on), after the entry changed in
// ways that leave every other page as it was.
func Refresh(cfg *config.Config, in *Incident) { in.Disputes = disputes(cfg, in) }

// disputes finds the rows of an incident's "sources disagree" table, for
// the breach as a whole and then for each notice, each compared only with
// the claims about it (claims.about).
//
// A data field is a row when the claims and the entry contradict each
// other on it (one says it, or a narrower field it includes, was exposed;
// another says it, or a broader field that includes it, was not), or when
// a source claims it, exposed or not, and the entry records nothing of it
// nor of a field it includes or that includes it. So "contact details
// exposed" beside "e-mail exposed" is no row, and a source's "no passwords
// were taken" is one where the entry is silent on passwords. Counts are a
// row when the claims give different figures; each of the entry's points
// is a row of what its sources say on it.
func disputes(cfg *config.Config, in *Incident) []Dispute {
	out := dataDisputes(cfg, in, "", in.Data, in.Affected)
	for _, n := range in.Notices {
		out = append(out, dataDisputes(cfg, in, n.Airline, n.Data, n.Affected)...)
	}

	// The entry lists the other points because sources disagree on them
	// (content checks that they do): each is a row. The claims are sorted
	// to their points in one pass, not looked for once a point.
	if len(in.Points) == 0 {
		return out
	}
	claims := make(map[string][]Says, len(in.Points))
	for i, s := range in.Sources {
		for _, c := range s.Claims.Points {
			claims[c.Key] = append(claims[c.Key], Says{Source: i, Value: Value{Text: c.Says}})
		}
	}
	for _, p := range in.Points {
		if says := claims[p.Key]; len(says) > 0 {
			out = append(out, Dispute{Topic: "point", Field: p.Point, Entry: Value{Text: p.Records}, Says: says})
		}
	}
	return out
}

// dataDisputes is the data and count rows of one scope: the breach as a
// whole (about "") or one airline's notice.
func dataDisputes(cfg *config.Config, in *Incident, about string, data content.Data, affected []content.Count) []Dispute {
	var out []Dispute
	var fields []string // the fields claimed, in order: a few, so a slice beats a map
	for _, s := range in.Sources {
		if s.Claims.About != about {
			continue
		}
		for _, list := range [][]string{s.Claims.Exposed, s.Claims.NotExposed} {
			for _, f := range list {
				if !slices.Contains(fields, f) {
					fields = append(fields, f)
				}
			}
		}
	}
	covers := func(a, b string) bool { return a == b || (cfg != nil && cfg.Covers(a, b)) }
	// value is what a list of fields says of f: directly, or through a
	// narrower field exposed (or a broader one not exposed).
	value := func(f string, exposed, notExposed []string) Value {
		switch {
		case slices.Contains(exposed, f):
			return Value{State: "exposed"}
		case slices.Contains(notExposed, f):
			return Value{State: "not-exposed"}
		}
		for _, g := range exposed {
			if covers(f, g) {
				return Value{State: "exposed", As: g}
			}
		}
		for _, g := range notExposed {
			if covers(g, f) {
				return Value{State: "not-exposed", As: g}
			}
		}
		return Value{}
	}
	var scratch []Says // what the sources say of one field; copied only for a dispute kept
	for _, f := range fields {
		says := scratch[:0]
		yes, no := false, false
		for i, s := range in.Sources {
			if s.Claims.About != about {
				continue
			}
			v := value(f, s.Claims.Exposed, s.Claims.NotExposed)
			if v.IsZero() {
				continue
			}
			yes = yes || v.State == "exposed"
			no = no || v.State == "not-exposed"
			says = append(says, Says{Source: i, Value: v})
		}
		entry := value(f, data.Exposed, data.NotExposed)
		yes = yes || entry.State == "exposed"
		no = no || entry.State == "not-exposed"
		// The entry is silent on f when it records nothing of f, nor of a
		// field f includes or one that includes f.
		silent := !slices.ContainsFunc(data.Exposed, func(g string) bool { return covers(f, g) || covers(g, f) }) &&
			!slices.ContainsFunc(data.NotExposed, func(g string) bool { return covers(f, g) || covers(g, f) })
		if entry.IsZero() {
			// Shown, not weighed: a broader field exposed says nothing of
			// this one in particular.
			for _, g := range data.Exposed {
				if covers(g, f) {
					entry = Value{State: "exposed", As: g}
					break
				}
			}
		}
		if (yes && no) || silent {
			out = append(out, Dispute{Topic: "data", Field: f, Notice: about, Entry: entry, Says: cloneSays(says)})
		}
		scratch = says
	}

	var counts []Says
	distinct := map[string]bool{}
	for i, s := range in.Sources {
		if s.Claims.About != about {
			continue
		}
		for _, c := range s.Claims.Affected {
			counts = append(counts, Says{Source: i, Value: Value{Counts: []content.Count{c}}})
			distinct[FormatCount(c.Count, c.Unit, c.Qualifier)] = true
		}
	}
	if len(distinct) > 1 {
		out = append(out, Dispute{Topic: "affected", Notice: about, Entry: Value{Counts: affected}, Says: counts})
	}
	return out
}

// cloneSays is a copy of says, nil when it is empty (as a list never
// appended to is).
func cloneSays(says []Says) []Says {
	if len(says) == 0 {
		return nil
	}
	return slices.Clone(says)
}

// FormatCount writes a count in English: "at most 9,885 accounts" (the
// export's words; pages write counts in their language).
func FormatCount(n int64, unit, qualifier string) string {
	q := map[string]string{"at-most": "at most ", "at-least": "at least ", "about": "about "}[qualifier]
	if n == 1 {
		unit = singularUnit(unit)
	}
	return q + Thousands(n) + " " + unit
}

// Thousands writes n with thousands separators: 1,350,000.
func Thousands(n int64) string { return i18n.Number("en", n) }

func singularUnit(unit string) string {
	if unit == "people" {
		return "person"
	}
	return strings.TrimSuffix(unit, "s")
}
