package verify

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/seopipe/seopipe/internal/speclimit"
)

// Meta tags the head checks read, by their index in headTags.meta.
const (
	metaDescription = iota
	metaOGTitle
	metaOGType
	metaOGURL
	metaOGSiteName
	metaOGDescription
	metaOGLocale
	metaOGImage
	metaOGImageAlt
	metaOGImageWidth
	metaOGImageHeight
	metaTwitterCard
	metaTwitterImage
	metaPublished
	metaModified
	metaRobots
	nMeta
)

// metaIndex returns the index of the meta tag named k, or -1 for a tag the
// checks do not read.
func metaIndex(k []byte) int {
	switch string(k) {
	case "description":
		return metaDescription
	case "og:title":
		return metaOGTitle
	case "og:type":
		return metaOGType
	case "og:url":
		return metaOGURL
	case "og:site_name":
		return metaOGSiteName
	case "og:description":
		return metaOGDescription
	case "og:locale":
		return metaOGLocale
	case "og:image":
		return metaOGImage
	case "og:image:alt":
		return metaOGImageAlt
	case "og:image:width":
		return metaOGImageWidth
	case "og:image:height":
		return metaOGImageHeight
	case "twitter:card":
		return metaTwitterCard
	case "twitter:image":
		return metaTwitterImage
	case "article:published_time":
		return metaPublished
	case "article:modified_time":
		return metaModified
	case "robots":
		return metaRobots
	}
	return -1
}

// requiredOG are the Open Graph tags rule 15 wants exactly once, not empty.
var requiredOG = []struct {
	i    int
	name string
}{
	{metaOGTitle, "og:title"}, {metaOGType, "og:type"}, {metaOGURL, "og:url"},
	{metaOGSiteName, "og:site_name"}, {metaOGDescription, "og:description"}, {metaOGLocale, "og:locale"},
}

// headTags is what head.html holds that the checks read.
type headTags struct {
	// meta are the content attributes of the <meta> tags the checks read,
	// in document order, keyed by property (or, without one, name).
	meta [nMeta][]string
	// canonical are the hrefs of <link rel="canonical">.
	canonical []string
	// title: some <title> has text.
	title bool
	// scripts counts the non-empty <script type="application/ld+json">;
	// script is the first one's text.
	scripts int
	script  string
}

// scanHead reads the tags of a head.html fragment with the HTML tokenizer,
// finding what building its tree in a <head> (html.ParseFragment) finds,
// without the tree. In particular it stops where the head would end: at
// text that is not white space, a start tag that does not belong in a head
// (<div>, <p>, <svg>, …) or </head>, </body>, </html>, </br>. The tree
// builder closes the head there and keeps nothing after it in the
// fragment; a browser puts the rest in the <body>, where head tags do not
// count. The one difference: inside a <template> the tree builder would
// drop or reparent some tags (in <select>, <svg>, tables) that scanHead
// counts; a head.html has no template.
func scanHead(data []byte) (headTags, error) {
	var h headTags
	z := html.NewTokenizer(bytes.NewReader(data))
	// text says what the next text token is: the text of the <title> or
	// JSON-LD <script> just opened, the raw text of another script, style,
	// noframes or noscript (not markup), or anything else.
	const (
		other = iota
		title
		script
		raw
	)
	text := other
	templates := 0 // how many <template> elements are open
	for {
		tt := z.Next()
		into := text
		text = other
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return h, err
			}
			return h, nil
		case html.TextToken:
			switch into {
			case title:
				h.title = true
			case script:
				if h.scripts == 0 {
					h.script = string(z.Text())
				}
				h.scripts++
			case raw:
			default:
				if templates == 0 && len(bytes.TrimLeft(z.Text(), " \t\r\n\f")) > 0 {
					return h, nil // text ends the head
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			// Attribute slices stay valid until the next call to Next.
			name, hasAttr := z.TagName()
			var attr struct{ property, name, content, rel, href, typ []byte }
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "property":
					attr.property = v
				case "name":
					attr.name = v
				case "content":
					attr.content = v
				case "rel":
					attr.rel = v
				case "href":
					attr.href = v
				case "type":
					attr.typ = v
				}
			}
			switch string(name) {
			case "title":
				text = title
			case "script":
				text = raw
				if string(attr.typ) == "application/ld+json" {
					text = script
				}
			case "style", "noframes", "noscript":
				text = raw
			case "meta":
				k := attr.property
				if len(k) == 0 {
					k = attr.name
				}
				if i := metaIndex(k); i >= 0 {
					h.meta[i] = append(h.meta[i], string(attr.content))
				}
			case "link":
				if string(attr.rel) == "canonical" {
					h.canonical = append(h.canonical, string(attr.href))
				}
			case "template":
				templates++
			case "html", "head", "base", "basefont", "bgsound":
			default:
				if templates == 0 {
					return h, nil // a body element ends the head
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "template":
				templates = max(templates-1, 0)
			case "head", "body", "html", "br":
				if templates == 0 {
					return h, nil
				}
			}
		}
	}
}

