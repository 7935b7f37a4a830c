package verify

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"
)

// manifestPost is the part of a posts.json post the checks read.
type manifestPost struct {
	URL         string    `json:"url"`
	PublishedAt time.Time `json:"publishedAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
	SEO         *struct {
		Head   string `json:"head"`
		JSONLD string `json:"jsonld"`
	} `json:"seo"`
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
}

// readManifest reads the site URL and the posts from posts.json. It decodes
// one post at a time, so memory never holds the whole file (posts.json
// carries every post's HTML: tens of megabytes on a large site). Keys match
// as encoding/json matches them: case-insensitively, the last of a repeated
// key winning; unknown keys are skipped.
func readManifest(fsys fs.FS) (siteURL string, posts []post, files map[string]string, err error) {
	f, err := fsys.Open(manifestFile)
	if err != nil {
		return "", nil, nil, fmt.Errorf("verify: %w", err)
	}
	defer f.Close()
	files = map[string]string{}
	siteURL, posts, err = decodeManifest(json.NewDecoder(f), files)
	if err != nil {
		return "", nil, nil, fmt.Errorf("verify: posts.json: %w", err)
	}
	return siteURL, posts, files, nil
}

func decodeManifest(dec *json.Decoder, files map[string]string) (siteURL string, posts []post, err error) {
	tok, err := dec.Token()
	if err != nil {
		return "", nil, unexpectedEOF(err)
	}
	if tok == nil { // null: no site, no posts, as json.Unmarshal would leave them
		return "", nil, atEOF(dec)
	}
	if tok != json.Delim('{') {
		return "", nil, fmt.Errorf("want a JSON object, found %v", tok)
	}
	// A repeated "site" updates the fields it has, as json.Unmarshal does.
	var site struct {
		URL string `json:"url"`
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", nil, unexpectedEOF(err)
		}
		key, _ := tok.(string)
		switch {
		case strings.EqualFold(key, "site"):
			if err := dec.Decode(&site); err != nil {
				return "", nil, fmt.Errorf("site: %w", unexpectedEOF(err))
			}
		case strings.EqualFold(key, "posts"):
			if posts, err = decodePosts(dec, files); err != nil {
				return "", nil, err
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return "", nil, fmt.Errorf("%s: %w", key, unexpectedEOF(err))
			}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return "", nil, unexpectedEOF(err)
	}
	return site.URL, posts, atEOF(dec)
}

// decodePosts decodes the "posts" array, one post at a time.
// decodePosts reads the posts, and records in files the output file of
// every processed image URL.
func decodePosts(dec *json.Decoder, files map[string]string) ([]post, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("posts: %w", unexpectedEOF(err))
	}
	if tok == nil {
		return nil, nil
	}
	if tok != json.Delim('[') {
		return nil, fmt.Errorf("posts: want an array, found %v", tok)
	}
	var posts []post
	for n := 0; dec.More(); n++ {
		var mp manifestPost
		if err := dec.Decode(&mp); err != nil {
			return nil, fmt.Errorf("posts[%d]: %w", n, unexpectedEOF(err))
		}
		p := post{url: mp.URL, published: mp.PublishedAt, modified: mp.UpdatedAt}
		if p.modified.IsZero() {
			p.modified = p.published
		}
		if mp.SEO != nil {
			p.seo, p.head, p.jsonld = true, mp.SEO.Head, mp.SEO.JSONLD
		}
		for _, im := range mp.Images {
			for _, v := range im.Variants {
				files[v.URL] = v.Path
			}
			for _, c := range im.Crops {
				files[c.URL] = c.Path
				if im.Role == "hero" && c.Aspect != "" && !slices.Contains(p.crops, c.Aspect) {
					p.crops = append(p.crops, c.Aspect)
				}
			}
		}
		posts = append(posts, p)
	}
	if _, err := dec.Token(); err != nil { // the closing bracket
		return nil, fmt.Errorf("posts: %w", unexpectedEOF(err))
	}
	return posts, nil
}

// atEOF reports an error when anything but white space follows the value.
func atEOF(dec *json.Decoder) error {
	if _, err := dec.Token(); err != io.EOF {
		if err != nil {
			return err
		}
		return errors.New("data after the top-level value")
	}
	return nil
}

// unexpectedEOF turns the end of the file inside the value into an error
// that says so.
func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
