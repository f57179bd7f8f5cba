package validate

import (
	"os"
	"slices"
	"strings"
	"testing"

	"breachline/generator/internal/schema"
)

// TestHostileURLs: every way of writing a script, data or local URL is
// refused, as a source's url and as a link in a body; the forms the site
// allows pass.
func TestHostileURLs(t *testing.T) {
	for _, u := range []string{
		"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\tjavascript:alert(1)",
		"\njavascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)", "javascript&colon;alert(1)",
		"&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "%6Aavascript:alert(1)", "\x00javascript:alert(1)",
		"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "DATA:text/html,<script>", " data:image/svg+xml,x",
		"vbscript:msgbox(1)", "VBScript:msgbox(1)", "file:///etc/passwd", "//evil.example/x", "/relative", "https:javascript:alert(1)",
		"https://user:pass@evil.example/", "https://news.example/a b", "http:///nohost", "",
	} {
		if schema.CheckURL(u) == nil {
			t.Errorf("source url %q was accepted", u)
		}
		if checkLink(u) == "" {
			t.Errorf("body link %q was accepted", u)
		}
	}
	for _, u := range []string{"https://news.example/a?b=1&c=2#x", "HTTP://NEWS.EXAMPLE/"} {
		if err := schema.CheckURL(u); err != nil || checkLink(u) != "" {
			t.Errorf("%q was refused: %v %s", u, err, checkLink(u))
		}
	}
	for _, u := range []string{"mailto:press@news.example", "incident:2019-12-09-x", "#section"} {
		if msg := checkLink(u); msg != "" {
			t.Errorf("body link %q was refused: %s", u, msg)
		}
	}
	for _, u := range []string{"mailto:", "mailto:a@b.example?body=<script>", "incident:../../etc", "incident:X"} {
		if checkLink(u) == "" {
			t.Errorf("body link %q was accepted", u)
		}
	}
}

// TestSourcingRulesDocumented: CONTRIBUTING.md's list of the sourcing rules
// check holds entries to is SourcingRules, no more and no less.
func TestSourcingRulesDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../../CONTRIBUTING.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "\n### What `check` holds every entry to\n")
	if !ok {
		t.Fatal("CONTRIBUTING.md has no section \"What `check` holds every entry to\"")
	}
	section, _, _ = strings.Cut(section, "\n#")
	var listed []string
	for _, line := range strings.Split(section, "\n") {
		if rest, ok := strings.CutPrefix(line, "- `"); ok {
			name, _, _ := strings.Cut(rest, "`")
			listed = append(listed, name)
		}
	}
	if !slices.Equal(listed, SourcingRules) {
		t.Errorf("CONTRIBUTING.md lists the sourcing rules\n%q\nbut check has\n%q", listed, SourcingRules)
	}
}
