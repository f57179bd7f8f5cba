// Package schema decodes YAML into Go structs strictly and reports every
// problem as a positioned diagnostic instead of stopping at the first one.
//
// The Go struct definitions are the schema: the `yaml` tag names a field,
// and the `check` tag adds rules, comma-separated:
//
//	required      the field must be present (a list: with at least one item)
//	enum=a|b|c    the value must be one of these
//	vocab=KIND    the value (or each item) is a key of vocabulary KIND; the
//	              decoder records it as a Ref for the caller to resolve
//	slug          the value must be lower-case letters, digits and hyphens
//	max=N         a list may hold at most N items (the owner of the type
//	              enforces it, with its reasons; the JSON Schema says so)
//	maxlen=N      a text may hold at most N characters
//
// No text may hold a control character (but tab and newline), written
// out or as an escape ("\x01").
//
// A field tagged `yaml:",key"` makes its struct decodable from a YAML mapping
// of key → fields, in order: a []Airline reads `airlines: {klm: {...}}`.
// The `doc` tag describes the field for people (error messages, references).
//
// Types implementing encoding.TextUnmarshaler decode from one scalar; a type
// with a SetPos(line, col int) method learns where its value stood.
//
// schema sits under config and content; it imports only diag and yaml.v3.
package schema

import (
	"encoding"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"breachline/generator/internal/diag"
)

// Ref is a vocabulary key met while decoding, for the caller to resolve once
// it knows the vocabularies.
type Ref struct {
	Kind  string // the vocabulary, e.g. "airlines"
	Value string
	Path  string // the field, e.g. "sources[1].language"
	Pos   diag.Pos
}

// Result is what a decode found besides the value itself.
type Result struct {
	Diags diag.List
	Paths []string // Paths[i] is the field Diags[i] is about, such as "sources[1].claims"
	Refs  []Ref
}

