package cards

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/fonts"
	"github.com/seopipe/seopipe/internal/golden"
	"github.com/seopipe/seopipe/internal/testdeps"
)

func allSizes(t testing.TB) []Size {
	var out []Size
	for _, n := range Sizes {
		s, err := ParseSize(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		name string
		want Size
		err  string
	}{
		{"og", Size{"og", 1200, 630}, ""},
		{"x", Size{"x", 1200, 600}, ""},
		{"square", Size{"square", 1200, 1200}, ""},
		{"banner", Size{}, `card size "banner": want one of og, x, square`},
	} {
		got, err := ParseSize(tc.name)
		if d := cmp.Diff(tc.want, got); d != "" {
			t.Errorf("ParseSize(%q) (-want +got):\n%s", tc.name, d)
		}
		if msg := errString(err); msg != tc.err {
			t.Errorf("ParseSize(%q) error %q, want %q", tc.name, msg, tc.err)
		}
	}
}

// TestPNGEncoder checks our PNG writer against image/png's decoder: same
// pixels for drawn and photo cards, and a palette PNG close to them.
func TestPNGEncoder(t *testing.T) {
	card := benchCard(t)
	photo := image.NewRGBA(image.Rect(0, 0, 333, 171)) // odd sizes
	coverHero(photo, synthHero(640, 360))
	for _, tc := range []struct {
		name  string
		m     *image.RGBA
		photo bool
	}{{"drawn", card, false}, {"photo", photo, true}, {"drawn-as-photo", card, true}} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			new(encoder).encodeRGB(&b, tc.m, tc.photo)
			got, err := png.Decode(bytes.NewReader(b.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := got.(*image.RGBA); !ok {
				t.Errorf("decoded as %T, want *image.RGBA (colour type 2)", got)
			}
			if !slices.Equal(got.(*image.RGBA).Pix, tc.m.Pix) {
				t.Error("decoded pixels differ from the encoded ones")
			}
		})
	}
	t.Run("palette", func(t *testing.T) {
		var b bytes.Buffer
		new(encoder).encodeQuantized(&b, card, false)
		got, err := png.Decode(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		p, ok := got.(*image.Paletted)
		if !ok {
			t.Fatalf("decoded as %T, want *image.Paletted", got)
		}
		if len(p.Palette) > 256 {
			t.Errorf("%d colours", len(p.Palette))
		}
		comparePixels(t, "palette", decode(t, b.Bytes()), card)
	})
}

// TestGolden compares every built-in theme at every size with its golden
// PNG by decoded pixels. go test ./cards -run TestGolden -update rewrites
// them.
func TestGolden(t *testing.T) {
	t.Parallel()
	r := goRenderer()
	for _, theme := range BuiltinThemes() {
		for _, s := range allSizes(t) {
			name := theme + "-" + s.Name
			t.Run(name, func(t *testing.T) {
				// no budget: goldens hold the card as drawn
				res := render(t, r, fullInput(), theme, Options{Size: s, MaxBytes: 1 << 30})
				path := filepath.Join("testdata", "TestGolden", name+".png")
				if golden.Updating(t) {
					os.MkdirAll(filepath.Dir(path), 0o755)
					if err := os.WriteFile(path, res.Data, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./cards -run TestGolden -update to create it)", err)
				}
				comparePixels(t, name, decode(t, res.Data), decode(t, want))
			})
		}
	}
}

// TestLayoutRules checks rules 25–26 on every theme and size, for a
// normal card and a crowded one: only background in the safe zones, the
// title's ink inside its box, the size right.
func TestLayoutRules(t *testing.T) {
	t.Parallel()
	r := goRenderer()
	crowded := fullInput()
	crowded.Title = strings.Repeat("Overflowing words everywhere ", 20)
	crowded.Author = "A Very Long Author Name That Goes On And On Forever And Ever"
	crowded.SiteName = "an-extremely-long-domain-name-for-a-site.example.com"
	crowded.Category = "A category with a long name that might overflow"
	for _, theme := range BuiltinThemes() {
		th, err := LoadTheme(theme)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range allSizes(t) {
			for name, in := range map[string]Input{"full": fullInput(), "crowded": crowded} {
				if name == "crowded" && s.Name == "square" {
					continue // the square card has room; keep the race run short
				}
				t.Run(theme+"-"+s.Name+"-"+name, func(t *testing.T) {
					// no budget: a palette would move the background's pixels
					res, err := r.Render(context.Background(), in, th, Options{Size: s, MaxBytes: 1 << 30})
					if err != nil {
						t.Fatal(err)
					}
					got := decode(t, res.Data)
					if got.Rect.Dx() != s.W || got.Rect.Dy() != s.H || res.Width != s.W || res.Height != s.H {
						t.Fatalf("size %v (result %d×%d), want %d×%d", got.Rect.Size(), res.Width, res.Height, s.W, s.H)
					}
					// the background alone, as Render paints it
					c := r.newCard(th, s, in, &Result{})
					bg := image.NewRGBA(image.Rect(0, 0, s.W, s.H))
					r.paintBackground(bg, c, in.Hero)
					for _, z := range SafeZones(s) {
						for y := z.Min.Y; y < z.Max.Y; y++ {
							for x := z.Min.X; x < z.Max.X; x++ {
								i := got.PixOffset(x, y)
								if !slices.Equal(got.Pix[i:i+3], bg.Pix[i:i+3]) {
									t.Fatalf("pixel (%d,%d) in safe zone %v is drawn on", x, y, z)
								}
							}
						}
					}
					ink := res.Title.InkBounds(float64(c.titleBox.Min.X), float64(c.titleBox.Min.Y))
					if !ink.In(c.titleBox) {
						t.Errorf("title ink %v outside its box %v", ink, c.titleBox)
					}
				})
			}
		}
	}
}

// TestText covers titles that do not fit or cannot be drawn as given.
func TestText(t *testing.T) {
	t.Parallel()
	regular := []*fonts.Font{fonts.GoRegular()}
	bold := []*fonts.Font{fonts.GoBold()}
	if path, err := testdeps.LookFont("DejaVuSans"); err == nil {
		regular = append(regular, mustLoad(t, path)...) // Arabic, Hebrew and more
	}
	if path, err := testdeps.LookFont("DejaVuSans-Bold"); err == nil {
		bold = append(bold, mustLoad(t, path)...)
	}
	r := NewRenderer(Fonts{Regular: fonts.NewChain(regular...), Bold: fonts.NewChain(bold...)})
	base := Input{Category: "News", Author: "Ada", Date: "7 Nov 2025", SiteName: "example.blog"}
	for _, tc := range []struct {
		name        string
		title       string
		cut, shrunk bool
		missing     []rune // must all be reported
		warnings    []string
	}{
		{name: "short", title: "Hello, cards"},
		{name: "500 characters", title: strings.Repeat("lorem ipsum dolor ", 28)[:500], cut: true, shrunk: true,
			warnings: []string{"title shrunk to 46 px (preferred 68)", "title cut with … after 3 lines at 46 px"}},
		{name: "one 80-character word", title: strings.Repeat("Supercalifragilistic", 4)},
		{name: "empty", title: "", warnings: []string{"empty title: the site title is used"}},
		{name: "chinese", title: "静态网站生成器的社交卡片渲染速度提高了三倍", missing: []rune("静态网")},
		{name: "japanese", title: "静的サイトのソーシャルカードを三倍速く描画する方法", missing: []rune("静的サ")},
		{name: "arabic", title: "كيف جعلنا بطاقات المشاركة أسرع بثلاث مرات",
			warnings: []string{"title needs text shaping (joining or reordering letters) that is not done: it may read wrongly"}},
		{name: "hindi", title: "सोशल कार्ड तीन गुना तेज़ कैसे बनाए", missing: []rune("सोशल")},
		{name: "emoji ZWJ", title: "Family 👨‍👩‍👧 and a rocket 🚀", missing: []rune("👨👩👧🚀")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := base
			in.Title = tc.title
			res := render(t, r, in, "midnight", Options{})
			if res.Cut != tc.cut {
				t.Errorf("Cut = %v, want %v", res.Cut, tc.cut)
			}
			if tc.shrunk && !res.Shrunk {
				t.Errorf("Shrunk = false, want true")
			}
			for _, m := range tc.missing {
				if !slices.Contains(res.Missing, m) {
					t.Errorf("Missing %q lacks %q", string(res.Missing), m)
				}
			}
			if len(tc.missing) > 0 && !hasWarning(res, "no font has a glyph for") {
				t.Errorf("no missing-glyph warning in %q", res.Warnings)
			}
			for _, w := range tc.warnings {
				if !slices.Contains(res.Warnings, w) {
					t.Errorf("warnings %q lack %q", res.Warnings, w)
				}
			}
			if tc.name == "hindi" && !res.Title.Unshaped && len(res.Missing) == 0 {
				t.Error("Hindi is neither unshaped nor missing")
			}
		})
	}
}

