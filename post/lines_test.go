package post

import (
	"bytes"
	"encoding/gob"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLinesGob(t *testing.T) {
	tests := []struct {
		name string
		in   Lines
	}{
		{"one", Lines{"title": 2}},
		{"front matter", Lines{"title": 2, "date": 3, "slug": 4, "image": 9, "seo.metatitle": 12, "metaTitle": 12, "card": 20}},
		{"line zero and large lines", Lines{"a": 0, "b": 1 << 40}},
		{"names beyond ASCII and empty", Lines{"": 1, "título": 7, "説明": 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.in.GobEncode()
			if err != nil {
				t.Fatal(err)
			}
			b2, _ := tt.in.GobEncode()
			if !bytes.Equal(b, b2) {
				t.Error("two encodings of the same map differ")
			}
			var got Lines
			if err := got.GobDecode(b); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.in, got); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLinesInPost: a Post through gob keeps its lines, and a post without
// any still decodes.
func TestLinesInPost(t *testing.T) {
	for _, in := range []*Post{
		{Slug: "a", Title: "A", Lines: Lines{"title": 2, "slug": 3}},
		{Slug: "b", Title: "B"},
	} {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(in); err != nil {
			t.Fatal(err)
		}
		var out Post
		if err := gob.NewDecoder(&buf).Decode(&out); err != nil {
			t.Fatal(err)
		}
		if len(in.Lines) == 0 && len(out.Lines) == 0 {
			continue
		}
		if diff := cmp.Diff(in.Lines, out.Lines); diff != "" {
			t.Errorf("%s: lines (-want +got):\n%s", in.Slug, diff)
		}
	}
}

func TestLinesGobDecodeMalformed(t *testing.T) {
	good, _ := Lines{"title": 2, "date": 300}.GobEncode()
	tests := map[string][]byte{
		"empty":              {},
		"count too large":    {0xff, 0x01},
		"truncated name":     good[:3],
		"truncated line":     good[:len(good)-1],
		"trailing bytes":     append(append([]byte{}, good...), 0),
		"overlong varint":    {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01},
		"name past end":      {1, 9, 'a'},
		"names out of order": {2, 1, 'b', 1, 1, 'a', 2},
		"a name twice":       {2, 1, 'b', 1, 1, 'b', 2},
		"a longer varint":    {0x80, 0x00},
	}
	for name, b := range tests {
		var l Lines
		if err := l.GobDecode(b); err == nil {
			t.Errorf("%s: decoded %v, want an error", name, l)
		}
	}
}

func FuzzLinesGobDecode(f *testing.F) {
	for _, l := range []Lines{{}, {"title": 2}, {"a": 1, "b": 1 << 30}} {
		b, _ := l.GobEncode()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var l Lines
		if l.GobDecode(b) != nil {
			return
		}
		// What decodes encodes back to the same bytes: the encoding is
		// canonical (names once each, in order), and GobDecode takes no
		// other.
		again, err := l.GobEncode()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, b) {
			t.Errorf("decoded %x, encodes back as %x", b, again)
		}
		var l2 Lines
		if err := l2.GobDecode(again); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(l, l2); diff != "" {
			t.Errorf("re-decoded (-first +second):\n%s", diff)
		}
	})
}
