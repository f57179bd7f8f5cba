package site

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"breachline/generator/internal/route"
)

// TestAPIFilesValidate builds the real site and validates every file of
// its API against the JSON Schema the site publishes for it
// (schema/api/*.json, made from the Go types that write the files), and
// every VERIS record against VERIS 1.4's own schema.
func TestAPIFilesValidate(t *testing.T) {
	mem := realSite(t)
	c := jsonschema.NewCompiler()
	load := func(id string, b []byte) {
		t.Helper()
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if err := c.AddResource(id, v); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
	}
	for _, p := range route.APISchemas {
		b, ok := mem.Get(p)
		if !ok {
			t.Fatalf("%s was not written", p)
		}
		load("https://breachline.example/"+p, b)
	}
	verisSchema, err := os.ReadFile(filepath.Join("testdata", "veris", "verisc-merged.json"))
	if err != nil {
		t.Fatal(err)
	}
	load("veris.json", verisSchema)
	compile := func(id string) *jsonschema.Schema {
		t.Helper()
		s, err := c.Compile(id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		return s
	}
	veris := compile("veris.json")
	schemaOf := []struct {
		re     *regexp.Regexp
		schema *jsonschema.Schema
	}{
		{regexp.MustCompile(`^api/(incidents|years/\d{4})\.json$`), compile("https://breachline.example/" + route.SchemaAPIExport)},
		{regexp.MustCompile(`^api/vocabularies\.json$`), compile("https://breachline.example/" + route.SchemaAPIVocabularies)},
		{regexp.MustCompile(`^api/hibp/breaches\.json$`), compile("https://breachline.example/" + route.SchemaAPIHIBP)},
		{regexp.MustCompile(`^api/veris/\d{4}\.json$`), nil}, // each element against VERIS's schema, below
		{regexp.MustCompile(`^((nl|de)/)?search/index\.json$`), compile("https://breachline.example/" + route.SchemaAPISearch)},
		{regexp.MustCompile(`^((nl|de)/)?search/docs/\d+\.json$`), compile("https://breachline.example/" + route.SchemaAPISearchDocs)},
		{regexp.MustCompile(`^((nl|de)/)?search/words/[a-z0-9_]\.json$`), compile("https://breachline.example/" + route.SchemaAPISearchWords)},
		{regexp.MustCompile(`^api/incidents/[^/]+\.json$`), compile("https://breachline.example/" + route.SchemaAPIIncident)},
	}
	counts := map[string]int{}
	for _, p := range mem.Paths() {
		if !strings.HasSuffix(p, ".json") || strings.HasPrefix(p, "schema/") {
			continue
		}
		var sch *jsonschema.Schema
		matched := false
		for _, s := range schemaOf {
			if s.re.MatchString(p) {
				sch, matched = s.schema, true
				counts[s.re.String()]++
				break
			}
		}
		if !matched {
			t.Errorf("%s: no schema describes it", p)
			continue
		}
		if sch == nil {
			continue // checked below
		}
		b, _ := mem.Get(p)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	// Every VERIS record, one file a year, against VERIS 1.4's own schema.
	records := 0
	for _, p := range mem.Paths() {
		if !regexp.MustCompile(`^api/veris/\d{4}\.json$`).MatchString(p) {
			continue
		}
		b, _ := mem.Get(p)
		var recs []json.RawMessage
		if err := json.Unmarshal(b, &recs); err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		for i, rec := range recs {
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(rec))
			if err == nil {
				err = veris.Validate(v)
			}
			if err != nil {
				t.Errorf("%s[%d]: %v", p, i, err)
			}
			records++
		}
	}
	if records < 37 {
		t.Errorf("%d VERIS records, want one per incident", records)
	}
	for _, s := range schemaOf {
		if counts[s.re.String()] == 0 {
			t.Errorf("no file matched %s", s.re)
		}
	}
	// The HIBP list has every incident; the 2023 Flying Blue one with its classes.
	var hibp []map[string]any
	b, _ := mem.Get(route.HIBP)
	if err := json.Unmarshal(b, &hibp); err != nil || len(hibp) < 30 {
		t.Fatalf("the HIBP list: %d breaches (%v)", len(hibp), err)
	}
	t.Logf("validated %v", counts)
}
