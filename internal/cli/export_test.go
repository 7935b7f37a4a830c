package cli

import (
	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
)

// SetOpener makes open the reader of kind's projects until the returned
// function is called (tests: a generator.Site of their own).
func SetOpener(kind generator.Kind, open func(p generator.Project, cfg *config.Config) (generator.Site, []diag.Problem, error)) (restore func()) {
	old, had := openers[kind]
	openers[kind] = open
	return func() {
		if had {
			openers[kind] = old
		} else {
			delete(openers, kind)
		}
	}
}
