package site

import (
	"context"
	"os"
	"slices"
	"testing"
)

// TestRealContent loads the repository's own site and checks the sourcing
// rules that code can check: the site is clean; every data field an entry
// records as exposed, or as stated not exposed, is claimed so by at least one
// source of high reliability (a low source never decides a fact); every
// count an entry records is given by a high source; and the sources span
// Dutch, German and English.
func TestRealContent(t *testing.T) {
	s, diags, err := Load(context.Background(), os.DirFS("../../.."))
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) > 0 {
		t.Fatalf("the real content has problems:\n%s", diagText(diags))
	}
	if len(s.Incidents) < 3 {
		t.Fatalf("found %d real entries, want at least the three seed incidents", len(s.Incidents))
	}
	langs := map[string]bool{}
	for _, inc := range s.Incidents {
		claimed := func(key string, notExposed bool) bool {
			for _, src := range inc.Sources {
				list := src.Claims.Exposed
				if notExposed {
					list = src.Claims.NotExposed
				}
				if !src.Low() && slices.Contains(list, key) {
					return true
				}
			}
			return false
		}
		for _, k := range inc.Data.Exposed {
			if !claimed(k, false) {
				t.Errorf("%s: %q is recorded as exposed, but no high-reliability source claims it", inc.Path, k)
			}
		}
		for _, k := range inc.Data.NotExposed {
			if !claimed(k, true) {
				t.Errorf("%s: %q is recorded as not exposed, but no high-reliability source claims it", inc.Path, k)
			}
		}
		for _, c := range inc.Affected {
			given := false
			for _, src := range inc.Sources {
				if !src.Low() && slices.ContainsFunc(src.Claims.Affected, c.Same) {
					given = true
				}
			}
			if !given {
				t.Errorf("%s: the count %d %s is given by no high-reliability source's claims", inc.Path, c.Count, c.Unit)
			}
		}
		high := 0
		for _, src := range inc.Sources {
			if src.Language == "" {
				t.Errorf("%s: a source has no language", inc.Path)
			}
			langs[src.Language] = true
			if !src.Low() {
				high++
			}
		}
		if high == 0 {
			t.Errorf("%s: every source is low-reliability; at least one must be high", inc.Path)
		}
	}
	for _, l := range []string{"nl", "de", "en"} {
		if !langs[l] {
			t.Errorf("no source in %s", l)
		}
	}
}
