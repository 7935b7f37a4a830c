package cache

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"slices"
)

// AddValue mixes in v, plain data — booleans, numbers, strings, and arrays,
// slices, maps, pointers, interfaces and structs of them — as one part: its
// canonical encoding. It is how an options struct becomes a key: every
// field counts, exported or not and whatever its tags, so a new option can
// never be left out of the key that names what the options made.
//
// The encoding is by position and kind, not by name, so renaming a field
// keeps every key. A struct field at its zero value is left out, so adding a
// field whose zero value means "as before" keeps every key too. A nil slice,
// map or pointer and an empty or non-nil one differ (a nil option often means
// the default); -0 is 0, and every NaN one NaN. Map entries are ordered by
// their encoded keys. v must not hold a cycle; a func, chan or unsafe pointer
// in it panics: it is not data, and a key struct that holds one is a
// programming error.
func (k *Keyer) AddValue(v any) *Keyer {
	return k.Add(appendValue(nil, reflect.ValueOf(v)))
}

// The tags that start each encoded value.
const (
	tagNil       = 'n'
	tagBool      = 'b'
	tagInt       = 'i'
	tagUint      = 'u'
	tagFloat     = 'f'
	tagComplex   = 'c'
	tagString    = 's'
	tagList      = 'l' // array or non-nil slice
	tagMap       = 'm'
	tagPointer   = 'p'
	tagInterface = 'I'
	tagStruct    = 'S'
	tagField     = 'F'
	tagEnd       = 'E'
)

func appendValue(b []byte, v reflect.Value) []byte {
	if !v.IsValid() { // a nil interface at the top
		return append(b, tagNil)
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			return append(b, tagBool, 1)
		}
		return append(b, tagBool, 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return binary.BigEndian.AppendUint64(append(b, tagInt), uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return binary.BigEndian.AppendUint64(append(b, tagUint), v.Uint())
	case reflect.Float32, reflect.Float64:
		return appendFloat(append(b, tagFloat), v.Float())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		return appendFloat(appendFloat(append(b, tagComplex), real(c)), imag(c))
	case reflect.String:
		b = binary.BigEndian.AppendUint64(append(b, tagString), uint64(v.Len()))
		return append(b, v.String()...)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return append(b, tagNil)
		}
		b = binary.BigEndian.AppendUint64(append(b, tagList), uint64(v.Len()))
		for i := range v.Len() {
			b = appendValue(b, v.Index(i))
		}
		return b
	case reflect.Map:
		if v.IsNil() {
			return append(b, tagNil)
		}
		type entry struct{ k, v []byte }
		entries := make([]entry, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			entries = append(entries, entry{appendValue(nil, it.Key()), appendValue(nil, it.Value())})
		}
		slices.SortFunc(entries, func(x, y entry) int { return bytes.Compare(x.k, y.k) })
		b = binary.BigEndian.AppendUint64(append(b, tagMap), uint64(len(entries)))
		for _, e := range entries {
			b = append(append(b, e.k...), e.v...)
		}
		return b
	case reflect.Pointer:
		if v.IsNil() {
			return append(b, tagNil)
		}
		return appendValue(append(b, tagPointer), v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			return append(b, tagNil)
		}
		name := v.Elem().Type().String()
		b = binary.BigEndian.AppendUint64(append(b, tagInterface), uint64(len(name)))
		return appendValue(append(b, name...), v.Elem())
	case reflect.Struct:
		b = append(b, tagStruct)
		for i := range v.NumField() {
			f := v.Field(i)
			if f.IsZero() {
				continue
			}
			b = binary.BigEndian.AppendUint64(append(b, tagField), uint64(i))
			b = appendValue(b, f)
		}
		return append(b, tagEnd)
	}
	panic(fmt.Sprintf("cache: AddValue: %s is not data", v.Type()))
}

// appendFloat appends f's bits, with -0 as 0 (they compare equal, and a
// struct field of either is zero) and every NaN as one.
func appendFloat(b []byte, f float64) []byte {
	switch {
	case f == 0:
		f = 0
	case math.IsNaN(f):
		f = math.NaN()
	}
	return binary.BigEndian.AppendUint64(b, math.Float64bits(f))
}
