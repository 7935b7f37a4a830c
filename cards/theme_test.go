package cards

import (
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/seopipe/seopipe/internal/golden"
)

func TestBuiltinThemes(t *testing.T) {
	names := BuiltinThemes()
	if d := cmp.Diff([]string{"midnight", "paper", "photo"}, names); d != "" {
		t.Errorf("BuiltinThemes (-want +got):\n%s", d)
	}
	keys := map[string]string{}
	for _, n := range names {
		th, err := LoadTheme(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if th.Name != n || th.Source != "builtin:"+n || len(th.Key()) != 16 {
			t.Errorf("%s: name %q source %q key %q", n, th.Name, th.Source, th.Key())
		}
		if other, ok := keys[th.Key()]; ok {
			t.Errorf("%s and %s share key %s", n, other, th.Key())
		}
		keys[th.Key()] = n
	}
}

// TestThemeKey: the key follows the content, not the spelling.
func TestThemeKey(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	key := func(p string) string {
		th, err := LoadTheme(p)
		if err != nil {
			t.Fatal(err)
		}
		return th.Key()
	}
	a := key(write("a.yaml", "name: t\ntitle: {color: \"#fff\"}\n"))
	b := key(write("b.yaml", "name: t\ntitle:\n  color: \"#ffffffff\"   # same colour\n"))
	c := key(write("c.yaml", "name: t\ntitle: {color: \"#eee\"}\n"))
	if a != b || a == c {
		t.Errorf("keys a %s b %s c %s: want a == b != c", a, b, c)
	}
}

func TestLoadThemeErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, body, want string
	}{
		{"unknown", "background:\n  type: solid\ntitel:\n  color: \"#fff\"\n",
			`unknown.yaml:3: titel: unknown key; did you mean "title"?`},
		{"nested-unknown", "title:\n  colour: \"#fff\"\n",
			`nested-unknown.yaml:2: title.colour: unknown key; did you mean "color"?`},
		{"colour", "background:\n  type: solid\ntitle:\n  color: \"#12345z\"\n",
			`colour.yaml:4: title.color: is not a colour (#rgb, #rrggbb, #rrggbbaa)`},
		{"flow-colour", "byline: {color: red}\n",
			`flow-colour.yaml:1: byline.color: is not a colour (#rgb, #rrggbb, #rrggbbaa)`},
		{"type", "background:\n  type: video\n",
			`type.yaml: background.type: is not one of solid, gradient, hero`},
		{"number", "padding: wide\n",
			"number.yaml:1: padding: is not a whole number"},
		// A file that is not a theme (a post's card.theme naming .env):
		// its keys and lines are named, its values never (issue 26, item 2).
		{"secret-colour", "background:\n  from: ghp_SECRET1\n", "secret-colour.yaml:2: background.from: is not a colour (#rgb, #rrggbb, #rrggbbaa)"},
		{"secret-number", "padding: ghp_SECRET2\n", "secret-number.yaml:1: padding: is not a whole number"},
		{"secret-float", "title:\n  lineHeight: ghp_SECRET3\n", "secret-float.yaml:2: title.lineHeight: cannot unmarshal !!str into float64"},
		{"secret-enum", "title:\n  weight: ghp_SECRET4\n", "secret-enum.yaml: title.weight: is not regular or bold"},
		{"secret-bool", "excerpt:\n  show: ghp_SECRET5\n", "secret-bool.yaml:2: excerpt.show: must be true or false"},
		{"syntax", "title: [\n", "syntax.yaml:1: invalid YAML: did not find expected node content"},
		{"not a mapping", "- a\n- b\n", "not a mapping.yaml:1: a theme must be a mapping of keys (background, title, …)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name+".yaml")
			os.WriteFile(p, []byte(tc.body), 0o644)
			_, err := LoadTheme(p)
			got := strings.ReplaceAll(errString(err), dir+string(filepath.Separator), "")
			if got != tc.want {
				t.Errorf("error\n got %s\nwant %s", got, tc.want)
			}
		})
	}
	_, err := LoadTheme("nosuch")
	if want := `theme "nosuch": neither a built-in theme (midnight, paper, photo) nor a file`; errString(err) != want {
		t.Errorf("error %q, want %q", errString(err), want)
	}
}

// FuzzLoadTheme: any bytes give a theme or an error, never a panic.
func FuzzLoadTheme(f *testing.F) {
	for _, n := range BuiltinThemes() {
		data, _ := builtinFS.ReadFile("themes/" + n + ".yaml")
		f.Add(data)
	}
	f.Add([]byte("title: {color: \"#12345z\"}\nbogus: 1\n"))
	f.Add([]byte("background: [1, 2]\ncategory: {show: maybe}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			t.Skip("large input")
		}
		th, err := parseTheme("fuzz.yaml", "fuzz", data)
		if err == nil && th.Key() == "" {
			t.Error("theme without a key")
		}
	})
}

// TestSamples renders each built-in theme's og card with a realistic
// input; -update writes them to docs/cards/<theme>-og.png for the README.
func TestSamples(t *testing.T) {
	in := Input{
		Title:    "Shipping social cards three times faster than satori, in pure Go",
		Category: "Engineering", Excerpt: "How a cached gradient, one PNG filter and a fast deflate got a card under ten milliseconds.",
		Author: "Priya Raman", Date: "12 Nov 2025", SiteName: "example.blog",
		Avatar: synthAvatar(), Logo: synthLogo(),
	}
	if f, err := os.Open("../examples/site/static/images/heroes/harbour.jpg"); err == nil {
		hero, err := jpeg.Decode(f)
		f.Close()
		if err == nil {
			in.Hero = hero
		}
	}
	if in.Hero == nil {
		in.Hero = synthHero(1600, 900)
	}
	for _, theme := range BuiltinThemes() {
		res := render(t, goRenderer(), in, theme, Options{})
		if len(res.Warnings) > 0 && theme != "photo" { // a photo is over the PNG budget
			t.Errorf("%s: warnings %q", theme, res.Warnings)
		}
		if !golden.Updating(t) {
			continue
		}
		path := filepath.Join("..", "docs", "cards", theme+"-og.png")
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, res.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes, contrast %.1f:1)", path, len(res.Data), res.Contrast)
	}
}
