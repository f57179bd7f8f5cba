package render

// The API beyond the export: the vocabularies with their names in every
// language, the export split by year, a list in the shape of Have I Been
// Pwned's breach model, one VERIS 1.4 record per incident, and a JSON
// Schema of each of these files made from the Go types that write them.

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"breachline/generator/internal/config"
	"breachline/generator/internal/index"
	"breachline/generator/internal/route"
)

// APIVersion is the version of the API's files: the major number changes
// when a field changes its meaning or goes away, the minor when one is
// added. Every file of api/ but an incident's own carries it.
const APIVersion = "3.0"

// APIVocabularies is api/vocabularies.json: every key entries use, with
// its names in each of the site's languages.
type APIVocabularies struct {
	Version     string     `json:"schema_version"`
	Languages   []APIVocab `json:"languages"`
	Airlines    []APIVocab `json:"airlines"`
	Programmes  []APIVocab `json:"programmes"`
	Groups      []APIVocab `json:"groups"`
	Alliances   []APIVocab `json:"alliances"`
	Suppliers   []APIVocab `json:"suppliers"`
	Vectors     []APIVocab `json:"vectors"`
	Data        []APIVocab `json:"data"`
	Authorities []APIVocab `json:"authorities"`
}

// APIVocab is one vocabulary entry. Fields that do not apply to its kind
// are left out.
type APIVocab struct {
	Key          string                  `json:"key"`
	Name         string                  `json:"name"`
	NativeName   string                  `json:"native_name,omitempty"`
	Description  string                  `json:"description,omitempty"`
	Advice       string                  `json:"advice,omitempty"`
	HIBP         string                  `json:"hibp,omitempty"`
	VERIS        []string                `json:"veris,omitempty"`
	Includes     []string                `json:"includes,omitempty"`
	IATA         string                  `json:"iata,omitempty"`
	Country      string                  `json:"country,omitempty"`
	Alliance     string                  `json:"alliance,omitempty"`
	Programme    string                  `json:"programme,omitempty"`
	Group        string                  `json:"group,omitempty"`
	Operator     string                  `json:"operator,omitempty"`
	Airlines     []string                `json:"airlines,omitempty"`
	Short        string                  `json:"short,omitempty"`
	Kind         string                  `json:"kind,omitempty"`
	Website      string                  `json:"url,omitempty"`
	Incidents    int                     `json:"incidents"`
	Translations map[string]APIVocabText `json:"translations,omitempty"`
}

// APIVocabText is a vocabulary entry's text in another language.
type APIVocabText struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Advice      string `json:"advice,omitempty"`
}

func vocabTexts(tr []config.VocabText) map[string]APIVocabText {
	if len(tr) == 0 {
		return nil
	}
	m := make(map[string]APIVocabText, len(tr))
	for _, t := range tr {
		m[t.Lang] = APIVocabText{Name: t.Name, Description: t.Description, Advice: t.Advice}
	}
	return m
}

func (r *Renderer) vocabularies(b *bytes.Buffer) error {
	c, x := r.x.Config, r.x
	count := func(kind, key string) int {
		if t := x.Term(kind, key); t != nil {
			return len(t.Incidents)
		}
		return 0
	}
	v := APIVocabularies{Version: APIVersion}
	for _, l := range c.Languages {
		v.Languages = append(v.Languages, APIVocab{Key: l.Key, Name: l.Name, NativeName: l.NativeName, Incidents: count(index.Languages, l.Key), Translations: vocabTexts(l.Translations)})
	}
	for _, a := range c.Airlines {
		v.Airlines = append(v.Airlines, APIVocab{Key: a.Key, Name: a.Name, IATA: a.IATA, Country: a.Country, Alliance: a.Alliance, Programme: a.Programme, Group: a.Group, Incidents: count(index.Airlines, a.Key)})
	}
	for _, p := range c.Programmes {
		v.Programmes = append(v.Programmes, APIVocab{Key: p.Key, Name: p.Name, Operator: p.Operator, Airlines: p.Airlines, Description: p.Description, Incidents: count(index.Programmes, p.Key), Translations: vocabTexts(p.Translations)})
	}
	for _, g := range c.Groups {
		v.Groups = append(v.Groups, APIVocab{Key: g.Key, Name: g.Name, Incidents: count(index.Groups, g.Key)})
	}
	for _, a := range c.Alliances {
		v.Alliances = append(v.Alliances, APIVocab{Key: a.Key, Name: a.Name, Incidents: count(index.Alliances, a.Key)})
	}
	for _, s := range c.Suppliers {
		v.Suppliers = append(v.Suppliers, APIVocab{Key: s.Key, Name: s.Name, Description: s.Description, Incidents: count(index.Suppliers, s.Key), Translations: vocabTexts(s.Translations)})
	}
	for _, e := range c.Vectors {
		v.Vectors = append(v.Vectors, APIVocab{Key: e.Key, Name: e.Name, Description: e.Description, VERIS: e.VERIS, Incidents: count(index.Vectors, e.Key), Translations: vocabTexts(e.Translations)})
	}
	for _, d := range c.Data {
		v.Data = append(v.Data, APIVocab{Key: d.Key, Name: d.Name, Description: d.Description, Advice: d.Advice, HIBP: d.HIBP, VERIS: []string{d.VERIS}, Includes: d.Includes, Incidents: count(index.Data, d.Key), Translations: vocabTexts(d.Translations)})
	}
	for _, a := range c.Authorities {
		v.Authorities = append(v.Authorities, APIVocab{Key: a.Key, Name: a.Name, NativeName: a.NativeName, Short: a.Short, Kind: a.Kind, Country: a.Country, Website: string(a.URL), Incidents: count(index.Authorities, a.Key), Translations: vocabTexts(a.Translations)})
	}
	return marshal(b, v)
}

