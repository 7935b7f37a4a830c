package cards

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/fogleman/gg"
	"github.com/seopipe/seopipe/cards/layout"
	"github.com/seopipe/seopipe/fonts"
)

// Renderer renders cards. It caches each theme×size background, rasterised
// once, and reuses canvases between cards. It is safe for concurrent use;
// each Render call runs on its caller's goroutine alone.
type Renderer struct {
	fonts Fonts

	mu       sync.Mutex
	bgs      map[bgKey]*bgEntry
	canvases map[image.Point]*sync.Pool
}

type bgKey struct {
	theme string
	size  image.Point
}

// bgEntry is a rasterised background and its measured title contrasts.
type bgEntry struct {
	once     sync.Once
	img      *image.RGBA
	mu       sync.Mutex
	contrast map[image.Rectangle]float64
}

// stats is one card's time split, for the Task C harness.
type stats struct {
	background, text, encode time.Duration
}

// NewRenderer returns a Renderer setting cards in f.
func NewRenderer(f Fonts) *Renderer {
	if f.Regular == nil {
		f.Regular = fonts.NewChain(fonts.GoRegular())
	}
	if f.Bold == nil {
		f.Bold = fonts.NewChain(fonts.GoBold())
	}
	return &Renderer{fonts: f, bgs: map[bgKey]*bgEntry{}, canvases: map[image.Point]*sync.Pool{}}
}

// minHeroScale is how far a hero may be enlarged to cover the card before
// it is too small and the theme's gradient is used instead.
const minHeroScale = 2.0

// Render draws in on th and encodes it. Problems with the input (an empty
// title, text that had to shrink or be cut, missing glyphs, a too small
// hero, the byte budget) are warnings in the result; errors are for bad
// options and cancellation.
func (r *Renderer) Render(ctx context.Context, in Input, th *Theme, o Options) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if th == nil {
		return nil, fmt.Errorf("render card: no theme")
	}
	if o.Size == (Size{}) {
		o.Size = sizes["og"]
	}
	if o.Size.W < 200 || o.Size.H < 200 || o.Size.W > 4096 || o.Size.H > 4096 {
		return nil, fmt.Errorf("render card: size %d×%d out of range (200–4096)", o.Size.W, o.Size.H)
	}
	switch o.Format {
	case "":
		o.Format = "png"
	case "png", "jpeg":
	default:
		return nil, fmt.Errorf("render card: format %q: want png or jpeg", o.Format)
	}
	if o.MaxBytes == 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Quality == 0 {
		o.Quality = 85
	}
	if o.Quality < 1 || o.Quality > 100 {
		return nil, fmt.Errorf("render card: JPEG quality %d: want 1–100", o.Quality)
	}
	res := &Result{Width: o.Size.W, Height: o.Size.H}
	if strings.TrimSpace(in.Title) == "" {
		in.Title = in.SiteName
		res.Warnings = append(res.Warnings, "empty title: the site title is used")
	}

	t0 := time.Now()
	c := r.newCard(th, o.Size, in, res)
	canvas := r.canvas(o.Size)
	defer r.release(o.Size, canvas)
	photo := r.paintBackground(canvas, c, in.Hero)
	t1 := time.Now()
	res.stats.background = t1.Sub(t0)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	c.draw(canvas, in)
	t2 := time.Now()
	res.stats.text = t2.Sub(t1)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	r.encode(canvas, photo, o, res)
	res.stats.encode = time.Since(t2)
	return res, nil
}

// canvas returns a w×h RGBA image from the pool (contents undefined).
func (r *Renderer) canvas(s Size) *image.RGBA {
	p := r.pool(s)
	if m, ok := p.Get().(*image.RGBA); ok {
		return m
	}
	return image.NewRGBA(image.Rect(0, 0, s.W, s.H))
}

func (r *Renderer) release(s Size, m *image.RGBA) { r.pool(s).Put(m) }

func (r *Renderer) pool(s Size) *sync.Pool {
	k := image.Pt(s.W, s.H)
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.canvases[k]
	if p == nil {
		p = new(sync.Pool)
		r.canvases[k] = p
	}
	return p
}

