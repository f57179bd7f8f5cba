package site

import (
	"context"
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"breachline/generator/internal/output"
)

func TestZZHeap(t *testing.T) {
	root := os.Getenv("HEAPROOT")
	if root == "" {
		t.Skip()
	}
	runtime.MemProfileRate = 16384
	go func() {
		time.Sleep(14 * time.Second)
		f, _ := os.Create("/tmp/heap50.prof")
		pprof.WriteHeapProfile(f)
		f.Close()
	}()
	_, _, err := Build(context.Background(), os.DirFS(root), output.Discard{}, Options{Spill: true})
	if err != nil {
		t.Fatal(err)
	}
}
