package cards

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/seopipe/seopipe/internal/diag"
)

// Config is the cards section of seopipe.yaml: the social card images.
// Start from DefaultConfig, decode the section over it, then call Validate.
// A Config is plain data: safe to read from several goroutines.
type Config struct {
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
	Fonts FontFiles `yaml:"fonts"`
}

// FontFiles is the card typeface: a Regular and a Bold file (the Go fonts
// when empty) and fallbacks tried in order for characters they lack.
type FontFiles struct {
	Regular  string   `yaml:"regular"`
	Bold     string   `yaml:"bold"`
	Fallback []string `yaml:"fallback"`
}

// DefaultConfig returns the cards section's defaults.
func DefaultConfig() Config {
	return Config{Theme: "midnight", Sizes: []string{"og"}, Format: "png", MaxBytes: DefaultMaxBytes}
}

// Validate checks the section and returns every problem, joined: each a
// diag.Problem whose Field is the key within the section ("sizes[1]").
// Theme names and font files are checked when they are loaded, where the
// error can say what is wrong with the file.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, diag.Problem{Field: key, Message: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(c.Theme) == "" {
		bad("theme", "must name a built-in theme or a theme file")
	}
	seen := map[string]bool{}
	for i, s := range c.Sizes {
		key := fmt.Sprintf("sizes[%d]", i)
		switch {
		case !slices.Contains(Sizes, s):
			bad(key, "%q must be one of %s", s, strings.Join(Sizes, ", "))
		case seen[s]:
			bad(key, "%q is listed twice", s)
		}
		seen[s] = true
	}
	if c.Format != "png" && c.Format != "jpeg" {
		bad("format", "%q must be png or jpeg", c.Format)
	}
	if c.MaxBytes < 10<<10 {
		bad("maxBytes", "%d is too small for a card (at least 10240)", c.MaxBytes)
	}
	return errors.Join(errs...)
}
