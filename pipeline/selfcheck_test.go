package pipeline

import (
	"testing"
	"time"

	"github.com/seopipe/seopipe/verify"
)

func TestUnchangedFile(t *testing.T) {
	checked := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	settled := checked.Add(-time.Minute).UnixNano() // long before the check
	racyMod := checked.Add(-10 * time.Millisecond).UnixNano()
	later := checked.Add(time.Hour).UnixNano() // written again since
	const head, jsonld, card, other = "seo/a/head.html", "seo/a/schema.jsonld", "cards/a-og-1234abcd.png", "seo/b/head.html"
	known := map[string]string{head: "aaaa", jsonld: "bbbb", card: "dddd"}
	stamp := func(name string, size, mod int64, sum string) verify.FileStamp {
		return verify.FileStamp{Name: name, Size: size, Mod: mod, Sum: sum}
	}
	tests := []struct {
		name          string
		rec, now      verify.FileStamp // now.Sum is rec.Sum, as the caller sets it
		ok, byContent bool
	}{
		{"same stamp, settled", stamp(other, 10, settled, "x"), stamp(other, 10, settled, "x"), true, false},
		{"same stamp, settled, bytes known", stamp(head, 10, settled, "zzzz"), stamp(head, 10, settled, "zzzz"), true, false},
		{"same stamp, racy, bytes unknown", stamp(other, 10, racyMod, "x"), stamp(other, 10, racyMod, "x"), false, true},
		{"same stamp, racy, bytes known and read", stamp(head, 10, racyMod, "aaaa"), stamp(head, 10, racyMod, "aaaa"), true, true},
		{"written again, the bytes the check read", stamp(head, 10, settled, "aaaa"), stamp(head, 10, later, "aaaa"), true, true},
		{"written again, other bytes", stamp(jsonld, 10, settled, "cccc"), stamp(jsonld, 10, later, "cccc"), false, true},
		{"written again, no digest recorded", stamp(jsonld, 10, settled, ""), stamp(jsonld, 10, later, ""), false, true},
		{"written again, another size", stamp(head, 10, settled, "aaaa"), stamp(head, 11, later, "aaaa"), false, false},
		{"gone", stamp(head, 10, settled, "aaaa"), stamp(head, -1, 0, "aaaa"), false, false},
		{"gone then, gone now", stamp(other, -1, 0, ""), stamp(other, -1, 0, ""), true, false},
		{"changed, bytes unknown", stamp(other, 10, settled, "x"), stamp(other, 10, later, "x"), false, true},
		{"an image written again, the bytes the check read", stamp(card, 900, settled, "dddd"), stamp(card, 900, later, "dddd"), true, true},
		{"an image written again, other bytes of the same size", stamp(card, 900, settled, "eeee"), stamp(card, 900, later, "eeee"), false, true},
		{"an image kept, racy: bytes unknown", stamp("images/a/hero-320-0000.jpg", 900, racyMod, "ffff"), stamp("images/a/hero-320-0000.jpg", 900, racyMod, "ffff"), false, true},
	}
	for _, tt := range tests {
		ok, byContent := unchangedFile(tt.rec, tt.now, checked, known)
		if ok != tt.ok || (ok && byContent != tt.byContent) {
			t.Errorf("%s: unchanged = %v, %v; want %v, %v", tt.name, ok, byContent, tt.ok, tt.byContent)
		}
	}
}
