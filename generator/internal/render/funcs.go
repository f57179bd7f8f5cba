package render

// The template functions: what layouts may call, each declared once (see
// Funcs), and the fragments they render once and reuse.

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"breachline/generator/internal/blob"
	"breachline/generator/internal/config"
	"breachline/generator/internal/content"
	"breachline/generator/internal/date"
	"breachline/generator/internal/htmlexec"
	"breachline/generator/internal/i18n"
	"breachline/generator/internal/index"
	"breachline/generator/internal/route"
	"breachline/generator/internal/schema"
)

// Funcs returns the template functions for the index: layouts are parsed
// with them before the index exists, so they look it up through r. Each is
// declared once, with its own signature, for html/template and for the
// compiled executor alike (see htmlexec.Func).
func Funcs(r **Renderer) FuncsFor {
	return func(lang, own string, table *i18n.Table) htmlexec.FuncMap { return funcsIn(r, lang, own, table) }
}

// funcsIn are the functions of lang's pages: each finds lang's renderer
// through r when it is called. The words of the page's language are
// pure (htmlexec.Pure): they read only table, lang and own, which stay as
// they are as long as the templates do, so a call with constant arguments
// is made once, when a layout is compiled.
func funcsIn(r **Renderer, lang, own string, table *i18n.Table) htmlexec.FuncMap {
	l := func() *Renderer { return (*r).in(lang) }
	return htmlexec.FuncMap{
		"url":         htmlexec.Func1(func(p string) string { return l().URL(p) }),
		"absURL":      htmlexec.Func1(func(p string) string { return l().AbsURL(p) }),
		"incidentURL": htmlexec.Func1(func(in *index.Incident) string { return l().URL(route.Incident(in.ID)) }),
		"termURL":     htmlexec.Func2(func(kind, key string) string { return l().URL(route.Term(kind, key)) }),
		"termName":    htmlexec.Func2(func(kind, key string) string { return l().termName(kind, key) }),
		"term":        htmlexec.Func2(func(kind, key string) *index.Term { return l().x.Term(kind, key) }),
		"links":       htmlexec.Func2(func(kind string, keys []string) []Link { return l().links(kind, keys) }),
		"airline": htmlexec.Func1(func(key string) *config.Airline {
			return find(l().x.Config.Airlines, key, func(v config.Airline) string { return v.Key })
		}),
		"programme": htmlexec.Func1(func(key string) *config.Programme {
			return find(l().x.Config.Programmes, key, func(v config.Programme) string { return v.Key })
		}),
		"supplier": htmlexec.Func1(func(key string) *config.Supplier {
			return find(l().x.Config.Suppliers, key, func(v config.Supplier) string { return v.Key })
		}),
		"vector": htmlexec.Func1(func(key string) *config.Vector {
			return find(l().x.Config.Vectors, key, func(v config.Vector) string { return v.Key })
		}),
		"dataField": htmlexec.Func1(func(key string) *config.DataField {
			return find(l().x.Config.Data, key, func(v config.DataField) string { return v.Key })
		}),
		"language": htmlexec.Func1(func(key string) *config.Language {
			return find(l().x.Config.Languages, key, func(v config.Language) string { return v.Key })
		}),
		"alliance": htmlexec.Func1(func(key string) *config.Alliance {
			return find(l().x.Config.Alliances, key, func(v config.Alliance) string { return v.Key })
		}),
		"group": htmlexec.Func1(func(key string) *config.Group {
			return find(l().x.Config.Groups, key, func(v config.Group) string { return v.Key })
		}),
		"body":    htmlexec.Func1E(func(p *Page) (template.HTML, error) { return l().pageBody(p) }),
		"summary": htmlexec.Func1E(func(in *index.Incident) (string, error) { return l().summary(in) }),
		"human":   htmlexec.Func1(func(d date.Date) string { return i18n.Date(l().lang, d) }),
		"day":     htmlexec.Func1(date.DayOf),
		// humanText writes a date given as text (YYYY-MM) as human does; a
		// text that is no date, as it is.
		"humanText": htmlexec.Func1(func(s string) string {
			if d, err := date.Parse(s); err == nil {
				return i18n.Date(l().lang, d)
			}
			return s
		}),
		"advice": htmlexec.Func1(func(in *index.Incident) []Advice { return l().advice(in) }),
		// authoritiesOf are the regulators and other authorities an
		// incident's actions name, in order, each once.
		"authoritiesOf": htmlexec.Func1(func(in *index.Incident) []string {
			var out []string
			for _, a := range in.Actions {
				if !slices.Contains(out, a.Authority) {
					out = append(out, a.Authority)
				}
			}
			return out
		}),
		// pageText is a page of the site's own in the page's language, and
		// whether it is in it (else the site's own language's text).
		"pageText": htmlexec.Func1(func(pg *content.Page) PageText { return l().pageText(pg) }),
		"pageTitle": htmlexec.Func1(func(pg *content.Page) string {
			t, _, _ := pg.TextIn(l().lang)
			return t
		}),
		"authority":   htmlexec.Func1(func(key string) *config.Authority { return l().x.Config.Authority(key) }),
		"glossaryOf":  htmlexec.Func2(func(kind, key string) []config.GlossaryTerm { return l().x.Config.GlossaryOf(kind, key) }),
		"decisionsOf": htmlexec.Func1(func(key string) []index.Decision { return l().x.DecisionsOf(key) }),
		"money":       htmlexec.Func2(func(amount int64, currency string) string { return l().money(amount, currency) }),
		"actionName":  htmlexec.Func1(func(a string) string { return l().table.T("action-" + a) }),
		"caseName":    htmlexec.Func1(func(k string) string { return l().table.T("case-" + k) }),
		"says":        htmlexec.Func1(func(v index.Value) string { return l().says(v) }),
		"programmes":  htmlexec.Func1(func(in *index.Incident) []string { return in.Programmes() }),
		"dataView": htmlexec.Func2(func(in *index.Incident, about string) index.DataView {
			return index.View(l().x.Config, in.Incident, about, in.DataOf(about))
		}),
		"host":       htmlexec.Func1(func(u schema.URL) string { return u.Host() }),
		"humanPoint": htmlexec.Func1(func(p date.Point) string { return i18n.Point(l().lang, p) }),
		"count":      htmlexec.Func1(func(c content.Count) string { return l().count(c) }),
		"thousands":  htmlexec.Func1(func(n int) string { return i18n.Number(l().lang, int64(n)) }),
		"source":     htmlexec.Func2(func(in *index.Incident, i int) content.Source { return in.Sources[i] }),
		"via":        htmlexec.Func2(func(t *index.Term, in *index.Incident) bool { return t != nil && t.Via[in] }),
		"item": htmlexec.Func2E(func(in *index.Incident, t *index.Term) (template.HTML, error) {
			return l().item(in, t != nil && t.Via[in])
		}),
		"partialCached": htmlexec.Func2VE(func(name string, data any, variants ...any) (template.HTML, error) {
			return l().partial(name, variantKey(variants), data)
		}),
		"termLink": htmlexec.Func2E(func(kind, key string) (template.HTML, error) { return l().termLink(kind, key) }),
		"termLinks": htmlexec.Func2E(func(kind string, keys []string) (template.HTML, error) {
			return l().termLinks(kind, keys)
		}),
		"incidentLink": htmlexec.Func1E(func(in *index.Incident) (template.HTML, error) {
			if f := l().fragsOf(in); f != nil {
				return l().once(&f.link, "incident-link", in)
			}
			return l().partial("incident-link", in.ID, in)
		}),
		"dateTag":   htmlexec.Func1E(func(d date.Date) (template.HTML, error) { return l().dateTag(d) }),
		"statusTag": htmlexec.Func1E(func(s string) (template.HTML, error) { return l().partial("status", s, s) }),
		"items": htmlexec.Func2E(func(p *Page, ins []*index.Incident) (template.HTML, error) {
			return l().itemList(p, ins)
		}),
		"byYear":       htmlexec.Func1(ByYear),
		"timeline":     htmlexec.Func1(func(ins []*index.Incident) *SVG { return Timeline(ins, l().URL, l().labels()) }),
		"join":         htmlexec.Func2(strings.Join),
		"lower":        htmlexec.Func1(strings.ToLower),
		"add":          htmlexec.Func2(func(a, b int) int { return a + b }),
		"hasPrefix":    htmlexec.Func2(strings.HasPrefix),
		"title":        htmlexec.Func1(Capitalize),
		"kindName":     htmlexec.Pure(htmlexec.Func1(func(kind string) string { return table.T("kind-" + kind) })),
		"kindSingular": htmlexec.Pure(htmlexec.Func1(func(kind string) string { return table.T("one-" + kind) })),
		// The page's words: t KEY, and tn KEY N for a text with a count.
		"t":  htmlexec.Pure(htmlexec.Func1(table.T)),
		"tn": htmlexec.Pure(htmlexec.Func2(func(key string, n int) string { return table.N(key, int64(n)) })),
		// tf KEY NAME VALUE …: a text with {name} places filled.
		"tf": htmlexec.Pure(htmlexec.Func2VE(func(key, name string, rest ...string) (string, error) {
			return i18n.Fill(table.T(key), append([]string{name}, rest...)...), nil
		})),
		// th KEY NAME FRAGMENT: a text, escaped, with its {name} place filled
		// by an HTML fragment (a term's link), where word order differs.
		"th": htmlexec.Func2VE(func(key, name string, frags ...template.HTML) (template.HTML, error) {
			return fillHTML(table.T(key), name, frags)
		}),
		"lang":    htmlexec.Pure(htmlexec.Func0(func() string { return lang })),
		"ownLang": htmlexec.Pure(htmlexec.Func0(func() string { return own })),
		// foreign: the page is not in the site's own language, in which the
		// entries' free text (statements, notes, timeline events) is written.
		"foreign":       htmlexec.Pure(htmlexec.Func0(func() bool { return lang != own })),
		"asset":         htmlexec.Func1(func(p string) string { return l().routes.Root(p) }),
		"incidentTitle": htmlexec.Func1(func(in *index.Incident) string { return l().incidentTitle(in) }),
		"translated":    htmlexec.Func1(func(in *index.Incident) bool { return l().translation(in) != nil }),
		"hasBody":       htmlexec.Func1(func(in *index.Incident) bool { return l().hasOwnBody(in) }),
		"vocab":         htmlexec.Func2(func(kind, key string) config.VocabText { return l().vocab(kind, key) }),
		"glossaryText": htmlexec.Func1(func(g config.GlossaryTerm) config.GlossaryText {
			m, n, _ := g.In(l().lang)
			return config.GlossaryText{Lang: l().lang, Meaning: m, Note: n}
		}),
	}
}

