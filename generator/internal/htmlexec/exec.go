// Package htmlexec executes the templates of an html/template set with far
// less reflection than text/template spends on each action.
//
// text/template walks the parse tree for every execution: it looks each
// field up by name, calls every function (and every escaper html/template
// inserted) through reflect.Value.Call, and boxes the results. On a page of
// a few hundred actions that is most of the time a build spends in
// templates. A Runner compiles each escaped tree once into Go closures that
// keep the field indices they found, call the set's functions through
// typed calls and run the escapers natively.
//
// Each function of the set is declared once, as a Func (Func1, Func2E, …,
// generic in the function's own parameter and result types): the same
// declaration is the FuncMap html/template parses with and the typed call
// compiled code makes, so the two cannot disagree. Runner.Stats counts the
// calls that go through reflection all the same (a function declared
// Reflected) and the executions left to html/template.
//
// It is an accelerator, not a second template language: html/template
// parses, checks and escapes every template, and a Runner compiles the
// tree html/template escaped. It has html/template escape a template in a
// copy of the set whose functions all stop the execution at once (see
// learn), so that the first execution of a template runs compiled too and
// nothing of the site runs twice; a template html/template cannot escape
// is not compiled, and html/template reports its error. Whatever the
// compiled form does not handle exactly as text/template would (a nil
// pointer, a range over a map or a number, a value only html/template
// knows how to escape, an error from a function, a construct it does not
// know) ends that execution: the output so far is dropped and
// html/template executes the template, and its output or error is the
// result. So a Runner's output is html/template's output, only sooner:
// TestSameAsHTMLTemplate here and TestCompiledSameAsHTMLTemplate in the
// site package hold it to that, byte for byte.
//
// The trees html/template derives for templates called in other contexts
// (a partial inside an attribute) live only in its underlying
// text/template, which it does not export; textOf reaches it through
// reflection. Should a later Go keep it elsewhere, nothing is compiled and
// every page runs in html/template: slower, never different
// (TestSameAsHTMLTemplate then fails, to say so).
package htmlexec

import (
	"bytes"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"
	"text/template/parse"
)

// Runner executes the templates of one html/template set.
type Runner struct {
	set    *htmltemplate.Template
	shadow *htmltemplate.Template // a copy of set whose functions stop its execution (see learn)
	text   *template.Template     // shadow's text/template name space: escaped and derived trees; nil: nothing is compiled
	funcs  map[string]userFunc

	mu    sync.Mutex
	roots atomic.Pointer[map[string]*code] // copied on write
	named map[string]*code                 // compiled templates by name, under mu

	compiled, handedOver, alone, reflected atomic.Int64 // see Stats
}

type userFunc struct {
	v    reflect.Value
	t    reflect.Type
	fast call // nil: through reflection
	pure bool // see Pure
}

// Options change how a Runner executes.
type Options struct {
	// HTMLTemplateOnly runs every template in html/template alone, never
	// compiled: for tests that compare the two.
	HTMLTemplateOnly bool
}

// New prepares a Runner for set, which was parsed with funcs.HTML() and
// has not been executed (html/template copies no set it has executed:
// every template of one runs in html/template alone).
func New(set *htmltemplate.Template, funcs FuncMap, opts Options) *Runner {
	r := &Runner{set: set, funcs: map[string]userFunc{}, named: map[string]*code{}}
	if !opts.HTMLTemplateOnly {
		if sh, err := set.Clone(); err == nil {
			stubs := make(htmltemplate.FuncMap, len(funcs))
			for name := range funcs {
				stubs[name] = stop
			}
			r.shadow, r.text = sh.Funcs(stubs), textOf(sh)
		}
	}
	for name, f := range funcs {
		v := reflect.ValueOf(f.fn)
		if v.Kind() != reflect.Func {
			continue
		}
		r.funcs[name] = userFunc{v: v, t: v.Type(), fast: f.call, pure: f.pure && f.call != nil}
	}
	m := map[string]*code{}
	r.roots.Store(&m)
	return r
}

// textOf is html/template's underlying text/template, where the trees it
// derived for other contexts live (html/template does not list them). Nil
// if this version of html/template keeps it elsewhere: then every template
// runs in html/template, slower but the same.
func textOf(t *htmltemplate.Template) *template.Template {
	if t == nil {
		return nil
	}
	f := reflect.ValueOf(t).Elem().FieldByName("text")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*template.Template]() || f.IsNil() {
		return nil
	}
	return (*template.Template)(f.UnsafePointer())
}

// Enabled reports whether this Runner compiles templates at all.
func (r *Runner) Enabled() bool { return r.text != nil }

