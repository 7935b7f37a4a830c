package pipeline

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	xhtml "golang.org/x/net/html"

	"github.com/seopipe/seopipe/cards"
	"github.com/seopipe/seopipe/images"
	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/testdeps"
	"github.com/seopipe/seopipe/manifest"
)

// cardManifest is the cards part of posts.json.
type cardManifest struct {
	Posts []struct {
		Slug  string           `json:"slug"`
		Title string           `json:"title"`
		Cards []*manifest.Card `json:"cards"`
		SEO   *manifest.SEO    `json:"seo"`
	} `json:"posts"`
}

// readCardManifest reads the posts.json in outDir.
func readCardManifest(t *testing.T, outDir string) cardManifest {
	t.Helper()
	var m cardManifest
	if err := json.Unmarshal(readFile(t, filepath.Join(outDir, "posts.json")), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// firstCards maps each post's slug in outDir's posts.json to f of its
// first card.
func firstCards(t *testing.T, outDir string, f func(*manifest.Card) string) map[string]string {
	t.Helper()
	got := map[string]string{}
	for _, p := range readCardManifest(t, outDir).Posts {
		if len(p.Cards) == 0 {
			t.Fatalf("%s has no card", p.Slug)
		}
		got[p.Slug] = f(p.Cards[0])
	}
	return got
}

func TestExampleCards(t *testing.T) {
	if testing.Short() {
		// 20 cards and a browser: the slowest test under -race.
		t.Skip("renders the example's 20 cards and screenshots them in Chromium; make test-long runs it")
	}
	out := t.TempDir()
	opts := exampleOptions(t, out, exampleNow)
	opts.Config.Cards.Sizes = []string{"og", "x"}
	res := mustRun(t, opts)
	checkClean(t, res)

	m := readCardManifest(t, out)
	if len(m.Posts) != 10 {
		t.Fatalf("%d posts", len(m.Posts))
	}
	for _, p := range m.Posts {
		if len(p.Cards) != 2 {
			t.Fatalf("%s: %d cards, want og and x", p.Slug, len(p.Cards))
		}
		for _, c := range p.Cards {
			f, err := os.Open(filepath.Join(out, filepath.FromSlash(c.Path)))
			if err != nil {
				t.Fatal(err)
			}
			cfg, format, err := image.DecodeConfig(f)
			f.Close()
			want := map[string][2]int{"og": {1200, 630}, "x": {1200, 600}}[c.Size]
			if err != nil || cfg.Width != want[0] || cfg.Height != want[1] || format != c.Format || c.Width != want[0] || c.Height != want[1] {
				t.Errorf("%s %s: %dx%d %s (%v), posts.json says %dx%d", p.Slug, c.Size, cfg.Width, cfg.Height, format, err, c.Width, c.Height)
			}
			if !strings.HasPrefix(c.Path, "cards/"+p.Slug+"-"+c.Size+"-") || c.URL != "https://example.com/"+c.Path {
				t.Errorf("%s: card at %s, %s", p.Slug, c.Path, c.URL)
			}
			if c.Bytes > 300_000 {
				t.Errorf("%s %s: %d bytes, over the 300 KB budget", p.Slug, c.Size, c.Bytes)
			}
		}
		// The head's og:image is the og card, twitter:image the x card.
		head := string(readFile(t, filepath.Join(out, p.SEO.Head)))
		for _, want := range []string{
			`<meta property="og:image" content="` + p.Cards[0].URL + `">`,
			`<meta property="og:image:width" content="1200">`,
			`<meta property="og:image:height" content="630">`,
			`<meta name="twitter:image" content="` + p.Cards[1].URL + `">`,
		} {
			if !strings.Contains(head, want) {
				t.Errorf("%s: head.html lacks %s", p.Slug, want)
			}
		}
	}
	// The long title is reported; no card is silent about what it did.
	var shrunkOrCut []string
	for _, pr := range res.Problems {
		if pr.Field == "card" && pr.Severity == diag.Warning &&
			(strings.Contains(pr.Message, "shrunk") || strings.Contains(pr.Message, "cut")) {
			shrunkOrCut = append(shrunkOrCut, pr.Path)
		}
	}
	if res.Cards.Shrunk+res.Cards.Cut == 0 || len(shrunkOrCut) == 0 {
		t.Errorf("no card was reported shrunk or cut (stats %+v); the example's 150-character title should be", res.Cards)
	}

	// A rebuild renders nothing.
	res2 := mustRun(t, opts)
	if res2.Cards.Rendered != 0 || res2.Cards.Reused != 20 {
		t.Errorf("rebuild: %+v, want every card from the cache", res2.Cards)
	}

	// The contact sheet lists every card, parsed by a real HTML parser.
	sheet := readFile(t, filepath.Join(out, "cards", "index.html"))
	doc, err := xhtml.Parse(bytes.NewReader(sheet))
	if err != nil {
		t.Fatal(err)
	}
	var imgs []string
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode && n.Data == "img" {
			for _, a := range n.Attr {
				if a.Key == "src" {
					imgs = append(imgs, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(imgs) != 20 {
		t.Errorf("contact sheet shows %d cards, want 20", len(imgs))
	}
	for _, src := range imgs {
		if _, err := os.Stat(filepath.Join(out, "cards", filepath.FromSlash(src))); err != nil {
			t.Errorf("contact sheet img %s: %v", src, err)
		}
	}
	t.Run("chromium screenshot", func(t *testing.T) { screenshot(t, filepath.Join(out, "cards", "index.html")) })
}

// screenshot opens page in headless Chromium and checks the screenshot
// shows the cards: not blank, several colours. Skips without Chromium.
func screenshot(t *testing.T, page string) {
	bin := testdeps.Tool(t, "chromium")
	shot := filepath.Join(t.TempDir(), "sheet.png")
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
		"--user-data-dir="+t.TempDir(), "--window-size=1280,1600", "--screenshot="+shot, "file://"+page)
	if outb, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, outb)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != 1280 || b.Dy() != 1600 {
		t.Errorf("screenshot is %v", b)
	}
	colours := map[uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[(r>>12)<<8|(g>>12)<<4|bl>>12] = true
		}
	}
	// A page of card images has hundreds of distinct colours; a blank
	// page or a broken-image grid a handful.
	if len(colours) < 100 {
		t.Errorf("screenshot has %d colours: the cards did not show", len(colours))
	}
	t.Logf("screenshot: %s (%d colours)", shot, len(colours))
}

func TestCardURLsEscapeTheSlug(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"seopipe.yaml":         "site:\n  url: https://example.com/\n  title: T\n",
		"content/posts/q.md":   "---\ntitle: What?\nslug: \"what?\"\ndate: 2025-01-01\n---\nx\n",
		"content/posts/pct.md": "---\ntitle: Done\nslug: \"100%-done\"\ndate: 2025-01-02\n---\nx\n",
	})
	opts := siteOptions(t, dir, nil)
	res := mustRun(t, opts)
	checkClean(t, res)
	m := readCardManifest(t, opts.OutDir)
	want := map[string]string{"what?": "https://example.com/cards/what%3F-og-", "100%-done": "https://example.com/cards/100%25-done-og-"}
	for _, p := range m.Posts {
		if len(p.Cards) != 1 || !strings.HasPrefix(p.Cards[0].URL, want[p.Slug]) {
			t.Errorf("%s: cards %+v, want a URL starting %s", p.Slug, p.Cards, want[p.Slug])
		}
	}
	sheet := string(readFile(t, filepath.Join(opts.OutDir, "cards", "index.html")))
	if !strings.Contains(sheet, `src="./what%3F-og-`) || strings.Contains(sheet, "ZgotmplZ") {
		t.Errorf("contact sheet links:\n%s", sheet)
	}
}

func TestThemeFlagOverridesCardTheme(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"seopipe.yaml":       "site:\n  url: https://example.com/\n  title: T\n",
		"content/posts/a.md": "---\ntitle: A\ndate: 2025-01-01\ncard:\n  theme: photo\n---\nx\n",
		"content/posts/b.md": "---\ntitle: B\ndate: 2025-01-02\n---\nx\n",
	})
	for _, tt := range []struct {
		flag string
		want map[string]string
	}{
		{"", map[string]string{"a": "photo", "b": "midnight"}},
		{"paper", map[string]string{"a": "paper", "b": "paper"}},
	} {
		opts := siteOptions(t, dir, nil)
		opts.Cards = &CardOptions{Theme: tt.flag}
		mustRun(t, opts)
		got := firstCards(t, opts.OutDir, func(c *manifest.Card) string { return c.Theme })
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("--theme %q: themes (-want +got):\n%s", tt.flag, diff)
		}
	}
}

