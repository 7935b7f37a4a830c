package seo

import (
	"bytes"
	"cmp"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/golden"
	"github.com/seopipe/seopipe/site"
)

// ofType returns the nodes of type typ.
func ofType(nodes []map[string]any, typ string) []map[string]any {
	var out []map[string]any
	for _, n := range nodes {
		if n["@type"] == typ {
			out = append(out, n)
		}
	}
	return out
}

// TestGraph checks schema.jsonld against golden files and against rules
// 21–23: references resolve, nothing is empty, the article, page, image,
// logo and breadcrumb say what the post says.
func TestGraph(t *testing.T) {
	for _, tc := range testCases() {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Graph(tc.site, tc.page, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", t.Name()+".golden.jsonld"), b)
			if !bytes.HasSuffix(b, []byte("}\n")) || !bytes.HasPrefix(b, []byte("{\n  ")) {
				t.Errorf("schema.jsonld is not an indented object ending in a newline")
			}
			nodes, byID := decodeGraph(t, b)
			post, page := tc.page.Post, tc.page

			// Every reference resolves; nothing is empty.
			for i, n := range nodes {
				walkJSON(fmt.Sprintf("@graph[%d]", i), n, func(path string, v any) {
					if id := refID(v); id != "" && byID[id] == nil {
						t.Errorf("%s refers to %q, which is no node of the graph", path, id)
					}
					switch v := v.(type) {
					case string:
						if v == "" {
							t.Errorf("%s is an empty string", path)
						}
					case []any:
						if len(v) == 0 {
							t.Errorf("%s is an empty array", path)
						}
					case map[string]any:
						if len(v) == 0 {
							t.Errorf("%s is an empty object", path)
						}
					}
				})
			}

			// The article.
			typ := cmp.Or(tc.opts.ArticleType, "BlogPosting")
			arts := ofType(nodes, typ)
			if len(arts) != 1 {
				t.Fatalf("%d %s nodes, want 1", len(arts), typ)
			}
			art := arts[0]
			if art["@id"] != page.URL+"#article" {
				t.Errorf("article @id = %v, want %s#article", art["@id"], page.URL)
			}
			if art["headline"] != post.Title {
				t.Errorf("headline = %q, want the exact title %q", art["headline"], post.Title)
			}
			if got := refID(art["mainEntityOfPage"]); got != page.URL {
				t.Errorf("mainEntityOfPage = %v, want {\"@id\": %q}", art["mainEntityOfPage"], page.URL)
			}
			if got := refID(art["publisher"]); got != tc.site.URL+"#organization" {
				t.Errorf("publisher = %v, want the Organization", art["publisher"])
			}
			checkDate(t, art, "datePublished", post.PublishedAt)
			checkDate(t, art, "dateModified", cmp.Or(page.Updated, post.PublishedAt))
			authors, ok := art["author"].([]any)
			if !ok || len(authors) != len(authorsOf(page)) {
				t.Errorf("author = %v, want an array of %d references", art["author"], len(authorsOf(page)))
			}
			for i, a := range authors {
				person := byID[refID(a)]
				if person["@type"] != "Person" || person["name"] != authorsOf(page)[i].Name {
					t.Errorf("author[%d] = %v, want the Person %q", i, person, authorsOf(page)[i].Name)
				}
				if u := authorsOf(page)[i].URL; u != "" && person["url"] != u {
					t.Errorf("author[%d] url = %v, want %q", i, person["url"], u)
				}
				if h := authorsOf(page)[i].Twitter; h != "" {
					want := []any{"https://x.com/" + strings.TrimPrefix(h, "@")}
					if d := gocmp.Diff(want, person["sameAs"]); d != "" {
						t.Errorf("author[%d] sameAs mismatch (-want +got):\n%s", i, d)
					}
				}
			}
			wantKeywords := cmp.Or(strings.Join(post.Keywords, "\x00"), strings.Join(post.Tags, "\x00"))
			if got := joinAny(art["keywords"]); got != wantKeywords {
				t.Errorf("keywords = %v, want the keywords, else the tags", art["keywords"])
			}
			if post.Category != "" && art["articleSection"] != post.Category {
				t.Errorf("articleSection = %v, want %q", art["articleSection"], post.Category)
			}
			if post.WordCount > 0 && art["wordCount"] != float64(post.WordCount) {
				t.Errorf("wordCount = %v, want %d", art["wordCount"], post.WordCount)
			}
			if art["inLanguage"] != cmp.Or(post.Lang, tc.site.Language) {
				t.Errorf("inLanguage = %v", art["inLanguage"])
			}

			// The page, its image and its site.
			wp := byID[page.URL]
			if wp["@type"] != "WebPage" || wp["url"] != page.URL {
				t.Errorf("node %s = %v, want the WebPage", page.URL, wp)
			}
			if refID(wp["isPartOf"]) != tc.site.URL+"#website" || refID(art["isPartOf"]) != page.URL {
				t.Errorf("isPartOf chain broken: article %v, page %v", art["isPartOf"], wp["isPartOf"])
			}
			imgs, _ := art["image"].([]any)
			if img := page.Image; img != nil {
				if len(imgs) != 1 || refID(imgs[0]) != page.URL+"#primaryimage" || refID(wp["primaryImageOfPage"]) != page.URL+"#primaryimage" {
					t.Errorf("article image %v, primaryImageOfPage %v: want the #primaryimage node", art["image"], wp["primaryImageOfPage"])
				}
				io := byID[page.URL+"#primaryimage"]
				if io["@type"] != "ImageObject" || io["url"] != img.URL || io["contentUrl"] != img.URL {
					t.Errorf("primary image = %v, want an ImageObject of %s", io, img.URL)
				}
				_, hasW := io["width"]
				_, hasH := io["height"]
				if hasW != img.Measured() || hasH != img.Measured() {
					t.Errorf("primary image width/height present %v/%v, want %v (measured only)", hasW, hasH, img.Measured())
				}
				if img.Measured() && (io["width"] != float64(img.Width) || io["height"] != float64(img.Height)) {
					t.Errorf("primary image %vx%v, want %dx%d", io["width"], io["height"], img.Width, img.Height)
				}
			} else if art["image"] != nil || wp["primaryImageOfPage"] != nil || len(ofType(nodes, "ImageObject")) != 0 {
				t.Errorf("a post without an image has image %v, primaryImageOfPage %v", art["image"], wp["primaryImageOfPage"])
			}
			if ws := byID[tc.site.URL+"#website"]; ws["@type"] != "WebSite" || ws["url"] != tc.site.URL {
				t.Errorf("WebSite = %v", ws)
			}
			org := byID[tc.site.URL+"#organization"]
			if org["@type"] != "Organization" {
				t.Errorf("Organization = %v", org)
			}
			if logo := tc.site.Publisher.Logo; logo != nil {
				l, _ := org["logo"].(map[string]any)
				if l["@type"] != "ImageObject" || l["url"] != logo.URL {
					t.Errorf("Organization logo = %v, want an ImageObject of %s", org["logo"], logo.URL)
				}
				if _, has := l["width"]; has != logo.Measured() {
					t.Errorf("logo width present %v, want %v (measured only)", has, logo.Measured())
				}
			} else if org["logo"] != nil {
				t.Errorf("Organization logo = %v for a publisher without one", org["logo"])
			}

			checkBreadcrumb(t, byID[page.URL+"#breadcrumb"], tc)
		})
	}
}

