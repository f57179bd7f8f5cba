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
	wantText := "a,b:c.md:10:3: 50% wrong\\nreally\nb.md:1: first\nb.md:2:1: second\ncontent/x: whole file\n"
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

// TestEscape: nothing from an entry reaches a terminal or a CI log as a
// control character, a line of its own, a workflow command or reversed
// text; what is safe is left as it is.
func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"content/incidents/2019/2019-12-09-x.md": "content/incidents/2019/2019-12-09-x.md",
		"Köln, 東京, Łódź — “quoted”":              "Köln, 東京, Łódź — “quoted”",
		"a\n::warning file=x::forged":            `a\n:\x3awarning file=x:\x3aforged`,
		"::stop-commands::tok":                   `:\x3astop-commands:\x3atok`,
		"bell\a esc\x1b[31m del\x7f":             `bell\x07 esc\x1b[31m del\x7f`,
		"tab\tcr\r":                              `tab\tcr\r`,
		"c1 \u0085 ls \u2028 ps \u2029":          `c1 \u0085 ls \u2028 ps \u2029`,
		"rlo \u202egnp.exe":                      `rlo \u202egnp.exe`,
		"zwsp \u200b bom \ufeff":                 `zwsp \u200b bom \ufeff`,
		"bad \xff\xfe utf-8":                     `bad \xff\xfe utf-8`,
		"ok: one colon":                          "ok: one colon",
		"é::é":                                   `é:\x3aé`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
	var gh bytes.Buffer
	List{{Pos: Pos{File: "x\n::warning ::y.md", Line: 1}, Rule: "r\n::x", Msg: "line1\n::warning::two\x1b"}}.Write(&gh, GitHub)
	if want := "::error file=x\\n%3A%3Awarning %3A%3Ay.md,line=1,title=r\\n%3A%3Ax::line1%0A:\\x3awarning:\\x3atwo\\x1b\n"; gh.String() != want {
		t.Errorf("github:\n%q\nwant:\n%q", gh.String(), want)
	}
}