// fillHTML escapes text and fills its {name} place with an HTML fragment.
func fillHTML(text, name string, frags []template.HTML) (template.HTML, error) {
	if len(frags) != 1 {
		return "", fmt.Errorf("th: want one name and one fragment, got %d fragments", len(frags))
	}
	return template.HTML(strings.ReplaceAll(template.HTMLEscapeString(text), "{"+name+"}", string(frags[0]))), nil
}

// Capitalize writes the first character of s in upper case: by character,
// so that text starting with "é" or "ß" stays valid UTF-8.
func Capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 || r == utf8.RuneError {
		return s
	}
	up := unicode.ToTitle(r)
	if up == r {
		return s
	}
	return string(up) + s[size:]
}

func find[T any](vs []T, key string, k func(T) string) *T {
	for i := range vs {
		if k(vs[i]) == key {
			return &vs[i]
		}
	}
	return nil
}

// URL turns a site path ("airlines/klm/") into a link from any page.
func (r *Renderer) URL(p string) string { return r.routes.URL(p) }

// AbsURL turns a site path into an absolute URL, for feeds and the sitemap.
func (r *Renderer) AbsURL(p string) string { return r.routes.AbsURL(p) }

// Link is a term's name and the URL of its page.
type Link struct{ Name, URL string }

