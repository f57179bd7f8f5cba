package content

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"breachline/generator/internal/date"
	"breachline/generator/internal/diag"
	"breachline/generator/internal/schema"
)

// MaxSize is the largest entry file accepted. A real entry is a few
// kilobytes; the limit keeps a hostile file from costing memory and time.
const MaxSize = 1 << 20

// MaxRelated is the most ids an entry's related list may hold: a list
// longer than this is not a curated list of related incidents.
const MaxRelated = 100

// Dir is where entries live, relative to the site root.
const Dir = "content/incidents"

// idRE is the form of an id: a date of year, month or day precision, then
// lower-case words joined by hyphens. idDate reads it without the regular
// expression, which every entry would pay for thrice; the JSON Schema
// carries it, and TestIDForm holds the two together.
var idRE = regexp.MustCompile(`^(\d{4}(?:-\d{2}(?:-\d{2})?)?)-[a-z0-9]+(?:-[a-z0-9]+)*$`)

// idDate returns the date an id starts with, or false when id is not of
// the form idRE describes.
// YearOf is the year an id starts with: the folder of its file.
func YearOf(id string) (string, bool) {
	d, ok := idDate(id)
	if !ok {
		return "", false
	}
	return d[:4], true
}

func idDate(id string) (string, bool) {
	digits := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	}
	// The date: YYYY, YYYY-MM or YYYY-MM-DD, taking as many parts as are
	// there; the words after it need at least one character.
	n := 0
	switch {
	case len(id) > 11 && digits(id[:4]) && id[4] == '-' && digits(id[5:7]) && id[7] == '-' && digits(id[8:10]) && id[10] == '-':
		n = 10
	case len(id) > 8 && digits(id[:4]) && id[4] == '-' && digits(id[5:7]) && id[7] == '-':
		n = 7
	case len(id) > 5 && digits(id[:4]) && id[4] == '-':
		n = 4
	default:
		return "", false
	}
	words := id[n+1:]
	if words == "" || words[0] == '-' || words[len(words)-1] == '-' || strings.Contains(words, "--") {
		return "", false
	}
	for i := 0; i < len(words); i++ {
		if c := words[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return "", false
		}
	}
	return id[:n], true
}

// Parse reads one entry. p is its slash path relative to the site root, such
// as content/incidents/2019/2019-12-09-x.md. src need hold no more than
// MaxSize+1 bytes of a larger file: see ReadFile. It returns the incident (nil if
// the front matter could not be read at all) and every problem found.
func Parse(p string, src []byte) (*Incident, diag.List) {
	var diags diag.List
	at := func(line, col int) diag.Pos { return diag.Pos{File: p, Line: line, Col: col} }

	src, fm, fmLine, body, bodyLine, d := frontMatter(p, src, "an entry")
	if d != nil {
		return nil, d
	}
	root, fast, done, errs := schema.ParseTemp(p, fm, fmLine)
	defer done() // the tree is read only here; what is decoded from it stays
	if errs != nil {
		return nil, errs
	}
	inc := &Incident{Path: p, Body: body, BodyLine: bodyLine, FastYAML: fast}
	inc.ID = IDOf(p)
	if root.Kind == 0 || len(root.Content) == 0 {
		diags.Add(at(fmLine-1, 1), "empty-front-matter", "the front matter is empty; it needs at least title, date, airlines, vector, status and sources")
		return nil, diags
	}
	res := schema.Decode(p, fmLine-1, root, inc)
	diags = append(diags, res.Diags...)
	inc.Refs = res.Refs
	if len(res.Paths) > 0 {
		inc.Unread = res.Paths
	}
	diags = append(diags, rules(inc, root.Content[0], fmLine-1)...)
	for i := range inc.Translations {
		if b := &inc.Translations[i].Body; b.Src != nil {
			if !placeBody(src, b) {
				diags.Add(at(b.at.Line, b.at.Col), "translation-body", "translations.%s.body: write the body as a literal block, body: | with the Markdown on the lines below it, each indented", inc.Translations[i].Lang)
				b.Src = nil
			}
		}
	}
	return inc, diags
}

