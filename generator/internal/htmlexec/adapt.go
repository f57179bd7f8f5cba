package htmlexec

import "reflect"

// Typed adapters: a Func for a function of one or two parameters, with or
// without an error result. An argument of another type than the parameter
// (which validation has already ruled out) hands over to html/template. A
// function whose result is an interface gets no adapter: text/template
// would see the interface, not what is in it.

// A1 adapts func(A) R.
func A1[A, R any](f func(A) R) Func {
	if isInterface[R]() {
		return nil
	}
	return func(args []reflect.Value) (reflect.Value, error) {
		a, ok := reflect.TypeAssert[A](args[0])
		if !ok {
			return reflect.Value{}, ErrHandOver
		}
		return reflect.ValueOf(f(a)), nil
	}
}

// A1E adapts func(A) (R, error).
func A1E[A, R any](f func(A) (R, error)) Func {
	if isInterface[R]() {
		return nil
	}
	return func(args []reflect.Value) (reflect.Value, error) {
		a, ok := reflect.TypeAssert[A](args[0])
		if !ok {
			return reflect.Value{}, ErrHandOver
		}
		r, err := f(a)
		if err != nil {
			return reflect.Value{}, err
		}
		return reflect.ValueOf(r), nil
	}
}

// A2 adapts func(A, B) R.
func A2[A, B, R any](f func(A, B) R) Func {
	if isInterface[R]() {
		return nil
	}
	return func(args []reflect.Value) (reflect.Value, error) {
		a, ok1 := reflect.TypeAssert[A](args[0])
		b, ok2 := reflect.TypeAssert[B](args[1])
		if !ok1 || !ok2 {
			return reflect.Value{}, ErrHandOver
		}
		return reflect.ValueOf(f(a, b)), nil
	}
}

// A2E adapts func(A, B) (R, error).
func A2E[A, B, R any](f func(A, B) (R, error)) Func {
	if isInterface[R]() {
		return nil
	}
	return func(args []reflect.Value) (reflect.Value, error) {
		a, ok1 := reflect.TypeAssert[A](args[0])
		b, ok2 := reflect.TypeAssert[B](args[1])
		if !ok1 || !ok2 {
			return reflect.Value{}, ErrHandOver
		}
		r, err := f(a, b)
		if err != nil {
			return reflect.Value{}, err
		}
		return reflect.ValueOf(r), nil
	}
}

func isInterface[T any]() bool { return reflect.TypeFor[T]().Kind() == reflect.Interface }
