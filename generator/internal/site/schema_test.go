package site

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"breachline/generator/internal/config"
	"breachline/generator/internal/content"
)

// schemaExclusions are the broken cases whose problem a JSON Schema cannot
// express, with the reason. Every other case must be rejected by the schema
// as well as by check.
var schemaExclusions = map[string]string{
	// the file, not its front matter
	"unexpected-files": "files out of place in content/ are a matter of the folder",
	"id-no-date":       "the id is the file name, which the schema does not see",
	"id-uppercase":     "the id is the file name, which the schema does not see",
	"id-date-mismatch": "the id is the file name, which the schema does not see",
	"id-non-ascii":     "the id is the file name, which the schema does not see",
	"misplaced-year":   "the year folder is part of the path, which the schema does not see",
	"related-self":     "needs the entry's own id, its file name",
	// the body, not the front matter
	"link-scheme":           "links are in the Markdown body",
	"link-unknown-incident": "links are in the Markdown body, and need the other entries",
	"raw-html":              "raw HTML is in the Markdown body",
	"image":                 "images are in the Markdown body",
	"heading-skip":          "headings are in the Markdown body",
	"markdown-nesting":      "the Markdown body's bounds",
	"markdown-brackets":     "the Markdown body's bounds",
	"markdown-emphasis":     "the Markdown body's bounds",
	"markdown-backticks":    "the Markdown body's bounds",
	"markdown-tables":       "the Markdown body's bounds",
	"markdown-references":   "the Markdown body's bounds",
	"markdown-lookahead":    "the Markdown body's bounds",
	// across entries
	"duplicate-id":      "ids must be unique across entries",
	"id-case-collision": "ids are file names, unique across entries even when case is ignored",
	"related-unknown":   "related ids must exist among the other entries",
	// across fields, or beyond what a pattern can say
	"disclosed-before-date":  "compares two dates",
	"timeline-order":         "compares the dates of successive events",
	"interval-reversed":      "compares the two ends of an interval",
	"window-reversed":        "compares the two ends of a window",
	"window-after-disclosed": "compares two dates",
	"date-data-period":       "compares two dates",
	"date-data-period-same":  "compares two dates",
	"basis-rules":            "compares fields across the entry (a basis and its by, a programme and its basis)",
	"notice-rules":           "compares fields across the entry (a notice and the airlines, a claim and the notices)",
	"action-rules":           "compares fields across the entry (an amount and its currency, a source's number and the sources, dates)",
	"letter-rules":           "compares a letter with the rest of the entry (its airline with the airlines, a source's number with the sources), and needs one of two fields",
	"impossible-date":        "a pattern cannot know how many days a month has",
	"data-contradiction":     "compares two lists",
	"count-rules":            "positive counts and one figure per unit are checked across items (content.countRules)",
	"yaml-control-escape":    "a pattern sees the text decoded, and cannot say \"no control character\" in every text of a schema without repeating it in each",
	// the sourcing rules that compare a value with another field's values
	"unsourced-data":    "compares the data fields with the claims of the high-reliability sources",
	"unsourced-count":   "compares the counts with the claims of the high-reliability sources",
	"point-low-sources": "compares each point's key with the keys of the high-reliability sources' claims",
	// a supplier's breach, across entries
	"supplier-one-entry": "needs the other entries that name the supplier",
	// config.yaml, against itself: its schema cannot enumerate the keys it defines
	"config-programme-mismatch":        "programme and airline must list each other",
	"config-programme-unknown-airline": "a programme's airlines must be keys of airlines",
	"config-data-includes":             "a field's includes must include nothing themselves",
	"config-untranslated":              "compares each vocabulary entry's translations with the languages of also",
	"translation-language":             "compares an entry's translations with config.yaml's also",
	"page-rules":                       "a page of the site's own is not an entry: the entry schema does not describe it",
	"translation-body":                 "a translated body is Markdown, checked as the body is; and a block, not a quoted text, is a matter of how the YAML is written",
}

