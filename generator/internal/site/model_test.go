package site

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"breachline/generator/internal/date"
)

// A breach at a supplier, told by three airlines: one entry with three
// notices, counted once everywhere, and each airline's matrix row made only
// of what the claims about that airline say.
const supplierBreach = `---
title: The platform was breached again
date: 2024-05..2024-06-10
disclosed: 2024-06-10
airlines: [klm, lufthansa, air-france]
supplier: example-platform
vector: account-takeover
status: confirmed
notices:
  - airline: lufthansa
    programme: miles-and-more
    disclosed: 2024-06-12
    data:
      exposed: [name, miles-balance]
  - airline: klm
    programme: flying-blue
    disclosed: 2024-06-11
    data:
      exposed: [email]
  - airline: air-france
    programme: flying-blue
    disclosed: 2024-06-11
sources:
  - publisher: Example Platform
    title: Notice of a security incident
    url: https://platform.example/notice
    language: en
    claims:
      from: operator
      exposed: [payment-card]
  - publisher: Example Zeitung
    title: Lufthansa informiert Kunden
    url: https://news.example/de/2
    language: de
    claims:
      about: lufthansa
      exposed: [name, miles-balance]
  - publisher: Example Nieuws
    title: KLM informeert klanten
    url: http://nieuws.example/3
    language: nl
    claims:
      about: klm
      exposed: [email]
---
The platform's notice, and what each airline told its members.
`

func TestSupplierBreachCountsOnce(t *testing.T) {
	fsys := fixtureSite(t)
	// The platform's own claim (a payment card) is the breach's, not any airline's.
	fsys["content/incidents/2024/2024-06-example-platform-second-breach.md"] = &fstest.MapFile{Data: []byte(strings.Replace(supplierBreach,
		"status: confirmed\n", "status: confirmed\ndata:\n  exposed: [payment-card]\n", 1))}
	mem := buildMemory(t, fsys)
	page := func(p string) string {
		b, ok := mem.Get(p)
		if !ok {
			t.Fatalf("no %s", p)
		}
		return string(b)
	}
	const link = `href="/incidents/2024-06-example-platform-second-breach/"`
	if home := page("index.html"); !strings.Contains(home, ">3 incidents, newest first") || strings.Count(home, "<li class=\"incident-item") != 3 {
		t.Errorf("the home page does not count three incidents, the breach once")
	}
	for _, p := range []string{"index.html", "years/2024/index.html", "airlines/klm/index.html", "airlines/lufthansa/index.html", "airlines/air-france/index.html",
		"programmes/flying-blue/index.html", "programmes/miles-and-more/index.html", "suppliers/example-platform/index.html", "data/email/index.html"} {
		if n := strings.Count(page(p), "<h3 class=\"title\"><a "+link); n != 1 {
			t.Errorf("%s lists the supplier's breach %d times, want once", p, n)
		}
	}
	if y := page("years/2024/index.html"); !regexp.MustCompile(`>1 incident<`).MatchString(y) {
		t.Errorf("the year page does not count one incident")
	}
	// Each airline's own page shows what its notice said.
	if klm := page("airlines/klm/index.html"); !strings.Contains(klm, `KLM</a>&#39;s notice (<time datetime="2024-06-11">11 June 2024</time>): exposed <a href="/data/email/">`) {
		t.Errorf("KLM's page does not show its notice")
	}

	// The matrix: Lufthansa's row has name and miles balance from this
	// breach, KLM's e-mail; nobody's row has the payment card, which only
	// the platform's claim about the breach as a whole gives.
	matrix := page("matrix/index.html")
	head := regexp.MustCompile(`<th scope="col"><a href="/data/([a-z-]+)/">`).FindAllStringSubmatch(matrix, -1)
	rows := map[string]map[string]int{}
	for _, m := range regexp.MustCompile(`<tr><th scope="row"><a href="/airlines/([a-z-]+)/">[^<]*</a></th>(.*?)</tr>`).FindAllStringSubmatch(matrix, -1) {
		cells := regexp.MustCompile(`<td[^>]*>(.*?)</td>`).FindAllStringSubmatch(m[2], -1)
		rows[m[1]] = map[string]int{}
		for i, c := range cells {
			if n, err := strconv.Atoi(c[1]); err == nil && i < len(head) {
				rows[m[1]][head[i][1]] = n
			}
		}
	}
	want := map[string]map[string]int{
		"lufthansa":  {"name": 2, "miles-balance": 2}, // and the fixture mix-up's
		"klm":        {"name": 0, "email": 1},         // this breach's e-mail; KLM's notice of the takeover lists no data
		"air-france": {"name": 1, "email": 0},         // the takeover's entry-wide data; its notice lists none here
	}
	for a, cells := range want {
		for f, n := range cells {
			if rows[a][f] != n {
				t.Errorf("matrix %s × %s = %d, want %d (row %v)", a, f, rows[a][f], n, rows[a])
			}
		}
		if rows[a]["payment-card"] != 0 {
			t.Errorf("matrix %s × payment-card = %d: only the breach as a whole claims it", a, rows[a]["payment-card"])
		}
	}
}

