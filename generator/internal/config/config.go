// Package config reads config.yaml: the site settings and the vocabularies
// (languages, alliances, groups, airlines, programmes, suppliers, vectors,
// data fields)
// that entries refer to by key. It checks the config against itself: every
// key one vocabulary uses from another must exist.
//
// config imports diag and schema; it knows nothing of entries or HTML.
package config

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"breachline/generator/internal/diag"
	"breachline/generator/internal/schema"
)

// File is the config's path relative to the site root.
const File = "config.yaml"

// Config is config.yaml.
type Config struct {
	Title       string         `yaml:"title" check:"required" doc:"the site's name"`
	Description string         `yaml:"description" doc:"one sentence saying what the site is"`
	BaseURL     schema.BaseURL `yaml:"base_url" check:"required" doc:"where the site is published, e.g. https://example.org/breachline/: an absolute http(s) address without query or fragment"`
	Language    string         `yaml:"language" check:"required,vocab=languages" doc:"the site's language: a key of languages"`
	Also        []string       `yaml:"also" check:"vocab=languages" doc:"the other languages the site is published in (keys of languages): each vocabulary entry and each entry has its text in them"`
	Repository  schema.URL     `yaml:"repository" doc:"the source repository's web address on GitHub, for edit links"`
	Branch      string         `yaml:"branch" doc:"the repository branch edit links open (default main)"`
	// Translations are the site's description in its other languages.
	Translations []SiteText `yaml:"translations" doc:"the site's description in each of its other languages (also), keyed by language"`

	Languages   []Language     `yaml:"languages" check:"required" doc:"source languages: key → name"`
	Alliances   []Alliance     `yaml:"alliances" doc:"airline alliances: key → name"`
	Groups      []Group        `yaml:"groups" doc:"airline groups: key → name"`
	Airlines    []Airline      `yaml:"airlines" check:"required" doc:"airlines: key → name, iata, country, alliance, programme, group"`
	Programmes  []Programme    `yaml:"programmes" doc:"loyalty programmes: key → name, operator, airlines"`
	Suppliers   []Supplier     `yaml:"suppliers" doc:"suppliers whose systems airlines use: key → name, description"`
	Glossary    []GlossaryTerm `yaml:"glossary" doc:"words of the sources in other languages, with their English: key → term, lang, english, data or vector, note"`
	Authorities []Authority    `yaml:"authorities" doc:"regulators, police and courts that acted on incidents: key → name, kind, country, url"`
	Vectors     []Vector       `yaml:"vectors" check:"required" doc:"attack vectors: key → name, description, veris"`
	Data        []DataField    `yaml:"data" check:"required" doc:"data fields: key → name, description, advice, hibp, veris"`

	index    map[string]map[string]int  // vocabulary → key → position in its slice
	includes map[string][]string        // data field → the fields it includes; nil when none does
	choices  map[string][]schema.Choice // vocabulary → keys and names, in order
	unread   map[string]bool            // vocabularies Parse could not read; see Unread
}

// VocabText is a vocabulary entry's text in another language of the site.
type VocabText struct {
	Lang        string `yaml:",key"`
	Name        string `yaml:"name" check:"required" doc:"its name in that language"`
	Description string `yaml:"description" doc:"its description in that language, where it has one"`
	Advice      string `yaml:"advice" doc:"for a data field: the advice to members, in that language"`
}

// SiteText is the site's own text in another of its languages.
type SiteText struct {
	Lang        string `yaml:",key"`
	Description string `yaml:"description" check:"required" doc:"the site's description in that language"`
}

// Langs are the languages the site is published in: its own, then also.
func (c *Config) Langs() []string { return append([]string{c.Language}, c.Also...) }

// DescriptionIn is the site's description in lang: its translation, or
// the description itself.
func (c *Config) DescriptionIn(lang string) string {
	for _, t := range c.Translations {
		if t.Lang == lang {
			return t.Description
		}
	}
	return c.Description
}

