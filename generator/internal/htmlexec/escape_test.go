package htmlexec

import (
	"bytes"
	"html/template"
	"sync"
	"testing"
)

// Every context whose escaper is done natively, as html/template escapes it.
var escapeContexts = []string{
	`<p>{{.}}</p>`,                   // htmlescaper
	`<p title="{{.}}">x</p>`,         // attrescaper
	`<p title={{.}}>x</p>`,           // unquoted attribute: html/template's nospace escaper (handed over)
	`<title>{{.}}</title>`,           // rcdataescaper
	`<a href="{{.}}">x</a>`,          // urlfilter, urlnormalizer, attrescaper
	`<a href="/path/{{.}}">x</a>`,    // urlnormalizer
	`<a href="/s?q={{.}}&r=1">x</a>`, // urlescaper
	`<img src="{{.}}" alt="">`,
}

var escapeInputs = []string{
	"", "plain", `<script>alert("x")</script>`, `a & b + c 'q' "dq"`, "tab\tnew\nline",
	"nul\x00byte", "invalid \xff\xfe utf-8", "ünïcödé ✓ 日本", "\uFFFD\uFDD0\uFFFF",
	"javascript:alert(1)", "JavaScript:alert(1)", " javascript:x", "java\tscript:x", "data:text/html,<b>",
	"vbscript:x", "mailto:a@b.c", "HTTPS://Example.org/a b?c=d&e=f#g", "//evil.example/x", "/a/b?c=d#e",
	"%41%zz%", "a:b/c", "a/b:c", "?#[]@!$&'()*+,;=", "-._~", "\x7f\x01 ",
}

// escapeValues are the typed values a page passes to escapers.
func escapeValues(s string) []any {
	return []any{s, template.HTML(s), template.URL(s)}
}

// escapeRunners are the contexts parsed once, each with its Runner, so
// that fuzzing spends its time on the escapers.
var escapeRunners = sync.OnceValue(func() (out []struct {
	set *template.Template
	r   *Runner
}) {
	for _, ctx := range escapeContexts {
		set := template.Must(template.New("e").Parse(ctx))
		out = append(out, struct {
			set *template.Template
			r   *Runner
		}{set, New(set, nil, Options{})})
	}
	return out
})

func checkEscapers(t *testing.T, s string) {
	t.Helper()
	for _, e := range escapeRunners() {
		set, r, ctx := e.set, e.r, e.set.Tree.Root.String()
		for _, v := range escapeValues(s) {
			var want bytes.Buffer
			if err := set.ExecuteTemplate(&want, "e", v); err != nil {
				t.Fatal(err)
			}
			for range 2 { // the first run teaches the Runner
				var got bytes.Buffer
				if err := r.Execute(&got, "e", v); err != nil {
					t.Fatal(err)
				}
				if got.String() != want.String() {
					t.Fatalf("%s with %T %q:\n got %q\nwant %q", ctx, v, s, got.String(), want.String())
				}
			}
		}
	}
}

func TestEscapers(t *testing.T) {
	for _, s := range escapeInputs {
		checkEscapers(t, s)
	}
	var st Stats
	for _, e := range escapeRunners() {
		st = st.Add(e.r.Stats())
	}
	if st.Compiled == 0 {
		t.Fatal("no escaper ran compiled")
	}
}

func FuzzEscapers(f *testing.F) {
	for _, s := range escapeInputs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkEscapers(t, s) })
}
