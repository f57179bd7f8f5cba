package site

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"breachline/generator/internal/content"
	"breachline/generator/internal/output"
)

// entryWith is a valid entry of the fixture site with the given title and
// body.
func entryWith(title, body string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(`---
title: "` + title + `"
date: 2020-05-01
airlines: [klm]
programme: flying-blue
vector: account-takeover
status: confirmed
points:
  - {key: misuse, point: "éxposed or not"}
sources:
  - {publisher: Example News, title: A headline, language: en, claims: {points: [{key: misuse, says: one}]}}
  - {publisher: Other News, title: Another headline, language: en, claims: {points: [{key: misuse, says: two}]}}
---
` + body)}
}

// TestHostileBodiesFinish is a bound against hangs, not a speed target
// (BenchmarkHostile in the markdown package has the times): the three
// bodies of 1 MiB that used to keep check busy for minutes (200,000 nested
// quotes: ~16 s, 100,000 unclosed links: ~75 s, 45,000 links on one
// line: ~26 s) are each checked within 10 s: the first two refused by a
// bound of the Markdown, with its position, the third accepted (or refused
// for the HTML it makes, when its links are external).
func TestHostileBodiesFinish(t *testing.T) {
	for _, tt := range []struct {
		name, body, rule string
	}{
		{"200,000 nested quotes", strings.Repeat(">", 200000) + " a\n", "markdown-nesting"},
		{"100,000 unclosed links", strings.Repeat("[a](", 100000) + "\n", "markdown-lookahead"},
		{"45,000 links on one line", manyLinks(45000) + "\n", ""},
		// Each becomes a link of 75 bytes: more HTML than a body may make.
		{"45,000 external links on one line", strings.Repeat("[a](https://x.y/) ", 45000) + "\n", "body-too-large"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fixtureSite(t)
			fsys["content/incidents/2020/2020-05-01-hostile.md"] = entryWith("Hostile", tt.body)
			if n := len(fsys["content/incidents/2020/2020-05-01-hostile.md"].Data); n > content.MaxSize {
				t.Fatalf("the entry is %d bytes, over content.MaxSize", n)
			}
			done := make(chan struct{})
			var rules []string
			go func() {
				defer close(done)
				_, diags, err := Load(context.Background(), fsys)
				if err != nil {
					t.Error(err)
				}
				for _, d := range diags {
					rules = append(rules, d.Rule)
				}
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("check still busy after 10 s")
			}
			if want := []string{tt.rule}; tt.rule == "" && len(rules) > 0 || tt.rule != "" && strings.Join(rules, " ") != strings.Join(want, " ") {
				t.Errorf("got rules %v, want %q", rules, tt.rule)
			}
		})
	}
}

// manyLinks is n links on one line, each to a place of its own.
func manyLinks(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[a](#p%d) ", i)
	}
	return b.String()
}

var idAttr = regexp.MustCompile(`\sid="([^"]*)"`)

// TestUniqueIDs: no page has two elements with one id, even when a body's
// headings are named like the sections of the page around them.
func TestUniqueIDs(t *testing.T) {
	fsys := fixtureSite(t)
	fsys["content/incidents/2020/2020-05-01-headings.md"] = entryWith("Headings like the page's",
		"## Timeline\n\nText.\n\n## Sources\n\n## Facts\n\n## Data\n\n## Related\n\n## What happened\n\n## Main\n\n## Disagree\n\nSee [the timeline](#timeline)[^1].\n\n[^1]: A note.\n")
	for name, mem := range map[string]*output.Memory{"fixture": buildMemory(t, fsys), "real": buildMemory(t, readDir(t, "../../..", "config.yaml", "content", "layouts", "static"))} {
		for _, p := range mem.Paths() {
			if !strings.HasSuffix(p, ".html") {
				continue
			}
			b, _ := mem.Get(p)
			seen := map[string]bool{}
			for _, m := range idAttr.FindAllSubmatch(b, -1) {
				if id := string(m[1]); seen[id] {
					t.Errorf("%s: %s has two elements with id %q", name, p, id)
				} else {
					seen[id] = true
				}
			}
		}
	}
}

// TestValidUTF8: what is cut to length (summaries, capitalised words) is
// cut between characters, so every file of the site is valid UTF-8 when
// the text around the cut is not ASCII.
func TestValidUTF8(t *testing.T) {
	fsys := fixtureSite(t)
	// The 300th character of the summary is an é, whose two bytes a cut by
	// bytes would split; the disputed point starts with one, which the
	// layout capitalises.
	first := strings.Repeat("x", 299) + "ééééé and more words after it.\n\nSecond paragraph.\n"
	fsys["content/incidents/2020/2020-05-01-utf8.md"] = entryWith("Ünïcode", first)
	mem := buildMemory(t, fsys)
	for _, p := range mem.Paths() {
		if b, _ := mem.Get(p); !utf8.Valid(b) {
			i := bytes.IndexFunc(b, func(r rune) bool { return r == utf8.RuneError })
			t.Errorf("%s is not valid UTF-8 near %q", p, b[max(0, i-20):min(len(b), i+20)])
		}
	}
	page, _ := mem.Get("incidents/2020-05-01-utf8/index.html")
	if !bytes.Contains(page, []byte("Éxposed or not")) {
		t.Error("the disputed point is not capitalised")
	}
}

// TestConfigEncoding: a config.yaml that is not UTF-8 text, or holds a
// control character, is reported where the byte is, not at 1:1.
func TestConfigEncoding(t *testing.T) {
	for name, tt := range map[string]struct{ from, to, want string }{
		"invalid UTF-8": {"title: Fixture", "title: Fixt\xffure", "config.yaml:1:12: invalid UTF-8 byte 0xff; the file must be UTF-8 text"},
		"control":       {"title: Fixture", "title: \"Fixt\\x07ure\"", `config.yaml:1:8: title: the text holds the control character U+0007 (character 5 of the text); it would reach pages as an invisible, invalid character; remove it`},
		"lone CR":       {"title: Fixture\n", "title: Fixture\rnonsense: x\r", `config.yaml:2:1: unknown field "nonsense"`},
	} {
		t.Run(name, func(t *testing.T) {
			fsys := fixtureSite(t)
			cfg := fsys["config.yaml"]
			fsys["config.yaml"] = &fstest.MapFile{Data: bytes.Replace(cfg.Data, []byte(tt.from), []byte(tt.to), 1)}
			_, diags, err := Load(context.Background(), fsys)
			if err != nil {
				t.Fatal(err)
			}
			if len(diags) == 0 || !strings.HasPrefix(diags[0].String(), tt.want) {
				t.Errorf("got %q, want it to start with %q", diagText(diags), tt.want)
			}
		})
	}
}