// TextIn is the text in lang of the vocabulary entry kind/key (kinds as
// the index names them: airlines, programmes, vectors, data, languages,
// authorities, suppliers); ok is false when it has none in lang, and then
// the caller shows its English.
func (c *Config) TextIn(kind, key, lang string) (VocabText, bool) {
	var tr []VocabText
	i, found := c.index[kind][key]
	if !found {
		return VocabText{}, false
	}
	switch kind {
	case "languages":
		tr = c.Languages[i].Translations
	case "programmes":
		tr = c.Programmes[i].Translations
	case "authorities":
		tr = c.Authorities[i].Translations
	case "vectors":
		tr = c.Vectors[i].Translations
	case "data":
		tr = c.Data[i].Translations
	case "suppliers":
		tr = c.Suppliers[i].Translations
	}
	for _, t := range tr {
		if t.Lang == lang {
			return t, true
		}
	}
	return VocabText{}, false
}

// Language is a language sources are written in.
type Language struct {
	Key          string      `yaml:",key"`
	Name         string      `yaml:"name" check:"required" doc:"its English name"`
	NativeName   string      `yaml:"native_name" doc:"its name in itself"`
	Translations []VocabText `yaml:"translations" doc:"its name in the other languages of the site"`
}

// Alliance is an airline alliance.
type Alliance struct {
	Key  string `yaml:",key"`
	Name string `yaml:"name" check:"required"`
}

// Group is a group of airlines under one owner.
type Group struct {
	Key  string `yaml:",key"`
	Name string `yaml:"name" check:"required"`
}

// Airline is one airline.
type Airline struct {
	Key       string `yaml:",key"`
	Name      string `yaml:"name" check:"required" doc:"the airline's usual name"`
	IATA      string `yaml:"iata" doc:"two-character IATA code, where verified"`
	Country   string `yaml:"country" doc:"its home country"`
	Alliance  string `yaml:"alliance" check:"vocab=alliances" doc:"a key of alliances"`
	Programme string `yaml:"programme" check:"vocab=programmes" doc:"its loyalty programme: a key of programmes"`
	Group     string `yaml:"group" check:"vocab=groups" doc:"a key of groups"`
}

// Programme is a loyalty programme.
type Programme struct {
	Key          string      `yaml:",key"`
	Name         string      `yaml:"name" check:"required"`
	Operator     string      `yaml:"operator" doc:"who runs it"`
	Airlines     []string    `yaml:"airlines" check:"required,vocab=airlines" doc:"member airlines: keys of airlines"`
	Description  string      `yaml:"description"`
	Contact      *Contact    `yaml:"privacy_contact" doc:"where its members can ask about their data, as a source gave it"`
	Translations []VocabText `yaml:"translations" doc:"its name (and description) in the other languages of the site, keyed by language"`
}

// Contact is where a programme's members can ask about their data: an
// address a source printed, with that source, and when.
type Contact struct {
	Email     string     `yaml:"email" check:"required" doc:"the address, as the source printed it"`
	Publisher string     `yaml:"publisher" check:"required" doc:"who printed it"`
	Source    schema.URL `yaml:"source" check:"required" doc:"where"`
	AsOf      string     `yaml:"as_of" check:"required" doc:"when it was printed: YYYY-MM or YYYY-MM-DD; with read: true, when we read it (the page gives no date)"`
	Read      bool       `yaml:"read" doc:"as_of is when we read the page, which gives no date of its own"`
}

// Supplier is a company whose systems airlines or programmes use, such as a
// passenger-service system or a customer-service platform: a breach there
// reaches every airline that uses it.
type Supplier struct {
	Key          string      `yaml:",key"`
	Name         string      `yaml:"name" check:"required" doc:"the supplier's usual name"`
	Description  string      `yaml:"description" doc:"what it supplies, for readers"`
	Translations []VocabText `yaml:"translations" doc:"its name and description in the other languages of the site, keyed by language"`
}

// GlossaryTerm is a word the sources use in another language, with its
// English, and the data field or vector it stands for where it stands for
// one.
type GlossaryTerm struct {
	Key     string `yaml:",key"`
	Term    string `yaml:"term" check:"required" doc:"the word as the sources write it"`
	Lang    string `yaml:"lang" check:"required,vocab=languages" doc:"its language: a key of languages"`
	English string `yaml:"english" check:"required" doc:"what it means, in English"`
	Data    string `yaml:"data" check:"vocab=data" doc:"the data field it names, if it names one"`
	Vector  string `yaml:"vector" check:"vocab=vectors" doc:"the vector it names, if it names one"`
	Note    string `yaml:"note" doc:"how the sources use it"`
	// Translations say what it means in the site's other languages.
	Translations []GlossaryText `yaml:"translations" doc:"what it means (and the note) in each of the site's other languages, keyed by language"`
}