func TestCardKeyFollowsTheAvatar(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"seopipe.yaml":       "site:\n  url: https://example.com/\n  title: T\n  authors:\n    Ann:\n      image: /ann.png\ncards:\n  theme: paper\n",
		"content/posts/a.md": "---\ntitle: A\nauthor: Ann\ndate: 2025-01-01\n---\nx\n",
		"content/posts/b.md": "---\ntitle: B\nauthor: Bo\ndate: 2025-01-02\n---\nx\n",
	})
	avatar := filepath.Join(dir, "static", "ann.png")
	cardOf := func(seed uint8) map[string]string {
		if err := os.MkdirAll(filepath.Dir(avatar), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(avatar, generatedImage(t, "ann.png", 64+int(seed), 64), 0o644); err != nil {
			t.Fatal(err)
		}
		opts := siteOptions(t, dir, nil)
		mustRun(t, opts)
		return firstCards(t, opts.OutDir, func(c *manifest.Card) string { return c.Path })
	}
	first, second := cardOf(0), cardOf(1)
	if first["a"] == second["a"] {
		t.Errorf("Ann's card kept its name %s after her avatar changed", first["a"])
	}
	if first["b"] != second["b"] {
		t.Errorf("Bo's card changed (%s → %s), though only Ann's avatar did", first["b"], second["b"])
	}
}

