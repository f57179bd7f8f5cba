package index

import (
	"slices"

	"breachline/generator/internal/config"
	"breachline/generator/internal/content"
	"breachline/generator/internal/date"
)

// FieldView is one data field as a page shows it: its key and how it is
// known.
type FieldView struct {
	Key    string
	By     string // whose word it is: "operator", "regulator", "court", "researcher" or "press"
	Stated bool   // the operator, a regulator or a court said it
}

// DataView is what an incident records of one scope's data (the breach as
// a whole, or one airline's notice), each field with its basis.
type DataView struct {
	Airline    string // the notice's airline; "" for the breach as a whole
	Exposed    []FieldView
	NotExposed []FieldView
	Press      bool // every field rests on the press (or researchers) alone
	Period     date.Date
	HasPeriod  bool // the data involved cover Period
}

// basisRank orders whose word a claim carries, the strongest first.
var basisRank = []string{"operator", "regulator", "court", "researcher", ""}

// View is the data of one scope with the basis of each field: the
// strongest word among the high-reliability sources whose claims about
// that scope back it (a claim of a narrower field exposed backs a broader
// one; one of a broader field not exposed, a narrower one).
func View(cfg *config.Config, in *content.Incident, about string, data content.Data) DataView {
	v := DataView{Airline: about, Press: len(data.Exposed)+len(data.NotExposed) > 0, Period: data.Period, HasPeriod: !data.Period.IsZero()}
	basis := func(field string, notExposed bool) string {
		best := len(basisRank) - 1
		for _, s := range in.Sources {
			if s.Low() || s.Claims.About != about {
				continue
			}
			list, backs := s.Claims.Exposed, func(k string) bool { return cfg.Covers(field, k) }
			if notExposed {
				list, backs = s.Claims.NotExposed, func(k string) bool { return cfg.Covers(k, field) }
			}
			if slices.ContainsFunc(list, backs) {
				if r := slices.Index(basisRank, s.Claims.From); r >= 0 {
					best = min(best, r)
				}
			}
		}
		if basisRank[best] == "" {
			return "press"
		}
		return basisRank[best]
	}
	stated := func(by string) bool { return by == "operator" || by == "regulator" || by == "court" }
	if len(data.Exposed) > 0 {
		v.Exposed = make([]FieldView, len(data.Exposed))
	}
	for i, f := range data.Exposed {
		by := basis(f, false)
		v.Exposed[i] = FieldView{Key: f, By: by, Stated: stated(by)}
		v.Press = v.Press && !v.Exposed[i].Stated
	}
	if len(data.NotExposed) > 0 {
		v.NotExposed = make([]FieldView, len(data.NotExposed))
	}
	for i, f := range data.NotExposed {
		by := basis(f, true)
		v.NotExposed[i] = FieldView{Key: f, By: by, Stated: stated(by)}
		v.Press = v.Press && !v.NotExposed[i].Stated
	}
	return v
}

// NoticeItem is an incident as the timeline of an airline that gave one of
// its notices lists it.
type NoticeItem struct {
	Incident *Incident
	Notice   *content.Notice
}

// ViaItem is an incident as the timeline of an airline lists it when it
// reached the airline through its programme, named in one of the
// incident's notices.
type ViaItem struct {
	Incident  *Incident
	Programme string
}
