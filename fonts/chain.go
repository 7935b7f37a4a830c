package fonts

import (
	"crypto/sha256"
	"encoding/hex"
	"math/bits"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// MaxChain is the most fonts a [Chain] holds; NewChain ignores the rest.
const MaxChain = 64

// Chain is an ordered fallback list of fonts: a character is drawn with the
// first font that has a glyph for it. Lookups are cached per rune and per
// glyph. A Chain is safe for concurrent use.
type Chain struct {
	fonts []*Font
	key   string

	cover   sync.Map // rune → uint64: bit i set when font i has a glyph
	metrics sync.Map // glyphKey → GlyphMetrics
	bufs    sync.Pool
}

type glyphKey struct {
	font int
	r    rune
}

// GlyphMetrics are the metrics of one glyph in em (multiply by the size in
// px), y pointing down as in image space: MinY < 0 is ink above the baseline.
type GlyphMetrics struct {
	Advance                float64
	MinX, MinY, MaxX, MaxY float64 // ink bounds from the glyph outline; all 0 for a blank glyph
}

// NewChain returns a chain of the given fonts in fallback order (nil fonts are
// skipped; at most [MaxChain] are kept).
func NewChain(fonts ...*Font) *Chain {
	c := &Chain{}
	h := sha256.New()
	for _, f := range fonts {
		if f == nil || len(c.fonts) == MaxChain {
			continue
		}
		c.fonts = append(c.fonts, f)
		h.Write(f.key())
	}
	c.key = hex.EncodeToString(h.Sum(nil))
	c.bufs.New = func() any { return new(sfnt.Buffer) }
	return c
}

// Len reports the number of fonts in the chain.
func (c *Chain) Len() int { return len(c.fonts) }

// Font returns font i of the chain.
func (c *Chain) Font(i int) *Font { return c.fonts[i] }

// Key returns the hex SHA-256 of the fonts' file bytes (and face indexes) in
// chain order: a cache key for anything drawn with the chain changes when any
// font changes. The file hashes are computed once per file.
func (c *Chain) Key() string { return c.key }

// coverage returns the set of fonts that have a glyph for r.
func (c *Chain) coverage(r rune) uint64 {
	if v, ok := c.cover.Load(r); ok {
		return v.(uint64)
	}
	b := c.bufs.Get().(*sfnt.Buffer)
	var m uint64
	for i, f := range c.fonts {
		if x, err := f.f.GlyphIndex(b, r); err == nil && x != 0 {
			m |= 1 << i
		}
	}
	c.bufs.Put(b)
	c.cover.Store(r, m)
	return m
}

// Index returns the index of the first font with a glyph for r, or -1 when no
// font has one.
func (c *Chain) Index(r rune) int {
	m := c.coverage(r)
	if m == 0 {
		return -1
	}
	return bits.TrailingZeros64(m)
}

// IndexAll returns the index of the first font with a glyph for every rune
// of rs, or -1 when no single font has them all (or rs is empty).
func (c *Chain) IndexAll(rs []rune) int {
	if len(rs) == 0 {
		return -1
	}
	m := ^uint64(0)
	for _, r := range rs {
		m &= c.coverage(r)
	}
	if m == 0 {
		return -1
	}
	return bits.TrailingZeros64(m)
}

// Has reports whether font i has a glyph for r.
func (c *Chain) Has(i int, r rune) bool {
	return i >= 0 && i < len(c.fonts) && c.coverage(r)&(1<<i) != 0
}

// Glyph returns the metrics of r's glyph in font i; ok is false when the
// font has no glyph for r.
func (c *Chain) Glyph(i int, r rune) (m GlyphMetrics, ok bool) {
	if !c.Has(i, r) {
		return GlyphMetrics{}, false
	}
	k := glyphKey{i, r}
	if v, ok := c.metrics.Load(k); ok {
		return v.(GlyphMetrics), true
	}
	f := c.fonts[i]
	b := c.bufs.Get().(*sfnt.Buffer)
	defer c.bufs.Put(b)
	x, err := f.f.GlyphIndex(b, r)
	if err != nil || x == 0 {
		return GlyphMetrics{}, false
	}
	// At ppem = units per em the 26.6 results are font units × 64.
	ppem := fixed.Int26_6(f.upem) << 6
	bounds, adv, err := f.f.GlyphBounds(b, x, ppem, font.HintingNone)
	if err != nil {
		return GlyphMetrics{}, false
	}
	s := 64 * f.upem
	m = GlyphMetrics{
		Advance: float64(adv) / s,
		MinX:    float64(bounds.Min.X) / s, MinY: float64(bounds.Min.Y) / s,
		MaxX: float64(bounds.Max.X) / s, MaxY: float64(bounds.Max.Y) / s,
	}
	c.metrics.Store(k, m)
	return m, true
}

// Kern returns the kerning adjustment in em between the glyphs of r0 and r1
// in font i (GPOS pair adjustment or the kern table; 0 when there is none).
//
// It reads the font directly: opentype.Face.Kern scales by the units per em
// instead of the face size, so its result is wrong at every size but one.
func (c *Chain) Kern(i int, r0, r1 rune) float64 {
	if i < 0 || i >= len(c.fonts) {
		return 0
	}
	f := c.fonts[i]
	b := c.bufs.Get().(*sfnt.Buffer)
	defer c.bufs.Put(b)
	x0, err0 := f.f.GlyphIndex(b, r0)
	x1, err1 := f.f.GlyphIndex(b, r1)
	if err0 != nil || err1 != nil || x0 == 0 || x1 == 0 {
		return 0
	}
	k, err := f.f.Kern(b, x0, x1, fixed.Int26_6(f.upem)<<6, font.HintingNone)
	if err != nil {
		return 0
	}
	return float64(k) / (64 * f.upem)
}

// Metrics returns font i's ascent and descent in em (both positive).
func (c *Chain) Metrics(i int) (ascent, descent float64) {
	f := c.fonts[i]
	b := c.bufs.Get().(*sfnt.Buffer)
	defer c.bufs.Put(b)
	m, err := f.f.Metrics(b, fixed.Int26_6(f.upem)<<6, font.HintingNone)
	if err != nil {
		return 0.8, 0.2
	}
	s := 64 * f.upem
	return float64(m.Ascent) / s, float64(m.Descent) / s
}

// Face returns a new face of font i at size px (72 DPI, no hinting). A face
// is not safe for concurrent use: each render makes its own.
func (c *Chain) Face(i int, size float64) font.Face {
	face, err := opentype.NewFace(c.fonts[i].f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		// opentype.NewFace has no failure path today; keep callers simple.
		panic("fonts: opentype.NewFace: " + err.Error())
	}
	return face
}
