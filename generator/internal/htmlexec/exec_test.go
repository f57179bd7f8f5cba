package htmlexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"testing"
)

type inner struct {
	Name  string
	Count int
	Tags  []string
	Link  template.URL
	Frag  template.HTML
	Ptr   *inner
	Any   any
	Yes   bool
	small int
}

func (i inner) Upper() string            { return strings.ToUpper(i.Name) }
func (i *inner) Greet(who string) string { return "hello " + who + " from " + i.Name }
func (i inner) Fails() (string, error)   { return "", errors.New("method failed") }

type stringer string

func (s stringer) String() string { return "stringer:" + string(s) }

type page struct {
	Title  string
	Items  []inner
	Ptrs   []*inner
	Map    map[string]int
	Nil    *inner
	Inner  inner
	Kind   string
	Num    int
	Str    stringer
	Empty  []string
	HTML   template.HTML
	Attr   template.HTMLAttr
	Iface  any
	Nested struct{ Deep inner }
	Named  tags
}

func testData() *page {
	a := &inner{Name: "a<b>&'\"+", Count: 2, Tags: []string{"x", "y&z"}, Link: "https://example.org/a b?c=d&e", Frag: "<em>frag</em>", Yes: true}
	b := &inner{Name: "b", Count: 0, Ptr: a, Any: 42}
	return &page{
		Title: "Title <script>alert(1)</script> & co", Items: []inner{*a, *b}, Ptrs: []*inner{a, b, nil},
		Map: map[string]int{"one": 1, "two": 2}, Inner: *a, Kind: "incident", Num: 3, Str: "s",
		HTML: "<b>bold</b>", Attr: `title="x"`, Iface: "iface <value>", Nested: struct{ Deep inner }{*b},
		Named: tags{"n1", "n2"},
	}
}

// testFuncs declares every shape of function: typed, and two through
// reflection.
var testFuncs = FuncMap{
	"upper": Func1(strings.ToUpper),
	"join":  Func2(strings.Join),
	"add":   Func2(func(a, b int) int { return a + b }),
	"frag":  Func1E(func(s string) (template.HTML, error) { return template.HTML("<i>" + s + "</i>"), nil }),
	"fail":  Func1E(func(s string) (string, error) { return "", fmt.Errorf("failed on %q", s) }),
	"pair":  Func2(func(a string, b int) string { return fmt.Sprint(a, b) }),
	"vary": Func2VE(func(a string, b any, rest ...any) (string, error) {
		return fmt.Sprint(a, b, rest, len(rest)), nil
	}),
	"url":     Func1(func(s string) template.URL { return template.URL(s) }),
	"inner":   Func1(func(p *page) inner { return p.Inner }),
	"anyOf":   Func1(func(v any) any { return v }),
	"tags":    Func1(func(t tags) string { return strings.Join(t, "+") }),
	"boom":    Reflected(func() string { panic("boom") }),
	"varargs": Reflected(func(a string, rest ...any) string { return fmt.Sprint(a, rest) }),
}

type tags []string