func hasWarning(res *Result, prefix string) bool {
	return slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.Contains(w, prefix) })
}

// TestHeroContrast checks the scrim: enough to reach 4.5:1 over a nearly
// white hero, measured here by a separate per-pixel count, and the
// fallbacks for a tiny or missing hero.
func TestHeroContrast(t *testing.T) {
	t.Parallel()
	r := goRenderer()
	th, err := LoadTheme("photo")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		hero      image.Image
		warnings  []string
		wantScrim bool
	}{
		{name: "nearly white", hero: uniform(1600, 900, color.RGBA{0xf8, 0xf8, 0xf4, 255}), wantScrim: true},
		{name: "landscape", hero: synthHero(1600, 900), wantScrim: true},
		{name: "dark", hero: uniform(1600, 900, color.RGBA{0x10, 0x10, 0x10, 255})},
		{name: "tiny", hero: synthHero(300, 200), warnings: []string{"hero is 300×200, too small for the card: gradient used"}},
		{name: "missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := fullInput()
			in.Hero = tc.hero
			res, err := r.Render(context.Background(), in, th, Options{MaxBytes: 1 << 30})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.warnings, res.Warnings); d != "" {
				t.Errorf("warnings (-want +got):\n%s", d)
			}
			if res.Contrast < MinContrast {
				t.Errorf("Contrast %.2f < %.1f", res.Contrast, MinContrast)
			}
			// count, pixel by pixel, how much of the title box behind the
			// text reaches 4.5:1 against white
			s := sizes["og"]
			c := r.newCard(th, s, in, &Result{})
			bg := image.NewRGBA(image.Rect(0, 0, s.W, s.H))
			r.paintBackground(bg, c, in.Hero)
			low, n := 0, 0
			for y := c.titleBox.Min.Y; y < c.titleBox.Max.Y; y += 2 {
				for x := c.titleBox.Min.X; x < c.titleBox.Max.X; x += 2 {
					if ContrastRatio(color.White, bg.RGBAAt(x, y)) < MinContrast {
						low++
					}
					n++
				}
			}
			if float64(low) > 0.06*float64(n) {
				t.Errorf("%d of %d pixels behind the title are below %.1f:1", low, n, MinContrast)
			}
			// the scrim is the lowest that works: one step less fails
			if tc.wantScrim && tc.hero != nil {
				plain := image.NewRGBA(bg.Rect)
				coverHero(plain, tc.hero)
				samples := sampleRGB(plain, c.titleBox)
				a, _ := chooseScrim(samples, color.NRGBA{255, 255, 255, 255}, color.NRGBA{0, 0, 0, 255}, th.spec.Background.ScrimMin)
				if a > th.spec.Background.ScrimMin {
					if got := measuredContrast(samples, color.NRGBA{255, 255, 255, 255}, color.NRGBA{0, 0, 0, 255}, a-0.05, nil); got >= MinContrast {
						t.Errorf("scrim %.2f is not the lowest: %.2f gives %.2f", a, a-0.05, got)
					}
				}
			}
		})
	}
}

