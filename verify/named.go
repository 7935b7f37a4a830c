package verify

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"github.com/seopipe/seopipe/internal/diag"
)

// naming is a file of the output directory that another file names: by
// is the naming file.
type naming struct{ file, by string }

// nameURL notes that by names the image URL u, when u can be a file of
// the output directory (posts.json lists it, or it is under the site URL);
// missing keeps those in the output's own directories. Other URLs
// (another host) are not the output's.
func (c *Checker) nameURL(to *[]naming, by, u string) {
	if !c.opts.NamedFiles {
		return
	}
	if name, ok := c.images[u]; ok {
		*to = append(*to, naming{name, by})
		return
	}
	if name, ok := c.siteFile(u); ok && name != "." {
		*to = append(*to, naming{name, by})
	}
}

// picture notes the files seo/<key>/picture.html names in its srcset and
// src attributes (Options.NamedFiles). A missing picture.html is posts.json's
// problem (see missing).
func (pc *postCheck) picture(fsys fs.FS, name string) {
	data, err := pc.read(fsys, name)
	if err != nil {
		return
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			tag, hasAttr := z.TagName()
			if t := string(tag); t != "img" && t != "source" {
				continue
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "src":
					pc.c.nameURL(&pc.named, name, pc.c.resolve(string(v)))
				case "srcset":
					for cand := range strings.SplitSeq(string(v), ",") {
						if f := strings.Fields(cand); len(f) > 0 {
							pc.c.nameURL(&pc.named, name, pc.c.resolve(f[0]))
						}
					}
				}
			}
		}
	}
}

// resolve makes u, as markup gives it, absolute against the site URL.
func (c *Checker) resolve(u string) string {
	r, err := url.Parse(u)
	if err != nil {
		return u
	}
	return c.site.ResolveReference(r).String()
}

// missing reports every file that posts.json, a post's head tags
// (og:image, twitter:image) or picture.html, or the sitemaps' image:loc
// name and that is not a file of the output directory (Options.NamedFiles):
// one problem per file, listing who names it. posts.json's head and jsonld
// are not listed here: the head and JSON-LD checks report them missing.
//
// A URL under the site is the output's when it is a file posts.json
// names, or a file in a directory where posts.json names files
// (images/<key>/, cards/, seo/<key>/): the site serves other files, such
// as seo.defaultImage from its static directory, that are not seopipe's.
func (c *Checker) missing() []diag.Problem {
	var all []naming
	own := map[string]bool{} // the directories of the files posts.json names
	manifestNames := func(f string) {
		all = append(all, naming{f, manifestFile})
		own[path.Dir(f)] = true
	}
	for _, p := range c.posts {
		e := p.entry
		if e.SEO {
			own[path.Dir(e.Head)], own[path.Dir(e.JSONLD)] = true, true
		}
		if e.Picture != "" {
			manifestNames(e.Picture)
		}
		for _, f := range e.Files {
			manifestNames(f.File)
		}
		for _, f := range e.Cards {
			manifestNames(f)
		}
	}
	for _, n := range c.named {
		if own[path.Dir(n.file)] {
			all = append(all, n)
		}
	}
	slices.SortFunc(all, func(a, b naming) int {
		if n := strings.Compare(a.file, b.file); n != 0 {
			return n
		}
		return strings.Compare(a.by, b.by)
	})
	all = slices.Compact(all)
	var probs []diag.Problem
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].file == all[i].file {
			j++
		}
		name, by := all[i].file, make([]string, 0, j-i)
		for _, n := range all[i:j] {
			by = append(by, n.by)
		}
		i = j
		if !fs.ValidPath(name) {
			for _, b := range by {
				probs = append(probs, diag.Problem{Path: b, Message: fmt.Sprintf("names %q, which is not a path inside the output directory", name)})
			}
			continue
		}
		st, err := fs.Stat(c.fsys, name)
		switch {
		case err != nil:
			probs = append(probs, diag.Problem{Path: name, Message: "missing, though " + list(by) + verb(by) + " it"})
		case !st.Mode().IsRegular():
			probs = append(probs, diag.Problem{Path: name, Message: "not a file, though " + list(by) + verb(by) + " it"})
		}
	}
	return probs
}

// list is "a", "a and b", "a, b and c".
func list(s []string) string {
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// verb is "names" after one naming file, "name" after several.
func verb(s []string) string {
	if len(s) == 1 {
		return " names"
	}
	return " name"
}