// placeBody finds where a translated body's text starts in the file: on
// the line after its "|", at that line's indentation. It reports false for
// a body not written as a literal block, whose lines would not keep their
// places.
func placeBody(src []byte, b *Body) bool {
	lines := bytes.Split(src, []byte("\n"))
	if b.at.Line < 1 || b.at.Line > len(lines) || b.at.Col < 1 {
		return false
	}
	head := lines[b.at.Line-1]
	if b.at.Col > len(head) || head[b.at.Col-1] != '|' {
		return false
	}
	for n := b.at.Line; n < len(lines); n++ {
		l := lines[n]
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		b.Line = b.at.Line + 1
		b.Col = len(l) - len(bytes.TrimLeft(l, " ")) + 1
		return true
	}
	return false
}

// frontMatter splits a file of what ("an entry", "a page") into its front
// matter and body, after the checks every such file passes: its size, its
// encoding, its fences, and the characters of its body. A non-nil list is
// the file's one problem: nothing more can be read of it.
func frontMatter(p string, src []byte, what string) (norm, fm []byte, fmLine int, body []byte, bodyLine int, diags diag.List) {
	at := diag.Pos{File: p, Line: 1, Col: 1}
	if len(src) > MaxSize {
		diags.Add(at, "file-too-large", "the file is larger than %d bytes (1 MiB), the most %s may be", MaxSize, what)
		return
	}
	norm = schema.Normalize(src)
	if !utf8.Valid(norm) || bytes.IndexByte(norm, 0) >= 0 {
		d, _ := schema.CheckText(p, norm, 1, false)
		return nil, nil, 0, nil, 0, append(diags, d)
	}
	fm, fmLine, body, bodyLine, ok := split(norm)
	if !ok {
		switch {
		case len(bytes.TrimSpace(norm)) == 0:
			diags.Add(at, "no-front-matter", "the file is empty; %s starts with a line '---', its YAML front matter, and a closing line '---'", what)
		case fmLine == 0:
			diags.Add(at, "no-front-matter", "missing front matter: %s must start with a line '---'", what)
		default:
			diags.Add(at, "no-front-matter", "the front matter is not closed: add a line '---' after the last field")
		}
		return
	}
	// The front matter's characters are checked by the YAML parser; the
	// body's here (it is UTF-8: the whole file is).
	if schema.HasControl(body) {
		d, _ := schema.CheckText(p, body, bodyLine, false)
		return nil, nil, 0, nil, 0, append(diags, d)
	}
	return norm, fm, fmLine, body, bodyLine, nil
}

// IDOf is the id of the entry at path p: its file name without .md.
func IDOf(p string) string { return strings.TrimSuffix(path.Base(p), ".md") }

// ReadFile reads the entry file p from fsys, but never more than MaxSize+1
// bytes of it: enough for Parse to refuse a file that is too large without
// a hostile file costing its whole size in memory.
func ReadFile(fsys fs.FS, p string) ([]byte, error) { return ReadFileInto(fsys, p, nil) }

// ReadFileInto is ReadFile into buf's room, when there is enough; the
// bytes read start at buf[0].
func ReadFileInto(fsys fs.FS, p string, buf []byte) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// One buffer of the size the file says it has (up to the limit), plus
	// a byte to notice a file that grew: io.ReadAll alone would grow its
	// buffer from 512 bytes, several copies an entry.
	size := int64(512)
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		size = min(st.Size(), MaxSize) + 1
	}
	b := buf[:0]
	if int64(cap(b)) < size {
		b = make([]byte, 0, size)
	}
	for {
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF || len(b) > MaxSize {
			return b[:min(len(b), MaxSize+1)], nil
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow: the file is longer than it said
		}
	}
}

// split cuts the front matter from the body. fmLine is the file line the
// front matter's first line is on (0 when the file does not start with ---),
// bodyLine the line the body starts on.
func split(src []byte) (fm []byte, fmLine int, body []byte, bodyLine int, ok bool) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if !isFence(first) {
		return nil, 0, nil, 0, false
	}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		next := len(rest) + 1
		if end >= 0 {
			next = off + end + 1
		} else {
			end = len(rest) - off
		}
		if isFence(rest[off : off+end]) {
			body := []byte{}
			if next <= len(rest) {
				body = rest[next:]
			}
			return rest[:off], 2, body, line + 1, true
		}
		off = next
		line++
	}
	return nil, 2, nil, 0, false
}

