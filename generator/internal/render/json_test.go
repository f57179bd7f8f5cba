package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"breachline/generator/internal/route"
)

func decodeStrict(t *testing.T, b []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%v\n%.400s", err, b)
	}
	if dec.More() {
		t.Fatalf("more than one JSON value:\n%.400s", b)
	}
}

// The export: every incident in timeline order with absolute URLs, dates as
// written with the span they cover, sources' reliability spelt out, and
// empty lists as [] (a consumer never meets null), but no bodies.
func TestExport(t *testing.T) {
	s := fixture(t, map[string]string{hostilePath: hostile})
	b := s.file(t, route.Export)
	var all APIExport
	decodeStrict(t, b, &all)
	if all.Version != APIVersion {
		t.Errorf("schema_version %q, want %q", all.Version, APIVersion)
	}
	if all.Title != "Fixture" || all.Count != len(s.x.Incidents) || len(all.Incidents) != all.Count {
		t.Fatalf("title %q, count %d, %d incidents; the index has %d", all.Title, all.Count, len(all.Incidents), len(s.x.Incidents))
	}
	for i, a := range all.Incidents {
		in := s.x.Incidents[i]
		if a.ID != in.ID || a.URL != "https://fixture.example/incidents/"+in.ID+"/" || a.Body != "" {
			t.Errorf("incident %d: id %q, url %q, body %d bytes", i, a.ID, a.URL, len(a.Body))
		}
		for _, src := range a.Sources {
			if src.Reliability != "high" && src.Reliability != "low" {
				t.Errorf("%s: reliability %q", a.ID, src.Reliability)
			}
		}
	}
	takeover := all.Incidents[1]
	if takeover.ID != "2023-01-fixture-takeover" || takeover.Date != (APIDate{Value: "2023-01", Form: "point", Start: "2023-01-01T00:00:00Z", End: "2023-02-01T00:00:00Z"}) {
		t.Errorf("the takeover's date: %+v", takeover.Date)
	}
	for _, empty := range []string{`"affected":[]`, `"timeline":[]`, `"related":[]`} {
		if !bytes.Contains(b, []byte(empty)) {
			t.Errorf("the export lacks %s", empty)
		}
	}
	if bytes.Contains(b, []byte("null")) || bytes.Contains(b, []byte("<script>")) {
		t.Errorf("the export has a null or an unescaped <script>")
	}
	if all.Incidents[0].Title != `Miles <script>alert(1)</script> & "more" ]]>` {
		t.Errorf("the hostile title came back as %q", all.Incidents[0].Title)
	}
}

// An incident's own export adds its Markdown, as written.
func TestIncidentExport(t *testing.T) {
	s := fixture(t, map[string]string{hostilePath: hostile})
	for _, in := range s.x.Incidents {
		var a APIIncident
		decodeStrict(t, s.file(t, route.IncidentJSON(in.ID)), &a)
		if a.ID != in.ID || a.Body != string(in.Body) || a.Body == "" {
			t.Errorf("%s: id %q, body %q, want %q", in.ID, a.ID, a.Body, in.Body)
		}
	}
}

// The search index: what the search page filters on, with links relative
// to the site.
func TestSearchIndex(t *testing.T) {
	s := fixture(t, nil)
	var entries []searchEntry
	decodeStrict(t, s.file(t, route.SearchIndex), &entries)
	if len(entries) != len(s.x.Incidents) {
		t.Fatalf("%d entries for %d incidents", len(entries), len(s.x.Incidents))
	}
	for i, e := range entries {
		in := s.x.Incidents[i]
		if e.ID != in.ID || e.URL != "/incidents/"+in.ID+"/" || e.Year != in.Year || e.Human != Human(in.Date.Date) || len(e.Languages) == 0 {
			t.Errorf("entry %d: %+v", i, e)
		}
	}
}

// The schemas are JSON Schemas with their ids under the site's URL.
func TestSchemas(t *testing.T) {
	s := fixture(t, nil)
	for _, p := range []string{route.IncidentSchema, route.ConfigSchema} {
		var sc map[string]any
		if err := json.Unmarshal(s.file(t, p), &sc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if id, _ := sc["$id"].(string); id != "https://fixture.example/"+p || !strings.Contains(sc["$schema"].(string), "json-schema.org") {
			t.Errorf("%s: $id %v, $schema %v", p, sc["$id"], sc["$schema"])
		}
	}
}
