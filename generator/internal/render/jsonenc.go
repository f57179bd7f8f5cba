package render

import (
	"slices"
	"strconv"
	"unicode/utf8"

	"breachline/generator/internal/content"
)

// The export's incidents, the HIBP list and the VERIS records written
// without reflection: each type appends
// the bytes encoding/json's Marshal writes for it (compact, fields in
// order, omitempty as tagged, strings escaped for HTML), in a fifth of the
// time. The build writes every incident twice this way (its year's file,
// its page of the export); the preview still encodes each file with
// encoding/json, and TestLiveMatchesBuild compares the two.
// TestAppendJSONSame holds each type to Marshal on every incident of the
// test sites and on values filled at random, field by field, by
// reflection: a field added to a type and not here fails it.

func (a *APIIncident) appendJSON(b []byte) []byte {
	b = strField(b, `{"id":`, a.ID)
	b = strField(b, `,"url":`, a.URL)
	b = strField(b, `,"title":`, a.Title)
	b = append(b, `,"date":`...)
	b = a.Date.appendJSON(b)
	if a.Disclosed != nil {
		b = append(b, `,"disclosed":`...)
		b = a.Disclosed.appendJSON(b)
	}
	b = append(b, `,"airlines":`...)
	b = jsonStrings(b, a.Airlines)
	b = optString(b, `,"programme":`, a.Programme)
	b = optString(b, `,"supplier":`, a.Supplier)
	b = strField(b, `,"vector":`, a.Vector)
	b = append(b, `,"basis":{"vector":`...)
	b = appendFact(b, &a.Basis.Vector)
	if a.Basis.Programme != nil {
		b = append(b, `,"programme":`...)
		b = appendFact(b, a.Basis.Programme)
	}
	b = strField(b, `},"status":`, a.Status)
	b = append(b, `,"actors":`...)
	b = jsonSlice(b, a.Actors, appendActor)
	b = append(b, `,"affected":`...)
	b = jsonSlice(b, a.Affected, appendCount)
	b = append(b, `,"data_exposed":`...)
	b = jsonStrings(b, a.Exposed)
	b = append(b, `,"data_not_exposed":`...)
	b = jsonStrings(b, a.NotExp)
	if a.Period != nil {
		b = append(b, `,"data_period":`...)
		b = a.Period.appendJSON(b)
	}
	b = append(b, `,"notices":`...)
	b = jsonSlice(b, a.Notices, (*APINotice).appendJSON)
	b = append(b, `,"actions":`...)
	b = jsonSlice(b, a.Actions, (*APIAction).appendJSON)
	b = append(b, `,"cases":`...)
	b = jsonSlice(b, a.Cases, (*APICase).appendJSON)
	b = append(b, `,"sources":`...)
	b = jsonSlice(b, a.Sources, (*APISource).appendJSON)
	b = append(b, `,"timeline":`...)
	b = jsonSlice(b, a.Timeline, func(e *APIEvent, b []byte) []byte {
		b = append(b, `{"at":`...)
		b = jsonString(b, e.At)
		b = append(b, `,"what":`...)
		b = jsonString(b, e.What)
		return append(b, '}')
	})
	b = append(b, `,"related":`...)
	b = jsonStrings(b, a.Related)
	if len(a.Aliases) > 0 {
		b = append(b, `,"aliases":`...)
		b = jsonStrings(b, a.Aliases)
	}
	if len(a.Corrected) > 0 {
		b = append(b, `,"corrections":`...)
		b = jsonSlice(b, a.Corrected, func(c *APICorrection, b []byte) []byte {
			b = append(b, `{"date":`...)
			b = c.Date.appendJSON(b)
			b = optString(b, `,"field":`, c.Field)
			b = optString(b, `,"was":`, c.Was)
			b = append(b, `,"summary":`...)
			b = jsonString(b, c.Summary)
			return append(b, '}')
		})
	}
	if w := a.Withdrawn; w != nil {
		b = append(b, `,"withdrawn":{"date":`...)
		b = w.Date.appendJSON(b)
		b = append(b, `,"reason":`...)
		b = jsonString(b, w.Reason)
		b = optString(b, `,"duplicate_of":`, w.DuplicateOf)
		b = append(b, '}')
	}
	b = optString(b, `,"published":`, a.Published)
	b = optString(b, `,"changed":`, a.Changed)
	b = strField(b, `,"veris":`, a.VERIS)
	b = optString(b, `,"body_markdown":`, a.Body)
	return append(b, '}')
}

