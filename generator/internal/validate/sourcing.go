package validate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"breachline/generator/internal/config"
	"breachline/generator/internal/content"
	"breachline/generator/internal/diag"
)

// The sourcing rules: what an entry records as a fact rests on a source of
// high reliability, which its claims show (a low source is shown, marked,
// and never decides a fact), and who is said to be behind an incident is
// said by someone. CONTRIBUTING.md's "Sourcing rules" state them for
// contributors; these are the ones code can hold an entry to.

// SourcingRules names the sourcing rules, as their diagnostics are named.
// CONTRIBUTING.md lists the same under "What check holds every entry to"
// (TestSourcingRulesDocumented), and a broken fixture shows each
// (TestSourcingRulesHaveFixtures in site).
var SourcingRules = []string{
	"unsourced-data", "unsourced-count", "no-high-source", "actor-by", "point-low-sources",
	"supplier-one-entry",
}

// sourcing checks one entry's sourcing rules. unknown holds the paths of
// the vocabulary references that did not resolve. Where a field had a
// problem of its own (it is unknown, or in inc.Unread), the rules that
// would follow from it are not applied: a misspelt claim is one
// diagnostic, not one more for each fact it no longer backs.
func sourcing(cfg *config.Config, inc *content.Incident, unknown map[string]bool, diags *diag.List) {
	at := func(p content.Place) diag.Pos { return diag.Pos{File: inc.Path, Line: p.Line, Col: p.Col} }
	clean := len(inc.Unread) == 0 && len(unknown) == 0 // as nearly every entry is
	problem := func(path string) bool {
		if clean {
			return false
		}
		under := func(p string) bool {
			rest, ok := strings.CutPrefix(p, path)
			return ok && (rest == "" || rest[0] == '.' || rest[0] == '[')
		}
		if slices.ContainsFunc(inc.Unread, under) {
			return true
		}
		for p := range unknown {
			if under(p) {
				return true
			}
		}
		return false
	}
	item := func(list string, i int) bool { return !clean && problem(fmt.Sprintf("%s[%d]", list, i)) }
	// within reports a problem with a field that holds path (a notice of
	// an airline the entry does not name holds its data).
	within := func(path string) bool {
		return !clean && slices.ContainsFunc(inc.Unread, func(p string) bool {
			rest, ok := strings.CutPrefix(path, p)
			return ok && (rest == "" || rest[0] == '.' || rest[0] == '[')
		})
	}
	claims := !problem("sources") // the claims are as written

	// At least one source is of high reliability; without one, nothing the
	// entry records is backed, and that is the one thing to say of it.
	if len(inc.Sources) > 0 && !slices.ContainsFunc(inc.Sources, func(s content.Source) bool { return !s.Low() }) {
		diags.Add(at(inc.Sources[0].At), "no-high-source", "sources: every source is of low reliability, and a low source never decides a fact; add one of high reliability (the operator's own statement, a regulator or court, an established news outlet) that gives what the entry records")
		claims = false
	}

	// A suspected or attributed actor says by whom.
	for i, a := range inc.Actors {
		if (a.Attribution == "suspected" || a.Attribution == "attributed") && strings.TrimSpace(a.By) == "" && !item("actors", i) {
			diags.Add(at(a.At), "actor-by", "actors[%d]: %q is %s, but the entry does not say by whom; add by: with who %s it (a publisher, researchers, an authority)", i, a.Name, a.Attribution, a.Attribution)
		}
	}
	if !claims {
		return
	}

	// Every data field recorded as exposed, or as stated not exposed, is
	// claimed so by a high source: the entry's own by a claim about the
	// breach as a whole, a notice's by a claim about its airline. A claim
	// of a narrower field backs a broader one (an e-mail address exposed:
	// contact details exposed), and a broader one not exposed a narrower
	// one not exposed. The references carry the positions.
	for _, r := range inc.Refs {
		if r.Kind != "data" || problem(r.Path) || within(r.Path) {
			continue
		}
		about, rest := "", r.Path
		if n, ok := noticeOf(inc, r.Path); ok {
			about, rest = inc.Notices[n].Airline, r.Path[strings.Index(r.Path, "].")+2:]
		}
		var notExposed bool
		switch {
		case strings.HasPrefix(rest, "data.exposed["):
		case strings.HasPrefix(rest, "data.not_exposed["):
			notExposed = true
		default:
			continue // a source's claims
		}
		high, low := claimedBy(cfg, inc.Sources, about, r.Value, notExposed)
		if high {
			continue
		}
		list, recorded := "claims.exposed", "is recorded as exposed"
		if notExposed {
			list, recorded = "claims.not_exposed", "is recorded as not exposed"
		}
		of := ""
		if about != "" {
			of = fmt.Sprintf(" about %s (claims.about: %s)", about, about)
		}
		msg := fmt.Sprintf("%s: %q %s, but no source of high reliability claims so%s", r.Path, r.Value, recorded, of)
		if low != "" {
			msg += fmt.Sprintf(" (only %s, of low reliability, which never decides a fact)", low)
		}
		diags.Add(r.Pos, "unsourced-data", "%s; add it to the %s of a source that says so, or leave it out", msg, list)
	}

	// Every count is given, with its unit and qualifier, by a high source,
	// in a claim about the same airline's notice or the breach as a whole.
	checkCounts := func(counts []content.Count, path, about string) {
		for i, c := range counts {
			if c.Count <= 0 || c.Unit == "" || item(path, i) {
				continue // reported as what it is
			}
			high, low := false, ""
			for j, s := range inc.Sources {
				if s.Claims.About != about || !slices.ContainsFunc(s.Claims.Affected, c.Same) {
					continue
				}
				if !s.Low() {
					high = true
					break
				}
				if low == "" {
					low = fmt.Sprintf("sources[%d]", j)
				}
			}
			if high {
				continue
			}
			msg := fmt.Sprintf("%s[%d]: the count %d %s%s is given by no source of high reliability", path, i, c.Count, c.Unit, qualified(c.Qualifier))
			if about != "" {
				msg += fmt.Sprintf(" in a claim about %s", about)
			}
			if low != "" {
				msg += fmt.Sprintf(" (only by %s, of low reliability, which never decides a fact)", low)
			}
			diags.Add(at(c.At), "unsourced-count", "%s; add it, with the same unit and qualifier, to the claims.affected of the source that gives it, or leave it out", msg)
		}
	}
	checkCounts(inc.Affected, "affected", "")
	for i, n := range inc.Notices {
		if !problem(fmt.Sprintf("notices[%d]", i)) {
			checkCounts(n.Affected, fmt.Sprintf("notices[%d].affected", i), n.Airline)
		}
	}

	// Every disputed point that sources speak to has a high source among
	// them (content reports a point no source speaks to).
	seen := map[string]bool{}
	for i, p := range inc.Points {
		if p.Key == "" || seen[p.Key] || item("points", i) {
			continue // reported as what it is
		}
		seen[p.Key] = true
		high, low := false, []string(nil)
		for j, s := range inc.Sources {
			if !slices.ContainsFunc(s.Claims.Points, func(c content.PointClaim) bool { return c.Key == p.Key }) {
				continue
			}
			if !s.Low() {
				high = true
				break
			}
			low = append(low, fmt.Sprintf("sources[%d]", j))
		}
		if !high && len(low) > 0 {
			diags.Add(at(p.At), "point-low-sources", "points[%d]: only sources of low reliability speak to %q (%s), and a low source never decides a fact; add what a source of high reliability says on it to its claims.points, or record the point as a statement", i, p.Key, strings.Join(low, ", "))
		}
	}
}

