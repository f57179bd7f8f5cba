package site

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"breachline/generator/internal/content"
	"breachline/generator/internal/index"
)

// TestRealContentDisputesAndSuppliers checks, on the repository's own
// entries, what is a matter of their content rather than of the format
// (check holds every entry to the format's rules, the sourcing rules among
// them: see TestRealContent): an entry whose body lists what sources
// disagree on has "sources disagree" rows on its page, and every
// disagreement shared/DOMAIN.md records is such a row.
//
// domainDisagreements lists, per entry, the disagreements that
// shared/DOMAIN.md records (its "disagreements" blocks and ⚠ notes).
var domainDisagreements = map[string][]string{
	// §2.1: miles exposed vs none taken, travel information, cause, origin
	"2023-01-flying-blue-account-compromise": {"miles", "travel-information", "cause", "origin"},
	// §2.2: recent transactions, travel data, Trescudo's miles and addresses, count, disclosure date
	"2025-08-06-air-france-klm-customer-service-platform": {"transactions", "booking", "miles-balance", "address", "how-many", "disclosed", "when"},
	// §2.3: start time, count unit, the 60,000 miles, the GDPR deadline, heise on the app
	"2019-12-09-miles-and-more-session-mixup": {"start-time", "affected", "lost-miles", "deadline", "other-systems"},
	// §3.1: detection and confirmation dates
	"2025-06-30-qantas-contact-centre-platform": {"detected", "confirmed"},
	// §3.4: Air India's data window and first notice
	"2021-03-04-sita-passenger-service-system": {"window-end", "first-notice"},
	// §3.5: Enrich's period and its link to SITA
	"2021-03-01-malaysia-airlines-enrich": {"period", "sita"},
	// §3.6: 23 million records vs 7.3 million accounts
	"2025-10-14-vietnam-airlines-customer-care-platform": {"how-many"},
}

func TestRealContentDisputesAndSuppliers(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	s, diags, err := Load(context.Background(), os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) > 0 {
		t.Fatalf("the real content has problems:\n%s", diagText(diags))
	}
	x := index.Build(s.Config, s.Incidents, s.Docs)
	rows := 0
	for _, in := range x.Incidents {
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

	// Every disagreement shared/DOMAIN.md records for these incidents is a
	// row: a data field's key, "affected" for counts, or a point's key.
	for id, want := range domainDisagreements {
		in := x.ByID[id]
		if in == nil {
			t.Errorf("no entry %s", id)
			continue
		}
		have := map[string]bool{}
		for _, d := range in.Disputes {
			switch d.Topic {
			case "data":
				have[d.Field] = true
			case "affected":
				have["affected"] = true
			case "point":
				for _, p := range in.Points {
					if p.Point == d.Field {
						have[p.Key] = true
					}
				}
			}
		}
		for _, w := range want {
			if !have[w] {
				t.Errorf("%s: DOMAIN.md records a disagreement on %q, but the page has no such row", id, w)
			}
		}
	}
}

// TestRealContentDecisions: every regulatory action and court case in the
// repository's entries (and the fixture site's) has sources the entry has,
// one of high reliability at least, a known authority (a court for a
// case), and an amount only with an ISO 4217 currency (a fine always with
// both). check holds every entry to this; the test says it of what is
// published.
func TestRealContentDecisions(t *testing.T) {
	actions, cases := 0, 0
	for _, root := range []string{filepath.Join("..", "..", ".."), "testdata/valid"} {
		s, diags, err := Load(context.Background(), os.DirFS(root))
		if err != nil || len(diags) > 0 {
			t.Fatalf("%s: %v\n%s", root, err, diagText(diags))
		}
		cfg := s.Config
		backed := func(id string, what string, srcs []int, sources []content.Source) {
			high := false
			for _, n := range srcs {
				if n < 1 || n > len(sources) {
					t.Errorf("%s: %s names source %d of %d", id, what, n, len(sources))
					continue
				}
				high = high || !sources[n-1].Low()
			}
			if !high {
				t.Errorf("%s: %s has no source of high reliability", id, what)
			}
		}
		money := func(id, what string, amount int64, currency string) {
			if (amount != 0) != (currency != "") || (currency != "" && !content.IsCurrency(currency)) || amount < 0 {
				t.Errorf("%s: %s: amount %d, currency %q", id, what, amount, currency)
			}
		}
		for _, in := range s.Incidents {
			for i, a := range in.Actions {
				what := fmt.Sprintf("actions[%d] (%s %s)", i, a.Authority, a.Action)
				actions++
				if cfg.Authority(a.Authority) == nil {
					t.Errorf("%s: %s: unknown authority", in.ID, what)
				}
				backed(in.ID, what, a.Sources, in.Sources)
				money(in.ID, what, a.Amount, a.Currency)
				if a.Action == "fine" && a.Amount == 0 {
					t.Errorf("%s: %s: a fine without its amount", in.ID, what)
				}
				if a.Summary == "" || a.Date.IsZero() {
					t.Errorf("%s: %s: no summary or date", in.ID, what)
				}
			}
			for i, c := range in.Cases {
				what := fmt.Sprintf("cases[%d] (%s)", i, c.Court)
				cases++
				if a := cfg.Authority(c.Court); a == nil || a.Kind != "court" {
					t.Errorf("%s: %s: not a known court", in.ID, what)
				}
				backed(in.ID, what, c.Sources, in.Sources)
				money(in.ID, what, c.Amount, c.Currency)
			}
		}
	}
	if actions == 0 || cases == 0 {
		t.Errorf("%d actions and %d cases: the test checks nothing", actions, cases)
	}
	t.Logf("%d actions, %d cases", actions, cases)
}

// TestRealContentTranslated: every entry of the repository has its title
// and summary in each other language of the site (config.yaml also), as
// check --untranslated would list them; the vocabularies' texts are check's
// to hold (untranslated).
func TestRealContentTranslated(t *testing.T) {
	s, diags, err := Load(context.Background(), os.DirFS(filepath.Join("..", "..", "..")))
	if err != nil || len(diags) > 0 {
		t.Fatalf("%v\n%s", err, diagText(diags))
	}
	if len(s.Config.Also) == 0 {
		t.Fatal("config.yaml publishes the site in no other language")
	}
	for _, in := range s.Incidents {
		for _, lang := range s.Config.Also {
			i := slices.IndexFunc(in.Translations, func(tr content.Translation) bool { return tr.Lang == lang })
			if i < 0 || strings.TrimSpace(in.Translations[i].Title) == "" || strings.TrimSpace(in.Translations[i].Summary) == "" {
				t.Errorf("%s: no %s title and summary", in.Path, lang)
			}
		}
	}
}
