// Package output is the one place that writes a built site: a Sink takes
// files by their slash path in the site. Dir writes to a folder atomically
// (a failed build leaves the previous output untouched), Memory keeps the
// files for the preview server, Discard drops them.
//
// output imports nothing of Breachline; it is the only stage that writes to
// the file system.
package output

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Sink receives the files of a built site.
type Sink interface {
	// Write stores one file; p is a clean slash path such as "incidents/x/index.html".
	// data is the caller's to reuse once Write returns: a sink that keeps it copies it.
	Write(p string, data []byte) error
}

// Discard drops every file.
type Discard struct{}

func (Discard) Write(string, []byte) error { return nil }

// Memory keeps every file in memory. It is safe for concurrent use.
type Memory struct {
	mu    sync.Mutex
	files map[string][]byte
}

// NewMemory returns an empty Memory sink.
func NewMemory() *Memory { return &Memory{files: map[string][]byte{}} }

func (m *Memory) Write(p string, data []byte) error {
	if err := checkPath(p); err != nil {
		return err
	}
	data = bytes.Clone(data)
	m.mu.Lock()
	m.files[p] = data
	m.mu.Unlock()
	return nil
}

// Get returns a file and whether it exists.
func (m *Memory) Get(p string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.files[p]
	return b, ok
}

// Paths lists every file, sorted.
func (m *Memory) Paths() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, 0, len(m.files))
	for p := range m.files {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

func checkPath(p string) error {
	if p == "" || path.Clean(p) != p || strings.HasPrefix(p, "/") || p == ".." || strings.HasPrefix(p, "../") {
		return fmt.Errorf("output: refusing unclean path %q", p)
	}
	return nil
}

// The file-system calls Dir makes. Tests replace them to meet faults that
// cannot be staged otherwise on every machine: a full disk, or a read-only
// folder when tests run as root, whom permissions do not stop.
var (
	writeFile = os.WriteFile
	mkdirOne  = os.Mkdir
	mkdirTemp = func(parent, prefix string) (string, error) {
		p := filepath.Join(parent, prefix+randomSuffix())
		return p, os.Mkdir(p, 0o755)
	}
	rename    = os.Rename
	removeAny = os.RemoveAll // a file or folder of a folder being removed
	removeOne = os.Remove    // the marker, then the emptied folder itself
)

// Marker is the file Dir leaves in every output folder it creates. A folder
// without it is not Breachline's, and Dir will not replace it.
const Marker = ".breachline-output"

const markerText = "This folder is written by Breachline's build and replaced whole on every build.\n"

// Dir writes a site into a temporary folder beside the output folder and,
// on Commit, swaps it in. Until Commit the previous output is untouched.
type Dir struct {
	out string // the output folder
	tmp string // where this build writes

	mu    sync.Mutex
	dirs  map[string]bool
	bytes int64
	files int
}

// NewDir prepares an atomic write to out. It refuses an out that holds
// anything Breachline did not create, and cleans up what an interrupted
// earlier build left beside it.
func NewDir(out string) (*Dir, error) {
	out, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	if err := Claimable(out); err != nil {
		return nil, err
	}
	cleanLeftovers(out)
	parent, base := filepath.Split(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	tmp, err := mkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("output: cannot create a temporary folder beside %s: %w", out, err)
	}
	if err := writeFile(filepath.Join(tmp, Marker), []byte(markerText), 0o644); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("output: %w", err)
	}
	return &Dir{out: out, tmp: tmp, dirs: map[string]bool{"": true}}, nil
}

// Claimable reports why out may not be used as an output folder: it exists,
// is not empty, and was not made by Breachline.
func Claimable(out string) error {
	entries, err := os.ReadDir(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("output: %w", err)
	case len(entries) == 0:
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		return fmt.Errorf("output: refusing to replace %s: it is not empty and Breachline did not create it (no %s file); choose another --out", out, Marker)
	}
	return nil
}

// cleanLeftovers removes temporary folders of builds that were killed, and
// puts back an output folder a killed build had moved aside. A folder
// beside out is a leftover of ours when it has the marker, or when it is
// empty and named as only Dir names its folders (.<out>.tmp- or .<out>.old-
// and 12 hex digits): that is what a build killed between making a folder
// and marking it, or between unmarking a folder it empties and removing it,
// leaves. Anything else is not touched.
func cleanLeftovers(out string) {
	parent, base := filepath.Split(out)
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		name := e.Name()
		kind, exact := leftoverName(base, name)
		if !e.IsDir() || kind == "" {
			continue
		}
		p := filepath.Join(parent, name)
		if !fileExists(filepath.Join(p, Marker)) && !(exact && emptyDir(p)) {
			continue // not ours
		}
		if _, err := os.Stat(out); kind == "old" && errors.Is(err, fs.ErrNotExist) {
			rename(p, out)
			continue
		}
		_ = removeOwn(p)
	}
}

