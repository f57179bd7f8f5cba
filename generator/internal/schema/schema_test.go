package schema

import (
	"fmt"
	"strings"
	"testing"
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
