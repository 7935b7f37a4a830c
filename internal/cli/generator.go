package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/generator/hugo"
	"github.com/seopipe/seopipe/generator/jekyll"
	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
)

// opener reads a generator's project (generator/hugo's and
// generator/jekyll's Open) into a Site, with what reading it found. An
// error is a config that cannot be read: exit 2.
type opener func(p generator.Project, cfg *config.Config) (generator.Site, []diag.Problem, error)

// openers are the generators seopipe reads, by kind; tests replace them.
var openers = map[generator.Kind]opener{
	generator.Hugo: func(p generator.Project, cfg *config.Config) (generator.Site, []diag.Problem, error) {
		s, probs, err := hugo.Open(p, hugo.Options{Sections: cfg.Content.Sections})
		if err != nil || s == nil {
			return nil, probs, err // not a nil *hugo.Site in the interface
		}
		return s, probs, nil
	},
	generator.Jekyll: func(p generator.Project, cfg *config.Config) (generator.Site, []diag.Problem, error) {
		s, probs, err := jekyll.Open(p, jekyll.Options{Configs: cfg.Jekyll.Configs, Sections: cfg.Content.Sections})
		if err != nil || s == nil {
			return nil, probs, err
		}
		return s, probs, nil
	},
}

// findGenerator is the generator project whose rules give the posts their
// URLs, as site.generator says: none is nil; auto is the project Detect
// finds in dirs (the directory of seopipe.yaml, the content directory) or
// their parents, nil when there is none; hugo or jekyll is that project,
// an error when there is none (a usage error: exit 2, as a generator
// config that cannot be read is). What the Site's config says of the
// whole site fills the keys seopipe's config leaves unset.
func findGenerator(wd string, cfg *config.Config, dirs []string) (generator.Site, []diag.Problem, error) {
	kind := generator.Kind(cfg.Site.Generator)
	if kind == generator.None || kind == "" {
		return nil, nil, nil
	}
	p, found := generator.Detect(dirs)
	at := fmt.Sprintf("%s:%d: site.generator", cfg.Name(), cfg.Line("site.generator"))
	if cfg.Name() == "" {
		at = "site.generator"
	}
	switch {
	case !found && kind == generator.Auto:
		return nil, nil, nil
	case !found:
		return nil, nil, &usageError{fmt.Errorf("%s: %s, but no %s project is in %s or a directory above it (%s)",
			at, kind, kind, strings.Join(dirs, " or "), configNames(kind))}
	case kind != generator.Auto && p.Kind != kind:
		return nil, nil, &usageError{fmt.Errorf("%s: %s, but %s is a %s project", at, kind, filepath.Join(p.Root, p.Config), p.Kind)}
	}
	site, probs, err := openers[p.Kind](p, cfg)
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) {
			return nil, nil, err
		}
		return nil, nil, &usageError{err}
	}
	if site == nil {
		// A config that does not parse, or a value the generator would
		// refuse: its problems, each naming the file and line.
		var lines []string
		for _, pr := range probs {
			if pr.Severity == diag.Error {
				if pr.Path != "" && !filepath.IsAbs(pr.Path) { // relative to the project's root
					pr.Path = rel(wd, filepath.Join(p.Root, filepath.FromSlash(pr.Path)))
				}
				lines = append(lines, pr.Error())
			}
		}
		if len(lines) == 0 {
			lines = append(lines, fmt.Sprintf("%s: cannot be read as a %s site", rel(wd, filepath.Join(p.Root, p.Config)), p.Kind))
		}
		return nil, nil, &usageError{errors.New(strings.Join(lines, "\n"))}
	}
	origin := strings.Join(site.Config(), ", ")
	if len(site.Config()) > 0 {
		origin = site.Config()[0]
	}
	cfg.FillFromGenerator(site.Info(), origin)
	return site, probs, nil
}

// configNames says what makes a directory a project of kind.
func configNames(kind generator.Kind) string {
	if kind == generator.Jekyll {
		return "_config.yml"
	}
	return "hugo.toml or config.toml beside a content directory"
}

// generatorLine is the summary's line on the generator: "hugo site:
// hugo.toml", its config files relative to the working directory.
func generatorLine(wd string, g generator.Site) string {
	names := make([]string, 0, len(g.Config()))
	for _, c := range g.Config() {
		names = append(names, rel(wd, filepath.Join(g.Root(), filepath.FromSlash(c))))
	}
	return fmt.Sprintf("%s site: %s", g.Kind(), diag.Escape(strings.Join(names, ", ")))
}
