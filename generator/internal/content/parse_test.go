package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"breachline/generator/internal/schema"
)

const entry = `---
title: T
date: 2020-05-01
airlines: [klm]
vector: v
status: confirmed
sources:
  - {publisher: P, title: T, language: en}
---
Body line one.
`

// These inputs cannot live in the text fixtures of the site package.
func TestParseEncoding(t *testing.T) {
	const p = "content/incidents/2020/2020-05-01-x.md"
	tests := []struct {
		name string
		src  []byte
		want string
	}{
		{"invalid utf-8", []byte(strings.Replace(entry, "title: T", "title: T\xff", 1)), p + ":2:9: invalid UTF-8 byte 0xff; the file must be UTF-8 text"},
		{"nul byte", []byte(strings.Replace(entry, "Body", "Bo\x00dy", 1)), p + ":10:3: NUL byte; the file must be UTF-8 text"},
		{"invalid utf-8 in the body", []byte(entry + "caf\xe9\n"), p + ":11:4: invalid UTF-8 byte 0xe9; the file must be UTF-8 text"},
		{"too large", append([]byte(entry), bytes.Repeat([]byte("x"), MaxSize)...), p + ":1:1: the file is larger than 1048576 bytes (1 MiB), the most an entry may be"},
		{"control character in the body", []byte(strings.Replace(entry, "Body", "Bo\x1b[31mdy", 1)), p + ":10:3: control character U+001B; it would reach pages as an invisible, invalid character; remove it"},
		{"C1 control (NEL, a YAML line break)", []byte(strings.Replace(entry, "title: T", "title: T\u0085x", 1)), p + ":2:9: control character U+0085; it would reach pages as an invisible, invalid character; remove it"},
		{"line separator in front matter", []byte(strings.Replace(entry, "title: T", "title: T\u2028x", 1)), p + ":2:9: U+2028 (a line or paragraph separator) is a line break to YAML but not to editors, so every position after it would be wrong; remove it"},
		{"deep flow nesting", []byte(strings.Replace(entry, "title: T", "title: "+strings.Repeat("[", 20000)+strings.Repeat("]", 20000), 1)),
			p + ":2:1: invalid YAML: exceeded max depth of 10000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc, diags := Parse(p, tt.src)
			if inc != nil || len(diags) != 1 || diags[0].String() != tt.want {
				t.Errorf("got %v %q, want nil and %q", inc != nil, diags.Error(), tt.want)
			}
		})
	}
}

// TestPositionsAfterLineBreaks: a diagnostic after every kind of line break
// YAML knows is on the line an editor shows it on. Lone CRs (old Mac line
// ends) are line ends like LF; NEL, LS and PS are refused where YAML would
// count them (see TestParseEncoding).
func TestPositionsAfterLineBreaks(t *testing.T) {
	const p = "content/incidents/2020/2020-05-01-x.md"
	bad := strings.Replace(entry, "status: confirmed", "status: confirmd", 1) + "LS \u2028 and PS \u2029 in the body are text.\n"
	for name, src := range map[string]string{
		"LF":      bad,
		"CRLF":    strings.ReplaceAll(bad, "\n", "\r\n"),
		"lone CR": strings.ReplaceAll(bad, "\n", "\r"),
		"mixed":   strings.Replace(strings.Replace(bad, "\n", "\r", 2), "\n", "\r\n", 2),
	} {
		inc, diags := Parse(p, []byte(src))
		want := p + `:6:9: status: "confirmd" is not allowed; want one of confirmed, reported, disputed; did you mean "confirmed"?`
		if inc == nil || len(diags) != 1 || diags[0].String() != want {
			t.Errorf("%s: got %q, want %q", name, diags.Error(), want)
			continue
		}
		if !bytes.Contains(inc.Body, []byte("\u2028")) || bytes.ContainsRune(inc.Body, '\r') {
			t.Errorf("%s: body %q", name, inc.Body)
		}
	}
}

