// Package content reads incident entries: Markdown files with YAML front
// matter. It splits and decodes one file into an Incident, checks the rules
// that need nothing but that one file (dates in order, the id's form, lists
// that contradict themselves), and records every vocabulary key and link it
// meets with its position, for the validate stage to resolve against the
// config and the other entries.
//
// content knows nothing of the config, of HTML or of the file system: it is
// handed a path and the file's bytes. It imports blob (where a body is
// kept), date, diag and schema.
package content

import (
	"reflect"
	"time"

	"breachline/generator/internal/blob"
	"breachline/generator/internal/date"
	"breachline/generator/internal/schema"
)

// Incident is one entry. Field tags are the entry format: see the schema
// package for what they mean.
type Incident struct {
	ID   string // the file name without .md; also the URL slug
	Path string // slash-separated, relative to the site root

	Title     string    `yaml:"title" check:"required,maxlen=200" doc:"a one-line headline of at most 200 characters"`
	Date      date.When `yaml:"date" check:"required" doc:"when it happened: YYYY, YYYY-MM or YYYY-MM-DD (at that precision); A/B (it lasted from A to B); ..B (at some time on or before B) or A..B (at some time between A and B), when only a window is known"`
	Disclosed date.Date `yaml:"disclosed" doc:"when it became public; same forms as date"`
	Airlines  []string  `yaml:"airlines" check:"required,vocab=airlines" doc:"keys of config.yaml airlines"`
	Programme string    `yaml:"programme" check:"vocab=programmes" doc:"a key of config.yaml programmes"`
	Supplier  string    `yaml:"supplier" check:"vocab=suppliers" doc:"the supplier whose system was breached: a key of config.yaml suppliers"`
	Vector    string    `yaml:"vector" check:"required,vocab=vectors" doc:"the attack vector: a key of config.yaml vectors"`
	Basis     Basis     `yaml:"basis" doc:"how the vector and the programme's involvement are known, when the operator did not state them"`
	Status    string    `yaml:"status" check:"required,enum=confirmed|reported|disputed" doc:"confirmed by the operator, reported by others only, or disputed"`
	Actors    []Actor   `yaml:"actors" doc:"who is said to be behind it"`
	Affected  []Count   `yaml:"affected" doc:"how many were affected, one item per unit"`
	Data      Data      `yaml:"data" doc:"the data fields exposed and those stated not exposed; with notices, only what the supplier itself stated"`
	Notices   []Notice  `yaml:"notices" check:"max=100" doc:"for a breach at a supplier that reached several airlines: what each airline said of its own members, one item per airline, backed by the sources whose claims are about it"`
	Points    []Point   `yaml:"points" doc:"points other than data fields and counts on which sources disagree (times, misuse, cause)"`
	Letters   []Letter  `yaml:"letters" check:"max=20" doc:"how the notice to members read, so that a member holding one can tell which incident it is: sender, when, how, its subject and distinctive words, from the sources that show it"`
	Sources   []Source  `yaml:"sources" check:"required" doc:"at least one source: publisher, title, url, language"`
	Timeline  []Event   `yaml:"timeline" doc:"events within the incident, in order"`
	Actions   []Action  `yaml:"actions" check:"max=100" doc:"what regulators, police and governments did about it: notified, investigated, fined, in order"`
	Cases     []Case    `yaml:"cases" check:"max=100" doc:"court cases about it: lawsuits, injunctions, prosecutions, appeals"`
	Related   []Ref     `yaml:"related" check:"max=100" doc:"ids of related entries"`

	// An entry's id is permanent: its pages, API file and feed id keep it.
	Aliases     []Ref        `yaml:"aliases" check:"max=20" doc:"the ids this entry was published under before (a file renamed): each keeps its URL, as a page that leads here"`
	Corrections []Correction `yaml:"corrections" check:"max=100" doc:"corrections of a published entry, oldest first: when, what field, what it said before, and why; a correction of date or disclosed lets the id keep the date it was published with"`
	Withdrawn   *Withdrawal  `yaml:"withdrawn" doc:"set when the entry is withdrawn (not an incident after all, or a duplicate): its page stays, saying so and why, and it leaves every list and count"`

	Translations []Translation `yaml:"translations" doc:"the title and a summary in each other language the site is published in, keyed by language (nl, de), written by us from the English and the sources"`

	Body     []byte // the Markdown after the front matter; nil once a build has stored it
	BodyLine int    // the file line the body starts on
	FastYAML bool   // the front matter was read by schema's fast reader, not yaml.v3 (for the bench)

	// Set while loading: the first paragraph as plain text. A build then
	// moves it, the rendered body and the Markdown to its blob store.
	Summary                    string
	SummaryRef, HTML, Markdown blob.Ref

	Refs []schema.Ref // vocabulary keys used, with positions, for validation

	// Unread lists the fields a problem was reported with, by the decoder
	// or by Parse's own rules, such as "sources[1].claims.exposed" (nil when
	// there is none): a rule that would only say again what that problem
	// means leaves them alone.
	Unread []string

	// SupplierAt is where supplier's value stands: the rules across
	// entries report there, and they run after a build has dropped Refs.
	SupplierAt Place

	Changed   date.Date // the day the file was last committed, when a build knows it
	Published date.Date // the day it was first committed (under any of its ids), when a build knows it
	History   []Change  // the commits that changed it, newest first, when a build knows them
}