// Stats counts what a Runner did, for tests and benchmarks.
type Stats struct {
	Compiled   int64 // executions compiled code finished
	HandedOver int64 // executions compiled code began and handed over to html/template
	// HTMLTemplate is the executions html/template ran alone: those of
	// templates that do not compile, and all of them under
	// Options.HTMLTemplateOnly. Every function they call is called through
	// reflection.
	HTMLTemplate int64
	// Reflected is the calls compiled code made of the set's functions
	// through reflect.Value.Call: of functions declared Reflected.
	Reflected int64
}

// Add is the sum of two Stats.
func (s Stats) Add(o Stats) Stats {
	return Stats{s.Compiled + o.Compiled, s.HandedOver + o.HandedOver, s.HTMLTemplate + o.HTMLTemplate, s.Reflected + o.Reflected}
}

// Stats reports what r has done since it was made.
func (r *Runner) Stats() Stats {
	return Stats{r.compiled.Load(), r.handedOver.Load(), r.alone.Load(), r.reflected.Load()}
}

// Execute writes template name applied to data to w.
func (r *Runner) Execute(w *bytes.Buffer, name string, data any) error {
	if r.text != nil {
		c := (*r.roots.Load())[name]
		if c == nil {
			c = r.learn(name)
		}
		if c.run != nil {
			start := w.Len()
			if err := r.run(c, w, data); err == nil {
				r.compiled.Add(1)
				return nil
			}
			w.Truncate(start)
			r.handedOver.Add(1)
			return r.set.ExecuteTemplate(w, name, data)
		}
	}
	r.alone.Add(1)
	return r.set.ExecuteTemplate(w, name, data)
}

// learn compiles a template, once, from the tree html/template escaped.
// A template the compiler cannot handle is remembered as such.
//
// html/template escapes a template (and derives the templates it calls
// in other contexts) when it first executes it. It does so in the shadow,
// whose every function is stop, into a writer that fails: the execution
// ends at its first write or function call, so nothing of the site runs
// but the escaping. Its error says nothing: a template html/template
// could not escape is left without a tree, which compiles to nothing, and
// then html/template reports the error on every execution.
func (r *Runner) learn(name string) *code {
	r.mu.Lock()
	defer r.mu.Unlock()
	old := *r.roots.Load()
	if c, ok := old[name]; ok {
		return c
	}
	r.shadow.ExecuteTemplate(stopWriter{}, name, nil)
	c := &code{}
	comp := &compiler{r: r}
	if got := comp.template(name); comp.err == nil {
		c = got
	} else {
		// Partly compiled templates are dropped: compile afresh next time.
		for n, t := range r.named {
			if t.run == nil || comp.made[n] {
				delete(r.named, n)
			}
		}
	}
	m := make(map[string]*code, len(old)+1)
	for k, v := range old {
		m[k] = v
	}
	m[name] = c
	r.roots.Store(&m)
	return c
}

// stop is every function of the shadow, whatever its arguments.
func stop(...any) (string, error) { return "", errStop }

var errStop = errors.New("htmlexec: learning the template")

type stopWriter struct{}

func (stopWriter) Write([]byte) (int, error) { return 0, errStop }

// errHandOver ends a compiled execution: html/template runs the template
// instead.
var errHandOver = errors.New("htmlexec: handed over to html/template")

const maxDepth = 1000

// run executes compiled code; any error or panic means "hand over".
func (r *Runner) run(c *code, w *bytes.Buffer, data any) (err error) {
	s := states.Get().(*state)
	s.w = w
	dot := reflect.ValueOf(data)
	s.vars = append(s.vars[:0], variable{"$", dot})
	defer func() {
		if p := recover(); p != nil {
			err = errHandOver
		}
		s.w, s.depth = nil, 0
		clear(s.vars[:cap(s.vars)])
		clear(s.args[:cap(s.args)])
		s.vars, s.args = s.vars[:0], s.args[:0]
		states.Put(s)
	}()
	return c.run(s, dot)
}

var states = sync.Pool{New: func() any { return &state{vars: make([]variable, 0, 16), args: make([]reflect.Value, 0, 16)} }}

type state struct {
	w     *bytes.Buffer
	vars  []variable
	args  []reflect.Value // a stack for function arguments
	depth int
}

type variable struct {
	name  string
	value reflect.Value
}

func (s *state) varValue(name string) (reflect.Value, error) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value, nil
		}
	}
	return reflect.Value{}, errHandOver
}

// code is one compiled template; run is nil for one that stays with
// html/template.
type code struct {
	run node
}

type (
	node   func(s *state, dot reflect.Value) error
	pipeFn func(s *state, dot reflect.Value) (reflect.Value, error)
	// cmdFn evaluates one command of a pipeline; final is the previous
	// command's value (for every command but the first).
	cmdFn func(s *state, dot, final reflect.Value) (reflect.Value, error)
	// argFn evaluates an argument for a parameter of type typ.
	argFn func(s *state, dot reflect.Value, typ reflect.Type) (reflect.Value, error)
)

type compiler struct {
	r    *Runner
	err  error
	made map[string]bool
}

func (c *compiler) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf(format, args...)
	}
}