// apiYear is api/years/<year>.json: the export's incidents of one year,
// in the export's shape, whole: page 1 of 1.
func (r *Renderer) apiYear(year int, b *bytes.Buffer) error { return r.apiYearEach(year, b, nil) }

// apiYearEach is apiYear that gives each incident's JSON to each too, so
// that a build makes each incident's own file from it (see Render).
func (r *Renderer) apiYearEach(year int, b *bytes.Buffer, each func(*index.Incident, []byte) error) error {
	t := r.x.Term(index.Years, strconv.Itoa(year))
	var ins []*index.Incident
	if t != nil {
		ins = t.Incidents
	}
	return r.exportOf(b, len(ins), ins, exportPage{n: 1, pages: 1}, false, each)
}

// HIBPBreach is one incident in the shape of Have I Been Pwned's breach
// model (haveibeenpwned.com/API/v3#BreachModel), with the fields a breach
// database of airline loyalty programmes can fill honestly: no domain or
// logo, and a count only where a source gives one of members, accounts or
// people. BreachDate is the first day of the incident's date;
// BreachDatePrecision says how much of it is known (year, month, day), a
// field HIBP's model lacks.
type HIBPBreach struct {
	Name                string   `json:"Name"`
	Title               string   `json:"Title"`
	Domain              string   `json:"Domain"`
	BreachDate          string   `json:"BreachDate"`
	BreachDatePrecision string   `json:"BreachDatePrecision"`
	AddedDate           string   `json:"AddedDate"`
	ModifiedDate        string   `json:"ModifiedDate"`
	PwnCount            int64    `json:"PwnCount"`
	Description         string   `json:"Description"`
	LogoPath            string   `json:"LogoPath"`
	DataClasses         []string `json:"DataClasses"`
	IsVerified          bool     `json:"IsVerified"`
	IsFabricated        bool     `json:"IsFabricated"`
	IsSensitive         bool     `json:"IsSensitive"`
	IsRetired           bool     `json:"IsRetired"`
	IsSpamList          bool     `json:"IsSpamList"`
	IsMalware           bool     `json:"IsMalware"`
	IsSubscriptionFree  bool     `json:"IsSubscriptionFree"`
	IsStealerLog        bool     `json:"IsStealerLog"`
	URL                 string   `json:"BreachlineURL"`
}

// hibp is api/hibp/breaches.json: every incident, withdrawn ones as
// retired, in HIBP's breach model. The list is one array, tens of
// megabytes for a large site: it is written a breach at a time into a
// buffer grown once (jsonList), not made as a slice and encoded whole,
// which held the slice and a buffer doubled and copied as it filled.
func (r *Renderer) hibp(b *bytes.Buffer) error {
	return jsonArray(b, slices.Concat(r.x.Incidents, r.x.Withdrawn), r.hibpBreach)
}

