package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestReferenceIsCurrent fails when a file generated from the entry format
// and config.yaml (the JSON Schemas, CONTRIBUTING.md's reference, the issue
// form) no longer matches what the format says.
func TestReferenceIsCurrent(t *testing.T) {
	files, err := referenceFiles("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(f.path)))
		if err != nil || !bytes.Equal(got, f.data) {
			t.Errorf("%s is stale: run go run ./generator reference, and commit what it writes", f.path)
		}
	}
}

// TestContributingExample checks that the example entry in CONTRIBUTING.md
// passes check against the real config and content.
func TestContributingExample(t *testing.T) {
	doc, err := os.ReadFile("../CONTRIBUTING.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "### Example\n\n```yaml\n")
	example, _, ok2 := strings.Cut(rest, "\n```\n")
	if !ok || !ok2 {
		t.Fatal("CONTRIBUTING.md has no ### Example with a yaml block")
	}
	root := t.TempDir()
	copyTree(t, "../content", filepath.Join(root, "content"))
	src, _ := os.ReadFile("../config.yaml")
	os.WriteFile(filepath.Join(root, "config.yaml"), src, 0o644)
	p := filepath.Join(root, "content/incidents/2019/2019-12-09-contributing-example.md")
	if err := os.WriteFile(p, []byte(example+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runArgs(t, "check", "--root", root, "--quiet"); code != 0 {
		t.Errorf("the example does not pass check: exit %d\n%s%s", code, out, errOut)
	}
}

// TestIssueForm: the "Report an incident" form asks plain questions, each
// labelled in words rather than a field's path, and requires what happened
// and the sources, one a line.
func TestIssueForm(t *testing.T) {
	b, err := os.ReadFile("../.github/ISSUE_TEMPLATE/report-incident.yml")
	if err != nil {
		t.Fatal(err)
	}
	var form struct {
		Body []struct {
			Type, ID    string
			Attributes  struct{ Label, Description string }
			Validations struct{ Required bool }
		}
	}
	if err := yaml.Unmarshal(b, &form); err != nil {
		t.Fatal(err)
	}
	required := map[string]bool{}
	for _, q := range form.Body {
		if q.Type == "markdown" {
			continue
		}
		if l := q.Attributes.Label; l == "" || strings.ContainsAny(l, "._") || strings.ToLower(l) == l {
			t.Errorf("%s: the label %q is not a plain question", q.ID, l)
		}
		required[q.ID] = q.Validations.Required
	}
	if !required["what"] || !required["sources"] || !strings.Contains(string(b), "One a line") {
		t.Errorf("what happened and the sources, one a line, are not required: %v", required)
	}
	if len(form.Body) > 14 {
		t.Errorf("%d questions: a reporter is not asked for every field of the format", len(form.Body))
	}
}