// Change is one commit that changed an entry's file.
type Change struct {
	Hash    string
	When    time.Time
	Subject string
}

// Basis says how the entry's vector and its programme's involvement are
// known. Left out, each is what the operator stated.
type Basis struct {
	Vector    Fact `yaml:"vector" doc:"how the attack vector is known"`
	Programme Fact `yaml:"programme" doc:"how it is known that the programme's (members') data were involved"`
}

// Fact is how one fact is known: stated by the operator, reported by the
// press (or others) without the operator's word, suspected by a named
// party, or (for a programme's involvement) not established.
type Fact struct {
	As   string `yaml:"as" json:"as" check:"enum=stated|reported|suspected|not-established" doc:"stated (by the operator; the same as leaving it out), reported (by the press or others, not by the operator), suspected (by whom: by), or not-established (for a programme: no source shows members' data were involved)"`
	By   string `yaml:"by" json:"by,omitempty" check:"maxlen=200" doc:"who reported or suspected it (a publisher, researchers, an authority)"`
	Note string `yaml:"note" json:"note,omitempty" check:"maxlen=500" doc:"on what it rests, in a sentence of our own words"`
	At   Place  `json:"-"`
}

// SetPos records where the fact stands.
func (f *Fact) SetPos(line, col int) { f.At = Place{line, col} }

// Stated reports whether the fact is the operator's word (or left out,
// which means so).
func (f Fact) Stated() bool { return f.As == "" || f.As == "stated" }

// Notice is what one airline said of a supplier's breach: its own date of
// telling, its members' data and counts. Its facts rest on the sources
// whose claims are about its airline (claims.about).
type Notice struct {
	Airline   string    `yaml:"airline" check:"required,vocab=airlines" doc:"the airline that gave this notice: one of the entry's airlines"`
	Programme string    `yaml:"programme" check:"vocab=programmes" doc:"its programme, whose members' data were involved"`
	Date      date.When `yaml:"date" doc:"when it happened, as this airline gave it, if it differs from the entry's date"`
	Disclosed date.Date `yaml:"disclosed" doc:"when this airline told its members or the public"`
	Affected  []Count   `yaml:"affected" doc:"how many of this airline's members were affected"`
	Data      Data      `yaml:"data" doc:"this airline's members' data exposed and stated not exposed"`
	At        Place
}

// SetPos records where the notice stands.
func (n *Notice) SetPos(line, col int) { n.At = Place{line, col} }

// Notice is the notice of airline, or nil.
func (inc *Incident) Notice(airline string) *Notice {
	for i := range inc.Notices {
		if inc.Notices[i].Airline == airline {
			return &inc.Notices[i]
		}
	}
	return nil
}

