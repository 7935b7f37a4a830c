package cards

import (
	"errors"
	"fmt"
	"image/color"
)

func rgb(r, g, b uint8) Color { return Color{color.NRGBA{r, g, b, 255}, true} }

// defaultSpec is a theme file with no keys: a dark gradient card.
func defaultSpec() themeSpec {
	white := rgb(0xff, 0xff, 0xff)
	return themeSpec{
		Background: backgroundSpec{
			Type: "gradient", Color: rgb(0x0f, 0x17, 0x2a),
			From: rgb(0x0f, 0x17, 0x2a), To: rgb(0x1d, 0x4e, 0xd8), Angle: 135,
			Scrim: rgb(0, 0, 0), ScrimMin: 0.2,
		},
		Padding: 72,
		Gap:     36,
		Category: categorySpec{
			textSpec: textSpec{Color: rgb(0x93, 0xc5, 0xfd), Size: 28, Weight: "bold", MaxLines: 1},
			Style:    "label", Fill: rgb(0x25, 0x63, 0xeb), Uppercase: true,
		},
		Title: titleSpec{Color: white, Weight: "bold", MinSize: 46, MaxSize: 68, MaxLines: 3, LineHeight: 1.2},
		Excerpt: textSpec{
			Color: rgb(0xcb, 0xd5, 0xe1), Size: 28, Weight: "regular", MaxLines: 2,
		},
		Byline: bylineSpec{
			textSpec: textSpec{Color: rgb(0xcb, 0xd5, 0xe1), Size: 30, Weight: "regular", MaxLines: 1},
			Date:     true,
		},
		Site:      siteSpec{textSpec: textSpec{Color: white, Size: 30, Weight: "bold", MaxLines: 1}},
		AccentBar: barSpec{Color: rgb(0x3b, 0x82, 0xf6), Position: "left", Thickness: 10, Length: 96},
	}
}

// shown reports whether an optional element is drawn (default true).
func (t textSpec) shown() bool { return t.Show == nil || *t.Show }

// validate checks values the decoder cannot: enumerations and ranges.
func (s *themeSpec) validate(file string) error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, &ThemeError{File: file, Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	switch s.Background.Type {
	case "solid", "gradient", "hero":
	default:
		bad("background.type", "%q is not one of solid, gradient, hero", s.Background.Type)
	}
	if s.Background.ScrimMin < 0 || s.Background.ScrimMin > 1 {
		bad("background.scrimMin", "%v is not between 0 and 1", s.Background.ScrimMin)
	}
	if s.Padding < 16 || s.Padding > 200 {
		bad("padding", "%d is not between 16 and 200", s.Padding)
	}
	if s.Gap < 0 || s.Gap > 200 {
		bad("gap", "%d is not between 0 and 200", s.Gap)
	}
	for _, w := range []struct{ key, v string }{
		{"category.weight", s.Category.Weight}, {"title.weight", s.Title.Weight}, {"excerpt.weight", s.Excerpt.Weight},
		{"byline.weight", s.Byline.Weight}, {"site.weight", s.Site.Weight},
	} {
		if w.v != "regular" && w.v != "bold" {
			bad(w.key, "%q is not regular or bold", w.v)
		}
	}
	for _, z := range []struct {
		key string
		v   float64
	}{
		{"category.size", s.Category.Size}, {"excerpt.size", s.Excerpt.Size}, {"byline.size", s.Byline.Size},
		{"site.size", s.Site.Size}, {"title.minSize", s.Title.MinSize}, {"title.maxSize", s.Title.MaxSize},
	} {
		if z.v < 8 || z.v > 200 {
			bad(z.key, "%v is not between 8 and 200", z.v)
		}
	}
	if s.Title.MinSize > s.Title.MaxSize {
		bad("title.minSize", "%v is larger than title.maxSize %v", s.Title.MinSize, s.Title.MaxSize)
	}
	if s.Title.MaxLines < 1 || s.Title.MaxLines > 8 {
		bad("title.maxLines", "%d is not between 1 and 8", s.Title.MaxLines)
	}
	if s.Excerpt.MaxLines < 1 || s.Excerpt.MaxLines > 6 {
		bad("excerpt.maxLines", "%d is not between 1 and 6", s.Excerpt.MaxLines)
	}
	if s.Title.LineHeight < 0.8 || s.Title.LineHeight > 2.5 {
		bad("title.lineHeight", "%v is not between 0.8 and 2.5", s.Title.LineHeight)
	}
	if s.Category.Style != "pill" && s.Category.Style != "label" {
		bad("category.style", "%q is not pill or label", s.Category.Style)
	}
	if s.Byline.Avatar < 0 || s.Byline.Avatar > 160 {
		bad("byline.avatar", "%d is not between 0 and 160", s.Byline.Avatar)
	}
	if s.Site.Logo < 0 || s.Site.Logo > 160 {
		bad("site.logo", "%d is not between 0 and 160", s.Site.Logo)
	}
	if s.AccentBar.Position != "top" && s.AccentBar.Position != "left" {
		bad("accentBar.position", "%q is not top or left", s.AccentBar.Position)
	}
	if s.AccentBar.Thickness < 1 || s.AccentBar.Thickness > 40 || s.AccentBar.Length < 1 || s.AccentBar.Length > 600 {
		bad("accentBar", "thickness %d or length %d out of range (1–40, 1–600)", s.AccentBar.Thickness, s.AccentBar.Length)
	}
	return errors.Join(errs...)
}
