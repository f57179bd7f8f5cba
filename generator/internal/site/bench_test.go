package site

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"breachline/generator/internal/output"
	"breachline/generator/internal/synth"
	"breachline/generator/internal/validate"
)

// benchEntries is the size of the synthetic site the stage benchmarks use;
// go run ./generator synth and the bench script cover 10,000 and 50,000.
const benchEntries = 1000

var (
	benchOnce sync.Once
	benchFS   fstest.MapFS
)

// benchSite is a synthetic site with the repository's layouts, in memory,
// so the benchmarks measure the pipeline and not the disk.
func benchSite(b *testing.B) fstest.MapFS {
	b.Helper()
	benchOnce.Do(func() {
		dir := filepath.Join(b.TempDir(), "site")
		if err := synth.Write(dir, benchEntries, 1); err != nil {
			b.Fatal(err)
		}
		benchFS = readDir(b, dir)
		for _, d := range []string{"layouts", "static"} {
			for k, v := range readDir(b, filepath.Join("../../..", d)) {
				benchFS[d+"/"+k] = v
			}
		}
	})
	return benchFS
}

// BenchmarkLoad: read, parse and validate every entry (what check does).
func BenchmarkLoad(b *testing.B) {
	fsys := benchSite(b)
	b.ResetTimer()
	for b.Loop() {
		if _, diags, err := Load(context.Background(), fsys); err != nil || len(diags) > 0 {
			b.Fatal(err, diags)
		}
	}
	b.ReportMetric(float64(benchEntries)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// BenchmarkRender: the whole build into a sink that keeps nothing.
func BenchmarkRender(b *testing.B) {
	fsys := benchSite(b)
	b.ResetTimer()
	for b.Loop() {
		if _, diags, err := Build(context.Background(), fsys, output.Discard{}, Options{}); err != nil || len(diags) > 0 {
			b.Fatal(err, diags)
		}
	}
}

// BenchmarkWrite: the whole build into a real output folder, swapped in.
func BenchmarkWrite(b *testing.B) {
	fsys := benchSite(b)
	out := filepath.Join(b.TempDir(), "public")
	b.ResetTimer()
	for b.Loop() {
		dir, err := output.NewDir(out)
		if err != nil {
			b.Fatal(err)
		}
		if _, diags, err := Build(context.Background(), fsys, dir, Options{}); err != nil || len(diags) > 0 {
			b.Fatal(err, diags)
		}
		if err := dir.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidate: the vocabulary, link and cross-entry rules alone, over
// entries already parsed.
func BenchmarkValidate(b *testing.B) {
	s, diags, err := Load(context.Background(), benchSite(b))
	if err != nil || len(diags) > 0 {
		b.Fatal(err, diags)
	}
	b.ResetTimer()
	for b.Loop() {
		for i, inc := range s.Incidents {
			if d := validate.Entry(s.Config, inc, s.Docs[i]); len(d) > 0 {
				b.Fatal(d)
			}
		}
		if d := validate.All(s.Incidents, s.Docs); len(d) > 0 {
			b.Fatal(d)
		}
	}
}
