package site

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"path"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"breachline/generator/internal/output"
)

// fuzzEntry is an entry with text in every free-text field (quoted, as
// YAML reads it back) and body as its body.
func fuzzEntry(text, body string) []byte {
	q := strconv.Quote(text)
	return []byte(strings.ReplaceAll(`---
title: TEXT
date: 2020-05-01
airlines: [klm]
vector: account-takeover
status: reported
actors:
  - {name: TEXT, attribution: suspected, by: TEXT}
data:
  exposed: [email]
points:
  - {key: start-time, point: TEXT, records: TEXT}
sources:
  - publisher: TEXT
    title: TEXT
    language: en
    note: TEXT
    claims:
      exposed: [email]
      statements: [TEXT]
      points: [{key: start-time, says: TEXT}]
timeline:
  - at: 2020-05-01
    what: TEXT
---
`, "TEXT", q) + body)
}

// FuzzSite builds the fixture site with a fuzzed text in every free-text
// field of one entry and a fuzzed body, the whole of what a contributor
// controls. What check refuses is refused with diagnostics; what it
// accepts builds the same, byte for byte, with the compiled templates and
// with html/template alone, and every file is valid UTF-8, every page
// inert (no script but the site's, no event handler, no style, no link
// but http(s), mailto: and the site's own), every JSON and XML file
// well-formed.
func FuzzSite(f *testing.F) {
	for _, s := range [][2]string{
		{"A headline", "A body with [a link](https://x.example/) and *emphasis*.\n"},
		{hostile, "## Heading <script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick=x>y</b>\n"},
		{"é" + strings.Repeat("x", 298) + "éé", strings.Repeat("é", 299) + "ü and more\n"},
		{"{{.Config}} ]]> </script> \u2028", "```js\n</script><script>alert(1)</script>\n```\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n"},
		{"x", "## Timeline\n\n[back](#timeline)[^1]\n\n[^1]: note\n"},
	} {
		f.Add(s[0], s[1])
	}
	base := fixtureSite(f)
	f.Fuzz(func(t *testing.T, text, body string) {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys["content/incidents/2020/2020-05-01-fuzz.md"] = &fstest.MapFile{Data: fuzzEntry(text, body)}
		build := func(compiled bool) (*output.Memory, bool) {
			mem := output.NewMemory()
			_, diags, err := Build(context.Background(), fsys, mem, Options{HTMLTemplateOnly: !compiled})
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			return mem, len(diags) == 0
		}
		got, ok := build(true)
		if !ok {
			return // refused, with diagnostics
		}
		want, _ := build(false)
		if g, w := got.Paths(), want.Paths(); len(g) != len(w) {
			t.Fatalf("%d files compiled, %d with html/template", len(g), len(w))
		}
		for _, p := range want.Paths() {
			w, _ := want.Get(p)
			g, _ := got.Get(p)
			if !bytes.Equal(g, w) {
				t.Errorf("%s differs compiled: %s", p, firstDiff(g, w))
			}
			if !utf8.Valid(g) {
				t.Errorf("%s is not valid UTF-8", p)
			}
			switch path.Ext(p) {
			case ".html":
				checkHostilePage(t, p, g)
			case ".json":
				if !json.Valid(g) {
					t.Errorf("%s is not valid JSON", p)
				}
			case ".xml":
				if err := xml.Unmarshal(g, new(struct{ XMLName xml.Name })); err != nil {
					t.Errorf("%s: %v", p, err)
				}
			}
		}
	})
}
