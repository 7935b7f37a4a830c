package pipeline

import (
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