// DataOf is the data an incident records for one of its airlines: its
// notice's, when it has one, and else the incident's own ("" for the
// incident's own).
func (inc *Incident) DataOf(airline string) Data {
	if n := inc.Notice(airline); airline != "" && n != nil {
		return n.Data
	}
	return inc.Data
}

// Letter is how one notice to members read, as a source shows it.
type Letter struct {
	Airline string    `yaml:"airline" check:"vocab=airlines" doc:"the airline that sent it, for a breach at a supplier: one of the entry's airlines"`
	From    string    `yaml:"from" check:"required,maxlen=200" doc:"the sender as members saw it (a name, or an address a source shows)"`
	Sent    date.Date `yaml:"sent" doc:"when it was sent (YYYY, YYYY-MM or YYYY-MM-DD), as the sources give it"`
	Channel string    `yaml:"channel" check:"enum=e-mail|letter|sms|app|website|phone" doc:"how: e-mail, letter, sms, app, website or phone"`
	Lang    string    `yaml:"language" check:"required,vocab=languages" doc:"the language it was written in (of subject and quote): a key of languages"`
	Subject string    `yaml:"subject" check:"maxlen=300" doc:"its subject line, word for word as a source quotes it"`
	Quote   string    `yaml:"quote" check:"maxlen=500" doc:"its most telling words, word for word as a source quotes them (a quotation: the page marks and attributes it)"`
	Sources []int     `yaml:"sources" check:"required" doc:"the numbers of the entry's sources that show it, counting from 1 as the page shows them"`
	At      Place
}

// SetPos records where the letter stands.
func (l *Letter) SetPos(line, col int) { l.At = Place{line, col} }

// Correction is one correction of a published entry.
type Correction struct {
	Date    date.Date `yaml:"date" json:"-" check:"required" doc:"when it was corrected: YYYY-MM-DD"`
	Field   string    `yaml:"field" json:"field,omitempty" check:"enum=title|date|disclosed|airlines|programme|supplier|vector|status|affected|data|notices|sources|actions|cases|body" doc:"the field corrected, if one: title, date, disclosed, airlines, programme, supplier, vector, status, affected, data, notices, sources, actions, cases or body"`
	Was     string    `yaml:"was" json:"was,omitempty" check:"maxlen=300" doc:"what it said before, such as 2013/2024 for a date"`
	Summary string    `yaml:"summary" json:"summary" check:"required,maxlen=500" doc:"what was wrong and on what the correction rests, in a sentence of our own words"`
	At      Place     `json:"-"`
}

// SetPos records where the correction stands.
func (c *Correction) SetPos(line, col int) { c.At = Place{line, col} }

// Withdrawal is why and when an entry was withdrawn.
type Withdrawal struct {
	Date   date.Date `yaml:"date" json:"-" check:"required" doc:"when it was withdrawn: YYYY-MM-DD"`
	Reason string    `yaml:"reason" json:"reason" check:"required,maxlen=500" doc:"why, in a sentence of our own words (a duplicate names the entry it duplicates in duplicate_of)"`
	Of     Ref       `yaml:"duplicate_of" json:"duplicate_of,omitzero" doc:"for a duplicate, the id of the entry that records the incident"`
	At     Place     `json:"-"`
}

// SetPos records where the withdrawal stands.
func (w *Withdrawal) SetPos(line, col int) { w.At = Place{line, col} }

// Translation is an entry's title and summary in another language of the
// site.
type Translation struct {
	Lang    string `yaml:",key"`
	Title   string `yaml:"title" check:"required,maxlen=200" doc:"the headline in that language"`
	Summary string `yaml:"summary" check:"required,maxlen=700" doc:"one to three sentences in that language: what happened, to whom, what was exposed"`
	Body    Body   `yaml:"body" doc:"the whole body in that language, as Markdown in a literal block (body: | and the text on the lines below, indented); left out, the page shows the English body, marked as English"`
	At      Place

	HTML blob.Ref // the body, rendered while loading; zero when there is none
}

