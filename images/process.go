package images

import (
	"context"
	"fmt"
	"image"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Aspect is a crop aspect ratio, always stored reduced (1200:630 is 40:21).
type Aspect struct{ W, H int }

// String formats a as "W:H".
func (a Aspect) String() string { return strconv.Itoa(a.W) + ":" + strconv.Itoa(a.H) }

// ParseAspect parses "16:9" or "1200:630" (reduced to 40:21). Its errors
// quote s and read after a key: `"square" is not an aspect ratio such as 16:9`.
func ParseAspect(s string) (Aspect, error) {
	ws, hs, ok := strings.Cut(strings.TrimSpace(s), ":")
	w, err1 := strconv.Atoi(strings.TrimSpace(ws))
	h, err2 := strconv.Atoi(strings.TrimSpace(hs))
	if !ok || err1 != nil || err2 != nil || w <= 0 || h <= 0 || w > 100000 || h > 100000 {
		return Aspect{}, fmt.Errorf("%q is not an aspect ratio such as 16:9", s)
	}
	if w > 20*h || h > 20*w {
		return Aspect{}, fmt.Errorf("%q is too far from square (at most 20:1)", s)
	}
	return Aspect{w, h}.reduce(), nil
}

func (a Aspect) reduce() Aspect {
	x, y := a.W, a.H
	for y != 0 {
		x, y = y, x%y
	}
	if x == 0 {
		return a
	}
	return Aspect{a.W / x, a.H / x}
}

// Focus is the point of interest of an image as fractions of its width and
// height (0,0 top-left; 1,1 bottom-right). Crops are centred on it when Set.
type Focus struct {
	X, Y float64
	Set  bool
}

// Options say what Process makes. The zero value of each field means its default.
type Options struct {
	// Widths of the resized variants (default 480, 960, 1440, 1920). Widths
	// at or above the source width are never made (no upscaling), and neither
	// is a width within 10% below it; when any width was dropped that way the
	// source width itself is made instead, so the largest variant is always
	// as large as the source allows and never a near-duplicate of it.
	Widths []int
	// Crops are the aspect ratios of the cropped outputs (default 16:9, 4:3, 1:1).
	Crops []Aspect
	// CropWidth is the width of each crop (default 1200), or the widest the
	// source allows when smaller; crops are never upscaled.
	CropWidth int
	// Formats to encode each output in: "jpeg", "webp", "png" (default
	// jpeg and webp). For images with alpha, "jpeg" means PNG.
	Formats []string
	// Quality of lossy encodes, 1..100 (default 80).
	Quality int
}

// DefaultWidths, DefaultCrops, DefaultCropWidth, DefaultFormats and
// DefaultQuality are the defaults of Options.
var (
	DefaultWidths    = []int{480, 960, 1440, 1920}
	DefaultCrops     = []Aspect{{16, 9}, {4, 3}, {1, 1}}
	DefaultFormats   = []string{"jpeg", "webp"}
	DefaultCropWidth = 1200
	DefaultQuality   = 80
)

func (o Options) withDefaults() (Options, error) {
	if o.Widths == nil {
		o.Widths = DefaultWidths
	}
	if o.Crops == nil {
		o.Crops = DefaultCrops
	}
	if o.CropWidth == 0 {
		o.CropWidth = DefaultCropWidth
	}
	if o.Formats == nil {
		o.Formats = DefaultFormats
	}
	if o.Quality == 0 {
		o.Quality = DefaultQuality
	}
	if o.Quality < 1 || o.Quality > 100 {
		return o, fmt.Errorf("quality %d: want 1..100", o.Quality)
	}
	if o.CropWidth < 1 {
		return o, fmt.Errorf("crop width %d: want a positive number of pixels", o.CropWidth)
	}
	for _, w := range o.Widths {
		if w < 1 {
			return o, fmt.Errorf("width %d: want a positive number of pixels", w)
		}
	}
	for _, a := range o.Crops {
		if a.W < 1 || a.H < 1 {
			return o, fmt.Errorf("crop aspect %v: want positive numbers", a)
		}
	}
	for _, f := range o.Formats {
		if _, ok := encoders[f]; !ok {
			return o, fmt.Errorf("format %q: want jpeg, webp or png", f)
		}
	}
	return o, nil
}

// Output is one encoded image made by Process.
type Output struct {
	Kind          string // "variant" or "crop"
	Aspect        string // the reduced aspect, like "16:9", for crops; "" for variants
	Width, Height int
	Format        string // "jpeg", "webp" or "png"
	Data          []byte
}

// variantWidths returns the widths to make for a source srcW wide, largest
// first (see Options.Widths).
func variantWidths(widths []int, srcW int) []int {
	var out []int
	dropped := false
	for _, w := range widths {
		if w >= srcW || 10*w > 9*srcW {
			dropped = true
			continue
		}
		out = append(out, w)
	}
	if dropped {
		out = append(out, srcW)
	}
	slices.Sort(out)
	out = slices.Compact(out)
	slices.Reverse(out)
	return out
}

// made is an image already resized, usable as the source of smaller ones.
type made struct {
	img  image.Image
	w, h int
}

// MaxWebPSide is the widest and tallest image WebP can hold.
const MaxWebPSide = 16383

// Process makes every variant and crop of src in every format. Variants
// come first, narrowest first, then crops in the order of o.Crops; each
// image in the order of o.Formats. The output is deterministic. Process
// starts no goroutines (run several images at once to use several cores)
// and checks ctx between outputs. The warnings say what was not made: a
// WebP of an output over MaxWebPSide, whose other formats are still made.
func Process(ctx context.Context, src *Source, o Options, focus Focus) ([]Output, []string, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, nil, err
	}
	var warnings []string
	formats := outputFormats(o.Formats, src.Alpha)
	srcW, srcH := src.Width, src.Height
	ms := []made{{src.Img, srcW, srcH}}
	var out []Output
	emit := func(kind, aspect string, img image.Image) error {
		b := img.Bounds()
		for _, f := range formats {
			if err := ctx.Err(); err != nil {
				return err
			}
			if f == "webp" && max(b.Dx(), b.Dy()) > MaxWebPSide {
				warnings = append(warnings, webpTooLarge(kind, b.Dx(), b.Dy(), formats))
				continue
			}
			data, err := encoders[f](img, o.Quality)
			if err != nil {
				return fmt.Errorf("encode %s %d×%d %s: %w", kind, b.Dx(), b.Dy(), f, err)
			}
			out = append(out, Output{Kind: kind, Aspect: aspect, Width: b.Dx(), Height: b.Dy(), Format: f, Data: data})
		}
		return nil
	}

	// Variants, largest first so each is made from the next larger one.
	widths := variantWidths(o.Widths, srcW)
	var variants []made
	for _, w := range widths {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		h := max(1, int(math.Round(float64(srcH)*float64(w)/float64(srcW))))
		if w == srcW {
			variants = append(variants, ms[0])
			continue
		}
		from := ms[len(ms)-1] // the smallest made so far is the nearest larger
		img := resizeImage(from.img, from.img.Bounds(), w, h, lanczos3)
		m := made{img, w, h}
		ms = append(ms, m)
		variants = append(variants, m)
	}
	for i := len(variants) - 1; i >= 0; i-- {
		if err := emit("variant", "", variants[i].img); err != nil {
			return nil, nil, err
		}
	}

	// Crops.
	var energy *energyMap
	for _, a := range o.Crops {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		a = a.reduce()
		rw, rh := srcW, srcH
		if srcW*a.H > srcH*a.W { // source wider than the aspect
			rw = max(1, int(math.Round(float64(srcH)*float64(a.W)/float64(a.H))))
		} else {
			rh = max(1, int(math.Round(float64(srcW)*float64(a.H)/float64(a.W))))
		}
		var rx, ry int
		if focus.Set {
			rx = clampInt(int(math.Round(focus.X*float64(srcW)-float64(rw)/2)), 0, srcW-rw)
			ry = clampInt(int(math.Round(focus.Y*float64(srcH)-float64(rh)/2)), 0, srcH-rh)
		} else {
			if energy == nil {
				energy = newEnergyMap(ms[len(ms)-1].img)
			}
			rx, ry = energy.bestWindow(srcW, srcH, rw, rh)
		}
		cw := min(o.CropWidth, rw)
		ch := max(1, int(math.Round(float64(cw)*float64(a.H)/float64(a.W))))
		if ch > rh {
			ch = rh
		}
		from := ms[0]
		for _, m := range ms[1:] {
			if rw*m.w/srcW >= cw && rh*m.h/srcH >= ch && m.w < from.w {
				from = m
			}
		}
		r := mapRect(rx, ry, rw, rh, srcW, srcH, from)
		if err := emit("crop", a.String(), resizeImage(from.img, r, cw, ch, lanczos3)); err != nil {
			return nil, nil, err
		}
	}
	return out, warnings, nil
}

