package i18n

import (
	"strings"
	"testing"

	"breachline/generator/internal/date"
)

// Dates at their precision, durations and windows, and numbers, as each
// language writes them.
func TestDatesAndNumbers(t *testing.T) {
	for _, c := range []struct{ in, en, nl, de string }{
		{"2019", "2019", "2019", "2019"},
		{"2019-12", "December 2019", "december 2019", "Dezember 2019"},
		{"2019-12-09", "9 December 2019", "9 december 2019", "9. Dezember 2019"},
		{"2025-07-28/2025-08-03", "28 July – 3 August 2025", "28 juli – 3 augustus 2025", "28. Juli – 3. August 2025"},
		{"2025-07-28..2025-08-03", "between 28 July and 3 August 2025", "tussen 28 juli en 3 augustus 2025", "zwischen dem 28. Juli und dem 3. August 2025"},
		{"..2021-03-01", "on or before 1 March 2021", "uiterlijk op 1 maart 2021", "spätestens am 1. März 2021"},
		{"..2024-06", "on or before June 2024", "uiterlijk in juni 2024", "spätestens im Juni 2024"},
		{"2021-01..2021-02-24", "between January 2021 and 24 February 2021", "tussen januari 2021 en 24 februari 2021", "zwischen Januar 2021 und dem 24. Februar 2021"},
	} {
		d, err := date.ParseWhen(c.in)
		if err != nil {
			t.Fatal(err)
		}
		for lang, want := range map[string]string{"en": c.en, "nl": c.nl, "de": c.de} {
			if got := Date(lang, d); got != want {
				t.Errorf("%s in %s: %q, want %q", c.in, lang, got, want)
			}
		}
	}
	m, _ := date.ParseMoment("2019-12-09T16:00+01:00")
	if got := Date("de", m); got != "9. Dezember 2019, 16:00 UTC+01:00" {
		t.Errorf("a moment in German: %q", got)
	}
	for lang, want := range map[string]string{"en": "4,100 · 1,350,000 · 36", "nl": "4.100 · 1.350.000 · 36", "de": "4.100 · 1.350.000 · 36"} {
		if got := Number(lang, 4100) + " · " + Number(lang, 1350000) + " · " + Number(lang, 36); got != want {
			t.Errorf("numbers in %s: %q", lang, got)
		}
	}
}

// A table: texts, a count's forms, and every problem at its line; a
// table checked against the site language's has its keys, no more.
func TestTables(t *testing.T) {
	en, diags := Parse("en", "layouts/i18n/en.txt", []byte("# the site's own\nincidents.one: {n} incident\nincidents.other: {n} incidents\nsources: Sources\n"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	nl, diags := Parse("nl", "layouts/i18n/nl.txt", []byte("incidents.one: {n} incident\nincidents.other: {n} incidenten\nbronnen: Bronnen\nbad line\nsources:\nSources: x\nincidents.one: again\n"))
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	want := []string{
		`layouts/i18n/nl.txt:4:1: want key: text, got "bad line"`,
		`layouts/i18n/nl.txt:5:1: "sources" has no text after its colon; write key: text`,
		`layouts/i18n/nl.txt:6:1: "Sources" is not a key: use lower-case words joined by hyphens, with .one or .other for a count's forms`,
		`layouts/i18n/nl.txt:7:1: incidents.one is defined twice (first on line 1)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	got = nil
	for _, d := range nl.Check(en) {
		got = append(got, d.String())
	}
	want = []string{
		"layouts/i18n/nl.txt:1:1: sources is missing (layouts/i18n/en.txt has it on line 4): add sources: with its nl text",
		"layouts/i18n/nl.txt:3:1: bronnen is not a key of layouts/i18n/en.txt; correct it, or add it there first",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("check:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if nl.N("incidents", 1) != "1 incident" || nl.N("incidents", 4100) != "4.100 incidenten" || en.N("incidents", 4100) != "4,100 incidents" || en.T("sources") != "Sources" || nl.T("sources") != "[sources]" {
		t.Errorf("lookups: %q %q %q %q %q", nl.N("incidents", 1), nl.N("incidents", 4100), en.N("incidents", 4100), en.T("sources"), nl.T("sources"))
	}
}
