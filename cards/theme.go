package cards

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image/color"
	"os"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/seopipe/seopipe/internal/yamlkeys"
)

//go:embed themes/*.yaml
var builtinFS embed.FS

// Theme is a card design: background, padding and the look of every
// element. Load one with LoadTheme. A Theme is immutable once loaded and
// safe for concurrent use.
type Theme struct {
	// Name is the theme's name: the built-in name, or the file's "name"
	// key, else the file name without its extension.
	Name string
	// Source is where the theme came from: "builtin:NAME" or the file path.
	Source string

	spec themeSpec
	key  string
}

// themeSpec is a theme file. Every key is optional; defaults fill the gaps
// (see defaultSpec). Colours are "#rgb", "#rrggbb" or "#rrggbbaa".
type themeSpec struct {
	Name       string         `yaml:"name" json:"name"`
	Background backgroundSpec `yaml:"background" json:"background"`
	// Padding is the space between the canvas edge and the content, px at
	// 1200 px width.
	Padding int `yaml:"padding" json:"padding"`
	// Gap is the vertical space between the header, title and excerpt.
	Gap       int          `yaml:"gap" json:"gap"`
	Category  categorySpec `yaml:"category" json:"category"`
	Title     titleSpec    `yaml:"title" json:"title"`
	Excerpt   textSpec     `yaml:"excerpt" json:"excerpt"`
	Byline    bylineSpec   `yaml:"byline" json:"byline"`
	Site      siteSpec     `yaml:"site" json:"site"`
	AccentBar barSpec      `yaml:"accentBar" json:"accentBar"`
}

type backgroundSpec struct {
	// Type is solid, gradient or hero.
	Type string `yaml:"type" json:"type"`
	// Color is the solid colour (and a hero theme's fallback when it has no
	// gradient).
	Color Color `yaml:"color" json:"color"`
	// From, Via and To are the gradient's stops (Via optional).
	From Color `yaml:"from" json:"from"`
	Via  Color `yaml:"via" json:"via"`
	To   Color `yaml:"to" json:"to"`
	// Angle is the CSS gradient angle in degrees (0 up, 90 right, 135 to
	// the bottom-right).
	Angle float64 `yaml:"angle" json:"angle"`
	// Scrim is the colour laid over a hero image, at the lowest opacity in
	// steps of 0.05 from ScrimMin that gives the title 4.5:1 contrast.
	Scrim    Color   `yaml:"scrim" json:"scrim"`
	ScrimMin float64 `yaml:"scrimMin" json:"scrimMin"`
}

type textSpec struct {
	Show     *bool   `yaml:"show" json:"show"`
	Color    Color   `yaml:"color" json:"color"`
	Size     float64 `yaml:"size" json:"size"`
	Weight   string  `yaml:"weight" json:"weight"` // regular or bold
	MaxLines int     `yaml:"maxLines" json:"maxLines"`
}

type categorySpec struct {
	textSpec  `yaml:",inline" json:",inline"`
	Style     string `yaml:"style" json:"style"` // pill or label
	Fill      Color  `yaml:"fill" json:"fill"`   // the pill's colour
	Uppercase bool   `yaml:"uppercase" json:"uppercase"`
}

type titleSpec struct {
	Color      Color   `yaml:"color" json:"color"`
	Weight     string  `yaml:"weight" json:"weight"`
	MinSize    float64 `yaml:"minSize" json:"minSize"`
	MaxSize    float64 `yaml:"maxSize" json:"maxSize"`
	MaxLines   int     `yaml:"maxLines" json:"maxLines"`
	LineHeight float64 `yaml:"lineHeight" json:"lineHeight"`
	Balance    bool    `yaml:"balance" json:"balance"`
}

type bylineSpec struct {
	textSpec `yaml:",inline" json:",inline"`
	// Avatar is the round avatar's diameter; 0 draws none.
	Avatar int  `yaml:"avatar" json:"avatar"`
	Date   bool `yaml:"date" json:"date"`
}

type siteSpec struct {
	textSpec `yaml:",inline" json:",inline"`
	// Logo is the logo's height; 0 draws none.
	Logo int `yaml:"logo" json:"logo"`
}

type barSpec struct {
	Show  bool  `yaml:"show" json:"show"`
	Color Color `yaml:"color" json:"color"`
	// Position is top (a short bar above the header) or left (a strip at
	// the canvas's left edge, inside the safe zones).
	Position  string `yaml:"position" json:"position"`
	Thickness int    `yaml:"thickness" json:"thickness"`
	Length    int    `yaml:"length" json:"length"`
}

// Color is a theme colour. In YAML it is "#rgb", "#rrggbb" or "#rrggbbaa".
type Color struct {
	color.NRGBA
	Set bool
}

