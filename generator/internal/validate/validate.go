// Package validate checks entries against the config and against each other:
// vocabulary keys, links in bodies, the sourcing rules (what an entry
// records rests on a source of high reliability; see sourcing.go), related
// ids, duplicate ids, and the entries of a supplier's breach. Every rule
// adds diagnostics and goes on, so one run reports every problem.
//
// It imports config, content, diag, markdown and schema, and nothing that
// touches files or HTML output.
package validate

import (
	"fmt"
	"slices"
	"strings"

	"breachline/generator/internal/config"
	"breachline/generator/internal/content"
	"breachline/generator/internal/diag"
	"breachline/generator/internal/markdown"
	"breachline/generator/internal/schema"
)

// LinkScheme is the scheme of links from one entry to another in bodies.
const LinkScheme = "incident:"

// Entry checks one entry's vocabulary keys, its sourcing and the links in
// its body. It needs no other entry, so entries can be checked in parallel.
func Entry(cfg *config.Config, inc *content.Incident, doc *markdown.Doc) diag.List {
	var diags diag.List
	var unknown map[string]bool // paths of the keys that are not in their vocabulary
	for _, r := range inc.Refs {
		if cfg.Unread(r.Kind) {
			continue // config.yaml's own diagnostic says why
		}
		if d, ok := cfg.Resolve(r); !ok {
			diags = append(diags, d)
			if unknown == nil {
				unknown = map[string]bool{}
			}
			unknown[r.Path] = true
			continue
		}
		if r.Kind == "authorities" && strings.HasPrefix(r.Path, "cases[") {
			if a := cfg.Authority(r.Value); a != nil && a.Kind != "court" {
				diags.Add(r.Pos, "case-court", "%s: %s is a %s, not a court; a case is heard by a court (an authority of kind court), and what a %s did is one of actions", r.Path, r.Value, a.Kind, a.Kind)
			}
		}
	}
	for _, t := range inc.Translations {
		if t.Lang == cfg.Language || !slices.Contains(cfg.Also, t.Lang) {
			at := diag.Pos{File: inc.Path, Line: t.At.Line, Col: t.At.Col}
			if len(cfg.Also) == 0 {
				diags.Add(at, "translation-language", "translations.%s: the site is published in %s only (config.yaml has no also:); add %s to also, or leave this translation out", t.Lang, cfg.Language, t.Lang)
			} else {
				diags.Add(at, "translation-language", "translations.%s: %s is not one of the site's other languages (config.yaml also: %s)", t.Lang, t.Lang, strings.Join(cfg.Also, ", "))
			}
		}
	}
	sourcing(cfg, inc, unknown, &diags)
	if doc == nil {
		return diags
	}
	return append(diags, Body(inc.Path, inc.BodyLine, 1, doc)...)
}

// Body checks a parsed body whose first line starts at line, column col of
// the file at path: its bounds, raw HTML, heading levels, images and link
// schemes. An entry's own body starts at column 1; a translated one at its
// literal block's indentation.
func Body(path string, line, col int, doc *markdown.Doc) diag.List {
	return body(path, line, col, doc, false)
}

// PageBody is Body for a page of the site's own, which may also link a
// path of the site ("/api/incidents.json", "/glossary/").
func PageBody(path string, line, col int, doc *markdown.Doc) diag.List {
	return body(path, line, col, doc, true)
}

func body(path string, line, col int, doc *markdown.Doc, sitePaths bool) diag.List {
	var diags diag.List
	at := func(p markdown.Place) diag.Pos {
		return diag.Pos{File: path, Line: line + p.Line - 1, Col: p.Col + col - 1}
	}
	for _, l := range doc.Limits {
		diags.Add(at(l.Place), l.Rule, "%s", l.Msg)
	}
	for _, p := range capped(&diags, path, "raw-html", doc.RawHTML) {
		diags.Add(at(p), "raw-html", "raw HTML is not allowed in entries and would be dropped; write Markdown instead")
	}
	for _, p := range capped(&diags, path, "heading-skip", doc.Skips) {
		diags.Add(at(p), "heading-skip", "this heading skips a level (for example ## then ####); use the next level down so the page outline stays whole")
	}
	var images, schemes []markdown.Ref
	for _, l := range doc.Links {
		if l.Kind == markdown.Image {
			images = append(images, l)
		} else if sitePaths && strings.HasPrefix(l.Dest, "/") && !strings.HasPrefix(l.Dest, "//") && !strings.ContainsAny(l.Dest, "\\\x00") {
			continue
		} else if checkLink(l.Dest) != "" {
			schemes = append(schemes, l)
		}
	}
	for _, l := range capped(&diags, path, "image", images) {
		diags.Add(at(l.Place), "image", "images are not allowed in entries: readers' browsers would fetch them from a third party; link to the page instead")
	}
	for _, l := range capped(&diags, path, "link-scheme", schemes) {
		diags.Add(at(l.Place), "link-scheme", "%s", checkLink(l.Dest))
	}
	return diags
}

