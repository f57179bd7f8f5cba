package blob

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

func TestStores(t *testing.T) {
	spill, err := Spill(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*Store{"memory": Memory(), "spill": spill} {
		t.Run(name, func(t *testing.T) {
			defer s.Close()
			var wg sync.WaitGroup
			// 2 MB in all: a spill store writes some to its file and holds the rest.
			body := func(i int) string { return fmt.Sprintf("body %d %s", i, strings.Repeat("x", i*100)) }
			refs := make([]Ref, 200)
			for i := range refs {
				wg.Go(func() {
					r, err := s.Put([]byte(body(i)))
					if err != nil {
						t.Error(err)
					}
					refs[i] = r
				})
			}
			wg.Wait()
			if s.f != nil && (s.size == 0 || len(s.tail) == 0) {
				t.Fatalf("spill: %d bytes in the file, %d held: want some of each", s.size, len(s.tail))
			}
			for i, r := range refs {
				got, err := s.Get(r)
				want := body(i)
				if err != nil || got != want {
					t.Fatalf("Get(%d) = %q, %v; want %q", i, got, err, want)
				}
				var b bytes.Buffer
				b.WriteString("before ")
				if err := s.AppendTo(&b, r); err != nil || b.String() != "before "+want {
					t.Fatalf("AppendTo(%d) = %q, %v; want %q", i, b.String(), err, "before "+want)
				}
			}
			if got, err := s.Get(Ref{}); got != "" || err != nil {
				t.Fatalf("zero Ref: %q, %v", got, err)
			}
			if r, err := s.Put(nil); err != nil || r != (Ref{}) {
				t.Fatalf("Put(nil) = %v, %v", r, err)
			}
		})
	}
}

// The spill file leaves nothing behind in its folder, even before Close.
func TestSpillLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	s, err := Spill(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put([]byte("x")); err != nil {
		t.Fatal(err)
	}
	if es, _ := os.ReadDir(dir); len(es) != 0 {
		t.Errorf("the spill file is visible: %v", es)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(Ref{off: 0, n: 1}); err == nil {
		t.Error("Get after Close succeeded")
	}
}