// GlossaryText is what a glossary word means, in another language of the
// site.
type GlossaryText struct {
	Lang    string `yaml:",key"`
	Meaning string `yaml:"meaning" check:"required" doc:"what it means, in that language"`
	Note    string `yaml:"note" doc:"how the sources use it, in that language"`
}

// In is the word's meaning and note in lang: its translation, or its
// English (ok false).
func (g GlossaryTerm) In(lang string) (meaning, note string, ok bool) {
	for _, t := range g.Translations {
		if t.Lang == lang {
			return t.Meaning, t.Note, true
		}
	}
	return g.English, g.Note, false
}

// GlossaryOf lists the glossary's words for a data field or a vector.
func (c *Config) GlossaryOf(kind, key string) []GlossaryTerm {
	var out []GlossaryTerm
	for _, g := range c.Glossary {
		if (kind == "data" && g.Data == key) || (kind == "vectors" && g.Vector == key) {
			out = append(out, g)
		}
	}
	return out
}

// Authority is a regulator, a police force or a court that acted on an
// incident (was notified, investigated, fined, ruled).
type Authority struct {
	Key          string      `yaml:",key"`
	Name         string      `yaml:"name" check:"required" doc:"its name in English"`
	NativeName   string      `yaml:"native_name" doc:"its name in its own language, where that differs"`
	Short        string      `yaml:"short" doc:"its usual abbreviation, such as ICO"`
	Kind         string      `yaml:"kind" check:"required,enum=regulator|police|prosecutor|court|government" doc:"regulator (a data-protection or other supervisory authority), police, prosecutor, court or government (a ministry or agency that is none of these)"`
	Country      string      `yaml:"country" check:"required" doc:"the country (or state) whose authority it is"`
	URL          schema.URL  `yaml:"url" doc:"its website"`
	Translations []VocabText `yaml:"translations" doc:"its name (and description) in the other languages of the site, keyed by language"`
}

// Vector is an attack vector, modelled on VERIS actions.
type Vector struct {
	Key          string      `yaml:",key"`
	Name         string      `yaml:"name" check:"required"`
	Description  string      `yaml:"description" check:"required" doc:"what it means, for readers"`
	VERIS        []string    `yaml:"veris" check:"required" doc:"VERIS action fields it maps to"`
	Translations []VocabText `yaml:"translations" doc:"its name (and description) in the other languages of the site, keyed by language"`
}

// DataField is a kind of personal data that can be exposed.
type DataField struct {
	Key          string      `yaml:",key"`
	Name         string      `yaml:"name" check:"required"`
	Description  string      `yaml:"description" check:"required"`
	Advice       string      `yaml:"advice" doc:"what affected members should do"`
	HIBP         string      `yaml:"hibp" doc:"the Have I Been Pwned data class"`
	VERIS        string      `yaml:"veris" check:"required" doc:"the VERIS attribute.confidentiality.data.variety"`
	Includes     []string    `yaml:"includes" check:"vocab=data" doc:"narrower data fields this one covers (contact details include e-mail and phone): a claim of this one and of one it includes never disagree; the included fields include nothing themselves"`
	Translations []VocabText `yaml:"translations" doc:"its name (and description) in the other languages of the site, keyed by language"`
}