// No bar of the timeline is longer than its incident lasted: only a
// duration is a bar, and a window or a date known to its month is drawn
// as a dashed window, which the legend explains.
func TestTimelineBarsNoLongerThanDurations(t *testing.T) {
	fsys := fixtureSite(t)
	fsys["content/incidents/2024/2024-06-example-platform-second-breach.md"] = &fstest.MapFile{Data: []byte(supplierBreach)}
	dur := strings.NewReplacer("date: 2024-05..2024-06-10", "date: 2022-03-01/2022-04-10", "disclosed: 2024-06-10", "disclosed: 2022-05-01",
		"2024-06-1", "2022-05-1")
	fsys["content/incidents/2022/2022-03-01-platform-breach.md"] = &fstest.MapFile{Data: []byte(strings.Replace(dur.Replace(supplierBreach), "supplier: example-platform\n", "", 1))}
	before := strings.NewReplacer("date: 2024-05..2024-06-10", "date: ..2021-03-01", "disclosed: 2024-06-10", "disclosed: 2021-03-01",
		"2024-06-1", "2021-03-1")
	fsys["content/incidents/2021/2021-03-01-platform-breach.md"] = &fstest.MapFile{Data: []byte(strings.Replace(before.Replace(supplierBreach), "supplier: example-platform\n", "", 1))}
	mem := buildMemory(t, fsys)
	home, _ := mem.Get("index.html")
	var export struct {
		Incidents []struct {
			ID   string                 `json:"id"`
			Date struct{ Value string } `json:"date"`
		} `json:"incidents"`
	}
	b, _ := mem.Get("api/incidents.json")
	if err := json.Unmarshal(b, &export); err != nil {
		t.Fatal(err)
	}
	dates := map[string]date.Date{}
	for _, in := range export.Incidents {
		d, err := date.ParseWhen(in.Date.Value)
		if err != nil {
			t.Fatal(err)
		}
		dates[in.ID] = d
	}
	svg := string(home)
	ticks := regexp.MustCompile(`<text class="tick-label" x="([0-9.]+)" y="11">(\d+)</text>`).FindAllStringSubmatch(svg, -1)
	if len(ticks) < 2 {
		t.Fatal("no ticks")
	}
	x0, _ := strconv.ParseFloat(ticks[0][1], 64)
	x1, _ := strconv.ParseFloat(ticks[1][1], 64)
	perYear := x1 - x0
	kinds := map[string]string{}
	for _, m := range regexp.MustCompile(`<a href="/incidents/([^/]+)/" tabindex="-1">(?:<rect class="mark (bar|window)" x="[0-9.]+" y="[0-9.]+" width="([0-9.]+)"|<g class="mark (before)"|<circle class="mark (point)")`).FindAllStringSubmatch(svg, -1) {
		id, kind := m[1], m[2]+m[4]+m[5]
		kinds[id] = kind
		d, ok := dates[id]
		if !ok {
			t.Fatalf("a mark for %s, which the export does not have", id)
		}
		if kind == "bar" {
			w, _ := strconv.ParseFloat(m[3], 64)
			lasted := d.End().Sub(d.Start()).Hours() / 24 / 365.2425 * perYear
			if !d.IsInterval() || w > lasted+0.1 {
				t.Errorf("%s (%s) is a bar %.1f wide; it lasted %.1f", id, d, w, lasted)
			}
		}
	}
	want := map[string]string{
		"2022-03-01-platform-breach":             "bar",    // 1 March – 10 April 2022: it lasted so
		"2024-06-example-platform-second-breach": "window", // at some time between May and 10 June 2024
		"2021-03-01-platform-breach":             "before", // on or before 1 March 2021
		"2023-01-fixture-takeover":               "window", // January 2023, at month precision
		"2019-12-09-fixture-mixup":               "point",
	}
	for id, k := range want {
		if kinds[id] != k {
			t.Errorf("%s is drawn as %q, want %q", id, kinds[id], k)
		}
	}
	if !strings.Contains(svg, `<figcaption class="legend">`) || !strings.Contains(svg, "lasted from … to …") || !strings.Contains(svg, "on or before a day") {
		t.Error("the chart has no legend saying how to read its marks")
	}
	// The window is filed by what is known: the year it had happened by.
	if y, _ := mem.Get("years/2021/index.html"); !strings.Contains(string(y), "2021-03-01-platform-breach") {
		t.Error("the on-or-before incident is not filed under 2021")
	}
}