// template compiles the named template of the text name space, once.
func (c *compiler) template(name string) *code {
	if k := c.r.named[name]; k != nil {
		return k
	}
	t := c.r.text.Lookup(name)
	if t == nil || t.Tree == nil || t.Root == nil {
		c.fail("template %q not found", name)
		return &code{}
	}
	k := &code{}
	c.r.named[name] = k // before the body: a template may call itself
	if c.made == nil {
		c.made = map[string]bool{}
	}
	c.made[name] = true
	k.run = c.list(t.Root)
	return k
}

func (c *compiler) list(l *parse.ListNode) node {
	if l == nil {
		return func(*state, reflect.Value) error { return nil }
	}
	var nodes []node
	for _, n := range l.Nodes {
		if f := c.node(n); f != nil {
			nodes = append(nodes, f)
		}
	}
	switch len(nodes) {
	case 0:
		return func(*state, reflect.Value) error { return nil }
	case 1:
		return nodes[0]
	}
	return func(s *state, dot reflect.Value) error {
		for _, n := range nodes {
			if err := n(s, dot); err != nil {
				return err
			}
		}
		return nil
	}
}

func (c *compiler) node(n parse.Node) node {
	switch n := n.(type) {
	case *parse.TextNode:
		text := n.Text
		return func(s *state, _ reflect.Value) error {
			s.w.Write(text)
			return nil
		}
	case *parse.CommentNode:
		return nil
	case *parse.ActionNode:
		if v, ok := c.constPipe(n.Pipe); ok && v.IsValid() && v.Type() == stringType {
			// A pure call with constant arguments, and its escaper: its
			// text, once.
			text := []byte(v.String())
			return func(s *state, _ reflect.Value) error {
				s.w.Write(text)
				return nil
			}
		}
		p := c.pipe(n.Pipe)
		if len(n.Pipe.Decl) > 0 {
			return func(s *state, dot reflect.Value) error {
				_, err := p(s, dot)
				return err
			}
		}
		return func(s *state, dot reflect.Value) error {
			v, err := p(s, dot)
			if err != nil {
				return err
			}
			// html/template ends every printed pipeline in an escaper,
			// which yields a string.
			if !v.IsValid() || v.Type() != stringType {
				return errHandOver
			}
			s.w.WriteString(v.String())
			return nil
		}
	case *parse.IfNode:
		return c.ifWith(false, n.Pipe, n.List, n.ElseList)
	case *parse.WithNode:
		return c.ifWith(true, n.Pipe, n.List, n.ElseList)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.TemplateNode:
		return c.templateNode(n)
	}
	c.fail("unsupported node %s", n)
	return nil
}

func (c *compiler) ifWith(with bool, pipe *parse.PipeNode, list, elseList *parse.ListNode) node {
	if v, ok := c.constPipe(pipe); ok && !with {
		// A condition of pure calls with constant arguments ({{if foreign}}):
		// the branch it takes, alone.
		if t, ok := isTrue(indirectInterface(v)); ok {
			if t {
				return c.list(list)
			}
			if elseList == nil {
				return func(*state, reflect.Value) error { return nil }
			}
			return c.list(elseList)
		}
	}
	p := c.pipe(pipe)
	body := c.list(list)
	var els node
	if elseList != nil {
		els = c.list(elseList)
	}
	return func(s *state, dot reflect.Value) error {
		mark := len(s.vars)
		v, err := p(s, dot)
		if err == nil {
			t, ok := isTrue(indirectInterface(v))
			switch {
			case !ok:
				err = errHandOver
			case t && with:
				err = body(s, v)
			case t:
				err = body(s, dot)
			case els != nil:
				err = els(s, dot)
			}
		}
		s.vars = s.vars[:mark]
		return err
	}
}

func (c *compiler) rangeNode(n *parse.RangeNode) node {
	if n.Pipe.IsAssign || len(n.Pipe.Decl) > 2 {
		c.fail("range with assignment")
	}
	p := c.pipe(n.Pipe)
	body := c.list(n.List)
	var els node
	if n.ElseList != nil {
		els = c.list(n.ElseList)
	}
	decl := len(n.Pipe.Decl)
	return func(s *state, dot reflect.Value) error {
		mark0 := len(s.vars)
		defer func() { s.vars = s.vars[:mark0] }()
		v, err := p(s, dot)
		if err != nil {
			return err
		}
		v, _ = indirect(v)
		switch v.Kind() {
		case reflect.Invalid:
		case reflect.Slice, reflect.Array:
			if v.Len() == 0 {
				break
			}
			mark := len(s.vars)
			for i := range v.Len() {
				elem := v.Index(i)
				if decl >= 1 {
					s.vars[mark-1].value = elem
				}
				if decl == 2 {
					s.vars[mark-2].value = reflect.ValueOf(i)
				}
				err := body(s, elem)
				s.vars = s.vars[:mark]
				if err != nil {
					return err
				}
			}
			return nil
		default:
			return errHandOver // maps, integers, channels, functions: html/template
		}
		if els != nil {
			return els(s, dot)
		}
		return nil
	}
}