// TestJSONSchema validates the real entries and config.yaml, and every
// broken case, against the published JSON Schemas with a real validator:
// what check accepts the schema accepts, and what check rejects the schema
// rejects too (but for the exclusions above).
func TestJSONSchema(t *testing.T) {
	real := os.DirFS("../../..")
	s, diags, err := Load(context.Background(), real)
	if err != nil || len(diags) > 0 {
		t.Fatalf("real site: %v\n%s", err, diagText(diags))
	}
	incSchema, cfgSchema := compileSchemas(t, s.Config)
	if errs := validateFile(t, incSchema, cfgSchema, real, config.File); errs != nil {
		t.Errorf("config.yaml: %v", errs)
	}
	for _, inc := range s.Incidents {
		if errs := validateFile(t, incSchema, cfgSchema, real, inc.Path); errs != nil {
			t.Errorf("%s: %v", inc.Path, errs)
		}
	}

	base := readDir(t, "testdata/valid")
	cases, _ := filepath.Glob("testdata/broken/*.txt")
	for _, file := range cases {
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			a := parseArchive(raw)
			fsys, changed := a.overlay(base)
			s, diags, err := Load(context.Background(), fsys)
			if err != nil {
				t.Fatal(err)
			}
			clean := strings.Contains(a.comment, "clean")
			incSchema, cfgSchema := compileSchemas(t, s.Config)
			var rejected []string
			for _, p := range changed {
				if entry := strings.HasPrefix(p, content.Dir+"/") && strings.HasSuffix(p, ".md"); !entry && p != config.File {
					continue
				}
				if errs := validateFile(t, incSchema, cfgSchema, fsys, p); errs != nil {
					rejected = append(rejected, fmt.Sprintf("%s: %v", p, errs))
				}
			}
			reason, excluded := schemaExclusions[name]
			switch {
			case clean && len(rejected) > 0:
				t.Errorf("check accepts this case, the schema rejects it:\n%s", strings.Join(rejected, "\n"))
			case clean:
			case len(diags) == 0:
				t.Error("check accepts a broken case")
			case excluded && len(rejected) > 0:
				t.Errorf("excluded (%s), yet the schema rejects it; remove the exclusion:\n%s", reason, strings.Join(rejected, "\n"))
			case !excluded && len(rejected) == 0:
				t.Errorf("check rejects this case, the schema accepts it:\n%s", diagText(diags))
			}
		})
	}
}

// compileSchemas compiles the schemas the site publishes for cfg.
func compileSchemas(t *testing.T, cfg *config.Config) (incident, cfgSchema *jsonschema.Schema) {
	t.Helper()
	c := jsonschema.NewCompiler()
	add := func(id string, doc map[string]any) {
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(id, v); err != nil {
			t.Fatal(err)
		}
	}
	add("https://test.example/incident.json", content.JSONSchema("https://test.example/incident.json", cfg.Vocab()))
	add("https://test.example/config.json", config.JSONSchema("https://test.example/config.json"))
	var err error
	if incident, err = c.Compile("https://test.example/incident.json"); err != nil {
		t.Fatal(err)
	}
	if cfgSchema, err = c.Compile("https://test.example/config.json"); err != nil {
		t.Fatal(err)
	}
	return incident, cfgSchema
}

// validateFile validates config.yaml or an entry's front matter. A file
// whose front matter cannot be read as YAML counts as rejected: an editor
// shows that before any schema.
func validateFile(t *testing.T, incident, cfg *jsonschema.Schema, fsys fs.FS, p string) error {
	t.Helper()
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		t.Fatal(err)
	}
	sch := cfg
	if p != config.File {
		sch = incident
		if src, err = frontMatter(src); err != nil {
			return err
		}
	}
	var n yaml.Node
	if err := yaml.Unmarshal(src, &n); err != nil {
		return err
	}
	v, err := jsonValue(&n)
	if err != nil {
		return err
	}
	return sch.Validate(v)
}

// frontMatter is the YAML between an entry's --- lines, as editors see it.
func frontMatter(src []byte) ([]byte, error) {
	src = bytes.ReplaceAll(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")), []byte("\r\n"), []byte("\n"))
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	if !ok {
		return nil, errors.New("no front matter")
	}
	if bytes.HasPrefix(rest, []byte("---\n")) {
		return nil, nil
	}
	fm, _, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return nil, errors.New("front matter not closed")
	}
	return fm, nil
}

// jsonValue turns YAML into the JSON value an editor's YAML language server
// validates: YAML 1.2's core schema, where 2019-12-09 is text.
func jsonValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case 0:
		return nil, nil
	case yaml.DocumentNode:
		return jsonValue(n.Content[0])
	case yaml.AliasNode:
		return jsonValue(n.Alias)
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := jsonValue(c)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case yaml.MappingNode:
		out := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if _, dup := out[k]; dup {
				return nil, fmt.Errorf("line %d: map keys must be unique", n.Content[i].Line)
			}
			v, err := jsonValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			out[k] = v
		}
		return out, nil
	}
	switch n.Tag {
	case "!!null":
		return nil, nil
	case "!!bool":
		return n.Value == "true", nil
	case "!!int":
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64)
		if err != nil {
			return nil, err
		}
		return json.Number(strconv.FormatInt(i, 10)), nil
	case "!!float":
		return json.Number(n.Value), nil
	}
	return n.Value, nil
}
