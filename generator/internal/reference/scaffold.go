package reference

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"breachline/generator/internal/config"
	"breachline/generator/internal/content"
	"breachline/generator/internal/date"
	"breachline/generator/internal/schema"
)

// Entry is what a contributor knows when starting an entry.
type Entry struct {
	Title     string
	Date      date.Date
	Airlines  []string
	Programme string
	Vector    string
}

// Slug makes the words of a title into an id's tail: lower-case ASCII
// letters and digits joined by hyphens, at most eight words.
func Slug(title string) string {
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
		}
	}
	for _, r := range strings.ToLower(title) {
		if s, ok := fold[r]; ok {
			w.WriteString(s)
			continue
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			w.WriteRune(r)
			continue
		}
		if r == '\'' || r == '’' {
			continue // "members' accounts" → members-accounts
		}
		flush()
	}
	flush()
	return strings.Join(words[:min(len(words), 8)], "-")
}

// fold spells the accented letters of European languages in ASCII.
var fold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a", 'æ': "ae", 'ç': "c",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i",
	'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'ö': "o", 'õ': "o", 'ø': "o", 'œ': "oe",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ÿ': "y", 'ß': "ss", '&': "and",
}

// ID is the entry's id: its date (the start of an interval) and a slug.
func ID(d date.Date, slug string) string { return d.From.String() + "-" + slug }

// Path is where the entry with this id lives, relative to the site root.
func Path(id string) string { return content.Dir + "/" + id[:4] + "/" + id + ".md" }

// commentColumn is where field comments start, so they line up.
const commentColumn = 26

// Scaffold writes a new entry with every field of the format present and
// commented, from the struct tags. What e gives is filled in; every other
// required field is left empty, so check names each one at its line.
func Scaffold(cfg *config.Config, e Entry) []byte {
	w := &scaffold{cfg: cfg, known: map[string]string{
		"title": quote(e.Title), "date": e.Date.String(), "airlines": "[" + strings.Join(e.Airlines, ", ") + "]",
		"programme": e.Programme, "vector": e.Vector,
	}}
	if e.Programme == "" {
		for _, a := range e.Airlines {
			if i := find(cfg.Airlines, a); i >= 0 && cfg.Airlines[i].Programme != "" {
				w.hint = fmt.Sprintf(" (%s's is %s)", a, cfg.Airlines[i].Programme)
				break
			}
		}
	}
	w.line("---", "")
	w.line("# yaml-language-server: $schema=../../../"+IncidentSchema, "")
	w.line("# Fill in each field marked \"to fill\", then run: go run ./generator check", "")
	w.line("# Every fact needs a source below; see CONTRIBUTING.md for the rules.", "")
	w.line("# Below the closing ---, write what happened in your own words, in Markdown.", "")
	w.fields(reflect.TypeFor[content.Incident](), "", "", true)
	w.line("---", "")
	return []byte(w.b.String())
}

func find(as []config.Airline, key string) int {
	for i, a := range as {
		if a.Key == key {
			return i
		}
	}
	return -1
}

type scaffold struct {
	cfg   *config.Config
	known map[string]string // top-level fields the contributor gave
	hint  string            // the programme of the entry's airline
	b     strings.Builder
}

func (w *scaffold) line(text, comment string) {
	w.b.WriteString(text)
	if comment != "" {
		w.b.WriteString(strings.Repeat(" ", max(1, commentColumn-len([]rune(text)))))
		w.b.WriteString("# " + comment)
	}
	w.b.WriteString("\n")
}

// fields writes the fields of struct t. first is the prefix of the first
// line ("- " in a list item), indent that of the others.
func (w *scaffold) fields(t reflect.Type, first, indent string, top bool) {
	prefix := first
	for _, f := range schema.Fields(t) {
		head := prefix + f.Name + ":"
		prefix = indent
		if v := w.known[f.Name]; top && v != "" {
			w.line(head+" "+v, f.Doc)
			continue
		}
		comment := w.describe(f)
		elem := f.Type
		switch {
		case elem.Kind() == reflect.Struct && schema.Fields(elem) != nil:
			w.line(head, comment)
			w.fields(elem, indent+"  ", indent+"  ", false)
		case elem.Kind() == reflect.Slice && f.Required && schema.Fields(elem.Elem()) != nil:
			w.line(head, comment)
			w.fields(elem.Elem(), indent+"  - ", indent+"    ", false)
		case elem.Kind() == reflect.Slice && schema.Keyed(elem.Elem()):
			if sub := schema.Fields(elem.Elem()); sub != nil {
				comment += "; key → " + shape(sub)
			}
			w.line(head+" {}", comment)
		case elem.Kind() == reflect.Slice:
			if sub := schema.Fields(elem.Elem()); sub != nil {
				comment += "; each: " + shape(sub)
			}
			w.line(head+" []", comment)
		default:
			w.line(head, comment)
		}
	}
}

// describe is a field's comment: whether it must be filled, what it is and
// the values it takes.
func (w *scaffold) describe(f schema.Field) string {
	s := f.Doc
	switch {
	case f.Enum != nil:
		s = strings.Join(f.Enum, " | ") + " — " + s
	case f.Vocab != "" && f.Type.Kind() == reflect.String:
		s += ": " + list(w.cfg.Keys(f.Vocab), 6)
	}
	if f.Name == "programme" {
		s += w.hint
	}
	if f.Required && f.Type.Kind() != reflect.Slice {
		return "to fill: " + s
	}
	if !f.Required && schema.Fields(f.Type) == nil {
		return "optional: " + s
	}
	return s
}

// shape lists a list item's fields, with allowed values.
func shape(fs []schema.Field) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Name
		if f.Enum != nil {
			parts[i] += " (" + strings.Join(f.Enum, "|") + ")"
		}
	}
	return strings.Join(parts, ", ")
}

func list(ks []string, most int) string {
	if len(ks) <= most {
		return strings.Join(ks, ", ")
	}
	return strings.Join(ks[:most], ", ") + ", …"
}

// quote writes s as a YAML double-quoted scalar (JSON's form is one).
func quote(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}
