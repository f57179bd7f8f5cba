package site

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"breachline/generator/internal/i18n"
	"breachline/generator/internal/output"
)

// realSite builds the repository's own site into memory, once for the
// tests that read it (none writes to it).
func realSite(t *testing.T) *output.Memory {
	t.Helper()
	realBuilt.once.Do(func() {
		root := filepath.Join("..", "..", "..")
		realBuilt.mem = output.NewMemory()
		_, diags, err := Build(context.Background(), os.DirFS(root), realBuilt.mem, Options{})
		if err != nil || len(diags) > 0 {
			realBuilt.err = fmt.Sprintf("build: %v\n%s", err, diagText(diags))
		}
	})
	if realBuilt.err != "" {
		t.Fatal(realBuilt.err)
	}
	return realBuilt.mem
}

var realBuilt struct {
	once sync.Once
	mem  *output.Memory
	err  string
}

// pageLang is the language of a page of the built site by its folder.
func pageLang(p string) string {
	for _, l := range []string{"nl", "de"} {
		if strings.HasPrefix(p, l+"/") {
			return l
		}
	}
	return "en"
}

// visibleText is the text of an HTML page that is in its own language:
// outside script and style, and outside every element whose lang says
// otherwise (an English body on a Dutch page, a source's title).
func visibleText(t *testing.T, p string, page []byte) string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(page)))
	d.Strict, d.AutoClose, d.Entity = false, xml.HTMLAutoClose, xml.HTMLEntity
	own := pageLang(p)
	type open struct{ name, lang string }
	var stack []open
	var b strings.Builder
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			lang := own
			if len(stack) > 0 {
				lang = stack[len(stack)-1].lang
			}
			for _, a := range tok.Attr {
				if a.Name.Local == "lang" {
					lang = a.Value
				}
			}
			stack = append(stack, open{tok.Name.Local, lang})
		case xml.EndElement:
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == tok.Name.Local {
					stack = stack[:i]
					break
				}
			}
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			top := stack[len(stack)-1]
			if top.lang != own || slices.ContainsFunc(stack, func(o open) bool {
				return o.name == "script" || o.name == "style" || o.name == "title" || o.name == "code"
			}) {
				continue
			}
			b.Write(tok)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// englishOnly are the English table's texts that the Dutch and German
// tables write otherwise, cut at their {places}: what an untranslated
// layout would leave on a Dutch or German page.
func englishOnly(t *testing.T) (*regexp.Regexp, int) {
	t.Helper()
	tables := map[string]*i18n.Table{}
	for _, l := range []string{"en", "nl", "de"} {
		name := filepath.Join("..", "..", "..", "layouts", "i18n", l+".txt")
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		tab, diags := i18n.Parse(l, name, src)
		if len(diags) > 0 {
			t.Fatalf("%s: %v", name, diags)
		}
		tables[l] = tab
	}
	place := regexp.MustCompile(`\{[a-z]+\}`)
	seen := map[string]bool{}
	var out []string
	for _, k := range tables["en"].Keys() {
		en := tables["en"].T(k)
		if strings.EqualFold(en, tables["nl"].T(k)) || strings.EqualFold(en, tables["de"].T(k)) {
			continue
		}
		for _, frag := range place.Split(en, -1) {
			frag = strings.TrimSpace(strings.Trim(frag, " ,.:;()·–—"))
			if len([]rune(frag)) < 4 || seen[frag] || alsoDutchOrGerman[strings.ToLower(frag)] || !strings.ContainsFunc(frag, func(r rune) bool { return r >= 'a' && r <= 'z' }) {
				continue
			}
			seen[frag] = true
			out = append(out, regexp.QuoteMeta(frag))
		}
	}
	// Longest first, and one expression for all: a page is read once.
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return regexp.MustCompile(`(?i)(?:^|[^\pL])(` + strings.Join(out, "|") + `)(?:$|[^\pL])`), len(out)
}

