// Package blob keeps large byte strings — rendered bodies and their
// Markdown — out of the Go heap while a site is built. A build of tens of
// thousands of entries needs every body twice (its page, the JSON export)
// but only briefly; holding them all in memory would double the build's
// peak. A spilling Store appends them to an unlinked temporary file and
// reads each back when it is needed; a memory Store keeps them as they are.
//
// blob imports nothing of Breachline.
package blob

import (
	"bytes"
	"fmt"
	"os"
	"sync"
	"unsafe"
)

// Ref names one stored byte string. The zero Ref is the empty string.
type Ref struct {
	off int64 // in the file, or the index in mem plus one
	n   int
}

// Len is the length of the stored string.
func (r Ref) Len() int { return r.n }

// Store holds byte strings. It is safe for concurrent use.
type Store struct {
	mu   sync.Mutex
	f    *os.File // nil for a memory store
	size int64    // bytes written to f
	tail []byte   // bytes put after those, written to f when it reaches tailSize
	mem  []string
	name string // the file's name, when it could not be unlinked while open
	err  error  // the first write error: every later Put fails with it
}

// Memory returns a store that keeps everything in memory.
func Memory() *Store { return &Store{} }

// Spill returns a store backed by a temporary file in dir (the system's
// temporary folder when dir is ""). The file is unlinked at once where the
// system allows it, so nothing is left behind even if the process is killed.
func Spill(dir string) (*Store, error) {
	f, err := os.CreateTemp(dir, "breachline-blobs-*")
	if err != nil {
		return nil, fmt.Errorf("a temporary file for page bodies: %w", err)
	}
	s := &Store{f: f}
	if os.Remove(f.Name()) != nil {
		s.name = f.Name() // removed on Close instead
	}
	return s, nil
}

// Put stores b and returns its Ref. b is the caller's again on return.
func (s *Store) Put(b []byte) (Ref, error) {
	if len(b) == 0 {
		return Ref{}, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return Ref{}, s.err
	}
	if s.f == nil {
		s.mem = append(s.mem, string(b))
		return Ref{off: int64(len(s.mem)), n: len(b)}, nil
	}
	r := Ref{off: s.size + int64(len(s.tail)), n: len(b)}
	s.tail = append(s.tail, b...)
	if len(s.tail) >= tailSize {
		if _, err := s.f.WriteAt(s.tail, s.size); err != nil {
			s.err = fmt.Errorf("writing page bodies to a temporary file: %w", err)
			return Ref{}, s.err
		}
		s.size += int64(len(s.tail))
		s.tail = s.tail[:0]
	}
	return r, nil
}

// tailSize is how much Put gathers before it writes: one system call for
// a hundred bodies rather than one each.
const tailSize = 1 << 20

// AppendTo appends the string r names to b, reading it from the file
// straight into b's free space: no string is made.
func (s *Store) AppendTo(b *bytes.Buffer, r Ref) error {
	if r.n == 0 {
		return nil
	}
	s.mu.Lock()
	f, written := s.f, s.size
	s.mu.Unlock()
	if f == nil || r.off >= written { // in memory, or not written yet
		str, err := s.Get(r)
		b.WriteString(str)
		return err
	}
	b.Grow(r.n)
	buf := b.AvailableBuffer()[:r.n]
	if _, err := f.ReadAt(buf, r.off); err != nil {
		return fmt.Errorf("reading page bodies back from a temporary file: %w", err)
	}
	b.Write(buf) // already in place: this only moves b's end
	return nil
}

func (s *Store) Get(r Ref) (string, error) {
	if r.n == 0 {
		return "", nil
	}
	s.mu.Lock()
	f := s.f
	if f != nil && r.off >= s.size { // not written yet
		defer s.mu.Unlock()
		i := r.off - s.size
		if i+int64(r.n) > int64(len(s.tail)) {
			return "", fmt.Errorf("blob: no such string")
		}
		return string(s.tail[i : i+int64(r.n)]), nil
	}
	s.mu.Unlock()
	if f == nil {
		s.mu.Lock()
		defer s.mu.Unlock()
		if r.off < 1 || r.off > int64(len(s.mem)) {
			return "", fmt.Errorf("blob: no such string")
		}
		return s.mem[r.off-1], nil
	}
	b := make([]byte, r.n)
	if _, err := f.ReadAt(b, r.off); err != nil {
		return "", fmt.Errorf("reading page bodies back from a temporary file: %w", err)
	}
	return unsafe.String(&b[0], len(b)), nil // b is never written again
}

// Close releases the store; its Refs are no longer valid.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		s.mem = nil
		return nil
	}
	err := s.f.Close()
	if s.name != "" {
		os.Remove(s.name)
	}
	s.f, s.mem, s.tail = nil, nil, nil
	return err
}
