// Package heap sets the garbage collector's pace for a batch job such as a
// build: no collection while the heap is below a floor, and above it the
// usual pace (a collection when the heap reaches twice what the last one
// found live), up to a ceiling.
//
// Go's default pace collects whenever the heap doubles, which for a build
// that starts from nothing means dozens of collections of a few megabytes
// each while entries load; a floor of a couple of hundred megabytes removes
// nearly all of them (about a sixth of a 10,000-entry build's CPU time) and
// changes nothing for a site large enough to live above it.
package heap

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Floor turns the collector's proportional pace off and instead sets the
// soft memory limit, after every collection, to the larger of floor and
// twice the heap that collection found live (see Raise for a ceiling on
// the latter). Stop restores the previous settings. It does nothing when
// the user set GOGC or GOMEMLIMIT: their settings stand.
func Floor(floor int64) *Tuner {
	t := &Tuner{floor: floor}
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.stopped = true
		return t
	}
	t.limit = debug.SetMemoryLimit(t.next())
	t.percent = debug.SetGCPercent(-1)
	t.arm()
	return t
}

// Tuner is a floor set by Floor.
type Tuner struct {
	mu      sync.Mutex
	floor   int64
	ceiling int64 // 0, or the most twice the live heap may raise the limit to
	limit   int64 // the settings before, for Stop
	percent int
	stopped bool
}

// Raise lifts the floor to floor, if that is higher: a large site, known
// to be large before it loads, need not collect while its heap grows. It
// also sets a ceiling of 5/4 of the floor on what a growing live heap makes
// the limit, so that a moment of many large buffers does not double the
// memory; the limit never goes below a quarter over the live heap, so the
// collector never runs without pause. (At 50,000 heavy entries 4/3 peaked
// at ~560 MB; 5/4 at ~525 MB, for 59 collections rather than 48.)
func (t *Tuner) Raise(floor int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped || floor <= t.floor {
		return
	}
	t.floor, t.ceiling = floor, floor/4*5
	debug.SetMemoryLimit(t.next())
}

// next is the limit for the heap the last collection found live.
func (t *Tuner) next() int64 {
	live := Live()
	l := 2 * live
	if t.ceiling > 0 {
		l = min(l, max(t.ceiling, live+live/4))
	}
	return max(t.floor, l)
}

// arm leaves an object for the next collection to find unreachable: its
// cleanup runs after that collection and sets the next limit.
func (t *Tuner) arm() {
	p := new([16]byte)
	runtime.AddCleanup(p, func(t *Tuner) { t.collected() }, t)
}

func (t *Tuner) collected() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	debug.SetMemoryLimit(t.next())
	t.arm()
}

// Stop restores the collector's settings from before Floor.
func (t *Tuner) Stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	t.stopped = true
	debug.SetGCPercent(t.percent)
	debug.SetMemoryLimit(t.limit)
}

// Live is the heap the last collection found in use, in bytes.
func Live() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}
