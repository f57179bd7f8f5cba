package index

import (
	"slices"
	"testing"

	"breachline/generator/internal/config"
	"breachline/generator/internal/content"
	"breachline/generator/internal/date"
)

func mustDate(t *testing.T, s string) date.Date {
	t.Helper()
	d, err := date.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func testConfig() *config.Config {
	c, _ := config.Parse([]byte(`
title: T
base_url: https://x.example/
language: en
languages: {en: {name: English}, de: {name: German}}
alliances:
  skyteam: {name: SkyTeam}
  oneworld: {name: oneworld}
groups:
  afkl: {name: Air France–KLM}
airlines:
  klm: {name: KLM, programme: flying-blue, group: afkl, alliance: skyteam}
  air-france: {name: Air France, programme: flying-blue, group: afkl}
  lufthansa: {name: Lufthansa}
programmes:
  flying-blue: {name: Flying Blue, airlines: [klm, air-france]}
vectors:
  v: {name: V, description: d, veris: [x]}
  w: {name: W, description: d, veris: [x]}
data:
  name: {name: Name, description: d, veris: Personal}
  email: {name: Email, description: d, veris: Personal}
  miles-balance: {name: Miles, description: d, veris: Personal}
  transactions: {name: Transactions, description: d, veris: Personal}
  phone: {name: Phone, description: d, veris: Personal}
  password: {name: Password, description: d, veris: Personal}
  contact-details: {name: Contact details, description: d, veris: Personal, includes: [email, phone]}
`))
	return c
}

// Rows are real disagreements: a general field and a specific one are
// none (contact details cover e-mail and phone), a source's not-exposed
// claim where the entry is silent is a row like an exposed one, and in a
// supplier's breach each notice is compared only with the claims about its
// airline.
func TestDisputesHierarchyAndNotices(t *testing.T) {
	cfg := testConfig()
	in := &Incident{Incident: &content.Incident{
		ID:   "2023-01-x",
		Data: content.Data{Exposed: []string{"email", "phone"}},
		Notices: []content.Notice{
			{Airline: "lufthansa", Data: content.Data{Exposed: []string{"contact-details", "name"}}},
			{Airline: "klm", Data: content.Data{Exposed: []string{"name"}}},
		},
		Sources: []content.Source{
			{Publisher: "A", Claims: content.Claims{Exposed: []string{"contact-details"}, NotExposed: []string{"password"}}},
			{Publisher: "B", Claims: content.Claims{Exposed: []string{"email", "phone"}}},
			{Publisher: "C", Claims: content.Claims{About: "lufthansa", Exposed: []string{"email", "name"}}},
			{Publisher: "D", Claims: content.Claims{About: "lufthansa", NotExposed: []string{"contact-details"}}},
			{Publisher: "E", Claims: content.Claims{About: "klm", Exposed: []string{"name"}, Affected: []content.Count{{Count: 5, Unit: "members"}}}},
			{Publisher: "F", Claims: content.Claims{About: "klm", Affected: []content.Count{{Count: 6, Unit: "members"}}}},
		},
	}}
	got := disputes(cfg, in)
	type row struct{ notice, topic, field, entry string }
	want := []row{
		{"", "data", "password", ""},                                   // A says not exposed; the entry is silent
		{"lufthansa", "data", "email", "exposed (as contact-details)"}, // C: exposed, D: not exposed (as contact details)
		{"lufthansa", "data", "contact-details", "exposed"},            // D: not exposed, C: exposed (as Email)
		{"klm", "affected", "", ""},                                    // 5 against 6
	}
	var rows []row
	for _, d := range got {
		rows = append(rows, row{d.Notice, d.Topic, d.Field, d.Entry.String()})
	}
	if !slices.Equal(rows, want) {
		t.Errorf("rows:\n got %+v\nwant %+v", rows, want)
	}
	if len(got) > 1 && (len(got[1].Says) != 2 || got[1].Says[0].Source != 2 || got[1].Says[1].Value.String() != "not exposed (as contact-details)") {
		t.Errorf("Lufthansa's e-mail row says %+v", got[1].Says)
	}
}

func TestDisputes(t *testing.T) {
	in := &Incident{Incident: &content.Incident{
		ID:   "2023-01-x",
		Data: content.Data{Exposed: []string{"name", "miles-balance"}, NotExposed: []string{"email"}},
		Sources: []content.Source{
			{Publisher: "A", Claims: content.Claims{Exposed: []string{"name", "miles-balance"}, NotExposed: []string{"email"}, Affected: []content.Count{{Count: 4100, Unit: "logins"}}}},
			{Publisher: "B", Claims: content.Claims{Exposed: []string{"name", "transactions"}, NotExposed: []string{"miles-balance"}, Affected: []content.Count{{Count: 9885, Unit: "accounts", Qualifier: "at-most"}}}},
			{Publisher: "C", Claims: content.Claims{NotExposed: []string{"email"}, Affected: []content.Count{{Count: 4100, Unit: "logins"}}}},
		},
	}}
	got := disputes(nil, in)
	// name: all agree. email: all agree not exposed. miles-balance: A vs B.
	// transactions: B says exposed, the entry does not record it. Counts differ.
	want := []struct{ topic, field, entry string }{
		{"data", "miles-balance", "exposed"},
		{"data", "transactions", ""},
		{"affected", "", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d disputes, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Topic != w.topic || got[i].Field != w.field || (w.topic == "data" && got[i].Entry.String() != w.entry) {
			t.Errorf("dispute %d = %+v, want %+v", i, got[i], w)
		}
	}
	if n := len(got[2].Says); n != 3 {
		t.Errorf("count dispute lists %d figures, want 3", n)
	}
	if got[0].Says[0].Value.String() != "exposed" || got[0].Says[1].Value.String() != "not exposed" || got[0].Says[1].Source != 1 {
		t.Errorf("miles-balance says %+v", got[0].Says)
	}
}

func TestBuild(t *testing.T) {
	cfg := testConfig()
	incs := []*content.Incident{
		{ID: "2023-01-a", Date: date.When{Date: mustDate(t, "2023-01")}, Airlines: []string{"klm"}, Programme: "flying-blue", Vector: "v",
			Sources: []content.Source{{Language: "en"}}, Data: content.Data{Exposed: []string{"name"}}},
		{ID: "2019-12-09-b", Date: date.When{Date: mustDate(t, "2019-12-09")}, Airlines: []string{"lufthansa"}, Vector: "v",
			Sources: []content.Source{{Language: "de"}, {Language: "en"}}, Related: []content.Ref{{ID: "2023-01-a"}}},
		{ID: "2025-c", Date: date.When{Date: mustDate(t, "2025-07-28/2025-08-03")}, Airlines: []string{"air-france", "klm"}, Programme: "flying-blue", Vector: "w",
			Sources: []content.Source{{Language: "en"}}},
	}
	x := Build(cfg, incs, nil)
	ids := func(ins []*Incident) []string {
		var out []string
		for _, in := range ins {
			out = append(out, in.ID)
		}
		return out
	}
	if got := ids(x.Incidents); !slices.Equal(got, []string{"2025-c", "2023-01-a", "2019-12-09-b"}) {
		t.Errorf("timeline %v", got)
	}
	// Air France's own incident is 2025-c; 2023-01-a comes through Flying Blue.
	af := x.Term(Airlines, "air-france")
	if got := ids(af.Incidents); !slices.Equal(got, []string{"2025-c", "2023-01-a"}) || !af.Via[x.ByID["2023-01-a"]] || af.Via[x.ByID["2025-c"]] {
		t.Errorf("air-france timeline %v, via %v", got, af.Via)
	}
	if got := ids(x.Term(Languages, "en").Incidents); len(got) != 3 {
		t.Errorf("English sources in %v, want all three", got)
	}
	if y := x.Term(Years, "2019"); y == nil || len(y.Incidents) != 1 {
		t.Errorf("year 2019: %+v", y)
	}
	a := x.ByID["2023-01-a"]
	if got := ids(a.Backlinks); !slices.Equal(got, []string{"2019-12-09-b"}) {
		t.Errorf("backlinks of a: %v", got)
	}
	if len(a.Relations) == 0 || a.Relations[0].Incident.ID != "2019-12-09-b" || a.Relations[0].Reasons[0] != "listed as related" {
		t.Errorf("relations of a: %+v", a.Relations)
	}
	// KLM's timeline: 2025-c (newer) and 2023-01-a (older).
	var klm Neighbour
	for _, n := range a.Neighbours {
		if n.Airline.Key == "klm" {
			klm = n
		}
	}
	if klm.Next == nil || klm.Next.ID != "2025-c" || klm.Prev != nil {
		t.Errorf("a's neighbours on klm: %+v", klm)
	}
	if got := x.Term(Airlines, "klm").Exposed["name"]; got != 1 {
		t.Errorf("klm exposed name %d times, want 1", got)
	}
	// A group lists its airlines and, once each, the incidents naming any of
	// them; an alliance with no airline has a page but no incidents.
	g := x.Term(Groups, "afkl")
	if got := ids(g.Incidents); !slices.Equal(g.Members, []string{"klm", "air-france"}) || !slices.Equal(got, []string{"2025-c", "2023-01-a"}) {
		t.Errorf("group afkl: members %v, incidents %v", g.Members, got)
	}
	if st := x.Term(Alliances, "skyteam"); !slices.Equal(st.Members, []string{"klm"}) || len(st.Incidents) != 2 {
		t.Errorf("skyteam: members %v, %d incidents", st.Members, len(st.Incidents))
	}
	if ow := x.Term(Alliances, "oneworld"); ow == nil || len(ow.Members) != 0 || len(ow.Incidents) != 0 {
		t.Errorf("oneworld: %+v", ow)
	}
}

func TestFormatCount(t *testing.T) {
	for _, tt := range []struct {
		n       int64
		unit, q string
		want    string
	}{
		{4100, "logins", "", "4,100 logins"},
		{9885, "accounts", "at-most", "at most 9,885 accounts"},
		{1, "accounts", "", "1 account"},
		{1350000, "members", "about", "about 1,350,000 members"},
		{1, "people", "", "1 person"},
	} {
		if got := FormatCount(tt.n, tt.unit, tt.q); got != tt.want {
			t.Errorf("FormatCount(%d, %s, %s) = %q, want %q", tt.n, tt.unit, tt.q, got, tt.want)
		}
	}
}

// The matrix: the data fields some incident exposed, in config order, and
// one row per airline whose own incidents exposed one, counting them; an
// incident that reaches an airline through its programme counts for the
// airlines it names.
func TestMatrix(t *testing.T) {
	cfg := testConfig()
	incs := []*content.Incident{
		{ID: "2023-01-a", Date: date.When{Date: mustDate(t, "2023-01")}, Airlines: []string{"klm"}, Programme: "flying-blue", Vector: "v",
			Sources: []content.Source{{Language: "en"}}, Data: content.Data{Exposed: []string{"name", "miles-balance"}}},
		{ID: "2024-b", Date: date.When{Date: mustDate(t, "2024")}, Airlines: []string{"klm", "lufthansa"}, Vector: "v",
			Sources: []content.Source{{Language: "en"}}, Data: content.Data{Exposed: []string{"name"}, NotExposed: []string{"email"}}},
		{ID: "2025-c", Date: date.When{Date: mustDate(t, "2025")}, Airlines: []string{"air-france"}, Vector: "w",
			Sources: []content.Source{{Language: "en"}}},
	}
	m := Build(cfg, incs, nil).Matrix()
	var fields []string
	for _, f := range m.Fields {
		fields = append(fields, f.Key)
	}
	if !slices.Equal(fields, []string{"name", "miles-balance"}) {
		t.Errorf("fields %v: want the exposed ones in config order, not email (stated not exposed)", fields)
	}
	rows := map[string][]int{}
	var order []string
	for _, r := range m.Rows {
		rows[r.Airline.Key] = r.Cells
		order = append(order, r.Airline.Key)
	}
	if !slices.Equal(order, []string{"klm", "lufthansa"}) {
		t.Errorf("rows %v: want the airlines with exposed data, in config order", order)
	}
	if !slices.Equal(rows["klm"], []int{2, 1}) || !slices.Equal(rows["lufthansa"], []int{1, 0}) {
		t.Errorf("cells %v", rows)
	}
}
