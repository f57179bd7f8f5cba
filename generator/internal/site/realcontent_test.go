package site

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"breachline/generator/internal/index"
)

// TestRealContentDisputesAndSuppliers checks, on the repository's own
// entries, the rules of sourcing that TestRealContent does not: a suspected
// or attributed actor says by whom; every disputed point has a
// high-reliability source speaking to it; an entry whose body lists what
// sources disagree on has "sources disagree" rows on its page; and a breach
// at a supplier that reached several programmes has one entry for the
// supplier naming every airline of the programme entries, each of which
// lists it as related.
func TestRealContentDisputesAndSuppliers(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	s, diags, err := Load(context.Background(), os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) > 0 {
		t.Fatalf("the real content has problems:\n%s", diagText(diags))
	}
	x := index.Build(s.Config, &url.URL{Path: "/"}, s.Incidents, s.Docs)
	rows := 0
	for _, in := range x.Incidents {
		for _, a := range in.Actors {
			if a.Attribution != "claimed" && a.By == "" {
				t.Errorf("%s: actor %q is %s but the entry does not say by whom", in.Path, a.Name, a.Attribution)
			}
		}
		for _, p := range in.Points {
			high := false
			for _, src := range in.Sources {
				for _, c := range src.Claims.Points {
					if c.Key == p.Key && !src.Low() {
						high = true
					}
				}
			}
			if !high {
				t.Errorf("%s: point %q is spoken to only by low-reliability sources", in.Path, p.Key)
			}
		}
		body, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(in.Path)))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(body, []byte("## What sources disagree on")) && len(in.Disputes) == 0 {
			t.Errorf("%s: the body lists disagreements, but the page has no \"sources disagree\" row", in.Path)
		}
		rows += len(in.Disputes)
	}
	t.Logf("%d entries, %d \"sources disagree\" rows", len(x.Incidents), rows)

	for _, sup := range x.Terms[index.Suppliers] {
		var umbrella []*index.Incident
		for _, in := range sup.Incidents {
			if in.Programme == "" && len(in.Airlines) > 1 {
				umbrella = append(umbrella, in)
			}
		}
		if len(sup.Incidents) > 1 && len(umbrella) != 1 {
			t.Errorf("supplier %s: %d entries name no programme and several airlines; want one entry for the supplier's own breach", sup.Key, len(umbrella))
			continue
		}
		for _, in := range sup.Incidents {
			if in.Programme == "" || len(umbrella) == 0 {
				continue
			}
			u := umbrella[0]
			for _, a := range in.Airlines {
				if !slices.Contains(u.Airlines, a) {
					t.Errorf("%s: airline %s is missing from the supplier's entry %s", in.Path, a, u.ID)
				}
			}
			if !slices.ContainsFunc(in.Relations, func(r index.Relation) bool { return r.Incident == u }) {
				t.Errorf("%s: not related to the supplier's entry %s", in.Path, u.ID)
			}
		}
	}
}
