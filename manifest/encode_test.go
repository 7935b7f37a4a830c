package manifest

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/post"
)

func testManifest() Manifest {
	return Manifest{Version: Version, Generator: "seopipe test", Site: Site{URL: "https://example.com/", Language: "en", Timezone: "UTC"},
		Sections: []Section{{Source: "_index.md", Title: "Home"}}}
}

func entries(n int) []*Post {
	var out []*Post
	for i := range n {
		pg := testPage()
		pg.Key = fmt.Sprintf("post-%d", i)
		pg.Post = &post.Post{Slug: pg.Key, Title: "T <&> " + pg.Key, Source: pg.Key + ".md", Format: "yaml"}
		out = append(out, NewPost(pg, &SEO{Head: "seo/" + pg.Key + "/head.html"}, nil))
	}
	return out
}

// TestWriterStreamsTheSameBytes checks that posts.json written an entry
// at a time, encoded or copied from the last file, is byte for byte what
// encoding the whole manifest at once gives, and that Size says where
// each entry went.
func TestWriterStreamsTheSameBytes(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		copy bool // copy every entry from a previous file of the same entries
	}{
		{"none", 0, false},
		{"one", 1, false},
		{"three", 3, false},
		{"three copied", 3, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whole := testManifest()
			whole.Posts = entries(tc.n)
			if whole.Posts == nil {
				whole.Posts = []*Post{} // an empty array, as the pipeline writes it
			}
			want, err := Encode(&whole)
			if err != nil {
				t.Fatal(err)
			}
			head, err := Head(testManifest())
			if err != nil {
				t.Fatal(err)
			}
			var data [][]byte
			var sizes []int64
			for _, p := range whole.Posts {
				e, err := EncodeEntry(p)
				if err != nil {
					t.Fatal(err)
				}
				data, sizes = append(data, e), append(sizes, int64(len(e)))
			}
			size, offsets := Size(int64(len(head)), sizes)
			var old *bytes.Reader
			if tc.copy {
				old = bytes.NewReader(want)
			}
			var got bytes.Buffer
			w := NewWriter(&got, head, old)
			var at []int64
			for i, e := range data {
				var off int64
				if tc.copy {
					if off, err = w.Copy(offsets[i], sizes[i]); err != nil {
						t.Fatal(err)
					}
				} else {
					off = w.Add(e)
				}
				at = append(at, off)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(string(want), got.String()); d != "" {
				t.Errorf("streamed posts.json differs (-whole +streamed):\n%s", d)
			}
			if d := cmp.Diff(offsets, at); d != "" {
				t.Errorf("offsets (-Size +written):\n%s", d)
			}
			if size != int64(got.Len()) {
				t.Errorf("Size = %d, the file has %d bytes", size, got.Len())
			}
			for i, off := range at {
				if e := got.Bytes()[off : off+sizes[i]]; !bytes.Equal(e, data[i]) {
					t.Errorf("entry %d at %d is %q, want %q", i, off, e, data[i])
				}
			}
		})
	}
}

// TestCopyWithoutOldFile: copying needs the last posts.json.
func TestCopyWithoutOldFile(t *testing.T) {
	w := NewWriter(&bytes.Buffer{}, nil, nil)
	if _, err := w.Copy(0, 10); err == nil {
		t.Error("Copy without an old file succeeded")
	}
}

// TestCopyPastTheEnd: an old file shorter than the record says fails.
func TestCopyPastTheEnd(t *testing.T) {
	w := NewWriter(&bytes.Buffer{}, nil, bytes.NewReader([]byte("short")))
	if _, err := w.Copy(2, 10); err == nil {
		t.Error("Copy past the end of the old file succeeded")
	}
}
