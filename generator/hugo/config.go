package hugo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"github.com/seopipe/seopipe/internal/diag"
)

// configNames are the root config files Hugo reads, in its order: the
// first present is the site's (hugo.* since Hugo 0.110, config.* before
// and still read).
var configNames = []string{
	"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
	"config.toml", "config.yaml", "config.yml", "config.json",
}

// configExts are the formats a file of a config directory is read in.
var configExts = []string{".toml", ".yaml", ".yml", ".json"}

// readConfig reads the project's config as Hugo merges it: the root
// config file, then config/_default/ and, when env is given,
// config/<env>/ over it. In a config directory a file named hugo.* or
// config.* holds top-level keys, and any other file name is the top-level
// key its content goes under (params.toml is [params], languages.toml is
// [languages]); a name with a language (menus.en.toml) is left out:
// seopipe reads no menus. Every key is lower-cased, as Hugo's keys are
// case-insensitive. It returns the merged config and the files read,
// relative to root; a file that does not parse is a Problem naming it
// and its line.
func readConfig(root, env string) (map[string]any, []string, *diag.Problem) {
	var files []string
	merged := map[string]any{}
	for _, name := range configNames {
		m, err := readConfigFile(root, name)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, toProblem(name, err)
		}
		files = append(files, name)
		merged = m
		break
	}
	dirs := []string{"config/_default"}
	if env != "" {
		dirs = append(dirs, "config/"+env)
	}
	for _, dir := range dirs {
		entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
		if err != nil {
			continue
		}
		for _, e := range entries { // ReadDir sorts by name: deterministic
			ext := path.Ext(e.Name())
			if e.IsDir() || !slices.Contains(configExts, ext) {
				continue
			}
			base := strings.ToLower(strings.TrimSuffix(e.Name(), ext))
			if strings.Contains(base, ".") {
				continue // menus.en.toml: per-language, not read
			}
			rel := dir + "/" + e.Name()
			m, err := readConfigFile(root, rel)
			if err != nil {
				return nil, nil, toProblem(rel, err)
			}
			files = append(files, rel)
			if base != "hugo" && base != "config" {
				m = map[string]any{base: m}
			}
			// The root config file wins over _default; an environment
			// directory wins over both.
			if dir == "config/_default" {
				merged = mergeUnder(merged, m)
			} else {
				merged = mergeUnder(m, merged)
			}
		}
	}
	return merged, files, nil
}

// themeConfigNames are a theme's config files, in Hugo's order.
var themeConfigNames = append(slices.Clone(configNames), "theme.toml", "theme.yaml")

// mergeThemes merges the params of the config's themes (theme = "x" or a
// list, under themes/) under the site's own, as Hugo does: a theme's
// params.mainSections counts when the site sets none. Its other keys
// are not read. It returns the theme config files read.
func mergeThemes(root string, m map[string]any) ([]string, *diag.Problem) {
	var files []string
	for _, theme := range stringList(m, "theme") {
		for _, name := range themeConfigNames {
			rel := "themes/" + theme + "/" + name
			tm, err := readConfigFile(root, rel)
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, toProblem(rel, err)
			}
			files = append(files, rel)
			if params := mapping(tm, "params"); params != nil {
				m["params"] = mergeUnder(mapping(m, "params"), params)
			}
			break
		}
	}
	return files, nil
}

// mergeUnder returns top with base's keys it lacks, mappings merged
// key by key.
func mergeUnder(top, base map[string]any) map[string]any {
	out := make(map[string]any, len(top)+len(base))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range top {
		if tm, ok := v.(map[string]any); ok {
			if bm, ok := out[k].(map[string]any); ok {
				out[k] = mergeUnder(tm, bm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// lineError is a parse error at a line of a config file.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return e.msg }

func toProblem(file string, err error) *diag.Problem {
	p := &diag.Problem{Path: file, Message: err.Error(), Severity: diag.Error, PathAsGiven: true}
	var le *lineError
	if errors.As(err, &le) {
		p.Line = le.line
	}
	return p
}

// readConfigFile reads one config file, relative to root, into a
// mapping with lower-cased keys.
func readConfigFile(root, rel string) (map[string]any, error) {
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	m, err := parseConfig(path.Ext(rel), b)
	if err != nil {
		return nil, err
	}
	return lowerKeys(m).(map[string]any), nil
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// parseConfig parses a config file's bytes in the format of ext.
func parseConfig(ext string, b []byte) (map[string]any, error) {
	m := map[string]any{}
	switch ext {
	case ".toml":
		if _, err := toml.Decode(string(b), &m); err != nil {
			var pe toml.ParseError
			if errors.As(err, &pe) {
				return nil, &lineError{pe.Position.Line, "does not parse as TOML: " + pe.Message}
			}
			return nil, fmt.Errorf("does not parse as TOML: %v", err)
		}
	case ".yaml", ".yml":
		if err := yaml.Unmarshal(b, &m); err != nil {
			line := 0
			if sm := yamlLineRE.FindStringSubmatch(err.Error()); sm != nil {
				line, _ = strconv.Atoi(sm[1])
			}
			msg := strings.TrimPrefix(err.Error(), "yaml: ")
			return nil, &lineError{line, "does not parse as YAML: " + msg}
		}
	case ".json":
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return nil, &lineError{1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n")), "does not parse as JSON: " + err.Error()}
			}
			return nil, &lineError{0, "does not parse as JSON: " + err.Error()}
		}
	}
	return m, nil
}

// lowerKeys lower-cases the keys of every mapping in v.
func lowerKeys(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[strings.ToLower(k)] = lowerKeys(e)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[strings.ToLower(fmt.Sprint(k))] = lowerKeys(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = lowerKeys(e)
		}
		return out
	case []map[string]any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = lowerKeys(e)
		}
		return out
	}
	return v
}

// Accessors of a lower-cased mapping: a missing key or one of another
// type is the zero value.

func str(m map[string]any, key string) string {
	switch v := m[key].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

func boolean(m map[string]any, key string) bool {
	switch v := m[key].(type) {
	case bool:
		return v
	case string:
		b, _ := strconv.ParseBool(v)
		return b
	}
	return false
}

func number(m map[string]any, key string) int {
	switch v := m[key].(type) {
	case int64:
		return int(v)
	case int:
		return v
	case float64:
		return int(v)
	case json.Number:
		n, _ := v.Int64()
		return int(n)
	case string:
		n, _ := strconv.Atoi(v)
		return n
	}
	return 0
}

func mapping(m map[string]any, key string) map[string]any {
	v, _ := m[key].(map[string]any)
	return v
}

func stringList(m map[string]any, key string) []string {
	switch v := m[key].(type) {
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return v
	case string:
		return []string{v}
	}
	return nil
}
