package cards

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Config)
		want   []diag.Problem
	}{
		{name: "defaults", change: func(c *Config) {}},
		{name: "no sizes: no cards", change: func(c *Config) { c.Sizes = []string{} }},
		{name: "every size", change: func(c *Config) { c.Sizes = Sizes }},
		{name: "jpeg at the smallest budget", change: func(c *Config) { c.Format, c.MaxBytes = "jpeg", 10240 }},
		{
			name: "bad values",
			change: func(c *Config) {
				*c = Config{Theme: " ", Sizes: []string{"og", "og", "banner"}, Format: "gif", MaxBytes: 10239}
			},
			want: []diag.Problem{
				{Field: "theme", Message: "must name a built-in theme or a theme file"},
				{Field: "sizes[1]", Message: `"og" is listed twice`},
				{Field: "sizes[2]", Message: `"banner" must be one of og, x, square`},
				{Field: "format", Message: `"gif" must be png or jpeg`},
				{Field: "maxBytes", Message: "10239 is too small for a card (at least 10240)"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.change(&c)
			var got []diag.Problem
			if err := c.Validate(); err != nil {
				for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
					var p diag.Problem
					if !errors.As(e, &p) {
						t.Fatalf("%T %v is not a diag.Problem", e, e)
					}
					got = append(got, p)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDefaultConfig: every default size is one ParseSize takes, at the
// package's default budget.
func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	for _, s := range c.Sizes {
		if _, err := ParseSize(s); err != nil {
			t.Error(err)
		}
	}
	if c.MaxBytes != DefaultMaxBytes {
		t.Errorf("MaxBytes = %d, want DefaultMaxBytes %d", c.MaxBytes, DefaultMaxBytes)
	}
}
