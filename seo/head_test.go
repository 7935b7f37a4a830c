package seo

import (
	"cmp"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/golden"
	"github.com/seopipe/seopipe/site"
)

const ldKey = "script=application/ld+json"

// wantHead is head.html as rules 15–19 describe it, worked out from the
// inputs here independently of the package: every tag in order, with the
// exact strings a parser must give back (the JSON-LD text left empty).
func wantHead(s *site.Site, p *site.Page, o Options) []entry {
	post := p.Post
	var w []entry
	add := func(k, v string) {
		if v != "" {
			w = append(w, entry{k, v})
		}
	}
	title := cmp.Or(post.MetaTitle, post.Title)
	desc := cmp.Or(post.MetaDescription, post.Summary)
	add("title", title)
	add("name=description", desc)
	add("link=canonical", p.URL)
	add("name=keywords", strings.Join(post.Keywords, ", "))
	if post.NoIndex {
		add("name=robots", "noindex")
	}
	add("property=og:type", "article")
	add("property=og:title", title)
	add("property=og:description", desc)
	add("property=og:url", p.URL)
	add("property=og:site_name", cmp.Or(s.Title, s.Publisher.Name))
	if lang := cmp.Or(post.Lang, s.Language); lang != "" {
		add("property=og:locale", site.Locale(lang))
	}
	if img := p.Image; img != nil {
		add("property=og:image", img.URL)
		if img.Width > 0 && img.Height > 0 {
			add("property=og:image:width", strconv.Itoa(img.Width))
			add("property=og:image:height", strconv.Itoa(img.Height))
		}
		add("property=og:image:type", img.MIME)
		add("property=og:image:alt", cmp.Or(img.Alt, post.Title))
	}
	rfc := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339)
	}
	add("property=article:published_time", rfc(post.PublishedAt))
	add("property=article:modified_time", rfc(cmp.Or(p.Updated, post.PublishedAt)))
	add("property=article:section", post.Category)
	for _, t := range post.Tags {
		add("property=article:tag", t)
	}
	for _, a := range authorsOf(p) {
		add("property=article:author", cmp.Or(a.URL, a.Name))
	}
	if p.Image != nil {
		add("name=twitter:card", "summary_large_image")
	} else {
		add("name=twitter:card", "summary")
	}
	add("name=twitter:title", title)
	add("name=twitter:description", desc)
	if img := p.Image; img != nil {
		add("name=twitter:image", img.URL)
		add("name=twitter:image:alt", cmp.Or(img.Alt, post.Title))
	}
	if o.TwitterSite != "" {
		add("name=twitter:site", "@"+strings.TrimPrefix(o.TwitterSite, "@"))
	}
	if as := authorsOf(p); len(as) > 0 && as[0].Twitter != "" {
		add("name=twitter:creator", "@"+strings.TrimPrefix(as[0].Twitter, "@"))
	}
	w = append(w, entry{ldKey, ""})
	return w
}

// TestHead checks head.html against golden files and against rules 15–20,
// parsing it with the HTML5 parser.
func TestHead(t *testing.T) {
	for _, tc := range testCases() {
		t.Run(tc.name, func(t *testing.T) {
			head, err := Head(tc.site, tc.page, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", t.Name()+".golden.html"), head)

			got := parseHead(t, head)
			var ld string
			for i, e := range got {
				if e.Key == ldKey {
					ld, got[i].Value = e.Value, ""
				}
			}
			if d := gocmp.Diff(wantHead(tc.site, tc.page, tc.opts), got); d != "" {
				t.Errorf("head.html tags mismatch (-want +got):\n%s", d)
			}

			count := map[string]int{}
			values := map[string]string{}
			for _, e := range got {
				count[e.Key]++
				values[e.Key] = e.Value
			}
			for _, k := range []string{"title", "link=canonical", "property=og:title", "property=og:type",
				"property=og:url", "property=og:description", "property=og:site_name", "property=og:locale",
				"name=twitter:card", "name=twitter:title", ldKey} {
				if count[k] != 1 {
					t.Errorf("%s appears %d times, want exactly 1", k, count[k])
				}
			}
			if values["property=og:type"] != "article" {
				t.Errorf("og:type = %q, want article", values["property=og:type"])
			}
			if values["property=og:url"] != values["link=canonical"] || values["link=canonical"] != tc.page.URL {
				t.Errorf("og:url %q, canonical %q, page URL %q: want all equal",
					values["property=og:url"], values["link=canonical"], tc.page.URL)
			}
			if got, want := count["property=article:tag"], len(tc.page.Post.Tags); got != want {
				t.Errorf("%d article:tag, want %d (one per tag)", got, want)
			}

			img := tc.page.Image
			wantImg := 0
			if img != nil {
				wantImg = 1
			}
			for _, k := range []string{"property=og:image", "property=og:image:alt", "name=twitter:image", "name=twitter:image:alt"} {
				if count[k] != wantImg {
					t.Errorf("%s appears %d times, want %d", k, count[k], wantImg)
				}
			}
			if img != nil {
				if err := checkAbs(values["property=og:image"]); err != nil {
					t.Errorf("og:image %q %v", values["property=og:image"], err)
				}
				if values["property=og:image:alt"] == "" {
					t.Error("og:image:alt is empty")
				}
			}
			measured := 0
			if img.Measured() {
				measured = 1
			}
			for _, k := range []string{"property=og:image:width", "property=og:image:height"} {
				if count[k] != measured {
					t.Errorf("%s appears %d times, want %d (measured: %v)", k, count[k], measured, img.Measured())
				}
			}
			wantCard := "summary"
			if img != nil {
				wantCard = "summary_large_image"
			}
			if values["name=twitter:card"] != wantCard {
				t.Errorf("twitter:card = %q, want %q", values["name=twitter:card"], wantCard)
			}
			for _, k := range []string{"property=article:published_time", "property=article:modified_time"} {
				if v, ok := values[k]; ok {
					if _, err := time.Parse(time.RFC3339, v); err != nil {
						t.Errorf("%s %q is not RFC 3339 with an offset: %v", k, v, err)
					}
				}
			}

			// The script holds the graph of schema.jsonld (rule 20).
			if strings.Contains(ld, "</") {
				t.Errorf("JSON-LD script text contains \"</\": %s", ld)
			}
			var fromHead any
			if err := json.Unmarshal([]byte(ld), &fromHead); err != nil {
				t.Fatalf("JSON-LD script text is not valid JSON: %v\n%s", err, ld)
			}
			g, err := Graph(tc.site, tc.page, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var fromGraph any
			if err := json.Unmarshal(g, &fromGraph); err != nil {
				t.Fatal(err)
			}
			if d := gocmp.Diff(fromGraph, fromHead); d != "" {
				t.Errorf("head.html JSON-LD differs from schema.jsonld (-graph +head):\n%s", d)
			}
		})
	}
}

// TestHeadRoundTrip checks that awkward strings come back exactly from a
// parser, in the tags and in the JSON-LD.
func TestHeadRoundTrip(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"ampersand", "Cloud & Infrastructure &amp; &#39; &lt;"},
		{"script", `<script>alert("x")</script>`},
		{"quotes", `"double" 'single' “curly” ‘curly’`},
		{"cdata-end", "]]> and <![CDATA[ x ]]>"},
		{"comment", "<!-- not a comment --> --!>"},
		{"rtl", "\u202Eمرحبا\u202C שלום עולם \u200F"},
		{"emoji", "🚀 👩🏽‍💻 🇲🇹 e\u0301"},
		{"newlines", "one\ntwo\r\nthree\rfour\tfive"},
		{"spaces", "  padded  "},
		{"line-separators", "a\u2028b\u2029c"},
		{"long", longTitle()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkRoundTrip(t, tc.text, tc.text+" (description)", tc.text+" (alt)", tc.text+" (tag)")
		})
	}
}

