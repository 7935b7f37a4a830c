package content

import (
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// What Jekyll takes from a post's place and file name when its front
// matter does not say: see jekyllFolder for where its posts folders are.

// fileNameDate returns the date of a Jekyll post's file name
// ("2024-05-07-title.md"), at midnight in loc as a date-only front-matter
// value is, or the zero time when the name has no date. A name whose date
// is impossible ("2024-13-45-…") is an error, as in Jekyll.
func fileNameDate(source string, loc *time.Location, ps *problems) time.Time {
	m := datePrefixRE.FindStringSubmatch(postName(source))
	if m == nil {
		return time.Time{}
	}
	pad := func(s string) string { return strings.Repeat("0", 2-len(s)) + s }
	t, note, err := parseDateString(m[1]+"-"+pad(m[2])+"-"+pad(m[3]), loc)
	if err != nil {
		ps.add(0, "date", "missing, and the file name's date is wrong (%v): add date to the front matter or fix the file name", err)
		return time.Time{}
	}
	if note != "" {
		ps.warn(0, "date", "taken from the file name: %s", note)
	}
	return t
}

// fileNameTitle returns the title Jekyll gives a post whose front matter
// has none (its titleize_slug): the file name without its date and
// trailing dots, split at hyphens, each word capitalised as Ruby's
// String#capitalize does (the first letter upper case, the rest lower):
// "2024-05-07-my-first-post.md" is "My First Post", "…-iOS-tips.md" "Ios
// Tips".
func fileNameTitle(source string) string {
	slug := strings.TrimRight(datePrefixRE.ReplaceAllString(postName(source), ""), ".")
	words := strings.Split(slug, "-")
	for i, w := range words {
		if r, n := utf8.DecodeRuneInString(w); n > 0 {
			words[i] = string(unicode.ToTitle(r)) + strings.ToLower(w[n:])
		}
	}
	// Ruby's split drops the empty words at the end; the title is trimmed
	// as every front-matter text is.
	return strings.TrimSpace(strings.Join(words, " "))
}

// blank reports whether a front-matter value is nothing or white space.
func blank(v any) bool {
	s, isText := v.(string)
	return v == nil || isText && strings.TrimSpace(s) == ""
}

// jekyllPost reports whether source is in a Jekyll posts folder, _posts or
// _drafts (Hugo, Astro and the rest have no such folder): there one text
// under categories or tags is Jekyll's space-separated list, elsewhere it
// is one name, as Hugo reads it — a category in the permalink would move
// the post otherwise. root is the content directory's own name
// (ParseOptions.RootName): with content.dir site/_posts, source has no
// _posts in it.
func jekyllPost(source, root string) bool {
	return jekyllFolder(source, root) != ""
}

// jekyllFolder returns the Jekyll posts folder source is in, the innermost
// one: "_posts", "_drafts", or "" for none. root is as for jekyllPost.
func jekyllFolder(source, root string) string {
	if folder, _ := jekyllPlace(source); folder != "" {
		return folder
	}
	if root == "_posts" || root == "_drafts" {
		return root
	}
	return ""
}

// jekyllDirCategories are the folders above a Jekyll posts folder in
// source ("blog/tech/_posts/x.md": blog, tech), which Jekyll makes the
// post's first categories; none for a post in no such folder.
func jekyllDirCategories(source string) []string {
	_, above := jekyllPlace(source)
	return above
}

// jekyllPlace finds the innermost Jekyll posts folder in source's path:
// its name ("" for none) and the folders above it.
func jekyllPlace(source string) (folder string, above []string) {
	dirs := strings.Split(path.Dir(strings.ReplaceAll(source, `\`, "/")), "/")
	for i, dir := range slices.Backward(dirs) {
		if dir == "_posts" || dir == "_drafts" {
			if i > 0 {
				above = slices.Clone(dirs[:i])
			}
			return dir, above
		}
	}
	return "", nil
}