// translationRules reports a vocabulary entry without its text in one of
// the site's other languages (at the entry's key), and a translation into a
// language the site is not published in.
func (c *Config) translationRules(diags *diag.List, top *yaml.Node) {
	kinds := []struct {
		name string
		each func(func(key string, tr []VocabText))
	}{
		{"languages", func(f func(string, []VocabText)) {
			for _, v := range c.Languages {
				f(v.Key, v.Translations)
			}
		}},
		{"vectors", func(f func(string, []VocabText)) {
			for _, v := range c.Vectors {
				f(v.Key, v.Translations)
			}
		}},
		{"data", func(f func(string, []VocabText)) {
			for _, v := range c.Data {
				f(v.Key, v.Translations)
			}
		}},
		{"authorities", func(f func(string, []VocabText)) {
			for _, v := range c.Authorities {
				f(v.Key, v.Translations)
			}
		}},
		{"suppliers", func(f func(string, []VocabText)) {
			for _, v := range c.Suppliers {
				f(v.Key, v.Translations)
			}
		}},
	}
	keyNode := func(kind, key string) *yaml.Node {
		m := field(top, kind)
		if m == nil || m.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				return m.Content[i]
			}
		}
		return nil
	}
	for _, k := range kinds {
		if c.unread[k.name] {
			continue
		}
		k.each(func(key string, tr []VocabText) {
			for _, t := range tr {
				if !slices.Contains(c.Also, t.Lang) {
					diags.Add(nodePos(field(field(field(top, k.name), key), "translations")), "translation-language", "%s.%s.translations.%s: %s is not one of the site's other languages (config.yaml also: %s)", k.name, key, t.Lang, t.Lang, strings.Join(c.Also, ", "))
				}
			}
			for _, lang := range c.Also {
				if !slices.ContainsFunc(tr, func(t VocabText) bool { return t.Lang == lang }) {
					diags.Add(nodePos(keyNode(k.name, key)), "untranslated", "%s.%s: no %s text; add translations: {%s: {name: …}} (with description, and advice for a data field, where the English has them)", k.name, key, lang, lang)
				}
			}
		})
	}
	if !c.unread["glossary"] {
		for _, g := range c.Glossary {
			for _, lang := range c.Also {
				if _, _, ok := g.In(lang); !ok {
					diags.Add(nodePos(keyNode("glossary", g.Key)), "untranslated", "glossary.%s: no %s meaning; add translations: {%s: {meaning: …}} (with note, where the English has one)", g.Key, lang, lang)
				}
			}
		}
	}
	for _, lang := range c.Also {
		if c.Description != "" && !slices.ContainsFunc(c.Translations, func(t SiteText) bool { return t.Lang == lang }) {
			diags.Add(nodePos(field(top, "description")), "untranslated", "description: no %s text; add translations: {%s: {description: …}} at the top of config.yaml", lang, lang)
		}
	}
}

// Lang is the language of key, or nil.
func (c *Config) Lang(key string) *Language {
	if i, ok := c.index["languages"][key]; ok {
		return &c.Languages[i]
	}
	return nil
}

// Airline is the airline of key, or nil.
func (c *Config) Airline(key string) *Airline {
	if i, ok := c.index["airlines"][key]; ok {
		return &c.Airlines[i]
	}
	return nil
}

// Authority is the authority of key, or nil.
func (c *Config) Authority(key string) *Authority {
	if i, ok := c.index["authorities"][key]; ok {
		return &c.Authorities[i]
	}
	return nil
}

// Covers reports whether data field a is b or includes it.
func (c *Config) Covers(a, b string) bool {
	return a == b || (c.includes != nil && slices.Contains(c.includes[a], b))
}

// Related reports whether data fields a and b are one, or one includes the
// other.
func (c *Config) Related(a, b string) bool { return c.Covers(a, b) || c.Covers(b, a) }

// EditURL is the address at which a contributor edits the file at path p
// (relative to the site root) in the repository, or "" without one.
func (c *Config) EditURL(p string) string {
	if c.Repository == "" {
		return ""
	}
	branch := c.Branch
	if branch == "" {
		branch = "main"
	}
	return strings.TrimSuffix(string(c.Repository), "/") + "/edit/" + branch + "/" + p
}

// CommitURL is the web address of a commit of the repository, or "".
func (c *Config) CommitURL(hash string) string {
	if c.Repository == "" || hash == "" {
		return ""
	}
	return strings.TrimSuffix(string(c.Repository), "/") + "/commit/" + hash
}

