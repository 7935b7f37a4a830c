package pipeline

// Whole-site cases of front matter in the shapes of other generators
// (Hugo themes, Next.js starters, Jekyll plugins), built with buildSite.

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAuthorMappingURL: an author given as a mapping with a url is linked
// to that page in the JSON-LD and the feeds, unless the authors table has
// an entry for the name: the table wins. A path is on the site.
func TestAuthorMappingURL(t *testing.T) {
	b, _ := buildSite(t, map[string]string{
		"seopipe.yaml": "site:\n  url: https://example.com/blog/\n  title: Site\n  authors:\n    Ann:\n      url: /authors/ann/\ncards:\n  sizes: []\n",
		"content/a.md": md("title: A\ndate: 2025-10-01\nauthors:\n"+
			"  - {name: Ann, url: 'https://elsewhere.example/ann'}\n"+
			"  - {name: Jane, twitter: jane, url: 'https://jane.example/'}\n"+
			"  - {name: Bo, link: /bo/}\n"+
			"  - {name: Cy, picture: /cy.jpg}\n", "x\n"),
	}, nil)
	for _, p := range b.res.Problems {
		t.Errorf("build problem: %s", p.Error())
	}
	want := map[string]string{
		"Ann":  "https://example.com/blog/authors/ann/",
		"Jane": "https://jane.example/",
		"Bo":   "https://example.com/blog/bo/",
		"Cy":   "",
	}
	var doc struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(b.file("seo/a/schema.jsonld")), &doc); err != nil {
		t.Fatal(err)
	}
	ld := map[string]string{}
	for _, n := range doc.Graph {
		if n["@type"] == "Person" {
			u, _ := n["url"].(string)
			ld[n["name"].(string)] = u
		}
	}
	if diff := cmp.Diff(want, ld); diff != "" {
		t.Errorf("JSON-LD Person urls (-want +got):\n%s", diff)
	}
	var feed struct {
		Items []struct {
			Authors []struct{ Name, URL string }
		}
	}
	if err := json.Unmarshal([]byte(b.file("feed.json")), &feed); err != nil {
		t.Fatal(err)
	}
	jf := map[string]string{}
	for _, it := range feed.Items {
		for _, a := range it.Authors {
			jf[a.Name] = a.URL
		}
	}
	if diff := cmp.Diff(want, jf); diff != "" {
		t.Errorf("feed.json author urls (-want +got):\n%s", diff)
	}
}
