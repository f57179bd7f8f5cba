// Package watch turns file-system events into batches of changed paths. It
// watches folders recursively (also folders created later) and single files,
// ignores the leftovers of editors (swap, backup and lock files), and
// coalesces a burst of events — an editor's atomic save is several — into
// one batch once the folder has been quiet for a moment.
//
// watch is the only package that imports fsnotify. It emits slash paths
// relative to the root, never fsnotify events.
package watch

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watcher watches part of a site folder.
type Watcher struct {
	root  string
	dirs  []string // watched recursively, relative to root
	files []string // watched alone, relative to root
	fsw   *fsnotify.Watcher

	// Quiet is how long the folder must be still before a batch is sent;
	// MaxWait caps how long a steady stream of events can delay one.
	Quiet, MaxWait time.Duration
}

// New watches dirs (recursively) and files under root. Missing ones are
// skipped; a folder created later inside a watched one is picked up.
func New(root string, dirs, files []string) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, dirs: dirs, files: files, fsw: fsw, Quiet: 10 * time.Millisecond, MaxWait: 150 * time.Millisecond}
	for _, d := range dirs {
		if _, err := w.addTree(filepath.Join(root, filepath.FromSlash(d))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			fsw.Close()
			return nil, err
		}
	}
	// Files are watched through their folder: editors replace files by
	// renaming, which ends a watch on the file itself.
	seen := map[string]bool{}
	for _, f := range files {
		dir := filepath.Dir(filepath.Join(root, filepath.FromSlash(f)))
		if !seen[dir] {
			seen[dir] = true
			if err := fsw.Add(dir); err != nil {
				fsw.Close()
				return nil, err
			}
		}
	}
	return w, nil
}

// addTree watches dir and every folder below it, and returns the files found,
// so that files written into a new folder before its watch began still count.
func (w *Watcher) addTree(dir string) ([]string, error) {
	var found []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // vanished while we walked
		}
		if p != dir && Ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return w.fsw.Add(p)
		}
		found = append(found, p)
		return nil
	})
	return found, err
}

// Ignored reports whether a file name is an editor's or tool's leftover
// rather than content: dotfiles (.x.swp, .#x), backups (x~), Vim's probe
// file 4913, and temporary files.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") || name == "4913" ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp")
}

// Close stops watching.
func (w *Watcher) Close() error { return w.fsw.Close() }

// Run sends batches of changed paths (slash paths relative to the root,
// sorted, each once) until ctx ends. Errors from the file system are sent on
// errs without stopping.
func (w *Watcher) Run(ctx context.Context, batches chan<- []string, errs chan<- error) {
	pending := map[string]bool{}
	var quiet, deadline <-chan time.Time
	flush := func() {
		if len(pending) == 0 {
			return
		}
		out := make([]string, 0, len(pending))
		for p := range pending {
			out = append(out, p)
		}
		slices.Sort(out)
		clear(pending)
		quiet, deadline = nil, nil
		select {
		case batches <- out:
		case <-ctx.Done():
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			select {
			case errs <- err:
			default:
			}
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			for _, p := range w.paths(ev) {
				pending[p] = true
			}
			if len(pending) > 0 {
				quiet = time.After(w.Quiet)
				if deadline == nil {
					deadline = time.After(w.MaxWait)
				}
			}
		case <-quiet:
			flush()
		case <-deadline:
			flush()
		}
	}
}

// paths turns one event into the watched paths it concerns.
func (w *Watcher) paths(ev fsnotify.Event) []string {
	if Ignored(filepath.Base(ev.Name)) || ev.Op == fsnotify.Chmod {
		return nil
	}
	rel, err := filepath.Rel(w.root, ev.Name)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil
	}
	rel = filepath.ToSlash(rel)
	if !w.watched(rel) {
		return nil
	}
	out := []string{rel}
	if ev.Op&fsnotify.Create != 0 {
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			found, _ := w.addTree(ev.Name)
			for _, f := range found {
				if r, err := filepath.Rel(w.root, f); err == nil {
					out = append(out, filepath.ToSlash(r))
				}
			}
		}
	}
	return out
}

func (w *Watcher) watched(rel string) bool {
	if slices.Contains(w.files, rel) {
		return true
	}
	for _, d := range w.dirs {
		if rel == d || strings.HasPrefix(rel, d+"/") {
			return true
		}
	}
	return false
}
