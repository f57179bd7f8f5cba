package main

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFeedNewestAddedFirst builds a site from a git repository in which an
// entry about a breach of 2014 is committed after the others: the feed
// carries it first, with the day it was published, and its page shows its
// history.
func TestFeedNewestAddedFirst(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	root := fixtureSite(t)
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", root}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org",
			"GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("2024-01-02T10:00:00Z", "init", "-q", "-b", "main")
	git("2024-01-02T10:00:00Z", "add", ".")
	git("2024-01-02T10:00:00Z", "commit", "-q", "-m", "the first entries")

	src, err := os.ReadFile(filepath.Join(root, "content/incidents/2019/2019-12-09-fixture-mixup.md"))
	if err != nil {
		t.Fatal(err)
	}
	old := strings.Replace(string(src), "\ndate: 2019-12-09\n", "\ndate: 2014-05\n", 1)
	if old == string(src) {
		t.Fatal("the fixture's date line changed; update this test")
	}
	old = strings.Replace(old, "title: ", "title: An old breach recorded late, ", 1)
	p := filepath.Join(root, "content/incidents/2014/2014-05-fixture-old-breach.md")
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	git("2024-06-03T09:00:00Z", "add", ".")
	git("2024-06-03T09:00:00Z", "commit", "-q", "-m", "content: an old breach, recorded now")

	out := filepath.Join(t.TempDir(), "public")
	if code, stdout, stderr := runArgs(t, "build", "--root", root, "--out", out); code != 0 {
		t.Fatalf("build: %d\n%s%s", code, stdout, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Entries []struct {
			ID        string `xml:"id"`
			Published string `xml:"published"`
			Updated   string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(b, &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) < 2 || !strings.HasSuffix(feed.Entries[0].ID, "/incidents/2014-05-fixture-old-breach/") {
		t.Fatalf("the feed's first entry is not the one added last:\n%s", b)
	}
	if e := feed.Entries[0]; e.Published != "2024-06-03T00:00:00Z" || e.Updated != "2024-06-03T00:00:00Z" {
		t.Errorf("the new entry: published %q, updated %q; want the day it was committed", e.Published, e.Updated)
	}
	if e := feed.Entries[1]; e.Published != "2024-01-02T00:00:00Z" {
		t.Errorf("the next entry: published %q, want 2024-01-02", e.Published)
	}
	page, _ := os.ReadFile(filepath.Join(out, "incidents/2014-05-fixture-old-breach/index.html"))
	if !strings.Contains(string(page), "content: an old breach, recorded now") || !strings.Contains(string(page), "First published on") {
		t.Errorf("the page does not show its history")
	}
}
