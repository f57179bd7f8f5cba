// Package synth writes a synthetic Breachline site for benchmarks: a
// config.yaml with about 60 airlines, 12 vectors, 25 data fields and 3
// languages, and N entries in the real format with bodies of 300–800 words.
// The same seed always gives the same files, byte for byte.
//
// synth imports nothing of Breachline: it writes text a real contributor
// could have written, so the benchmark exercises the real parser.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Vocabulary sizes, as the performance issue sets them.
const (
	Airlines  = 60
	Vectors   = 12
	DataKeys  = 25
	Languages = 3
)

var langs = []string{"en", "nl", "de"}

var words = strings.Fields(`the airline said members loyalty programme account data breach attackers accessed
customer records platform third party vendor notified authorities investigation passwords reset
phishing e-mails warned travellers miles points balance tier status booking reference names
addresses phone numbers dates of birth exposed statement press release security team contained
incident detected unusual activity contact centre service provider credentials stuffing login
session error maintenance window systems affected customers informed regulator privacy office
report counts estimate disputed confirmed sources disagree timeline week month later earlier
frequent flyer number membership card redemption fraud monitoring advice change password enable`)

// AirlineKey, VectorKey and DataKey name the synthetic vocabulary.
func AirlineKey(i int) string { return fmt.Sprintf("airline-%02d", i) }
func VectorKey(i int) string  { return fmt.Sprintf("vector-%02d", i) }
func DataKey(i int) string    { return fmt.Sprintf("field-%02d", i) }

// ProgrammeKey names the programme of every fourth airline.
func ProgrammeKey(i int) string { return fmt.Sprintf("programme-%02d", i/4) }

// Write creates dir (which must not exist or be empty) with config.yaml and
// n entries under content/incidents/, in English alone.
func Write(dir string, n int, seed uint64) error { return WriteIn(dir, n, seed, nil) }

// WriteIn is Write for a site also published in the languages also (such
// as nl, de): the config's vocabularies and every entry get a title and
// summary in each. The entries are otherwise the same as Write's, seed for
// seed.
func WriteIn(dir string, n int, seed uint64, also []string) error {
	return WriteShaped(dir, n, seed, Light, also)
}

