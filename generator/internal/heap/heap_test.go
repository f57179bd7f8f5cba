package heap

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

var keep [][]byte

func TestFloorFollowsTheLiveHeap(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	beforeLimit, beforePercent := debug.SetMemoryLimit(-1), debug.SetGCPercent(-1)
	debug.SetGCPercent(beforePercent)

	const floor = 64 << 20
	tuner := Floor(floor)
	if got := debug.SetMemoryLimit(-1); got != max(floor, 2*Live()) {
		t.Errorf("limit after Floor = %d, want max(floor, 2×live) = %d", got, max(floor, 2*Live()))
	}
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Errorf("GC percent after Floor = %d, want -1 (off)", p)
	}
	// Keep 80 MiB live: after a collection the limit is twice that, above the floor.
	for range 80 {
		keep = append(keep, make([]byte, 1<<20))
	}
	wantAbove := int64(2 * 80 << 20)
	deadline := time.Now().Add(5 * time.Second)
	for debug.SetMemoryLimit(-1) < wantAbove {
		if time.Now().After(deadline) {
			t.Fatalf("limit %d after collections with 80 MiB live, want ≥ %d", debug.SetMemoryLimit(-1), wantAbove)
		}
		runtime.GC()
		time.Sleep(time.Millisecond) // the cleanup runs on its own goroutine
	}
	keep = nil
	tuner.Raise(floor / 2) // lower: no change
	if got := debug.SetMemoryLimit(-1); got < wantAbove {
		t.Errorf("a lower Raise moved the limit to %d", got)
	}
	tuner.Raise(1 << 40)
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("limit after Raise(1 TiB) = %d", got)
	}
	tuner.Stop()
	if got := debug.SetMemoryLimit(-1); got != beforeLimit {
		t.Errorf("limit after restore = %d, want %d", got, beforeLimit)
	}
	if got := debug.SetGCPercent(beforePercent); got != beforePercent {
		t.Errorf("GC percent after restore = %d, want %d", got, beforePercent)
	}
	// Stopped: a later collection no longer moves the limit.
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	if got := debug.SetMemoryLimit(-1); got != beforeLimit {
		t.Errorf("limit moved after restore: %d, want %d", got, beforeLimit)
	}
}

func TestFloorLeavesUserSettings(t *testing.T) {
	t.Setenv("GOGC", "200")
	before := debug.SetMemoryLimit(-1)
	Floor(1 << 30).Stop()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("limit changed to %d with GOGC set", got)
	}
}

// Past a raised floor, a growing live heap lifts the limit only to 5/4 of
// the floor, or a quarter over the live heap if that is more.
func TestCeiling(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	tuner := Floor(16 << 20)
	defer tuner.Stop()
	tuner.Raise(64 << 20) // ceiling 80 MiB
	for range 80 {
		keep = append(keep, make([]byte, 1<<20))
	}
	defer func() { keep = nil }()
	var limit int64
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		runtime.GC()
		if limit = debug.SetMemoryLimit(-1); limit >= 100<<20 {
			break
		}
	}
	// 80 MiB live: twice that would be 160 MiB; a quarter over it is 100.
	if limit < 100<<20 || limit >= 140<<20 {
		t.Errorf("limit %d MiB with 80 MiB live and a 64 MiB floor; want about 100 MiB", limit>>20)
	}
}

// Between the floor and the ceiling, the ceiling is the limit: 5/4 of the
// floor, whatever twice the live heap would be.
func TestCeilingBinds(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	tuner := Floor(16 << 20)
	defer tuner.Stop()
	tuner.Raise(64 << 20) // ceiling 80 MiB
	for range 56 {
		keep = append(keep, make([]byte, 1<<20))
	}
	defer func() { keep = nil }()
	var limit int64
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		runtime.GC()
		if limit = debug.SetMemoryLimit(-1); limit > 64<<20 {
			break
		}
	}
	// 56 MiB live and more: twice that is over 112 MiB, a quarter over it
	// about 70; the ceiling, 80 MiB, is the limit.
	if limit != 80<<20 {
		t.Errorf("limit %d MiB with 56 MiB live and a 64 MiB floor; want the ceiling, 80 MiB", limit>>20)
	}
}