func (c *compiler) templateNode(n *parse.TemplateNode) node {
	target := c.template(n.Name)
	var p pipeFn
	if n.Pipe != nil {
		p = c.pipe(n.Pipe)
	}
	return func(s *state, dot reflect.Value) error {
		var v reflect.Value
		if p != nil {
			var err error
			if v, err = p(s, dot); err != nil {
				return err
			}
		}
		if s.depth >= maxDepth || target.run == nil {
			return errHandOver
		}
		saved := s.vars
		// No dynamic scoping: the called template sees only $, its dot.
		s.vars = append(s.vars[len(s.vars):], variable{"$", v})
		s.depth++
		err := target.run(s, v)
		s.depth--
		s.vars = saved
		return err
	}
}

// constPipe is the value of a pipeline made only of pure functions (and
// escapers) with constant arguments, worked out now; ok is false for any
// other pipeline, or one whose call fails (it then fails when run, as
// html/template would have it).
func (c *compiler) constPipe(p *parse.PipeNode) (v reflect.Value, ok bool) {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) == 0 {
		return v, false
	}
	for i, cmd := range p.Cmds {
		id, isIdent := cmd.Args[0].(*parse.IdentifierNode)
		if !isIdent {
			return v, false
		}
		if _, esc := escapers[id.Ident]; esc && i > 0 && len(cmd.Args) == 1 {
			continue
		}
		if f, user := c.r.funcs[id.Ident]; !user || !f.pure {
			return v, false
		}
		for _, a := range cmd.Args[1:] {
			if _, isConst := constant(a); !isConst {
				return v, false
			}
		}
	}
	fn := c.pipe(p)
	defer func() {
		if recover() != nil {
			v, ok = reflect.Value{}, false
		}
	}()
	v, err := fn(&state{w: new(bytes.Buffer)}, reflect.Value{})
	if err != nil {
		return reflect.Value{}, false
	}
	return v, true
}

func (c *compiler) pipe(p *parse.PipeNode) pipeFn {
	if p == nil {
		return func(*state, reflect.Value) (reflect.Value, error) { return reflect.Value{}, nil }
	}
	cmds := make([]cmdFn, len(p.Cmds))
	for i, cmd := range p.Cmds {
		cmds[i] = c.command(cmd, i > 0)
	}
	var decls []string
	for _, d := range p.Decl {
		if len(d.Ident) != 1 {
			c.fail("declaration of a field")
		}
		decls = append(decls, d.Ident[0])
	}
	assign := p.IsAssign
	return func(s *state, dot reflect.Value) (reflect.Value, error) {
		var v reflect.Value
		for _, cmd := range cmds {
			var err error
			if v, err = cmd(s, dot, v); err != nil {
				return v, err
			}
			if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
				v = reflect.ValueOf(v.Interface())
			}
		}
		for _, d := range decls {
			if !assign {
				s.vars = append(s.vars, variable{d, v})
				continue
			}
			found := false
			for i := len(s.vars) - 1; i >= 0; i-- {
				if s.vars[i].name == d {
					s.vars[i].value, found = v, true
					break
				}
			}
			if !found {
				return v, errHandOver
			}
		}
		return v, nil
	}
}

func (c *compiler) command(cmd *parse.CommandNode, hasFinal bool) cmdFn {
	args := cmd.Args[1:]
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		chain := c.chain(n.Ident, args, hasFinal)
		return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
			return chain(s, dot, dot, final)
		}
	case *parse.VariableNode:
		name := n.Ident[0]
		if len(n.Ident) == 1 {
			if len(args) > 0 || hasFinal {
				c.fail("arguments to a variable")
			}
			return func(s *state, _, _ reflect.Value) (reflect.Value, error) { return s.varValue(name) }
		}
		chain := c.chain(n.Ident[1:], args, hasFinal)
		return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
			v, err := s.varValue(name)
			if err != nil {
				return v, err
			}
			return chain(s, dot, v, final)
		}
	case *parse.IdentifierNode:
		return c.function(n.Ident, args, hasFinal)
	case *parse.ChainNode:
		return c.chainNode(n, args, hasFinal)
	case *parse.PipeNode:
		if len(args) > 0 || hasFinal {
			c.fail("arguments to a pipeline")
		}
		p := c.pipe(n)
		return func(s *state, dot, _ reflect.Value) (reflect.Value, error) { return p(s, dot) }
	}
	if len(args) > 0 || hasFinal {
		c.fail("arguments to a constant")
		return nil
	}
	if _, ok := cmd.Args[0].(*parse.DotNode); ok {
		return func(_ *state, dot, _ reflect.Value) (reflect.Value, error) { return dot, nil }
	}
	v, ok := constant(cmd.Args[0])
	if !ok {
		c.fail("unsupported command %s", cmd)
		return nil
	}
	return func(*state, reflect.Value, reflect.Value) (reflect.Value, error) { return v, nil }
}