// WriteShaped is WriteIn for entries of the given shape.
func WriteShaped(dir string, n int, seed uint64, shape Shape, also []string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("synth: %s is not empty", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(ConfigIn(also)), 0o644); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	made := map[string]bool{}
	for i := range n {
		e := NewEntryShaped(r, i, shape)
		if len(also) > 0 {
			e.Text = e.withTranslations(also)
		}
		year := e.ID[:4]
		if !made[year] {
			if err := os.MkdirAll(filepath.Join(dir, "content/incidents", year), 0o755); err != nil {
				return err
			}
			made[year] = true
		}
		if err := os.WriteFile(filepath.Join(dir, "content/incidents", year, e.ID+".md"), []byte(e.Text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Config returns the synthetic config.yaml.
func Config() string { return ConfigIn(nil) }

// ConfigIn is the config of a site also published in the languages also,
// each vocabulary entry with its text in them.
func ConfigIn(also []string) string {
	var b strings.Builder
	tr := func(name, desc, advice string) string {
		if len(also) == 0 {
			return ""
		}
		var t strings.Builder
		t.WriteString("    translations:\n")
		for _, l := range also {
			fmt.Fprintf(&t, "      %s: {name: %q", l, name+" ("+l+")")
			if desc != "" {
				fmt.Fprintf(&t, ", description: %q", desc+" ("+l+")")
			}
			if advice != "" {
				fmt.Fprintf(&t, ", advice: %q", advice+" ("+l+")")
			}
			t.WriteString("}\n")
		}
		return t.String()
	}
	b.WriteString("title: Synthetic Breachline\ndescription: A synthetic corpus for benchmarks.\nbase_url: https://bench.example/\nlanguage: en\n")
	if len(also) > 0 {
		fmt.Fprintf(&b, "also: [%s]\ntranslations:\n", strings.Join(also, ", "))
		for _, l := range also {
			fmt.Fprintf(&b, "  %s: {description: \"A synthetic corpus for benchmarks (%s).\"}\n", l, l)
		}
		b.WriteString("languages:\n")
		for _, l := range [][2]string{{"en", "English"}, {"nl", "Dutch"}, {"de", "German"}} {
			fmt.Fprintf(&b, "  %s:\n    name: %s\n%s", l[0], l[1], tr(l[1], "", ""))
		}
	} else {
		b.WriteString("languages:\n  en: {name: English}\n  nl: {name: Dutch}\n  de: {name: German}\n")
	}
	b.WriteString("airlines:\n")
	for i := range Airlines {
		fmt.Fprintf(&b, "  %s:\n    name: Airline %02d\n    country: Country %d\n", AirlineKey(i), i, i%20)
		if i%4 == 0 {
			fmt.Fprintf(&b, "    programme: %s\n", ProgrammeKey(i))
		}
	}
	b.WriteString("programmes:\n")
	for i := 0; i < Airlines; i += 4 {
		fmt.Fprintf(&b, "  %s:\n    name: Programme %02d\n    airlines: [%s]\n", ProgrammeKey(i), i/4, AirlineKey(i))
	}
	b.WriteString("vectors:\n")
	for i := range Vectors {
		fmt.Fprintf(&b, "  %s:\n    name: Vector %02d\n    description: How attackers got in, variant %d.\n    veris: [\"action.hacking.variety: Variant %d\"]\n", VectorKey(i), i, i, i)
		b.WriteString(tr(fmt.Sprintf("Vector %02d", i), fmt.Sprintf("How attackers got in, variant %d.", i), ""))
	}
	b.WriteString("data:\n")
	for i := range DataKeys {
		fmt.Fprintf(&b, "  %s:\n    name: Field %02d\n    description: A kind of personal data, number %d.\n    advice: Watch for misuse of field %d.\n    veris: Personal\n", DataKey(i), i, i, i)
		b.WriteString(tr(fmt.Sprintf("Field %02d", i), fmt.Sprintf("A kind of personal data, number %d.", i), fmt.Sprintf("Watch for misuse of field %d.", i)))
	}
	return b.String()
}

// Entry is one synthetic incident.
type Entry struct {
	ID        string
	Title     string
	Date      string
	Airlines  []string
	Programme string
	Vector    string
	Exposed   []string
	Sources   []Source
	Timeline  [][2]string // heavy entries: at, what
	Body      string
	Text      string // the whole file
}

// Source is a synthetic source.
type Source struct {
	Publisher, Title, URL, Language string
	Statements                      []string // heavy entries: other claims
}

func pick(r *rand.Rand, n, lo, hi int, key func(int) string) []string {
	k := lo + r.IntN(hi-lo+1)
	perm := r.Perm(n)[:k]
	out := make([]string, k)
	for i, p := range perm {
		out[i] = key(p)
	}
	return out
}

func sentence(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[r.IntN(len(words))]
	}
	ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
	return strings.Join(ws, " ") + "."
}

// Shape is how heavy a corpus's entries are.
type Shape int

const (
	// Light bodies: paragraphs, a list, a table in one entry in five, one
	// code block in ten; one to three sources. The bench's corpus until
	// issue 20, kept for comparison.
	Light Shape = iota
	// Heavy bodies, in the shape of real reporting: 300–800 words, a GFM
	// table in a third, fenced code in a tenth (in several languages),
	// Dutch or German blockquotes in a quarter, lists and links; two to
	// five sources, each with its claims and statements; a timeline.
	Heavy
)

// ParseShape reads a shape's name: light or heavy.
func ParseShape(name string) (Shape, error) {
	switch name {
	case "light", "":
		return Light, nil
	case "heavy":
		return Heavy, nil
	}
	return Light, fmt.Errorf("--shape %q: want light or heavy", name)
}

// NewEntry makes entry number i, light.
func NewEntry(r *rand.Rand, i int) Entry { return NewEntryShaped(r, i, Light) }

// NewEntryShaped makes entry number i in the given shape.
func NewEntryShaped(r *rand.Rand, i int, shape Shape) Entry {
	year := 1995 + r.IntN(31)
	month := 1 + r.IntN(12)
	day := 1 + r.IntN(28)
	e := Entry{
		Date:     fmt.Sprintf("%04d-%02d-%02d", year, month, day),
		Airlines: pick(r, Airlines, 1, 3, AirlineKey),
		Vector:   VectorKey(r.IntN(Vectors)),
		Exposed:  pick(r, DataKeys, 3, 8, DataKey),
	}
	switch r.IntN(4) { // some dates are less precise
	case 0:
		e.Date = e.Date[:7]
	case 1:
		e.Date = e.Date[:4]
	}
	e.ID = fmt.Sprintf("%s-synthetic-incident-%06d", e.Date, i)
	e.Title = fmt.Sprintf("Incident %d: %s", i, strings.TrimSuffix(sentence(r, 6), "."))
	for _, a := range e.Airlines {
		var idx int
		fmt.Sscanf(a, "airline-%d", &idx)
		if idx%4 == 0 {
			e.Programme = ProgrammeKey(idx)
			break
		}
	}
	nsrc := 1 + r.IntN(3)
	if shape == Heavy {
		nsrc = 2 + r.IntN(4)
	}
	for s := range nsrc {
		lang := langs[r.IntN(Languages)]
		src := Source{
			Publisher: fmt.Sprintf("Publisher %d", r.IntN(200)),
			Title:     strings.TrimSuffix(sentence(r, 7), "."),
			URL:       fmt.Sprintf("https://news%d.example/%d/%d", r.IntN(50), i, s),
			Language:  lang,
		}
		if shape == Heavy {
			for range 1 + r.IntN(3) {
				src.Statements = append(src.Statements, strings.TrimSuffix(sentence(r, 8+r.IntN(8)), "."))
			}
		}
		e.Sources = append(e.Sources, src)
	}
	if shape == Heavy {
		e.Body = heavyBody(r, i)
		e.Timeline = [][2]string{{e.Date, strings.TrimSuffix(sentence(r, 5), ".")}}
	} else {
		e.Body = body(r, i)
	}
	e.Text = e.render()
	return e
}

// heavyBody writes the body of a heavy entry.
func heavyBody(r *rand.Rand, i int) string {
	target := 300 + r.IntN(501)
	var b strings.Builder
	written, para := 0, 0
	code := []string{"go", "python", "javascript", "sql", "json", "bash"}
	quote := [][]string{
		{"volgens", "de", "maatschappij", "zijn", "gegevens", "van", "leden", "ingezien", "door", "een", "onbevoegde", "partij", "bij", "het", "spaarprogramma"},
		{"nach", "Angaben", "der", "Fluggesellschaft", "wurden", "Daten", "von", "Mitgliedern", "des", "Vielfliegerprogramms", "von", "Unbefugten", "eingesehen"},
	}
	for written < target || para < 6 {
		switch {
		case para == 2:
			b.WriteString("## What was exposed\n\n")
			for range 3 + r.IntN(5) {
				s := sentence(r, 5+r.IntN(8))
				b.WriteString("- " + s + "\n")
				written += strings.Count(s, " ") + 1
			}
			b.WriteString("\n")
		case para == 3 && i%3 == 0:
			b.WriteString("| source | when | says |\n| --- | --- | --- |\n")
			for range 4 + r.IntN(5) {
				fmt.Fprintf(&b, "| Publisher %d | %d:%02d | %s |\n", r.IntN(200), r.IntN(24), r.IntN(60), sentence(r, 6+r.IntN(6)))
				written += 10
			}
			b.WriteString("\n")
		case para == 4 && i%4 == 1:
			q := quote[r.IntN(len(quote))]
			b.WriteString("> ")
			for range 2 + r.IntN(2) {
				ws := make([]string, 8+r.IntN(6))
				for k := range ws {
					ws[k] = q[r.IntN(len(q))]
				}
				b.WriteString(strings.Join(ws, " ") + ". ")
				written += len(ws)
			}
			b.WriteString("\n\n")
		case para == 5 && i%10 == 0:
			lang := code[(i/10)%len(code)]
			b.WriteString("```" + lang + "\n")
			for k := range 6 + r.IntN(10) {
				fmt.Fprintf(&b, "value_%d = lookup(\"%s\", %d)  # %s\n", k, words[r.IntN(len(words))], r.IntN(1000), strings.TrimSuffix(sentence(r, 4), "."))
			}
			b.WriteString("```\n\n")
			written += 20
		case para == 6:
			b.WriteString("## What sources disagree on\n\n")
			for range 2 + r.IntN(3) {
				s := sentence(r, 8+r.IntN(8))
				fmt.Fprintf(&b, "- **%s.** %s\n", strings.TrimSuffix(sentence(r, 2), "."), s)
				written += strings.Count(s, " ") + 3
			}
			b.WriteString("\n")
		default:
			written += paragraph(r, &b, 3+r.IntN(5), 14, 2)
		}
		para++
	}
	return b.String()
}

// paragraph writes a paragraph of n sentences of 8 to 8+spread-1 words,
// the second ending, one time in linkOdds, on a link to a report; it
// returns the words written.
func paragraph(r *rand.Rand, b *strings.Builder, n, spread, linkOdds int) int {
	written := 0
	for k := range n {
		s := sentence(r, 8+r.IntN(spread))
		if k == 1 && r.IntN(linkOdds) == 0 {
			s = strings.TrimSuffix(s, ".") + fmt.Sprintf(" as [one report](https://news%d.example/r/%d) put it.", r.IntN(50), r.IntN(1000))
		}
		b.WriteString(s + " ")
		written += strings.Count(s, " ") + 1
	}
	b.WriteString("\n\n")
	return written
}

// body writes 300–800 words: paragraphs, a list, sometimes a table, links,
// and a fenced code block in about one entry in ten.
func body(r *rand.Rand, i int) string {
	target := 300 + r.IntN(501)
	var b strings.Builder
	written := 0
	para := 0
	for written < target {
		switch {
		case para == 2:
			b.WriteString("## What was exposed\n\n")
			for range 3 + r.IntN(4) {
				s := sentence(r, 5+r.IntN(6))
				b.WriteString("- " + s + "\n")
				written += strings.Count(s, " ") + 1
			}
			b.WriteString("\n")
		case para == 4 && r.IntN(5) == 0:
			b.WriteString("| source | says |\n| --- | --- |\n")
			for range 3 {
				fmt.Fprintf(&b, "| Publisher %d | %s |\n", r.IntN(200), sentence(r, 6))
				written += 8
			}
			b.WriteString("\n")
		case para == 5 && i%10 == 0:
			b.WriteString("```go\nfunc check(token string) bool {\n\treturn len(token) > 12 // shown in the leaked sample\n}\n```\n\n")
			written += 12
		default:
			written += paragraph(r, &b, 3+r.IntN(4), 12, 3)
		}
		para++
	}
	return b.String()
}

// withTranslations is the entry's file with a title and summary in each
// of the languages also.
func (e Entry) withTranslations(also []string) string {
	var t strings.Builder
	t.WriteString("translations:\n")
	for _, l := range also {
		fmt.Fprintf(&t, "  %s:\n    title: %q\n    summary: %q\n", l, e.Title+" ("+l+")", "A summary of incident "+e.ID+" ("+l+").")
	}
	head, body, _ := strings.Cut(strings.TrimPrefix(e.Text, "---\n"), "\n---\n")
	return "---\n" + head + "\n" + t.String() + "---\n" + body
}

func (e Entry) render() string {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %q\ndate: %s\nairlines: [%s]\n", e.Title, e.Date, strings.Join(e.Airlines, ", "))
	if e.Programme != "" {
		fmt.Fprintf(&b, "programme: %s\n", e.Programme)
	}
	fmt.Fprintf(&b, "vector: %s\nstatus: confirmed\n", e.Vector)
	fmt.Fprintf(&b, "data:\n  exposed: [%s]\n", strings.Join(e.Exposed, ", "))
	b.WriteString("sources:\n")
	for _, s := range e.Sources {
		fmt.Fprintf(&b, "  - publisher: %s\n    title: %q\n    url: %s\n    language: %s\n    claims:\n      exposed: [%s]\n",
			s.Publisher, s.Title, s.URL, s.Language, strings.Join(e.Exposed, ", "))
		if len(s.Statements) > 0 {
			b.WriteString("      statements:\n")
			for _, st := range s.Statements {
				fmt.Fprintf(&b, "        - %q\n", st)
			}
		}
	}
	if len(e.Timeline) > 0 {
		b.WriteString("timeline:\n")
		for _, ev := range e.Timeline {
			fmt.Fprintf(&b, "  - at: %s\n    what: %q\n", ev[0], ev[1])
		}
	}
	b.WriteString("---\n")
	b.WriteString(e.Body)
	return b.String()
}