// background returns the theme's solid or gradient background at size s,
// rasterised on first use.
func (r *Renderer) background(th *Theme, s Size) *bgEntry {
	k := bgKey{th.key, image.Pt(s.W, s.H)}
	r.mu.Lock()
	e := r.bgs[k]
	if e == nil {
		e = &bgEntry{contrast: map[image.Rectangle]float64{}}
		r.bgs[k] = e
	}
	r.mu.Unlock()
	e.once.Do(func() {
		m := image.NewRGBA(image.Rect(0, 0, s.W, s.H))
		bg := th.spec.Background
		if bg.Type == "solid" {
			fillSolid(m, bg.Color.NRGBA)
		} else {
			stops := []color.NRGBA{bg.From.NRGBA}
			if bg.Via.Set {
				stops = append(stops, bg.Via.NRGBA)
			}
			stops = append(stops, bg.To.NRGBA)
			fillGradient(m, bg.Angle, stops)
		}
		e.img = m
	})
	return e
}

// paintBackground fills canvas with the card's background and sets
// res.Contrast. It reports whether the background is a photo (which
// changes the PNG filter).
func (r *Renderer) paintBackground(canvas *image.RGBA, c *card, hero image.Image) bool {
	th, res := c.th, c.res
	text := th.spec.Title.Color.NRGBA
	if th.spec.Background.Type == "hero" && hero != nil {
		b := hero.Bounds()
		scale := math.Max(float64(c.size.W)/float64(b.Dx()), float64(c.size.H)/float64(b.Dy()))
		if b.Dx() > 0 && b.Dy() > 0 && scale <= minHeroScale {
			coverHero(canvas, hero)
			samples := sampleRGB(canvas, c.titleBox)
			scrim := th.spec.Background.Scrim.NRGBA
			a, contrast := chooseScrim(samples, text, scrim, th.spec.Background.ScrimMin)
			applyScrim(canvas, scrim, a)
			res.Contrast = contrast
			if contrast < MinContrast {
				res.Warnings = append(res.Warnings, fmt.Sprintf("title contrast %.1f:1 over the hero is below %.1f:1 even with an opaque scrim: the theme's title and scrim colours are too alike", contrast, MinContrast))
			}
			return true
		}
		res.Warnings = append(res.Warnings, fmt.Sprintf("hero is %d×%d, too small for the card: gradient used", b.Dx(), b.Dy()))
	}
	e := r.background(th, c.size)
	copy(canvas.Pix, e.img.Pix)
	e.mu.Lock()
	contrast, ok := e.contrast[c.titleBox]
	if !ok {
		contrast = measuredContrast(sampleRGB(e.img, c.titleBox), text, color.NRGBA{}, 0, nil)
		e.contrast[c.titleBox] = contrast
	}
	e.mu.Unlock()
	res.Contrast = contrast
	if contrast < MinContrast {
		res.Warnings = append(res.Warnings, fmt.Sprintf("theme %s: title contrast %.1f:1 against the background is below %.1f:1 (WCAG AA)", th.Name, contrast, MinContrast))
	}
	return false
}

// card is one card's geometry, computed before anything is drawn so the
// background step knows the title box.
type card struct {
	r     *Renderer
	th    *Theme
	size  Size
	res   *Result
	scale float64
	// content box: inside the padding and the safe zones
	x0, y0, x1, y1 int
	header         int // bottom of the accent bar and category
	footer         int // top of the byline row
	footerH        int
	titleBox       image.Rectangle
}

// newCard lays out the card's boxes for th at size s.
func (r *Renderer) newCard(th *Theme, s Size, in Input, res *Result) *card {
	sp := &th.spec
	c := &card{r: r, th: th, size: s, res: res, scale: 1}
	if s.H > s.W*4/5 {
		c.scale = 1.3 // a tall card has room for larger text
	}
	pad := sp.Padding
	c.x0, c.x1 = pad, s.W-pad
	c.y0 = max(pad, SafeEdge+1)
	bottom := max(pad, SafeEdge+1)
	if s.Name == "x" {
		bottom = max(bottom, XOverlayHeight+16)
	}
	c.y1 = s.H - bottom
	y := c.y0
	if sp.AccentBar.Show && sp.AccentBar.Position == "top" {
		y += sp.AccentBar.Thickness + sp.Gap/2
	}
	if in.Category != "" && sp.Category.shown() {
		y += int(math.Ceil(c.categoryHeight()))
	}
	c.header = y
	fh := c.px(sp.Byline.Size) * 1.25
	if in.Avatar != nil {
		fh = math.Max(fh, float64(sp.Byline.Avatar))
	}
	if in.Logo != nil {
		fh = math.Max(fh, float64(sp.Site.Logo))
	}
	c.footerH = int(math.Ceil(fh))
	c.footer = c.y1 - c.footerH
	top := c.y0
	if c.header > c.y0 {
		top = c.header + sp.Gap
	}
	c.titleBox = image.Rect(c.x0, top, c.x1, c.footer-sp.Gap)
	return c
}

