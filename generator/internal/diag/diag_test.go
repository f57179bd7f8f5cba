package diag

import (
	"bytes"
	"testing"
)

func TestClosest(t *testing.T) {
	keys := []string{"klm", "air-france", "lufthansa", "programme", "en", "de", "nl"}
	tests := map[string]string{
		"klmm":       "klm",
		"KLM":        "klm",
		"airfrance":  "air-france",
		"lufthnasa":  "lufthansa",
		"programm":   "programme",
		"fr":         "", // a two-letter rewrite is no typo
		"ransomware": "",
		"dee":        "de",
	}
	for in, want := range tests {
		if got := Closest(in, keys); got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
	if got := DidYouMean("klm", keys); got != "" {
		t.Errorf("DidYouMean of an exact key = %q, want nothing", got)
	}
}

func TestWrite(t *testing.T) {
	l := List{
		{Pos: Pos{File: "b.md", Line: 2, Col: 1}, Rule: "r", Msg: "second"},
		{Pos: Pos{File: "a,b:c.md", Line: 10, Col: 3}, Rule: "unknown-field", Msg: "50% wrong\nreally"},
		{Pos: Pos{File: "b.md", Line: 1}, Rule: "r", Msg: "first"},
		{Pos: Pos{File: "content/x"}, Rule: "r", Msg: "whole file"},
	}
	l.Sort()
	var text, gh bytes.Buffer
	if err := l.Write(&text, Text); err != nil {
		t.Fatal(err)
	}
	wantText := "a,b:c.md:10:3: 50% wrong\nreally\nb.md:1: first\nb.md:2:1: second\ncontent/x: whole file\n"
	if text.String() != wantText {
		t.Errorf("text:\n%s\nwant:\n%s", text.String(), wantText)
	}
	if err := l.Write(&gh, GitHub); err != nil {
		t.Fatal(err)
	}
	wantGH := "::error file=a%2Cb%3Ac.md,line=10,col=3,title=unknown-field::50%25 wrong%0Areally\n" +
		"::error file=b.md,line=1,title=r::first\n" +
		"::error file=b.md,line=2,col=1,title=r::second\n" +
		"::error file=content/x,title=r::whole file\n"
	if gh.String() != wantGH {
		t.Errorf("github:\n%s\nwant:\n%s", gh.String(), wantGH)
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("ParseFormat accepted xml")
	}
}