// chainNode is (pipeline).Field…: the fields of a value computed first.
func (c *compiler) chainNode(n *parse.ChainNode, args []parse.Node, hasFinal bool) cmdFn {
	var head pipeFn
	switch h := n.Node.(type) {
	case *parse.PipeNode:
		head = c.pipe(h)
	case *parse.VariableNode, *parse.FieldNode, *parse.DotNode:
		a := c.arg(h, nil)
		head = func(s *state, dot reflect.Value) (reflect.Value, error) { return a(s, dot, nil) }
	default:
		c.fail("unsupported chain %s", n)
		return nil
	}
	chain := c.chain(n.Field, args, hasFinal)
	return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
		v, err := head(s, dot)
		if err != nil {
			return v, err
		}
		return chain(s, dot, v, final)
	}
}

// constant is a literal's value where its type is not dictated: text/template's
// ideal constants.
func constant(n parse.Node) (reflect.Value, bool) {
	switch n := n.(type) {
	case *parse.StringNode:
		return reflect.ValueOf(n.Text), true
	case *parse.BoolNode:
		return reflect.ValueOf(n.True), true
	case *parse.NumberNode:
		if n.IsInt && !n.IsComplex && !strings.ContainsAny(n.Text, ".eEpPxX_'") && int64(int(n.Int64)) == n.Int64 {
			return reflect.ValueOf(int(n.Int64)), true
		}
	}
	return reflect.Value{}, false
}

// chain evaluates fields (and at the end perhaps a method with args) on a
// receiver.
func (c *compiler) chain(idents []string, args []parse.Node, hasFinal bool) func(s *state, dot, recv, final reflect.Value) (reflect.Value, error) {
	steps := make([]*field, len(idents))
	for i, id := range idents {
		steps[i] = &field{name: id}
	}
	argv := c.args(args, nil)
	return func(s *state, dot, recv, final reflect.Value) (reflect.Value, error) {
		var err error
		last := len(steps) - 1
		for _, f := range steps[:last] {
			if recv, err = f.eval(s, dot, recv, nil, reflect.Value{}, false); err != nil {
				return recv, err
			}
		}
		return steps[last].eval(s, dot, recv, argv, final, hasFinal)
	}
}

// field is one step of a chain, with the plan it found for the last type
// it met.
type field struct {
	name string
	plan atomic.Pointer[fieldPlan]
}

type fieldPlan struct {
	typ     reflect.Type
	addr    bool          // the receiver was addressable
	method  int           // index in the method set, or -1
	useAddr bool          // call the method on the receiver's address
	index   []int         // the struct field
	key     reflect.Value // or the map key
}

func (f *field) eval(s *state, dot, recv reflect.Value, args []argFn, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	if !recv.IsValid() {
		return recv, errHandOver
	}
	recv, isNil := indirect(recv)
	if isNil {
		return recv, errHandOver
	}
	t, canAddr := recv.Type(), recv.CanAddr()
	p := f.plan.Load()
	if p == nil || p.typ != t || p.addr != canAddr {
		if p = planField(t, canAddr, f.name); p == nil {
			return recv, errHandOver
		}
		f.plan.Store(p)
	}
	if p.method >= 0 {
		ptr := recv
		if p.useAddr {
			ptr = recv.Addr()
		}
		m := ptr.Method(p.method)
		return s.call(dot, m, m.Type(), nil, args, final, hasFinal)
	}
	if len(args) > 0 || hasFinal {
		return recv, errHandOver
	}
	if p.key.IsValid() {
		return recv.MapIndex(p.key), nil // missing: no value, as text/template gives
	}
	if len(p.index) == 1 {
		return recv.Field(p.index[0]), nil
	}
	v, err := recv.FieldByIndexErr(p.index)
	if err != nil {
		return v, errHandOver
	}
	return v, nil
}