// checkRoundTrip renders the seed page with title, description, alt text
// and a tag replaced, and checks a parser gives every one of them back.
func checkRoundTrip(t *testing.T, title, desc, alt, tag string) {
	t.Helper()
	s, p := with(func(_ *site.Site, p *site.Page) {
		p.Post.Title, p.Post.MetaTitle = title, ""
		p.Post.MetaDescription = desc
		p.Image.Alt = alt
		p.Post.Tags = []string{tag}
		p.Post.Category = tag
	})
	head, err := Head(s, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, e := range parseHead(t, head) {
		got[e.Key] = append(got[e.Key], e.Value)
	}
	for key, want := range map[string]string{
		"title": title, "property=og:title": title, "name=twitter:title": title,
		"name=description": desc, "property=og:description": desc, "name=twitter:description": desc,
		"property=og:image:alt": alt, "name=twitter:image:alt": alt,
		"property=article:tag": tag, "property=article:section": tag,
	} {
		if want == "" {
			continue
		}
		if d := gocmp.Diff([]string{want}, got[key]); d != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", key, d)
		}
	}
	ld := got[ldKey]
	if len(ld) != 1 {
		t.Fatalf("%d JSON-LD scripts, want 1", len(ld))
	}
	if strings.Contains(ld[0], "</") || strings.Contains(ld[0], "<!--") {
		t.Errorf("JSON-LD script text contains </ or <!--: %s", ld[0])
	}
	var g struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(ld[0]), &g); err != nil {
		t.Fatalf("JSON-LD is not valid JSON: %v", err)
	}
	if len(g.Graph) == 0 {
		t.Fatal("JSON-LD has no @graph")
	}
	if h := g.Graph[0]["headline"]; h != title {
		t.Errorf("headline = %q, want %q", h, title)
	}
}

// FuzzHeadRoundTrip checks that any text content allows (valid UTF-8, no
// NUL) comes back exactly from a parser.
func FuzzHeadRoundTrip(f *testing.F) {
	f.Add("Tom & Jerry", "<script>x</script>", `"alt"`, "]]>")
	f.Add("مرحبا 🚀", "a\r\nb", "e\u0301", "\u2028")
	f.Add(longTitle(), "", "", "&#0;")
	f.Fuzz(func(t *testing.T, title, desc, alt, tag string) {
		for _, s := range []string{title, desc, alt, tag} {
			if !validText(s) {
				t.Skip("content.Parse rejects invalid UTF-8 and NUL")
			}
		}
		if title == "" {
			t.Skip("a post needs a title")
		}
		checkRoundTrip(t, title, desc, alt, tag)
	})
}

// validText reports whether content.Parse could produce s: valid UTF-8
// without NUL.
func validText(s string) bool {
	return !strings.ContainsRune(s, 0) && strings.ToValidUTF8(s, "") == s
}

// TestLocaleOfNoLanguage: a post whose language names none ("und",
// private use) gets the site's og:locale, not "und_UND" (rule 15).
func TestLocaleOfNoLanguage(t *testing.T) {
	for lang, want := range map[string]string{"und": "en_US", "x-klingon": "en_US", "es-419": "es_LA", "pt_BR": "pt_BR"} {
		pg := seedPage()
		pg.Post.Lang = lang
		b, err := Head(testSite(), pg, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range parseHead(t, b) {
			if e.Key == "property=og:locale" {
				got = append(got, e.Value)
			}
		}
		if len(got) != 1 || got[0] != want {
			t.Errorf("lang %q: og:locale %q, want %q", lang, got, want)
		}
	}
}