// hibpBreach is one incident in HIBP's shape.
func (r *Renderer) hibpBreach(in *index.Incident) (*HIBPBreach, error) {
	summary, err := r.summary(in)
	if err != nil {
		return nil, err
	}
	h := HIBPBreach{
		Name: in.ID, Title: in.Title, BreachDate: in.Date.Filed().Start().Format("2006-01-02"),
		BreachDatePrecision: precisionName(in), Description: summary, IsVerified: in.Status == "confirmed",
		IsRetired: in.Withdrawn != nil, URL: r.AbsURL(route.Incident(in.ID)), DataClasses: []string{},
	}
	if !in.Published.IsZero() {
		h.AddedDate = in.Published.Start().Format("2006-01-02T15:04:05Z")
	}
	if !in.Changed.IsZero() {
		h.ModifiedDate = in.Changed.Start().Format("2006-01-02T15:04:05Z")
	}
	for _, c := range in.Affected {
		if c.Unit == "members" || c.Unit == "accounts" || c.Unit == "people" {
			h.PwnCount = max(h.PwnCount, c.Count)
		}
	}
	for _, k := range in.Exposed() {
		if d := dataField(r.x.Config, k); d != nil && d.HIBP != "" && !slices.Contains(h.DataClasses, d.HIBP) {
			h.DataClasses = append(h.DataClasses, d.HIBP)
		}
	}
	slices.Sort(h.DataClasses)
	return &h, nil
}

func precisionName(in *index.Incident) string {
	p := in.Date.Filed().Prec
	switch {
	case p >= 3:
		return "day"
	case p == 2:
		return "month"
	}
	return "year"
}

func dataField(c *config.Config, key string) *config.DataField {
	return find(c.Data, key, func(v config.DataField) string { return v.Key })
}

// verisYear is api/veris/<year>.json: the VERIS records of the year's
// incidents, in timeline order.
func (r *Renderer) verisYear(year int, b *bytes.Buffer) error {
	var ins []*index.Incident
	if t := r.x.Term(index.Years, strconv.Itoa(year)); t != nil {
		ins = t.Incidents
	}
	return jsonArray(b, ins, r.veris)
}

// A VERIS record, as far as this site fills it in. The fields of each
// struct are in the order of their JSON names, as encoding/json writes a
// map's keys: the records were maps, and the files are byte for byte what
// they were (typed, they cost a third of the allocations).
type (
	verisRecord struct {
		Action           map[string]verisCategory `json:"action"`
		Actor            verisActor               `json:"actor"`
		Asset            verisAsset               `json:"asset"`
		Attribute        verisAttribute           `json:"attribute"`
		Discovery        verisUnknown             `json:"discovery_method"`
		IncidentID       string                   `json:"incident_id"`
		Plus             verisPlus                `json:"plus"`
		Reference        string                   `json:"reference"`
		SchemaVersion    string                   `json:"schema_version"`
		SecurityIncident string                   `json:"security_incident"`
		Summary          string                   `json:"summary"`
		Timeline         verisTimeline            `json:"timeline"`
	}
	verisCategory struct {
		Notes   string   `json:"notes"`
		Target  []string `json:"target,omitempty"`
		Variety []string `json:"variety,omitempty"`
		Vector  []string `json:"vector,omitempty"`
	}
	verisActor struct {
		External *verisExternal `json:"external,omitempty"`
		Unknown  *verisNotes    `json:"unknown,omitempty"`
	}
	verisExternal struct {
		Motive  []string `json:"motive"`
		Name    []string `json:"name"`
		Variety []string `json:"variety"`
	}
	verisNotes struct {
		Notes string `json:"notes"`
	}
	verisAsset struct {
		Assets []verisVariety `json:"assets"`
		Cloud  []string       `json:"cloud"`
	}
	verisVariety struct {
		Variety string `json:"variety"`
	}
	verisAttribute struct {
		Confidentiality verisConfidentiality `json:"confidentiality"`
	}
	verisConfidentiality struct {
		Data           []verisVariety `json:"data,omitempty"`
		DataDisclosure string         `json:"data_disclosure"`
	}
	verisUnknown struct {
		Unknown bool `json:"unknown"`
	}
	verisPlus struct {
		MasterID string `json:"master_id"`
	}
	verisTimeline struct {
		Incident verisDate `json:"incident"`
	}
	verisDate struct {
		Day   int `json:"day,omitempty"`
		Month int `json:"month,omitempty"`
		Year  int `json:"year"`
	}
)

var unknown = []string{"Unknown"}

