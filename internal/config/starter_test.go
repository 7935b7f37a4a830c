package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/golden"
)

// configurationDoc is the reference made from keys, in the repository's docs.
const configurationDoc = "../../docs/configuration.md"

// TestConfigurationDoc fails when docs/configuration.md is not what keys
// make of it: edit keys in starter.go, then run
// go test ./internal/config -run TestConfigurationDoc -update.
func TestConfigurationDoc(t *testing.T) {
	golden.Check(t, configurationDoc, []byte(reference(keys)))
}

// TestKeysCoverConfig fails when a key of Config is missing from keys (a new
// setting nobody documented) or keys names one Config does not have.
func TestKeysCoverConfig(t *testing.T) {
	var want []string
	leafKeys(reflect.TypeFor[Config](), "", &want)
	slices.Sort(want)
	var got []string
	for _, k := range keys {
		got = append(got, k.Path)
	}
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("keys (-Config +keys):\n%s", diff)
	}
}

// leafKeys appends the YAML path of every setting of the struct type t: a
// field that is no struct, or a pointer to one (a section that is set or
// not, such as sitemap.news), ends a path.
func leafKeys(t reflect.Type, prefix string, out *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		key, inline, ok := yamlKey(f)
		switch {
		case !ok:
		case inline:
			leafKeys(f.Type, prefix, out)
		case f.Type.Kind() == reflect.Struct:
			leafKeys(f.Type, prefix+key+".", out)
		default:
			*out = append(*out, prefix+key)
		}
	}
}