// planField finds what text/template finds for .name on a value of type t:
// a method first (of *T too, when the value is addressable), then an
// exported field of a struct. Nil for anything else.
func planField(t reflect.Type, canAddr bool, name string) *fieldPlan {
	p := &fieldPlan{typ: t, addr: canAddr, method: -1}
	pt := t
	if t.Kind() != reflect.Interface && t.Kind() != reflect.Pointer && canAddr {
		pt, p.useAddr = reflect.PointerTo(t), true
	}
	if m, ok := pt.MethodByName(name); ok {
		p.method = m.Index
		return p
	}
	p.useAddr = false
	if t.Kind() == reflect.Map {
		if !stringType.AssignableTo(t.Key()) {
			return nil
		}
		p.key = reflect.ValueOf(name)
		return p
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	sf, ok := t.FieldByName(name)
	if !ok || !sf.IsExported() {
		return nil
	}
	p.index = sf.Index
	return p
}

// args compiles the arguments of a call. types are the parameter types
// where they are known when compiling (nil: known only when calling).
func (c *compiler) args(nodes []parse.Node, types []reflect.Type) []argFn {
	out := make([]argFn, len(nodes))
	for i, n := range nodes {
		var t reflect.Type
		if i < len(types) {
			t = types[i]
		}
		out[i] = c.arg(n, t)
	}
	return out
}

// arg compiles one argument: text/template's evalArg. A literal takes the
// parameter's type; anything else is evaluated and must be assignable.
func (c *compiler) arg(n parse.Node, known reflect.Type) argFn {
	var eval pipeFn
	switch n := n.(type) {
	case *parse.DotNode:
		eval = func(_ *state, dot reflect.Value) (reflect.Value, error) { return dot, nil }
	case *parse.FieldNode:
		chain := c.chain(n.Ident, nil, false)
		eval = func(s *state, dot reflect.Value) (reflect.Value, error) { return chain(s, dot, dot, reflect.Value{}) }
	case *parse.VariableNode:
		name := n.Ident[0]
		if len(n.Ident) == 1 {
			eval = func(s *state, _ reflect.Value) (reflect.Value, error) { return s.varValue(name) }
		} else {
			chain := c.chain(n.Ident[1:], nil, false)
			eval = func(s *state, dot reflect.Value) (reflect.Value, error) {
				v, err := s.varValue(name)
				if err != nil {
					return v, err
				}
				return chain(s, dot, v, reflect.Value{})
			}
		}
	case *parse.PipeNode:
		eval = c.pipe(n)
	case *parse.IdentifierNode:
		f := c.function(n.Ident, nil, false)
		eval = func(s *state, dot reflect.Value) (reflect.Value, error) { return f(s, dot, reflect.Value{}) }
	case *parse.ChainNode:
		f := c.chainNode(n, nil, false)
		eval = func(s *state, dot reflect.Value) (reflect.Value, error) { return f(s, dot, reflect.Value{}) }
	}
	if eval != nil {
		return func(s *state, dot reflect.Value, typ reflect.Type) (reflect.Value, error) {
			v, err := eval(s, dot)
			if err != nil {
				return v, err
			}
			return validate(v, typ)
		}
	}
	// A literal.
	if known != nil {
		v, ok := literal(n, known)
		if !ok {
			c.fail("literal %s for %s", n, known)
			return nil
		}
		return func(*state, reflect.Value, reflect.Type) (reflect.Value, error) { return v, nil }
	}
	ideal, ok := constant(n)
	if !ok {
		c.fail("literal %s", n)
		return nil
	}
	return func(_ *state, _ reflect.Value, typ reflect.Type) (reflect.Value, error) {
		if typ == nil || (typ.Kind() == reflect.Interface && typ.NumMethod() == 0) {
			return ideal, nil // made once: boxing it again would allocate at every call (eq .Kind "bar")
		}
		v, ok := literal(n, typ)
		if !ok {
			return v, errHandOver
		}
		return v, nil
	}
}

// literal is a constant converted for a parameter of type typ, as
// text/template converts it; nil typ keeps its ideal type.
func literal(n parse.Node, typ reflect.Type) (reflect.Value, bool) {
	if typ == nil || (typ.Kind() == reflect.Interface && typ.NumMethod() == 0) {
		return constant(n)
	}
	switch typ.Kind() {
	case reflect.String:
		if s, ok := n.(*parse.StringNode); ok {
			v := reflect.New(typ).Elem()
			v.SetString(s.Text)
			return v, true
		}
	case reflect.Bool:
		if b, ok := n.(*parse.BoolNode); ok {
			v := reflect.New(typ).Elem()
			v.SetBool(b.True)
			return v, true
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if num, ok := n.(*parse.NumberNode); ok && num.IsInt {
			v := reflect.New(typ).Elem()
			v.SetInt(num.Int64)
			if v.Int() != num.Int64 {
				return v, false
			}
			return v, true
		}
	}
	return reflect.Value{}, false
}

// validate is text/template's validateType: v as an argument of type typ.
func validate(v reflect.Value, typ reflect.Type) (reflect.Value, error) {
	if typ == nil {
		return v, nil
	}
	if !v.IsValid() {
		switch typ.Kind() {
		case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
			return reflect.Zero(typ), nil
		}
		return v, errHandOver
	}
	vt := v.Type()
	if vt == typ || vt.AssignableTo(typ) {
		return v, nil
	}
	if v.Kind() == reflect.Interface && !v.IsNil() && v.Elem().Type().AssignableTo(typ) {
		return v.Elem(), nil
	}
	switch {
	case v.Kind() == reflect.Pointer && vt.Elem().AssignableTo(typ):
		if v.IsNil() {
			return v, errHandOver
		}
		return v.Elem(), nil
	case reflect.PointerTo(vt).AssignableTo(typ) && v.CanAddr():
		return v.Addr(), nil
	}
	return v, errHandOver
}

// call calls a function or method value with args (and the pipeline's
// final value), converted to its parameter types.
func (s *state) call(dot, fn reflect.Value, typ reflect.Type, fast call, args []argFn, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	numIn := len(args)
	if hasFinal {
		numIn++
	}
	nParams := typ.NumIn()
	if typ.IsVariadic() {
		if numIn < nParams-1 {
			return reflect.Value{}, errHandOver
		}
	} else if numIn != nParams {
		return reflect.Value{}, errHandOver
	}
	if n := typ.NumOut(); n == 0 || n > 2 || (n == 2 && typ.Out(1) != errorT) {
		return reflect.Value{}, errHandOver
	}
	param := func(i int) reflect.Type {
		if typ.IsVariadic() && i >= nParams-1 {
			return typ.In(nParams - 1).Elem()
		}
		return typ.In(i)
	}
	base := len(s.args)
	defer func() {
		clear(s.args[base:])
		s.args = s.args[:base]
	}()
	for i, a := range args {
		v, err := a(s, dot, param(i))
		if err != nil {
			return v, err
		}
		s.args = append(s.args, v)
	}
	if hasFinal {
		v, err := validate(final, param(numIn-1))
		if err != nil {
			return v, err
		}
		s.args = append(s.args, v)
	}
	argv := s.args[base:]
	if fast != nil {
		return fast(argv)
	}
	out := fn.Call(argv)
	if len(out) == 2 && !out[1].IsNil() {
		return reflect.Value{}, errHandOver
	}
	v := out[0]
	if v.IsValid() && v.Type() == valueType {
		v = v.Interface().(reflect.Value)
	}
	return v, nil
}

// function compiles a call of a named function: the set's own, an escaper
// or a builtin, looked up in that order as text/template does.
func (c *compiler) function(name string, args []parse.Node, hasFinal bool) cmdFn {
	if f, ok := c.r.funcs[name]; ok {
		var types []reflect.Type
		for i := range args {
			switch {
			case f.t.IsVariadic() && i >= f.t.NumIn()-1:
				types = append(types, f.t.In(f.t.NumIn()-1).Elem())
			case i < f.t.NumIn():
				types = append(types, f.t.In(i))
			default:
				types = append(types, nil)
			}
		}
		argv := c.args(args, types)
		if f.fast == nil {
			reflected := &c.r.reflected
			return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
				reflected.Add(1)
				return s.call(dot, f.v, f.t, nil, argv, final, hasFinal)
			}
		}
		return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
			return s.call(dot, f.v, f.t, f.fast, argv, final, hasFinal)
		}
	}
	if e, ok := escapers[name]; ok {
		if len(args) > 0 || !hasFinal {
			c.fail("escaper %s with arguments", name)
			return nil
		}
		return func(_ *state, _, final reflect.Value) (reflect.Value, error) {
			v, ok := e(final)
			if !ok {
				return v, errHandOver
			}
			return v, nil
		}
	}
	b, ok := builtins[name]
	if !ok {
		c.fail("function %q", name)
		return nil
	}
	n := len(args)
	if hasFinal {
		n++
	}
	if n < b.min || (b.max >= 0 && n > b.max) {
		c.fail("%s with %d arguments", name, n)
		return nil
	}
	argv := c.args(args, nil)
	if name == "and" || name == "or" {
		or := name == "or"
		return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
			var v reflect.Value
			for _, a := range argv {
				var err error
				if v, err = a(s, dot, nil); err != nil {
					return v, err
				}
				if !v.IsValid() {
					return v, errHandOver
				}
				if truth(v) == or {
					return v, nil
				}
			}
			if hasFinal {
				if !final.IsValid() {
					return final, errHandOver
				}
				v = final
			}
			return v, nil
		}
	}
	return func(s *state, dot, final reflect.Value) (reflect.Value, error) {
		base := len(s.args)
		defer func() {
			clear(s.args[base:])
			s.args = s.args[:base]
		}()
		for _, a := range argv {
			v, err := a(s, dot, nil)
			if err != nil {
				return v, err
			}
			if !v.IsValid() {
				return v, errHandOver
			}
			s.args = append(s.args, v)
		}
		if hasFinal {
			if !final.IsValid() {
				return final, errHandOver
			}
			s.args = append(s.args, final)
		}
		return b.fn(s.args[base:])
	}
}

