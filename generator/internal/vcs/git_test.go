package vcs

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// isolate keeps git in these tests to their own folders: an inherited
// GIT_DIR (git sets it for the commands of 'git rebase --exec', for one)
// would point every command here at the repository running the tests, and
// a temporary folder inside some repository would not be "no repository".
func isolate(t *testing.T, dir string) {
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "GIT_") {
			t.Setenv(k, "") // restored when the test ends
			os.Unsetenv(k)
		}
	}
	for k, v := range map[string]string{
		"GIT_CEILING_DIRECTORIES": filepath.Dir(dir), "GIT_CONFIG_GLOBAL": os.DevNull, "GIT_CONFIG_NOSYSTEM": "1",
		"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
	} {
		t.Setenv(k, v)
	}
}

func TestNoRepo(t *testing.T) {
	dir := t.TempDir()
	isolate(t, dir)
	if _, err := LastChanged(context.Background(), dir, "content"); !errors.Is(err, ErrNoRepo) {
		t.Errorf("LastChanged outside a repository: %v, want ErrNoRepo", err)
	}
	if _, err := Changed(context.Background(), dir, "main"); !errors.Is(err, ErrNoRepo) {
		t.Errorf("Changed outside a repository: %v, want ErrNoRepo", err)
	}
}

// Without git installed, every question is ErrNoRepo too.
func TestNoGit(t *testing.T) {
	dir := t.TempDir()
	isolate(t, dir)
	t.Setenv("PATH", t.TempDir())
	if _, err := LastChanged(context.Background(), dir, "content"); !errors.Is(err, ErrNoRepo) {
		t.Errorf("LastChanged without git: %v, want ErrNoRepo", err)
	}
	if _, err := Changed(context.Background(), dir, "main"); !errors.Is(err, ErrNoRepo) {
		t.Errorf("Changed without git: %v, want ErrNoRepo", err)
	}
}

// Just after git init there is a repository but no history: no file has
// a last-changed date, and that is no error.
func TestNoCommitsYet(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	isolate(t, dir)
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/a.md"), []byte("a"), 0o644)
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "."}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		last, err := LastChanged(context.Background(), dir, "content")
		if err != nil || len(last) != 0 {
			t.Errorf("after git %s: LastChanged = %v, %v; want no dates and no error", args[0], last, err)
		}
	}
}

func TestHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	ctx := context.Background()
	dir := t.TempDir()
	isolate(t, dir)
	run := func(env []string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(p, s string) {
		t.Helper()
		p = filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run(nil, "init", "-q", "-b", "main")
	write("content/a.md", "a")
	write("content/b.md", "b")
	run([]string{"GIT_COMMITTER_DATE=2024-01-02T10:00:00Z"}, "add", ".")
	run([]string{"GIT_COMMITTER_DATE=2024-01-02T10:00:00Z"}, "commit", "-q", "-m", "one")
	run(nil, "checkout", "-q", "-b", "topic")
	write("content/b.md", "b2")
	run(nil, "add", ".")
	run([]string{"GIT_COMMITTER_DATE=2024-03-04T10:00:00Z"}, "commit", "-q", "-m", "two")
	write("content/c.md", "untracked")
	os.Remove(filepath.Join(dir, "content/a.md"))

	last, err := LastChanged(ctx, dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	if got := last["content/a.md"]; !got.Equal(time.Date(2024, 1, 2, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("a.md last changed %v", got)
	}
	if got := last["content/b.md"]; !got.Equal(time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("b.md last changed %v", got)
	}
	h, err := History(ctx, dir, "content")
	if err != nil {
		t.Fatal(err)
	}
	if b := h["content/b.md"]; len(b) != 2 || b[0].Subject != "two" || b[1].Subject != "one" || len(b[0].Hash) != 40 || !b[1].When.Equal(time.Date(2024, 1, 2, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("b.md's history, newest first: %+v", b)
	}
	changed, err := Changed(ctx, dir, "main")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(changed)
	if want := []string{"content/a.md", "content/b.md", "content/c.md"}; !slices.Equal(changed, want) {
		t.Errorf("changed %q, want %q", changed, want)
	}
	if _, err := Changed(ctx, dir, "no-such-branch"); err == nil {
		t.Error("an unknown base is not an error")
	}
}