// The templates that the compiled form handles, and the ones it must hand
// over; both must give exactly html/template's output or error.
var execCases = []struct {
	name, src string
	compiled  bool // every execution is finished by compiled code
}{
	{"text", `plain text`, true},
	{"field", `<p>{{.Title}}</p>`, true},
	{"chain", `<p>{{.Inner.Name}} {{.Nested.Deep.Ptr.Name}}</p>`, true},
	{"attr", `<a title="{{.Title}}" href="{{.Inner.Link}}">x</a>`, true},
	{"url-parts", `<a href="/p/{{.Title}}?q={{.Title}}&r={{.Inner.Name}}">x</a>`, true},
	{"unsafe-url", `<a href="{{.Kind}}:alert(1)">x</a><a href="{{printf "%s" "javascript:x"}}">y</a>`, true},
	{"rcdata", `<title>{{.Title}} {{.HTML}}</title><textarea>{{.Inner.Name}}</textarea>`, true},
	{"html-content", `<div>{{.HTML}} {{.Inner.Frag}} {{frag .Title}}</div>`, true},
	{"html-in-attr", `<p title="{{.HTML}}">x</p>`, false},
	{"attr-content", `<p {{.Attr}}>x</p>`, false},
	{"if-else", `{{if .Inner.Yes}}yes{{else}}no{{end}}{{if .Empty}}e{{else if .Num}}n{{end}}`, true},
	{"with", `{{with .Inner}}<b>{{.Name}}</b>{{end}}{{with .Empty}}x{{else}}none{{end}}`, true},
	{"else-with", `{{with .Empty}}a{{else with .Items}}{{len .}}{{end}}`, true},
	{"range", `<ul>{{range .Items}}<li>{{.Name}}: {{range .Tags}}[{{.}}]{{end}}</li>{{end}}</ul>`, true},
	{"range-vars", `{{range $i, $it := .Items}}{{$i}}={{$it.Name}} {{$.Title}};{{end}}`, true},
	{"range-one-var", `{{range $it := .Items}}{{$it.Count}}{{end}}`, true},
	{"range-else", `{{range .Empty}}x{{else}}empty {{.Num}}{{end}}`, true},
	{"range-nil-pointers", `{{range .Ptrs}}{{if .}}{{.Name}}{{else}}nil{{end}},{{end}}`, true},
	{"range-map", `{{range $k, $v := .Map}}{{$k}}={{$v}} {{end}}`, false},
	{"range-int", `{{range 3}}{{.}}{{end}}`, false},
	{"variables", `{{$x := .Title}}{{$y := len .Items}}{{$x}} {{$y}}{{$y = add $y 1}} {{$y}}`, true},
	{"scopes", `{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}{{with .Inner}}{{$x = 3}}{{end}}{{$x}}`, true},
	{"funcs", `{{upper .Title}} {{join .Inner.Tags ", "}} {{add .Num 2}} {{pair "a" 7}} {{varargs "v" 1 "two" .Num}}`, true},
	{"variadic", `{{vary "a" 1}} {{vary "b" .Title .Num "two" .Nil}} {{vary "c" .Nil}} {{.Title | vary "d" 2}}`, true},
	{"assignable", `{{tags .Inner.Tags}} {{join .Named ","}}`, true},
	{"pipeline", `{{.Title | upper}} {{"x" | printf "%s-%s" "y"}} {{.Num | add 1}}`, true},
	{"parens", `{{add (add 1 2) (len .Items)}} {{(index .Items 1).Name}}`, true},
	{"methods", `{{.Inner.Upper}} {{.Inner.Greet "you"}} {{(index .Ptrs 0).Greet .Kind}}`, true},
	{"builtins", `{{len .Title}} {{index .Items 0 | printf "%v"}} {{index .Inner.Tags 1}} {{not .Num}} {{and .Num .Title}} {{or .Empty "default"}} {{and 0 .Nil.Name}}`, true},
	{"compare", `{{eq .Kind "incident"}} {{eq .Num 1 2 3}} {{ne .Kind "x"}} {{lt .Num 4}} {{le .Num 3}} {{gt .Num 3}} {{ge .Num 3}} {{lt "a" "b"}}`, true},
	{"compare-mixed", `{{eq .Num "3"}}`, false},
	{"printf", `{{printf "%d items, %q" (len .Items) .Kind}} {{printf "%v" .Iface}}`, true},
	{"interface", `{{.Iface}} {{(index .Items 1).Any}}`, true},
	{"print-pointer", `{{.Inner.Ptr}} {{(index .Items 1).Ptr}} {{.Nested.Deep.Ptr.Count}}`, true},
	{"stringer", `{{.Str}} <p title="{{.Str}}">{{.Num}}</p>{{printf "%v" .Str}}`, true},
	{"print-other", `{{.Map}} {{.Inner.Tags}} <p title="{{.Inner}}">{{.Items}}</p>{{1.5}}`, false},
	{"print-struct", `{{.Inner}} <p title="{{.Nested}}">{{.Ptrs}}</p>`, true},
	{"nil-pointer", `{{.Nil.Name}}`, false},
	{"map", `{{.Map.one}} {{index .Map "two"}} {{index .Map "four"}}`, true},
	{"map-missing", `{{.Map.three}}`, true},
	{"missing-field", `{{.Nope}}`, false},
	{"unexported", `{{.Inner.small}}`, false},
	{"func-error", `{{fail .Kind}}`, false},
	{"method-error", `{{.Inner.Fails}}`, false},
	{"panic", `{{boom}}`, false},
	{"interface-result", `{{anyOf .Title}}{{anyOf 3}}`, true},
	{"struct-result", `{{(inner .).Name}}`, true},
	{"template-call", `{{define "t"}}<b>{{.}}</b>{{end}}{{template "t" .Title}}{{template "t" .Kind}}`, true},
	{"template-attr", `{{define "v"}}{{.}}{{end}}<p title="{{template "v" .Title}}">{{template "v" .Title}}</p>`, true},
	{"block", `<title>{{block "b" .}}{{.Title}}{{end}}</title>`, true},
	{"recursion", `{{define "r"}}{{if .}}{{len .}}{{template "r" (slice . 1)}}{{end}}{{end}}{{template "r" .Inner.Tags}}`, false},
	{"comment", `a{{/* comment */}}b{{- " trimmed " -}}c`, true},
	{"numbers", `{{add 1 -2}} {{printf "%v %v" 1.5 0x10}} {{printf "%v" 'a'}}`, false},
	{"bool-literal", `{{if true}}t{{end}}{{printf "%v" false}}`, true},
	{"nul", `<p>{{printf "a%cb" 0}}</p>`, true},
	{"escape-error", `<a href="{{.Title}}`, false},
	{"escape-error-called", `{{define "t"}}<a title="{{.}}{{end}}{{template "t" .Title}}`, false},
}

