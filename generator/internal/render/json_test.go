package render

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"breachline/generator/internal/output"
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
// empty lists as [] (a consumer never meets null), but no bodies; a site of
// fewer than route.ExportPageSize incidents in one page.
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
	if all.Page != 1 || all.Pages != 1 || all.Prev != "" || all.Next != "" {
		t.Errorf("a site of %d incidents: page %d of %d, prev %q, next %q; want page 1 of 1 and no links", len(s.x.Incidents), all.Page, all.Pages, all.Prev, all.Next)
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

// The search index: the facets of every incident (an airline's with its
// programme's), the chunks of titles and links in timeline order, and the
// words of titles, bodies and names, each a set of incidents.
func TestSearchIndex(t *testing.T) {
	s := fixture(t, nil)
	var meta SearchMeta
	decodeStrict(t, s.file(t, route.SearchIndex), &meta)
	n := len(s.x.Incidents)
	if meta.Count != n || meta.Chunk != SearchChunk || meta.Docs != "/search/docs/" || len(meta.Shards) != len(route.SearchShards) {
		t.Fatalf("meta %+v", meta)
	}
	var docs []SearchDoc
	decodeStrict(t, s.file(t, route.SearchDocsPath(0)), &docs)
	if len(docs) != n {
		t.Fatalf("%d docs for %d incidents", len(docs), n)
	}
	for i, d := range docs {
		in := s.x.Incidents[i]
		if d.ID != in.ID || d.URL != "/incidents/"+in.ID+"/" || d.Human != Human(in.Date.Date) {
			t.Errorf("doc %d: %+v", i, d)
		}
	}
	// Lufthansa's facet and the word "lufthansa" hold the 2019 mix-up.
	mixup := -1
	for i, in := range s.x.Incidents {
		if in.ID == "2019-12-09-fixture-mixup" {
			mixup = i
		}
	}
	has := func(enc string) bool {
		if b, ok := strings.CutPrefix(enc, "b"); ok {
			bits, err := base64.RawStdEncoding.DecodeString(b)
			return err == nil && bits[mixup/8]&(1<<(mixup%8)) != 0
		}
		if !strings.HasPrefix(enc, "d") {
			return false
		}
		p := 0
		for _, g := range strings.Split(enc[1:], ".") {
			d, _ := strconv.ParseInt(g, 36, 64)
			p += int(d)
			if p == mixup {
				return true
			}
		}
		return false
	}
	if !has(meta.Facets["airline"]["lufthansa"]) {
		t.Errorf("the airline facet lufthansa: %q", meta.Facets["airline"]["lufthansa"])
	}
	var l, f map[string]string
	decodeStrict(t, s.file(t, route.SearchWordsPath("l")), &l)
	decodeStrict(t, s.file(t, route.SearchWordsPath("f")), &f)
	if !has(l["lufthansa"]) || !has(f["fault"]) {
		t.Errorf("the words lufthansa (its airline) and fault (its body): %q, %q", l["lufthansa"], f["fault"])
	}
}

// encodeSet writes whichever is shorter: gaps, or a bitset.
func TestEncodeSet(t *testing.T) {
	if got := encodeSet([]int32{0, 3, 40}, 100); got != "d0.3.101"[:0]+"d0.3."+strconv.FormatInt(37, 36) {
		t.Errorf("sparse: %q", got)
	}
	dense := make([]int32, 0, 1000)
	for i := range int32(1000) {
		dense = append(dense, i)
	}
	got := encodeSet(dense, 1000)
	if !strings.HasPrefix(got, "b") || len(got) != 1+((125*8+5)/6) {
		t.Errorf("dense: %d characters, %.20q", len(got), got)
	}
}

// TestEncodeSetShorter checks, on random sets of every density, that
// encodeSet writes the gaps exactly when they are no longer than the
// bitset, and that either form gives back the set.
func TestEncodeSetShorter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 2000 {
		n := 1 + rng.IntN(3000)
		density := rng.Float64()
		var set []int32
		for p := range int32(n) {
			if rng.Float64() < density*density { // many sparse sets, and dense ones
				set = append(set, p)
			}
		}
		var gaps strings.Builder
		gaps.WriteByte('d')
		prev := int32(0)
		for i, p := range set {
			if i > 0 {
				gaps.WriteByte('.')
			}
			gaps.WriteString(strconv.FormatInt(int64(p-prev), 36))
			prev = p
		}
		got := encodeSet(set, n)
		bitset := gaps.Len() > base64.RawStdEncoding.EncodedLen((n+7)/8)+1
		switch {
		case !bitset && got != gaps.String():
			t.Fatalf("round %d: %d of %d: got %.30q, want the gaps %.30q", round, len(set), n, got, gaps.String())
		case bitset && !strings.HasPrefix(got, "b"):
			t.Fatalf("round %d: %d of %d: got %.30q, want a bitset", round, len(set), n, got)
		case bitset:
			bs, err := base64.RawStdEncoding.DecodeString(got[1:])
			if err != nil {
				t.Fatal(err)
			}
			var back []int32
			for p := range int32(n) {
				if bs[p/8]&(1<<(p%8)) != 0 {
					back = append(back, p)
				}
			}
			if !slices.Equal(back, set) {
				t.Fatalf("round %d: the bitset holds %d places, want %d", round, len(back), len(set))
			}
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

// TestRenderLetsSearchGo: Render writes the word shards as the renderer
// makes them on demand, and then lets the word index go (a build writes
// each file once); a shard asked for after that is an error, not a wrong
// file.
func TestRenderLetsSearchGo(t *testing.T) {
	s := fixture(t, nil)
	mem := output.NewMemory()
	if _, err := s.r.Render(context.Background(), s.plan, mem); err != nil {
		t.Fatal(err)
	}
	fresh := fixture(t, nil)
	shards := 0
	for _, sh := range route.SearchShards {
		p := route.SearchWordsPath(sh)
		got, ok := mem.Get(p)
		if !ok {
			t.Fatalf("%s not written", p)
		}
		if want := fresh.file(t, p); !bytes.Equal(got, want) {
			t.Errorf("%s: Render wrote\n%s\nthe renderer makes\n%s", p, got, want)
		}
		shards++
	}
	if shards == 0 {
		t.Fatal("no shards")
	}
	if s.r.sidx.words != nil || s.r.words.words != nil {
		t.Error("the word index is still held after every shard was written")
	}
	var b bytes.Buffer
	if err := s.r.searchWords(route.SearchShards[0], &b); !errors.Is(err, errSearchGone) {
		t.Errorf("a shard after Render: %v, want errSearchGone", err)
	}
}
