package render

// The search index of a language's tree, made to be read a part at a time:
// search/index.json has the facets (each airline's, programme's, vector's,
// data field's, source language's, year's and status's incidents), and
// where the rest is; search/docs/<n>.json the titles, links and dates of
// 250 incidents each, in timeline order; search/words/<c>.json every word
// starting with c of the incidents' titles, summaries, bodies, airlines,
// programmes, suppliers, vectors and actors, each with its incidents. A
// query reads the index, the shards of its words and the chunks of the
// incidents it shows.
//
// A set of incidents (by their place in the timeline) is written either
// as "d" and the gaps between them in base 36, dot-separated ("d0.3.1a"),
// or, where that would be longer, as "b" and a bitset in base64 (bit i of
// byte i/8 for incident i).

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"breachline/generator/internal/i18n"
	"breachline/generator/internal/index"
	"breachline/generator/internal/route"
)

// SearchChunk is how many incidents one file of search/docs/ holds.
const SearchChunk = route.SearchChunk

// SearchMeta is search/index.json.
type SearchMeta struct {
	Version string                       `json:"schema_version"`
	Count   int                          `json:"count"`
	Chunk   int                          `json:"chunk"`
	Docs    string                       `json:"docs"`  // the URL of search/docs/, to which "<n>.json" is added
	Words   string                       `json:"words"` // the URL of search/words/, to which "<c>.json" is added
	Shards  []string                     `json:"shards"`
	Facets  map[string]map[string]string `json:"facets"` // facet → value → set of incidents
}

// SearchDoc is one incident in search/docs/<n>.json: its id, title, link
// and date, in the page's language.
type SearchDoc struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
	Human string `json:"human"`
}

// searchIndex is the words and facets of one language's search, made once.
type searchIndex struct {
	once    sync.Once
	words   map[string][]int32 // word → incidents (their places), ascending
	shards  map[string][]string
	written atomic.Int32 // Render: the shards written so far
	gone    bool         // Render has let the words go: every shard is written
}

// bodyWords is the words of every incident's body, and of what is named
// alike in every language (airlines, programmes, suppliers, actors), made
// once for all the languages; in a site of one language, its own words
// too (see oneLanguage).
type bodyWords struct {
	once    sync.Once
	words   map[string][]int32
	err     error
	indexed atomic.Int32 // Render: the languages whose own index is made from words
	gone    bool         // Render has let the words go: every language's index is made
}

func decodeRune[T string | []byte](t T) (rune, int) {
	switch v := any(t).(type) {
	case string:
		return utf8.DecodeRuneInString(v)
	case []byte:
		return utf8.DecodeRune(v)
	}
	return utf8.RuneError, 1
}

// shared is the own language's renderer's words, which every language uses.
func (r *Renderer) shared() *bodyWords {
	own := r.langs[r.own]
	if own == nil {
		own = r
	}
	return own.bodyWords()
}

// bodyWords is the words every language shares, made once, on every core.
func (r *Renderer) bodyWords() *bodyWords {
	r.words.once.Do(func() {
		// On every core, a run of incidents each; the runs' lists, each
		// ascending and each after the one before, are then joined.
		ins := r.x.Incidents
		parts := max(1, min(runtime.GOMAXPROCS(0), len(ins)/64))
		maps := make([]map[string][]int32, parts)
		errs := make([]error, parts)
		var wg sync.WaitGroup
		for p := range parts {
			from, to := p*len(ins)/parts, (p+1)*len(ins)/parts
			wg.Go(func() { maps[p], errs[p] = r.wordsOf(from, to) })
		}
		wg.Wait()
		if r.words.err = errors.Join(errs...); r.words.err != nil {
			return
		}
		m := maps[0]
		for _, o := range maps[1:] {
			for w, l := range o {
				m[w] = append(m[w], l...)
			}
		}
		r.words.words = m
	})
	return &r.words
}