func (h *HIBPBreach) appendJSON(b []byte) []byte {
	b = strField(b, `{"Name":`, h.Name)
	b = strField(b, `,"Title":`, h.Title)
	b = strField(b, `,"Domain":`, h.Domain)
	b = strField(b, `,"BreachDate":`, h.BreachDate)
	b = strField(b, `,"BreachDatePrecision":`, h.BreachDatePrecision)
	b = strField(b, `,"AddedDate":`, h.AddedDate)
	b = strField(b, `,"ModifiedDate":`, h.ModifiedDate)
	b = append(b, `,"PwnCount":`...)
	b = strconv.AppendInt(b, h.PwnCount, 10)
	b = strField(b, `,"Description":`, h.Description)
	b = strField(b, `,"LogoPath":`, h.LogoPath)
	b = append(b, `,"DataClasses":`...)
	b = jsonStrings(b, h.DataClasses)
	b = append(b, `,"IsVerified":`...)
	b = strconv.AppendBool(b, h.IsVerified)
	b = append(b, `,"IsFabricated":`...)
	b = strconv.AppendBool(b, h.IsFabricated)
	b = append(b, `,"IsSensitive":`...)
	b = strconv.AppendBool(b, h.IsSensitive)
	b = append(b, `,"IsRetired":`...)
	b = strconv.AppendBool(b, h.IsRetired)
	b = append(b, `,"IsSpamList":`...)
	b = strconv.AppendBool(b, h.IsSpamList)
	b = append(b, `,"IsMalware":`...)
	b = strconv.AppendBool(b, h.IsMalware)
	b = append(b, `,"IsSubscriptionFree":`...)
	b = strconv.AppendBool(b, h.IsSubscriptionFree)
	b = append(b, `,"IsStealerLog":`...)
	b = strconv.AppendBool(b, h.IsStealerLog)
	b = strField(b, `,"BreachlineURL":`, h.URL)
	return append(b, '}')
}

func (v *verisRecord) appendJSON(b []byte) []byte {
	b = append(b, `{"action":`...)
	if v.Action == nil {
		b = append(b, "null"...)
	} else {
		// Marshal writes a map's keys sorted; an action has one or two.
		keys := make([]string, 0, len(v.Action))
		for k := range v.Action {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonString(b, k)
			b = append(b, ':')
			c := v.Action[k]
			b = append(b, `{"notes":`...)
			b = jsonString(b, c.Notes)
			b = optStrings(b, `,"target":`, c.Target)
			b = optStrings(b, `,"variety":`, c.Variety)
			b = optStrings(b, `,"vector":`, c.Vector)
			b = append(b, '}')
		}
		b = append(b, '}')
	}
	b = append(b, `,"actor":{`...)
	first := len(b)
	if e := v.Actor.External; e != nil {
		b = append(b, `,"external":{"motive":`...)
		b = jsonStrings(b, e.Motive)
		b = append(b, `,"name":`...)
		b = jsonStrings(b, e.Name)
		b = append(b, `,"variety":`...)
		b = jsonStrings(b, e.Variety)
		b = append(b, '}')
	}
	if u := v.Actor.Unknown; u != nil {
		b = append(b, `,"unknown":{"notes":`...)
		b = jsonString(b, u.Notes)
		b = append(b, '}')
	}
	if len(b) > first {
		b = append(b[:first], b[first+1:]...) // the first field has no comma before it
	}
	b = append(b, `},"asset":{"assets":`...)
	b = jsonSlice(b, v.Asset.Assets, appendVariety)
	b = append(b, `,"cloud":`...)
	b = jsonStrings(b, v.Asset.Cloud)
	b = append(b, `},"attribute":{"confidentiality":{`...)
	if len(v.Attribute.Confidentiality.Data) > 0 {
		b = append(b, `"data":`...)
		b = jsonSlice(b, v.Attribute.Confidentiality.Data, appendVariety)
		b = append(b, ',')
	}
	b = strField(b, `"data_disclosure":`, v.Attribute.Confidentiality.DataDisclosure)
	b = append(b, `}},"discovery_method":{"unknown":`...)
	b = strconv.AppendBool(b, v.Discovery.Unknown)
	b = strField(b, `},"incident_id":`, v.IncidentID)
	b = strField(b, `,"plus":{"master_id":`, v.Plus.MasterID)
	b = strField(b, `},"reference":`, v.Reference)
	b = strField(b, `,"schema_version":`, v.SchemaVersion)
	b = strField(b, `,"security_incident":`, v.SecurityIncident)
	b = strField(b, `,"summary":`, v.Summary)
	b = append(b, `,"timeline":{"incident":{`...)
	d := v.Timeline.Incident
	if d.Day != 0 {
		b = strconv.AppendInt(append(b, `"day":`...), int64(d.Day), 10)
		b = append(b, ',')
	}
	if d.Month != 0 {
		b = strconv.AppendInt(append(b, `"month":`...), int64(d.Month), 10)
		b = append(b, ',')
	}
	b = strconv.AppendInt(append(b, `"year":`...), int64(d.Year), 10)
	return append(b, "}}}"...)
}

