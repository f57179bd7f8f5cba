package schema

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"breachline/generator/internal/diag"
)

// Parse reads a YAML file into a node tree; src is normalized text (see
// Normalize and CheckText). Tabs in indentation, syntax errors and document
// markers but a leading '---' (a second document) become diagnostics; the
// node is nil when there are any.
func Parse(file string, src []byte) (*yaml.Node, diag.List) {
	root, _, diags := parse(file, src, 1, &space{}, true)
	return root, diags
}

// ParseTemp reads the front matter of an entry, which starts on file line
// firstLine, into a node tree that is dropped soon: done, which must be
// called once nothing refers to any node of the tree any more (values
// decoded from it may stay), lets the next ParseTemp reuse its nodes. An
// entry's tree is some 90 nodes of 150 bytes each, a fifth of everything a
// large build allocates. No document marker may stand in front matter.
// fast says whether the fast reader read it (else yaml.v3 did): the same
// tree either way, only sooner; the bench reports the share.
func ParseTemp(file string, src []byte, firstLine int) (root *yaml.Node, fast bool, done func(), diags diag.List) {
	sp, _ := spaces.Get().(*space)
	if sp == nil {
		sp = &space{}
	}
	root, fast, diags = parse(file, src, firstLine, sp, false)
	return root, fast, func() {
		sp.release() // nothing of this entry stays reachable through the pool
		spaces.Put(sp)
	}, diags
}

var spaces sync.Pool // of *space

