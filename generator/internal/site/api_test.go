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
	veris, err := os.ReadFile(filepath.Join("testdata", "veris", "verisc-merged.json"))
	if err != nil {
		t.Fatal(err)
	}
	load("veris.json", veris)
	compile := func(id string) *jsonschema.Schema {
		t.Helper()
		s, err := c.Compile(id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		return s
	}
	schemaOf := []struct {
		re     *regexp.Regexp
		schema *jsonschema.Schema
	}{
		{regexp.MustCompile(`^api/(incidents|years/\d{4})\.json$`), compile("https://breachline.example/" + route.SchemaAPIExport)},
		{regexp.MustCompile(`^api/vocabularies\.json$`), compile("https://breachline.example/" + route.SchemaAPIVocabularies)},
		{regexp.MustCompile(`^api/hibp/breaches\.json$`), compile("https://breachline.example/" + route.SchemaAPIHIBP)},
		{regexp.MustCompile(`^api/veris/[^/]+\.json$`), compile("veris.json")},
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
		for _, s := range schemaOf {
			if s.re.MatchString(p) {
				sch = s.schema
				counts[s.re.String()]++
				break
			}
		}
		if sch == nil {
			t.Errorf("%s: no schema describes it", p)
			continue
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
