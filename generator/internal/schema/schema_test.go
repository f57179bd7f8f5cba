package schema

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"
)

type dupItem struct {
	Name string `yaml:"name" check:"required"`
}

type dupDoc struct {
	Title string    `yaml:"title" check:"required"`
	Tags  []string  `yaml:"tags"`
	Items []dupItem `yaml:"items"`
}

// TestDuplicates checks the diagnostics for a key given twice, an item
// listed twice and a required field missing, in mappings and lists short
// enough to be searched and long enough to be looked up in a map.
func TestDuplicates(t *testing.T) {
	long := func(prefix string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "%s%d", prefix, i)
			if i < n-1 {
				b.WriteString(", ")
			}
		}
		return b.String()
	}
	var manyKeys strings.Builder
	for i := range 20 {
		fmt.Fprintf(&manyKeys, "  - {name: n%d}\n", i)
	}
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"short mapping, key twice", "title: a\ntags: [x]\ntitle: b\n", []string{"3:1: title: field is given twice (first at line 1)"}},
		{"long mapping, key twice", "title: a\n" + func() string {
			var b strings.Builder
			for i := range 20 {
				fmt.Fprintf(&b, "x%d: 1\n", i)
			}
			return b.String()
		}() + "title: b\n", nil},
		{"short list, item twice", "title: a\ntags: [x, y, x]\n", []string{`2:14: tags[2]: "x" is listed twice (first as item 0)`}},
		{"long list, item twice", "title: a\ntags: [" + long("t", 20) + ", t3]\n", []string{`tags[20]: "t3" is listed twice (first as item 3)`}},
		{"short mapping, required missing", "tags: [x]\n", []string{`missing required field "title"`}},
		{"long list of mappings, required missing", "title: a\nitems:\n" + manyKeys.String() + "  - {}\n", []string{`items[20]: missing required field "name"`}},
	} {
		n, diags := Parse("f.md", []byte(c.src))
		if len(diags) > 0 {
			t.Fatalf("%s: %v", c.name, diags)
		}
		var d dupDoc
		res := Decode("f.md", 0, n, &d)
		var got []string
		for _, dg := range res.Diags {
			got = append(got, dg.String())
		}
		all := strings.Join(got, "\n")
		if c.want == nil { // the long mapping: a key twice, and 20 unknown
			if !strings.Contains(all, "title: field is given twice (first at line 1)") || strings.Count(all, "unknown field") != 20 {
				t.Errorf("%s: got\n%s", c.name, all)
			}
			continue
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: got %d diagnostics, want %d:\n%s", c.name, len(got), len(c.want), all)
			continue
		}
		for i, w := range c.want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%s: got %q, want it to hold %q", c.name, got[i], w)
			}
		}
	}
}

type compactItem struct {
	Lang  string   `yaml:",key"`
	Note  string   `yaml:"note"`
	Words []string `yaml:"words"`
}

type compactDoc struct {
	Title  string        `yaml:"title"`
	Kind   string        `yaml:"kind" check:"enum=alpha|beta"`
	Tags   []string      `yaml:"tags" check:"vocab=tags"`
	Lines  []string      `yaml:"lines"`
	Items  []compactItem `yaml:"items"`
	Nested *compactNote  `yaml:"nested"`
}

type compactNote struct {
	Note string `yaml:"note"`
}

// TestCompact checks that the texts a decode sets are, in the order set,
// the pieces of one string of just their bytes, holding on to nothing of
// the front matter's text (whose keys and layout would otherwise stay in
// memory as long as the entry); and that vocabulary keys, enum values and
// mapping keys are one copy, shared by every entry that names them.
func TestCompact(t *testing.T) {
	src := "title: \"A title\"\nkind: beta\ntags: [red, green]\nlines:\n  - first line\n  - 'second'\n" +
		"items:\n  nl:\n    note: een\n    words: [x, yz]\n  de:\n    note: eins\nnested:\n  note: deep\n"
	decode := func() (compactDoc, string) {
		root, fast, done, diags := ParseTemp("c.yaml", []byte(src), 1)
		defer done()
		if diags != nil || !fast {
			t.Fatalf("fast %v, %v", fast, diags)
		}
		var d compactDoc
		if res := Decode("c.yaml", 0, root, &d); len(res.Diags) > 0 {
			t.Fatal(res.Diags)
		}
		return d, root.Content[0].Content[1].Value // the title's node value: a piece of the front matter's text
	}
	a, fmPiece := decode()
	b, _ := decode()
	want := compactDoc{Title: "A title", Kind: "beta", Tags: []string{"red", "green"}, Lines: []string{"first line", "second"},
		Items: []compactItem{{Lang: "nl", Note: "een", Words: []string{"x", "yz"}}, {Lang: "de", Note: "eins"}}, Nested: &compactNote{Note: "deep"}}
	if !reflect.DeepEqual(a, want) {
		t.Fatalf("decoded %+v, want %+v", a, want)
	}
	texts := []string{a.Title, a.Lines[0], a.Lines[1], a.Items[0].Note, a.Items[0].Words[0], a.Items[0].Words[1], a.Items[1].Note, a.Nested.Note}
	addr := func(s string) uintptr { return uintptr(unsafe.Pointer(unsafe.StringData(s))) }
	next := addr(texts[0])
	for i, s := range texts {
		if addr(s) != next {
			t.Errorf("text %d %q is not where the one before it ends", i, s)
		}
		next = addr(s) + uintptr(len(s))
	}
	// The title's node value lies at most len(src) into the front matter's text.
	fm := addr(fmPiece)
	for i, s := range texts {
		if p := addr(s); p+uintptr(len(src)) >= fm && p < fm+uintptr(len(src)) {
			t.Errorf("text %d %q lies in the front matter's text", i, s)
		}
	}
	for _, pair := range [][2]string{{a.Kind, b.Kind}, {a.Tags[0], b.Tags[0]}, {a.Tags[1], b.Tags[1]}, {a.Items[0].Lang, b.Items[0].Lang}} {
		if addr(pair[0]) != addr(pair[1]) {
			t.Errorf("%q is two copies, want one shared", pair[0])
		}
	}
	if addr(a.Title) == addr(b.Title) {
		t.Error("two decodes share a text: want each its own")
	}
}
