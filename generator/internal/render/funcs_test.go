package render

import (
	"breachline/generator/internal/i18n"
	"html/template"
	"strings"
	"testing"

	"breachline/generator/internal/date"
	"breachline/generator/internal/index"
)

func TestHuman(t *testing.T) {
	for in, want := range map[string]string{
		"2023":                         "2023",
		"2023-01":                      "January 2023",
		"2019-12-09":                   "9 December 2019",
		"2025-07-28/2025-08-03":        "28 July – 3 August 2025",
		"2024-12-30/2025-01-02":        "30 December 2024 – 2 January 2025",
		"2018/2019":                    "2018 – 2019",
		"2020-05-01T10:00+02:00":       "1 May 2020, 10:00 UTC+02:00",
		"2020-05-01T10:00:05-03:30":    "1 May 2020, 10:00:05 UTC−03:30",
		"2020-05-01T10:00Z":            "1 May 2020, 10:00 UTC",
		"2023-01/2023-03":              "January – March 2023",
		"2023-01-09T08:00Z/2023-01-10": "9 January 2023, 08:00 UTC – 10 January 2023",
	} {
		d, err := date.ParseMoment(in)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got := Human(d); got != want {
			t.Errorf("Human(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestCapitalize(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "airlines": "Airlines", "élan": "Élan", "ßtraße": "ßtraße", "Ready": "Ready", "\xffx": "\xffx", "1st": "1st",
	} {
		if got := Capitalize(in); got != want {
			t.Errorf("Capitalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestByYear(t *testing.T) {
	ins := incidentsAt(t, "2025-01", "2023-05", "2023-01", "2019")
	var got []int
	n := 0
	for _, g := range ByYear(ins) {
		got = append(got, g.Year)
		n += len(g.Incidents)
	}
	if len(got) != 3 || got[0] != 2025 || got[1] != 2023 || got[2] != 2019 || n != 4 {
		t.Errorf("groups %v holding %d incidents", got, n)
	}
	if ByYear(nil) != nil {
		t.Error("no incidents, but groups")
	}
}

// partialCached's key tells variants apart that print alike.
func TestVariantKey(t *testing.T) {
	keys := map[string][]any{}
	for _, vs := range [][]any{nil, {"a b"}, {"a", "b"}, {"a\x00b"}, {1}, {"1"}, {"a", "b", "c"}, {"a b", "c"}, {"a b c\n"},
		{"", "\x00[]interface {}{1}"}, {"\x00[]interface {}{1}"}, {"", "x"}, {"\x00x"}, {"a", 1}, {"a", "1"}, {"\x00\x00[]interface {}{1}"}} {
		k := variantKey(vs)
		if prev, ok := keys[k]; ok && len(vs) > 0 {
			t.Errorf("%q and %q share the key %q", prev, vs, k)
		}
		keys[k] = vs
	}
}

// A term's link is the layouts' term-link partial, with the name escaped,
// made once; several are joined by commas, and a key the index does not
// know is shown as written.
func TestTermLinks(t *testing.T) {
	s := fixture(t, nil)
	one, err := s.r.termLink(index.Programmes, "miles-and-more")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(one), `href="/programmes/miles-and-more/"`) || !strings.Contains(string(one), "Miles &amp; More") {
		t.Errorf("the link: %s", one)
	}
	again, _ := s.r.termLink(index.Programmes, "miles-and-more")
	if again != one {
		t.Error("the same link rendered twice differs")
	}
	two, err := s.r.termLinks(index.Airlines, []string{"klm", "lufthansa"})
	if err != nil {
		t.Fatal(err)
	}
	klm, _ := s.r.termLink(index.Airlines, "klm")
	lh, _ := s.r.termLink(index.Airlines, "lufthansa")
	if two != klm+", "+lh {
		t.Errorf("two links: %s", two)
	}
	unknown, err := s.r.termLink(index.Airlines, "<nope>")
	if err != nil || strings.Contains(string(unknown), "<nope>") || !strings.Contains(string(unknown), "&lt;nope&gt;") {
		t.Errorf("an unknown key: %s, %v", unknown, err)
	}
}

// Every template function has a typed adapter (none goes through
// reflection), and the map html/template gets holds each.
func TestFuncs(t *testing.T) {
	var r *Renderer
	tab, _ := i18n.Parse("en", "en.txt", []byte("k: v\n"))
	fm := Funcs(&r)("en", "en", tab)
	html := fm.HTML()
	if len(html) != len(fm) || len(fm) < 40 {
		t.Fatalf("%d functions, %d for html/template", len(fm), len(html))
	}
	for name := range fm {
		if html[name] == nil {
			t.Errorf("%s: no function for html/template", name)
		}
	}
	// The layouts parse with exactly these functions.
	if _, err := template.New("x").Funcs(html).Parse(`{{human .}}{{termLinks "airlines" .}}{{title "x"}}`); err != nil {
		t.Error(err)
	}
}
