package index

import (
	"fmt"
	"slices"
	"strings"
)

// Says is what one source states on one point.
type Says struct {
	Source int    // index into the incident's Sources
	Value  string // e.g. "exposed", "not exposed", "4,100 logins"
}

// Dispute is one point on which the sources, or a source and the entry,
// disagree: a "sources disagree" row.
type Dispute struct {
	Topic string // "data", "affected" or "point"
	Field string // the data key, for Topic "data"; what is disputed, for Topic "point"
	Entry string // what the entry itself records on the point ("" if nothing)
	Says  []Says // what each source that speaks to it says, in source order
}

// Refresh recomputes what an incident's page derives from its own entry
// alone (the points its sources disagree on), after the entry changed in
// ways that leave every other page as it was.
func Refresh(in *Incident) { in.Disputes = disputes(in) }

// disputes finds the points an incident's sources disagree on. Sources
// disagree on a data field when one says exposed and another not exposed,
// or when a source contradicts what the entry records; on counts when they
// give different figures; and on each of the entry's points.
func disputes(in *Incident) []Dispute {
	var out []Dispute
	var fields []string
	says := map[string][]Says{}
	note := func(field string, i int, v string) {
		if says[field] == nil {
			fields = append(fields, field)
		}
		says[field] = append(says[field], Says{Source: i, Value: v})
	}
	for i, s := range in.Sources {
		for _, f := range s.Claims.Exposed {
			note(f, i, "exposed")
		}
		for _, f := range s.Claims.NotExposed {
			note(f, i, "not exposed")
		}
	}
	for _, f := range fields {
		entry := ""
		switch {
		case slices.Contains(in.Data.Exposed, f):
			entry = "exposed"
		case slices.Contains(in.Data.NotExposed, f):
			entry = "not exposed"
		}
		values := map[string]bool{}
		for _, s := range says[f] {
			values[s.Value] = true
		}
		disputed := len(values) > 1 ||
			(entry != "" && !values[entry]) ||
			(entry == "" && values["exposed"])
		if disputed {
			slices.SortStableFunc(says[f], func(a, b Says) int { return a.Source - b.Source })
			out = append(out, Dispute{Topic: "data", Field: f, Entry: entry, Says: says[f]})
		}
	}

	var counts []Says
	distinct := map[string]bool{}
	for i, s := range in.Sources {
		for _, c := range s.Claims.Affected {
			v := FormatCount(c.Count, c.Unit, c.Qualifier)
			counts = append(counts, Says{Source: i, Value: v})
			distinct[v] = true
		}
	}
	if len(distinct) > 1 {
		entry := ""
		for i, c := range in.Affected {
			if i > 0 {
				entry += "; "
			}
			entry += FormatCount(c.Count, c.Unit, c.Qualifier)
		}
		out = append(out, Dispute{Topic: "affected", Entry: entry, Says: counts})
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
			claims[c.Key] = append(claims[c.Key], Says{Source: i, Value: c.Says})
		}
	}
	for _, p := range in.Points {
		if says := claims[p.Key]; len(says) > 0 {
			out = append(out, Dispute{Topic: "point", Field: p.Point, Entry: p.Records, Says: says})
		}
	}
	return out
}

// FormatCount writes a count for readers: "at most 9,885 accounts".
func FormatCount(n int64, unit, qualifier string) string {
	q := map[string]string{"at-most": "at most ", "at-least": "at least ", "about": "about "}[qualifier]
	if n == 1 {
		unit = singularUnit(unit)
	}
	return q + Thousands(n) + " " + unit
}

// Thousands writes n with thousands separators: 1,350,000.
func Thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

func singularUnit(unit string) string {
	if unit == "people" {
		return "person"
	}
	return strings.TrimSuffix(unit, "s")
}