// links resolves vocabulary keys to links in one call: a template calling
// termName and termURL per key pays for reflection twice a key.
func (r *Renderer) links(kind string, keys []string) []Link {
	out := make([]Link, len(keys))
	for i, k := range keys {
		out[i] = Link{Name: r.termName(kind, k), URL: r.URL(route.Term(kind, k))}
	}
	return out
}

// partial renders the partial template name with data once for key, and
// returns the same HTML on every later call with that name and key: like
// Hugo's partialCached, for fragments that thousands of pages repeat (a
// term's link, a date, the site header). The key must determine the output.
func (r *Renderer) partial(name, key string, data any) (template.HTML, error) {
	k := fragKey{name, key}
	v, ok := r.frags.Load(k)
	if !ok {
		v, _ = r.frags.LoadOrStore(k, &body{})
	}
	return r.once(v.(*body), name, data)
}

// once renders the partial name into f the first time f is asked for.
func (r *Renderer) once(f *body, name string, data any) (template.HTML, error) {
	f.once.Do(func() {
		b := buffers.Get().(*bytes.Buffer)
		defer buffers.Put(b)
		b.Reset()
		if f.err = r.t.exec(r.lang, "home", b, name, data); f.err == nil {
			f.html = template.HTML(b.String())
		}
	})
	return f.html, f.err
}