// Body is a translated body: Markdown written in the front matter as a
// literal block. Line and Col are where its first line's text starts in
// the file, so that its problems are reported where they stand.
type Body struct {
	Src       []byte
	Line, Col int
	at        Place // where the YAML value stands: its "|"
}

// UnmarshalText keeps the Markdown.
func (b *Body) UnmarshalText(t []byte) error {
	b.Src = append([]byte(nil), t...)
	return nil
}

// SetPos records where the value stands.
func (b *Body) SetPos(line, col int) { b.at = Place{line, col} }

// SetPos records where the translation stands.
func (t *Translation) SetPos(line, col int) { t.At = Place{line, col} }

// Action is one thing an authority did about an incident. Its facts rest
// on the sources it lists.
type Action struct {
	Authority string    `yaml:"authority" json:"authority" check:"required,vocab=authorities" doc:"a key of config.yaml authorities"`
	Action    string    `yaml:"action" json:"action" check:"required,enum=notified|complaint|investigation-opened|investigation-closed|compliance-check|reprimand|enforcement-notice|fine|fine-proposed|undertaking|no-action|arrest|charge|conviction|appeal-upheld|appeal-dismissed" doc:"what it did or received: notified (it was told of the breach, by a notice or a filing), complaint (a complaint was lodged with it), investigation-opened, investigation-closed, compliance-check, reprimand, enforcement-notice, fine, fine-proposed (a notice of intent), undertaking, no-action, arrest, charge, conviction, appeal-upheld, appeal-dismissed"`
	Date      date.Date `yaml:"date" json:"-" check:"required" doc:"when: YYYY, YYYY-MM or YYYY-MM-DD"`
	Amount    int64     `yaml:"amount" json:"amount,omitempty" doc:"for a fine: the amount in whole units of its currency, digits only (500000)"`
	Currency  string    `yaml:"currency" json:"currency,omitempty" doc:"for a fine: its ISO 4217 code, such as GBP or EUR"`
	Reference string    `yaml:"reference" json:"reference,omitempty" check:"maxlen=200" doc:"the decision's, notice's or case's number"`
	Summary   string    `yaml:"summary" json:"summary" check:"required,maxlen=600" doc:"what it decided or did, in a sentence of our own words"`
	Sources   []int     `yaml:"sources" json:"sources" check:"required" doc:"the numbers of the entry's sources that say so, counting from 1 as the page shows them"`
	At        Place     `json:"-"`
}

// SetPos records where the action stands.
func (a *Action) SetPos(line, col int) { a.At = Place{line, col} }

// Case is one court case about an incident.
type Case struct {
	Court    string    `yaml:"court" json:"court" check:"required,vocab=authorities" doc:"the court: a key of config.yaml authorities (kind court)"`
	Kind     string    `yaml:"kind" json:"kind" check:"required,enum=class-action|lawsuit|injunction|prosecution|appeal|settlement" doc:"class-action, lawsuit, injunction, prosecution, appeal or settlement"`
	Title    string    `yaml:"title" json:"title" check:"required,maxlen=300" doc:"the parties, as the case is known (Allison v. Air France)"`
	Number   string    `yaml:"number" json:"number,omitempty" check:"maxlen=100" doc:"the case number"`
	Filed    date.Date `yaml:"filed" json:"-" check:"required" doc:"when it was filed or began"`
	Status   string    `yaml:"status" json:"status" check:"required,enum=pending|granted|dismissed|settled|decided|withdrawn|unknown" doc:"pending, granted (an injunction or order), dismissed, settled, decided, withdrawn, or unknown"`
	Decided  date.Date `yaml:"decided" json:"-" doc:"when it was decided, settled or dismissed"`
	Amount   int64     `yaml:"amount" json:"amount,omitempty" doc:"a settlement's or award's amount in whole units of its currency, digits only"`
	Currency string    `yaml:"currency" json:"currency,omitempty" doc:"its ISO 4217 code"`
	Summary  string    `yaml:"summary" json:"summary" check:"required,maxlen=600" doc:"what it is about and where it stands, in a sentence of our own words"`
	Sources  []int     `yaml:"sources" json:"sources" check:"required" doc:"the numbers of the entry's sources that say so, counting from 1"`
	At       Place     `json:"-"`
}

