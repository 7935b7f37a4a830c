package pipeline

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seopipe/seopipe/fonts"
	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/site"
)

// TestCardDateInThePostsLanguage: the date a card draws is its page's
// language's CLDR long date — the generator's language (site.Page.Lang,
// Hugo's hello.fr.md) before the front matter's — and the card's key
// changes with it, so a card drawn in one language is not reused for
// another.
func TestCardDateInThePostsLanguage(t *testing.T) {
	published := time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name, pageLang, postLang, siteLang, want string
	}{
		{"french page", "fr", "", "", "8 décembre 2026"},
		{"german page", "de", "", "", "8. Dezember 2026"},
		{"japanese page", "ja", "", "", "2026年12月8日"},
		{"brazilian page", "pt-BR", "", "", "8 de dezembro de 2026"},
		{"arabic page", "ar", "", "", "8 ديسمبر 2026"},
		{"unknown language", "xx", "", "", "December 8, 2026"},
		{"front matter only", "", "fr", "", "8 décembre 2026"},
		{"the generator's language wins", "de", "fr", "", "8. Dezember 2026"},
		{"no language", "", "", "", "December 8, 2026"},
		{"the site's language", "", "", "de", "8. Dezember 2026"},
		{"the post's before the site's", "", "fr", "de", "8 décembre 2026"},
	}
	dateOf := map[string]string{} // card key → date drawn
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &post.Post{Title: "Hello", Slug: "hello", Lang: tt.postLang, PublishedAt: published}
			r := &run{
				opts:  Options{Config: config.Default()},
				site:  &site.Site{Language: tt.siteLang},
				posts: []*postState{{page: &site.Page{Post: p, Lang: tt.pageLang}}},
			}
			cs := &cardSetup{authors: newAuthorTable(nil)}
			in, key, _, _ := r.cardInput(p, 0, cs)
			if in.Date != tt.want {
				t.Errorf("card date %q, want %q", in.Date, tt.want)
			}
			if d, ok := dateOf[key]; ok && d != in.Date {
				t.Errorf("card key %s is that of the card dated %q too", key, d)
			}
			dateOf[key] = in.Date
		})
	}
	if len(dateOf) != 6 {
		t.Errorf("%d card keys, want one per date drawn (fr, de, ja, pt-BR, ar, en): %v", len(dateOf), dateOf)
	}
}

// TestCardDateTheFontsCanDraw: a localized date the card's fonts cannot
// draw whole (Japanese or Arabic in the Go fonts) is drawn as an ISO date,
// not with its characters left out; one they can draw (French's é) is
// kept.
func TestCardDateTheFontsCanDraw(t *testing.T) {
	cs := &cardSetup{dateFonts: []*fonts.Chain{fonts.NewChain(fonts.GoRegular()), fonts.NewChain(fonts.GoBold())}}
	day := time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)
	for lang, want := range map[string]string{"fr": "8 décembre 2026", "de": "8. Dezember 2026", "ja": "2026-12-08", "ar": "2026-12-08", "xx": "December 8, 2026"} {
		if got := cs.date(lang, day); got != want {
			t.Errorf("%s: card date %q, want %q", lang, got, want)
		}
	}
}

// TestCardDateFromTheGenerator: a build with a generator draws a
// translation's card in the language the generator gives it (Hugo's
// hello.fr.md is French without a lang in its front matter): the French
// card's input, and so its name, differs from the English one's, though
// title and date are the same. Its first breadcrumb is the site's title.
func TestCardDateFromTheGenerator(t *testing.T) {
	front := md("title: Hello\ndate: 2025-11-01\n", "Body.\n")
	files := map[string]string{
		"seopipe.yaml":              "site:\n  url: https://example.com/\n  title: Site\ncards:\n  sizes: [og]\n",
		"hugo.toml":                 "title = 'Site'\n",
		"content/posts/hello.md":    front,
		"content/posts/hello.fr.md": front,
	}
	b, _ := buildSite(t, files, func(o *Options) {
		gen := &testSite{root: filepath.Dir(o.OutDir), langs: []string{"en", "fr"}}
		o.Generator, o.ContentDir = gen, gen.root
	})
	var m struct {
		Posts []struct {
			Source, Lang, Key string
			Cards             []struct{ Path string }
		}
	}
	if err := json.Unmarshal([]byte(b.file("posts.json")), &m); err != nil {
		t.Fatal(err)
	}
	hash, key := map[string]string{}, map[string]string{}
	for _, p := range m.Posts {
		key[p.Lang] = p.Key
		if len(p.Cards) != 1 {
			t.Fatalf("%s: %d cards, want its og card", p.Source, len(p.Cards))
		}
		name := strings.TrimSuffix(p.Cards[0].Path, ".png")
		hash[p.Lang] = name[strings.LastIndexByte(name, '-')+1:]
	}
	if hash["en"] == "" || hash["en"] == hash["fr"] {
		t.Errorf("card hashes by language %v: the French card must differ from the English one (its date is 1 novembre 2025)", hash)
	}
	crumb := func(lang string) any {
		for _, n := range b.node(key[lang], "BreadcrumbList")["itemListElement"].([]any) {
			return n.(map[string]any)["name"]
		}
		return nil
	}
	if en, fr := crumb("en"), crumb("fr"); en != "Home" || fr != "Site" {
		t.Errorf("first breadcrumbs: en %v, fr %v; want Home and Site", en, fr)
	}
}