// checkDate checks that node[key] is an RFC 3339 time with the zone and
// instant of want, or absent when want is zero.
func checkDate(t *testing.T, node map[string]any, key string, want time.Time) {
	t.Helper()
	v, ok := node[key].(string)
	if want.IsZero() {
		if ok {
			t.Errorf("%s = %q for a post without a date", key, v)
		}
		return
	}
	got, err := time.Parse(time.RFC3339, v)
	if err != nil {
		t.Errorf("%s %q is not RFC 3339 with a zone: %v", key, v, err)
		return
	}
	_, gotOff := got.Zone()
	_, wantOff := want.Zone()
	if !got.Equal(want) || gotOff != wantOff {
		t.Errorf("%s = %s, want %s (same instant and offset)", key, v, want.Format(time.RFC3339))
	}
}

// checkBreadcrumb checks positions 1..n, names, and items (rule 23).
func checkBreadcrumb(t *testing.T, bc map[string]any, tc testCase) {
	t.Helper()
	if bc["@type"] != "BreadcrumbList" {
		t.Fatalf("breadcrumb = %v, want a BreadcrumbList", bc)
	}
	items, _ := bc["itemListElement"].([]any)
	type crumb struct {
		Pos        float64
		Name, Item string
	}
	var got []crumb
	for _, it := range items {
		m := it.(map[string]any)
		if m["@type"] != "ListItem" {
			t.Errorf("breadcrumb item %v is not a ListItem", m)
		}
		c := crumb{Pos: m["position"].(float64), Name: m["name"].(string)}
		c.Item, _ = m["item"].(string)
		got = append(got, c)
	}
	home := "Home"
	if l := tc.page.Language(); l != "" && !strings.HasPrefix(l, "en") && tc.site.Title != "" {
		home = tc.site.Title // a page in another language: the site's name
	}
	want := []crumb{{1, home, tc.site.URL}}
	if tc.page.Post.Category != "" {
		want = append(want, crumb{2, tc.page.Post.Category, tc.page.CategoryURL})
	}
	want = append(want, crumb{float64(len(want) + 1), tc.page.Post.Title, ""})
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("breadcrumb mismatch (-want +got):\n%s", d)
	}
	for i, c := range got {
		if c.Pos != float64(i+1) {
			t.Errorf("breadcrumb %d has position %v", i, c.Pos)
		}
		if i < len(got)-1 {
			if err := checkAbs(c.Item); err != nil {
				t.Errorf("breadcrumb %d item %q %v", i, c.Item, err)
			}
		}
	}
}