func run(t *testing.T, src string, data any, compiled bool) (string, Stats, error) {
	t.Helper()
	set := template.Must(template.New("page").Funcs(testFuncs.HTML()).Parse(src))
	r := New(set, testFuncs, Options{HTMLTemplateOnly: !compiled})
	if compiled != r.Enabled() {
		t.Fatal("this html/template keeps its text/template elsewhere: nothing is compiled")
	}
	var out string
	var err error
	for range 3 {
		var b bytes.Buffer
		b.WriteString("<!-- before -->")
		err = r.Execute(&b, "page", data)
		out = b.String()
	}
	return out, r.Stats(), err
}

func TestSameAsHTMLTemplate(t *testing.T) {
	for _, c := range execCases {
		t.Run(c.name, func(t *testing.T) {
			data := testData()
			want, off, wantErr := run(t, c.src, data, false)
			got, st, gotErr := run(t, c.src, data, true)
			if got != want {
				t.Errorf("output differs\n got: %s\nwant: %s", got, want)
			}
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Errorf("error differs\n got: %v\nwant: %v", gotErr, wantErr)
			}
			if off != (Stats{HTMLTemplate: 3}) {
				t.Errorf("with HTMLTemplateOnly: %+v, want 3 executions by html/template alone", off)
			}
			if wantErr != nil {
				return
			}
			if c.compiled && st != (Stats{Compiled: 3, Reflected: st.Reflected}) {
				t.Errorf("compiled code did not finish all 3 executions: %+v", st)
			}
			if !c.compiled && st.Compiled != 0 {
				t.Errorf("compiled code finished %d executions of a template it should hand over", st.Compiled)
			}
			// Only the functions declared Reflected are called through
			// reflection by compiled code.
			reflects := strings.Contains(c.src, "varargs") || strings.Contains(c.src, "boom")
			if !reflects && st.Reflected != 0 {
				t.Errorf("%d calls through reflection of typed functions", st.Reflected)
			}
			if reflects && st.Compiled > 0 && st.Reflected == 0 {
				t.Error("no call through reflection of a Reflected function")
			}
		})
	}
}

// TestLearningRunsNothing: a Runner learns a template without calling
// any function of the set, whatever the template does first, and runs
// every execution compiled.
func TestLearningRunsNothing(t *testing.T) {
	for _, c := range []struct {
		src   string
		calls int64 // of count, in one execution
	}{
		{`{{count .}}<p>{{.Title}}</p>`, 1},
		{`{{pair (count .) 1}}`, 1},
		{`{{define "t"}}{{count .}}{{end}}<p title="{{template "t" .}}">{{template "t" .}}</p>`, 2},
		{`{{if eq .Kind "incident"}}{{count .}}{{end}}`, 1},
		{`{{with $x := count .}}{{$x}}{{end}}`, 1},
	} {
		src := c.src
		var calls int64
		funcs := FuncMap{
			"count": Func1(func(p *page) string { calls++; return p.Kind }),
			"pair":  testFuncs["pair"],
		}
		set := template.Must(template.New("page").Funcs(funcs.HTML()).Parse(src))
		r := New(set, funcs, Options{})
		var want bytes.Buffer
		if err := template.Must(set.Clone()).ExecuteTemplate(&want, "page", testData()); err != nil {
			t.Fatal(err)
		}
		calls = 0
		for range 3 {
			var b bytes.Buffer
			if err := r.Execute(&b, "page", testData()); err != nil {
				t.Fatal(err)
			}
			if b.String() != want.String() {
				t.Errorf("%s: got %q, want %q", src, b.String(), want.String())
			}
		}
		if st := r.Stats(); calls != 3*c.calls || st != (Stats{Compiled: 3}) {
			t.Errorf("%s: %d calls of count in %+v", src, calls, st)
		}
	}
}

