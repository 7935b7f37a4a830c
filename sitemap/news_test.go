package sitemap

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/golden"
	"github.com/seopipe/seopipe/internal/speclimit"
)

func TestWriteNews(t *testing.T) {
	pub := time.Date(2025, 11, 7, 9, 30, 15, 0, time.UTC)
	tests := []struct {
		name string
		urls []NewsURL
	}{
		{
			name: "one",
			urls: []NewsURL{{Loc: "https://example.com/news/launch/", Name: "The Example Times", Language: "en", Published: pub, Title: "We launched"}},
		},
		{
			name: "escaping",
			urls: []NewsURL{
				{Loc: "https://example.com/news/a?x=1&y='2'", Name: `Ben & Jerry's "Daily"`, Language: "en", Published: pub, Title: "Closing ]]> inside & <script>alert(1)</script>"},
				{Loc: "https://example.com/news/rtl/", Name: "הארץ", Language: "he", Published: time.Date(2025, 11, 7, 11, 0, 0, 0, time.FixedZone("IST", 2*3600)), Title: "כותרת בעברית — مرحبا بالعالم"},
				{Loc: "https://example.com/news/emoji/", Name: "Example", Language: "zh-cn", Published: time.Date(2025, 11, 6, 23, 5, 0, 0, time.FixedZone("PST", -8*3600)), Title: "Rocket 🚀 launch 发射 👩‍🚀"},
				{Loc: "https://example.com/news/ctl/", Name: "Example", Language: "fil", Published: pub, Title: "bell\x07 and bad \xff byte"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteNews(&buf, tt.urls); err != nil {
				t.Fatal(err)
			}
			got, err := wellFormed(buf.Bytes(), "loc", "name", "language", "publication_date", "title")
			if err != nil {
				t.Fatalf("not well-formed: %v\n%s", err, buf.Bytes())
			}
			want := map[string][]string{}
			for _, u := range tt.urls {
				want["loc"] = append(want["loc"], u.Loc)
				want["name"] = append(want["name"], u.Name)
				want["language"] = append(want["language"], u.Language)
				want["publication_date"] = append(want["publication_date"], u.Published.Format(time.RFC3339))
				want["title"] = append(want["title"], strings.ToValidUTF8(strings.ReplaceAll(u.Title, "\x07", ""), ""))
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("decoded (-want +got):\n%s", d)
			}
			if !bytes.Contains(buf.Bytes(), []byte(`xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"`)) {
				t.Error("news namespace missing")
			}
			if bytes.Contains(buf.Bytes(), []byte("sitemap-image")) {
				t.Error("image namespace declared in the news file")
			}
			golden.Check(t, filepath.Join("testdata", t.Name()+".golden.xml"), buf.Bytes())
			validate(t, "all.xsd", map[string][]byte{"sitemap-news.xml": buf.Bytes()})
		})
	}
}

func TestWriteNewsLimit(t *testing.T) {
	pub := time.Date(2025, 11, 7, 9, 30, 0, 0, time.UTC)
	urls := make([]NewsURL, speclimit.NewsURLs+1)
	for i := range urls {
		urls[i] = NewsURL{Loc: fmt.Sprintf("https://example.com/news/%d/", i), Name: "Example", Language: "en", Published: pub, Title: fmt.Sprint("Story ", i)}
	}
	var buf bytes.Buffer
	err := WriteNews(&buf, urls)
	if err == nil || !strings.Contains(err.Error(), "1001 URLs, more than the 1000") {
		t.Errorf("WriteNews(1,001) = %v, want a limit error", err)
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes written on error", buf.Len())
	}
	if err := WriteNews(&buf, urls[:speclimit.NewsURLs]); err != nil {
		t.Fatalf("WriteNews(1,000) = %v", err)
	}
	if n := bytes.Count(buf.Bytes(), []byte("<news:news>")); n != speclimit.NewsURLs {
		t.Errorf("%d news:news written, want %d", n, speclimit.NewsURLs)
	}
	validate(t, "all.xsd", map[string][]byte{"sitemap-news.xml": buf.Bytes()})
}

func TestWriteNewsRefuses(t *testing.T) {
	ok := NewsURL{Loc: "https://example.com/news/a/", Name: "Example", Language: "en", Published: time.Date(2025, 11, 7, 9, 30, 0, 0, time.UTC), Title: "A"}
	with := func(f func(*NewsURL)) []NewsURL { u := ok; f(&u); return []NewsURL{u} }
	tests := []struct {
		name string
		urls []NewsURL
		want string
	}{
		{"relative loc", with(func(u *NewsURL) { u.Loc = "/news/a/" }), "not an absolute http(s) URL"},
		{"unencoded loc", with(func(u *NewsURL) { u.Loc = "https://example.com/ü" }), "not percent-encoded"},
		{"no name", with(func(u *NewsURL) { u.Name = " " }), "no publication name"},
		{"language region", with(func(u *NewsURL) { u.Language = "en-US" }), `language "en-US"`},
		{"language caps", with(func(u *NewsURL) { u.Language = "EN" }), `language "EN"`},
		{"language zh", with(func(u *NewsURL) { u.Language = "zh-hk" }), `language "zh-hk"`},
		{"no date", with(func(u *NewsURL) { u.Published = time.Time{} }), "no publication date"},
		{"bad zone", with(func(u *NewsURL) { u.Published = u.Published.In(time.FixedZone("", 20*3600)) }), "publication date: time zone"},
		{"no title", with(func(u *NewsURL) { u.Title = "" }), "no title"},
		{"duplicate", []NewsURL{ok, ok}, "duplicate loc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteNews(&buf, tt.urls)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "sitemap: news") {
				t.Fatalf("WriteNews = %v, want an error containing %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written on error", buf.Len())
			}
		})
	}
	if err := WriteNews(&bytes.Buffer{}, nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("WriteNews(nil) = %v, want ErrEmpty", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteNewsWriteError(t *testing.T) {
	u := NewsURL{Loc: "https://example.com/news/a/", Name: "Example", Language: "en", Published: time.Date(2025, 11, 7, 9, 30, 0, 0, time.UTC), Title: "A"}
	if err := WriteNews(failWriter{}, []NewsURL{u}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("WriteNews = %v, want the write error", err)
	}
}

func TestNewsLanguage(t *testing.T) {
	tests := []struct {
		tag  string
		want string // "" when the tag cannot be mapped
	}{
		{"en", "en"},
		{"fr", "fr"},
		{"FR", "fr"},
		{"en-US", "en"},
		{"en-GB", "en"},
		{"pt-BR", "pt"},
		{"pt_BR", "pt"}, // not yet canonical: an underscore
		{"sr-Latn-RS", "sr"},
		{"fil", "fil"},
		{"fil-PH", "fil"},
		{"he", "he"},
		{"zh", "zh-cn"},
		{"zh-CN", "zh-cn"},
		{"zh-cn", "zh-cn"},
		{"zh-SG", "zh-cn"},
		{"zh-Hans", "zh-cn"},
		{"zh-Hans-CN", "zh-cn"},
		{"zh-Hans-HK", "zh-cn"}, // the script says simplified
		{"zh-TW", "zh-tw"},
		{"zh-tw", "zh-tw"},
		{"zh_TW", "zh-tw"},
		{"zh-HK", "zh-tw"},
		{"zh-MO", "zh-tw"},
		{"zh-Hant", "zh-tw"},
		{"zh-Hant-TW", "zh-tw"},
		{"zh-hant-tw", "zh-tw"},
		{"zh_Hant_HK", "zh-tw"},
		{"ZH-HANT", "zh-tw"},
		{"zh-yue-HK", "yue"}, // an extended language is its own (ISO 639-3) language
		{"zh-x-tw", "zh-cn"}, // private use says nothing
		{"", ""},
		{"-", ""},
		{"e", ""},
		{"engl", ""},
		{"en1", ""},
		{"und", ""},
		{"mul", ""},
		{"zxx", ""},
		{"x-private", ""},
		{"i-klingon", "tlh"}, // grandfathered: its preferred value
		{"ελ", ""},
	}
	for _, tt := range tests {
		got, ok := NewsLanguage(tt.tag)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("NewsLanguage(%q) = %q, %v; want %q, %v", tt.tag, got, ok, tt.want, tt.want != "")
		}
		if ok && !validNewsLang(got) {
			t.Errorf("NewsLanguage(%q) = %q, which rule 7 refuses", tt.tag, got)
		}
	}
}

func TestSelectNews(t *testing.T) {
	now := time.Date(2025, 11, 7, 12, 0, 0, 0, time.UTC)
	at := func(loc string, published time.Time) NewsURL { return NewsURL{Loc: loc, Published: published} }
	tests := []struct {
		name string
		urls []NewsURL
		want []string
	}{
		{"empty", nil, nil},
		{"the window's edges", []NewsURL{
			at("now", now),
			at("edge", now.Add(-speclimit.NewsWindow)),
			at("just-out", now.Add(-speclimit.NewsWindow-time.Second)),
			at("later", now.Add(time.Second)),
			at("undated", time.Time{}),
		}, []string{"now", "edge"}},
		{"order kept", []NewsURL{at("b", now.Add(-2*time.Hour)), at("a", now.Add(-time.Hour))}, []string{"b", "a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, u := range SelectNews(tt.urls, now) {
				got = append(got, u.Loc)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SelectNews (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("at most speclimit.NewsURLs, the first given", func(t *testing.T) {
		urls := make([]NewsURL, speclimit.NewsURLs+5)
		for i := range urls {
			urls[i] = at(fmt.Sprint(i), now.Add(-time.Minute))
		}
		urls[0].Published = now.Add(time.Hour) // to come: not counted
		got := SelectNews(urls, now)
		if len(got) != speclimit.NewsURLs || got[0].Loc != "1" || got[len(got)-1].Loc != fmt.Sprint(speclimit.NewsURLs) {
			t.Errorf("SelectNews kept %d URLs, %s to %s; want %d, 1 to %d", len(got), got[0].Loc, got[len(got)-1].Loc, speclimit.NewsURLs, speclimit.NewsURLs)
		}
	})
}

func TestWriteNewsFile(t *testing.T) {
	pub := time.Date(2025, 11, 7, 9, 30, 15, 0, time.UTC)
	urls := []NewsURL{{Loc: "https://example.com/news/launch/", Name: "The Example Times", Language: "en", Published: pub, Title: "We launched"}}
	var want bytes.Buffer
	if err := WriteNews(&want, urls); err != nil {
		t.Fatal(err)
	}
	for _, gz := range []bool{false, true} {
		t.Run(fmt.Sprint("gzip=", gz), func(t *testing.T) {
			s := newMemSink()
			if err := WriteNewsFile(s, "sitemap-news.xml", urls, gz); err != nil {
				t.Fatal(err)
			}
			s.check(t)
			names := []string{"sitemap-news.xml"}
			if gz {
				names = append(names, "sitemap-news.xml.gz")
			}
			if diff := cmp.Diff(names, s.names()); diff != "" {
				t.Fatalf("files (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want.String(), string(s.files["sitemap-news.xml"])); diff != "" {
				t.Errorf("sitemap-news.xml (-WriteNews +WriteNewsFile):\n%s", diff)
			}
			if !gz {
				return
			}
			// The .gz holds the same bytes, compressed as the Writer's
			// files: no name and no mtime, so every run gives the same.
			zr, err := gzip.NewReader(bytes.NewReader(s.files["sitemap-news.xml.gz"]))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if zr.Name != "" || !zr.ModTime.IsZero() {
				t.Errorf("gzip header has name %q, mtime %v; want neither", zr.Name, zr.ModTime)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("sitemap-news.xml.gz holds other bytes than sitemap-news.xml")
			}
		})
	}
	t.Run("nothing to write", func(t *testing.T) {
		s := newMemSink()
		if err := WriteNewsFile(s, "sitemap-news.xml", nil, true); !errors.Is(err, ErrEmpty) {
			t.Errorf("err = %v, want ErrEmpty", err)
		}
		if len(s.created) != 0 {
			t.Errorf("created %v, want nothing", s.created)
		}
	})
	t.Run("a failed close aborts the rest", func(t *testing.T) {
		s := newMemSink()
		s.failClose = "sitemap-news.xml"
		if err := WriteNewsFile(s, "sitemap-news.xml", urls, true); err == nil {
			t.Fatal("no error from a failed close")
		}
		s.check(t)
		if diff := cmp.Diff([]string{"sitemap-news.xml.gz"}, s.aborted); diff != "" {
			t.Errorf("aborted (-want +got):\n%s", diff)
		}
	})
}
