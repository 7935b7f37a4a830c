package cache

import (
	"encoding/hex"
	"math"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// valueKey is the key of v alone.
func valueKey(v any) string { return NewKeyer().AddValue(v).Sum() }

// TestAddValueEncoding pins the encoding: a key must not move between
// runs, machines or Go releases, or every derived file name would.
func TestAddValueEncoding(t *testing.T) {
	type opts struct {
		Widths []int
		Name   string
		Skip   bool // zero: left out
		Focus  *float64
		Tags   map[string]int
		hidden uint8
	}
	half := 0.5
	v := opts{Widths: []int{480}, Name: "og", Focus: &half, Tags: map[string]int{"b": 2, "a": 1}, hidden: 7}
	want := "53" + // S
		"46" + "0000000000000000" + "6c" + "0000000000000001" + "69" + "00000000000001e0" + // F0 l[1] i480
		"46" + "0000000000000001" + "73" + "0000000000000002" + "6f67" + // F1 s"og"
		"46" + "0000000000000003" + "70" + "66" + "3fe0000000000000" + // F3 p f0.5
		"46" + "0000000000000004" + "6d" + "0000000000000002" + // F4 m[2]
		"73" + "0000000000000001" + "61" + "69" + "0000000000000001" + // "a": 1
		"73" + "0000000000000001" + "62" + "69" + "0000000000000002" + // "b": 2
		"46" + "0000000000000005" + "75" + "0000000000000007" + // F5 u7
		"45" // E
	if diff := cmp.Diff(want, hex.EncodeToString(appendValue(nil, reflect.ValueOf(v)))); diff != "" {
		t.Errorf("encoding (-want +got):\n%s", diff)
	}
}

func TestAddValueDiffers(t *testing.T) {
	type pair struct{ A, B string }
	type withFloat struct{ F float64 }
	type withSlice struct{ S []int }
	type withMap struct{ M map[string]bool }
	type withPtr struct{ P *int }
	type withAny struct{ V any }
	zero := 0
	tests := []struct {
		name string
		a, b any
	}{
		{"field boundary", pair{"ab", "c"}, pair{"a", "bc"}},
		{"field order", pair{"a", "b"}, pair{"b", "a"}},
		{"zero and set field", pair{"", "b"}, pair{"b", ""}},
		{"nil and empty slice", withSlice{nil}, withSlice{[]int{}}},
		{"slice contents", withSlice{[]int{1, 2}}, withSlice{[]int{2, 1}}},
		{"nil and empty map", withMap{nil}, withMap{map[string]bool{}}},
		{"map value", withMap{map[string]bool{"a": true}}, withMap{map[string]bool{"a": false}}},
		{"nil pointer and pointer to zero", withPtr{nil}, withPtr{&zero}},
		{"float values", withFloat{0.25}, withFloat{0.5}},
		{"int and uint in an interface", withAny{int(1)}, withAny{uint(1)}},
		{"int and int64 in an interface", withAny{int(1)}, withAny{int64(1)}},
		{"nil interface and zero int", withAny{nil}, withAny{0}},
		{"string and bytes", "ab", []byte("ab")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a, b := valueKey(tt.a), valueKey(tt.b); a == b {
				t.Errorf("AddValue(%#v) == AddValue(%#v) == %s", tt.a, tt.b, a)
			}
		})
	}
}

func TestAddValueSame(t *testing.T) {
	type before struct{ Width int }
	type after struct {
		Width   int
		Sharpen float64 // a new option, zero meaning none as before
	}
	type renamed struct{ W int }
	a := map[string]int{}
	b := map[string]int{}
	for i := range 100 {
		a[string(rune('a'+i%26))+string(rune('A'+i/26))] = i
	}
	for i := 99; i >= 0; i-- {
		b[string(rune('a'+i%26))+string(rune('A'+i/26))] = i
	}
	tests := []struct {
		name string
		a, b any
	}{
		{"a new zero field", before{1200}, after{Width: 1200}},
		{"a renamed field", before{1200}, renamed{1200}},
		{"maps filled in another order", a, b},
		{"NaN", withNaN(), withNaN()},
		{"zero and negative zero", 0.0, math.Copysign(0, -1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a, b := valueKey(tt.a), valueKey(tt.b); a != b {
				t.Errorf("AddValue(%#v) = %s, AddValue(%#v) = %s; want the same", tt.a, a, tt.b, b)
			}
		})
	}
	if valueKey(after{Width: 1200, Sharpen: 0.5}) == valueKey(before{1200}) {
		t.Error("a new field set to a value keys the same as without it")
	}
}

func withNaN() struct{ F float64 } { return struct{ F float64 }{math.NaN()} }

func TestAddValueNotData(t *testing.T) {
	for _, v := range []any{func() {}, make(chan int), struct{ F func() }{func() {}}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("AddValue(%T) did not panic", v)
				}
			}()
			valueKey(v)
		}()
	}
	// A nil func field is zero, so left out: a struct may hold one.
	if valueKey(struct{ F func() }{}) != valueKey(struct{}{}) {
		t.Error("a nil func field changed the key")
	}
}