type builtin struct {
	min, max int // arguments; max -1: any number
	fn       func(args []reflect.Value) (reflect.Value, error)
}

var (
	trueV  = reflect.ValueOf(true)
	falseV = reflect.ValueOf(false)
)

func boolV(b bool) reflect.Value {
	if b {
		return trueV
	}
	return falseV
}

// builtins are text/template's, for the arguments they commonly get; the
// others are left to html/template.
var builtins = map[string]builtin{
	"and": {1, -1, nil},
	"or":  {1, -1, nil},
	"not": {1, 1, func(a []reflect.Value) (reflect.Value, error) {
		return boolV(!truth(a[0])), nil
	}},
	"len": {1, 1, func(a []reflect.Value) (reflect.Value, error) {
		v, isNil := indirect(a[0])
		if isNil {
			return v, errHandOver
		}
		switch v.Kind() {
		case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
			return reflect.ValueOf(v.Len()), nil
		}
		return v, errHandOver
	}},
	"index": {1, -1, func(a []reflect.Value) (reflect.Value, error) {
		item := indirectInterface(a[0])
		for _, i := range a[1:] {
			i = indirectInterface(i)
			switch item.Kind() {
			case reflect.Slice, reflect.Array, reflect.String:
				var x int64
				switch i.Kind() {
				case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
					x = i.Int()
				default:
					return item, errHandOver
				}
				if x < 0 || x >= int64(item.Len()) {
					return item, errHandOver
				}
				item = item.Index(int(x))
			case reflect.Map:
				if !i.IsValid() || !i.Type().AssignableTo(item.Type().Key()) {
					return item, errHandOver
				}
				if x := item.MapIndex(i); x.IsValid() {
					item = x
				} else {
					item = reflect.Zero(item.Type().Elem())
				}
			default:
				return item, errHandOver
			}
		}
		return item, nil
	}},
	"eq": {1, -1, func(a []reflect.Value) (reflect.Value, error) {
		if len(a) < 2 {
			return reflect.Value{}, errHandOver
		}
		for _, b := range a[1:] {
			eq, err := equal(a[0], b)
			if err != nil || eq {
				return boolV(eq), err
			}
		}
		return falseV, nil
	}},
	"ne": {2, 2, func(a []reflect.Value) (reflect.Value, error) {
		eq, err := equal(a[0], a[1])
		return boolV(!eq), err
	}},
	"lt": {2, 2, func(a []reflect.Value) (reflect.Value, error) {
		lt, err := less(a[0], a[1])
		return boolV(lt), err
	}},
	"le": {2, 2, func(a []reflect.Value) (reflect.Value, error) {
		lt, err := less(a[0], a[1])
		if err != nil || lt {
			return boolV(lt), err
		}
		eq, err := equal(a[0], a[1])
		return boolV(eq), err
	}},
	"gt": {2, 2, func(a []reflect.Value) (reflect.Value, error) {
		lt, err := less(a[0], a[1])
		if err != nil || lt {
			return falseV, err
		}
		eq, err := equal(a[0], a[1])
		return boolV(!eq), err
	}},
	"ge": {2, 2, func(a []reflect.Value) (reflect.Value, error) {
		lt, err := less(a[0], a[1])
		return boolV(!lt), err
	}},
	"printf": {1, -1, func(a []reflect.Value) (reflect.Value, error) {
		f := indirectInterface(a[0])
		if !f.IsValid() || f.Type() != stringType {
			return f, errHandOver
		}
		args := make([]any, len(a)-1)
		for i, v := range a[1:] {
			args[i] = v.Interface()
		}
		return reflect.ValueOf(fmt.Sprintf(f.String(), args...)), nil
	}},
}

