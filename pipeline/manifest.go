package pipeline

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/version"
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
	Posts     []*content.Post `json:"posts"`
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

// manifestStep writes posts.json.
func manifestStep(_ context.Context, r *run) (int, error) {
	cfg := r.opts.Config
	m := Manifest{
		Version:   ManifestVersion,
		Generator: "seopipe " + version.String(),
		Site: ManifestSite{
			URL: cfg.Site.URL, Title: cfg.Site.Title, Description: cfg.Site.Description,
			Language: cfg.Site.Language, Timezone: cfg.Site.Timezone,
		},
		Posts: r.res.Posts,
	}
	if m.Posts == nil {
		m.Posts = []*content.Post{}
	}
	for _, s := range r.res.SectionPages {
		m.Sections = append(m.Sections, Section{Source: s.Source, Title: s.Title, Description: s.Excerpt})
	}
	data, err := encodeJSON(m)
	if err != nil {
		return 0, err
	}
	return len(m.Posts), r.tx.WriteFile("posts.json", data)
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