func isFence(line []byte) bool { return string(bytes.TrimRight(line, " \t")) == "---" }

// orDisclosed names the notice's date for a suggestion, or a placeholder.
func orDisclosed(inc *Incident) string {
	if inc.Disclosed.IsZero() {
		return "YYYY-MM-DD"
	}
	return inc.Disclosed.String()
}

// rules checks what one entry can be checked for on its own.
func rules(inc *Incident, root *yaml.Node, offset int) diag.List {
	var diags diag.List
	pos := func(n *yaml.Node) diag.Pos {
		if n == nil {
			return diag.Pos{File: inc.Path, Line: 1, Col: 1}
		}
		return diag.Pos{File: inc.Path, Line: n.Line + offset, Col: n.Column}
	}

	idRules(inc, root, offset, &diags)

	if n := child(root, "supplier"); n != nil && inc.Supplier != "" {
		inc.SupplierAt = Place{n.Line + offset, n.Column}
	}

	if !inc.Disclosed.IsZero() && !inc.Date.IsZero() && inc.Disclosed.Before(inc.Date.Date) {
		diags.Add(pos(child(root, "disclosed")), "date-order", "disclosed: %s is before the incident's date %s", inc.Disclosed, inc.Date)
	}
	if d := inc.Date; d.IsWindow() && !inc.Disclosed.IsZero() && inc.Disclosed.End().Before(d.End()) {
		diags.Add(pos(child(root, "date")), "date-order", "date: the window %s ends after disclosed %s; it had happened by the time it was disclosed, so end the window there at the latest (..%s)", d, inc.Disclosed, inc.Disclosed)
	}
	if data := child(root, "data"); data != nil && !inc.Data.Period.IsZero() {
		p, d := inc.Data.Period, inc.Date.Date
		at := pos(child(root, "date"))
		if n := child(data, "period"); n != nil {
			inc.Data.PeriodAt = Place{n.Line + offset, n.Column}
		}
		switch {
		case d == p:
			diags.Add(at, "date-data-period", "date: %s is the period of the data involved (data.period), not when the incident happened; write what is known of when it happened, such as ..%s (on or before the notice)", d, orDisclosed(inc))
		case (d.IsInterval() || d.IsWindow()) && !d.OpenStart() && d.From == p.From:
			diags.Add(at, "date-data-period", "date: %s starts where the period of the data involved starts (data.period %s): that is whose data were involved, not when the incident happened; write what is known of when it happened, such as ..%s (on or before the notice)", d, p, orDisclosed(inc))
		}
	}
	if tl := child(root, "timeline"); tl != nil {
		for i := 1; i < len(inc.Timeline); i++ {
			prev, cur := inc.Timeline[i-1].At, inc.Timeline[i].At
			if !prev.IsZero() && !cur.IsZero() && cur.Before(prev.Date) && i < len(tl.Content) {
				diags.Add(pos(child(tl.Content[i], "at")), "timeline-order", "timeline[%d].at: %s comes before the previous event (%s); list events in order", i, cur, prev)
			}
		}
	}
	if data := child(root, "data"); data != nil {
		exposed := map[string]bool{}
		for _, k := range inc.Data.Exposed {
			exposed[k] = true
		}
		if ne := child(data, "not_exposed"); ne != nil {
			for i, k := range inc.Data.NotExposed {
				if exposed[k] && i < len(ne.Content) {
					diags.Add(pos(ne.Content[i]), "data-contradiction", "data.not_exposed[%d]: %q is also listed as exposed; keep it in one list and record the disagreement in sources' claims", i, k)
					inc.Unread = append(inc.Unread, fmt.Sprintf("data.not_exposed[%d]", i))
				}
			}
		}
	}
	if aff := child(root, "affected"); aff != nil {
		countRules(inc.Affected, aff, "affected", pos, &diags, &inc.Unread)
	}
	if srcs := child(root, "sources"); srcs != nil {
		for i, s := range inc.Sources {
			if i >= len(srcs.Content) {
				break
			}
			if aff := child(child(srcs.Content[i], "claims"), "affected"); aff != nil {
				countRules(s.Claims.Affected, aff, fmt.Sprintf("sources[%d].claims.affected", i), pos, &diags, &inc.Unread)
			}
		}
	}
	pointRules(inc, root, pos, &diags)
	basisRules(inc, root, pos, &diags)
	noticeRules(inc, root, pos, &diags)
	actionRules(inc, root, pos, &diags)
	if len(inc.Related) > MaxRelated {
		diags.Add(pos(child(root, "related")), "too-many", "related: %d ids; list at most %d, the incidents most closely related", len(inc.Related), MaxRelated)
		inc.Related = nil // not checked one by one: thousands of diagnostics would bury this one
	}
	for i, r := range inc.Related {
		if r.ID == inc.ID {
			diags.Add(diag.Pos{File: inc.Path, Line: r.Line, Col: r.Col}, "related-self", "related[%d]: an entry cannot be related to itself", i)
		}
	}
	return diags
}

