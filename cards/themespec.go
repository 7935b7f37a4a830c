package cards

import (
	"errors"
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
// Its messages name the key, never the value (see LoadTheme).
func (s *themeSpec) validate(file string) error {
	var errs []error
	bad := func(key, msg string) {
		errs = append(errs, &ThemeError{File: file, Key: key, Msg: msg})
	}
	switch s.Background.Type {
	case "solid", "gradient", "hero":
	default:
		bad("background.type", "is not one of solid, gradient, hero")
	}
	if s.Background.ScrimMin < 0 || s.Background.ScrimMin > 1 {
		bad("background.scrimMin", "is not between 0 and 1")
	}
	if s.Padding < 16 || s.Padding > 200 {
		bad("padding", "is not between 16 and 200")
	}
	if s.Gap < 0 || s.Gap > 200 {
		bad("gap", "is not between 0 and 200")
	}
	for _, w := range []struct{ key, v string }{
		{"category.weight", s.Category.Weight}, {"title.weight", s.Title.Weight}, {"excerpt.weight", s.Excerpt.Weight},
		{"byline.weight", s.Byline.Weight}, {"site.weight", s.Site.Weight},
	} {
		if w.v != "regular" && w.v != "bold" {
			bad(w.key, "is not regular or bold")
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
			bad(z.key, "is not between 8 and 200")
		}
	}
	if s.Title.MinSize > s.Title.MaxSize {
		bad("title.minSize", "is larger than title.maxSize")
	}
	if s.Title.MaxLines < 1 || s.Title.MaxLines > 8 {
		bad("title.maxLines", "is not between 1 and 8")
	}
	if s.Excerpt.MaxLines < 1 || s.Excerpt.MaxLines > 6 {
		bad("excerpt.maxLines", "is not between 1 and 6")
	}
	if s.Title.LineHeight < 0.8 || s.Title.LineHeight > 2.5 {
		bad("title.lineHeight", "is not between 0.8 and 2.5")
	}
	if s.Category.Style != "pill" && s.Category.Style != "label" {
		bad("category.style", "is not pill or label")
	}
	if s.Byline.Avatar < 0 || s.Byline.Avatar > 160 {
		bad("byline.avatar", "is not between 0 and 160")
	}
	if s.Site.Logo < 0 || s.Site.Logo > 160 {
		bad("site.logo", "is not between 0 and 160")
	}
	if s.AccentBar.Position != "top" && s.AccentBar.Position != "left" {
		bad("accentBar.position", "is not top or left")
	}
	if s.AccentBar.Thickness < 1 || s.AccentBar.Thickness > 40 || s.AccentBar.Length < 1 || s.AccentBar.Length > 600 {
		bad("accentBar", "thickness or length out of range (1–40, 1–600)")
	}
	return errors.Join(errs...)
}
