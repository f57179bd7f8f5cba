package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewThenCheck scaffolds an entry: check then names exactly the fields
// left to fill, each at its line, and is clean once they are filled.
func TestNewThenCheck(t *testing.T) {
	root := t.TempDir()
	copyTree(t, fixture, root)
	code, out, errOut := runArgs(t, "new", "--root", root, "--title", "KLM: données de clients exposées", "--airline", "klm", "--date", "2025-08")
	rel := "content/incidents/2025/2025-08-klm-donnees-de-clients-exposees.md"
	if code != 0 || out != rel+"\n" {
		t.Fatalf("new: exit %d, stdout %q, stderr %q; want the path %s", code, out, errOut, rel)
	}
	p := filepath.Join(root, rel)
	scaffold, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	// Exactly the lines marked "to fill" are reported, once each, at the
	// field's value.
	var want []string
	for i, l := range strings.Split(string(scaffold), "\n") {
		if strings.Contains(l, "# to fill:") {
			name := strings.TrimPrefix(strings.TrimSpace(l[:strings.Index(l, ":")]), "- ")
			want = append(want, fmt.Sprintf("%s:%d:%d: %s", rel, i+1, strings.Index(l, ":")+2, name))
		}
	}
	_, out, _ = runArgs(t, "check", "--root", root, "--quiet")
	got := strings.Split(strings.TrimSpace(out), "\n")
	if len(want) != 5 || len(got) != len(want)+1 {
		t.Fatalf("check on a fresh scaffold: got\n%s\nwant these %d:\n%s", out, len(want), strings.Join(want, "\n"))
	}
	for i, w := range want {
		pos, name, _ := strings.Cut(w, " ")
		if !strings.HasPrefix(got[i], pos+" ") || !strings.Contains(got[i], name+": is required but empty") {
			t.Errorf("problem %d: got %q, want %s for %s", i, got[i], pos, name)
		}
	}

	filled := strings.NewReplacer(
		"\nvector:     ", "\nvector: account-takeover",
		"status:     ", "status: reported",
		"- publisher:", "- publisher: Example News",
		"    title:  ", "    title: A headline",
		"language:   ", "language: en",
	).Replace(string(scaffold))
	if err := os.WriteFile(p, []byte(filled), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := runArgs(t, "check", "--root", root, "--quiet"); code != 0 {
		t.Errorf("check on the filled scaffold: exit %d\n%s\n%s", code, out, filled)
	}

	// Never overwrite.
	if code, _, errOut := runArgs(t, "new", "--root", root, "--title", "KLM: données de clients exposées", "--airline", "klm", "--date", "2025-08"); code != 2 || !strings.Contains(errOut, "already exists") {
		t.Errorf("new over an existing entry: exit %d, %q", code, errOut)
	}
	if b, _ := os.ReadFile(p); string(b) != filled {
		t.Error("new changed an existing entry")
	}
}

func TestNewRefusesBadFlags(t *testing.T) {
	root := t.TempDir()
	copyTree(t, fixture, root)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--date", "2025-08", "--airline", "klm"}, "--title is required"},
		{[]string{"--title", "x", "--date", "2025-02-30", "--airline", "klm"}, "February 2025 has 28 days"},
		{[]string{"--title", "x", "--date", "2025", "--airline", "klmm"}, `did you mean "klm"`},
		{[]string{"--title", "x", "--date", "2025", "--airline", "klm", "--vector", "phish"}, "unknown vector"},
		{[]string{"--title", "x", "--date", "2025", "--airline", "klm", "--slug", "Bad Slug"}, "--slug"},
	} {
		code, _, errOut := runArgs(t, append([]string{"new", "--root", root}, c.args...)...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
}