// basisRules checks how the vector and the programme's involvement are
// known: a suspicion or a report says by whom; only a programme's
// involvement can be not established, and only a named programme's.
func basisRules(inc *Incident, root *yaml.Node, pos func(*yaml.Node) diag.Pos, diags *diag.List) {
	b := child(root, "basis")
	if b == nil {
		return
	}
	for _, f := range []struct {
		name string
		fact Fact
	}{{"vector", inc.Basis.Vector}, {"programme", inc.Basis.Programme}} {
		n := child(b, f.name)
		if n == nil || f.fact == (Fact{At: f.fact.At}) {
			continue // not given, or given empty (as a scaffold leaves it)
		}
		switch {
		case f.fact.As == "not-established" && f.name == "vector":
			diags.Add(pos(child(n, "as")), "basis", "basis.vector.as: not-established is for a programme's involvement; a vector no source gives is the vector key unknown, or suspected by: whoever suspects it")
		case (f.fact.As == "suspected" || f.fact.As == "reported") && strings.TrimSpace(f.fact.By) == "":
			diags.Add(pos(child(n, "as")), "basis", "basis.%s: %s, but the entry does not say by whom; add by: with who %s it (a publisher, researchers, an authority)", f.name, f.fact.As, f.fact.As)
		case f.fact.As == "" && (f.fact.By != "" || f.fact.Note != ""):
			diags.Add(pos(n), "basis", "basis.%s: gives by or note but not as; say how it is known: as: stated, reported, suspected or not-established", f.name)
		}
		if f.name == "programme" && inc.Programme == "" && !slices.ContainsFunc(inc.Notices, func(n Notice) bool { return n.Programme != "" }) {
			diags.Add(pos(n), "basis", "basis.programme: the entry names no programme; name it under programme:, or leave basis.programme out")
		}
	}
}

