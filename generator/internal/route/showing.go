package route

import (
	"slices"
	"strings"

	"breachline/generator/internal/index"
)

// Showing lists, sorted, the paths of the files whose planned data hold
// the incident: its own page and JSON, the exports (every page of
// api/incidents.json), the search index and the sitemap, every page of a
// timeline that lists it (home, and its airlines, programme, groups,
// alliances, supplier, vector, data fields, languages and year; a
// timeline's pages all carry the whole timeline), in every language,
// the index pages of those kinds of term (which count incidents), the
// matrix when it exposes data, the search page, the feeds that carry it,
// and the pages of the incidents that show it (as related, as a backlink,
// as a neighbour along an airline).
//
// It is what the plan itself puts on each page. A layout also gets the
// whole index (.Site), so it may show an incident anywhere: the preview
// forgets every rendered page on a change, and uses this for what must be
// looked at first.
func (p *Plan) Showing(in *index.Incident) []string {
	x := p.x
	out := []string{
		FileOf(Incident(in.ID)), IncidentJSON(in.ID), SearchIndex, Sitemap, FileOf(Search),
	}
	// Every page of the export: each counts the incidents and their pages,
	// and one more or fewer moves the rest along.
	for n := 1; n <= ExportPages(len(x.Incidents)); n++ {
		out = append(out, ExportPage(n))
	}
	for _, a := range in.Aliases { // the pages at its old ids show its title
		out = append(out, FileOf(Incident(a.ID)), IncidentJSON(a.ID))
	}
	timelineOf := func(base string, all []*index.Incident, feed bool) {
		if !slices.Contains(all, in) {
			return
		}
		count := max(1, (len(all)+PageSize-1)/PageSize)
		for n := 1; n <= count; n++ {
			out = append(out, FileOf(Numbered(base, n)))
		}
		if feed { // it may be among the newest added, whatever its date
			out = append(out, FeedOf(base))
		}
	}
	timelineOf(Home, x.Incidents, true)
	for _, kind := range index.TermKinds {
		listed := false
		for _, t := range x.Terms[kind] {
			if i, found := slices.BinarySearchFunc(t.Incidents, in, index.Newer); found && t.Incidents[i] == in {
				timelineOf(Term(kind, t.Key), t.Incidents, hasFeed(kind))
				listed = true
			}
		}
		if listed {
			out = append(out, FileOf(Terms(kind)))
		}
	}
	if len(in.Exposed()) > 0 {
		out = append(out, FileOf(Matrix))
	}
	if len(in.Actions)+len(in.Cases) > 0 {
		out = append(out, FileOf(Decisions))
	}
	for _, o := range x.Incidents {
		if o != in && shows(o, in) {
			out = append(out, FileOf(Incident(o.ID)))
		}
	}
	// The same pages, feeds and search index in the other languages' trees.
	n := len(out)
	for _, lang := range p.langs[1:] {
		for _, f := range out[:n] {
			if !strings.HasPrefix(f, "api/") && f != Sitemap {
				out = append(out, p.In(lang, f))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// shows reports whether o's page shows in: as a relation, a backlink or a
// neighbour.
func shows(o, in *index.Incident) bool {
	for _, r := range o.Relations {
		if r.Incident == in {
			return true
		}
	}
	if slices.Contains(o.Backlinks, in) {
		return true
	}
	for _, n := range o.Neighbours {
		if n.Prev == in || n.Next == in {
			return true
		}
	}
	return false
}
