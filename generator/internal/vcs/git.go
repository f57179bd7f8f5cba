// Package vcs asks git what the site's history says: which files a branch
// changes, and when each entry last changed. Each question is one or a few
// git runs for the whole site, never one per file. Without git, or outside
// a repository, it returns ErrNoRepo and callers go on without history.
//
// vcs runs git through os/exec; the pipeline below site never imports it.
package vcs

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// ErrNoRepo means git is missing or root is not inside a work tree.
var ErrNoRepo = errors.New("no git repository (or no git)")

// git runs git in dir and returns its standard output.
func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// inRepo reports whether root is inside a git work tree.
func inRepo(ctx context.Context, root string) error {
	if _, err := exec.LookPath("git"); err != nil {
		return ErrNoRepo
	}
	out, err := git(ctx, root, "rev-parse", "--is-inside-work-tree")
	if err != nil || strings.TrimSpace(string(out)) != "true" {
		return ErrNoRepo
	}
	return nil
}

// Changed lists the files, relative to root and slash-separated, that differ
// between base's merge-base with HEAD and the work tree: committed on the
// branch, staged, unstaged or untracked. Deleted and renamed-away files are
// listed too, so what referred to them can be checked.
func Changed(ctx context.Context, root, base string) ([]string, error) {
	if err := inRepo(ctx, root); err != nil {
		return nil, err
	}
	if _, err := git(ctx, root, "rev-parse", "--verify", "--quiet", base+"^{commit}"); err != nil {
		return nil, fmt.Errorf("--base %s: no such commit or branch here (in CI, fetch the base branch: actions/checkout with fetch-depth: 0)", base)
	}
	seen := map[string]bool{}
	var out []string
	for _, args := range [][]string{
		{"diff", "--name-only", "--relative", "--no-renames", "-z", base + "...HEAD"},
		{"diff", "--name-only", "--relative", "--no-renames", "-z", "HEAD"},
		{"ls-files", "--others", "--exclude-standard", "-z"},
	} {
		b, err := git(ctx, root, args...)
		if err != nil {
			return nil, err
		}
		for _, p := range strings.Split(string(b), "\x00") {
			if p != "" && !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// Commit is one commit that changed a file.
type Commit struct {
	Hash    string
	When    time.Time // the committer's date
	Subject string
}

// History returns, for each file under dir (relative to root), the commits
// that changed it, newest first, keyed by its slash path relative to root,
// from one git log. Files never committed are absent; in a repository with
// no commits yet (just after git init) that is every file, and the map is
// empty. A file renamed is two files here: its history under each name.
func History(ctx context.Context, root, dir string) (map[string][]Commit, error) {
	if err := inRepo(ctx, root); err != nil {
		return nil, err
	}
	// git log fails on a branch with no commits; there is no history to
	// ask. rev-parse --verify --quiet says so by exiting 1 and nothing else.
	if _, err := git(ctx, root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}"); err != nil {
		var exit *exec.ExitError
		if ctx.Err() == nil && errors.As(err, &exit) && exit.ExitCode() == 1 {
			return map[string][]Commit{}, nil
		}
		return nil, err
	}
	b, err := git(ctx, root, "log", "--format=%x00%H%x00%ct%x00%s", "--name-only", "--relative", "--no-renames", "--", dir)
	if err != nil {
		return nil, err
	}
	out := map[string][]Commit{}
	var c Commit
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 1<<20) // a subject may be long
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "\x00"); ok {
			parts := strings.SplitN(rest, "\x00", 3)
			if len(parts) != 3 {
				return nil, fmt.Errorf("git log: unexpected line %q", line)
			}
			sec, err := strconv.ParseInt(parts[1], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("git log: unexpected line %q", line)
			}
			c = Commit{Hash: parts[0], When: time.Unix(sec, 0).UTC(), Subject: parts[2]}
			continue
		}
		if line != "" {
			out[line] = append(out[line], c)
		}
	}
	return out, sc.Err()
}

// LastChanged returns when each file under dir (relative to root) was last
// committed: the newest of its History.
func LastChanged(ctx context.Context, root, dir string) (map[string]time.Time, error) {
	h, err := History(ctx, root, dir)
	if err != nil {
		return nil, err
	}
	out := make(map[string]time.Time, len(h))
	for p, cs := range h {
		out[p] = cs[0].When
	}
	return out, nil
}