// properNames removes, from a page's text, the names that are the same in
// every language: of airlines, groups, alliances, programmes, suppliers,
// authorities (their own names, and their names on the page), the
// sources' publishers and the actors.
func properNames(t *testing.T) *strings.Replacer {
	t.Helper()
	root := filepath.Join("..", "..", "..")
	s, diags, err := Load(context.Background(), os.DirFS(root))
	if err != nil || len(diags) > 0 {
		t.Fatalf("load: %v\n%s", err, diagText(diags))
	}
	c := s.Config
	var ns []string
	for _, a := range c.Airlines {
		ns = append(ns, a.Name)
	}
	for _, g := range c.Groups {
		ns = append(ns, g.Name)
	}
	for _, a := range c.Alliances {
		ns = append(ns, a.Name)
	}
	for _, p := range c.Programmes {
		ns = append(ns, p.Name)
	}
	for _, p := range c.Suppliers {
		ns = append(ns, p.Name)
	}
	for _, a := range c.Authorities {
		ns = append(ns, a.Name, a.NativeName)
		for _, tr := range a.Translations {
			ns = append(ns, tr.Name)
		}
	}
	ns = append(ns, "Group-IB") // a security firm the SITA sources quote
	for _, inc := range s.Incidents {
		for _, src := range inc.Sources {
			ns = append(ns, src.Publisher)
		}
		for _, a := range inc.Actors {
			ns = append(ns, a.Name)
		}
	}
	// Longest first, so that "KLM Royal Dutch Airlines" goes before "KLM".
	slices.SortFunc(ns, func(a, b string) int { return len(b) - len(a) })
	var pairs []string
	for _, n := range slices.Compact(ns) {
		if n != "" {
			pairs = append(pairs, n, " ")
			if h := strings.ReplaceAll(n, " ", "-"); h != n { // in a compound: Star-Alliance-Mitglieder
				pairs = append(pairs, h, " ")
			}
			if a := strings.ReplaceAll(n, " & ", " and "); a != n { // as some sources write it: Miles and More
				pairs = append(pairs, a, " ")
			}
		}
	}
	return strings.NewReplacer(pairs...)
}

// alsoDutchOrGerman are English texts of the tables that are words of
// Dutch or German too ("filter ze allemaal"; "data", the Dutch plural of
// datum; "Airline", which German newspapers write too).
var alsoDutchOrGerman = map[string]bool{"filter": true, "data": true, "airline": true}

// englishWords are words of English that neither Dutch nor German has, so
// that one left in a layout outside the tables shows too.
var englishWords = regexp.MustCompile(`(?i)\b(and|with|from|which|were|between|before|after|exposed|incidents|sources|airlines|programmes|members)\b`)

var (
	hostRE      = regexp.MustCompile(`(?i)\b[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(/\S*)?`)
	htmlLangRE  = regexp.MustCompile(`<html lang="([^"]*)"`)
	hreflangRE  = regexp.MustCompile(`<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">`)
	switcherRE  = regexp.MustCompile(`(?s)<nav class="languages[^"]*"[^>]*>(.*?)</nav>`)
	switchLinks = regexp.MustCompile(`<a href="([^"]+)" hreflang="([^"]+)"`)
)

