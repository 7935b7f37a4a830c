package verify

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/seopipe/seopipe/internal/speclimit"
)

// manifestPost is the part of a posts.json post the checks read.
type manifestPost struct {
	URL         string    `json:"url"`
	NoSitemap   bool      `json:"noSitemap"`
	PublishedAt time.Time `json:"publishedAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
	SEO         *struct {
		Head    string `json:"head"`
		JSONLD  string `json:"jsonld"`
		Picture string `json:"picture"`
	} `json:"seo"`
	Cards []struct {
		Path string `json:"path"`
	} `json:"cards"`
	Images []struct {
		Role     string          `json:"role"`
		Variants []manifestImage `json:"variants"`
		Crops    []manifestImage `json:"crops"`
	} `json:"images"`
}

// manifestImage is a processed image file as posts.json lists it.
type manifestImage struct {
	URL    string `json:"url"`
	Path   string `json:"path"`
	Aspect string `json:"aspect"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// Entry is what one posts.json post says that the checks read.
// ReadManifest keeps each entry under the SHA-256 of its bytes
// (Manifest.Entries); a later ReadManifest given them decodes only the
// entries it has not seen.
type Entry struct {
	URL string
	// NoSitemap: the post keeps itself out of the sitemaps.
	NoSitemap bool
	// Published and Modified are the dates as written; zero when absent.
	Published, Modified time.Time
	// SEO says the post has SEO files: Head and JSONLD name them.
	SEO          bool
	Head, JSONLD string
	// Files are the processed images' URLs and files, in posts.json order.
	Files []ImageFile
	// Crops are the aspects ("16:9") of the hero's crops of at least
	// speclimit.ArticleImagePixels.
	Crops []string
	// Picture is the hero's picture.html, "" without one; Cards are the
	// cards' files.
	Picture string
	Cards   []string
}

// ImageFile is a processed image: its URL and its file in the output
// directory.
type ImageFile struct{ URL, File string }

// newEntry takes what the checks read from a decoded post.
func newEntry(mp *manifestPost) *Entry {
	e := &Entry{URL: mp.URL, NoSitemap: mp.NoSitemap, Published: mp.PublishedAt, Modified: mp.UpdatedAt}
	if mp.SEO != nil {
		e.SEO, e.Head, e.JSONLD, e.Picture = true, mp.SEO.Head, mp.SEO.JSONLD, mp.SEO.Picture
	}
	for _, c := range mp.Cards {
		e.Cards = append(e.Cards, c.Path)
	}
	for _, im := range mp.Images {
		for _, v := range im.Variants {
			e.Files = append(e.Files, ImageFile{v.URL, v.Path})
		}
		for _, c := range im.Crops {
			e.Files = append(e.Files, ImageFile{c.URL, c.Path})
			// Only a crop Google takes (rule 22: at least 50,000
			// pixels) must be among the article's images.
			if im.Role == "hero" && c.Aspect != "" && c.Width*c.Height >= speclimit.ArticleImagePixels && !slices.Contains(e.Crops, c.Aspect) {
				e.Crops = append(e.Crops, c.Aspect)
			}
		}
	}
	return e
}

// manifest is what New reads from posts.json.
type manifest struct {
	siteURL string
	posts   []post
	// files maps the URL of every processed image to its file.
	files map[string]string
	// entries are the posts' entries by the hex SHA-256 of their bytes.
	entries map[string]*Entry
}

// add appends the post e describes.
func (m *manifest) add(sum string, e *Entry) {
	m.entries[sum] = e
	p := post{url: e.URL, noSitemap: e.NoSitemap, published: e.Published, modified: e.Modified, crops: e.Crops}
	if p.modified.IsZero() {
		p.modified = p.published
	}
	if e.SEO {
		p.seo, p.head, p.jsonld, p.picture = true, e.Head, e.JSONLD, e.Picture
	}
	p.entry = e
	for _, f := range e.Files {
		m.files[f.URL] = f.File
	}
	m.posts = append(m.posts, p)
}

// decodeManifest reads posts.json as json.Unmarshal would read it into
// struct{Site struct{URL string}; Posts []manifestPost}: keys match
// case-insensitively, the last of a repeated key wins, unknown keys are
// skipped, and the file must be valid JSON.
//
// It reads one post at a time, so memory never holds the whole file
// (posts.json carries every post's HTML: tens of megabytes on a large
// site), and it finds where each post ends by scanning for brackets and
// string ends only, which is several times faster than encoding/json's
// scanner. Every byte is still checked: a post not in known is decoded by
// json.Unmarshal, and one in known has the very bytes of a post decoded
// before; the other keys' values go through json.Unmarshal or json.Valid.
func decodeManifest(r io.Reader, known map[string]*Entry) (*manifest, error) {
	d := &rawDecoder{r: bufio.NewReaderSize(r, 64<<10)}
	m := &manifest{files: map[string]string{}, entries: map[string]*Entry{}}
	c, err := d.peek()
	if err != nil {
		return nil, err
	}
	if c == 'n' { // null: no site, no posts, as json.Unmarshal would leave them
		if err := d.literal("null"); err != nil {
			return nil, err
		}
		return m, d.atEOF()
	}
	if c != '{' {
		return nil, fmt.Errorf("want a JSON object, found %q", c)
	}
	d.r.ReadByte()
	// A repeated "site" updates the fields it has, as json.Unmarshal does.
	var site struct {
		URL string `json:"url"`
	}
	var raw []byte
	for first := true; ; first = false {
		c, err := d.peek()
		if err != nil {
			return nil, err
		}
		if c == '}' {
			d.r.ReadByte()
			break
		}
		if !first {
			if c != ',' {
				return nil, fmt.Errorf("want , or } after an object member, found %q", c)
			}
			d.r.ReadByte()
		}
		if raw, err = d.value(raw[:0]); err != nil {
			return nil, err
		}
		var key string
		if err := json.Unmarshal(raw, &key); err != nil {
			return nil, fmt.Errorf("object key: %w", err)
		}
		if err := d.expect(':'); err != nil {
			return nil, err
		}
		if strings.EqualFold(key, "posts") {
			m.posts, m.files, m.entries = nil, map[string]string{}, map[string]*Entry{}
			if err := d.posts(m, known); err != nil {
				return nil, err
			}
			continue
		}
		if raw, err = d.value(raw[:0]); err != nil {
			return nil, err
		}
		switch {
		case strings.EqualFold(key, "site"):
			err = json.Unmarshal(raw, &site)
		case !json.Valid(raw):
			err = errors.New("not valid JSON")
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
	}
	m.siteURL = site.URL
	return m, d.atEOF()
}

// posts reads the "posts" array into m, one post at a time.
func (d *rawDecoder) posts(m *manifest, known map[string]*Entry) error {
	c, err := d.peek()
	if err != nil {
		return err
	}
	if c == 'n' {
		return d.literal("null")
	}
	if c != '[' {
		return fmt.Errorf("posts: want an array, found %q", c)
	}
	d.r.ReadByte()
	var raw []byte
	for n := 0; ; n++ {
		c, err := d.peek()
		if err != nil {
			return fmt.Errorf("posts: %w", err)
		}
		if c == ']' {
			d.r.ReadByte()
			return nil
		}
		if n > 0 {
			if c != ',' {
				return fmt.Errorf("posts[%d]: want , or ] after a post, found %q", n-1, c)
			}
			d.r.ReadByte()
		}
		if raw, err = d.value(raw[:0]); err != nil {
			return fmt.Errorf("posts[%d]: %w", n, err)
		}
		h := sha256.Sum256(raw)
		sum := hex.EncodeToString(h[:])
		e := known[sum]
		if e == nil {
			var mp manifestPost
			if err := json.Unmarshal(raw, &mp); err != nil {
				return fmt.Errorf("posts[%d]: %w", n, err)
			}
			e = newEntry(&mp)
		}
		m.add(sum, e)
	}
}

// rawDecoder reads JSON values as their bytes, finding where each ends
// without checking what is inside: whoever takes the bytes checks them.
type rawDecoder struct {
	r *bufio.Reader
}

// peek skips white space and returns the next byte, unread.
func (d *rawDecoder) peek() (byte, error) {
	for {
		c, err := d.r.ReadByte()
		if err != nil {
			return 0, unexpectedEOF(err)
		}
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		d.r.UnreadByte()
		return c, nil
	}
}

// expect skips white space and reads c.
func (d *rawDecoder) expect(c byte) error {
	got, err := d.peek()
	if err != nil {
		return err
	}
	if got != c {
		return fmt.Errorf("want %q, found %q", c, got)
	}
	d.r.ReadByte()
	return nil
}

// literal reads lit (after white space), which must end there.
func (d *rawDecoder) literal(lit string) error {
	raw, err := d.value(nil)
	if err != nil {
		return err
	}
	if string(raw) != lit {
		return fmt.Errorf("want %s, found %.20q", lit, raw)
	}
	return nil
}

// value skips white space and appends the next value's bytes to dst: a
// string to its closing quote, an object or array to its closing bracket,
// anything else (a number, true, false, null) to the next delimiter.
func (d *rawDecoder) value(dst []byte) ([]byte, error) {
	c, err := d.peek()
	if err != nil {
		return dst, err
	}
	switch c {
	case '"':
		d.r.ReadByte()
		return d.str(append(dst, c))
	case '{', '[':
		depth := 0
		for {
			c, err := d.r.ReadByte()
			if err != nil {
				return dst, unexpectedEOF(err)
			}
			dst = append(dst, c)
			switch c {
			case '"':
				if dst, err = d.str(dst); err != nil {
					return dst, err
				}
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return dst, nil
				}
			}
		}
	case ',', ':', '}', ']':
		return dst, fmt.Errorf("want a value, found %q", c)
	}
	start := len(dst)
	for {
		c, err := d.r.ReadByte()
		if err == io.EOF && len(dst) > start {
			return dst, nil
		}
		if err != nil {
			return dst, unexpectedEOF(err)
		}
		switch c {
		case ',', '}', ']', ':', ' ', '\t', '\n', '\r', '"', '{', '[':
			d.r.UnreadByte()
			return dst, nil
		}
		dst = append(dst, c)
	}
}

// str appends the rest of a string, its opening quote read, to dst.
func (d *rawDecoder) str(dst []byte) ([]byte, error) {
	for {
		buf, err := d.r.Peek(max(d.r.Buffered(), 1))
		if len(buf) == 0 {
			return dst, unexpectedEOF(err)
		}
		i := bytes.IndexByte(buf, '"')
		if i < 0 {
			dst = append(dst, buf...)
			d.r.Discard(len(buf))
			continue
		}
		dst = append(dst, buf[:i+1]...)
		d.r.Discard(i + 1)
		// The quote ends the string unless an odd number of backslashes
		// come before it. The opening quote stops the count.
		n := 0
		for j := len(dst) - 2; dst[j] == '\\'; j-- {
			n++
		}
		if n%2 == 0 {
			return dst, nil
		}
	}
}

// atEOF reports an error when anything but white space follows the value.
func (d *rawDecoder) atEOF() error {
	_, err := d.peek()
	if err == io.ErrUnexpectedEOF {
		return nil
	}
	if err != nil {
		return err
	}
	return errors.New("data after the top-level value")
}

// unexpectedEOF turns the end of the file inside the value into an error
// that says so.
func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