// px scales a theme size to the card.
func (c *card) px(v float64) float64 { return math.Round(v * c.scale) }

func (c *card) categoryHeight() float64 {
	h := c.px(c.th.spec.Category.Size) * 1.2
	if c.th.spec.Category.Style == "pill" {
		h += c.px(c.th.spec.Category.Size) * 0.7
	}
	return h
}

func (c *card) chain(weight string) *fonts.Chain {
	if weight == "bold" {
		return c.r.fonts.Bold
	}
	return c.r.fonts.Regular
}

// line fits text on one line of width w at size (shrinking to 80 %).
func (c *card) line(text string, t textSpec, w float64) *layout.Block {
	size := c.px(t.Size)
	b := layout.Fit(text, layout.Options{
		Fonts: c.chain(t.Weight), Width: w, Height: size * 1.25 * float64(max(t.MaxLines, 1)),
		MinSize: math.Round(size * 0.8), MaxSize: size, MaxLines: max(t.MaxLines, 1), LineHeight: 1.2,
	})
	c.noteMissing(b)
	return b
}

func (c *card) noteMissing(b *layout.Block) {
	for _, m := range b.Missing {
		if !containsRune(c.res.Missing, m) {
			c.res.Missing = append(c.res.Missing, m)
		}
	}
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// blockWidth is the widest line of b.
func blockWidth(b *layout.Block) float64 {
	w := 0.0
	for _, l := range b.Lines {
		w = math.Max(w, l.Width)
	}
	return w
}

// draw draws every element of the card over its background.
func (c *card) draw(m *image.RGBA, in Input) {
	sp := &c.th.spec
	res := c.res
	cw := float64(c.x1 - c.x0)

	// accent bar
	if sp.AccentBar.Show {
		col := sp.AccentBar.Color.NRGBA
		t := sp.AccentBar.Thickness
		if sp.AccentBar.Position == "left" {
			fillRect(m, image.Rect(0, c.y0, t, c.y1), col)
		} else {
			drawRounded(m, image.Rect(c.x0, c.y0, c.x0+sp.AccentBar.Length, c.y0+t), float64(t)/2, col)
		}
	}

	// category
	if in.Category != "" && sp.Category.shown() {
		text := in.Category
		if sp.Category.Uppercase {
			text = strings.ToUpper(text)
		}
		y := c.header - int(math.Ceil(c.categoryHeight()))
		size := c.px(sp.Category.Size)
		if sp.Category.Style == "pill" {
			padX, padY := size*0.8, size*0.35
			b := c.line(text, sp.Category.textSpec, cw*0.7-2*padX)
			w := blockWidth(b) + 2*padX
			h := c.categoryHeight()
			drawRounded(m, image.Rect(c.x0, y, c.x0+int(math.Ceil(w)), y+int(math.Ceil(h))), h/2, sp.Category.Fill.NRGBA)
			b.Draw(m, float64(c.x0)+padX, float64(y)+padY, image.NewUniform(sp.Category.Color.NRGBA))
		} else {
			b := c.line(text, sp.Category.textSpec, cw)
			b.Draw(m, float64(c.x0), float64(y), image.NewUniform(sp.Category.Color.NRGBA))
		}
	}

	// title
	box := c.titleBox
	titleH := float64(box.Dy())
	excerpt := strings.TrimSpace(in.Excerpt) != "" && sp.Excerpt.shown()
	exSize := c.px(sp.Excerpt.Size)
	if excerpt {
		titleH -= exSize*1.3 + float64(sp.Gap)/2
	}
	tb := layout.Fit(in.Title, layout.Options{
		Fonts: c.chain(sp.Title.Weight), Width: cw, Height: math.Max(titleH, c.px(sp.Title.MinSize)*sp.Title.LineHeight),
		MinSize: c.px(sp.Title.MinSize), MaxSize: c.px(sp.Title.MaxSize), MaxLines: sp.Title.MaxLines,
		LineHeight: sp.Title.LineHeight, Balance: sp.Title.Balance,
	})
	c.noteMissing(tb)
	tb.Draw(m, float64(box.Min.X), float64(box.Min.Y), image.NewUniform(sp.Title.Color.NRGBA))
	res.Title, res.Shrunk, res.Cut = tb, tb.Shrunk, tb.Cut
	if tb.Shrunk {
		res.Warnings = append(res.Warnings, fmt.Sprintf("title shrunk to %g px (preferred %g)", tb.Size, c.px(sp.Title.MaxSize)))
	}
	if tb.Cut {
		res.Warnings = append(res.Warnings, fmt.Sprintf("title cut with … after %d lines at %g px", len(tb.Lines), tb.Size))
	}
	if tb.Unshaped {
		res.Warnings = append(res.Warnings, "title needs text shaping (joining or reordering letters) that is not done: it may read wrongly")
	}

	// excerpt, below the title
	if excerpt {
		top := float64(box.Min.Y) + tb.Height + float64(sp.Gap)/2
		h := float64(box.Max.Y) - top
		lines := min(sp.Excerpt.MaxLines, int(h/(exSize*1.3)))
		if lines >= 1 {
			t := sp.Excerpt
			t.MaxLines = lines
			b := c.line(in.Excerpt, t, cw)
			b.Draw(m, float64(c.x0), top, image.NewUniform(sp.Excerpt.Color.NRGBA))
		}
	}

	// footer: site name and logo on the right, byline on the left
	right := float64(c.x1)
	mid := float64(c.footer) + float64(c.footerH)/2
	if in.Logo != nil && sp.Site.Logo > 0 {
		lr := drawLogo(m, in.Logo, c.x1, int(mid), sp.Site.Logo)
		right = float64(lr.Min.X) - 12
	}
	if in.SiteName != "" && sp.Site.shown() {
		b := c.line(in.SiteName, sp.Site.textSpec, cw*0.45)
		w := blockWidth(b)
		b.Draw(m, right-w, mid-b.Height/2, image.NewUniform(sp.Site.Color.NRGBA))
		right -= w + 32
	}
	left := float64(c.x0)
	if in.Avatar != nil && sp.Byline.Avatar > 0 {
		d := sp.Byline.Avatar
		drawAvatar(m, in.Avatar, image.Rect(c.x0, int(mid)-d/2, c.x0+d, int(mid)-d/2+d))
		left += float64(d) + 16
	}
	byline := in.Author
	if sp.Byline.Date && in.Date != "" {
		if byline != "" {
			byline += " · "
		}
		byline += in.Date
	}
	if byline != "" && sp.Byline.shown() && right-left > 40 {
		b := c.line(byline, sp.Byline.textSpec, right-left)
		b.Draw(m, left, mid-b.Height/2, image.NewUniform(sp.Byline.Color.NRGBA))
	}

	if len(res.Missing) > 0 {
		var names []string
		for i, r := range res.Missing {
			if i == 12 {
				names = append(names, fmt.Sprintf("and %d more", len(res.Missing)-i))
				break
			}
			names = append(names, describeRune(r))
		}
		res.Warnings = append(res.Warnings, "no font has a glyph for "+strings.Join(names, ", ")+": left out of the card")
	}
}

// describeRune names r as U+XXXX plus the character when it is visible.
func describeRune(r rune) string {
	if unicode.IsGraphic(r) && !unicode.Is(unicode.Mn, r) {
		return fmt.Sprintf("U+%04X %c", r, r)
	}
	return fmt.Sprintf("U+%04X", r)
}

// fillRect paints r with the opaque colour c.
func fillRect(m *image.RGBA, r image.Rectangle, c color.NRGBA) {
	draw.Draw(m, r, image.NewUniform(c), image.Point{}, draw.Over)
}

// drawRounded paints r as a rounded rectangle of radius rad (antialiased,
// with gg on a context the size of r, composited over m).
func drawRounded(m *image.RGBA, r image.Rectangle, rad float64, c color.NRGBA) {
	if r.Empty() {
		return
	}
	dc := gg.NewContext(r.Dx(), r.Dy())
	dc.DrawRoundedRectangle(0, 0, float64(r.Dx()), float64(r.Dy()), rad)
	dc.SetColor(c)
	dc.Fill()
	draw.Draw(m, r, dc.Image(), image.Point{}, draw.Over)
}

// drawAvatar draws src cover-cropped into the circle inscribed in r.
func drawAvatar(m *image.RGBA, src image.Image, r image.Rectangle) {
	d := r.Dx()
	sq := image.NewRGBA(image.Rect(0, 0, d, d))
	coverHero(sq, src)
	dc := gg.NewContext(d, d)
	dc.DrawCircle(float64(d)/2, float64(d)/2, float64(d)/2)
	dc.Clip()
	dc.DrawImage(sq, 0, 0)
	draw.Draw(m, r, dc.Image(), image.Point{}, draw.Over)
}

// drawLogo draws src scaled to height h, right-aligned at x and centred
// on y, and returns where it went.
func drawLogo(m *image.RGBA, src image.Image, x, y, h int) image.Rectangle {
	b := src.Bounds()
	if b.Empty() {
		return image.Rect(x, y, x, y)
	}
	w := max(1, int(math.Round(float64(b.Dx())*float64(h)/float64(b.Dy()))))
	w = min(w, 4*h)
	r := image.Rect(x-w, y-h/2, x, y-h/2+h)
	tmp := image.NewRGBA(image.Rect(0, 0, w, h))
	scaleInto(tmp, src)
	draw.Draw(m, r, tmp, image.Point{}, draw.Over)
	return r
}

// encode writes the canvas in the requested format within the budget.
func (r *Renderer) encode(m *image.RGBA, photo bool, o Options, res *Result) {
	e := encoders.Get().(*encoder)
	defer encoders.Put(e)
	var out bytes.Buffer
	if o.Format == "png" {
		e.encodeRGB(&out, m, photo)
		res.Data, res.Format = out.Bytes(), "png"
		if out.Len() <= o.MaxBytes {
			return
		}
		over := fmt.Sprintf("PNG was %s, over the %s budget", kb(out.Len()), kb(o.MaxBytes))
		var pal bytes.Buffer
		e.encodeQuantized(&pal, m, photo)
		if pal.Len() <= o.MaxBytes {
			res.Data = pal.Bytes()
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s: reduced to 256 colours (%s)", over, kb(pal.Len())))
			return
		}
		over += fmt.Sprintf(", %s with 256 colours", kb(pal.Len()))
		res.Data, res.Format = encodeJPEG(m, o.Quality), "jpeg"
		q := o.Quality
		for len(res.Data) > o.MaxBytes && q > 40 {
			q = max(40, q-15)
			res.Data = encodeJPEG(m, q)
		}
		msg := fmt.Sprintf("%s: switched to JPEG (quality %d, %s)", over, q, kb(len(res.Data)))
		if len(res.Data) > o.MaxBytes {
			msg += ", still over the budget"
		}
		res.Warnings = append(res.Warnings, msg)
		return
	}
	res.Data, res.Format = encodeJPEG(m, o.Quality), "jpeg"
	if len(res.Data) <= o.MaxBytes {
		return
	}
	first := len(res.Data)
	q := o.Quality
	for len(res.Data) > o.MaxBytes && q > 40 {
		q = max(40, q-15)
		res.Data = encodeJPEG(m, q)
	}
	msg := fmt.Sprintf("JPEG was %s at quality %d, over the %s budget: quality %d gives %s", kb(first), o.Quality, kb(o.MaxBytes), q, kb(len(res.Data)))
	if len(res.Data) > o.MaxBytes {
		msg += ", still over the budget"
	}
	res.Warnings = append(res.Warnings, msg)
}

// kb formats a byte count in kilobytes (1000 bytes), as budgets are given.
func kb(n int) string { return fmt.Sprintf("%d KB", (n+500)/1000) }
