package verify

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// referenceManifest reads doc with encoding/json, the semantics
// decodeManifest promises: those of json.Unmarshal into
// struct{Site struct{URL string}; Posts []manifestPost}, except that a
// repeated "posts" replaces the posts before it (json.Unmarshal would
// decode the second array into the first one's elements).
func referenceManifest(doc []byte) (*manifest, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(doc, &top); err != nil {
		return nil, err
	}
	var site struct {
		URL string `json:"url"`
	}
	var posts []manifestPost
	// The members in file order, as json.Unmarshal meets them.
	dec := json.NewDecoder(bytes.NewReader(doc))
	if tok, _ := dec.Token(); tok != nil {
		for dec.More() {
			tok, _ := dec.Token()
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, err
			}
			key := tok.(string)
			switch {
			case strings.EqualFold(key, "site"):
				if err := json.Unmarshal(raw, &site); err != nil {
					return nil, err
				}
			case strings.EqualFold(key, "posts"):
				posts = nil
				if err := json.Unmarshal(raw, &posts); err != nil {
					return nil, err
				}
			}
		}
	}
	m := &manifest{siteURL: site.URL, files: map[string]string{}, entries: map[string]*Entry{}}
	for i := range posts {
		m.add("", newEntry(&posts[i]))
	}
	return m, nil
}

// compareManifests reports how got differs from want, entries aside.
func compareManifests(want, got *manifest) string {
	type view struct {
		Site  string
		Posts []post
		Files map[string]string
	}
	opt := cmp.AllowUnexported(post{}, facts{})
	return cmp.Diff(view{want.siteURL, want.posts, want.files}, view{got.siteURL, got.posts, got.files}, opt)
}

const manifestPostA = `{"url": "https://example.com/a/", "publishedAt": "2026-01-02T03:04:05+01:00",
	"html": "<p>a \"quoted\" {brace} [bracket] \\\\ \\\" end</p>",
	"seo": {"head": "seo/a/head.html", "jsonld": "seo/a/schema.jsonld"},
	"images": [{"role": "hero", "variants": [{"url": "https://example.com/images/a/x-640.jpg", "path": "images/a/x-640.jpg"}],
		"crops": [{"url": "https://example.com/images/a/x-16x9.jpg", "path": "images/a/x-16x9.jpg", "aspect": "16:9"},
		          {"url": "https://example.com/images/a/x-1x1.jpg", "path": "images/a/x-1x1.jpg", "aspect": "1:1"}]}]}`

const manifestPostB = `{"URL":"https://example.com/b/","updatedAt":"2026-02-01T00:00:00Z","publishedAt":"2026-01-01T00:00:00Z","tags":["x",{"y":[1,2.5e3,true,false,null]}]}`

func TestDecodeManifest(t *testing.T) {
	tests := []struct {
		name, doc string
		wantErr   string // "" for none
	}{
		{name: "two posts", doc: `{"version": 1, "site": {"url": "https://example.com/"}, "posts": [` + manifestPostA + `, ` + manifestPostB + `]}`},
		{name: "no white space", doc: `{"site":{"url":"https://example.com/"},"posts":[` + manifestPostB + `,` + manifestPostB + `]}`},
		{name: "white space everywhere", doc: " \r\n\t{ \"site\" : { \"url\" : \"https://example.com/\" } , \"posts\" : [ \n" + manifestPostB + " \n ] } \n"},
		{name: "null", doc: ` null `},
		{name: "null posts", doc: `{"site": {"url": "u"}, "posts": null}`},
		{name: "empty posts", doc: `{"posts": []}`},
		{name: "null post", doc: `{"posts": [null, ` + manifestPostB + `]}`},
		{name: "keys in any case, last wins", doc: `{"SITE": {"url": "a"}, "Site": {"other": 1}, "site": {"URL": "b"}, "posts": [], "POSTS": [` + manifestPostB + `]}`},
		{name: "escaped key", doc: `{"s\u0069te": {"url": "a"}, "posts": []}`},
		{name: "string ending in backslashes", doc: `{"x": "\\\\", "posts": [{"url": "\\\"", "html": "\\"}]}`},
		{name: "unknown values of every kind", doc: `{"a": 1, "b": -0.5e-3, "c": true, "d": false, "e": null, "f": "s", "g": [[{}]], "h": {"i": []}, "posts": []}`},
		{name: "truncated in a string", doc: `{"posts": [{"html": "abc`, wantErr: "posts[0]: unexpected EOF"},
		{name: "truncated after a post", doc: `{"posts": [` + manifestPostB, wantErr: "unexpected EOF"},
		{name: "truncated object", doc: `{"site": {"url": "a"}`, wantErr: "unexpected EOF"},
		{name: "empty file", doc: ``, wantErr: "unexpected EOF"},
		{name: "data after", doc: `{"posts": []} {}`, wantErr: "data after the top-level value"},
		{name: "an array", doc: `[]`, wantErr: "want a JSON object"},
		{name: "a number", doc: `12`, wantErr: "want a JSON object"},
		{name: "nul", doc: `nul`, wantErr: "want null"},
		{name: "trailing comma in posts", doc: `{"posts": [` + manifestPostB + `,]}`, wantErr: "posts[1]: want a value"},
		{name: "trailing comma in object", doc: `{"posts": [],}`, wantErr: "want a value"},
		{name: "missing comma", doc: `{"posts": [] "site": {}}`, wantErr: "want , or }"},
		{name: "missing colon", doc: `{"posts" []}`, wantErr: "want ':'"},
		{name: "key not a string", doc: `{1: []}`, wantErr: "object key"},
		{name: "bad unknown value", doc: `{"x": tru, "posts": []}`, wantErr: "x: not valid JSON"},
		{name: "bad number in a post", doc: `{"posts": [{"n": 01}]}`, wantErr: "posts[0]: invalid character"},
		{name: "a post not an object", doc: `{"posts": [5]}`, wantErr: "posts[0]: json: cannot unmarshal number"},
		{name: "posts not an array", doc: `{"posts": {}}`, wantErr: "posts: want an array"},
		{name: "mismatched brackets in a post", doc: `{"posts": [{"a": [}]]}`, wantErr: "posts[0]: invalid character"},
		{name: "site of the wrong type", doc: `{"site": [], "posts": []}`, wantErr: "site: json: cannot unmarshal array"},
		{name: "control character in a post", doc: "{\"posts\": [{\"url\": \"a\x01\"}]}", wantErr: "posts[0]: invalid character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, werr := referenceManifest([]byte(tt.doc))
			got, err := decodeManifest(strings.NewReader(tt.doc), nil)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				if werr == nil {
					t.Fatalf("json.Unmarshal accepts what decodeManifest refuses (%v)", err)
				}
				return
			}
			if err != nil || werr != nil {
				t.Fatalf("decodeManifest: %v; json.Unmarshal: %v", err, werr)
			}
			if d := compareManifests(want, got); d != "" {
				t.Errorf("decodeManifest differs from json.Unmarshal (-want +got):\n%s", d)
			}
			// Given the entries it read, it reads the same without decoding.
			again, err := decodeManifest(strings.NewReader(tt.doc), got.entries)
			if err != nil {
				t.Fatal(err)
			}
			if d := compareManifests(want, again); d != "" {
				t.Errorf("with known entries (-want +got):\n%s", d)
			}
		})
	}
}