// actionRules checks what authorities and courts did: an amount has an ISO
// 4217 currency and a currency an amount, a fine's amount is given, each
// item names sources the entry has (one of high reliability at least), and
// the dates are in order: no action before the incident, none before the
// one listed above it, no case decided before it was filed.
func actionRules(inc *Incident, root *yaml.Node, pos func(*yaml.Node) diag.Pos, diags *diag.List) {
	money := func(node *yaml.Node, path string, amount int64, currency string, needed bool) {
		switch {
		case currency != "" && !IsCurrency(currency):
			msg := fmt.Sprintf("%s.currency: %q is not an ISO 4217 currency code", path, currency)
			if up := strings.ToUpper(currency); IsCurrency(up) {
				msg += fmt.Sprintf("; write %s", up)
			} else {
				msg += "; use the three capital letters, such as GBP, EUR, USD, AUD, SGD, HKD"
			}
			diags.Add(pos(child(node, "currency")), "currency", "%s", msg)
		case amount != 0 && currency == "":
			diags.Add(pos(child(node, "amount")), "currency", "%s.amount: %d has no currency; add currency: with its ISO 4217 code", path, amount)
		case amount == 0 && currency != "":
			diags.Add(pos(child(node, "currency")), "currency", "%s.currency: %s, but no amount; add amount:, or leave currency out", path, currency)
		case amount < 0:
			diags.Add(pos(child(node, "amount")), "currency", "%s.amount: %d is negative", path, amount)
		case needed && amount == 0 && child(node, "amount") == nil:
			diags.Add(pos(node), "currency", "%s: a fine needs its amount and currency (amount: 500000, currency: GBP); if no source gives it, record the action as what is known, such as investigation-closed, and say so in the summary", path)
		}
	}
	sources := func(node *yaml.Node, path string, nums []int) {
		high := false
		list := child(node, "sources")
		for j, n := range nums {
			if n < 1 || n > len(inc.Sources) {
				at := pos(list)
				if list != nil && j < len(list.Content) {
					at = pos(list.Content[j])
				}
				diags.Add(at, "action-source", "%s.sources[%d]: %d is not one of the entry's sources (1 to %d, as the page numbers them)", path, j, n, len(inc.Sources))
				continue
			}
			high = high || !inc.Sources[n-1].Low()
		}
		if len(nums) > 0 && !high && !slices.ContainsFunc(nums, func(n int) bool { return n < 1 || n > len(inc.Sources) }) {
			diags.Add(pos(list), "action-source", "%s.sources: only sources of low reliability, which never decide a fact; add one of high reliability (the authority's own notice or decision, or an established outlet)", path)
		}
	}
	if ls := child(root, "letters"); ls != nil {
		for i, l := range inc.Letters {
			if i >= len(ls.Content) {
				break
			}
			node, path := ls.Content[i], fmt.Sprintf("letters[%d]", i)
			sources(node, path, l.Sources)
			if l.Subject == "" && l.Quote == "" {
				diags.Add(pos(node), "letter-words", "%s: give its subject or a quote of its words, as a source shows them: that is what a member recognises", path)
			}
			if l.Airline != "" && !slices.Contains(inc.Airlines, l.Airline) {
				diags.Add(pos(child(node, "airline")), "notice-airline", "%s.airline: %s is not one of the entry's airlines (%s)", path, l.Airline, strings.Join(inc.Airlines, ", "))
			}
		}
	}
	acts := child(root, "actions")
	var prev date.Date
	for i, a := range inc.Actions {
		if acts == nil || i >= len(acts.Content) {
			break
		}
		node, path := acts.Content[i], fmt.Sprintf("actions[%d]", i)
		fine := a.Action == "fine" || a.Action == "fine-proposed"
		if a.Amount != 0 && !fine {
			diags.Add(pos(child(node, "amount")), "currency", "%s.amount: an amount belongs to a fine or a proposed fine, not to %s", path, a.Action)
		} else {
			money(node, path, a.Amount, a.Currency, fine)
		}
		sources(node, path, a.Sources)
		if !a.Date.IsZero() && !inc.Date.IsZero() && a.Date.Before(inc.Date.Date) {
			diags.Add(pos(child(node, "date")), "date-order", "%s.date: %s is before the incident's date %s", path, a.Date, inc.Date)
		} else if !a.Date.IsZero() && !prev.IsZero() && a.Date.Before(prev) {
			diags.Add(pos(child(node, "date")), "date-order", "%s.date: %s comes before the action listed above it (%s); list actions in order", path, a.Date, prev)
		}
		if !a.Date.IsZero() {
			prev = a.Date
		}
	}
	cases := child(root, "cases")
	for i, c := range inc.Cases {
		if cases == nil || i >= len(cases.Content) {
			break
		}
		node, path := cases.Content[i], fmt.Sprintf("cases[%d]", i)
		money(node, path, c.Amount, c.Currency, false)
		sources(node, path, c.Sources)
		if !c.Decided.IsZero() && !c.Filed.IsZero() && c.Decided.Before(c.Filed) {
			diags.Add(pos(child(node, "decided")), "date-order", "%s.decided: %s is before the case was filed (%s)", path, c.Decided, c.Filed)
		}
		if !c.Filed.IsZero() && !inc.Date.IsZero() && c.Filed.Before(inc.Date.Date) {
			diags.Add(pos(child(node, "filed")), "date-order", "%s.filed: %s is before the incident's date %s", path, c.Filed, inc.Date)
		}
		if (c.Status == "pending" || c.Status == "unknown") && !c.Decided.IsZero() {
			diags.Add(pos(child(node, "decided")), "date-order", "%s.decided: the case is %s, so it has no decision date; give its status (decided, settled, dismissed, granted, withdrawn) or leave decided out", path, c.Status)
		}
	}
}