// leftoverName says which kind ("tmp" or "old", "" for neither) of the
// folders Dir makes beside the output folder base name is named like, and
// whether exactly so (with a random suffix as Dir makes them; earlier
// versions made others, which their marker tells).
func leftoverName(base, name string) (kind string, exact bool) {
	for _, kind := range []string{"tmp", "old"} {
		if suffix, ok := strings.CutPrefix(name, "."+base+"."+kind+"-"); ok {
			return kind, len(suffix) == 2*suffixBytes && strings.Trim(suffix, "0123456789abcdef") == ""
		}
	}
	return "", false
}

func fileExists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func emptyDir(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	return len(names) == 0 && err == io.EOF
}

func (d *Dir) Write(p string, data []byte) error {
	if err := checkPath(p); err != nil {
		return err
	}
	dir := path.Dir(p)
	if dir == "." {
		dir = ""
	}
	full := filepath.Join(d.tmp, filepath.FromSlash(p))
	d.mu.Lock()
	d.files++
	d.bytes += int64(len(data))
	// Made under the lock: a folder is marked made only once it exists.
	if err := d.mkdir(dir); err != nil {
		d.mu.Unlock()
		return fmt.Errorf("output: %w", err)
	}
	d.mu.Unlock()
	if err := writeFile(full, data, 0o644); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return nil
}

// mkdir makes the folder dir ("a/b", "" for the top) and any parents not
// made yet, one system call each: MkdirAll would first look at every level.
// d.mu must be held.
func (d *Dir) mkdir(dir string) error {
	if dir == "" || d.dirs[dir] {
		return nil
	}
	if parent := path.Dir(dir); parent != "." {
		if err := d.mkdir(parent); err != nil {
			return err
		}
	}
	if err := mkdirOne(filepath.Join(d.tmp, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d.dirs[dir] = true
	return nil
}

// Stats reports how many files and bytes were written.
func (d *Dir) Stats() (files int, bytes int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.files, d.bytes
}

// Commit swaps the new output in place of the old one.
func (d *Dir) Commit() error {
	if err := Claimable(d.out); err != nil {
		d.Abort()
		return err
	}
	var old string
	if _, err := os.Stat(d.out); err == nil {
		parent, base := filepath.Split(d.out)
		old = filepath.Join(parent, "."+base+".old-"+randomSuffix())
		if err := rename(d.out, old); err != nil {
			d.Abort()
			return fmt.Errorf("output: moving the previous output aside: %w", err)
		}
	}
	if err := rename(d.tmp, d.out); err != nil {
		if old != "" {
			rename(old, d.out)
		}
		d.Abort()
		return fmt.Errorf("output: %w", err)
	}
	if old != "" {
		if err := removeOwn(old); err != nil {
			return fmt.Errorf("output: removing the previous output: %w", err)
		}
	}
	return nil
}

// removeAll removes the folder dir, which Dir made, on all cores: a large
// site's previous output is tens of thousands of files, and removing them
// is the last step of a build. Its marker goes last, just before the folder
// itself, so that a build killed at any moment leaves either a marked
// folder or an empty one, both of which the next build removes.
func removeAll(dir string) error {
	var inner, folders []string
	top, _ := os.ReadDir(dir)
	for _, e := range top {
		p := filepath.Join(dir, e.Name())
		switch {
		case e.Name() == Marker:
		case e.IsDir():
			folders = append(folders, p)
			sub, _ := os.ReadDir(p)
			for _, s := range sub {
				inner = append(inner, filepath.Join(p, s.Name()))
			}
		default:
			inner = append(inner, p)
		}
	}
	// The folders' contents first, then the emptied folders: never a
	// folder and what is in it at once.
	err := errors.Join(removeEach(inner), removeEach(folders))
	if err != nil {
		return err
	}
	if err := removeOne(filepath.Join(dir, Marker)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return removeOne(dir)
}

// removeEach removes the paths, on all cores, and returns the first error.
func removeEach(paths []string) error {
	work := make(chan string)
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() {
			for p := range work {
				if err := removeAny(p); err != nil && errs[w] == nil {
					errs[w] = err
				}
			}
		})
	}
	for _, p := range paths {
		work <- p
	}
	close(work)
	wg.Wait()
	return cmp.Or(errs...)
}

// Abort removes the temporary folder; the previous output stays as it was.
func (d *Dir) Abort() { _ = removeOwn(d.tmp) }

// removeOwn removes a folder Dir made. What cannot go (the folder itself,
// when its parent is read-only) is marked as Breachline's again, so the next
// build removes it.
func removeOwn(dir string) error {
	err := removeAll(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		os.WriteFile(filepath.Join(dir, Marker), []byte(markerText), 0o644)
	}
	return err
}

// suffixBytes is how many random bytes end the names of Dir's folders.
const suffixBytes = 6

func randomSuffix() string {
	b := make([]byte, suffixBytes)
	rand.Read(b)
	return hex.EncodeToString(b)
}