// Decode fills v (a pointer to a struct) from n. File and lineOffset place the
// node's lines in the file it came from (front matter starts below line 1).
func Decode(file string, lineOffset int, n *yaml.Node, v any) Result {
	d := &decoder{file: file, offset: lineOffset}
	if r, ok := refsPool.Get().(*[]Ref); ok {
		d.refs = (*r)[:0]
	} else {
		d.refs = make([]Ref, 0, 64) // a heavy entry names some 30 to 50 vocabulary keys
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		panic("schema.Decode: v must be a pointer to a struct")
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	texts := textsPool.Get().(*[]reflect.Value)
	d.texts = (*texts)[:0]
	d.value(n, rv.Elem(), "", rules{})
	d.compact()
	clear(d.texts) // the pool must not keep the values alive
	*texts = d.texts[:0]
	textsPool.Put(texts)
	return Result{Diags: d.diags, Paths: d.paths, Refs: d.refs}
}

// refsPool holds lists of refs given back with RecycleRefs.
var refsPool sync.Pool

// RecycleRefs gives back a Result's Refs once nothing refers to them any
// more (their entry is checked), for a later Decode to fill: 5 KB a heavy
// entry, a twentieth of what a build allocates.
func RecycleRefs(refs []Ref) {
	if cap(refs) == 0 || cap(refs) > 1024 {
		return
	}
	refs = refs[:cap(refs)]
	clear(refs) // the pool must not keep their texts alive
	refsPool.Put(&refs)
}

// textsPool holds the decoders' lists of texts to compact.
var textsPool = sync.Pool{New: func() any { s := make([]reflect.Value, 0, 64); return &s }}

// compact copies the texts decoded into one string of just their bytes.
// A node's value is a piece of the whole front matter's text (the fast
// reader makes one string of it, and a piece keeps all of it alive), so
// without this every entry of a site would keep its front matter's keys,
// indentation, quotes and vocabulary keys (interned) in memory for the
// whole build: at 50,000 heavy entries ~40 MB of ~300 live, and the
// collector works in proportion to what is live.
func (d *decoder) compact() {
	if len(d.texts) == 0 {
		return
	}
	var b strings.Builder
	b.Grow(d.textLen)
	for _, v := range d.texts {
		start := b.Len()
		b.WriteString(v.String())
		// The builder never moves what it holds once grown to fit all, so
		// each text is a piece of one string.
		v.SetString(b.String()[start:])
	}
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// IsSlug reports whether s is lower-case letters and digits joined by single hyphens.
func IsSlug(s string) bool { return slugRE.MatchString(s) }

type decoder struct {
	file   string
	offset int
	diags  diag.List
	paths  []string // the field each diagnostic is about
	refs   []Ref
	// texts are the string fields set from the YAML's text, and textLen
	// their length, for compact.
	texts   []reflect.Value
	textLen int
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: n.Line + d.offset, Col: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, rule, path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	d.diags = append(d.diags, diag.Diagnostic{Pos: d.pos(n), Rule: rule, Msg: msg})
	d.paths = append(d.paths, path)
}

// about says which field the last diagnostic is about, when its message
// names the mapping the field is (or should be) in.
func (d *decoder) about(path string) { d.paths[len(d.paths)-1] = path }

// rules are the check-tag rules of one field.
type rules struct {
	required bool
	slug     bool
	enum     []string
	vocab    string
	max      int // a list's most items; the owner of the type enforces it, with its reasons
	maxLen   int // a text's most characters
}

func parseRules(tag string) rules {
	var r rules
	for _, part := range strings.Split(tag, ",") {
		switch k, v, _ := strings.Cut(part, "="); k {
		case "required":
			r.required = true
		case "slug":
			r.slug = true
		case "enum":
			r.enum = strings.Split(v, "|")
		case "vocab":
			r.vocab = v
		case "max", "maxlen":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				panic("schema: bad " + k + " rule " + part)
			}
			if k == "max" {
				r.max = n
			} else {
				r.maxLen = n
			}
		case "":
		default:
			panic("schema: unknown check rule " + k)
		}
	}
	return r
}

var (
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	posSetter       = reflect.TypeFor[interface{ SetPos(line, col int) }]()
)

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "nothing"
	case "!!int":
		return "a number"
	case "!!float":
		return "a decimal number"
	case "!!bool":
		return "true/false"
	case "!!timestamp":
		return "a date"
	}
	return "a text"
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// value decodes n into v, which is addressable.
func (d *decoder) value(n *yaml.Node, v reflect.Value, path string, r rules) {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		d.errorf(n, "yaml-alias", path, "YAML anchors and aliases are not allowed; write the value out")
		return
	}
	if v.Kind() == reflect.Pointer {
		if isNull(n) {
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	facts := factsOf(v.Type())
	if facts.text {
		if n.Kind != yaml.ScalarNode {
			d.errorf(n, "wrong-type", path, "want a single value, got %s", kindName(n))
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value)); err != nil {
			d.errorf(n, "invalid-value", path, "%v", err)
			return
		}
		if facts.pos {
			d.setPos(n, v)
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.structValue(n, v, path)
	case reflect.Slice:
		d.sliceValue(n, v, path, r)
	case reflect.String:
		if n.Kind != yaml.ScalarNode || isNull(n) {
			d.errorf(n, "wrong-type", path, "want a text, got %s", kindName(n))
			return
		}
		d.checkString(n, n.Value, path, r)
		if r.vocab != "" || r.enum != nil {
			v.SetString(intern(n.Value))
		} else {
			d.setText(v, n.Value)
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			d.errorf(n, "wrong-type", path, "want a whole number such as 4100 (no separators), got %s %q", kindName(n), n.Value)
			return
		}
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if err != nil || v.OverflowInt(i) {
			d.errorf(n, "wrong-type", path, "number %s is out of range", n.Value)
			return
		}
		v.SetInt(i)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.errorf(n, "wrong-type", path, "want true or false, got %s", kindName(n))
			return
		}
		v.SetBool(n.Value == "true")
	default:
		panic("schema: unsupported field type " + v.Type().String())
	}
	if facts.pos {
		d.setPos(n, v)
	}
}

// setText sets the string v to s, to be compacted with the others.
func (d *decoder) setText(v reflect.Value, s string) {
	v.SetString(s)
	if s != "" {
		d.texts = append(d.texts, v)
		d.textLen += len(s)
	}
}

// setPos tells v, whose pointer is a posSetter, where n stands.
func (d *decoder) setPos(n *yaml.Node, v reflect.Value) {
	v.Addr().Interface().(interface{ SetPos(line, col int) }).SetPos(n.Line+d.offset, n.Column)
}

// typeFacts are what the decoder asks of a type for each value: whether a
// pointer to it decodes itself from text, and whether it learns its
// position. reflect's Implements searches the method set each time.
type typeFacts struct{ text, pos bool }

var facts sync.Map // reflect.Type → typeFacts

func factsOf(t reflect.Type) typeFacts {
	if f, ok := facts.Load(t); ok {
		return f.(typeFacts)
	}
	p := reflect.PointerTo(t)
	f := typeFacts{text: p.Implements(textUnmarshaler), pos: p.Implements(posSetter)}
	facts.Store(t, f)
	return f
}

