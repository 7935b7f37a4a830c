package generator

import (
	"os"
	"path/filepath"
)

// Project is a generator's project found on disk.
type Project struct {
	Kind Kind
	// Root is the directory of the generator's config, absolute.
	Root string
	// Config is the config file (or Hugo's config directory) that made
	// Root a project, relative to Root.
	Config string
}

// hugoConfigs are the names that make a directory a Hugo project's root,
// in Hugo's order: its config file (hugo.* since 0.110, config.* before)
// or its config directory.
var hugoConfigs = []string{
	"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
	"config.toml", "config.yaml", "config.yml", "config.json",
	"config/_default",
}

// jekyllConfigs are the names of a Jekyll site's config, in the order
// Jekyll looks for them.
var jekyllConfigs = []string{"_config.yml", "_config.yaml", "_config.toml"}

// Detect finds the generator project that dirs belong to (the directory
// of seopipe.yaml, the content directory): it looks in each of dirs, then
// in their parents up to the root of the repository (a directory holding
// .git) or of the file system, and the nearest project wins; for one
// directory, dirs earlier in the list win. A directory is a Hugo project
// when it has a Hugo config and a content directory ("content", or one
// its config names: the caller checks that when it reads it), and a
// Jekyll one when it has a _config.yml (or .yaml, .toml). A config.toml
// beside a _config.yml is Jekyll's: Hugo's config.* is also a common name
// for other tools' files, while _config.yml is Jekyll's own.
func Detect(dirs []string) (Project, bool) {
	for _, d := range dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			continue
		}
		for dir := abs; ; dir = filepath.Dir(dir) {
			if p, ok := projectIn(dir); ok {
				return p, true
			}
			if isDir(filepath.Join(dir, ".git")) || isFile(filepath.Join(dir, ".git")) || filepath.Dir(dir) == dir {
				break
			}
		}
	}
	return Project{}, false
}

// projectIn reports the project whose root is dir, if it is one.
func projectIn(dir string) (Project, bool) {
	for _, name := range jekyllConfigs {
		if isFile(filepath.Join(dir, name)) {
			return Project{Kind: Jekyll, Root: dir, Config: name}, true
		}
	}
	for _, name := range hugoConfigs {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if (isFile(p) || (name == "config/_default" && isDir(p))) && hasHugoContent(dir) {
			return Project{Kind: Hugo, Root: dir, Config: name}, true
		}
	}
	return Project{}, false
}

// hasHugoContent reports whether dir has what a Hugo site has beside its
// config: a content, layouts, themes or archetypes directory (a site
// whose contentDir is elsewhere still has its layouts or theme).
func hasHugoContent(dir string) bool {
	for _, name := range []string{"content", "layouts", "themes", "archetypes"} {
		if isDir(filepath.Join(dir, name)) {
			return true
		}
	}
	return false
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