var colourRE = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$`)

// parseColor parses "#rgb", "#rrggbb" or "#rrggbbaa".
func parseColor(s string) (Color, error) {
	if !colourRE.MatchString(s) {
		return Color{}, fmt.Errorf("%q is not a colour (#rgb, #rrggbb, #rrggbbaa)", s)
	}
	h := s[1:]
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) == 6 {
		h += "ff"
	}
	v, _ := strconv.ParseUint(h, 16, 32)
	return Color{color.NRGBA{uint8(v >> 24), uint8(v >> 16), uint8(v >> 8), uint8(v)}, true}, nil
}

// UnmarshalYAML reads a colour string.
func (c *Color) UnmarshalYAML(n *yaml.Node) error {
	p, err := parseColor(n.Value)
	if err != nil {
		// The value is not in the message: a theme file may be any file.
		_ = err
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: is not a colour (#rgb, #rrggbb, #rrggbbaa)", n.Line)}}
	}
	*c = p
	return nil
}

// MarshalJSON writes the colour as #rrggbbaa, for Theme.Key.
func (c Color) MarshalJSON() ([]byte, error) {
	if !c.Set {
		return []byte(`""`), nil
	}
	return fmt.Appendf(nil, `"#%02x%02x%02x%02x"`, c.R, c.G, c.B, c.A), nil
}

// ThemeError is a problem in a theme file, at a line and key.
type ThemeError struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *ThemeError) Error() string { return yamlkeys.Message(e.File, e.Line, e.Key, e.Msg) }

// BuiltinThemes returns the names of the built-in themes, sorted.
func BuiltinThemes() []string {
	ents, _ := builtinFS.ReadDir("themes")
	var names []string
	for _, e := range ents {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	slices.Sort(names)
	return names
}

// LoadTheme returns the built-in theme of that name, else reads the YAML
// theme file at that path. Unknown keys and bad values are errors naming
// the file, line and key.
//
// A theme file's messages name the key and line, never the value: the
// file may be any file (a post's card.theme naming .env), and what is not
// a theme must not reach the log.
func LoadTheme(nameOrPath string) (*Theme, error) {
	return LoadThemeWith(nameOrPath, os.ReadFile)
}

// LoadThemeWith is [LoadTheme] reading theme files with readFile (the
// site's confined reader).
func LoadThemeWith(nameOrPath string, readFile func(string) ([]byte, error)) (*Theme, error) {
	if slices.Contains(BuiltinThemes(), nameOrPath) {
		data, err := builtinFS.ReadFile("themes/" + nameOrPath + ".yaml")
		if err != nil {
			return nil, fmt.Errorf("load theme %s: %w", nameOrPath, err)
		}
		return parseTheme("builtin:"+nameOrPath, nameOrPath, data)
	}
	data, err := readFile(nameOrPath)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && !strings.ContainsAny(nameOrPath, `/\.`) {
			return nil, fmt.Errorf("theme %q: neither a built-in theme (%s) nor a file", nameOrPath, strings.Join(BuiltinThemes(), ", "))
		}
		return nil, fmt.Errorf("load theme: %w", err)
	}
	name := strings.TrimSuffix(path.Base(strings.ReplaceAll(nameOrPath, `\`, "/")), path.Ext(nameOrPath))
	return parseTheme(nameOrPath, name, data)
}

var yamlLineRE = regexp.MustCompile(`line (\d+): `)

// yamlValueRE is the value a YAML type error quotes ("cannot unmarshal
// !!str `ghp_…` into int"), left out of a theme's messages.
var yamlValueRE = regexp.MustCompile("(!!\\w+) `[^`]*`")

// parseTheme decodes a theme file strictly over the defaults.
func parseTheme(file, name string, data []byte) (*Theme, error) {
	spec := defaultSpec()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		e := &ThemeError{File: file, Msg: "invalid YAML: " + msg}
		if m := yamlLineRE.FindStringSubmatchIndex(msg); m != nil {
			e.Line, _ = strconv.Atoi(msg[m[2]:m[3]])
			e.Msg = "invalid YAML: " + msg[:m[0]] + msg[m[1]:]
		}
		return nil, e
	}
	if len(doc.Content) > 0 {
		root := doc.Content[0]
		if root.Kind != yaml.MappingNode {
			if !(root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null") {
				return nil, &ThemeError{File: file, Line: root.Line, Msg: "a theme must be a mapping of keys (background, title, …)"}
			}
		} else {
			var errs []error
			valueKeys := map[int]string{}
			for _, p := range yamlkeys.Check(root, reflect.TypeOf(spec), yamlkeys.Options{
				Leaf:       func(t reflect.Type) bool { return t == reflect.TypeOf(Color{}) },
				Seen:       func(key string, _, valueLine int) { valueKeys[valueLine] = key },
				HideValues: true,
			}) {
				errs = append(errs, &ThemeError{File: file, Line: p.Line, Key: p.Key, Msg: p.Msg})
			}
			if len(errs) > 0 {
				return nil, errors.Join(errs...)
			}
			if err := root.Decode(&spec); err != nil {
				var te *yaml.TypeError
				if !errors.As(err, &te) {
					return nil, &ThemeError{File: file, Msg: err.Error()}
				}
				for _, m := range te.Errors {
					m = yamlValueRE.ReplaceAllString(m, "$1")
					e := &ThemeError{File: file, Msg: m}
					if sm := yamlLineRE.FindStringSubmatchIndex(m); sm != nil {
						e.Line, _ = strconv.Atoi(m[sm[2]:sm[3]])
						e.Msg = m[sm[1]:]
						e.Key = valueKeys[e.Line]
					}
					errs = append(errs, e)
				}
				return nil, errors.Join(errs...)
			}
		}
	}
	if spec.Name != "" {
		name = spec.Name
	}
	spec.Name = name
	if err := spec.validate(file); err != nil {
		return nil, err
	}
	canon, _ := json.Marshal(spec)
	sum := sha256.Sum256(canon)
	return &Theme{Name: name, Source: file, spec: spec, key: hex.EncodeToString(sum[:8])}, nil
}

// Key is a hash of the theme's canonical content (every value after
// defaults), the same for two files that mean the same theme: a cache key.
func (t *Theme) Key() string { return t.key }