// TestLanguages builds the real site and reads every page of it: each has
// its language's lang, alternates in the three languages and x-default
// whose targets exist, and a switcher whose links exist and lead to the
// same page in the other languages; no page of the Dutch or German site
// shows an English word of the layouts outside an element marked as
// English.
func TestLanguages(t *testing.T) {
	mem := realSite(t)
	names := properNames(t)
	english, texts := englishOnly(t)
	if texts < 200 {
		t.Fatalf("only %d English texts to look for; the tables are not read", texts)
	}
	const base = "https://breachline.example/"
	exists := func(u string) bool {
		p, ok := strings.CutPrefix(u, base)
		if !ok {
			p = strings.TrimPrefix(u, "/")
		}
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		_, ok = mem.Get(p)
		return ok
	}
	pages := 0
	for _, p := range mem.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		pages++
		b, _ := mem.Get(p)
		own := pageLang(p)
		if m := htmlLangRE.FindSubmatch(b); m == nil || string(m[1]) != own {
			t.Errorf("%s: <html lang> is %q, want %q", p, m, own)
		}
		neutral := strings.TrimPrefix(p, own+"/")
		if !strings.HasSuffix(p, "404.html") {
			alts := map[string]string{}
			for _, m := range hreflangRE.FindAllSubmatch(b, -1) {
				alts[string(m[1])] = string(m[2])
			}
			for _, l := range []string{"en", "nl", "de", "x-default"} {
				want := base
				if l != "en" && l != "x-default" {
					want += l + "/"
				}
				want += strings.TrimSuffix(neutral, "index.html")
				if alts[l] != want {
					t.Errorf("%s: hreflang %s is %q, want %q", p, l, alts[l], want)
				} else if !exists(want) {
					t.Errorf("%s: hreflang %s leads to %s, which the site lacks", p, l, want)
				}
			}
		}
		sw := switcherRE.FindSubmatch(b)
		if sw == nil {
			t.Errorf("%s: no language switcher", p)
		} else if links := switchLinks.FindAllSubmatch(sw[1], -1); len(links) != 2 {
			t.Errorf("%s: the switcher has %d links, want 2", p, len(links))
		} else {
			for _, l := range links {
				if !exists(string(l[1])) {
					t.Errorf("%s: the switcher's %s link %s leads nowhere", p, l[2], l[1])
				}
			}
		}
		if own == "en" {
			continue
		}
		// One space for any run of blanks (a body wraps a name), then no
		// names and no web addresses, which are the same in every language.
		text := strings.Join(strings.Fields(visibleText(t, p, b)), " ")
		text = hostRE.ReplaceAllString(names.Replace(text), " ")
		for _, m := range english.FindAllStringSubmatch(text, -1) {
			t.Errorf("%s: English %q outside lang=\"en\"", p, m[1])
		}
		if loc := englishWords.FindStringIndex(text); loc != nil {
			t.Errorf("%s: the English word %q outside lang=\"en\": …%s…", p, text[loc[0]:loc[1]], text[max(0, loc[0]-60):min(len(text), loc[1]+60)])
		}
	}
	if pages < 600 {
		t.Errorf("read only %d pages", pages)
	}
}

// TestLiveLanguages previews the real site in its three languages: what
// the preview serves is what a build writes, and an edit of an entry's
// Dutch body, or of the Dutch table, shows on the Dutch pages.
func TestLiveLanguages(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	fsys := readDir(t, root, "config.yaml", "content", "layouts", "static")
	l := NewLive(fsys, Options{})
	liveUpdate(t, l, "full")
	sameAsBuild(t, l, fsys)

	const entry = "content/incidents/2023/2023-01-flying-blue-account-compromise.md"
	const page = "nl/incidents/2023-01-flying-blue-account-compromise/index.html"
	src := string(fsys[entry].Data)
	const old = "      Begin januari 2023 mailden Air France en KLM"
	if !strings.Contains(src, old) {
		t.Fatalf("%s has no Dutch body starting %q", entry, old)
	}
	fsys[entry] = &fstest.MapFile{Data: []byte(strings.Replace(src, old, "      Bewerkt: begin januari 2023 mailden Air France en KLM", 1))}
	liveUpdate(t, l, "entry", entry)
	if b, _ := l.Get(page); !strings.Contains(string(b), "Bewerkt: begin januari") {
		t.Errorf("%s does not show the edited Dutch body", page)
	}
	if b, _ := l.Get(strings.TrimPrefix(page, "nl/")); strings.Contains(string(b), "Bewerkt") {
		t.Errorf("the English page shows the Dutch edit")
	}

	const table = "layouts/i18n/nl.txt"
	tab := string(fsys[table].Data)
	fsys[table] = &fstest.MapFile{Data: []byte(strings.Replace(tab, "languages-label: Talen\n", "languages-label: Andere talen\n", 1))}
	liveUpdate(t, l, "layouts", table)
	if b, _ := l.Get(page); !strings.Contains(string(b), `aria-label="Andere talen"`) {
		t.Errorf("%s does not show the edited table", page)
	}
	sameAsBuild(t, l, fsys)
}

