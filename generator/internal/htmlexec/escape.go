package htmlexec

import (
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
)

// The escapers html/template inserts into pipelines, done natively for the
// values pages print: strings and the content types. Anything else (a
// pointer, a Stringer, template.HTML inside an attribute, which html/template
// strips of tags) makes the page fall back to html/template. Each one is
// checked against html/template's own output in escape_test.go.

type content int

const (
	plain content = iota
	htmlContent
	urlContent
)

var (
	stringType = reflect.TypeFor[string]()
	htmlType   = reflect.TypeFor[template.HTML]()
	urlType    = reflect.TypeFor[template.URL]()
	stringerT  = reflect.TypeFor[fmt.Stringer]()
	errorT     = reflect.TypeFor[error]()
	// The other content types: only html/template escapes them.
	elsewhere = map[reflect.Type]bool{
		reflect.TypeFor[template.CSS]():      true,
		reflect.TypeFor[template.HTMLAttr](): true,
		reflect.TypeFor[template.JS]():       true,
		reflect.TypeFor[template.JSStr]():    true,
		reflect.TypeFor[template.Srcset]():   true,
	}
)

// stringify is html/template's stringify for one value: its text and
// content type, or ok false where only html/template knows the answer (the
// content types it escapes itself).
func stringify(v reflect.Value) (s string, c content, ok bool) {
	if v.Kind() == reflect.Interface {
		if v.IsNil() { // html/template prints nothing for nil
			return "", plain, true
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return "", plain, true
	}
	// The content type of what the pointers point to.
	d := v
	for d.Kind() == reflect.Pointer && !d.IsNil() {
		d = d.Elem()
	}
	if d.Kind() == reflect.String {
		switch d.Type() {
		case stringType:
			return d.String(), plain, true
		case htmlType:
			return d.String(), htmlContent, true
		case urlType:
			return d.String(), urlContent, true
		}
		if elsewhere[d.Type()] {
			return "", plain, false
		}
	}
	// Otherwise fmt.Sprint of the value, past pointers that have neither a
	// String nor an Error method.
	for v.Kind() == reflect.Pointer && !v.IsNil() && !v.Type().Implements(stringerT) && !v.Type().Implements(errorT) {
		v = v.Elem()
	}
	t := v.Type()
	if !t.Implements(stringerT) && !t.Implements(errorT) {
		switch v.Kind() {
		case reflect.String:
			return v.String(), plain, true
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return strconv.FormatInt(v.Int(), 10), plain, true
		case reflect.Bool:
			return strconv.FormatBool(v.Bool()), plain, true
		}
	}
	return fmt.Sprint(v.Interface()), plain, true
}

// escaper is one of html/template's escaping functions.
type escaper func(v reflect.Value) (reflect.Value, bool)

// escapers are the ones done natively, by the name html/template gives them
// in a pipeline.
var escapers = map[string]escaper{
	"_html_template_htmlescaper": func(v reflect.Value) (reflect.Value, bool) {
		s, c, ok := stringify(v)
		if !ok {
			return reflect.Value{}, false
		}
		if c == htmlContent {
			return reflect.ValueOf(s), true
		}
		return replaced(v, s, htmlTable), true
	},
	"_html_template_attrescaper": func(v reflect.Value) (reflect.Value, bool) {
		s, c, ok := stringify(v)
		if !ok || c == htmlContent { // html/template strips the tags of HTML in an attribute
			return reflect.Value{}, false
		}
		return replaced(v, s, htmlTable), true
	},
	"_html_template_rcdataescaper": func(v reflect.Value) (reflect.Value, bool) {
		s, c, ok := stringify(v)
		if !ok {
			return reflect.Value{}, false
		}
		if c == htmlContent {
			return reflect.ValueOf(replace(s, htmlNormTable)), true
		}
		return replaced(v, s, htmlTable), true
	},
	"_html_template_urlfilter": func(v reflect.Value) (reflect.Value, bool) {
		s, c, ok := stringify(v)
		if !ok {
			return reflect.Value{}, false
		}
		if c != urlContent && !safeURL(s) {
			return reflect.ValueOf("#ZgotmplZ"), true
		}
		return same(v, s), true
	},
	"_html_template_urlnormalizer": func(v reflect.Value) (reflect.Value, bool) {
		return urlProcess(v, true)
	},
	"_html_template_urlescaper": func(v reflect.Value) (reflect.Value, bool) {
		return urlProcess(v, false)
	},
}

// same is s as a plain string value, reusing v when it already is one.
func same(v reflect.Value, s string) reflect.Value {
	if v.IsValid() && v.Type() == stringType {
		return v
	}
	return reflect.ValueOf(s)
}

// replaced is s escaped with table, reusing v when nothing changed.
func replaced(v reflect.Value, s string, table []string) reflect.Value {
	r := replace(s, table)
	if len(r) == len(s) {
		return same(v, s)
	}
	return reflect.ValueOf(r)
}

var (
	htmlTable = []string{
		0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;",
	}
	htmlNormTable = []string{ // the same without &: for text that is HTML already
		0: "\uFFFD", '"': "&#34;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;",
	}
)

// replace escapes the runes table names. Everything it replaces is ASCII or
// NUL, so a string with none of them comes back as it is.
func replace(s string, table []string) string {
	i := 0
	for i < len(s) && (int(s[i]) >= len(table) || table[s[i]] == "") {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	written := 0
	for ; i < len(s); i++ {
		c := s[i]
		if int(c) < len(table) && table[c] != "" {
			b.WriteString(s[written:i])
			b.WriteString(table[c])
			written = i + 1
		}
	}
	b.WriteString(s[written:])
	return b.String()
}

// safeURL is true for a relative URL or an http, https or mailto one.
func safeURL(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// urlProcess percent-encodes what may not stand in a URL (norm) or in a
// URL's query part (!norm). A URL value is only normalised.
func urlProcess(v reflect.Value, norm bool) (reflect.Value, bool) {
	s, c, ok := stringify(v)
	if !ok {
		return reflect.Value{}, false
	}
	if c == urlContent {
		norm = true
	}
	var b []byte
	written := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if urlKeeps(ch, norm) {
			continue
		}
		// Normalising keeps a valid escape, except one that ends the
		// string (as html/template does).
		if ch == '%' && norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s)+16)
		}
		b = append(b, s[written:i]...)
		b = append(b, '%', hexDigits[ch>>4], hexDigits[ch&15])
		written = i + 1
	}
	if b == nil {
		return same(v, s), true
	}
	b = append(b, s[written:]...)
	return reflect.ValueOf(string(b)), true
}

const hexDigits = "0123456789abcdef"

// urlKeeps is whether a URL byte stays as it is: the unreserved characters
// of RFC 3986 always, and when normalising the reserved ones.
func urlKeeps(c byte, norm bool) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '.', '_', '~':
		return true
	case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
		return norm
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
