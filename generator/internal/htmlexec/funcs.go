package htmlexec

import (
	htmltemplate "html/template"
	"reflect"
)

// A Func is one function of a template set, declared once: html/template
// calls it through reflection, compiled code through its typed call. Make
// one with Func0, Func1, Func1E, Func2, Func2E or Func2VE, whose type parameters
// are the function's own, so that its typed call cannot disagree with its
// signature; Reflected is for a function of another shape, which compiled
// code then calls through reflect.Value.Call (Stats.Reflected counts them).
type Func struct {
	fn   any // what html/template's FuncMap holds
	call call
	pure bool // see Pure
}

// Pure marks a function whose result depends on its arguments alone: a
// call of it with constant arguments ({{t "key"}}) is made once, when the
// template is compiled, and its text (escaped as html/template escapes it
// there) is written as it stands. It must not read anything that changes
// after the Runner is made.
func Pure(f Func) Func {
	f.pure = true
	return f
}

// call is a Func's typed call: it gets the arguments already converted to
// the parameter types (validate) and returns its result as
// reflect.Value.Call would. An error from it, or a panic, ends the compiled
// execution (html/template then reports it).
type call func(args []reflect.Value) (reflect.Value, error)

// FuncMap is the functions of a set by name.
type FuncMap map[string]Func

// HTML is the FuncMap to parse the set with.
func (m FuncMap) HTML() htmltemplate.FuncMap {
	out := make(htmltemplate.FuncMap, len(m))
	for name, f := range m {
		out[name] = f.fn
	}
	return out
}

// Reflected is a function compiled code calls through reflection: for one
// of a shape the typed constructors do not cover.
func Reflected(f any) Func { return Func{fn: f} }

// Func0 declares func() R.
func Func0[R any](f func() R) Func {
	res := resultOf[R]()
	return Func{fn: f, call: func([]reflect.Value) (reflect.Value, error) { return res(f()), nil }}
}

// Func1 declares func(A) R.
func Func1[A, R any](f func(A) R) Func {
	res := resultOf[R]()
	return Func{fn: f, call: func(args []reflect.Value) (reflect.Value, error) {
		a, ok := arg[A](args[0])
		if !ok {
			return reflect.Value{}, errHandOver
		}
		return res(f(a)), nil
	}}
}

// Func1E declares func(A) (R, error).
func Func1E[A, R any](f func(A) (R, error)) Func {
	res := resultOf[R]()
	return Func{fn: f, call: func(args []reflect.Value) (reflect.Value, error) {
		a, ok := arg[A](args[0])
		if !ok {
			return reflect.Value{}, errHandOver
		}
		r, err := f(a)
		if err != nil {
			return reflect.Value{}, err
		}
		return res(r), nil
	}}
}

// Func2 declares func(A, B) R.
func Func2[A, B, R any](f func(A, B) R) Func {
	res := resultOf[R]()
	return Func{fn: f, call: func(args []reflect.Value) (reflect.Value, error) {
		a, ok1 := arg[A](args[0])
		b, ok2 := arg[B](args[1])
		if !ok1 || !ok2 {
			return reflect.Value{}, errHandOver
		}
		return res(f(a, b)), nil
	}}
}

// Func2E declares func(A, B) (R, error).
func Func2E[A, B, R any](f func(A, B) (R, error)) Func {
	res := resultOf[R]()
	return Func{fn: f, call: func(args []reflect.Value) (reflect.Value, error) {
		a, ok1 := arg[A](args[0])
		b, ok2 := arg[B](args[1])
		if !ok1 || !ok2 {
			return reflect.Value{}, errHandOver
		}
		r, err := f(a, b)
		if err != nil {
			return reflect.Value{}, err
		}
		return res(r), nil
	}}
}

// Func2VE declares func(A, B, ...V) (R, error).
func Func2VE[A, B, V, R any](f func(A, B, ...V) (R, error)) Func {
	res := resultOf[R]()
	return Func{fn: f, call: func(args []reflect.Value) (reflect.Value, error) {
		a, ok1 := arg[A](args[0])
		b, ok2 := arg[B](args[1])
		if !ok1 || !ok2 {
			return reflect.Value{}, errHandOver
		}
		var vs []V
		if len(args) > 2 {
			vs = make([]V, len(args)-2)
			for i, v := range args[2:] {
				var ok bool
				if vs[i], ok = arg[V](v); !ok {
					return reflect.Value{}, errHandOver
				}
			}
		}
		r, err := f(a, b, vs...)
		if err != nil {
			return reflect.Value{}, err
		}
		return res(r), nil
	}}
}

// arg is an argument as reflect.Value.Call would pass it for a parameter of
// type T: v is assignable to T (validate saw to it), though not always of
// T itself (a named slice type for []string, a nil interface).
func arg[T any](v reflect.Value) (T, bool) {
	if t, ok := reflect.TypeAssert[T](v); ok {
		return t, true
	}
	var t T
	p := reflect.ValueOf(&t).Elem()
	if !v.IsValid() || !v.Type().AssignableTo(p.Type()) {
		return t, false
	}
	p.Set(v)
	return t, true
}

var valueType = reflect.TypeFor[reflect.Value]()

// resultOf turns a result of type R into the value text/template sees: an
// interface result stays an interface (as reflect.Value.Call returns it),
// and a reflect.Value is the value it holds.
func resultOf[R any]() func(R) reflect.Value {
	switch t := reflect.TypeFor[R](); {
	case t == valueType:
		return func(r R) reflect.Value { return any(r).(reflect.Value) }
	case t.Kind() == reflect.Interface:
		return func(r R) reflect.Value { return reflect.ValueOf(&r).Elem() }
	}
	return func(r R) reflect.Value { return reflect.ValueOf(r) }
}