// variantKey is partialCached's key for its variants: most are one or two
// strings, which need no formatting. The forms cannot meet: one string
// without a NUL, two joined by one NUL, anything else after two.
func variantKey(vs []any) string {
	switch len(vs) {
	case 0:
		return ""
	case 1:
		if s, ok := vs[0].(string); ok && !strings.Contains(s, "\x00") {
			return s
		}
	case 2:
		a, ok1 := vs[0].(string)
		b, ok2 := vs[1].(string)
		if ok1 && ok2 && !strings.Contains(a, "\x00") && !strings.Contains(b, "\x00") {
			return a + "\x00" + b
		}
	}
	return fmt.Sprintf("\x00\x00%#v", vs) // Go syntax: "a b" and "a", "b" differ, as do 1 and "1"
}

// dateTag is the partial "date" for d, rendered once per date.
func (r *Renderer) dateTag(d date.Date) (template.HTML, error) {
	v, ok := r.dates.Load(d)
	if !ok {
		v, _ = r.dates.LoadOrStore(d, &body{})
	}
	return r.once(v.(*body), "date", d)
}

// termLink is a term's link, rendered once by the partial "term-link".
func (r *Renderer) termLink(kind, key string) (template.HTML, error) {
	if f := r.tlinks[kind][key]; f != nil {
		return f.html, f.err
	}
	return r.partial("term-link", kind+"/"+key, Link{Name: r.termName(kind, key), URL: r.URL(route.Term(kind, key))})
}

// termLinks is the links of several terms, separated by commas.
func (r *Renderer) termLinks(kind string, keys []string) (template.HTML, error) {
	if len(keys) == 1 {
		return r.termLink(kind, keys[0])
	}
	// Sized first: growing a builder link by link copies the list each time.
	links := make([]template.HTML, 0, 8)
	n := 2 * (len(keys) - 1)
	for _, k := range keys {
		l, err := r.termLink(kind, k)
		if err != nil {
			return "", err
		}
		links = append(links, l)
		n += len(l)
	}
	var b strings.Builder
	b.Grow(n)
	for i, l := range links {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(l))
	}
	return template.HTML(b.String()), nil
}

// termName is a term's name in the renderer's language: the vocabulary's
// translation where it has one (a year, an airline or an alliance is
// named alike in every language).
func (r *Renderer) termName(kind, key string) string {
	if r.lang != r.own {
		if v, ok := r.x.Config.TextIn(kind, key, r.lang); ok {
			return v.Name
		}
	}
	if t := r.x.Term(kind, key); t != nil {
		return t.Name
	}
	return key
}

// vocab is a vocabulary entry's text in the renderer's language, its
// English where it has none: name, description, advice.
func (r *Renderer) vocab(kind, key string) config.VocabText {
	if r.lang != r.own {
		if v, ok := r.x.Config.TextIn(kind, key, r.lang); ok {
			return v
		}
	}
	v := config.VocabText{Lang: r.own, Name: r.termName(kind, key)}
	c := r.x.Config
	switch kind {
	case index.Vectors:
		if e := find(c.Vectors, key, func(v config.Vector) string { return v.Key }); e != nil {
			v.Description = e.Description
		}
	case index.Data:
		if e := find(c.Data, key, func(v config.DataField) string { return v.Key }); e != nil {
			v.Description, v.Advice = e.Description, e.Advice
		}
	case index.Programmes:
		if e := find(c.Programmes, key, func(v config.Programme) string { return v.Key }); e != nil {
			v.Description = e.Description
		}
	case index.Suppliers:
		if e := find(c.Suppliers, key, func(v config.Supplier) string { return v.Key }); e != nil {
			v.Description = e.Description
		}
	}
	return v
}

// PageText is a page of the site's own, rendered, in one language.
type PageText struct {
	HTML       template.HTML
	Translated bool // in the page's language; else in the site's own
}

