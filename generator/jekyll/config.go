package jekyll

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/sitefiles"
)

// maxConfigBytes caps a config file: Jekyll's are a few kilobytes.
const maxConfigBytes = 4 << 20

// value is a config value with the place it was written.
type value struct {
	v    any
	file string
	line int
}

// rawConfig is the merged config: each top-level key with its value and
// place, the later file's winning as Jekyll's deep merge does (a mapping
// is merged key by key, anything else replaced; a null keeps the old).
type rawConfig map[string]value

// readConfigs reads the config files, relative to root, in order and
// merges them. A file that cannot be read or does not parse is an Error
// naming it and its line. missingOK is Jekyll's rule for its default
// config: a site without _config.yml is built with the defaults.
func readConfigs(site *sitefiles.Site, root string, files []string, missingOK bool) (rawConfig, []string, []diag.Problem) {
	cfg := rawConfig{}
	var read []string
	for _, name := range files {
		if name == "" {
			continue
		}
		file, from := filepath.FromSlash(name), site
		if filepath.IsAbs(file) {
			from = site.With(filepath.Dir(file)) // named by the user, anywhere
		} else {
			file = filepath.Join(root, file)
		}
		data, err := readFile(from, file)
		if err != nil {
			if missingOK && errors.Is(err, os.ErrNotExist) {
				continue
			}
			return nil, nil, []diag.Problem{configProblem(name, 0, "", "cannot read the Jekyll config: %v", err)}
		}
		var m map[string]value
		var p *diag.Problem
		switch strings.ToLower(filepath.Ext(name)) {
		case ".toml":
			m, p = decodeTOML(name, data)
		case ".yml", ".yaml":
			m, p = decodeYAML(name, data)
		default:
			p = &diag.Problem{Path: name, Message: "Jekyll reads a config only as .yml, .yaml or .toml"}
		}
		if p != nil {
			p.PathAsGiven, p.Severity = true, diag.Error
			return nil, nil, []diag.Problem{*p}
		}
		for k, v := range m {
			old, had := cfg[k]
			switch {
			case v.v == nil && had:
			case had:
				old.v = deepMerge(old.v, v.v)
				old.file, old.line = v.file, v.line
				cfg[k] = old
			default:
				cfg[k] = v
			}
		}
		read = append(read, name)
	}
	return cfg, read, nil
}

func readFile(site *sitefiles.Site, path string) ([]byte, error) {
	f, err := site.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfigBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxConfigBytes {
		return nil, fmt.Errorf("is over the %d MiB limit", maxConfigBytes>>20)
	}
	return data, nil
}

func configProblem(file string, line int, field, format string, args ...any) diag.Problem {
	return diag.Problem{Path: file, Line: line, Field: field, Message: fmt.Sprintf(format, args...), Severity: diag.Error, PathAsGiven: true}
}

// deepMerge is Jekyll's Utils.deep_merge_hashes for one value: mappings
// merge key by key, a null keeps the old value, anything else replaces it.
func deepMerge(old, next any) any {
	if next == nil {
		return old
	}
	om, ok1 := old.(map[string]any)
	nm, ok2 := next.(map[string]any)
	if !ok1 || !ok2 {
		return next
	}
	out := make(map[string]any, len(om)+len(nm))
	for k, v := range om {
		out[k] = v
	}
	for k, v := range nm {
		out[k] = deepMerge(om[k], v)
	}
	return out
}

// decodeYAML reads a YAML config as Jekyll's Psych does: YAML 1.1, so a
// plain yes, no, on or off is a boolean. An empty file is no keys.
func decodeYAML(file string, data []byte) (map[string]value, *diag.Problem) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := yamlErrorLine(err)
		return nil, &diag.Problem{Path: file, Line: line, Message: "invalid YAML: " + msg}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, &diag.Problem{Path: file, Line: root.Line, Message: "must be a mapping of keys to values, as Jekyll requires"}
	}
	out := map[string]value{}
	budget := 100000
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		val, err := yamlAny(v, &budget, 0)
		if err != nil {
			return nil, &diag.Problem{Path: file, Line: k.Line, Field: k.Value, Message: err.Error()}
		}
		out[k.Value] = value{v: val, file: file, line: k.Line}
	}
	return out, nil
}

// yamlErrorLine takes the line out of a yaml.v3 error ("yaml: line 3:
// …"), 0 when it names none.
func yamlErrorLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			if line, err := strconv.Atoi(n); err == nil {
				return line, after
			}
		}
	}
	return 0, msg
}

// yamlAny turns a node into plain values (maps, slices, strings, bools,
// numbers), resolving plain scalars as YAML 1.1 does for booleans. budget
// bounds the nodes visited, aliases included (a billion laughs).
func yamlAny(n *yaml.Node, budget *int, depth int) (any, error) {
	*budget--
	if *budget < 0 || depth > 100 {
		return nil, errors.New("is too large or too deeply nested")
	}
	switch n.Kind {
	case yaml.AliasNode:
		return yamlAny(n.Alias, budget, depth+1)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Kind == yaml.ScalarNode && n.Content[i].Value == "<<" {
				base, err := yamlAny(n.Content[i+1], budget, depth+1)
				if err != nil {
					return nil, err
				}
				if bm, ok := base.(map[string]any); ok {
					for k, v := range bm {
						if _, set := m[k]; !set {
							m[k] = v
						}
					}
				}
				continue
			}
			v, err := yamlAny(n.Content[i+1], budget, depth+1)
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlAny(c, budget, depth+1)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	case yaml.ScalarNode:
		if n.Style == 0 && (n.Tag == "!!str" || n.Tag == "!!bool") {
			switch n.Value {
			case "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE":
				return true, nil
			case "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE":
				return false, nil
			}
		}
		switch n.Tag {
		case "!!null":
			return nil, nil
		case "!!int", "!!float", "!!bool":
			var v any
			if err := n.Decode(&v); err == nil {
				return v, nil
			}
		}
		return n.Value, nil
	}
	return nil, nil
}

// decodeTOML reads a TOML config (Jekyll's tomlrb).
func decodeTOML(file string, data []byte) (map[string]value, *diag.Problem) {
	var m map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &diag.Problem{Path: file, Line: pe.Position.Line, Message: "invalid TOML: " + pe.Message}
		}
		return nil, &diag.Problem{Path: file, Message: "invalid TOML: " + err.Error()}
	}
	lines := tomlKeyLines(data)
	out := make(map[string]value, len(m))
	for k, v := range m {
		out[k] = value{v: plainTOML(v), file: file, line: lines[k]}
	}
	return out, nil
}

// plainTOML turns the TOML decoder's tables into the maps the YAML
// reader gives.
func plainTOML(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plainTOML(e)
		}
		return out
	case []map[string]any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainTOML(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plainTOML(e)
		}
		return out
	}
	return v
}

// tomlKeyLines finds the line of each top-level key or table of a TOML
// document, for messages: the first line that starts with it.
func tomlKeyLines(data []byte) map[string]int {
	lines := map[string]int{}
	inTable := false
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "[") {
			inTable = true
			name := strings.Trim(l, "[] ")
			name, _, _ = strings.Cut(name, ".")
			name = strings.Trim(name, `"' `)
			if _, ok := lines[name]; !ok {
				lines[name] = i + 1
			}
			continue
		}
		if inTable {
			continue
		}
		if k, _, ok := strings.Cut(l, "="); ok {
			k = strings.Trim(strings.TrimSpace(k), `"'`)
			if _, seen := lines[k]; !seen {
				lines[k] = i + 1
			}
		}
	}
	return lines
}