// mapRect maps a region of the source into the coordinates of m, snapped to
// even coordinates for YCbCr images so chroma stays aligned.
func mapRect(x, y, w, h, srcW, srcH int, m made) image.Rectangle {
	sx, sy := float64(m.w)/float64(srcW), float64(m.h)/float64(srcH)
	x0 := int(math.Round(float64(x) * sx))
	y0 := int(math.Round(float64(y) * sy))
	x1 := min(int(math.Round(float64(x+w)*sx)), m.w)
	y1 := min(int(math.Round(float64(y+h)*sy)), m.h)
	if _, ok := m.img.(*image.YCbCr); ok {
		x0, y0 = x0&^1, y0&^1
	}
	return image.Rect(x0, y0, max(x1, x0+1), max(y1, y0+1))
}

// webpTooLarge says that a w×h output has no WebP, and in which formats
// it was made instead.
func webpTooLarge(kind string, w, h int, formats []string) string {
	others := slices.DeleteFunc(slices.Clone(formats), func(f string) bool { return f == "webp" })
	made := "so it is not made"
	if len(others) > 0 {
		made = "it is made as " + strings.ToUpper(strings.Join(others, " and ")) + " only"
	}
	return fmt.Sprintf("WebP cannot be wider or taller than 16,383 px: the %d×%d %s has no WebP, %s", w, h, kind, made)
}

func clampInt(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

// outputFormats resolves o.Formats for an image: jpeg becomes png for
// images with alpha; duplicates are dropped.
func outputFormats(fs []string, alpha bool) []string {
	var out []string
	for _, f := range fs {
		if f == "jpeg" && alpha {
			f = "png"
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}