// noticeRules checks a supplier breach's notices: each is of one of the
// entry's airlines, one each; its data lists do not contradict each other;
// it was not given before the incident; and every claim about an airline
// is about one that gave a notice here.
func noticeRules(inc *Incident, root *yaml.Node, pos func(*yaml.Node) diag.Pos, diags *diag.List) {
	ns := child(root, "notices")
	seen := map[string]int{}
	for i, n := range inc.Notices {
		if ns == nil || i >= len(ns.Content) || n.Airline == "" {
			continue
		}
		node := ns.Content[i]
		path := fmt.Sprintf("notices[%d]", i)
		if first, dup := seen[n.Airline]; dup {
			diags.Add(pos(child(node, "airline")), "duplicate-item", "%s.airline: %s already gave notices[%d]; one notice per airline, with all it said", path, n.Airline, first)
			inc.Unread = append(inc.Unread, path)
			continue
		}
		seen[n.Airline] = i
		if !slices.Contains(inc.Airlines, n.Airline) {
			diags.Add(pos(child(node, "airline")), "notice-airline", "%s.airline: %s is not one of the entry's airlines (%s); add it to airlines, or correct the key", path, n.Airline, strings.Join(inc.Airlines, ", "))
			inc.Unread = append(inc.Unread, path)
		}
		if !n.Disclosed.IsZero() && !inc.Date.IsZero() && n.Disclosed.Before(inc.Date.Date) {
			diags.Add(pos(child(node, "disclosed")), "date-order", "%s.disclosed: %s is before the incident's date %s", path, n.Disclosed, inc.Date)
		}
		exposed := map[string]bool{}
		for _, k := range n.Data.Exposed {
			exposed[k] = true
		}
		if ne := child(child(node, "data"), "not_exposed"); ne != nil {
			for j, k := range n.Data.NotExposed {
				if exposed[k] && j < len(ne.Content) {
					diags.Add(pos(ne.Content[j]), "data-contradiction", "%s.data.not_exposed[%d]: %q is also listed as exposed; keep it in one list and record the disagreement in sources' claims", path, j, k)
					inc.Unread = append(inc.Unread, fmt.Sprintf("%s.data.not_exposed[%d]", path, j))
				}
			}
		}
		if aff := child(node, "affected"); aff != nil {
			countRules(n.Affected, aff, path+".affected", pos, diags, &inc.Unread)
		}
	}
	srcs := child(root, "sources")
	for i, s := range inc.Sources {
		if s.Claims.About == "" || srcs == nil || i >= len(srcs.Content) {
			continue
		}
		if _, ok := seen[s.Claims.About]; ok {
			continue
		}
		at := pos(child(child(srcs.Content[i], "claims"), "about"))
		if len(inc.Notices) == 0 {
			diags.Add(at, "claims-about", "sources[%d].claims.about: %s, but the entry has no notices; about says which airline's notice a claim is about, in a supplier breach with notices", i, s.Claims.About)
		} else {
			diags.Add(at, "claims-about", "sources[%d].claims.about: %s gave no notice in this entry; add its notice under notices, or correct the key", i, s.Claims.About)
		}
		inc.Unread = append(inc.Unread, fmt.Sprintf("sources[%d].claims", i))
	}
}