// Parse reads config.yaml's bytes. The config it returns is usable (perhaps
// partly empty) even when there are diagnostics, so entries can still be
// checked against what was read; a vocabulary that could not be read at
// all is marked so (see Unread), and nothing is checked against it.
func Parse(src []byte) (*Config, diag.List) {
	c := &Config{}
	var diags diag.List
	root, errs := schema.Parse(File, schema.Normalize(src))
	if errs != nil {
		c.buildIndex()
		c.markUnread(nil)
		return c, errs
	}
	if root.Kind == 0 {
		diags.Add(diag.Pos{File: File, Line: 1, Col: 1}, "empty-config", "config.yaml is empty")
		c.buildIndex()
		c.markUnread(nil)
		return c, diags
	}
	res := schema.Decode(File, 0, root, c)
	diags = append(diags, res.Diags...)
	c.buildIndex()
	c.markUnread(root)
	for _, r := range res.Refs {
		if c.Unread(r.Kind) {
			continue
		}
		if d, ok := c.Resolve(r); !ok {
			diags = append(diags, d)
		}
	}
	c.crossRules(&diags, root)
	return c, diags
}

// vocabularies are the fields of Config that are vocabularies (written as
// a mapping of key → fields), with whether each is required.
var vocabularies = func() []schema.Field {
	var out []schema.Field
	for _, f := range schema.Fields(reflect.TypeFor[Config]()) {
		if f.Type.Kind() == reflect.Slice && schema.Keyed(f.Type.Elem()) {
			out = append(out, f)
		}
	}
	return out
}()

// markUnread marks the vocabularies that root, the parsed config.yaml (nil
// when it could not be parsed), does not give because of a problem the
// decoder reports: every one when there is no mapping of fields, and
// otherwise each that is required but missing or empty, or that is not
// a mapping of key → fields.
func (c *Config) markUnread(root *yaml.Node) {
	c.unread = map[string]bool{}
	var top *yaml.Node
	if root != nil && len(root.Content) > 0 {
		top = root.Content[0]
	}
	for _, f := range vocabularies {
		if top == nil || top.Kind != yaml.MappingNode {
			c.unread[f.Name] = true
			continue
		}
		n := field(top, f.Name)
		switch {
		case n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null" || n.Kind == yaml.MappingNode && len(n.Content) == 0:
			c.unread[f.Name] = f.Required // an optional vocabulary left out defines no keys
		case n.Kind != yaml.MappingNode:
			c.unread[f.Name] = true
		}
	}
}

// Unread reports whether vocabulary kind could not be read from
// config.yaml because of a problem Parse reported: the file did not parse,
// or the vocabulary is required but missing or empty, or is not a mapping
// of key → fields. Keys of an unread vocabulary are not checked (entries'
// or the config's own): one mistake in the config is its one diagnostic,
// not one more for every key that every entry names.
func (c *Config) Unread(kind string) bool { return c.unread[kind] }

func (c *Config) buildIndex() {
	c.choices = map[string][]schema.Choice{
		"languages":   choices(c.Languages, func(v Language) (string, string) { return v.Key, v.Name }),
		"alliances":   choices(c.Alliances, func(v Alliance) (string, string) { return v.Key, v.Name }),
		"groups":      choices(c.Groups, func(v Group) (string, string) { return v.Key, v.Name }),
		"airlines":    choices(c.Airlines, func(v Airline) (string, string) { return v.Key, v.Name }),
		"programmes":  choices(c.Programmes, func(v Programme) (string, string) { return v.Key, v.Name }),
		"suppliers":   choices(c.Suppliers, func(v Supplier) (string, string) { return v.Key, v.Name }),
		"authorities": choices(c.Authorities, func(v Authority) (string, string) { return v.Key, v.Name }),
		"vectors":     choices(c.Vectors, func(v Vector) (string, string) { return v.Key, v.Name }),
		"data":        choices(c.Data, func(v DataField) (string, string) { return v.Key, v.Name }),
	}
	c.includes = nil
	for _, d := range c.Data {
		if len(d.Includes) > 0 {
			if c.includes == nil {
				c.includes = map[string][]string{}
			}
			c.includes[d.Key] = d.Includes
		}
	}
	c.index = make(map[string]map[string]int, len(c.choices))
	for kind, cs := range c.choices {
		m := make(map[string]int, len(cs))
		for i, ch := range cs {
			m[ch.Key] = i
		}
		c.index[kind] = m
	}
}

func choices[T any](vs []T, kn func(T) (key, name string)) []schema.Choice {
	out := make([]schema.Choice, len(vs))
	for i, v := range vs {
		out[i].Key, out[i].Name = kn(v)
	}
	return out
}