func appendVariety(v *verisVariety, b []byte) []byte {
	b = strField(b, `{"variety":`, v.Variety)
	return append(b, '}')
}

// optStrings writes key and s unless s is empty (omitempty).
func optStrings(b []byte, key string, s []string) []byte {
	if len(s) == 0 {
		return b
	}
	return jsonStrings(append(b, key...), s)
}

func (d *APIDate) appendJSON(b []byte) []byte {
	b = strField(b, `{"value":`, d.Value)
	b = optString(b, `,"form":`, d.Form)
	b = optString(b, `,"start":`, d.Start)
	b = strField(b, `,"end":`, d.End)
	return append(b, '}')
}

func (n *APINotice) appendJSON(b []byte) []byte {
	b = strField(b, `{"airline":`, n.Airline)
	b = optString(b, `,"programme":`, n.Programme)
	if n.Date != nil {
		b = append(b, `,"date":`...)
		b = n.Date.appendJSON(b)
	}
	if n.Disclosed != nil {
		b = append(b, `,"disclosed":`...)
		b = n.Disclosed.appendJSON(b)
	}
	b = append(b, `,"affected":`...)
	b = jsonSlice(b, n.Affected, appendCount)
	b = append(b, `,"data_exposed":`...)
	b = jsonStrings(b, n.Exposed)
	b = append(b, `,"data_not_exposed":`...)
	b = jsonStrings(b, n.NotExp)
	if n.Period != nil {
		b = append(b, `,"data_period":`...)
		b = n.Period.appendJSON(b)
	}
	return append(b, '}')
}

func (x *APIAction) appendJSON(b []byte) []byte {
	b = strField(b, `{"authority":`, x.Authority)
	b = strField(b, `,"action":`, x.Action)
	b = append(b, `,"date":`...)
	b = x.Date.appendJSON(b)
	b = optInt(b, `,"amount":`, x.Amount)
	b = optString(b, `,"currency":`, x.Currency)
	b = optString(b, `,"reference":`, x.Reference)
	b = strField(b, `,"summary":`, x.Summary)
	b = append(b, `,"sources":`...)
	b = jsonInts(b, x.Sources)
	return append(b, '}')
}

func (c *APICase) appendJSON(b []byte) []byte {
	b = strField(b, `{"court":`, c.Court)
	b = strField(b, `,"kind":`, c.Kind)
	b = strField(b, `,"title":`, c.Title)
	b = optString(b, `,"number":`, c.Number)
	b = append(b, `,"filed":`...)
	b = c.Filed.appendJSON(b)
	b = strField(b, `,"status":`, c.Status)
	if c.Decided != nil {
		b = append(b, `,"decided":`...)
		b = c.Decided.appendJSON(b)
	}
	b = optInt(b, `,"amount":`, c.Amount)
	b = optString(b, `,"currency":`, c.Currency)
	b = strField(b, `,"summary":`, c.Summary)
	b = append(b, `,"sources":`...)
	b = jsonInts(b, c.Sources)
	return append(b, '}')
}