// SetPos records where the case stands.
func (c *Case) SetPos(line, col int) { c.At = Place{line, col} }

// Place is where an item of a list stood in its file (line and column
// from 1; zero when it was not decoded from a file), recorded while
// decoding, so that a rule about the item can point at it.
type Place struct{ Line, Col int }

// Actor is someone claimed, attributed or suspected to be behind an incident.
type Actor struct {
	Name        string `yaml:"name" json:"name" check:"required,maxlen=200" doc:"the actor's usual name"`
	Attribution string `yaml:"attribution" json:"attribution" check:"required,enum=claimed|attributed|suspected" doc:"claimed (by the actor), attributed (by the operator or authorities) or suspected (by press or researchers)"`
	By          string `yaml:"by" json:"by,omitempty" doc:"who claimed, attributed or suspected it"`
	At          Place  `json:"-"`
}

// JSONSchemaRules says in the JSON Schema what validate holds an actor to:
// a suspected or attributed actor says by whom.
func (*Actor) JSONSchemaRules() map[string]any {
	return map[string]any{
		"if": map[string]any{
			"properties": map[string]any{"attribution": map[string]any{"enum": []string{"attributed", "suspected"}}},
			"required":   []string{"attribution"},
		},
		"then": map[string]any{
			"properties": map[string]any{"by": map[string]any{"type": "string", "pattern": `\S`}},
			"required":   []string{"by"},
		},
	}
}

// SetPos records where the actor stands.
func (a *Actor) SetPos(line, col int) { a.At = Place{line, col} }

// Count is one figure of how many were affected.
type Count struct {
	Count     int64  `yaml:"count" json:"count" check:"required" doc:"a whole number"`
	Unit      string `yaml:"unit" json:"unit" check:"required,enum=members|accounts|logins|records|people" doc:"what was counted"`
	Qualifier string `yaml:"qualifier" json:"qualifier,omitempty" check:"enum=at-most|at-least|about" doc:"leave out for an exact figure"`
	At        Place  `json:"-"`
}

// SetPos records where the count stands.
func (c *Count) SetPos(line, col int) { c.At = Place{line, col} }

// Same reports whether two counts give the same figure (wherever they stand).
func (c Count) Same(o Count) bool {
	return c.Count == o.Count && c.Unit == o.Unit && c.Qualifier == o.Qualifier
}

// Data lists data fields by their config.yaml keys.
type Data struct {
	Exposed    []string  `yaml:"exposed" check:"vocab=data" doc:"data fields exposed"`
	NotExposed []string  `yaml:"not_exposed" check:"vocab=data" doc:"data fields the operator said were not exposed"`
	Period     date.Date `yaml:"period" doc:"the period the data involved cover (such as the members' records of 2010 to 2019), when a source gives one: never when the incident happened"`
	PeriodAt   Place
}

// Source is one publication an incident's facts rest on.
type Source struct {
	Publisher   string     `yaml:"publisher" check:"required" doc:"who published it"`
	Title       string     `yaml:"title" check:"required" doc:"the headline"`
	URL         schema.URL `yaml:"url" doc:"an http(s) address: the original publication's where it is known"`
	ReadAt      schema.URL `yaml:"read_at" doc:"the address of the copy that was read, when it is not url's page (a mirror, an aggregator, an archive)"`
	Language    string     `yaml:"language" check:"required,vocab=languages" doc:"a key of config.yaml languages"`
	Published   date.Date  `yaml:"published" doc:"publication date; same forms as date"`
	Reliability string     `yaml:"reliability" check:"enum=high|low" doc:"high (the default) or low: low sources are shown, marked, and never decide a fact"`
	Note        string     `yaml:"note" doc:"e.g. where a stored copy was read"`
	Claims      Claims     `yaml:"claims" doc:"what this source states"`
	At          Place
}

// SetPos records where the source stands.
func (s *Source) SetPos(line, col int) { s.At = Place{line, col} }