// pointRules checks the disputed points: keys are unique, every source's
// claim names a listed point at most once, and every point is a real
// disagreement (two different claims, or a claim and what the entry records).
func pointRules(inc *Incident, root *yaml.Node, pos func(*yaml.Node) diag.Pos, diags *diag.List) {
	pts := child(root, "points")
	declared := map[string]int{}
	var keys []string
	for i, p := range inc.Points {
		if !schema.IsSlug(p.Key) || pts == nil || i >= len(pts.Content) {
			continue // the decoder reported a missing or malformed key
		}
		if first, dup := declared[p.Key]; dup {
			diags.Add(pos(child(pts.Content[i], "key")), "duplicate-item", "points[%d].key: %q is already the key of points[%d]", i, p.Key, first)
			inc.Unread = append(inc.Unread, fmt.Sprintf("points[%d]", i))
			continue
		}
		declared[p.Key] = i
		keys = append(keys, p.Key)
	}
	says := map[string]map[string]bool{} // point → distinct claims
	srcs := child(root, "sources")
	for i, s := range inc.Sources {
		if srcs == nil || i >= len(srcs.Content) {
			break
		}
		list := child(child(srcs.Content[i], "claims"), "points")
		seen := map[string]bool{}
		for j, c := range s.Claims.Points {
			if list == nil || j >= len(list.Content) || c.Key == "" {
				continue
			}
			path := fmt.Sprintf("sources[%d].claims.points[%d].key", i, j)
			switch _, ok := declared[c.Key]; {
			case !ok:
				msg := fmt.Sprintf("%s: %q is not one of the entry's points", path, c.Key)
				if h := diag.DidYouMean(c.Key, keys); h != "" {
					msg += h
				} else {
					msg += "; list it under points first (key and point)"
				}
				diags.Add(pos(child(list.Content[j], "key")), "unknown-point", "%s", msg)
				inc.Unread = append(inc.Unread, path)
			case seen[c.Key]:
				diags.Add(pos(child(list.Content[j], "key")), "duplicate-item", "%s: this source already has a claim on %q; give one claim per point", path, c.Key)
				inc.Unread = append(inc.Unread, path)
			default:
				seen[c.Key] = true
				if says[c.Key] == nil {
					says[c.Key] = map[string]bool{}
				}
				says[c.Key][c.Says] = true
			}
		}
	}
	for _, k := range keys {
		i := declared[k]
		p := inc.Points[i]
		switch n := len(says[k]); {
		case n == 0:
			diags.Add(pos(pts.Content[i]), "point-unclaimed", "points[%d]: no source makes a claim on %q; add what each source says under its claims.points", i, k)
		case n == 1 && p.Records == "":
			diags.Add(pos(pts.Content[i]), "point-agreed", "points[%d]: every source that speaks to %q says the same, so it is not a disagreement; record it as a statement, or give the entry's own view in records", i, k)
		}
	}
}

// countRules checks a list of counts; each one it finds fault with is
// added to unread.
func countRules(counts []Count, list *yaml.Node, path string, pos func(*yaml.Node) diag.Pos, diags *diag.List, unread *[]string) {
	units := map[string]bool{}
	for i, c := range counts {
		if i >= len(list.Content) {
			break
		}
		n := list.Content[i]
		if cn := child(n, "count"); c.Count <= 0 && cn != nil && cn.Tag == "!!int" {
			diags.Add(pos(cn), "invalid-value", "%s[%d].count: %d is not a positive number", path, i, c.Count)
			*unread = append(*unread, fmt.Sprintf("%s[%d]", path, i))
		}
		key := c.Unit + "/" + c.Qualifier
		if units[key] && c.Unit != "" {
			diags.Add(pos(n), "duplicate-item", "%s[%d]: a second count in %s%s; give one figure per unit, and other sources' figures in their claims", path, i, c.Unit, qualified(c.Qualifier))
			*unread = append(*unread, fmt.Sprintf("%s[%d]", path, i))
		}
		units[key] = true
	}
}

func qualified(q string) string {
	if q == "" {
		return ""
	}
	return " (" + q + ")"
}