// joinAny joins a JSON array of strings with NUL.
func joinAny(v any) string {
	list, _ := v.([]any)
	s := make([]string, len(list))
	for i, e := range list {
		s[i], _ = e.(string)
	}
	return strings.Join(s, "\x00")
}

// TestSiteWithPath checks the site-wide @ids keep the site's path.
func TestSiteWithPath(t *testing.T) {
	var tc testCase
	for _, c := range testCases() {
		if c.name == "site-with-path" {
			tc = c
		}
	}
	b, err := Graph(tc.site, tc.page, tc.opts)
	if err != nil {
		t.Fatal(err)
	}
	_, byID := decodeGraph(t, b)
	for _, id := range []string{
		"https://example.com/blog/#website",
		"https://example.com/blog/#organization",
		"https://example.com/blog/#/schema/person/marco-grima",
		"https://example.com/blog/cloud-infrastructure/openai-aws-partnership-biggest-tech-deal/#article",
	} {
		if byID[id] == nil {
			t.Errorf("no node %s", id)
		}
	}
	if u := byID["https://example.com/blog/#organization"]["url"]; u != "https://example.com/blog/" {
		t.Errorf("Organization url = %v, want the site URL when the publisher has none", u)
	}
}

// TestPersonID checks authors get the @id of the brief, from
// post.Slugify, with a fallback for names it turns into nothing.
func TestPersonID(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Marco Grima", "https://example.com/#/schema/person/marco-grima"},
		{"marco  GRIMA", "https://example.com/#/schema/person/marco-grima"},
		{"Ġużeppi Borġ", "https://example.com/#/schema/person/ġużeppi-borġ"},
		{"🚀", "https://example.com/#/schema/person/%F0%9F%9A%80"},
	} {
		if got := personID("https://example.com/", tc.name); got != tc.want {
			t.Errorf("personID(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestArticleImages is rule 22: with the hero's crops, the article's images
// are the crops alone, and the page's primary image (the card, when there
// is one) is primaryImageOfPage; without crops, the primary image.
func TestArticleImages(t *testing.T) {
	crop := func(w, h int) site.Image {
		return site.Image{URL: fmt.Sprintf("https://example.com/images/h-%dx%d.jpg", w, h), Width: w, Height: h, MIME: "image/jpeg"}
	}
	crops := []site.Image{crop(1200, 675), crop(1200, 900), crop(900, 900)}
	card := site.Image{URL: "https://example.com/cards/x-og-12345678.png", Width: 1200, Height: 630, MIME: "image/png"}
	tests := []struct {
		name     string
		primary  site.Image
		crops    []site.Image
		want     []string // the article's image URLs; "#" for the reference to the primary image
		wantPage string   // primaryImageOfPage's url
	}{
		{"a card and crops", card, crops, []string{crops[0].URL, crops[1].URL, crops[2].URL}, card.URL},
		{"crops, no card", crops[0], crops, []string{"#", crops[1].URL, crops[2].URL}, crops[0].URL},
		{"a card, no crops", card, nil, []string{"#"}, card.URL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pg := seedPage()
			pg.Image, pg.Crops = &tt.primary, tt.crops
			b, err := Graph(testSite(), pg, Options{})
			if err != nil {
				t.Fatal(err)
			}
			nodes, byID := decodeGraph(t, b)
			art := ofType(nodes, "BlogPosting")[0]
			var got []string
			for _, im := range art["image"].([]any) {
				if id := refID(im); id != "" {
					if id != pg.URL+"#primaryimage" {
						t.Errorf("image refers to %q", id)
					}
					got = append(got, "#")
					continue
				}
				got = append(got, im.(map[string]any)["url"].(string))
			}
			if diff := gocmp.Diff(tt.want, got); diff != "" {
				t.Errorf("article images (-want +got):\n%s", diff)
			}
			page := ofType(nodes, "WebPage")[0]
			if u := byID[refID(page["primaryImageOfPage"])]["url"]; u != tt.wantPage {
				t.Errorf("primaryImageOfPage is %v, want %s", u, tt.wantPage)
			}
		})
	}
}