// kind groups the kinds text/template compares.
func kind(v reflect.Value) int {
	switch v.Kind() {
	case reflect.Bool:
		return 1
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return 2
	case reflect.String:
		return 3
	}
	return 0 // others: html/template decides
}

func equal(a, b reflect.Value) (bool, error) {
	a, b = indirectInterface(a), indirectInterface(b)
	ka, kb := kind(a), kind(b)
	if ka == 0 || kb == 0 || ka != kb {
		return false, errHandOver
	}
	switch ka {
	case 1:
		return a.Bool() == b.Bool(), nil
	case 2:
		return a.Int() == b.Int(), nil
	}
	return a.String() == b.String(), nil
}

func less(a, b reflect.Value) (bool, error) {
	a, b = indirectInterface(a), indirectInterface(b)
	ka, kb := kind(a), kind(b)
	if ka < 2 || ka != kb {
		return false, errHandOver
	}
	if ka == 2 {
		return a.Int() < b.Int(), nil
	}
	return a.String() < b.String(), nil
}

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// isTrue is text/template's truth: not the zero value of its kind; ok is
// false where text/template refuses the value.
func isTrue(v reflect.Value) (truth, ok bool) {
	if !v.IsValid() {
		return false, true
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0, true
	case reflect.Bool:
		return v.Bool(), true
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0, true
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0, true
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0, true
	case reflect.Struct:
		return true, true
	}
	return false, false
}

// indirect follows pointers and interfaces to a value, stopping at nil.
func indirect(v reflect.Value) (reflect.Value, bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}
