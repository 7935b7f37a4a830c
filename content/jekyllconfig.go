package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"github.com/seopipe/seopipe/internal/diag"
)

// JekyllConfig is what seopipe reads of a Jekyll site's own config file:
// only the keys that change how its posts read.
type JekyllConfig struct {
	// File is the config file read, slash-separated and relative to the
	// content directory ("_config.yml", "../_config.yml"), or "" when the
	// posts are in no Jekyll site.
	File string
	// ExcerptSeparator is the site's excerpt_separator, for the posts
	// whose front matter sets none, or nil when the config sets none
	// (see ParseOptions.ExcerptSeparator).
	ExcerptSeparator *string
}

// jekyllConfigNames are the names of a Jekyll site's config in the order
// Jekyll looks for them: it reads the first one there is, and only that.
var jekyllConfigNames = []string{"_config.yml", "_config.yaml", "_config.toml"}

// jekyllConfigIn returns the name of the config file of a Jekyll site
// whose root is dir, or "" when dir has none.
func jekyllConfigIn(dir string) string {
	for _, name := range jekyllConfigNames {
		if st, err := os.Stat(filepath.Join(dir, name)); err == nil && st.Mode().IsRegular() {
			return name
		}
	}
	return ""
}

// ReadJekyllConfig reads the config of the Jekyll site the content
// directory dir belongs to: dir's own config when dir is a site's root
// (the one Walk reads as such), else, when dir is a posts folder itself
// (_posts or _drafts: content.dir: site/_posts), its parent's; a content
// directory anywhere else is in no Jekyll site, and the zero JekyllConfig
// is returned. Of _config.yml, _config.yaml and _config.toml the first
// there is is read, as Jekyll does. A config that cannot be read or
// decoded, or a key of it that is not what Jekyll takes, is a warning
// naming the file and line, and is not read: the posts are built without
// it.
func ReadJekyllConfig(dir string) (JekyllConfig, []diag.Problem) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return JekyllConfig{}, nil
	}
	var rel string
	if name := jekyllConfigIn(abs); name != "" {
		rel = name
	} else if base := filepath.Base(abs); base == "_posts" || base == "_drafts" {
		if name := jekyllConfigIn(filepath.Dir(abs)); name != "" {
			rel = "../" + name
		}
	}
	if rel == "" {
		return JekyllConfig{}, nil
	}
	ps := &problems{path: rel}
	cfg := JekyllConfig{File: rel}
	data, err := readLimited(filepath.Join(abs, filepath.FromSlash(rel)))
	if err != nil {
		ps.warn(0, "", "%v: the site's excerpt_separator is not read", err)
		return cfg, ps.list
	}
	var v any
	var line int
	var found bool
	if strings.HasSuffix(rel, ".toml") {
		v, line, found = jekyllTOMLKey(data, "excerpt_separator", ps)
	} else {
		v, line, found = jekyllYAMLKey(data, "excerpt_separator", ps)
	}
	if !found {
		return cfg, ps.list
	}
	s, err := asString(v)
	if err != nil {
		ps.warn(line, "excerpt_separator", "%v: it is not read", err)
		return cfg, ps.list
	}
	cfg.ExcerptSeparator = &s
	return cfg, ps.list
}

// readLimited reads the file at path, refusing one over MaxFileBytes.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", errors.Unwrap(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", err)
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("is over the %d MiB limit", MaxFileBytes>>20)
	}
	return data, nil
}

// jekyllYAMLKey returns the value of the top-level key of a YAML config
// (the last, when it is given twice, as Ruby's YAML keeps it), its line,
// and whether it is there. Keys match as written: Jekyll's are case
// sensitive. A config that does not decode is warned about in ps.
func jekyllYAMLKey(data []byte, key string, ps *problems) (any, int, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := YAMLError(err)
		ps.warn(line, "", "invalid YAML (%s): the site's %s is not read, and Jekyll would not build the site", msg, key)
		return nil, 0, false
	}
	if len(doc.Content) == 0 {
		return nil, 0, false // empty: Jekyll's defaults
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		ps.warn(root.Line, "", "must be a mapping of keys to values: the site's %s is not read", key)
		return nil, 0, false
	}
	var val *yaml.Node
	line := 0
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			val, line = root.Content[i+1], k.Line
		}
	}
	if val == nil {
		return nil, 0, false
	}
	budget := yamlBudget{nodes: maxNodes, bytes: maxExpandedBytes}
	v, err := yamlValue(val, &budget)
	if err != nil {
		ps.warn(line, key, "%v: it is not read", err)
		return nil, 0, false
	}
	return v, line, true
}

// jekyllTOMLKey is jekyllYAMLKey for a TOML config.
func jekyllTOMLKey(data []byte, key string, ps *problems) (any, int, bool) {
	var m map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&m); err != nil {
		var pe toml.ParseError
		line, msg := 0, err.Error()
		if errors.As(err, &pe) {
			line, msg = pe.Position.Line, pe.Message
		}
		ps.warn(line, "", "invalid TOML (%s): the site's %s is not read, and Jekyll would not build the site", msg, key)
		return nil, 0, false
	}
	v, ok := m[key]
	if !ok {
		return nil, 0, false
	}
	return plainTOML(v, time.UTC), tomlKeyLines(data)[key], true
}
