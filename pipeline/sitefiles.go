package pipeline

import (
	"errors"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/fonts"
	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/sitefiles"
)

// siteFiles is the site every file the build reads from it must stay in
// (internal/sitefiles): the config's directory, the content directory and
// the static directory.
func siteFiles(cfg *config.Config, contentDir string) *sitefiles.Site {
	return sitefiles.New(cfg.Resolve("."), contentDir, cfg.Resolve(cfg.Content.Static))
}

// fontFiles is where font files named in the config may be: the site, and
// the system's font directories (Debian's fonts-noto-cjk).
func fontFiles(cfg *config.Config, contentDir string) *sitefiles.Site {
	return siteFiles(cfg, contentDir).With(fonts.SystemDirs()...)
}

// staticFile is the file in the static directory of a site-relative path
// from the config ("/logo.png").
func staticFile(cfg *config.Config, path string) string {
	return filepath.Join(cfg.Resolve(cfg.Content.Static), filepath.FromSlash(strings.TrimPrefix(path, "/")))
}

// siteFileProblems reports, as errors at their keys, the files the config
// names in the static directory (site.publisher.logo, seo.defaultImage,
// the authors' images) that lead outside the site: they are never read,
// neither measured nor drawn on a card.
func siteFileProblems(cfg *config.Config, files *sitefiles.Site) []diag.Problem {
	type named struct{ key, path string }
	list := []named{{"site.publisher.logo", cfg.Site.Publisher.Logo}, {"seo.defaultImage", cfg.SEO.DefaultImage}}
	for _, name := range slices.Sorted(maps.Keys(cfg.Site.Authors)) {
		if a := cfg.Site.Authors[name]; a != nil {
			list = append(list, named{"site.authors." + name + ".image", a.Image})
		}
	}
	var ps []diag.Problem
	for _, n := range list {
		if n.path == "" || content.IsRemote(n.path) {
			continue
		}
		if _, err := files.Check(staticFile(cfg, n.path)); errors.Is(err, sitefiles.ErrOutside) {
			p := configWarning(cfg, n.key, "%v", err)
			p.Severity = diag.Error
			ps = append(ps, p)
		}
	}
	return ps
}