// TestStarterKeys loads the starter with every key it shows commented out
// switched on: each must be a real key with a valid value, and each key the
// starter writes without an example must load as its default.
func TestStarterKeys(t *testing.T) {
	on := slices.Clone(keys)
	for i := range on {
		on[i].Off = false
	}
	for _, tt := range []struct {
		name string
		yaml string
	}{{"as written", Starter}, {"every key on", starter(on)}} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			if err := os.WriteFile(path, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := Load(LoadOptions{Path: path})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			loaded, defaults := reflect.ValueOf(cfg).Elem(), reflect.ValueOf(Default()).Elem()
			for _, k := range keys {
				if k.Value != "" || k.Off {
					continue
				}
				got, _ := keyValue(loaded, k.Path)
				want, _ := keyValue(defaults, k.Path)
				if !sameValue(got, want) {
					t.Errorf("%s loads as %v, want the default %v", k.Path, got, want)
				}
			}
			if err := cfg.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

// sameValue is reflect.DeepEqual, except that a nil and an empty list are
// the same: "[]" in YAML.
func sameValue(a, b reflect.Value) bool {
	if a.Kind() == reflect.Slice && b.Kind() == reflect.Slice && a.Len() == 0 && b.Len() == 0 {
		return true
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}

// TestKeysRows checks the table itself: a key documented with the one
// before it leaves the words to that one, and every other key has words.
func TestKeysRows(t *testing.T) {
	for i, k := range keys {
		switch {
		case i == 0 && k.With:
			t.Errorf("%s: the first key cannot be documented with the one before", k.Path)
		case k.With && k.Doc != "":
			t.Errorf("%s: documented with %s, but has a Doc of its own", k.Path, keys[i-1].Path)
		case !k.With && k.Doc == "" && k.Note == "":
			t.Errorf("%s: no Doc and no Note", k.Path)
		}
	}
}

func TestDefaultYAML(t *testing.T) {
	tests := []struct{ path, want string }{
		{"site.language", "en"},
		{"site.url", `""`},
		{"site.permalink", "/{slug}/"},
		{"images.widths", "[480, 960, 1440, 1920]"},
		{"images.crops", `["16:9", "4:3", "1:1"]`},
		{"images.allowHosts", "[]"},
		{"images.allowPrivateNetworks", "false"},
		{"images.maxBytes", "52428800"},
		{"sitemap.news", ""},
		{"site.authors", ""},
	}
	for _, tt := range tests {
		if got := defaultYAML(tt.path); got != tt.want {
			t.Errorf("defaultYAML(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// referenceHead opens docs/configuration.md.
const referenceHead = `<!-- Made from internal/config/starter.go by
     go test ./internal/config -run TestConfigurationDoc -update
     Edit the keys there; the test fails when this file is edited by hand. -->

# Configuration

` + "`seopipe.yaml`" + ` is found in the working directory, or named with ` + "`--config`" + ` (else
` + "`SEOPIPE_CONFIG`" + `). Paths in it are relative to the file. An unknown key is an error with a
suggestion (` + "`seopipe.yaml:4: site.titel: unknown key; did you mean \"title\"?`" + `), and every bad
value is quoted; a config error makes the run exit 2.

Precedence: defaults < ` + "`SEOPIPE_*`" + ` environment variables < the file < flags. Each key
holding text, a whole number or true/false has a variable named after its path: ` + "`site.url`" + ` is
` + "`SEOPIPE_SITE_URL`, `output.dir` is `SEOPIPE_OUTPUT_DIR`" + `. A bad value from a variable or a
flag is blamed on it (` + "`--site-url: site.url: …`" + `), not on the file.

` + "`seopipe init`" + ` writes a commented starter with every key ([below](#the-starter-file)); it
and this page are made from one list of keys, so they agree.
`

// reference renders keys as docs/configuration.md: a table per section,
// then the starter file.
func reference(keys []key) string {
	var b strings.Builder
	b.WriteString(referenceHead)
	section := ""
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j].With {
			j++
		}
		row := keys[i:j]
		if s, _, _ := strings.Cut(row[0].Path, "."); s != section {
			section = s
			fmt.Fprintf(&b, "\n## %s\n\n| key | type | default | meaning |\n| --- | --- | --- | --- |\n", s)
		}
		var names, types, defaults []string
		for _, k := range row {
			names = append(names, "`"+k.Path+"`")
			types = append(types, k.docType())
			d := defaultYAML(k.Path)
			if d == "" || d == `""` {
				d = "—"
			} else {
				d = "`" + d + "`"
			}
			defaults = append(defaults, d)
		}
		if len(slices.Compact(slices.Clone(types))) == 1 {
			types = types[:1]
		}
		if len(slices.Compact(slices.Clone(defaults))) == 1 {
			defaults = defaults[:1]
		}
		doc := row[0].Doc
		if doc == "" {
			doc = row[0].Note
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", strings.Join(names, ", "), strings.Join(types, ", "),
			strings.Join(defaults, ", "), strings.ReplaceAll(doc, "\n", " "))
		i = j
	}
	b.WriteString("\n## The starter file\n\nWhat `seopipe init` writes (`--force` to overwrite a file that exists):\n\n```yaml\n")
	b.WriteString(Starter)
	b.WriteString("```\n")
	return b.String()
}

// docType is the key's type as the reference names it.
func (k key) docType() string {
	if k.Type != "" {
		return k.Type
	}
	v, ok := keyValue(reflect.ValueOf(Default()).Elem(), k.Path)
	if !ok {
		panic("config: no key " + k.Path)
	}
	return typeName(v.Type())
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Int:
		return "whole number"
	case reflect.Float64:
		return "number"
	case reflect.Bool:
		return "true/false"
	case reflect.Pointer:
		return typeName(t.Elem())
	case reflect.Slice:
		switch e := typeName(t.Elem()); {
		case strings.HasPrefix(e, "{"):
			return "list of " + e
		default:
			return "list of " + e + "s"
		}
	case reflect.Map:
		return typeName(t.Key()) + " → " + typeName(t.Elem())
	case reflect.Struct:
		var fields []string
		for i := range t.NumField() {
			if key, inline, ok := yamlKey(t.Field(i)); ok && !inline {
				fields = append(fields, key)
			}
		}
		return "{" + strings.Join(fields, ", ") + "}"
	}
	panic("config: no name for type " + t.String())
}