func (d *decoder) checkString(n *yaml.Node, s, path string, r rules) {
	// Only an escape in a double-quoted text can make a control character:
	// CheckText has refused them written out.
	if n.Style&yaml.DoubleQuotedStyle != 0 {
		if i, c := controlAt(s); i >= 0 {
			d.errorf(n, "control-character", path, "the text holds the control character %U (character %d of the text); it would reach pages as an invisible, invalid character; remove it", c, i+1)
			return
		}
	}
	if r.maxLen > 0 {
		if count := utf8.RuneCountInString(s); count > r.maxLen {
			d.errorf(n, "too-long", path, "%d characters, more than the %d it may have", count, r.maxLen)
		}
	}
	switch {
	case r.slug && !IsSlug(s):
		d.errorf(n, "invalid-key", path, "%q is not a valid key: use lower-case letters, digits and single hyphens", s)
	case r.enum != nil && !slices.Contains(r.enum, s):
		d.errorf(n, "invalid-value", path, "%q is not allowed; want one of %s%s", s, strings.Join(r.enum, ", "), diag.DidYouMean(s, r.enum))
	case r.vocab != "":
		d.refs = append(d.refs, Ref{Kind: r.vocab, Value: s, Path: path, Pos: d.pos(n)})
	}
}

func (d *decoder) sliceValue(n *yaml.Node, v reflect.Value, path string, r rules) {
	if isNull(n) {
		return
	}
	elem := v.Type().Elem()
	if info := structInfoOf(elem); info != nil && info.key >= 0 {
		if n.Kind != yaml.MappingNode {
			// A list would give every item an empty key.
			d.errorf(n, "wrong-type", path, "want a mapping of key → fields (key: {name: …}, one a line), got %s", kindName(n))
			return
		}
		d.keyedValue(n, v, path, info)
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "wrong-type", path, "want a list (write [a, b] or one '- item' a line), got %s", kindName(n))
		return
	}
	out := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	var seen map[string]int // for long lists; a short one is searched
	if len(n.Content) > maxSearched {
		seen = make(map[string]int, len(n.Content))
	}
	for i, item := range n.Content {
		itemPath := path + indexSuffix(i)
		d.value(item, out.Index(i), itemPath, r)
		if item.Kind == yaml.ScalarNode && elem.Kind() == reflect.String {
			first, dup := -1, false
			if seen != nil {
				if first, dup = seen[item.Value]; !dup {
					seen[item.Value] = i
				}
			} else {
				for j, prev := range n.Content[:i] {
					if prev.Kind == yaml.ScalarNode && prev.Value == item.Value {
						first, dup = j, true
						break
					}
				}
			}
			if dup {
				d.errorf(item, "duplicate-item", itemPath, "%q is listed twice (first as item %d)", item.Value, first)
			}
		}
	}
	v.Set(out)
}

// indexSuffixes are "[0]" to "[31]", the paths' list indices most met.
var indexSuffixes = func() (t [32]string) {
	for i := range t {
		t[i] = "[" + strconv.Itoa(i) + "]"
	}
	return t
}()

// indexSuffix is "[i]".
func indexSuffix(i int) string {
	if i < len(indexSuffixes) {
		return indexSuffixes[i]
	}
	return "[" + strconv.Itoa(i) + "]"
}

