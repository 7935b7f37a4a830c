package sitemap

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/seopipe/seopipe/internal/speclimit"
	"github.com/seopipe/seopipe/internal/xmltext"
)

// NewsURL is one article of a news sitemap (rule 7).
type NewsURL struct {
	// Loc is the article's absolute, percent-encoded URL.
	Loc string
	// Name and Language name the publication: Language is zh-cn, zh-tw
	// or a 2–3 letter ISO 639 code.
	Name, Language string
	// Published is the article's publication time, written in its own zone.
	Published time.Time
	// Title is the article's title.
	Title string
}

// SelectNews returns the urls a news sitemap made at now carries: those
// published within speclimit.NewsWindow before now (none dated after it,
// none undated), in the order given, at most speclimit.NewsURLs. Give them
// newest first to keep the newest.
func SelectNews(urls []NewsURL, now time.Time) []NewsURL {
	var out []NewsURL
	for _, u := range urls {
		t := u.Published
		if t.IsZero() || t.After(now) || now.Sub(t) > speclimit.NewsWindow {
			continue
		}
		if len(out) == speclimit.NewsURLs {
			break
		}
		out = append(out, u)
	}
	return out
}

// WriteNewsFile writes the news sitemap of urls (as WriteNews) as the file
// name in sink and, with gz, its name.gz copy, compressed as the Writer
// compresses its files. It returns ErrEmpty, creating nothing, for no URL;
// on any error every file created is aborted.
func WriteNewsFile(sink Sink, name string, urls []NewsURL, gz bool) error {
	var buf bytes.Buffer
	if err := WriteNews(&buf, urls); err != nil {
		return err
	}
	w := &Writer{sink: sink, gzip: gz}
	if err := w.writeWhole(name, buf.Bytes()); err != nil {
		w.Abort()
		return err
	}
	if _, err := w.closeFiles(); err != nil {
		w.Abort()
		return err
	}
	w.done = true
	w.release()
	return nil
}

const newsHead = xmlHead + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"` +
	` xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">` + "\n"

// WriteNews writes a news sitemap of urls, in the order given. The caller
// passes only the posts published within the last 48 hours of the build
// clock (see SelectNews); WriteNews refuses more than speclimit.NewsURLs, a
// duplicate loc, and any
// invalid field, writing nothing then. It returns ErrEmpty, writing nothing,
// for no URL. Text is XML-escaped; characters XML cannot hold are dropped
// (xmltext).
func WriteNews(w io.Writer, urls []NewsURL) error {
	if len(urls) == 0 {
		return ErrEmpty
	}
	if len(urls) > speclimit.NewsURLs {
		return fmt.Errorf("sitemap: news: %d URLs, more than the %d a news sitemap may hold (rule 7)", len(urls), speclimit.NewsURLs)
	}
	seen := make(map[string]bool, len(urls))
	for i := range urls {
		u := &urls[i]
		if err := checkNews(u); err != nil {
			return fmt.Errorf("sitemap: news url %s: %w", quote(u.Loc), err)
		}
		if seen[u.Loc] {
			return fmt.Errorf("sitemap: news url %s: duplicate loc", quote(u.Loc))
		}
		seen[u.Loc] = true
	}
	bw := bufio.NewWriter(w)
	var b []byte
	bw.WriteString(newsHead)
	for i := range urls {
		b = appendNews(b[:0], &urls[i])
		bw.Write(b)
	}
	bw.WriteString(urlsetFoot)
	if err := bw.Flush(); err != nil { // bufio keeps the first write error
		return fmt.Errorf("sitemap: news: %w", err)
	}
	return nil
}

// checkNews validates one news URL.
func checkNews(u *NewsURL) error {
	if _, err := checkURL(u.Loc); err != nil {
		return err
	}
	if len(u.Loc) > speclimit.LocLength {
		return fmt.Errorf("loc is %d characters, more than %d", len(u.Loc), speclimit.LocLength)
	}
	if len(u.Loc) < 12 {
		return errors.New("loc is shorter than the 12 characters the sitemap schema requires")
	}
	if strings.TrimSpace(u.Name) == "" {
		return errors.New("no publication name")
	}
	if !validNewsLang(u.Language) {
		return fmt.Errorf("publication language %q is not zh-cn, zh-tw or a 2–3 letter ISO 639 code", u.Language)
	}
	if u.Published.IsZero() {
		return errors.New("no publication date")
	}
	if err := checkTime(u.Published); err != nil {
		return fmt.Errorf("publication date: %w", err)
	}
	if strings.TrimSpace(u.Title) == "" {
		return errors.New("no title")
	}
	return nil
}

// validNewsLang reports whether s matches zh-cn|zh-tw|[a-z]{2,3}.
func validNewsLang(s string) bool {
	if s == "zh-cn" || s == "zh-tw" {
		return true
	}
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for _, c := range []byte(s) {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// NewsLanguage maps a BCP 47 language tag ("fr", "pt-BR", "zh-Hant-TW";
// "pt_BR" too, in any case) to the form a news sitemap's
// publication/language takes (rule 7: zh-cn, zh-tw or a 2–3 letter ISO 639
// code): the primary language subtag, lowercased, except for Chinese, which
// Google News tells apart by script: Traditional (a Hant script, else a
// TW, HK or MO region) is zh-tw, any other zh is zh-cn. It reports false
// for a tag it cannot map: empty, a primary subtag that is not 2–3
// letters, or one naming no language (und, mul, mis, zxx).
func NewsLanguage(tag string) (string, bool) {
	t, err := language.Parse(tag)
	if err != nil {
		return "", false
	}
	b, script, region := t.Raw()
	lang := b.String()
	switch {
	case b.IsPrivateUse() || lang == "und" || lang == "mul" || lang == "mis" || lang == "zxx" || !validNewsLang(lang):
		return "", false
	case lang != "zh":
		return lang, true
	case script.String() == "Hant", script == (language.Script{}) && (region.String() == "TW" || region.String() == "HK" || region.String() == "MO"):
		return "zh-tw", true
	}
	return "zh-cn", true
}

// appendNews renders one news <url>.
func appendNews(b []byte, u *NewsURL) []byte {
	b = append(b, "<url>\n  <loc>"...)
	b = xmltext.AppendStrict(b, u.Loc)
	b = append(b, "</loc>\n  <news:news>\n    <news:publication>\n      <news:name>"...)
	b = xmltext.AppendStrict(b, u.Name)
	b = append(b, "</news:name>\n      <news:language>"...)
	b = append(b, u.Language...)
	b = append(b, "</news:language>\n    </news:publication>\n    <news:publication_date>"...)
	b = appendTime(b, u.Published)
	b = append(b, "</news:publication_date>\n    <news:title>"...)
	b = xmltext.AppendStrict(b, u.Title)
	return append(b, "</news:title>\n  </news:news>\n</url>\n"...)
}
