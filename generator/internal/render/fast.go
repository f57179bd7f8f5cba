package render

import (
	"html/template"
	"reflect"

	"breachline/generator/internal/content"
	"breachline/generator/internal/date"
	"breachline/generator/internal/htmlexec"
	"breachline/generator/internal/index"
)

// fastFunc is the reflection-free call of a template function (see
// htmlexec), by its signature; nil for the few that layouts call rarely,
// which htmlexec calls through reflection.
func fastFunc(f any) htmlexec.Func {
	switch f := f.(type) {
	case func(string) string:
		return htmlexec.A1(f)
	case func(string, string) string:
		return htmlexec.A2(f)
	case func(string, string) bool:
		return htmlexec.A2(f)
	case func(int, int) int:
		return htmlexec.A2(f)
	case func(int) string:
		return htmlexec.A1(f)
	case func([]string, string) string:
		return htmlexec.A2(f)
	case func(string) (template.HTML, error):
		return htmlexec.A1E(f)
	case func(string, string) (template.HTML, error):
		return htmlexec.A2E(f)
	case func(string, []string) (template.HTML, error):
		return htmlexec.A2E(f)
	case func(string, string) *index.Term:
		return htmlexec.A2(f)
	case func(string, []string) []Link:
		return htmlexec.A2(f)
	case func(*index.Incident) string:
		return htmlexec.A1(f)
	case func(*index.Incident) (string, error):
		return htmlexec.A1E(f)
	case func(*index.Incident) (template.HTML, error):
		return htmlexec.A1E(f)
	case func(*index.Incident, int) content.Source:
		return htmlexec.A2(f)
	case func(*index.Incident, *index.Term) (template.HTML, error):
		return htmlexec.A2E(f)
	case func(*index.Term, *index.Incident) bool:
		return htmlexec.A2(f)
	case func(*Page) (template.HTML, error):
		return htmlexec.A1E(f)
	case func(*Page, []*index.Incident) (template.HTML, error):
		return htmlexec.A2E(f)
	case func(date.Date) (template.HTML, error):
		return htmlexec.A1E(f)
	case func(date.Date) string:
		return htmlexec.A1(f)
	case func(date.Point) string:
		return htmlexec.A1(f)
	case func(content.Count) string:
		return htmlexec.A1(f)
	case func([]*index.Incident) []YearGroup:
		return htmlexec.A1(f)
	case func([]*index.Incident) *SVG:
		return htmlexec.A1(f)
	case func(string, any, ...any) (template.HTML, error): // partialCached
		return func(args []reflect.Value) (reflect.Value, error) {
			name, ok := reflect.TypeAssert[string](args[0])
			if !ok {
				return reflect.Value{}, htmlexec.ErrHandOver
			}
			var variants []any
			if len(args) > 2 {
				variants = make([]any, len(args)-2)
				for i, v := range args[2:] {
					variants[i] = v.Interface()
				}
			}
			h, err := f(name, args[1].Interface(), variants...)
			if err != nil {
				return reflect.Value{}, err
			}
			return reflect.ValueOf(h), nil
		}
	}
	return nil
}
