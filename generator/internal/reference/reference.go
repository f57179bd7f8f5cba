// Package reference writes what is generated from the entry format for
// people and editors: the JSON Schemas of an entry's front matter and of
// config.yaml, the entry reference in CONTRIBUTING.md and the "Report an
// incident" issue form. All come from the struct tags the decoder reads and
// from the config's vocabularies, so none can drift from what check accepts.
//
// reference imports config, content and schema; it writes nothing itself.
package reference

import (
	"bytes"
	"encoding/json"

	"breachline/generator/internal/config"
	"breachline/generator/internal/content"
)

// Where the schemas are published in the site, and kept in the repository
// for editors.
const (
	IncidentSchema = "schema/incident.json"
	ConfigSchema   = "schema/config.json"
)

// Schemas returns the JSON Schemas of an entry (its vocabulary keys
// enumerated from cfg) and of config.yaml. abs turns a site path into the
// absolute URL the schema is published at, its $id.
func Schemas(cfg *config.Config, abs func(string) string) (incident, cfgSchema []byte, err error) {
	if incident, err = indent(content.JSONSchema(abs(IncidentSchema), cfg.Vocab())); err != nil {
		return nil, nil, err
	}
	if cfgSchema, err = indent(config.JSONSchema(abs(ConfigSchema))); err != nil {
		return nil, nil, err
	}
	return incident, cfgSchema, nil
}

// indent writes v as indented JSON; maps come out with sorted keys, so the
// same definitions give the same bytes.
func indent(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