// head checks seo/<key>/head.html (rules 15–20) and records its dates
// and image for rule 28.
func (pc *postCheck) head(fsys fs.FS, name string) {
	data, err := pc.read(fsys, name)
	if err != nil {
		pc.bad(name, "missing: %v", err)
		return
	}
	h, err := scanHead(data)
	if err != nil {
		pc.bad(name, "invalid HTML: %v", err)
		return
	}
	canonical, meta := pc.canonical, &h.meta
	for _, u := range slices.Concat(meta[metaOGImage], meta[metaTwitterImage]) {
		pc.c.nameURL(&pc.named, name, u)
	}
	for _, v := range meta[metaRobots] {
		for d := range strings.SplitSeq(v, ",") {
			d = strings.ToLower(strings.TrimSpace(d))
			pc.noindex = pc.noindex || d == "noindex" || d == "none"
		}
	}
	if !h.title {
		pc.bad(name, "rule 19: no <title>")
	}
	if n := len(meta[metaDescription]); n != 1 {
		pc.bad(name, "rule 19: %d meta description tags, want 1", n)
	}
	if got := h.canonical; len(got) != 1 || got[0] != canonical {
		pc.bad(name, "rule 19: canonical %q, want %q", got, canonical)
	}
	for _, og := range requiredOG {
		if v := meta[og.i]; len(v) != 1 || v[0] == "" {
			pc.bad(name, "rule 15: %d %s tags, want exactly one, not empty", len(v), og.name)
		}
	}
	if v := meta[metaOGURL]; len(v) == 1 && v[0] != canonical {
		pc.bad(name, "rule 15: og:url %q is not the canonical URL %q", v[0], canonical)
	}
	if v := meta[metaOGType]; len(v) == 1 && v[0] != "article" {
		pc.bad(name, "rule 15: og:type %q, want article", v[0])
	}
	if img := meta[metaOGImage]; len(img) > 1 {
		pc.bad(name, "rule 15: %d og:image tags, want one", len(img))
	} else if len(img) == 1 {
		if !absolute(img[0]) {
			pc.bad(name, "rule 15: og:image %q is not absolute", img[0])
		}
		set(&pc.facts.image, name, img[0])
		if a := meta[metaOGImageAlt]; len(a) != 1 || a[0] == "" {
			pc.bad(name, "rule 16: og:image:alt missing or empty")
		}
		// Rule 18's size bounds, where the size was measured (it is written
		// only then): X shows a large card from 300×157 to 4096×4096; a
		// smaller image is the summary card's.
		small := false
		if w, h := meta[metaOGImageWidth], meta[metaOGImageHeight]; len(w) == 1 && len(h) == 1 {
			wi, err1 := strconv.Atoi(w[0])
			hi, err2 := strconv.Atoi(h[0])
			switch {
			case err1 != nil || err2 != nil || wi <= 0 || hi <= 0:
				pc.bad(name, "rule 16: og:image:width/height %q×%q are not pixel counts", w[0], h[0])
			case wi < speclimit.LargeCardWidth || hi < speclimit.LargeCardHeight:
				small = true
			case wi > speclimit.LargeCardMaxSide || hi > speclimit.LargeCardMaxSide:
				pc.bad(name, "rule 18: the image is %d×%d, over the %d×%[3]d a large card allows", wi, hi, speclimit.LargeCardMaxSide)
			}
			if sz := pc.measure(img[0]); sz.ok && (sz.w != wi || sz.h != hi) && err1 == nil && err2 == nil {
				pc.bad(name, "rule 16: og:image:width/height say %d×%d, the file is %d×%d", wi, hi, sz.w, sz.h)
			}
		}
		switch tc := meta[metaTwitterCard]; {
		case !small && (tc == nil || tc[0] != "summary_large_image"):
			pc.bad(name, "rule 18: twitter:card should be summary_large_image with an image")
		case small && (tc == nil || tc[0] != "summary"):
			pc.bad(name, "rule 18: twitter:card should be summary with an image under %d×%d", speclimit.LargeCardWidth, speclimit.LargeCardHeight)
		}
	}
	for _, k := range []struct {
		i    int
		name string
		to   *[]entry[time.Time]
	}{
		{metaPublished, "article:published_time", &pc.facts.published},
		{metaModified, "article:modified_time", &pc.facts.modified},
	} {
		for _, v := range meta[k.i] {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				pc.bad(name, "rule 17: %s %q is not ISO 8601 with an offset", k.name, v)
				continue
			}
			set(k.to, name, t)
		}
	}
	if h.scripts != 1 {
		pc.bad(name, "rule 20: %d JSON-LD scripts, want 1", h.scripts)
		return
	}
	if strings.Contains(h.script, "</") {
		pc.bad(name, "rule 20: the JSON-LD contains a raw \"</\"")
	}
	// The script is schema.jsonld's graph again, which jsonld decodes:
	// here it is only validated, which is cheaper than decoding it. It is
	// valid exactly when json.Unmarshal into an any succeeds; only for the
	// message is it decoded.
	if script := []byte(h.script); !json.Valid(script) || !floatsFit(script) {
		var doc any
		err := json.Unmarshal(script, &doc)
		pc.bad(name, "rule 20: the JSON-LD is not valid JSON: %v", err)
	}
}

// floatsFit reports whether every number in data, which is valid JSON,
// fits in a float64: decoding it into an any fails otherwise.
func floatsFit(data []byte) bool {
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			for i++; data[i] != '"'; i++ {
				if data[i] == '\\' {
					i++
				}
			}
		case c == '-' || '0' <= c && c <= '9':
			j, big := i, false
			for ; j < len(data) && strings.IndexByte("+-.eE0123456789", data[j]) >= 0; j++ {
				big = big || data[j] == 'e' || data[j] == 'E'
			}
			// Without an exponent only more than 308 digits overflow.
			if big || j-i > 300 {
				if _, err := strconv.ParseFloat(string(data[i:j]), 64); err != nil {
					return false
				}
			}
			i = j - 1
		}
	}
	return true
}