// TestLocalDatesAndNumbers: the Dutch and German pages write dates and
// numbers as those languages do, in the facts, the counts and the
// "sources disagree" table; the English pages as English does.
func TestLocalDatesAndNumbers(t *testing.T) {
	mem := realSite(t)
	const inc = "incidents/2019-12-09-miles-and-more-session-mixup/index.html"
	cases := []struct {
		page      string
		want, not []string
	}{
		{inc, []string{`<time datetime="2019-12-09">9 December 2019</time>`, "4,100 logins", "at most 9,885 accounts"}, []string{"4.100"}},
		{"nl/" + inc, []string{`<time datetime="2019-12-09">9 december 2019</time>`, "4.100 logins", "hooguit 9.885 accounts"}, []string{"4,100", "December"}},
		{"de/" + inc, []string{`<time datetime="2019-12-09">9. Dezember 2019</time>`, "4.100 Logins", "höchstens 9.885 Konten"}, []string{"4,100", "December"}},
		{"de/incidents/2021-03-04-sita-passenger-service-system/index.html", []string{"4.500.000"}, []string{"4,500,000"}},
		{"nl/decisions/index.html", []string{"GBP 20.000.000", "CAD 1.550.000"}, []string{"GBP 20,000,000"}},
	}
	for _, c := range cases {
		b, ok := mem.Get(c.page)
		if !ok {
			t.Errorf("%s was not written", c.page)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %q", c.page, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(visibleText(t, c.page, b), n) {
				t.Errorf("%s shows %q", c.page, n)
			}
		}
	}
}

// TestNoticePagesAndAdvice: the 2023 and 2025 Flying Blue pages say how
// their notice read, and every incident page that exposed a field with
// advice says what to do, in each language.
func TestNoticePagesAndAdvice(t *testing.T) {
	mem := realSite(t)
	for _, id := range []string{"2023-01-flying-blue-account-compromise", "2025-08-06-air-france-klm-customer-service-platform"} {
		for _, pre := range []string{"", "nl/", "de/"} {
			b, _ := mem.Get(pre + "incidents/" + id + "/index.html")
			if !strings.Contains(string(b), `<section class="letters"`) || !strings.Contains(string(b), `<q lang="en">`) {
				t.Errorf("%sincidents/%s/ does not say how its notice read", pre, id)
			}
		}
	}
	// The Miles & More page gives the data-protection contact a source printed.
	for _, pre := range []string{"", "nl/", "de/"} {
		b, _ := mem.Get(pre + "incidents/2019-12-09-miles-and-more-session-mixup/index.html")
		if !strings.Contains(string(b), `<a href="mailto:datenschutz@dlh.de">`) {
			t.Errorf("%sMiles & More's page gives no data-protection contact", pre)
		}
	}
	pages := 0
	for _, p := range mem.Paths() {
		if !strings.Contains(p, "incidents/") || !strings.HasSuffix(p, "/index.html") {
			continue
		}
		b, _ := mem.Get(p)
		if strings.Contains(string(b), `class="chips exposed"`) && !strings.Contains(string(b), `<section class="advice"`) {
			t.Errorf("%s exposes data but says nothing of what to do", p)
		}
		pages++
	}
	if pages < 100 {
		t.Errorf("read only %d incident pages", pages)
	}
}
