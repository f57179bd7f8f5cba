package render

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
)

// fill sets v, field by field, to random values: strings from pieces that
// need every kind of escape, numbers, nil, empty and full slices, nil and
// set pointers, nil, empty and full maps. Unexported fields are left alone, as encoding/json leaves
// them.
func fill(r *rand.Rand, v reflect.Value, pieces []string) {
	switch v.Kind() {
	case reflect.String:
		s := ""
		for range r.IntN(4) {
			s += pieces[r.IntN(len(pieces))]
		}
		v.SetString(s)
	case reflect.Int, reflect.Int64:
		v.SetInt([]int64{0, 0, 1, -7, 1 << 40}[r.IntN(5)])
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Pointer:
		if r.IntN(3) > 0 {
			v.Set(reflect.New(v.Type().Elem()))
			fill(r, v.Elem(), pieces)
		}
	case reflect.Slice:
		switch r.IntN(4) {
		case 0: // nil
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			n := 1 + r.IntN(3)
			v.Set(reflect.MakeSlice(v.Type(), n, n))
			for i := range n {
				fill(r, v.Index(i), pieces)
			}
		}
	case reflect.Map:
		if r.IntN(4) > 0 {
			m := reflect.MakeMap(v.Type())
			for range r.IntN(4) {
				k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
				fill(r, k, pieces)
				fill(r, e, pieces)
				m.SetMapIndex(k, e)
			}
			v.Set(m)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i), pieces)
			}
		}
	}
}

// TestAppendJSONSame holds appendJSON to encoding/json's Marshal on 20,000
// incidents, HIBP records and VERIS records each, filled at random by reflection (so a field added to a type and
// not to its appendJSON fails here), with text that needs every escape.
func TestAppendJSONSame(t *testing.T) {
	pieces := []string{"plain", " ", "ü", "€", "😀", "\u2028", "\u2029", "\ufffd", "\xff", "\xed\xa0\x80", "\xe2\x82",
		"<", ">", "&", `"`, `\`, "\b", "\f", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "/", "'"}
	for c := range 0x20 {
		pieces = append(pieces, string(rune(c)))
	}
	r := rand.New(rand.NewPCG(20, 4))
	for _, newRecord := range []func() jsonAppender{
		func() jsonAppender { return new(APIIncident) },
		func() jsonAppender { return new(HIBPBreach) },
		func() jsonAppender { return new(verisRecord) },
	} {
		for range 20000 {
			rec := newRecord()
			fill(r, reflect.ValueOf(rec).Elem(), pieces)
			want, err := json.Marshal(rec)
			if err != nil {
				t.Fatal(err)
			}
			if got := rec.appendJSON(nil); string(got) != string(want) {
				t.Fatalf("%T: appendJSON differs from Marshal:\n got %s\nwant %s", rec, got, want)
			}
		}
	}
}

func BenchmarkAppendJSON(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	as := make([]APIIncident, 100)
	for i := range as {
		fill(r, reflect.ValueOf(&as[i]).Elem(), []string{"Publisher 12", "field-07", "https://news.example/a/1", "Incident 7370: Enable window miles booking"})
	}
	b.Run("appendJSON", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			for i := range as {
				buf = as[i].appendJSON(buf[:0])
			}
		}
	})
	b.Run("Marshal", func(b *testing.B) {
		for b.Loop() {
			for i := range as {
				json.Marshal(&as[i])
			}
		}
	})
}

// TestJSONStringSame holds jsonString to Marshal on every byte at every
// place of a string long enough for the eight-byte steps, and on random
// strings of random bytes and runes.
func TestJSONStringSame(t *testing.T) {
	same := func(s string) {
		t.Helper()
		want, _ := json.Marshal(s)
		if got := jsonString(nil, s); string(got) != string(want) {
			t.Fatalf("jsonString(%q) = %s, want %s", s, got, want)
		}
	}
	for c := range 256 {
		for at := range 24 {
			b := []byte("abcdefghijklmnopqrstuvwx")
			b[at] = byte(c)
			same(string(b))
		}
	}
	r := rand.New(rand.NewPCG(20, 11))
	runes := []string{"ü", "€", "😀", "\u2028", "\u2029", "\ufffd", "\xff", "\xe2\x80", "<", "&", `"`, `\`, "\n", "\x00"}
	for range 20000 {
		var b []byte
		for range r.IntN(100) {
			if r.IntN(8) == 0 {
				b = append(b, runes[r.IntN(len(runes))]...)
			} else {
				b = append(b, byte(0x20+r.IntN(0x5f)))
			}
		}
		same(string(b))
	}
}
