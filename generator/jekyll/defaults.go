package jekyll

import (
	"strings"
)

// Defaults are the values the config's defaults give the file at source
// (relative to the root), as Jekyll merges them into its front matter
// before the front matter's own: image, author, layout, permalink,
// published and any other key. The front matter's value wins over each.
// Nil for a file Jekyll reads as no document.
func (s *Site) Defaults(source string) map[string]any {
	k := s.classify(source)
	if k.label == "" {
		return nil
	}
	d := s.defaultsFor(k.rel, k.label)
	if len(d) == 0 {
		return nil
	}
	return d
}

// defaultsFor is Jekyll's FrontmatterDefaults#all for a document at rel
// (relative to the collections dir) of the collection label: every set
// whose scope matches, merged so that a longer scope path, then a scope
// with a type, wins.
func (s *Site) defaultsFor(rel, label string) map[string]any {
	out := map[string]any{}
	var old *defaultSet
	for i := range s.set.defaults {
		set := &s.set.defaults[i]
		if !s.applies(set, rel, label) {
			continue
		}
		if precedes(old, set) {
			out = deepMerge(out, set.values).(map[string]any)
			old = set
		} else {
			out = deepMerge(set.values, out).(map[string]any)
		}
	}
	return out
}

// applies is Jekyll's applies?: the scope's type is the document's
// collection, and its path is a prefix of the document's (a glob: of a
// path it matches).
func (s *Site) applies(set *defaultSet, rel, label string) bool {
	if set.hasType && set.typ != label {
		return false
	}
	if set.path == "" {
		return true
	}
	if !strings.Contains(set.path, "*") {
		return strings.HasPrefix(rel, s.stripCollectionsDir(set.path))
	}
	// Jekyll globs the scope on disk and takes a document under any path
	// it finds: the document's own path and folders are on disk, so one
	// of them matching the glob is the same.
	if set.glob == nil {
		return false
	}
	full := joinRel(s.set.collectionsDir, rel)
	for i := 0; i <= len(full); i++ {
		if i < len(full) && full[i] != '/' {
			continue
		}
		prefix := full[:i]
		if set.glob.MatchString(prefix) && strings.HasPrefix(rel, s.stripCollectionsDir(prefix)) {
			return true
		}
	}
	return false
}

// stripCollectionsDir takes the collections dir off the front of a
// scope path, as Jekyll's strip_collections_dir does.
func (s *Site) stripCollectionsDir(p string) string {
	cd := s.set.collectionsDir
	if cd == "" {
		return p
	}
	if rest, ok := strings.CutPrefix(p, cd+"/"); ok {
		return rest
	}
	return p
}

// precedes is Jekyll's has_precedence?: a set wins over the one before
// it when its scope path is at least as long (a leading "/" not counted)
// and, for paths of one length, when it has a type or the other has none.
func precedes(old, next *defaultSet) bool {
	if old == nil {
		return true
	}
	np, op := strings.TrimPrefix(next.path, "/"), strings.TrimPrefix(old.path, "/")
	if len(np) != len(op) {
		return len(np) >= len(op)
	}
	return next.hasType || !old.hasType
}