// Low reports whether the source is marked low-reliability.
func (s Source) Low() bool { return s.Reliability == "low" }

// Claims are what one source states, for the "sources disagree" table.
type Claims struct {
	About      string       `yaml:"about" json:"about,omitempty" check:"vocab=airlines" doc:"in an entry with notices, the airline whose notice these claims are about (left out: the breach as a whole)"`
	From       string       `yaml:"from" json:"from,omitempty" check:"enum=operator|regulator|court|researcher" doc:"whose word these claims carry, when it is not the source's own reporting: operator (its notice, statement or filing, read directly or as the source quotes it), regulator, court or researcher"`
	Exposed    []string     `yaml:"exposed" json:"exposed" check:"vocab=data" doc:"data fields this source says were exposed"`
	NotExposed []string     `yaml:"not_exposed" json:"not_exposed" check:"vocab=data" doc:"data fields this source says were not exposed"`
	Affected   []Count      `yaml:"affected" json:"affected" doc:"counts this source gives"`
	Statements []string     `yaml:"statements" json:"statements" doc:"other claims, in our own words (misuse, times, cause)"`
	Points     []PointClaim `yaml:"points" json:"points,omitempty" doc:"what this source says on points the entry lists under points"`
}

// Point is one point, other than a data field or a count, on which the
// sources disagree: each source's claim on it is a PointClaim, and the page
// shows them side by side in a "sources disagree" row.
type Point struct {
	Key     string `yaml:"key" json:"key" check:"required,slug" doc:"a short key that sources' claims use, such as start-time"`
	Point   string `yaml:"point" json:"point" check:"required" doc:"what is disputed, for readers, such as \"when the fault began\""`
	Records string `yaml:"records" json:"records,omitempty" doc:"what this entry takes as the fact, if anything"`
	At      Place  `json:"-"`
}

// SetPos records where the point stands.
func (p *Point) SetPos(line, col int) { p.At = Place{line, col} }

// PointClaim is what one source says on one of the entry's points.
type PointClaim struct {
	Key  string `yaml:"key" json:"key" check:"required" doc:"the key of one of the entry's points"`
	Says string `yaml:"says" json:"says" check:"required" doc:"what this source says on it, in our own words"`
}

// Event is one step of an incident's own timeline.
type Event struct {
	At   date.Moment `yaml:"at" check:"required" doc:"a date, or a date-time with offset such as 2019-12-09T16:00+01:00"`
	What string      `yaml:"what" check:"required" doc:"what happened, in a few words"`
}

// Ref is a reference to another entry by id, with where it was written.
type Ref struct {
	ID        string
	Line, Col int
}

// UnmarshalText takes the id as written; validate checks that it exists.
func (r *Ref) UnmarshalText(b []byte) error {
	r.ID = string(b)
	return nil
}

// MarshalText writes the id.
func (r Ref) MarshalText() ([]byte, error) { return []byte(r.ID), nil }

// SetPos records where the reference stands.
func (r *Ref) SetPos(line, col int) { r.Line, r.Col = line, col }

// JSONSchema describes a reference as an id.
func (r *Ref) JSONSchema() map[string]any {
	return map[string]any{"type": "string", "pattern": idRE.String()}
}

// JSONSchemaRules says in the JSON Schema what validate holds an entry to
// that a schema can say: at least one source is of high reliability.
func (*Incident) JSONSchemaRules() map[string]any {
	low := map[string]any{"properties": map[string]any{"reliability": map[string]any{"const": "low"}}, "required": []string{"reliability"}}
	return map[string]any{"allOf": []any{map[string]any{
		"properties": map[string]any{"sources": map[string]any{"contains": map[string]any{"not": low}}},
	}}}
}

// JSONSchema is the JSON Schema of an entry's front matter, from the same
// struct tags Parse decodes with. With vocab, vocabulary keys are
// enumerated, so editors can offer them.
func JSONSchema(id string, vocab schema.Vocab) map[string]any {
	return schema.JSONSchema(reflect.TypeFor[Incident](), id, "Breachline incident (the front matter of "+Dir+"/<year>/<id>.md)", vocab)
}
