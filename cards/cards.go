package cards

import (
	"fmt"
	"image"
	"strings"

	"github.com/seopipe/seopipe/cards/layout"
	"github.com/seopipe/seopipe/fonts"
)

// Size is a card's canvas size in pixels.
type Size struct {
	Name string
	W, H int
}

// Sizes lists the size names ParseSize accepts.
var Sizes = []string{"og", "x", "square"}

var sizes = map[string]Size{
	"og":     {"og", 1200, 630},
	"x":      {"x", 1200, 600},
	"square": {"square", 1200, 1200},
}

// ParseSize returns the named size: og (1200×630, OpenGraph's 1.91:1),
// x (1200×600, X's 2:1) or square (1200×1200).
func ParseSize(name string) (Size, error) {
	if s, ok := sizes[name]; ok {
		return s, nil
	}
	return Size{}, fmt.Errorf("card size %q: want one of %s", name, strings.Join(Sizes, ", "))
}

// Safe zones (rule 25): nothing but the background is drawn in the top and
// bottom SafeEdge pixels of any card, nor, on the x size, in the bottom-left
// rectangle where X overlays the site's domain: the left XOverlayWidth
// fraction of the width, XOverlayHeight pixels high.
const (
	SafeEdge       = 15
	XOverlayWidth  = 0.4
	XOverlayHeight = 80
)

// SafeZones returns the rectangles of a card of size s that hold only
// background.
func SafeZones(s Size) []image.Rectangle {
	z := []image.Rectangle{image.Rect(0, 0, s.W, SafeEdge), image.Rect(0, s.H-SafeEdge, s.W, s.H)}
	if s.Name == "x" {
		z = append(z, image.Rect(0, s.H-XOverlayHeight, int(float64(s.W)*XOverlayWidth), s.H))
	}
	return z
}

// Input is what one card shows. Empty strings and nil images leave their
// element out.
type Input struct {
	Title, Category, Excerpt, Author, Date, SiteName string
	// Avatar is the author's picture (drawn round), Logo the site's, Hero
	// the post's image (the background of a hero theme).
	Avatar, Logo, Hero image.Image
}

// Fonts are the font chains the cards are set in; a nil chain is Go's
// Regular or Bold alone.
type Fonts struct {
	Regular, Bold *fonts.Chain
}

// Options say how to render and encode a card.
type Options struct {
	// Size is the canvas; the zero Size means og.
	Size Size
	// Format is "png" (the default) or "jpeg".
	Format string
	// MaxBytes is the per-card byte budget; 0 means DefaultMaxBytes. A PNG
	// over it is reduced to a 256-colour palette, then switched to JPEG; a
	// JPEG over it is re-encoded at lower qualities.
	MaxBytes int
	// Quality is the JPEG quality, 1–100; 0 means 85.
	Quality int
}

// DefaultMaxBytes is the default per-card budget: messengers drop larger
// previews (rule 25).
const DefaultMaxBytes = 300_000

// Result is a rendered card and what the caller should report about it.
type Result struct {
	// Data is the encoded image, Format its format ("png" or "jpeg").
	Data   []byte
	Format string
	// Width and Height are the image's size in pixels.
	Width, Height int
	// Title is the title's layout (size, lines, cut…), for the report.
	Title *layout.Block
	// Shrunk and Cut say whether the title had to shrink below its
	// preferred size or was cut with an ellipsis; Missing lists the
	// characters (of any text on the card) no font could draw.
	Shrunk, Cut bool
	Missing     []rune
	// Contrast is the measured WCAG contrast of the title colour against
	// the pixels behind the title box (the 5th percentile over the box, so
	// 95 % of the box gives at least this).
	Contrast float64
	// Warnings are user-facing notes: title fallbacks, shrinking and
	// cutting, missing glyphs, low contrast, a too small hero, the byte
	// budget.
	Warnings []string

	stats stats
}