func (r *Renderer) pageText(pg *content.Page) PageText {
	if r.lang != r.own {
		if b, ok := pg.HTML[r.lang]; ok {
			return PageText{HTML: template.HTML(b), Translated: true} // rendered by the markdown renderer
		}
	}
	return PageText{HTML: template.HTML(pg.HTML[""]), Translated: r.lang == r.own}
}

// Advice is what a member can do about one kind of data exposed.
type Advice struct{ Key, Advice string }

// advice is, for each data field the incident exposed (by the operator's
// notices too) that has advice, that advice in the renderer's language.
func (r *Renderer) advice(in *index.Incident) []Advice {
	var out []Advice
	for _, k := range in.Exposed() {
		if a := r.vocab(index.Data, k).Advice; a != "" {
			out = append(out, Advice{k, a})
		}
	}
	return out
}

// translation is the incident's text in the renderer's language, or nil
// in the site's own language or where it has none.
func (r *Renderer) translation(in *index.Incident) *content.Translation {
	if r.lang == r.own {
		return nil
	}
	for i := range in.Translations {
		if in.Translations[i].Lang == r.lang {
			return &in.Translations[i]
		}
	}
	return nil
}

// incidentTitle is the incident's title in the renderer's language.
func (r *Renderer) incidentTitle(in *index.Incident) string {
	if t := r.translation(in); t != nil && t.Title != "" {
		return t.Title
	}
	return in.Title
}

// hasOwnBody reports whether the page's body is in the renderer's
// language: always in the site's own, and where a translation has one.
func (r *Renderer) hasOwnBody(in *index.Incident) bool {
	if r.lang == r.own {
		return true
	}
	t := r.translation(in)
	return t != nil && t.HTML != (blob.Ref{})
}

func (r *Renderer) body(in *index.Incident) (template.HTML, error) {
	if in.Doc == nil {
		return "", nil
	}
	if in.Doc.Root == nil { // finished while loading, and stored
		s, err := r.blobs.Get(in.HTML)
		// The markdown renderer writes only what it has escaped itself.
		return template.HTML(s), err
	}
	c := r.bodies[in]
	if c == nil {
		return "", nil
	}
	c.once.Do(func() {
		var b bytes.Buffer
		if err := r.md.Render(&b, in.Doc); err != nil {
			c.err = fmt.Errorf("%s: rendering the body: %w", in.Path, err)
			return
		}
		// The markdown renderer writes only what it has escaped itself.
		c.html = template.HTML(b.String())
	})
	return c.html, c.err
}

// pageBody is the body of the page's incident, written straight into the
// page's output where the call stands (see itemList); the call yields
// nothing then.
func (r *Renderer) pageBody(p *Page) (template.HTML, error) {
	in := p.Incident
	if in == nil {
		return "", fmt.Errorf("body: the page %q has no incident", p.Path)
	}
	if t := r.translation(in); t != nil && t.HTML != (blob.Ref{}) {
		if p.out == nil {
			s, err := r.blobs.Get(t.HTML)
			return template.HTML(s), err // rendered while loading, by the markdown renderer
		}
		return "", r.blobs.AppendTo(p.out, t.HTML)
	}
	if p.out == nil || in.Doc == nil || in.Doc.Root != nil {
		return r.body(in)
	}
	// Finished while loading, and stored. The markdown renderer writes only
	// what it has escaped itself.
	return "", r.blobs.AppendTo(p.out, in.HTML)
}

// summary is the first paragraph of an incident's body as plain text, cut
// to about 300 characters, for descriptions and feeds (see markdown.Summary).
func (r *Renderer) summary(in *index.Incident) (string, error) {
	if t := r.translation(in); t != nil && t.Summary != "" {
		return t.Summary, nil
	}
	if in.Summary != "" {
		return in.Summary, nil
	}
	return r.blobs.Get(in.SummaryRef)
}

// money writes an amount for readers: "GBP 500,000" in English, "GBP
// 500.000" in Dutch and German; "" for none.
func money(lang string, amount int64, currency string) string {
	if amount == 0 {
		return ""
	}
	return currency + " " + i18n.Number(lang, amount)
}

func (r *Renderer) money(amount int64, currency string) string {
	return money(r.lang, amount, currency)
}