// TestDecodeManifestKnownEntries checks that a known entry is taken only
// for the very bytes it was read from.
func TestDecodeManifestKnownEntries(t *testing.T) {
	doc := `{"site": {"url": "https://example.com/"}, "posts": [` + manifestPostA + `]}`
	first, err := decodeManifest(strings.NewReader(doc), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.entries) != 1 {
		t.Fatalf("%d entries, want 1", len(first.entries))
	}
	// A wrong entry under the sum of the post's bytes is taken: that is
	// what the sum promises. Under any other sum it is not.
	poisoned := map[string]*Entry{}
	for sum := range first.entries {
		poisoned[sum] = &Entry{URL: "https://example.com/poisoned/"}
	}
	got, err := decodeManifest(strings.NewReader(doc), poisoned)
	if err != nil {
		t.Fatal(err)
	}
	if got.posts[0].url != "https://example.com/poisoned/" {
		t.Errorf("the known entry was not taken: url %q", got.posts[0].url)
	}
	edited := strings.Replace(doc, "/a/", "/a2/", 1)
	got, err = decodeManifest(strings.NewReader(edited), poisoned)
	if err != nil {
		t.Fatal(err)
	}
	if got.posts[0].url != "https://example.com/a2/" {
		t.Errorf("an edited post was taken from the known entries: url %q", got.posts[0].url)
	}
}

// FuzzDecodeManifest holds decodeManifest to json.Unmarshal: the same
// documents accepted, and the same posts read from them, with and without
// the entries of a first read.
func FuzzDecodeManifest(f *testing.F) {
	f.Add([]byte(`{"version": 1, "site": {"url": "https://example.com/"}, "posts": [` + manifestPostA + `, ` + manifestPostB + `]}`))
	f.Add([]byte(`{"posts": [null, {"url": "\\\"", "seo": null}], "POSTS": [{}]}`))
	f.Add([]byte(` null `))
	f.Add([]byte(`{"a": [1, {"b": "}"}], "site": {"url": 5}}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		want, werr := referenceManifest(doc)
		got, err := decodeManifest(strings.NewReader(string(doc)), nil)
		if (err == nil) != (werr == nil) {
			t.Fatalf("decodeManifest: %v; json.Unmarshal: %v", err, werr)
		}
		if err != nil {
			return
		}
		if d := compareManifests(want, got); d != "" {
			t.Fatalf("decodeManifest differs from json.Unmarshal (-want +got):\n%s", d)
		}
		again, err := decodeManifest(strings.NewReader(string(doc)), got.entries)
		if err != nil {
			t.Fatal(err)
		}
		if d := compareManifests(want, again); d != "" {
			t.Fatalf("with known entries (-want +got):\n%s", d)
		}
	})
}
