package schema

import (
	"reflect"
	"strings"
)

// Field describes one YAML field of a struct as Decode reads it: the same
// tags, so references, scaffolds and JSON Schemas cannot disagree with it.
type Field struct {
	Name     string
	Doc      string
	Required bool
	Slug     bool
	Enum     []string
	Vocab    string
	Max      int // a list's most items, 0 for no limit
	MaxLen   int // a text's most characters, 0 for no limit
	Type     reflect.Type
}

// Fields lists the YAML fields of struct type t in declaration order, or nil
// when t is not a struct Decode reads field by field.
func Fields(t reflect.Type) []Field {
	info := structInfoOf(t)
	if info == nil {
		return nil
	}
	out := make([]Field, len(info.fields))
	for i, f := range info.fields {
		out[i] = Field{
			Name: f.name, Doc: f.doc, Required: f.rules.required, Slug: f.rules.slug,
			Enum: f.rules.enum, Vocab: f.rules.vocab, Max: f.rules.max, MaxLen: f.rules.maxLen, Type: t.Field(f.index).Type,
		}
	}
	return out
}

// Keyed reports whether slices of struct type t are written as a mapping of
// key → fields (it has a `yaml:",key"` field).
func Keyed(t reflect.Type) bool {
	info := structInfoOf(t)
	return info != nil && info.key >= 0
}

// Schemer is a type decoded from one scalar that describes its text form as
// a JSON Schema; types decoded with UnmarshalText without it are any text.
type Schemer interface {
	JSONSchema() map[string]any
}

// Constrainer is a struct type with a rule across its fields that a JSON
// Schema can say (if/then, contains): the keywords JSONSchemaRules returns
// are added to the schema of its mapping. The rule itself is the
// validator's; this only lets editors flag it too.
type Constrainer interface {
	JSONSchemaRules() map[string]any
}

// Choice is one allowed key of a vocabulary, with its display name.
type Choice struct{ Key, Name string }

// Vocab lists the keys of a vocabulary, or nil when they are not known: the
// schema then accepts any well-formed key.
type Vocab func(kind string) []Choice

var (
	schemerType     = reflect.TypeFor[Schemer]()
	constrainerType = reflect.TypeFor[Constrainer]()
)

// SlugPattern is IsSlug as a regular expression.
const SlugPattern = `^[a-z0-9]+(-[a-z0-9]+)*$`

// JSONSchema returns a JSON Schema (draft-07, which editors support best)
// of the YAML that Decode accepts into a value of struct type t.
//
// Decode is the judge: the schema says everything a schema can of the
// struct tags (fields, types, required, enum, slug, vocabulary keys when
// vocab knows them), so that editors can complete and flag fields while
// typing. Rules across fields or entries stay with the validator.
func JSONSchema(t reflect.Type, id, title string, vocab Vocab) map[string]any {
	g := &generator{defs: map[string]any{}, vocab: vocab}
	root := g.object(t)
	root["$schema"] = "http://json-schema.org/draft-07/schema#"
	root["$id"] = id
	root["title"] = title
	if len(g.defs) > 0 {
		root["definitions"] = g.defs
	}
	return root
}

type generator struct {
	defs  map[string]any
	vocab Vocab
}

// object is the schema of a struct's mapping of fields.
func (g *generator) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for _, f := range Fields(t) {
		s := g.value(f.Type, f)
		if f.Doc != "" {
			s["description"] = f.Doc
		}
		if f.Required {
			required = append(required, f.Name)
		} else {
			s = nullable(s) // an optional field left empty is as good as absent
		}
		props[f.Name] = s
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	if reflect.PointerTo(t).Implements(constrainerType) {
		for k, v := range reflect.New(t).Interface().(Constrainer).JSONSchemaRules() {
			s[k] = v
		}
	}
	return s
}

// ref names a struct's schema in definitions, adding it the first time.
func (g *generator) ref(t reflect.Type) map[string]any {
	name := strings.ToLower(t.Name()[:1]) + t.Name()[1:]
	if _, ok := g.defs[name]; !ok {
		g.defs[name] = nil // a placeholder, in case the type refers to itself
		g.defs[name] = g.object(t)
	}
	return map[string]any{"$ref": "#/definitions/" + name}
}

// value is the schema of one field's value; f carries the field's rules,
// which apply to each item of a list.
func (g *generator) value(t reflect.Type, f Field) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(schemerType) {
		return reflect.New(t).Interface().(Schemer).JSONSchema()
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.Struct:
		return g.ref(t)
	case reflect.Slice:
		if Keyed(t.Elem()) {
			return map[string]any{
				"type":                 "object",
				"propertyNames":        map[string]any{"pattern": SlugPattern},
				"additionalProperties": g.ref(t.Elem()),
				"minProperties":        minimum(f.Required),
			}
		}
		item := f
		item.Required, item.Max = false, 0
		s := map[string]any{"type": "array", "items": g.value(t.Elem(), item)}
		if f.Required {
			s["minItems"] = 1
		}
		if f.Max > 0 {
			s["maxItems"] = f.Max
		}
		if t.Elem().Kind() == reflect.String {
			s["uniqueItems"] = true
		}
		return s
	case reflect.String:
		return g.text(f)
	case reflect.Int, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	}
	panic("schema: unsupported field type " + t.String())
}

func minimum(required bool) int {
	if required {
		return 1
	}
	return 0
}

func (g *generator) text(f Field) map[string]any {
	s := map[string]any{"type": "string"}
	switch {
	case f.Enum != nil:
		s["enum"] = f.Enum
	case f.Vocab != "" && g.vocab != nil && g.vocab(f.Vocab) != nil:
		keys, names := []string{}, []string{} // none: no key is allowed
		for _, c := range g.vocab(f.Vocab) {
			keys = append(keys, c.Key)
			names = append(names, c.Name)
		}
		if len(keys) == 0 {
			s["not"] = map[string]any{} // an empty vocabulary allows no key (and an empty enum is no JSON Schema)
		} else {
			s["enum"] = keys
			s["enumDescriptions"] = names // VS Code's YAML extension shows these
		}
	case f.Vocab != "", f.Slug:
		s["pattern"] = SlugPattern
	case f.Required:
		s["pattern"] = `\S` // Decode takes blank text as missing
	}
	if f.MaxLen > 0 {
		s["maxLength"] = f.MaxLen
	}
	return s
}

// nullable also accepts null.
func nullable(s map[string]any) map[string]any {
	switch typ := s["type"].(type) {
	case string:
		if _, ref := s["$ref"]; !ref {
			s["type"] = []string{typ, "null"}
			if enum, ok := s["enum"].([]string); ok {
				s["enum"] = append(anys(enum), nil)
			}
			return s
		}
	}
	out := map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
	if d, ok := s["description"]; ok {
		out["description"] = d
		delete(s, "description")
	}
	return out
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