// TestLowContrastTheme warns about a theme whose title hardly shows.
func TestLowContrastTheme(t *testing.T) {
	path := filepath.Join(t.TempDir(), "grey.yaml")
	os.WriteFile(path, []byte("background: {type: solid, color: \"#777\"}\ntitle: {color: \"#888\"}\n"), 0o644)
	res := render(t, goRenderer(), Input{Title: "Grey on grey"}, path, Options{})
	if res.Contrast > 1.5 || !hasWarning(res, "title contrast 1.3:1 against the background is below 4.5:1") {
		t.Errorf("contrast %.2f, warnings %q", res.Contrast, res.Warnings)
	}
}

// TestBudget checks the byte budget: a noisy hero makes a PNG far over
// it, the palette is still over, JPEG fits; a drawn card a little over the
// budget gets a palette.
func TestBudget(t *testing.T) {
	t.Parallel()
	r := goRenderer()
	in := fullInput()
	in.Hero = noise(1600, 900)
	res := render(t, r, in, "photo", Options{})
	if res.Format != "jpeg" || len(res.Data) > DefaultMaxBytes {
		t.Errorf("noisy hero: %s of %d bytes, want JPEG ≤ %d", res.Format, len(res.Data), DefaultMaxBytes)
	}
	if _, err := jpeg.Decode(bytes.NewReader(res.Data)); err != nil {
		t.Errorf("noisy hero: %v", err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "over the 300 KB budget") || !strings.Contains(res.Warnings[0], "switched to JPEG") {
		t.Errorf("noisy hero warnings %q", res.Warnings)
	}

	in = fullInput()
	full := render(t, r, in, "midnight", Options{})
	res = render(t, r, in, "midnight", Options{MaxBytes: len(full.Data) - 1})
	if res.Format != "png" || len(res.Data) >= len(full.Data) || !hasWarning(res, "reduced to 256 colours") {
		t.Errorf("tight budget: %s of %d bytes (full %d), warnings %q", res.Format, len(res.Data), len(full.Data), res.Warnings)
	}
	if _, err := png.Decode(bytes.NewReader(res.Data)); err != nil {
		t.Error(err)
	}

	res = render(t, r, in, "midnight", Options{Format: "jpeg", MaxBytes: 1000})
	if res.Format != "jpeg" || !hasWarning(res, "still over the budget") {
		t.Errorf("impossible JPEG budget: %s, warnings %q", res.Format, res.Warnings)
	}
}

// TestRenderDeterministic renders the same cards from two goroutines:
// equal bytes every time.
func TestRenderDeterministic(t *testing.T) {
	t.Parallel()
	r := goRenderer()
	th, _ := LoadTheme("photo")
	want, err := r.Render(context.Background(), fullInput(), th, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for range 2 {
				got, err := r.Render(context.Background(), fullInput(), th, Options{})
				if err != nil || !bytes.Equal(got.Data, want.Data) {
					t.Error("a second render differs", err)
				}
			}
		})
	}
	wg.Wait()
}

func TestRenderErrors(t *testing.T) {
	r := goRenderer()
	th, _ := LoadTheme("midnight")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		o    Options
		want string
	}{
		{"cancelled", ctx, Options{}, "context canceled"},
		{"format", context.Background(), Options{Format: "gif"}, `render card: format "gif": want png or jpeg`},
		{"quality", context.Background(), Options{Format: "jpeg", Quality: 101}, "render card: JPEG quality 101: want 1–100"},
	} {
		_, err := r.Render(tc.ctx, Input{Title: "x"}, th, tc.o)
		if errString(err) != tc.want {
			t.Errorf("%s: error %q, want %q", tc.name, errString(err), tc.want)
		}
	}
}