// Keys lists a vocabulary's keys in config order.
func (c *Config) Keys(kind string) []string {
	out := make([]string, len(c.choices[kind]))
	for i, ch := range c.choices[kind] {
		out[i] = ch.Key
	}
	return out
}

// Has reports whether key is in vocabulary kind.
func (c *Config) Has(kind, key string) bool {
	_, ok := c.index[kind][key]
	return ok
}

// singular names one item of a vocabulary, for messages.
var singular = map[string]string{
	"languages": "language", "alliances": "alliance", "groups": "group", "airlines": "airline",
	"programmes": "programme", "suppliers": "supplier", "vectors": "vector", "data": "data field",
	"authorities": "authority",
}

// Resolve checks one vocabulary reference. It returns a diagnostic naming the
// closest key when the reference points nowhere.
func (c *Config) Resolve(r schema.Ref) (diag.Diagnostic, bool) {
	if c.Has(r.Kind, r.Value) {
		return diag.Diagnostic{}, true
	}
	known := c.Keys(r.Kind)
	msg := fmt.Sprintf("%s: unknown %s %q", r.Path, singular[r.Kind], r.Value)
	if s := diag.DidYouMean(r.Value, known); s != "" {
		msg += s
	} else if len(known) == 0 {
		msg += fmt.Sprintf("; config.yaml defines no %s: add it there under %s, or leave the field out", r.Kind, r.Kind)
	} else {
		msg += fmt.Sprintf("; add it to config.yaml %s, or use one of %s", r.Kind, list(known, 8))
	}
	return diag.Diagnostic{Pos: r.Pos, Rule: "unknown-key", Msg: msg}, false
}

func list(ks []string, most int) string {
	if len(ks) <= most {
		return strings.Join(ks, ", ")
	}
	return strings.Join(ks[:most], ", ") + fmt.Sprintf(" … (%d more)", len(ks)-most)
}

// crossRules checks that the programme↔airline links agree both ways,
// that the data fields' includes go one level deep, and that every
// language, vector, data field and authority has its text in each other
// language of the site (also).
func (c *Config) crossRules(diags *diag.List, root *yaml.Node) {
	top := root.Content[0]
	c.translationRules(diags, top)
	for _, d := range c.Data {
		for j, k := range d.Includes {
			if i, ok := c.index["data"][k]; ok && (k == d.Key || len(c.Data[i].Includes) > 0) {
				n := field(field(field(top, "data"), d.Key), "includes")
				if n != nil && j < len(n.Content) {
					n = n.Content[j]
				}
				if k == d.Key {
					diags.Add(nodePos(n), "data-includes", "data.%s.includes[%d]: a field cannot include itself", d.Key, j)
				} else {
					diags.Add(nodePos(n), "data-includes", "data.%s.includes[%d]: %s includes fields of its own; a field includes only fields that include nothing", d.Key, j, k)
				}
			}
		}
	}
	for _, a := range c.Airlines {
		if a.Programme == "" || !c.Has("programmes", a.Programme) {
			continue
		}
		p := c.Programmes[c.index["programmes"][a.Programme]]
		if !slices.Contains(p.Airlines, a.Key) {
			n := field(field(field(top, "airlines"), a.Key), "programme")
			diags.Add(nodePos(n), "programme-airlines", "airlines.%s.programme: %s is %s's programme, but programmes.%s.airlines does not list %s", a.Key, a.Programme, a.Key, a.Programme, a.Key)
		}
	}
}

func field(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func nodePos(n *yaml.Node) diag.Pos {
	if n == nil {
		return diag.Pos{File: File, Line: 1, Col: 1}
	}
	return diag.Pos{File: File, Line: n.Line, Col: n.Column}
}

// JSONSchema is the JSON Schema of config.yaml, from the struct tags Parse
// decodes with.
func JSONSchema(id string) map[string]any {
	return schema.JSONSchema(reflect.TypeFor[Config](), id, "Breachline site configuration ("+File+")", nil)
}

// Vocab lists each vocabulary's keys and names, in config order, for the
// entry schema to enumerate; an unread vocabulary is not known (nil), and
// the schema then takes any well-formed key, as check does.
func (c *Config) Vocab() schema.Vocab {
	return func(kind string) []schema.Choice {
		if c.unread[kind] {
			return nil
		}
		return c.choices[kind]
	}
}
