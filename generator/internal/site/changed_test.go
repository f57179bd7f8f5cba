package site

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

// TestLoadChanged checks only the changed entries and those that refer to
// them, yet knows every id.
func TestLoadChanged(t *testing.T) {
	const (
		mixup    = "content/incidents/2019/2019-12-09-fixture-mixup.md"
		takeover = "content/incidents/2023/2023-01-fixture-takeover.md"
	)
	fsys := readDir(t, "testdata/valid")
	// A broken entry nobody changed and nothing refers to: not checked.
	other := "content/incidents/2020/2020-05-01-untouched.md"
	fsys[other] = &fstest.MapFile{Data: bytes.Replace(fsys[takeover].Data, []byte("vector: account-takeover"), []byte("vector: nonsense"), 1)}

	load := func(changed ...string) (string, []string) {
		s, diags, err := LoadChanged(context.Background(), fsys, changed)
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, inc := range s.Incidents {
			paths = append(paths, inc.Path)
		}
		return diagText(diags), paths
	}

	// The mixup changed; the takeover is related to by it but does not refer
	// back, so only the mixup is checked, against every id.
	got, paths := load(mixup)
	if got != "" || strings.Join(paths, " ") != mixup {
		t.Errorf("changed mixup: checked %q, diagnostics:\n%s", paths, got)
	}

	// The takeover is deleted: the mixup refers to it and is checked.
	delete(fsys, takeover)
	got, paths = load(takeover)
	if strings.Join(paths, " ") != mixup || !strings.Contains(got, `related[0]: no entry has id "2023-01-fixture-takeover"`) {
		t.Errorf("deleted takeover: checked %q, diagnostics:\n%s", paths, got)
	}

	// A change to config.yaml checks everything.
	got, paths = load("config.yaml")
	if len(paths) != 2 || !strings.Contains(got, other) {
		t.Errorf("changed config: checked %q, diagnostics:\n%s", paths, got)
	}
}

// TestLoadChangedSupplier: a changed entry that names a supplier is checked
// with every entry that names it, mentioned or not, since the rules of a
// supplier's breach need them all.
func TestLoadChangedSupplier(t *testing.T) {
	const (
		takeover = "content/incidents/2023/2023-01-fixture-takeover.md"
		own      = "content/incidents/2023/2023-01-example-platform-breach.md"
		second   = "content/incidents/2023/2023-02-miles-and-more-platform.md"
	)
	fsys := readDir(t, "testdata/valid")
	// Another entry of the same breach (the same supplier, the same
	// month), and one of a later breach at it.
	fsys[own] = &fstest.MapFile{Data: []byte("---\ntitle: The platform was breached\ndate: 2023-01\nairlines: [klm, lufthansa]\nsupplier: example-platform\nvector: account-takeover\nstatus: confirmed\nsources:\n  - publisher: Example Platform\n    title: Notice\n    language: en\n---\nThe notice.\n")}
	fsys[second] = &fstest.MapFile{Data: []byte("---\ntitle: Members told\ndate: 2023-02\nairlines: [lufthansa]\nprogramme: miles-and-more\nsupplier: 'example-platform' # quoted\nvector: account-takeover\nstatus: confirmed\nsources:\n  - publisher: Example Zeitung\n    title: Mitglieder informiert\n    language: de\n---\nWhat the programme said.\n")}
	s, diags, err := LoadChanged(context.Background(), fsys, []string{takeover})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, inc := range s.Incidents {
		paths = append(paths, inc.Path)
	}
	const mixup = "content/incidents/2019/2019-12-09-fixture-mixup.md" // it lists the takeover as related
	if strings.Join(paths, " ") != mixup+" "+own+" "+takeover+" "+second {
		t.Errorf("checked %q, want the mixup and the three entries that name example-platform", paths)
	}
	if got := diagText(diags); !strings.Contains(got, takeover+":33:11: supplier: 2023-01-fixture-takeover, like 2023-01-example-platform-breach, tells of a breach at example-platform at the same time") || strings.Contains(got, second) {
		t.Errorf("diagnostics:\n%s", got)
	}
}

// TestDeletedEntry: a branch that deletes an entry is told that its URL
// goes with it, unless another entry takes its id as an alias (a rename).
func TestDeletedEntry(t *testing.T) {
	const gone = "content/incidents/2023/2023-01-fixture-takeover.md"
	fsys := fixtureSite(t)
	src := fsys[gone].Data
	delete(fsys, gone)
	_, diags, err := LoadChanged(context.Background(), fsys, []string{gone})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(diagText(diags), gone+": this entry is deleted") {
		t.Errorf("a deleted entry is not reported:\n%s", diagText(diags))
	}
	const renamed = "content/incidents/2023/2023-01-fixture-accounts-taken-over.md"
	fsys[renamed] = &fstest.MapFile{Data: bytes.Replace(src, []byte("\n---\n"), []byte("\naliases: [2023-01-fixture-takeover]\n---\n"), 1)}
	_, diags, err = LoadChanged(context.Background(), fsys, []string{gone, renamed})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(diagText(diags), "this entry is deleted") {
		t.Errorf("a rename with its alias is reported as a deletion:\n%s", diagText(diags))
	}
}