// CheckName checks that the entry file at p is named by a valid id: a date
// (YYYY, YYYY-MM or YYYY-MM-DD) and lower-case words joined by hyphens.
// Nothing else is said of a file until its name passes: the name is in
// every message about it, and anyone may have chosen it.
func CheckName(p string) (diag.Diagnostic, bool) {
	at := diag.Pos{File: p, Line: 1, Col: 1}
	prefix, ok := idDate(IDOf(p))
	if !ok || !strings.HasSuffix(p, ".md") {
		return diag.Diagnostic{Pos: at, Rule: "invalid-id", Msg: fmt.Sprintf("file name %q is not a valid id: want a date (YYYY, YYYY-MM or YYYY-MM-DD), then lower-case words joined by hyphens, such as 2019-12-09-miles-and-more-session-mixup.md", path.Base(p))}, false
	}
	if _, err := date.Parse(prefix); err != nil {
		return diag.Diagnostic{Pos: at, Rule: "invalid-id", Msg: fmt.Sprintf("file name %q starts with an invalid date: %v", path.Base(p), err)}, false
	}
	return diag.Diagnostic{}, true
}

// idRules checks the id (the file name) and where the file stands.
func idRules(inc *Incident, root *yaml.Node, offset int, diags *diag.List) {
	file := diag.Pos{File: inc.Path, Line: 1, Col: 1}
	if d, ok := CheckName(inc.Path); !ok {
		*diags = append(*diags, d)
		return
	}
	written, _ := idDate(inc.ID)
	prefix, _ := date.Parse(written)
	if dir := path.Base(path.Dir(inc.Path)); dir != written[:4] {
		diags.Add(file, "misplaced-file", "the entry belongs in %s/%s/, the year its id starts with", Dir, written[:4])
	}
	overlaps := func(d date.Date) bool { return !d.IsZero() && !prefix.Before(d) && !d.Before(prefix) }
	// A published entry keeps its id when its date is corrected: the
	// correction records what the date was, and the id may start within
	// that.
	corrected := slices.ContainsFunc(inc.Corrections, func(c Correction) bool {
		if c.Field != "date" && c.Field != "disclosed" {
			return false
		}
		was, err := date.ParseWhen(c.Was)
		return err == nil && overlaps(was)
	})
	if !inc.Date.IsZero() && !overlaps(inc.Date.Date) && !overlaps(inc.Disclosed) && !corrected {
		msg := fmt.Sprintf("the id starts with %s, which is neither within date %s", prefix, inc.Date)
		if !inc.Disclosed.IsZero() {
			msg += fmt.Sprintf(" nor within disclosed %s", inc.Disclosed)
		}
		n := child(root, "date")
		diags.Add(diag.Pos{File: inc.Path, Line: n.Line + offset, Col: n.Column}, "id-date", "%s; a new entry: rename the file; a published one keeps its id (its URL): record the correction, corrections: - {date: YYYY-MM-DD, field: date, was: \"%s\", summary: …}", msg, written)
	}
	for i, a := range inc.Aliases {
		at := diag.Pos{File: inc.Path, Line: a.Line, Col: a.Col}
		if _, ok := idDate(a.ID); !ok {
			diags.Add(at, "invalid-id", "aliases[%d]: %q is not an id: want a date, then lower-case words joined by hyphens", i, a.ID)
		} else if a.ID == inc.ID {
			diags.Add(at, "alias-self", "aliases[%d]: %s is this entry's own id; an alias is an id it had before", i, a.ID)
		}
	}
	for i := 1; i < len(inc.Corrections); i++ {
		if c := inc.Corrections[i]; c.Date.Before(inc.Corrections[i-1].Date) {
			diags.Add(diag.Pos{File: inc.Path, Line: c.At.Line, Col: c.At.Col}, "date-order", "corrections[%d]: %s is before the correction above it (%s); list them oldest first", i, c.Date, inc.Corrections[i-1].Date)
		}
	}
	if w := inc.Withdrawn; w != nil && w.Of.ID == inc.ID && w.Of.ID != "" {
		diags.Add(diag.Pos{File: inc.Path, Line: w.Of.Line, Col: w.Of.Col}, "related-self", "withdrawn.duplicate_of: an entry cannot duplicate itself")
	}
}

// child returns the value node of a mapping's field, or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