// veris is the incident as a VERIS 1.4 record, as far
// as the entry says it. What the entry does not record is "Unknown"; the
// action is the vector's VERIS category, its variety named only where the
// vector maps to one variety alone, and the notes say which of this site's
// vectors it is and how that is known.
func (r *Renderer) veris(in *index.Incident) (*verisRecord, error) {
	c := r.x.Config
	summary, err := r.summary(in)
	if err != nil {
		return nil, err
	}
	rec := &verisRecord{
		SchemaVersion:    "1.4.0",
		IncidentID:       in.ID,
		SecurityIncident: "Suspected",
		Summary:          summary,
		Discovery:        verisUnknown{true},
		Asset:            verisAsset{Assets: []verisVariety{{"Unknown"}}, Cloud: unknown},
		Plus:             verisPlus{in.ID},
	}
	if in.Status == "confirmed" {
		rec.SecurityIncident = "Confirmed"
	}
	from := in.Date.Filed()
	rec.Timeline.Incident.Year = int(from.Year)
	if from.Prec >= 2 {
		rec.Timeline.Incident.Month = int(from.Month)
	}
	if from.Prec >= 3 {
		rec.Timeline.Incident.Day = int(from.Day)
	}
	var refs []string
	for _, s := range in.Sources {
		if s.URL != "" {
			refs = append(refs, string(s.URL))
		}
	}
	rec.Reference = strings.Join(refs, "; ")
	vectorName := in.Vector
	var cats []verisCat
	if v := find(c.Vectors, in.Vector, func(v config.Vector) string { return v.Key }); v != nil {
		vectorName, cats = v.Name, r.verisCatsOf(v)
	}
	note := "Breachline vector: " + vectorName
	if f := in.Basis.Vector; !f.Stated() {
		note += " (" + f.As
		if f.By != "" {
			note += " by " + f.By
		}
		note += ")"
	}
	rec.Action = verisAction(cats, note)
	if len(in.Actors) > 0 {
		var names []string
		for _, a := range in.Actors {
			names = append(names, a.Name+" ("+a.Attribution+")")
		}
		rec.Actor.External = &verisExternal{Variety: unknown, Motive: unknown, Name: names}
	} else {
		rec.Actor.Unknown = &verisNotes{"No source names who was behind it."}
	}
	conf := &rec.Attribute.Confidentiality
	conf.DataDisclosure = "Unknown"
	for _, k := range in.Exposed() {
		if d := dataField(c, k); d != nil && d.VERIS != "" && !slices.ContainsFunc(conf.Data, func(v verisVariety) bool { return v.Variety == d.VERIS }) {
			conf.Data = append(conf.Data, verisVariety{d.VERIS})
		}
	}
	if len(conf.Data) > 0 {
		conf.DataDisclosure = "Potentially"
		if in.Status == "confirmed" {
			conf.DataDisclosure = "Yes"
		}
	}
	return rec, nil
}

// verisCat is one action category of a vector's VERIS lines, with the
// varieties and vectors they give it, in the order the lines name them.
type verisCat struct {
	name               string
	varieties, vectors []string
}

// verisCats reads a vector's VERIS lines ("action.hacking.variety: SQLi").
func verisCats(lines []string) []verisCat {
	var cats []verisCat
	at := map[string]int{}
	for _, l := range lines {
		field, value, _ := strings.Cut(l, ":")
		parts := strings.Split(strings.TrimSpace(field), ".")
		if len(parts) < 2 || parts[0] != "action" {
			continue
		}
		name := parts[1]
		if name == "unknown" {
			continue
		}
		i, ok := at[name]
		if !ok {
			i = len(cats)
			at[name] = i
			cats = append(cats, verisCat{name: name})
		}
		v := strings.TrimSpace(value)
		if len(parts) == 3 && v != "" {
			switch parts[2] {
			case "variety":
				cats[i].varieties = append(cats[i].varieties, v)
			case "vector":
				cats[i].vectors = append(cats[i].vectors, v)
			}
		}
	}
	return cats
}

// verisCatsOf is verisCats of v's lines, read once a vector.
func (r *Renderer) verisCatsOf(v *config.Vector) []verisCat {
	if c, ok := r.verisVectors.Load(v.Key); ok {
		return c.([]verisCat)
	}
	c, _ := r.verisVectors.LoadOrStore(v.Key, verisCats(v.VERIS))
	return c.([]verisCat)
}

// verisAction turns a vector's VERIS categories (verisCats of its lines,
// such as "action.hacking.variety: Use of stolen creds") into a VERIS
// action with note: each category the lines name, with a variety and a
// vector only where the lines give exactly one, else Unknown; a social
// action's target is Unknown.
func verisAction(cats []verisCat, note string) map[string]verisCategory {
	one := func(vs []string) []string {
		if len(vs) == 1 {
			return vs
		}
		return unknown
	}
	out := make(map[string]verisCategory, max(1, len(cats)))
	for _, c := range cats {
		a := verisCategory{Variety: one(c.varieties), Vector: one(c.vectors), Notes: note}
		if c.name == "social" {
			a.Target = unknown
		}
		out[c.name] = a
	}
	if len(out) == 0 {
		out["unknown"] = verisCategory{Notes: note}
	}
	return out
}