// count writes a count in the renderer's language: "at most 9,885
// accounts", "hooguit 9.885 accounts".
func (r *Renderer) count(c content.Count) string {
	s := r.table.N("unit-"+c.Unit, c.Count)
	if c.Qualifier != "" {
		s = i18n.Fill(r.table.T("qualifier-"+c.Qualifier), "count", s)
	}
	return s
}

// says writes what one side says on a disputed point in the renderer's
// language (a point's text stays in the words the entry gives it).
func (r *Renderer) says(v index.Value) string {
	return v.Format(r.count, func(state, as string) string {
		s := r.table.T("value-" + state)
		if as != "" {
			s = i18n.Fill(r.table.T("value-as"), "value", s, "field", r.termName(index.Data, as))
		}
		return s
	})
}

// labels are the timeline's labels in the renderer's language.
func (r *Renderer) labels() Labels {
	return Labels{
		Mark: func(in *index.Incident) string { return i18n.Date(r.lang, in.Date.Date) + ": " + r.incidentTitle(in) },
		Year: func(y, n int) string { return strconv.Itoa(y) + ": " + r.table.N("incidents", int64(n)) },
	}
}

// Human writes a date for readers in English at its own precision:
// "2023", "January 2023", "9 December 2019", "28 July – 3 August 2025" (a
// duration); a window as "on or before 1 March 2021" or "between 28 July
// and 3 August 2025": the export's "human" and the chart's labels. Pages
// write dates in the site's language (humanPoint; i18n.Date).
func Human(d date.Date) string { return i18n.Date("en", d) }

// YearGroup is the incidents of one year, for timelines grouped by year.
type YearGroup struct {
	Year      int
	Incidents []*index.Incident
}

// ByYear groups incidents (newest first) by year.
func ByYear(ins []*index.Incident) []YearGroup {
	var out []YearGroup
	for _, in := range ins {
		if n := len(out); n == 0 || out[n-1].Year != in.Year {
			out = append(out, YearGroup{Year: in.Year})
		}
		out[len(out)-1].Incidents = append(out[len(out)-1].Incidents, in)
	}
	return out
}

// item is an incident's entry in a timeline list, rendered once and reused on
// every list that shows it; via is the variant for an airline's timeline
// that shows the incident through the airline's programme.
func (r *Renderer) item(in *index.Incident, via bool) (template.HTML, error) {
	c := r.fragsOf(in)
	if c == nil {
		return "", fmt.Errorf("no list item for %s", in.ID)
	}
	v, name := &c.item, "incident-item"
	if via {
		v, name = &c.via, "incident-item-via"
	}
	return r.once(v, name, in)
}

// noticeOn is the notice an incident's airline gave, on that airline's
// timeline, or nil: there the list item says what the notice said.
func noticeOn(t *index.Term, in *index.Incident) *content.Notice {
	if t == nil || t.Kind != index.Airlines || len(in.Notices) == 0 {
		return nil
	}
	return in.Notice(t.Key)
}

// itemList is the list items of several incidents, in order: one template
// call for a whole list rather than one per incident. The items go straight
// into the page's output, where the call stands, and the call itself yields
// nothing: a timeline page's list is a hundred kilobytes, which as a string
// would be made and then copied again by the template's printing.
func (r *Renderer) itemList(p *Page, ins []*index.Incident) (template.HTML, error) {
	var b strings.Builder
	out := io.Writer(&b)
	if p.out != nil {
		out = p.out
	}
	for _, in := range ins {
		var h template.HTML
		var err error
		via := p.Term != nil && p.Term.Via[in]
		if n := noticeOn(p.Term, in); n != nil {
			h, err = r.partial("incident-item-notice", in.ID+"\x00"+n.Airline, index.NoticeItem{Incident: in, Notice: n})
		} else if via && in.Programme == "" {
			// Through one of its notices' programmes: the airline's own.
			prog := ""
			if a := r.x.Config.Airline(p.Term.Key); a != nil {
				prog = a.Programme
			}
			h, err = r.partial("incident-item-via-programme", in.ID+"\x00"+prog, index.ViaItem{Incident: in, Programme: prog})
		} else {
			h, err = r.item(in, p.Term != nil && p.Term.Via[in])
		}
		if err != nil {
			return "", err
		}
		io.WriteString(out, string(h))
	}
	return template.HTML(b.String()), nil
}
