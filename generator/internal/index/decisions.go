package index

import (
	"cmp"
	"slices"
	"time"

	"breachline/generator/internal/content"
	"breachline/generator/internal/date"
)

// Decision is one thing an authority or a court did about an incident: an
// action (a notification received, an investigation, a fine) or a court
// case, for the "Fines and decisions" page and each authority's page.
type Decision struct {
	Incident  *Incident
	Authority string // the authority's or court's key
	Date      date.Date
	Action    *content.Action // one of Action and Case is set
	Case      *content.Case
}

// Amount is the decision's amount and currency, if it has one.
func (d Decision) Amount() (int64, string) {
	if d.Action != nil {
		return d.Action.Amount, d.Action.Currency
	}
	return d.Case.Amount, d.Case.Currency
}

// decisions lists every incident's actions and cases, newest first (by the
// end of their date, then the incident, then their order in the entry).
func (x *Index) decisions() {
	x.Decisions = nil
	for _, in := range x.Incidents {
		for i := range in.Actions {
			a := &in.Actions[i]
			x.Decisions = append(x.Decisions, Decision{Incident: in, Authority: a.Authority, Date: a.Date, Action: a})
		}
		for i := range in.Cases {
			c := &in.Cases[i]
			when := c.Filed
			if !c.Decided.IsZero() {
				when = c.Decided
			}
			x.Decisions = append(x.Decisions, Decision{Incident: in, Authority: c.Court, Date: when, Case: c})
		}
	}
	end := func(d date.Date) time.Time { return d.End() }
	slices.SortStableFunc(x.Decisions, func(a, b Decision) int {
		return cmp.Or(end(b.Date).Compare(end(a.Date)), cmp.Compare(a.Incident.Pos, b.Incident.Pos))
	})
}

// DecisionsOf lists the decisions of one authority or court, newest first.
func (x *Index) DecisionsOf(authority string) []Decision {
	var out []Decision
	for _, d := range x.Decisions {
		if d.Authority == authority {
			out = append(out, d)
		}
	}
	return out
}

// Correction is one correction of a published entry, or its withdrawal,
// for the corrections page and feed.
type Correction struct {
	Incident   *Incident
	Date       date.Date
	Correction *content.Correction // one of Correction and Withdrawal is set
	Withdrawal *content.Withdrawal
}

// Corrections lists every entry's corrections and withdrawals, newest
// first.
func (x *Index) Corrections() []Correction {
	var out []Correction
	for _, in := range slices.Concat(x.Incidents, x.Withdrawn) {
		for i := range in.Corrections {
			out = append(out, Correction{Incident: in, Date: in.Corrections[i].Date, Correction: &in.Corrections[i]})
		}
		if w := in.Withdrawn; w != nil {
			out = append(out, Correction{Incident: in, Date: w.Date, Withdrawal: w})
		}
	}
	slices.SortStableFunc(out, func(a, b Correction) int {
		return cmp.Or(b.Date.End().Compare(a.Date.End()), cmp.Compare(a.Incident.ID, b.Incident.ID))
	})
	return out
}
