package content

import (
	"path"
	"strings"

	"breachline/generator/internal/diag"
	"breachline/generator/internal/schema"
)

// PagesDir holds the site's own pages (the methodology, the API's
// documentation): one Markdown file a page, named by its slug, each with
// its title and its text in the site's other languages.
const PagesDir = "content/pages"

// Page is one of the site's own pages.
type Page struct {
	Slug string // the file name without .md: the page's path
	Path string // slash path relative to the site root

	Title        string     `yaml:"title" check:"required,maxlen=200" doc:"the page's title"`
	Description  string     `yaml:"description" check:"maxlen=300" doc:"one sentence for its meta description"`
	Translations []PageText `yaml:"translations" doc:"its title and whole text in each other language of the site, keyed by language"`

	Body     []byte // the Markdown after the front matter
	BodyLine int
	HTML     map[string][]byte // the rendered text by language ("" for the site's own), set while loading
}

// PageText is a page's title and text in another language.
type PageText struct {
	Lang        string `yaml:",key"`
	Title       string `yaml:"title" check:"required,maxlen=200" doc:"the title in that language"`
	Description string `yaml:"description" check:"maxlen=300" doc:"its description in that language"`
	Body        Body   `yaml:"body" check:"required" doc:"the whole text in that language, as Markdown in a literal block"`
	At          Place
}

// SetPos records where the text stands.
func (t *PageText) SetPos(line, col int) { t.At = Place{line, col} }

// ParsePage reads one page file at p.
func ParsePage(p string, src []byte) (*Page, diag.List) {
	var diags diag.List
	at := func(line, col int) diag.Pos { return diag.Pos{File: p, Line: line, Col: col} }
	slug := strings.TrimSuffix(path.Base(p), ".md")
	if !schema.IsSlug(slug) || !strings.HasSuffix(p, ".md") {
		diags.Add(at(1, 1), "invalid-id", "file name %q is not a page's name: want lower-case words joined by hyphens, such as methodology.md", path.Base(p))
		return nil, diags
	}
	src, fm, fmLine, body, bodyLine, d := frontMatter(p, src, "a page")
	if d != nil {
		return nil, d
	}
	root, _, done, errs := schema.ParseTemp(p, fm, fmLine)
	defer done()
	if errs != nil {
		return nil, errs
	}
	pg := &Page{Slug: slug, Path: p, Body: body, BodyLine: bodyLine}
	if root.Kind == 0 || len(root.Content) == 0 {
		diags.Add(at(fmLine-1, 1), "empty-front-matter", "the front matter is empty; a page needs at least its title")
		return nil, diags
	}
	res := schema.Decode(p, fmLine-1, root, pg)
	diags = append(diags, res.Diags...)
	for i := range pg.Translations {
		if b := &pg.Translations[i].Body; b.Src != nil && !placeBody(src, b) {
			diags.Add(at(b.at.Line, b.at.Col), "translation-body", "translations.%s.body: write the text as a literal block, body: | with the Markdown on the lines below it, each indented", pg.Translations[i].Lang)
			b.Src = nil
		}
	}
	return pg, diags
}

// TextIn is the page's title and description in lang, its own where it has
// no translation into lang.
func (pg *Page) TextIn(lang string) (title, description string, translated bool) {
	for _, t := range pg.Translations {
		if t.Lang == lang {
			return t.Title, t.Description, true
		}
	}
	return pg.Title, pg.Description, false
}