// TestExecutedSet: html/template copies no set it has executed, so a
// Runner for one compiles nothing, and gives html/template's output.
func TestExecutedSet(t *testing.T) {
	set := template.Must(template.New("page").Funcs(testFuncs.HTML()).Parse(`<p>{{upper .Title}}</p>`))
	var want bytes.Buffer
	if err := set.ExecuteTemplate(&want, "page", testData()); err != nil {
		t.Fatal(err)
	}
	r := New(set, testFuncs, Options{})
	var got bytes.Buffer
	if err := r.Execute(&got, "page", testData()); err != nil {
		t.Fatal(err)
	}
	if r.Enabled() || got.String() != want.String() || r.Stats() != (Stats{HTMLTemplate: 1}) {
		t.Errorf("enabled %v, %+v: got %q, want %q", r.Enabled(), r.Stats(), got.String(), want.String())
	}
}

// TestConcurrent: one Runner used from many goroutines (go test -race).
func TestConcurrent(t *testing.T) {
	src := `{{define "i"}}<li>{{.Name}}</li>{{end}}<ul>{{range .Items}}{{template "i" .}}{{end}}</ul>{{upper .Title}}`
	set := template.Must(template.New("page").Funcs(testFuncs.HTML()).Parse(src))
	r := New(set, testFuncs, Options{})
	var want bytes.Buffer
	if err := set.ExecuteTemplate(&want, "page", testData()); err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	for range 8 {
		go func() {
			var b bytes.Buffer
			for range 50 {
				b.Reset()
				if err := r.Execute(&b, "page", testData()); err != nil {
					done <- err.Error()
					return
				}
				if b.String() != want.String() {
					done <- b.String()
					return
				}
			}
			done <- ""
		}()
	}
	for range 8 {
		if got := <-done; got != "" {
			t.Fatalf("got %q, want %q", got, want.String())
		}
	}
}

// BenchmarkExecute: a page of the kinds of actions layouts use, compiled
// and in html/template alone.
func BenchmarkExecute(b *testing.B) {
	src := `<!DOCTYPE html><title>{{.Title}}</title>
{{define "item"}}<li><a href="/items/{{.Name}}/" title="{{.Name}}">{{upper .Name}}</a>: {{join .Tags ", "}} ({{.Count}})</li>{{end}}
<h1>{{.Title}}</h1><p class="{{.Kind}}">{{if eq .Kind "incident"}}{{frag .Title}}{{else}}other{{end}}</p>
<ul>{{range .Items}}{{template "item" .}}{{end}}</ul>
{{with .Inner}}<a href="{{.Link}}">{{.Greet "you"}}</a>{{end}}
<p>{{printf "%d items" (len .Items)}} {{add .Num 1}}</p>`
	data := testData()
	for _, mode := range []struct {
		name string
		on   bool
	}{{"compiled", true}, {"html-template", false}} {
		b.Run(mode.name, func(b *testing.B) {
			set := template.Must(template.New("page").Funcs(testFuncs.HTML()).Parse(src))
			r := New(set, testFuncs, Options{HTMLTemplateOnly: !mode.on})
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := r.Execute(&buf, "page", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestPureFolded: a pure function called with constant arguments is called
// once, when the template is compiled, not on every execution, and the
// output is html/template's, escaped for where the call stands; a
// condition of pure calls takes its branch once.
func TestPureFolded(t *testing.T) {
	calls := 0
	funcs := FuncMap{
		"word": Pure(Func1(func(k string) string { calls++; return "<" + k + "> & 'x'" })),
		"on":   Pure(Func0(func() bool { calls++; return true })),
		"live": Func1(func(k string) string { return k }),
	}
	src := `<p title="{{word "a"}}">{{word "b"}}</p>{{if on}}<i>{{live .}}</i>{{else}}never{{end}}<a href="/{{word "c"}}">x</a>`
	parse := func() *template.Template { return template.Must(template.New("page").Funcs(funcs.HTML()).Parse(src)) }
	want := func() string {
		var b bytes.Buffer
		if err := New(parse(), funcs, Options{HTMLTemplateOnly: true}).Execute(&b, "page", "d<"); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}()
	calls = 0
	r := New(parse(), funcs, Options{})
	for range 5 {
		var b bytes.Buffer
		if err := r.Execute(&b, "page", "d<"); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Fatalf("compiled %q, html/template %q", b.String(), want)
		}
	}
	if st := r.Stats(); st.Compiled != 5 {
		t.Errorf("%+v: not every execution was compiled", st)
	}
	if calls != 4 { // word a, b, c and on, each once, whatever the executions
		t.Errorf("the pure functions were called %d times in 5 executions, want 4 (once each)", calls)
	}
}