// noticeOf reports which notice a reference's path is under.
func noticeOf(inc *content.Incident, path string) (int, bool) {
	rest, ok := strings.CutPrefix(path, "notices[")
	if !ok {
		return 0, false
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(rest[:end])
	return n, err == nil && n >= 0 && n < len(inc.Notices)
}

// claimedBy reports whether a source of high reliability, in a claim about
// about ("" for the breach as a whole), claims field as exposed (or, with
// notExposed, as not exposed), and else the first low source that does
// ("sources[2]"), or "". A field exposed is claimed by a claim of it or of
// a field it includes; a field not exposed by a claim of it or of a field
// that includes it.
func claimedBy(cfg *config.Config, sources []content.Source, about, field string, notExposed bool) (high bool, low string) {
	for j, s := range sources {
		if s.Claims.About != about {
			continue
		}
		list := s.Claims.Exposed
		backs := func(k string) bool { return cfg.Covers(field, k) }
		if notExposed {
			list = s.Claims.NotExposed
			backs = func(k string) bool { return cfg.Covers(k, field) }
		}
		if !slices.ContainsFunc(list, backs) {
			continue
		}
		if !s.Low() {
			return true, ""
		}
		if low == "" {
			low = fmt.Sprintf("sources[%d]", j)
		}
	}
	return false, low
}

func qualified(q string) string {
	if q == "" {
		return ""
	}
	return " (" + q + ")"
}

// suppliers checks, across entries, that one breach at a supplier is one
// entry: what each airline told its members is a notice of that entry
// (notices:), never an entry of its own, which would count the breach
// again on every list. Two entries naming the same supplier are one
// breach when their dates overlap; a supplier breached twice has an entry
// for each breach, at different times.
func suppliers(incs []*content.Incident, diags *diag.List) {
	by := map[string][]*content.Incident{}
	var keys []string
	for _, inc := range incs {
		if inc.Supplier == "" {
			continue
		}
		if by[inc.Supplier] == nil {
			keys = append(keys, inc.Supplier)
		}
		by[inc.Supplier] = append(by[inc.Supplier], inc)
	}
	at := func(inc *content.Incident) diag.Pos {
		return diag.Pos{File: inc.Path, Line: inc.SupplierAt.Line, Col: inc.SupplierAt.Col}
	}
	for _, k := range keys {
		entries := by[k]
		for i, a := range entries {
			for _, b := range entries[:i] {
				if a.Date.IsZero() || b.Date.IsZero() || a.Date.Before(b.Date.Date) || b.Date.Before(a.Date.Date) {
					continue
				}
				diags.Add(at(a), "supplier-one-entry", "supplier: %s, like %s, tells of a breach at %s at the same time (%s and %s); one breach is one entry: make what this entry's airlines said a notice of %s (notices:, with its sources' claims about: the airline), and remove this entry", a.ID, b.ID, k, a.Date, b.Date, b.ID)
				break
			}
		}
	}
}