// Hostile shapes too large for the text fixtures: each is refused with its
// diagnostics, quickly, and none is expanded in memory.
func TestParseHostile(t *testing.T) {
	const p = "content/incidents/2020/2020-05-01-x.md"
	var related, deep strings.Builder
	related.WriteString("related:\n")
	for i := range 10000 {
		fmt.Fprintf(&related, "  - 2020-01-01-x%d\n", i)
	}
	deep.WriteString("title: T\nnested:\n")
	for i := range 1000 {
		deep.WriteString(strings.Repeat(" ", i+1) + "a:\n")
	}
	// A billion laughs: nine levels of nine aliases each, 9^9 strings if expanded.
	bomb := "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	var bombWant []string
	for i := range 9 {
		if i > 0 {
			bomb += fmt.Sprintf("lol%d: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 9), ", "))
		}
		bombWant = append(bombWant, fmt.Sprintf("%s:%d:1: unknown field \"lol%d\"; known fields: title, ", p, 7+i, i))
	}
	bombWant = append(bombWant, p+":16:10: related: YAML anchors and aliases are not allowed; write the value out")
	tests := []struct {
		name, src string
		want      []string // each diagnostic, or how it starts
	}{
		{"10,000 related ids", strings.Replace(entry, "---\nBody", related.String()+"---\nBody", 1),
			[]string{p + ":10:3: related: 10000 ids; list at most 100, the incidents most closely related"}},
		{"deep block nesting", strings.Replace(entry, "title: T\n", deep.String(), 1),
			[]string{p + ":3:1: unknown field \"nested\"; did you mean \"related\"?"}},
		{"alias bomb", strings.Replace(entry, "status: confirmed\n", "status: confirmed\n"+bomb+"related: *l8\n", 1), bombWant},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, diags := Parse(p, []byte(tt.src))
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			var got []string
			same := len(diags) == len(tt.want)
			for i, d := range diags {
				got = append(got, d.String())
				same = same && strings.HasPrefix(d.String(), tt.want[i])
			}
			if !same {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// ReadFile reads no more of a large file than Parse needs to refuse it.
func TestReadFileLimit(t *testing.T) {
	fsys := fstest.MapFS{"big.md": {Data: make([]byte, 5*MaxSize)}, "small.md": {Data: []byte(entry)}}
	if b, err := ReadFile(fsys, "big.md"); err != nil || len(b) != MaxSize+1 {
		t.Errorf("read %d bytes, %v; want %d", len(b), err, MaxSize+1)
	}
	if b, err := ReadFile(fsys, "small.md"); err != nil || string(b) != entry {
		t.Errorf("read %q, %v", b, err)
	}
	if _, err := ReadFile(fsys, "missing.md"); err == nil {
		t.Error("a missing file was read")
	}
	// A file longer than its size says (it grew, or a file system that
	// does not know) is read whole, up to the limit.
	long := strings.Repeat("x", 5000)
	for _, said := range []int64{0, 10, 4999} {
		if b, err := ReadFile(sizeFS{fsys: fstest.MapFS{"f.md": {Data: []byte(long)}}, size: said}, "f.md"); err != nil || string(b) != long {
			t.Errorf("size said %d: read %d bytes, %v; want 5000", said, len(b), err)
		}
	}
	if b, err := ReadFile(sizeFS{fsys: fstest.MapFS{"f.md": {Data: make([]byte, 3*MaxSize)}}, size: 100}, "f.md"); err != nil || len(b) != MaxSize+1 {
		t.Errorf("a large file said to be small: read %d bytes, %v; want %d", len(b), err, MaxSize+1)
	}
}

// sizeFS reports every file's size as size, whatever it holds.
type sizeFS struct {
	fsys fs.FS
	size int64
}

func (s sizeFS) Open(name string) (fs.File, error) {
	f, err := s.fsys.Open(name)
	return sizeFile{f, s.size}, err
}

type sizeFile struct {
	fs.File
	size int64
}

func (f sizeFile) Stat() (fs.FileInfo, error) {
	fi, err := f.File.Stat()
	return sizeInfo{fi, f.size}, err
}

type sizeInfo struct {
	fs.FileInfo
	size int64
}

func (i sizeInfo) Size() int64 { return i.size }

func TestParseBody(t *testing.T) {
	inc, diags := Parse("content/incidents/2020/2020-05-01-x.md", []byte("\ufeff"+strings.ReplaceAll(entry, "\n", "\r\n")))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if string(inc.Body) != "Body line one.\n" || inc.BodyLine != 10 {
		t.Errorf("body %q at line %d, want %q at line 10", inc.Body, inc.BodyLine, "Body line one.\n")
	}
	if inc.ID != "2020-05-01-x" || inc.Title != "T" || inc.Date.String() != "2020-05-01" || len(inc.Sources) != 1 {
		t.Errorf("decoded %+v", inc)
	}
	if len(inc.Refs) != 3 {
		t.Errorf("got %d vocabulary refs, want 3 (airline, vector, language): %+v", len(inc.Refs), inc.Refs)
	}
}

// The related list's limit in the struct tag, which the JSON Schema
// publishes as maxItems, is the one Parse enforces.
func TestRelatedLimitIsPublished(t *testing.T) {
	found := false
	for _, f := range schema.Fields(reflect.TypeFor[Incident]()) {
		if f.Name == "related" {
			found = true
			if f.Max != MaxRelated {
				t.Errorf("related: check:\"max=%d\" in the tag, MaxRelated is %d", f.Max, MaxRelated)
			}
		}
	}
	if !found {
		t.Error("no related field")
	}
}

// TestIDForm: idDate accepts exactly the ids idRE (the JSON Schema's
// pattern) accepts, and finds the same date.
func TestIDForm(t *testing.T) {
	parts := []string{"2019", "2019-12", "2019-12-09", "201", "2019-1", "2019-12-9", "x", "-", "a", "b2", "miles", "", "--", "A", "é", " "}
	var ids []string
	for _, a := range parts {
		for _, b := range parts {
			for _, c := range parts {
				ids = append(ids, a+"-"+b+"-"+c, a+"-"+b, a+b+c, a+"-"+b+c)
			}
		}
	}
	for _, id := range ids {
		m := idRE.FindStringSubmatch(id)
		got, ok := idDate(id)
		if (m != nil) != ok || (ok && got != m[1]) {
			t.Errorf("%q: idDate %q %v, idRE %q", id, got, ok, m)
		}
	}
}
