package buildcache

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/seopipe/seopipe/internal/diag"
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
		ok, byContent := UnchangedFile(tt.rec, tt.now, checked, known)
		if ok != tt.ok || (ok && byContent != tt.byContent) {
			t.Errorf("%s: unchanged = %v, %v; want %v, %v", tt.name, ok, byContent, tt.ok, tt.byContent)
		}
	}
}

// TestVerified: a verification is kept per output directory, and the
// digest of the files changes with any name, size or time.
func TestVerified(t *testing.T) {
	cacheDir := t.TempDir()
	out, other := t.TempDir(), t.TempDir()
	if _, ok := ReadVerified(cacheDir, out); ok {
		t.Fatal("a verification before any was written")
	}
	files := []OutputStat{{Rel: "posts.json", Size: 10, Mod: 5}, {Rel: "sitemap.xml", Size: 20, Mod: 6}}
	v := Verified{Digest: OutputDigest(files), Problems: []diag.Problem{{Path: "sitemap.xml", Line: 3, Severity: diag.Warning, Message: "m"}}}
	if err := WriteVerified(cacheDir, out, v); err != nil {
		t.Fatal(err)
	}
	got, ok := ReadVerified(cacheDir, out)
	if !ok {
		t.Fatal("the verification was not read back")
	}
	if d := cmp.Diff(v, got); d != "" {
		t.Errorf("read back (-written +read):\n%s", d)
	}
	if _, ok := ReadVerified(cacheDir, other); ok {
		t.Error("another output directory's verification was taken")
	}
	if _, ok := ReadVerified("", out); ok {
		t.Error("a verification without a cache dir")
	}
	change := []func(f []OutputStat){
		func(f []OutputStat) { f[0].Rel = "posts2.json" },
		func(f []OutputStat) { f[0].Size++ },
		func(f []OutputStat) { f[1].Mod++ },
		func(f []OutputStat) { f[1].Missing = true },
	}
	for i, c := range change {
		f := slices.Clone(files)
		c(f)
		if OutputDigest(f) == v.Digest {
			t.Errorf("change %d kept the digest", i)
		}
	}
	if OutputDigest(slices.Clone(files)) != v.Digest {
		t.Error("the same files, another digest")
	}
}

// TestVerifyStores: the entries and post records round-trip, and a save
// that changed nothing writes nothing.
func TestVerifyStores(t *testing.T) {
	cacheDir, out := t.TempDir(), t.TempDir()
	recs := map[string]*verify.PostRecord{"a": {Key: "a", Checked: 7}, "b": {Key: "b", Checked: 8}}
	if err := saveVerifyRecords(cacheDir, out, nil, recs, []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	got := ReadVerifyCache(cacheDir, out, nil)
	if d := cmp.Diff(recs, got.Records, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("records read back (-saved +read):\n%s", d)
	}
	delete(recs, "b")
	if err := saveVerifyRecords(cacheDir, out, got.Records, recs, nil); err != nil {
		t.Fatal(err)
	}
	if got := ReadVerifyCache(cacheDir, out, nil).Records; len(got) != 1 || got["a"] == nil {
		t.Errorf("after b went: %v", got)
	}
	if err := SaveVerifyEntries(cacheDir, out, nil, map[string]*verify.Entry{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(verifyEntriesDir(cacheDir, out)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("saving no change wrote the entries store (%v)", err)
	}
}