// keyedValue decodes a mapping of key → struct into a slice, in order.
func (d *decoder) keyedValue(n *yaml.Node, v reflect.Value, path string, info *structInfo) {
	count := len(n.Content) / 2
	out := reflect.MakeSlice(v.Type(), 0, count)
	seen := map[string]int{}
	for i := 0; i < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if first, dup := seen[k.Value]; dup {
			d.errorf(k, "duplicate-key", path, "key %q is defined twice (first at line %d)", k.Value, first+d.offset)
			continue
		}
		seen[k.Value] = k.Line
		itemPath := joinPath(path, k.Value)
		if !IsSlug(k.Value) {
			d.errorf(k, "invalid-key", path, "%q is not a valid key: use lower-case letters, digits and single hyphens", k.Value)
		}
		out = reflect.Append(out, reflect.Zero(v.Type().Elem()))
		item := out.Index(out.Len() - 1)
		item.Field(info.key).SetString(intern(k.Value))
		if kf := item.Field(info.key); factsOf(kf.Type()).pos {
			d.setPos(k, kf)
		}
		if isNull(val) {
			val = &yaml.Node{Kind: yaml.MappingNode, Line: k.Line, Column: k.Column}
		}
		d.value(val, item, itemPath, rules{})
	}
	v.Set(out)
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func (d *decoder) structValue(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "wrong-type", path, "want a mapping of fields (name: value), got %s", kindName(n))
		return
	}
	info := structInfoOf(v.Type())
	// The keys seen: searched in a mapping of a few keys, as most are; a
	// map for a long one, which only a wrong entry has (and a hostile one
	// might make quadratic).
	var seen map[string]*yaml.Node
	if len(n.Content) > 2*maxSearched {
		seen = make(map[string]*yaml.Node, len(n.Content)/2)
	}
	first := func(i int, name string) *yaml.Node {
		if seen != nil {
			return seen[name]
		}
		return keyNode(n.Content[:i], name)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		name := k.Value
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "wrong-type", path, "a field name must be a plain word, got %s", kindName(k))
			continue
		}
		if prev := first(i, name); prev != nil {
			d.errorf(k, "duplicate-key", joinPath(path, name), "field is given twice (first at line %d)", prev.Line+d.offset)
			continue
		}
		if seen != nil {
			seen[name] = k
		}
		f, ok := info.byName[name]
		if !ok {
			msg := fmt.Sprintf("unknown field %q", name)
			if s := diag.DidYouMean(name, info.names); s != "" {
				msg += s
			} else {
				msg += "; known fields: " + strings.Join(info.names, ", ")
			}
			d.errorf(k, "unknown-field", path, "%s", msg)
			d.about(joinPath(path, name))
			continue
		}
		switch {
		case f.rules.required && isEmpty(val):
			d.errorf(val, "missing-field", joinPath(path, name), "is required but empty%s", f.hint())
		case isNull(val): // an optional field left empty is as good as absent
		default:
			d.value(val, v.Field(f.index), joinPath(path, name), f.rules)
		}
	}
	for _, f := range info.fields {
		if f.rules.required && first(len(n.Content), f.name) == nil {
			d.errorf(n, "missing-field", path, "missing required field %q%s", f.name, f.hint())
			d.about(joinPath(path, f.name))
		}
	}
}

// maxSearched is the most keys of a mapping, or items of a list, searched
// for one seen before rather than looked up in a map made for it.
const maxSearched = 16

// keyNode is the first key named name of a mapping's content (keys and
// values in turn), nil for none.
func keyNode(content []*yaml.Node, name string) *yaml.Node {
	for i := 0; i+1 < len(content); i += 2 {
		if k := content[i]; k.Kind == yaml.ScalarNode && k.Value == name {
			return k
		}
	}
	return nil
}

func isEmpty(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.ScalarNode:
		return isNull(n) || (n.Tag == "!!str" && strings.TrimSpace(n.Value) == "")
	case yaml.SequenceNode, yaml.MappingNode:
		return len(n.Content) == 0
	}
	return false
}

type field struct {
	name  string
	index int
	rules rules
	doc   string
}

func (f field) hint() string {
	if f.doc == "" {
		return ""
	}
	return " (" + f.doc + ")"
}

type structInfo struct {
	fields []field
	byName map[string]field
	names  []string
	key    int // index of the `yaml:",key"` field, or -1
}

var infoCache sync.Map // reflect.Type → *structInfo

// structInfoOf returns the decoding plan of a struct type, or nil for other types.
func structInfoOf(t reflect.Type) *structInfo {
	if t.Kind() != reflect.Struct || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return nil
	}
	if i, ok := infoCache.Load(t); ok {
		return i.(*structInfo)
	}
	info := &structInfo{byName: map[string]field{}, key: -1}
	for i := range t.NumField() {
		sf := t.Field(i)
		tag, ok := sf.Tag.Lookup("yaml")
		if !ok || tag == "-" || !sf.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if opts == "key" {
			info.key = i
			continue
		}
		f := field{name: name, index: i, rules: parseRules(sf.Tag.Get("check")), doc: sf.Tag.Get("doc")}
		info.fields = append(info.fields, f)
		info.byName[name] = f
		info.names = append(info.names, name)
	}
	actual, _ := infoCache.LoadOrStore(t, info)
	return actual.(*structInfo)
}

// controlAt finds the first control character of s (see IsControl): its
// index in characters, and the character; -1 for none.
func controlAt(s string) (int, rune) {
	i := 0
	for _, c := range s {
		if IsControl(c) {
			return i, c
		}
		i++
	}
	return -1, 0
}

// keys holds one copy of each vocabulary key and enum value decoded:
// thousands of entries name the same few hundred keys, and a large site
// would otherwise keep a copy per mention.
var keys sync.Map

func intern(s string) string {
	if len(s) > 64 {
		return s
	}
	if v, ok := keys.Load(s); ok {
		return v.(string)
	}
	// A copy: s is a piece of a front matter's whole text.
	c := strings.Clone(s)
	v, _ := keys.LoadOrStore(c, c)
	return v.(string)
}
