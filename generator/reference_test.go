package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
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