// wordsOf is the words of incidents from to to (by place).
func (r *Renderer) wordsOf(from, to int) (map[string][]int32, error) {
	m := newPostings()
	c := r.x.Config
	var buf bytes.Buffer
	var set wordSet
	for i := from; i < to; i++ {
		in, pos := r.x.Incidents[i], int32(i)
		buf.Reset()
		if in.Body != nil {
			buf.Write(in.Body)
		} else if in.Markdown.Len() > 0 {
			if err := r.blobs.AppendTo(&buf, in.Markdown); err != nil {
				return nil, err
			}
		}
		addText(&set, buf.Bytes(), true)
		for _, a := range in.Airlines {
			if v := c.Airline(a); v != nil {
				addText(&set, v.Name, false)
			}
		}
		for _, p := range in.Programmes() {
			addText(&set, r.termName(index.Programmes, p), false)
		}
		if in.Supplier != "" {
			addText(&set, r.termName(index.Suppliers, in.Supplier), false)
		}
		for _, a := range in.Actors {
			addText(&set, a.Name, false)
		}
		if r.oneLanguage() {
			r.ownWords(&set, in)
		}
		set.into(m, pos)
	}
	return m.words(), nil
}

// oneLanguage says whether the site is published in its own language
// alone: its word index is then the shared words with the language's own
// added as they are read, rather than two indexes joined word by word
// (at 50,000 heavy entries ~70 MB of lists made and dropped).
func (r *Renderer) oneLanguage() bool { return len(r.order) <= 1 }

// ownWords adds an incident's words in the renderer's language: its title,
// its summary and its vector's name.
func (r *Renderer) ownWords(set *wordSet, in *index.Incident) {
	addText(set, r.incidentTitle(in), false)
	if s, err := r.summary(in); err == nil {
		addText(set, s, false)
	}
	addText(set, r.termName(index.Vectors, in.Vector), false)
}

// search is the language's word index: the shared words and the
// language's own (titles, summaries, vector names).
func (r *Renderer) search() (*searchIndex, error) {
	bw := r.shared()
	if bw.err != nil {
		return nil, bw.err
	}
	if r.sidx.gone {
		return nil, errSearchGone
	}
	r.sidx.once.Do(func() {
		if bw.gone {
			return
		}
		words := bw.words // with the language's own words already, for one language
		if !r.oneLanguage() {
			ownP := newPostings()
			var set wordSet
			for i, in := range r.x.Incidents {
				r.ownWords(&set, in)
				set.into(ownP, int32(i))
			}
			own := ownP.words()
			words = make(map[string][]int32, len(bw.words)+len(own))
			for w, l := range bw.words {
				words[w] = l
			}
			for w, l := range own {
				if b, ok := words[w]; ok {
					words[w] = union(b, l)
				} else {
					words[w] = l
				}
			}
		}
		r.sidx.words = words
		r.sidx.shards = map[string][]string{}
		for w := range words {
			k := route.SearchShard(w)
			r.sidx.shards[k] = append(r.sidx.shards[k], w)
		}
		for _, ws := range r.sidx.shards {
			slices.Sort(ws)
		}
	})
	if r.sidx.words == nil && len(r.x.Incidents) > 0 {
		return nil, errSearchGone
	}
	return &r.sidx, nil
}

// errSearchGone: a word index asked for after Render let it go, which
// Render, writing each file once, never does.
var errSearchGone = errors.New("the search words were let go once written")

// searchWritten tells the renderer that Render wrote one of its
// language's word shards. A build writes every file once, and the word
// index — tens of megabytes for a large site — need not stay for the
// pages that follow: once every shard of a language is written its index
// goes, and once every language's index is made the shared words go. The
// preview renders files on demand and never calls this.
func (r *Renderer) searchWritten() {
	if int(r.sidx.written.Add(1)) != len(route.SearchShards) {
		return
	}
	r.sidx.words, r.sidx.shards, r.sidx.gone = nil, nil, true
	own := r.langs[r.own]
	if own == nil {
		own = r
	}
	if int(own.words.indexed.Add(1)) == max(1, len(own.order)) {
		own.words.words, own.words.gone = nil, true
	}
}

