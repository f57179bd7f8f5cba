package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

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
	if len(rs) != 2 || rs[0].Tool != bench.ToolBuild || rs[1].Tool != bench.ToolCheck {
		t.Fatalf("%d results, want 2 (Breachline's build and check)", len(rs))
	}
	r := rs[0]
	if len(r.Wall) != 3 || len(r.RSS) != 3 || len(r.User) != 3 || len(r.Sys) != 3 ||
		r.Median() <= 0 || r.MedianCPU() <= 0 || r.MedianRSS() < 1<<20 || r.VsHugo != nil {
		t.Errorf("runs not measured: %+v", r)
	}
	// 30 incidents: a page and a JSON file each, at least.
	if r.Files < 60 || r.Bytes < 30*1000 {
		t.Errorf("output not counted: %d files, %d bytes", r.Files, r.Bytes)
	}
	c := rs[1]
	if len(c.Wall) != 3 || c.MedianRSS() < 1<<20 || c.VsBuild == nil || len(c.VsBuild.RSS) != 3 || c.VsBuild.RSS[0] <= 0 || c.FastYAML != 30 {
		t.Errorf("checks not measured: %+v", c)
	}
	var b strings.Builder
	bench.Table(&b, rs)
	for _, want := range []string{"| 30 | Breachline | ", "| 30 | Breachline check | ", "check over its build", "| 30 | peak RSS |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}

// With Hugo, each round's ratios are kept, and the Hugo that ran says which
// it is.
func TestBenchAgainstHugo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a synthetic site twice with each tool")
	}
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		t.Skip("no hugo installed")
	}
	t.Setenv("BREACHLINE_TEST_AS_MAIN", "1")
	rs, err := bench.Run(context.Background(), bench.Options{
		Sizes: []int{30}, Runs: 2, Dir: t.TempDir(), Seed: 1, Self: os.Args[0], Root: "..", Hugo: hugo,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 3 || rs[0].Tool != bench.ToolBuild || rs[1].Tool != bench.ToolCheck || rs[2].Tool != bench.ToolHugo {
		t.Fatalf("results: %+v", rs)
	}
	if v := rs[2].Version; !strings.HasPrefix(v, "v0.") {
		t.Errorf("Hugo's version %q", v)
	}
	if v := rs[0].VsHugo; v == nil || len(v.Wall) != 2 || len(v.CPU) != 2 || len(v.RSS) != 2 || v.Wall[0] <= 0 || v.CPU[1] <= 0 {
		t.Errorf("ratios per round: %+v", v)
	}
	var b strings.Builder
	bench.Table(&b, rs)
	if !strings.Contains(b.String(), "| 30 | Hugo 0.") || !strings.Contains(b.String(), "| 30 | CPU time |") {
		t.Errorf("table:\n%s", b.String())
	}
}

// The report from given figures: medians, and the rounds' ratios with
// their median.
func TestBenchReport(t *testing.T) {
	s := time.Second
	bl := bench.Result{Tool: "Breachline", Entries: 1000, Files: 10, Bytes: 3 << 20,
		Wall: []time.Duration{1 * s, 2 * s, 3 * s}, User: []time.Duration{2 * s, 2 * s, 2 * s}, Sys: []time.Duration{0, s, 0},
		RSS: []int64{100e6, 100e6, 100e6}, VsHugo: &bench.Versus{Wall: []float64{0.1, 0.3, 0.2}, CPU: []float64{0.25, 0.5, 0.4}, RSS: []float64{0.5, 0.5, 0.5}}}
	hu := bench.Result{Tool: "Hugo", Entries: 1000, Version: "v0.165.0", Files: 5, Bytes: 1 << 20,
		Wall: []time.Duration{10 * s, 10 * s, 10 * s}, User: []time.Duration{5 * s, 5 * s, 5 * s}, Sys: []time.Duration{s, s, s},
		RSS: []int64{200e6, 200e6, 200e6}}
	ck := bench.Result{Tool: "Breachline check", Entries: 1000, FastYAML: 998,
		Wall: []time.Duration{s, s, s}, User: []time.Duration{s, s, s}, Sys: []time.Duration{0, 0, 0},
		RSS: []int64{40e6, 50e6, 60e6}, VsBuild: &bench.Versus{Wall: []float64{1, 0.5, 1.0 / 3}, CPU: []float64{0.5, 1.0 / 3, 0.5}, RSS: []float64{0.4, 0.5, 0.6}}}
	var b strings.Builder
	bench.Table(&b, []bench.Result{bl, ck, hu})
	for _, want := range []string{
		"| 1000 | Breachline | 2.00 s (1.00–3.00) | 2.00 s (2.00–3.00) | 100 MB | 10 | 3 MiB | 0.20× | 0.40× | 0.50× |\n",
		"| 1000 | Hugo 0.165.0 | 10.00 s (10.00–10.00) | 6.00 s (6.00–6.00) | 200 MB | 5 | 1 MiB |  |  |  |\n",
		"| entries | ratio of | round 1 | round 2 | round 3 | median |\n",
		"| 1000 | wall time | 0.10× | 0.30× | 0.20× | 0.20× |\n",
		"| 1000 | CPU time | 0.25× | 0.50× | 0.40× | 0.40× |\n",
		"| 1000 | Breachline check | 1.00 s (1.00–1.00) | 1.00 s (1.00–1.00) | 50 MB | – | – |  |  |  |\n",
		"check over its build of the same site, round by round:\n\n| entries | ratio of | round 1 | round 2 | round 3 | median |\n",
		"| 1000 | peak RSS | 0.40× | 0.50× | 0.60× | 0.50× |\n",
		"At 1000 entries the fast YAML reader read 998 entries' front matter, yaml.v3 the other 2.\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, b.String())
		}
	}
	var j strings.Builder
	if err := bench.JSON(&j, []bench.Result{bl, hu}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"user_ns": [`, `"sys_ns": [`, `"vs_hugo": {`, `"cpu": [`, `"version": "v0.165.0"`} {
		if !strings.Contains(j.String(), want) {
			t.Errorf("the JSON lacks %s:\n%s", want, j.String())
		}
	}
}

// --hugo must name a Hugo: the bench says so before it builds anything.
func TestBenchRefusesANonHugo(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := runArgs(t, "bench", "--sizes", "10", "--dir", dir, "--hugo", "/bin/true")
	if code != 2 || !strings.Contains(stderr, "--hugo: /bin/true version: unexpected output") {
		t.Errorf("--hugo /bin/true: exit %d, stderr %q", code, stderr)
	}
}
