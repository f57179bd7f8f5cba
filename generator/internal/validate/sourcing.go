package validate

import (
	"fmt"
	"slices"
	"strings"

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
	"supplier-entry", "supplier-related", "supplier-airlines",
}

// sourcing checks one entry's sourcing rules. unknown holds the paths of
// the vocabulary references that did not resolve. Where a field had a
// problem of its own (it is unknown, or in inc.Unread), the rules that
// would follow from it are not applied: a misspelt claim is one
// diagnostic, not one more for each fact it no longer backs.
func sourcing(inc *content.Incident, unknown map[string]bool, diags *diag.List) {
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
	// claimed so by a high source. The references carry the positions.
	for _, r := range inc.Refs {
		if r.Kind != "data" || problem(r.Path) {
			continue
		}
		var notExposed bool
		switch {
		case strings.HasPrefix(r.Path, "data.exposed["):
		case strings.HasPrefix(r.Path, "data.not_exposed["):
			notExposed = true
		default:
			continue // a source's claims
		}
		high, low := claimedBy(inc.Sources, r.Value, notExposed)
		if high {
			continue
		}
		list, recorded := "claims.exposed", "is recorded as exposed"
		if notExposed {
			list, recorded = "claims.not_exposed", "is recorded as not exposed"
		}
		msg := fmt.Sprintf("%s: %q %s, but no source of high reliability claims so", r.Path, r.Value, recorded)
		if low != "" {
			msg += fmt.Sprintf(" (only %s, of low reliability, which never decides a fact)", low)
		}
		diags.Add(r.Pos, "unsourced-data", "%s; add it to the %s of a source that says so, or leave it out", msg, list)
	}

	// Every count is given, with its unit and qualifier, by a high source.
	for i, c := range inc.Affected {
		if c.Count <= 0 || c.Unit == "" || item("affected", i) {
			continue // reported as what it is
		}
		high, low := false, ""
		for j, s := range inc.Sources {
			if !slices.ContainsFunc(s.Claims.Affected, c.Same) {
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
		msg := fmt.Sprintf("affected[%d]: the count %d %s%s is given by no source of high reliability", i, c.Count, c.Unit, qualified(c.Qualifier))
		if low != "" {
			msg += fmt.Sprintf(" (only by %s, of low reliability, which never decides a fact)", low)
		}
		diags.Add(at(c.At), "unsourced-count", "%s; add it, with the same unit and qualifier, to the claims.affected of the source that gives it, or leave it out", msg)
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

// claimedBy reports whether a source of high reliability claims field as
// exposed (or, with notExposed, as not exposed), and else the first low
// source that does ("sources[2]"), or "".
func claimedBy(sources []content.Source, field string, notExposed bool) (high bool, low string) {
	for j, s := range sources {
		list := s.Claims.Exposed
		if notExposed {
			list = s.Claims.NotExposed
		}
		if !slices.Contains(list, field) {
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

// suppliers checks, across entries, the entries of a breach at a
// supplier that reached several programmes: one entry for the supplier's
// own breach (it names no programme, and the airlines whose data the
// supplier held) and one for each programme, which names the supplier
// too. So when several entries name a supplier, one of them at least is
// its own; each programme's entry lists the supplier's own entry of its
// breach under related; and that entry names every airline the
// programme's entry names. A supplier may have had several breaches, each
// with its own entry: a programme's entry belongs to the one it lists. An
// entry naming neither a programme nor several airlines (one airline's
// own notice) is held to none of this.
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
		if len(entries) < 2 {
			continue
		}
		var own []*content.Incident
		var ownIDs []string
		for _, inc := range entries {
			if inc.Programme == "" && len(inc.Airlines) > 1 {
				own = append(own, inc)
				ownIDs = append(ownIDs, inc.ID)
			}
		}
		if len(own) == 0 {
			var ids []string
			for _, inc := range entries[1:] {
				ids = append(ids, inc.ID)
			}
			diags.Add(at(entries[0]), "supplier-entry", "supplier: %d entries name %s (this one and %s), but none is the supplier's own entry; add one that names no programme and every airline whose data %s held, and list it under related in each programme's entry", len(entries), k, strings.Join(ids, ", "), k)
			continue
		}
		for _, inc := range entries {
			if inc.Programme == "" {
				continue
			}
			var listed []*content.Incident
			for _, u := range own {
				if slices.ContainsFunc(inc.Related, func(r content.Ref) bool { return r.ID == u.ID }) {
					listed = append(listed, u)
				}
			}
			if len(listed) == 0 {
				which := ownIDs[0]
				if len(ownIDs) > 1 {
					which = "one of " + strings.Join(ownIDs, ", ")
				}
				diags.Add(at(inc), "supplier-related", "supplier: this entry tells of a breach at %s for its programme, but does not list the supplier's own entry of that breach under related; add %s to related", k, which)
				continue
			}
			var missing []string
			for _, a := range inc.Airlines {
				if !slices.ContainsFunc(listed, func(u *content.Incident) bool { return slices.Contains(u.Airlines, a) }) {
					missing = append(missing, a)
				}
			}
			if len(missing) > 0 {
				diags.Add(at(inc), "supplier-airlines", "supplier: %s, the supplier's own entry this entry lists as related, does not name %s, which this entry names; add %s to the airlines of %s", listed[0].ID, strings.Join(missing, ", "), strings.Join(missing, ", "), listed[0].ID)
			}
		}
	}
}