// TestCardKeyCoversEveryOption: a card's key changes with every field of
// cards.Options, and with its input, theme and fonts.
func TestCardKeyCoversEveryOption(t *testing.T) {
	th, err := cards.LoadTheme("midnight")
	if err != nil {
		t.Fatal(err)
	}
	paper, err := cards.LoadTheme("paper")
	if err != nil {
		t.Fatal(err)
	}
	og, err := cards.ParseSize("og")
	if err != nil {
		t.Fatal(err)
	}
	o := cards.Options{Size: og, Format: "png", MaxBytes: cards.DefaultMaxBytes}
	base := cardKey("input", th, "fonts", o)
	seen := map[string]string{base: "base"}
	n := 0
	eachFieldChanged(t, &o, func(field string) {
		n++
		k := cardKey("input", th, "fonts", o)
		if other, ok := seen[k]; ok {
			t.Errorf("%s changed, key %s stayed that of %s", field, k[:8], other)
		}
		seen[k] = field
	})
	if n < 6 {
		t.Errorf("%d fields changed, want one for each of cards.Options's 6 (Size's 3 included)", n)
	}
	for name, k := range map[string]string{
		"input": cardKey("other input", th, "fonts", o),
		"theme": cardKey("input", paper, "fonts", o),
		"fonts": cardKey("input", th, "other fonts", o),
	} {
		if other, ok := seen[k]; ok {
			t.Errorf("%s: key %s is that of %s", name, k[:8], other)
		}
	}
}

// TestOversizedLogoIsRefused: the logo is decoded as every image is, under
// images.maxPixels; one over it is left off the cards, said, and the cards
// made without it are not cached.
func TestOversizedLogoIsRefused(t *testing.T) {
	const cfgLogo = "site:\n  url: https://example.com/\n  title: T\n  publisher:\n    logo: /logo.png\ncards:\n  theme: paper\n"
	post := "---\ntitle: A\ndate: 2025-01-01\n---\nx\n"
	card := func(t *testing.T, yaml string, maxPixels, maxBytes int) ([]byte, *Result) {
		dir := t.TempDir()
		writeTree(t, dir, map[string]string{"seopipe.yaml": yaml, "content/posts/a.md": post})
		if err := os.MkdirAll(filepath.Join(dir, "static"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "static", "logo.png"), generatedImage(t, "logo.png", 400, 300), 0o644); err != nil {
			t.Fatal(err)
		}
		opts := siteOptions(t, dir, func(c *config.Config) { c.Images.MaxPixels, c.Images.MaxBytes = maxPixels, maxBytes })
		res := mustRun(t, opts)
		return readFile(t, filepath.Join(opts.OutDir, firstCards(t, opts.OutDir, func(c *manifest.Card) string { return c.Path })["a"])), res
	}
	refused := func(res *Result) []diag.Problem {
		var out []diag.Problem
		for _, p := range res.Problems {
			if p.Field == "site.publisher.logo" {
				out = append(out, p)
			}
		}
		return out
	}
	noLogo, _ := card(t, strings.Replace(cfgLogo, "    logo: /logo.png\n", "    name: T\n", 1), 100_000_000, 50<<20)
	withLogo, res := card(t, cfgLogo, 100_000_000, 50<<20)
	if ps := refused(res); len(ps) != 0 {
		t.Errorf("a logo under the limit: %v", ps)
	}
	if bytes.Equal(withLogo, noLogo) {
		t.Fatal("the logo under the limit is not on the card: the test cannot tell it refused")
	}
	for _, tt := range []struct {
		maxPixels, maxBytes int
		want                string
	}{
		{100_000, 50 << 20, "image is 400×300 (0.12 MP), over the 0.1 MP limit"}, // the logo is 120,000 pixels
		{100_000_000, 100, "file is LOGO, over the images.maxBytes limit of 100 bytes"},
	} {
		over, res := card(t, cfgLogo, tt.maxPixels, tt.maxBytes)
		size := images.ByteSize(int64(len(generatedImage(t, "logo.png", 400, 300))))
		want := []diag.Problem{{Path: "seopipe.yaml", PathAsGiven: true, Line: 5, Field: "site.publisher.logo", Severity: diag.Warning,
			Message: "/logo.png could not be drawn on the cards: " + strings.Replace(tt.want, "LOGO", size, 1) + "; they are made without it"}}
		if diff := cmp.Diff(want, refused(res)); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}
		if !bytes.Equal(over, noLogo) {
			t.Error("the card with a logo over the limit differs from the card without a logo")
		}
		if res.Cards.Rendered != 1 {
			t.Errorf("rendered %d cards, want 1", res.Cards.Rendered)
		}
	}
}
