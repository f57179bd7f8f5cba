package render

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"breachline/generator/internal/index"
	"breachline/generator/internal/route"
)

type testFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Content struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
		Categories []struct {
			Term  string `xml:"term,attr"`
			Label string `xml:"label,attr"`
		} `xml:"category"`
	} `xml:"entry"`
}

func parseFeed(t *testing.T, b []byte) testFeed {
	t.Helper()
	var f testFeed
	if err := xml.Unmarshal(b, &f); err != nil {
		t.Fatalf("not an Atom document: %v\n%s", err, b)
	}
	return f
}

// The site's feed: every incident, newest first, with absolute ids, its
// body as escaped HTML and its airlines and vector as categories; a title
// with markup comes back as written.
func TestFeed(t *testing.T) {
	s := fixture(t, map[string]string{hostilePath: hostile})
	b := s.file(t, route.FeedOf(route.Home))
	if !strings.HasPrefix(string(b), xml.Header) {
		t.Errorf("no XML declaration:\n%.80s", b)
	}
	f := parseFeed(t, b)
	if f.ID != "https://fixture.example/" || f.Title != "Fixture" {
		t.Errorf("feed id %q, title %q", f.ID, f.Title)
	}
	if len(f.Links) != 2 || f.Links[0].Rel != "self" || f.Links[0].Href != "https://fixture.example/feed.xml" {
		t.Errorf("links %+v", f.Links)
	}
	if len(f.Entries) != len(s.x.Incidents) {
		t.Fatalf("%d entries for %d incidents", len(f.Entries), len(s.x.Incidents))
	}
	for i, e := range f.Entries {
		in := s.x.Incidents[i]
		if e.ID != "https://fixture.example/incidents/"+in.ID+"/" || e.Title != in.Title {
			t.Errorf("entry %d: id %q, title %q; want %s, %q", i, e.ID, e.Title, in.ID, in.Title)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry %d: updated %q: %v", i, e.Updated, err)
		}
		if e.Content.Type != "html" || !strings.Contains(e.Content.Body, "<p>") {
			t.Errorf("entry %d: content %+v", i, e.Content)
		}
		if n := len(e.Categories); n != len(in.Airlines)+1 || e.Categories[n-1].Term != in.Vector {
			t.Errorf("entry %d: categories %+v", i, e.Categories)
		}
	}
	h := f.Entries[0] // 2024-03-05, the newest
	if h.Title != `Miles <script>alert(1)</script> & "more" ]]>` {
		t.Errorf("the hostile title came back as %q", h.Title)
	}
	if strings.Contains(h.Content.Body, "<em>") || !strings.Contains(h.Content.Body, "&amp; an ampersand ]]&gt;") {
		t.Errorf("the hostile body: %q", h.Content.Body)
	}
	if h.Categories[0].Label != "KLM" {
		t.Errorf("category label %q, want the airline's name", h.Categories[0].Label)
	}
	// The feed's updated is its newest incident's date or disclosure.
	if f.Updated != "2024-03-05T00:00:00Z" {
		t.Errorf("feed updated %q", f.Updated)
	}
}

// A feed holds the newest FeedSize incidents; its updated still comes from
// all of them, and an empty feed has a fixed date, never the clock's.
func TestFeedSizeAndUpdated(t *testing.T) {
	s := fixture(t, nil)
	var many []*index.Incident
	for len(many) < route.FeedSize+7 {
		many = append(many, s.x.Incidents...)
	}
	newest := updated(s.x.Incidents[0])
	for _, in := range s.x.Incidents {
		newest = later(newest, updated(in))
	}
	out := feedOf(t, s, &route.Feed{Path: "x.xml", Page: "x/", Incidents: many})
	f := parseFeed(t, out)
	if len(f.Entries) != route.FeedSize {
		t.Errorf("%d entries, want %d", len(f.Entries), route.FeedSize)
	}
	if f.Updated != newest.Format(time.RFC3339) {
		t.Errorf("updated %q, want %s", f.Updated, newest.Format(time.RFC3339))
	}
	empty := parseFeed(t, feedOf(t, s, &route.Feed{Path: "x.xml", Page: "x/"}))
	if len(empty.Entries) != 0 || empty.Updated != "2000-01-01T00:00:00Z" {
		t.Errorf("empty feed: %d entries, updated %q", len(empty.Entries), empty.Updated)
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func feedOf(t *testing.T, s *site, fd *route.Feed) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := s.r.feed(fd, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
