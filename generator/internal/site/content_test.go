package site

import (
	"context"
	"os"
	"testing"
)

// TestRealContent loads the repository's own site: check is clean on it,
// and so every sourcing rule check holds entries to holds on the real
// entries (every data field recorded as exposed or not exposed claimed so
// by a source of high reliability, every count given by one, a high source
// in every entry, a suspected or attributed actor's by, a high source on
// every disputed point, a supplier's breach as one entry for the supplier
// and one per programme; see validate). What is left here is about the
// collection, not any one entry: the seed incidents are there, and the
// sources span Dutch, German and English.
func TestRealContent(t *testing.T) {
	s, diags, err := Load(context.Background(), os.DirFS("../../.."))
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) > 0 {
		t.Fatalf("the real content has problems (go run ./generator check):\n%s", diagText(diags))
	}
	if len(s.Incidents) < 3 {
		t.Fatalf("found %d real entries, want at least the three seed incidents", len(s.Incidents))
	}
	langs := map[string]bool{}
	for _, inc := range s.Incidents {
		for _, src := range inc.Sources {
			langs[src.Language] = true
		}
	}
	for _, l := range []string{"nl", "de", "en"} {
		if !langs[l] {
			t.Errorf("no source in %s", l)
		}
	}
}
