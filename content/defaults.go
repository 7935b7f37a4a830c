package content

import (
	"maps"
	"slices"
)

// mergeDefaults puts a Jekyll project's front matter defaults (the values
// of the config's defaults that apply to the post) under its front matter,
// as Jekyll merges them: the post's own key wins. permalink and published
// are left to generator/jekyll, which reads them from the defaults itself.
func mergeDefaults(fm *frontMatter, defs map[string]any) {
	for _, k := range slices.Sorted(maps.Keys(defs)) {
		if k == "permalink" || k == "published" {
			continue
		}
		if _, own := fm.get(k); own {
			continue
		}
		fm.add(field{key: k, value: plainDefault(defs[k]), line: 0})
	}
}

// plainDefault turns a value as the config was decoded into one of the
// types a front matter field holds (int64 for whole numbers).
func plainDefault(v any) any {
	switch v := v.(type) {
	case int:
		return int64(v)
	case uint64:
		return int64(v)
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = plainDefault(x)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = plainDefault(x)
		}
		return out
	}
	return v
}