// APISchema is the JSON Schema (draft 2020-12) of a value of Go type t as
// encoding/json writes it: objects with their json names, required unless
// omitempty, and no other fields; a field's apidoc tag is its description
// (not its doc tag: the entry format's are written for contributors).
func APISchema(t reflect.Type, id, title string) map[string]any {
	s := typeSchema(t, map[reflect.Type]bool{})
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = id
	s["title"] = title
	return s
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[interface{ MarshalText() ([]byte, error) }]()
)

func typeSchema(t reflect.Type, seen map[reflect.Type]bool) map[string]any {
	if t.Implements(textMarshalerType) && !t.Implements(marshalerType) {
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return typeSchema(t.Elem(), seen)
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": typeSchema(t.Elem(), seen)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": typeSchema(t.Elem(), seen)}
	case reflect.Struct:
		if seen[t] {
			return map[string]any{}
		}
		seen[t] = true
		defer delete(seen, t)
		props := map[string]any{}
		var required []string
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			ps := typeSchema(f.Type, seen)
			if d := f.Tag.Get("apidoc"); d != "" {
				ps["description"] = d
			}
			props[name] = ps
			if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
				required = append(required, name)
			}
		}
		s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	}
	return map[string]any{}
}

// apiSchemas are the JSON Schemas of the API's files, by the path of the
// schema.
var apiSchemas = map[string]struct {
	title string
	t     reflect.Type
}{
	route.SchemaAPIExport:       {"Breachline export: every incident, a page at a time (api/incidents.json, api/incidents-<n>.json), and a year's (api/years/<year>.json)", reflect.TypeFor[APIExport]()},
	route.SchemaAPIIncident:     {"Breachline incident (api/incidents/<id>.json)", reflect.TypeFor[APIIncident]()},
	route.SchemaAPIVocabularies: {"Breachline vocabularies (api/vocabularies.json)", reflect.TypeFor[APIVocabularies]()},
	route.SchemaAPIHIBP:         {"Breachline incidents in the shape of Have I Been Pwned's breach model (api/hibp/breaches.json)", reflect.TypeFor[[]HIBPBreach]()},
	route.SchemaAPIAlias:        {"An old id of a Breachline incident (api/incidents/<old id>.json)", reflect.TypeFor[APIAlias]()},
	route.SchemaAPISearch:       {"Breachline search index (search/index.json): the facets, and where the rest is", reflect.TypeFor[SearchMeta]()},
	route.SchemaAPISearchDocs:   {"Breachline search: a chunk of the incidents (search/docs/<n>.json)", reflect.TypeFor[[]SearchDoc]()},
	route.SchemaAPISearchWords:  {"Breachline search: the words starting with one character, each with its incidents (search/words/<c>.json)", reflect.TypeFor[map[string]string]()},
}

func (r *Renderer) apiSchema(p string, b *bytes.Buffer) error {
	s, ok := apiSchemas[p]
	if !ok {
		return nil
	}
	return marshal(b, APISchema(s.t, r.routes.AbsRoot(p), s.title))
}

// APIExport is the shape of each page of the export (api/incidents.json,
// api/incidents-2.json, …) and of each year's file. The apidoc tags are the
// fields' descriptions in the schema.
type APIExport struct {
	Version   string            `json:"schema_version"`
	Title     string            `json:"title"`
	Count     int               `json:"count" apidoc:"how many incidents the export has, on all its pages together (in a year's file, the year's)"`
	Page      int               `json:"page" apidoc:"which page of the export this is, from 1; a year's file is whole, page 1 of 1"`
	Pages     int               `json:"pages" apidoc:"how many pages the export has; every page but the last holds as many incidents as the first"`
	Prev      string            `json:"prev,omitempty" apidoc:"the absolute URL of the page before, on every page but the first"`
	Next      string            `json:"next,omitempty" apidoc:"the absolute URL of the next page (api/incidents-2.json, api/incidents-3.json, …), on every page but the last"`
	Incidents []APIIncident     `json:"incidents" apidoc:"this page's incidents, newest first, continuing where the page before ends"`
	Withdrawn []APIIncident     `json:"withdrawn,omitempty" apidoc:"the withdrawn entries, on the first page only (api/incidents.json)"`
	Aliases   map[string]string `json:"aliases,omitempty" apidoc:"old id → the entry's id now, on the first page only (api/incidents.json)"`
}

// APIAlias is the file at an entry's old id.
type APIAlias struct {
	ID    string `json:"id"`
	Moved string `json:"moved_to"`
	URL   string `json:"url"`
	JSON  string `json:"json"`
}