func union(a, b []int32) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j >= len(b) || (i < len(a) && a[i] < b[j]):
			out = append(out, a[i])
			i++
		case i >= len(a) || b[j] < a[i]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	return out
}

// encodeSet writes a set of places among n: the shorter of its gaps in
// base 36 and its bitset in base64.
func encodeSet(set []int32, n int) string {
	bits := (n + 7) / 8
	limit := base64.RawStdEncoding.EncodedLen(bits) + 1 // the bitset's length
	// The gaps take at least two bytes each (a digit and a dot): a set
	// that long is a bitset, without writing its gaps first.
	if 2*len(set) <= limit {
		var d strings.Builder
		d.Grow(min(3*len(set)+1, limit+8))
		d.WriteByte('d')
		prev := int32(0)
		var digits [16]byte
		for i, p := range set {
			if i > 0 {
				d.WriteByte('.')
			}
			d.Write(strconv.AppendInt(digits[:0], int64(p-prev), 36))
			prev = p
			if d.Len() > limit {
				break
			}
		}
		if d.Len() <= limit {
			return d.String()
		}
	}
	bs := make([]byte, bits)
	for _, p := range set {
		bs[p/8] |= 1 << (p % 8)
	}
	return "b" + base64.RawStdEncoding.EncodeToString(bs)
}

func (r *Renderer) searchMeta(b *bytes.Buffer) error {
	x := r.x
	n := len(x.Incidents)
	pos := make(map[*index.Incident]int32, n)
	for i, in := range x.Incidents {
		pos[in] = int32(i)
	}
	set := func(ins []*index.Incident) string {
		s := make([]int32, 0, len(ins))
		for _, in := range ins {
			if p, ok := pos[in]; ok {
				s = append(s, p)
			}
		}
		slices.Sort(s)
		return encodeSet(s, n)
	}
	facets := map[string]map[string]string{}
	for facet, kind := range map[string]string{"airline": index.Airlines, "programme": index.Programmes, "vector": index.Vectors, "data": index.Data, "language": index.Languages, "year": index.Years} {
		m := map[string]string{}
		for _, t := range x.Terms[kind] {
			if len(t.Incidents) > 0 {
				m[t.Key] = set(t.Incidents) // an airline's include its programme's
			}
		}
		facets[facet] = m
	}
	status := map[string][]*index.Incident{}
	for _, in := range x.Incidents {
		status[in.Status] = append(status[in.Status], in)
	}
	facets["status"] = map[string]string{}
	for s, ins := range status {
		facets["status"][s] = set(ins)
	}
	return marshal(b, SearchMeta{Version: APIVersion, Count: n, Chunk: SearchChunk,
		Docs: r.URL(route.SearchDocs), Words: r.URL(route.SearchWords), Shards: route.SearchShards, Facets: facets})
}

func (r *Renderer) searchDocs(chunk int, b *bytes.Buffer) error {
	ins := r.x.Incidents
	from, to := min(chunk*SearchChunk, len(ins)), min((chunk+1)*SearchChunk, len(ins))
	docs := make([]SearchDoc, 0, to-from)
	for _, in := range ins[from:to] {
		docs = append(docs, SearchDoc{ID: in.ID, Title: r.incidentTitle(in), URL: r.URL(route.Incident(in.ID)), Human: i18n.Date(r.lang, in.Date.Date)})
	}
	return marshal(b, docs)
}

func (r *Renderer) searchWords(shard string, b *bytes.Buffer) error {
	si, err := r.search()
	if err != nil {
		return err
	}
	n := len(r.x.Incidents)
	b.WriteByte('{')
	for i, w := range si.shards[shard] {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(w)
		b.Write(k)
		b.WriteByte(':')
		b.WriteByte('"')
		b.WriteString(encodeSet(si.words[w], n)) // base 36, dots and base64 need no escaping
		b.WriteByte('"')
	}
	b.WriteString("}\n")
	return nil
}
