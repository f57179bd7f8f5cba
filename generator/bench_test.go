package main

import (
	"context"
	"os"
	"strings"
	"testing"

	"breachline/generator/internal/bench"
)

// TestMain lets a test run this binary as the breachline command: the bench
// measures builds in child processes.
func TestMain(m *testing.M) {
	if os.Getenv("BREACHLINE_TEST_AS_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

func TestBenchMeasuresColdBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a synthetic site three times")
	}
	t.Setenv("BREACHLINE_TEST_AS_MAIN", "1")
	dir := t.TempDir()
	rs, err := bench.Run(context.Background(), bench.Options{
		Sizes: []int{30}, Runs: 3, Dir: dir, Seed: 1, Self: os.Args[0], Root: "..",
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 {
		t.Fatalf("%d results, want 1 (Breachline alone)", len(rs))
	}
	r := rs[0]
	if len(r.Wall) != 3 || len(r.RSS) != 3 || r.Median() <= 0 || r.MedianRSS() < 1<<20 {
		t.Errorf("runs not measured: %+v", r)
	}
	// 30 incidents: a page and a JSON file each, at least.
	if r.Files < 60 || r.Bytes < 30*1000 {
		t.Errorf("output not counted: %d files, %d bytes", r.Files, r.Bytes)
	}
	var b strings.Builder
	bench.Table(&b, rs)
	if !strings.Contains(b.String(), "| 30 | Breachline | ") {
		t.Errorf("table:\n%s", b.String())
	}
}
