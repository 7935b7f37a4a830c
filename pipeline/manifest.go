package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/version"
	"github.com/seopipe/seopipe/site"
)

// ManifestVersion is the version of the posts.json format
// (docs/posts.schema.json). It changes only when a field changes meaning or
// goes away; new fields do not change it.
const ManifestVersion = 1

// Manifest is posts.json: the site and every published post with its assets.
type Manifest struct {
	Version   int             `json:"version"`
	Generator string          `json:"generator"`
	Site      ManifestSite    `json:"site"`
	Sections  []Section       `json:"sections,omitempty"`
	Posts     []*ManifestPost `json:"posts"`
}

// ManifestPost is a post with the paths of its outputs (relative to the
// output directory). Later stages add their assets here.
type ManifestPost struct {
	*content.Post
	SEO *SEOFiles `json:"seo,omitempty"`
	// Images are the post's processed images (hero first): every variant
	// and crop with its URL, size, bytes and format, the placeholder, the
	// source URL and its content hash.
	Images []*site.ImageSet `json:"images,omitempty"`
	// Cards are the post's social cards (cards.sizes).
	Cards []*CardFile `json:"cards,omitempty"`
}

// ManifestSite is the part of the config that templates need.
type ManifestSite struct {
	URL         string `json:"url,omitempty"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Language    string `json:"language"`
	Timezone    string `json:"timezone"`
}

// Section is an _index.md section page.
type Section struct {
	Source      string `json:"source"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
}

// manifestStep writes posts.json, streaming one post at a time so memory
// does not hold a second copy of every post's HTML.
func manifestStep(ctx context.Context, r *run) (int, error) {
	cfg := r.opts.Config
	m := Manifest{
		Version:   ManifestVersion,
		Generator: "seopipe " + version.String(),
		Site: ManifestSite{
			URL: cfg.Site.URL, Title: cfg.Site.Title, Description: cfg.Site.Description,
			Language: cfg.Site.Language, Timezone: cfg.Site.Timezone,
		},
	}
	for _, s := range r.res.SectionPages {
		m.Sections = append(m.Sections, Section{Source: s.Source, Title: s.Title, Description: s.Excerpt})
	}
	f, err := r.tx.Create("posts.json")
	if err != nil {
		return 0, err
	}
	posts := make([]*ManifestPost, len(r.res.Posts))
	for i, p := range r.res.Posts {
		posts[i] = &ManifestPost{Post: p}
		if i < len(r.seo) {
			posts[i].SEO = r.seo[i]
		}
		if i < len(r.imageSets) {
			posts[i].Images = r.imageSets[i]
		}
		if i < len(r.cards) {
			posts[i].Cards = r.cards[i]
		}
	}
	if err := writeManifest(ctx, f, m, posts); err != nil {
		f.Abort()
		return 0, err
	}
	return len(r.res.Posts), f.Close()
}

// writeManifest writes m with posts as its "posts" array, byte for byte as
// encodeJSON(m) with m.Posts = posts would.
func writeManifest(ctx context.Context, w io.Writer, m Manifest, posts []*ManifestPost) error {
	m.Posts = nil
	head, err := encodeJSON(m)
	if err != nil {
		return err
	}
	// head ends in `  "posts": null\n}\n`: cut there and stream the array.
	cut := bytes.LastIndex(head, []byte(`"posts": null`))
	if cut < 0 {
		return errors.New("posts.json: unexpected manifest encoding")
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.Write(head[:cut])
	if len(posts) == 0 {
		bw.WriteString("\"posts\": []\n}\n")
		return bw.Flush()
	}
	bw.WriteString("\"posts\": [\n")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	for i, p := range posts {
		if i%256 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if i > 0 {
			bw.WriteString(",\n")
		}
		buf.Reset()
		if err := enc.Encode(p); err != nil {
			return fmt.Errorf("posts.json: %s: %w", p.Source, err)
		}
		bw.WriteString("    ")
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	bw.WriteString("\n  ]\n}\n")
	return bw.Flush()
}

// encodeJSON is indented JSON without HTML escaping (& stays &), ending in a newline.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
