package pipeline

import (
	"encoding/xml"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/seopipe/seopipe/internal/diag"
)

// TestBadInputsURLs checks canonical URLs, translations and a site URL with a
// path.
func TestBadInputsURLs(t *testing.T) {
	t.Parallel()
	hero := pngOf(t, 1200, 630)
	runBadInputs(t, []badCase{
		{
			name:    "a canonical URL on another host (syndicated)",
			offSite: true,
			files: map[string]string{
				"content/posts/syndicated.md": md("title: Syndicated\ndate: 2025-10-01\ncanonical: https://other.example/original/\n", "Text.\n"),
				"content/posts/own.md":        md("title: Own\ndate: 2025-10-02\n", "Text.\n"),
			},
			warnings: []diag.Problem{{Path: "posts/syndicated.md", Line: 4, Field: "canonical", Severity: diag.Warning,
				Message: "https://other.example/original/ is not under https://example.com/blog/: the post is left out of the sitemaps"}},
			check: func(t *testing.T, b *built) {
				if slices.Contains(b.locs("sitemap.xml"), "https://other.example/original/") {
					t.Error("sitemap.xml lists a URL on another host")
				}
				if got := b.head("syndicated").links["canonical"]; len(got) != 1 || got[0] != "https://other.example/original/" {
					t.Errorf("head.html canonical = %q, want the syndicated original", got)
				}
			},
		},
		{
			name: "a site URL with a path",
			files: map[string]string{
				"content/posts/bundle/index.md": md("title: Bundle\ndate: 2025-10-01\ncategory: Cloud & Infra\nimage: hero.png\nimageAlt: A hero\n", "Text.\n"),
				"content/posts/bundle/hero.png": hero,
			},
			check: func(t *testing.T, b *built) {
				if want := "User-agent: *\nAllow: /\n\nSitemap: " + badSiteURL + "sitemap.xml\n"; b.file("robots.txt") != want {
					t.Errorf("robots.txt = %q, want %q", b.file("robots.txt"), want)
				}
				got := map[string]any{
					"og:image":   b.head("bundle").meta["og:image"],
					"author":     b.node("bundle", "Person")["url"],
					"logo":       b.node("bundle", "Organization")["logo"].(map[string]any)["url"],
					"breadcrumb": b.node("bundle", "BreadcrumbList")["itemListElement"].([]any)[1].(map[string]any)["item"],
				}
				want := map[string]any{
					"og:image":   []string{badSiteURL + "cards/bundle-og-" + cardHash(t, b, "bundle") + ".png"},
					"author":     badSiteURL + "authors/ann/",
					"logo":       badSiteURL + "images/logo.png",
					"breadcrumb": badSiteURL + "category/cloud-infra/",
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("URLs (-want +got):\n%s", diff)
				}
			},
		},
		{
			// The scheme's port and the host's case do not make another
			// URL: the second post names the first's, an error (rule 3).
			name: "a canonical URL that differs in case and port only",
			files: map[string]string{
				"content/posts/a.md": md("title: A\ndate: 2025-10-01\n", "x\n"),
				"content/posts/e.md": md("title: E\ndate: 2025-10-02\ncanonical: https://EXAMPLE.com:443/blog/a/\n", "x\n"),
			},
			warnings: []diag.Problem{{Path: "posts/e.md", Line: 4, Field: "canonical", Severity: diag.Error,
				Message: "URL https://example.com/blog/a/ is also the URL of", Other: diag.Loc{Path: "posts/a.md"}}},
			check: func(t *testing.T, b *built) {
				if diff := cmp.Diff([]string{badSiteURL, badSiteURL + "a/"}, b.locs("sitemap.xml")); diff != "" {
					t.Errorf("sitemap locs (-want +got):\n%s", diff)
				}
			},
		},
		{
			// A colon is legal in a path segment (RFC 3986 pchar): these
			// slugs are built as written. Resolving "/re:invent/" under the
			// site URL once read "re:" as a scheme and stopped the whole
			// run at the feeds (issue 26, item 15).
			name: "slugs with a colon",
			files: map[string]string{
				"content/posts/reinvent.md": md("title: Re Invent\ndate: 2025-10-01\nslug: \"re:invent\"\n", "See [a:b](/a:b/) and [notes](./notes/).\n"),
				"content/posts/ab.md":       md("title: A B\ndate: 2025-10-02\nslug: \"a:b\"\n", "x\n"),
				"content/posts/mailto.md":   md("title: Mail\ndate: 2025-10-03\nslug: \"mailto:x\"\n", "x\n"),
				"content/posts/recap.md":    md("title: Recap\ndate: 2025-10-04\nslug: \"2024:recap\"\n", "x\n"),
			},
			check: func(t *testing.T, b *built) {
				want := []string{badSiteURL, badSiteURL + "2024:recap/", badSiteURL + "a:b/", badSiteURL + "mailto:x/", badSiteURL + "re:invent/"}
				if diff := cmp.Diff(want, b.locs("sitemap.xml"), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
					t.Errorf("sitemap locs (-want +got):\n%s", diff)
				}
				if got, want := b.head("re:invent").links["canonical"], []string{badSiteURL + "re:invent/"}; !slices.Equal(got, want) {
					t.Errorf("head.html canonical = %q, want %q", got, want)
				}
				got := hrefs(t, b.page("re:invent").AbsoluteHTML)
				if diff := cmp.Diff([]string{badSiteURL + "a:b/", badSiteURL + "re:invent/notes/"}, got); diff != "" {
					t.Errorf("feed body links (-want +got):\n%s", diff)
				}
			},
		},
		{
			// The second English post is an error, and only it loses its
			// alternates: every post stays in the sitemap, and the other
			// two keep their reciprocal set (rule 8).
			name: "two translations in one language",
			files: map[string]string{
				"content/posts/a-en.md": md("title: A\ndate: 2025-10-01\ntranslationKey: k\nlang: en\n", "x\n"),
				"content/posts/b-en.md": md("title: B\ndate: 2025-10-02\ntranslationKey: k\nlang: en\n", "x\n"),
				"content/posts/c-fr.md": md("title: C\ndate: 2025-10-03\ntranslationKey: k\nlang: fr\n", "x\n"),
			},
			warnings: []diag.Problem{{Path: "posts/b-en.md", Line: 5, Field: "lang", Severity: diag.Error,
				Message: `translation "k" already has a post in language "en": this post is left out of its hreflang alternates (give each translation its own lang); the first is`,
				Other:   diag.Loc{Path: "posts/a-en.md", Line: 5}}},
			check: func(t *testing.T, b *built) {
				want := []string{badSiteURL, badSiteURL + "a-en/", badSiteURL + "b-en/", badSiteURL + "c-fr/"}
				if diff := cmp.Diff(want, b.locs("sitemap.xml"), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
					t.Errorf("sitemap locs (-want +got):\n%s", diff)
				}
				var sm struct {
					URLs []struct {
						Loc  string `xml:"loc"`
						Alts []struct {
							Lang string `xml:"hreflang,attr"`
							Href string `xml:"href,attr"`
						} `xml:"http://www.w3.org/1999/xhtml link"`
					} `xml:"url"`
				}
				if err := xml.Unmarshal([]byte(b.file("sitemap.xml")), &sm); err != nil {
					t.Fatal(err)
				}
				got := map[string][]string{}
				for _, u := range sm.URLs {
					for _, a := range u.Alts {
						got[u.Loc] = append(got[u.Loc], a.Lang+" "+a.Href)
					}
				}
				set := []string{"en " + badSiteURL + "a-en/", "fr " + badSiteURL + "c-fr/", "x-default " + badSiteURL + "a-en/"}
				if diff := cmp.Diff(map[string][]string{badSiteURL + "a-en/": set, badSiteURL + "c-fr/": set}, got); diff != "" {
					t.Errorf("hreflang alternates (-want +got):\n%s", diff)
				}
			},
		},
	})
}
