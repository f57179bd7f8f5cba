package render

// The Atom feeds: the whole timeline's and each term's, their newest
// incidents with their bodies.

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"breachline/generator/internal/blob"
	"breachline/generator/internal/i18n"
	"breachline/generator/internal/index"
	"breachline/generator/internal/route"
)

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Published  string         `xml:"published,omitempty"`
	Updated    string         `xml:"updated"`
	Link       atomLink       `xml:"link"`
	Summary    string         `xml:"summary,omitempty"`
	Content    atomContent    `xml:"content"`
	Categories []atomCategory `xml:"category"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	// Escaped is the content escaped already, as encoding/xml escapes
	// character data (appendXMLText): it is written as it is. Set it only
	// through textContent, or from appendXMLText's bytes.
	Escaped string `xml:",innerxml"`
}

// textContent is a content element of typ holding text, escaped.
func textContent(typ, text string) atomContent {
	return atomContent{Type: typ, Escaped: string(appendXMLText(nil, text))}
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// updated is the newest date an incident carries, as an Atom timestamp.
// It comes from the content, never from the clock, so builds repeat.
// updated is when an entry last changed: the day of its last commit, or
// without history the latest of its date and its disclosure.
func updated(in *index.Incident) time.Time {
	if !in.Changed.IsZero() {
		return in.Changed.Start()
	}
	t := in.Date.Filed().Start()
	if !in.Disclosed.IsZero() && in.Disclosed.Start().After(t) {
		t = in.Disclosed.Start()
	}
	return t
}

// published is when an entry was first published, for a feed: "" for an
// entry without history.
func published(in *index.Incident) string {
	if in.Published.IsZero() {
		return ""
	}
	return in.Published.Start().Format(time.RFC3339)
}

func (r *Renderer) feed(fd *route.Feed, b *bytes.Buffer) error {
	if fd.Page == route.Corrections {
		return r.correctionsFeed(fd, b)
	}
	f := atomFeed{
		ID:    r.AbsURL(fd.Page),
		Title: r.feedTitle(fd),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: r.AbsURL(fd.Path)},
			{Rel: "alternate", Type: "text/html", Href: r.AbsURL(fd.Page)},
		},
		Author: atomAuthor{Name: r.x.Config.Title + " contributors"},
	}
	var newest time.Time
	for _, in := range fd.Incidents {
		if u := updated(in); u.After(newest) {
			newest = u
		}
	}
	// The entries most recently added: an old breach recorded today comes
	// first. Their bodies are escaped into one buffer, which the entries'
	// Body strings share once it is full (it is not written again until
	// the feed is encoded).
	text := feedText.Get().(*[]byte)
	defer feedText.Put(text)
	*text = (*text)[:0]
	var ends []int
	raw := markdownBuffers.Get().(*bytes.Buffer)
	defer markdownBuffers.Put(raw)
	for _, in := range index.ByAdded(fd.Incidents, route.FeedSize) {
		raw.Reset()
		body, err := r.feedBody(in, raw)
		if err != nil {
			return err
		}
		summary, err := r.summary(in)
		if err != nil {
			return err
		}
		e := atomEntry{
			ID:        r.AbsURL(route.Incident(in.ID)),
			Title:     r.incidentTitle(in),
			Updated:   updated(in).Format(time.RFC3339),
			Published: published(in),
			Link:      atomLink{Rel: "alternate", Type: "text/html", Href: r.AbsURL(route.Incident(in.ID))},
			Summary:   summary,
			Content:   atomContent{Type: "html"},
		}
		*text = appendXMLText(*text, body)
		ends = append(ends, len(*text))
		for _, a := range in.Airlines {
			e.Categories = append(e.Categories, atomCategory{Term: a, Label: r.termName(index.Airlines, a)})
		}
		e.Categories = append(e.Categories, atomCategory{Term: in.Vector, Label: r.termName(index.Vectors, in.Vector)})
		f.Entries = append(f.Entries, e)
	}
	start := 0
	for i, end := range ends {
		if end > start {
			f.Entries[i].Content.Escaped = unsafe.String(&(*text)[start], end-start)
		}
		start = end
	}
	if newest.IsZero() {
		newest = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f.Updated = newest.Format(time.RFC3339)
	return encodeXML(b, f)
}

// feedText holds the escaped bodies of a feed while it is encoded.
var feedText = sync.Pool{New: func() any { return new([]byte) }}

// encodeXML writes an XML document: the declaration, v indented, a newline.
func encodeXML(b *bytes.Buffer, v any) error {
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.WriteByte('\n')
	return nil
}

// feedTitle is a feed's title in the renderer's language: the site's, or
// its term's name and the site's.
func (r *Renderer) feedTitle(fd *route.Feed) string {
	if fd.Term == nil {
		return r.x.Config.Title
	}
	return r.termName(fd.Term.Kind, fd.Term.Key) + " — " + r.x.Config.Title
}

// feedBody is an incident's body for a feed in the renderer's language:
// its translation's, where it has one, else the body itself. A body stored
// while loading is read into raw, and the string returned is raw's bytes:
// good until raw changes (a feed's bodies are megabytes, read once each).
func (r *Renderer) feedBody(in *index.Incident, raw *bytes.Buffer) (string, error) {
	ref := in.HTML
	if t := r.translation(in); t != nil && t.HTML != (blob.Ref{}) {
		ref = t.HTML // rendered while loading, by the markdown renderer
	} else if in.Doc == nil || in.Doc.Root != nil {
		h, err := r.body(in)
		return string(h), err
	}
	if err := r.blobs.AppendTo(raw, ref); err != nil {
		return "", err
	}
	return unsafe.String(unsafe.SliceData(raw.Bytes()), raw.Len()), nil
}

// correctionsFeed is the feed of corrections and withdrawals: one entry
// each, newest first, at most FeedSize.
func (r *Renderer) correctionsFeed(fd *route.Feed, b *bytes.Buffer) error {
	f := atomFeed{
		ID:    r.AbsURL(fd.Page),
		Title: r.table.T("title-corrections") + " — " + r.x.Config.Title,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: r.AbsURL(fd.Path)},
			{Rel: "alternate", Type: "text/html", Href: r.AbsURL(fd.Page)},
		},
		Author:  atomAuthor{Name: r.x.Config.Title + " contributors"},
		Updated: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Format(time.RFC3339),
	}
	for i, c := range fd.Corrections {
		if i >= route.FeedSize {
			break
		}
		when := c.Date.Start().Format(time.RFC3339)
		if i == 0 {
			f.Updated = when
		}
		title, text := r.incidentTitle(c.Incident), ""
		if c.Withdrawal != nil {
			title = i18n.Fill(r.table.T("corrections-withdrawn"), "title", title)
			text = c.Withdrawal.Reason
		} else {
			title = i18n.Fill(r.table.T("corrections-corrected"), "title", title)
			text = c.Correction.Summary
		}
		page := r.AbsURL(route.Incident(c.Incident.ID))
		f.Entries = append(f.Entries, atomEntry{
			ID:      page + "#correction-" + c.Date.String() + "-" + strconv.Itoa(i),
			Title:   title,
			Updated: when,
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: page},
			Summary: text,
			Content: textContent("text", text),
		})
	}
	return encodeXML(b, f)
}