// MaxPerRule is how many problems of one kind an entry's body reports; the
// rest are counted in one more line, so that a body with thousands of the
// same mistake does not bury everything else.
const MaxPerRule = 20

// capped returns the first MaxPerRule of found, and reports how many more
// there are.
func capped[T any](diags *diag.List, file, rule string, found []T) []T {
	if len(found) <= MaxPerRule {
		return found
	}
	diags.Add(diag.Pos{File: file}, rule, "and %d more problems like the %d above in this file", len(found)-MaxPerRule, MaxPerRule)
	return found[:MaxPerRule]
}

func checkLink(dest string) string {
	lower := strings.ToLower(dest)
	switch {
	case strings.HasPrefix(lower, LinkScheme):
		if !schema.IsSlug(dest[len(LinkScheme):]) {
			return fmt.Sprintf("link %q: want incident:<id>, where id is an entry's file name without .md", dest)
		}
		return ""
	case strings.HasPrefix(dest, "#"):
		return ""
	case strings.HasPrefix(lower, "mailto:"):
		if strings.ContainsAny(dest, " <>\"") || len(dest) == len("mailto:") {
			return fmt.Sprintf("link %q is not a valid mailto: address", dest)
		}
		return ""
	}
	if err := schema.CheckURL(dest); err != nil {
		return fmt.Sprintf("link %q: only http(s), mailto: and incident:<id> links are allowed (%v)", dest, err)
	}
	return ""
}

// All checks what needs every entry at once: ids are unique (also when case
// is ignored, since some file systems ignore it), related ids and
// incident: links point to existing entries, by their exact id (a link
// that only matches when case is ignored would lead nowhere), and the
// entries that name a supplier agree (see suppliers).
func All(incs []*content.Incident, docs []*markdown.Doc) diag.List {
	var diags diag.List
	suppliers(incs, &diags)
	byID := make(map[string]*content.Incident, len(incs))
	byFold := make(map[string]*content.Incident, len(incs))
	ids := make([]string, 0, len(incs))
	for _, inc := range incs {
		key := strings.ToLower(inc.ID)
		if first, dup := byFold[key]; dup {
			diags.Add(diag.Pos{File: inc.Path, Line: 1, Col: 1}, "duplicate-id", "id %q is already used by %s; ids must be unique", inc.ID, first.Path)
			continue
		}
		byFold[key] = inc
		byID[inc.ID] = inc
		ids = append(ids, inc.ID)
	}
	// Aliases are ids too: no two entries may claim one, nor an entry
	// another's id.
	aliasOf := map[string]*content.Incident{}
	for _, inc := range incs {
		for i, a := range inc.Aliases {
			key := strings.ToLower(a.ID)
			at := diag.Pos{File: inc.Path, Line: a.Line, Col: a.Col}
			if o, ok := byFold[key]; ok && o != inc {
				diags.Add(at, "alias-taken", "aliases[%d]: %s is the id of %s; an alias is an id no entry has now", i, a.ID, o.Path)
			} else if o, ok := aliasOf[key]; ok && o != inc {
				diags.Add(at, "alias-taken", "aliases[%d]: %s is already an alias of %s; an old id leads to one entry", i, a.ID, o.Path)
			} else {
				aliasOf[key] = inc
			}
		}
	}
	missing := func(id string) string {
		msg := fmt.Sprintf("no entry has id %q", id)
		if o, ok := aliasOf[strings.ToLower(id)]; ok {
			return msg + fmt.Sprintf("; it is an old id of %s: write %s", o.ID, o.ID)
		}
		if s := diag.DidYouMean(id, ids); s != "" {
			msg += s
		} else if other, ok := byFold[strings.ToLower(id)]; ok {
			msg += fmt.Sprintf("; did you mean %q? ids are lower-case", other.ID)
		}
		return msg
	}
	for i, inc := range incs {
		for j, r := range inc.Related {
			if _, ok := byID[r.ID]; !ok && r.ID != inc.ID {
				diags.Add(diag.Pos{File: inc.Path, Line: r.Line, Col: r.Col}, "unknown-id", "related[%d]: %s", j, missing(r.ID))
			}
		}
		if w := inc.Withdrawn; w != nil && w.Of.ID != "" && w.Of.ID != inc.ID {
			if _, ok := byID[w.Of.ID]; !ok {
				diags.Add(diag.Pos{File: inc.Path, Line: w.Of.Line, Col: w.Of.Col}, "unknown-id", "withdrawn.duplicate_of: %s", missing(w.Of.ID))
			}
		}
		if i >= len(docs) || docs[i] == nil {
			continue
		}
		for _, l := range docs[i].Links {
			if len(l.Dest) < len(LinkScheme) || !strings.EqualFold(l.Dest[:len(LinkScheme)], LinkScheme) {
				continue
			}
			id := l.Dest[len(LinkScheme):]
			if _, ok := byID[id]; !ok && schema.IsSlug(id) {
				diags.Add(diag.Pos{File: inc.Path, Line: inc.BodyLine + l.Line - 1, Col: l.Col}, "unknown-id", "link %q: %s", l.Dest, missing(id))
			}
		}
	}
	return diags
}