func parse(file string, src []byte, firstLine int, sp *space, standalone bool) (*yaml.Node, bool, diag.List) {
	diags := markers(file, src, firstLine, standalone)
	for i, rest := 0, src; rest != nil; i++ {
		line, after, found := bytes.Cut(rest, []byte("\n"))
		if rest = nil; found {
			rest = after
		}
		indent := line[:len(line)-len(bytes.TrimLeft(line, " \t"))]
		if j := bytes.IndexByte(indent, '\t'); j >= 0 {
			// yaml.v3 would say "found character that cannot start any
			// token", which tells a contributor nothing they can act on.
			diags.Add(diag.Pos{File: file, Line: firstLine + i, Col: j + 1}, "yaml-tab", "a tab is used for indentation; YAML indents with spaces only")
		}
	}
	if len(diags) > 0 {
		return nil, false, diags
	}
	if root, ok := fastParseIn(src, sp); ok {
		return root, true, nil // it takes no text CheckText refuses
	}
	// A character YAML must not meet, or reads other than editors do, is
	// reported at its place, as yaml.v3 would not.
	if d, ok := CheckText(file, src, firstLine, true); !ok {
		return nil, false, diag.List{d}
	}
	var tree yaml.Node
	if err := yaml.Unmarshal(src, &tree); err != nil {
		return nil, false, diag.List{syntaxError(file, src, firstLine, err)}
	}
	return &tree, false, nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError turns a yaml.v3 error into a diagnostic. yaml.v3 gives a line
// but no column; we point at the line's first non-blank character.
func syntaxError(file string, src []byte, firstLine int, err error) diag.Diagnostic {
	msg := err.Error()
	line, col := firstLine, 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		msg = m[2]
		if parserError(msg) {
			n++ // yaml.v3 reports parser errors 0-based, scanner errors 1-based
		}
		line = firstLine + n - 1
		lines := bytes.Split(src, []byte("\n"))
		if n >= 1 && n <= len(lines) {
			col = len(lines[n-1]) - len(bytes.TrimLeft(lines[n-1], " ")) + 1
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	return diag.Diagnostic{Pos: diag.Pos{File: file, Line: line, Col: col}, Rule: "yaml-syntax", Msg: "invalid YAML: " + msg}
}

// parserError reports whether a yaml.v3 message comes from its parser
// rather than its scanner (see the parser's error sites in yaml.v3).
func parserError(msg string) bool {
	for _, p := range []string{
		"did not find expected key", "did not find expected node content",
		"did not find expected '-' indicator", "did not find expected ',' or ']'",
		"did not find expected ',' or '}'", "did not find expected <document start>",
	} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// URL is an absolute http or https address. Content comes from strangers, so
// nothing else (javascript:, data:, relative paths) is accepted.
type URL string

// UnmarshalText accepts only absolute http(s) URLs with a host.
func (u *URL) UnmarshalText(b []byte) error {
	if err := CheckURL(string(b)); err != nil {
		return err
	}
	*u = URL(b)
	return nil
}

// Host is the URL's host name, without "www." (for "read at example.org").
func (u URL) Host() string {
	p, err := url.Parse(string(u))
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(p.Hostname(), "www.")
}

// CheckURL reports why s is not an absolute http(s) URL, or nil.
func CheckURL(s string) error {
	if strings.ContainsFunc(s, func(r rune) bool { return r <= 0x20 || r == 0x7f }) {
		return fmt.Errorf("URL %q contains spaces or control characters", s)
	}
	p, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("invalid URL %q", s)
	}
	switch {
	case p.Scheme == "":
		return fmt.Errorf("URL %q is not absolute: want http:// or https://", s)
	case p.Scheme != "http" && p.Scheme != "https":
		return fmt.Errorf("URL scheme %q is not allowed: want http:// or https://", p.Scheme+":")
	case p.Host == "":
		return errors.New("URL " + strconv.Quote(s) + " has no host")
	case p.User != nil:
		return fmt.Errorf("URL %q must not carry a user name or password", s)
	}
	return nil
}

// JSONSchema describes a URL for editors; CheckURL is stricter.
func (u *URL) JSONSchema() map[string]any {
	return map[string]any{"type": "string", "format": "uri", "pattern": `^https?://[^\s/?#@]+`}
}

// BaseURL is where a site is published: an absolute http(s) URL with a
// host and a path under which every page's link is made. Its path is
// prefixed to every internal link, so it must be a plain path.
type BaseURL string

// UnmarshalText accepts what CheckBaseURL does.
func (u *BaseURL) UnmarshalText(b []byte) error {
	if err := CheckBaseURL(string(b)); err != nil {
		return err
	}
	*u = BaseURL(b)
	return nil
}

// JSONSchema describes a base URL for editors.
func (u *BaseURL) JSONSchema() map[string]any {
	return map[string]any{"type": "string", "format": "uri", "pattern": `^https?://[^\s/?#@]+(/[^\s/?#]+)*/?$`}
}

// CheckBaseURL reports why s cannot be a site's base URL, or nil: it must be
// an absolute http(s) URL with a host (CheckURL), and have no query or
// fragment, and a path (as decoded) of plain segments, so that no link
// made from it becomes "//other.host/…" (a link to another host) or
// climbs out of the site.
func CheckBaseURL(s string) error {
	if err := CheckURL(s); err != nil {
		return err
	}
	u, _ := url.Parse(s)
	switch {
	case u.RawQuery != "" || u.ForceQuery:
		return fmt.Errorf("base URL %q has a query (?…); a base URL is where the site's pages are, and a query would be lost from every link", s)
	case u.Fragment != "" || strings.Contains(s, "#"):
		return fmt.Errorf("base URL %q has a fragment (#…); remove it", s)
	case strings.Contains(u.Path, "//"):
		return fmt.Errorf("base URL %q has an empty path segment (//): links made from it would lead to another host; write the path with single slashes", s)
	case strings.ContainsAny(u.Path, "\\"):
		return fmt.Errorf("base URL %q has a backslash in its path", s)
	}
	for _, seg := range strings.Split(strings.Trim(u.Path, "/"), "/") {
		if seg == "." || seg == ".." {
			return fmt.Errorf("base URL %q has a %q segment in its path; write the path it leads to", s, seg)
		}
	}
	return nil
}
