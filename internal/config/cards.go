package config

import (
	"fmt"
	"slices"
	"strings"
)

// Cards configures the social card images.
type Cards struct {
	// Theme is a built-in theme name or the path of a theme file; a post's
	// card.theme overrides it.
	Theme string `yaml:"theme"`
	// Sizes are the cards made per post: og (1200×630), x (1200×600),
	// square (1200×1200). An empty list makes no cards.
	Sizes []string `yaml:"sizes"`
	// Format is png or jpeg.
	Format string `yaml:"format"`
	// MaxBytes is the byte budget of one card, met by reducing colours or
	// switching to JPEG, with a warning.
	MaxBytes int `yaml:"maxBytes"`
	// Fonts are the card fonts.
	Fonts CardFonts `yaml:"fonts"`
}

// CardFonts is the card typeface: a Regular and a Bold file (the Go fonts
// when empty) and fallbacks tried in order for characters they lack.
type CardFonts struct {
	Regular  string   `yaml:"regular"`
	Bold     string   `yaml:"bold"`
	Fallback []string `yaml:"fallback"`
}

// DefaultCards returns the cards section's defaults.
func DefaultCards() Cards {
	return Cards{Theme: "midnight", Sizes: []string{"og"}, Format: "png", MaxBytes: 300_000}
}

var cardSizes = []string{"og", "x", "square"}

// validateCards checks the cards section. Theme names and font files are
// checked when they are loaded, where the error can say what is wrong
// with the file.
func (cfg *Config) validateCards(bad func(key, format string, args ...any)) {
	c := &cfg.Cards
	if strings.TrimSpace(c.Theme) == "" {
		bad("cards.theme", "must name a built-in theme or a theme file")
	}
	seen := map[string]bool{}
	for i, s := range c.Sizes {
		key := fmt.Sprintf("cards.sizes[%d]", i)
		switch {
		case !slices.Contains(cardSizes, s):
			bad(key, "%q must be one of %s", s, strings.Join(cardSizes, ", "))
		case seen[s]:
			bad(key, "%q is listed twice", s)
		}
		seen[s] = true
	}
	if c.Format != "png" && c.Format != "jpeg" {
		bad("cards.format", "%q must be png or jpeg", c.Format)
	}
	if c.MaxBytes < 10<<10 {
		bad("cards.maxBytes", "%d is too small for a card (at least 10240)", c.MaxBytes)
	}
}
