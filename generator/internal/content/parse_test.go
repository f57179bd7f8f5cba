package content

import (
	"bytes"
	"strings"
	"testing"
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
		{"invalid utf-8", []byte(strings.Replace(entry, "title: T", "title: T\xff", 1)), p + ":2:9: invalid UTF-8 byte 0xff; entries must be UTF-8 text"},
		{"nul byte", []byte(strings.Replace(entry, "Body", "Bo\x00dy", 1)), p + ":10:3: NUL byte; entries must be UTF-8 text"},
		{"too large", append([]byte(entry), bytes.Repeat([]byte("x"), MaxSize)...), p + ":1:1: the file is 1048721 bytes; an entry may be at most 1048576 (1 MiB)"},
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