func (s *APISource) appendJSON(b []byte) []byte {
	b = strField(b, `{"publisher":`, s.Publisher)
	b = strField(b, `,"title":`, s.Title)
	b = optString(b, `,"url":`, s.URL)
	b = optString(b, `,"read_at":`, s.ReadAt)
	b = strField(b, `,"language":`, s.Language)
	b = optString(b, `,"published":`, s.Published)
	b = strField(b, `,"reliability":`, s.Reliability)
	b = optString(b, `,"note":`, s.Note)
	b = append(b, `,"claims":`...)
	b = appendClaims(b, &s.Claims)
	return append(b, '}')
}

func appendClaims(b []byte, c *content.Claims) []byte {
	b = append(b, '{')
	first := len(b)
	b = optString(b, `,"about":`, c.About)
	b = optString(b, `,"from":`, c.From)
	b = append(b, `,"exposed":`...)
	b = append(b[:first], b[first+1:]...) // the first field has no comma before it
	b = jsonStrings(b, c.Exposed)
	b = append(b, `,"not_exposed":`...)
	b = jsonStrings(b, c.NotExposed)
	b = append(b, `,"affected":`...)
	b = jsonSlice(b, c.Affected, appendCount)
	b = append(b, `,"statements":`...)
	b = jsonStrings(b, c.Statements)
	if len(c.Points) > 0 {
		b = append(b, `,"points":`...)
		b = jsonSlice(b, c.Points, func(p *content.PointClaim, b []byte) []byte {
			b = append(b, `{"key":`...)
			b = jsonString(b, p.Key)
			b = append(b, `,"says":`...)
			b = jsonString(b, p.Says)
			return append(b, '}')
		})
	}
	return append(b, '}')
}

func appendFact(b []byte, f *content.Fact) []byte {
	b = strField(b, `{"as":`, f.As)
	b = optString(b, `,"by":`, f.By)
	b = optString(b, `,"note":`, f.Note)
	return append(b, '}')
}

func appendActor(a *content.Actor, b []byte) []byte {
	b = strField(b, `{"name":`, a.Name)
	b = strField(b, `,"attribution":`, a.Attribution)
	b = optString(b, `,"by":`, a.By)
	return append(b, '}')
}

func appendCount(c *content.Count, b []byte) []byte {
	b = append(b, `{"count":`...)
	b = strconv.AppendInt(b, c.Count, 10)
	b = strField(b, `,"unit":`, c.Unit)
	b = optString(b, `,"qualifier":`, c.Qualifier)
	return append(b, '}')
}

// jsonSlice writes s as a JSON array, null when nil, as Marshal does.
func jsonSlice[T any](b []byte, s []T, item func(*T, []byte) []byte) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = item(&s[i], b)
	}
	return append(b, ']')
}

func jsonStrings(b []byte, s []string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonString(b, v)
	}
	return append(b, ']')
}

func jsonInts(b []byte, s []int) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range s {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(v), 10)
	}
	return append(b, ']')
}

// strField writes key and s.
func strField(b []byte, key, s string) []byte { return jsonString(append(b, key...), s) }

// optString writes key and s unless s is empty (omitempty).
func optString(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return jsonString(append(b, key...), s)
}

// optInt writes key and n unless n is 0 (omitempty).
func optInt(b []byte, key string, n int64) []byte {
	if n == 0 {
		return b
	}
	return strconv.AppendInt(append(b, key...), n, 10)
}

// jsonString writes s as encoding/json does with HTML escaping (an
// Encoder's and Marshal's default): quotes, backslashes and control
// characters escaped, '<', '>' and '&' as \u003c, \u003e, \u0026, bytes
// that are not UTF-8 as \ufffd, U+2028 and U+2029 as escapes; runs of the
// rest copied whole.
func jsonString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes a JSON string holds as they are, with
// HTML escaping: not control characters, '"', '\\', '<', '>' or '&'.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := byte(0x20); c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()
