package pipeline

import (
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decoders for measuring local images
	_ "image/jpeg"
	_ "image/png"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"

	_ "golang.org/x/image/webp"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/sitefiles"
	"github.com/seopipe/seopipe/internal/speclimit"
	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/site"
)

// measured is what reading a local image's header tells.
type measured struct {
	width, height int
	bytes         int64
	mime          string
}

// measurer reads each local image's header once per run, however many
// posts use it. Safe for concurrent use.
type measurer struct {
	mu    sync.Mutex
	seen  map[string]*measureEntry
	files *sitefiles.Site // what is read: the site
}

type measureEntry struct {
	once sync.Once
	m    measured
	ok   bool
}

func newMeasurer(files *sitefiles.Site) *measurer {
	return &measurer{seen: map[string]*measureEntry{}, files: files}
}

// measure returns the pixel size, byte size and MIME type of a local file;
// ok is false when it is not an image Go can read the header of.
func (ms *measurer) measure(file string) (measured, bool) {
	ms.mu.Lock()
	e := ms.seen[file]
	if e == nil {
		e = &measureEntry{}
		ms.seen[file] = e
	}
	ms.mu.Unlock()
	e.once.Do(func() {
		f, err := ms.files.Open(file) // one that leads outside: reported by the load step
		if err != nil {
			return
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return
		}
		cfg, format, err := image.DecodeConfig(f)
		if err != nil {
			return
		}
		// Not mime.TypeByExtension: /etc/mime.types could change it per machine.
		e.m = measured{width: cfg.Width, height: cfg.Height, bytes: st.Size(), mime: "image/" + format}
		e.ok = true
	})
	return e.m, e.ok
}

// siteModel builds the site.Site the emitters share.
func (r *run) siteModel() *site.Site {
	cfg := r.opts.Config
	s := &site.Site{
		URL:         site.EncodeURL(cfg.Site.URL), // an IDNA host in ASCII, as every other URL
		Title:       cfg.Site.Title,
		Description: cfg.Site.Description,
		Language:    cfg.Site.Language,
		Publisher:   site.Publisher{Name: cfg.Site.Publisher.Name},
	}
	if s.Title == "" {
		s.Title = s.Host() // feeds and og:site_name need a name
	}
	if s.Publisher.Name == "" {
		s.Publisher.Name = s.Title
	}
	if u := cfg.Site.Publisher.URL; u != "" {
		s.Publisher.URL = s.Under(u)
	} else {
		s.Publisher.URL = s.URL
	}
	if logo := cfg.Site.Publisher.Logo; logo != "" {
		img := &site.Image{URL: s.Under(logo), Alt: s.Publisher.Name}
		r.measureStatic(img, "site.publisher.logo", logo)
		s.Publisher.Logo = img
	}
	if def := cfg.SEO.DefaultImage; def != "" {
		img := &site.Image{URL: s.Under(def), Alt: s.Title}
		r.measureStatic(img, "seo.defaultImage", def)
		s.DefaultImage = img
	}
	if strings.HasPrefix(s.URL, "https:") {
		for _, c := range []struct{ key, url string }{
			{"images.baseURL", cfg.Images.BaseURL},
			{"site.publisher.logo", cfg.Site.Publisher.Logo},
			{"seo.defaultImage", cfg.SEO.DefaultImage},
		} {
			if strings.HasPrefix(strings.ToLower(c.url), "http:") {
				r.problem(configWarning(cfg, c.key, "%s is http on an https site: browsers block or upgrade such mixed content, and social platforms may show no image; use https", c.url))
			}
		}
	}
	return s
}

// measureStatic gives img, configured under key as path, the size of its
// file in the static directory. A remote image is left unmeasured; a local
// one that is not there, or is no image, is written unmeasured with a
// warning: its size is never guessed (rules 16 and 21).
func (r *run) measureStatic(img *site.Image, key, path string) {
	if content.IsRemote(path) {
		return
	}
	cfg := r.opts.Config
	file := staticFile(cfg, path)
	if m, ok := r.measurer.measure(file); ok {
		img.Width, img.Height, img.Bytes, img.MIME = m.width, m.height, m.bytes, m.mime
		return
	}
	why := "is no image seopipe can read"
	if _, err := r.files.Check(file); errors.Is(err, sitefiles.ErrOutside) {
		return // the load step reported it (siteFileProblems)
	}
	if _, err := os.Stat(file); err != nil {
		why = "is not in " + cfg.Content.Static
	}
	r.problem(configWarning(cfg, key, "%s %s: it is written without its size", path, why))
}

// authorTable finds a post's author in site.authors by name, or by the name
// as the JSON-LD's Person @id has it (seo's personID: "ana lima" and "Ana
// Lima" are one person there), so that every page that names a person
// gives its node the same url, image and name.
type authorTable struct {
	byName map[string]*config.Author
	bySlug map[string]string // Slugify(name) -> name, the first name in order
}

func newAuthorTable(m map[string]*config.Author) authorTable {
	t := authorTable{byName: m, bySlug: map[string]string{}}
	for _, name := range slices.Sorted(maps.Keys(m)) {
		if slug := post.Slugify(name); slug != "" {
			if _, dup := t.bySlug[slug]; !dup {
				t.bySlug[slug] = name
			}
		}
	}
	return t
}

// lookup returns the author's name as the table writes it, and its entry;
// name itself and nil when the table has no such person.
func (t authorTable) lookup(name string) (string, *config.Author) {
	if a := t.byName[name]; a != nil {
		return name, a
	}
	if key, ok := t.bySlug[post.Slugify(name)]; ok {
		return key, t.byName[key]
	}
	return name, nil
}

// buildPages completes every published post's page: its authors from the
// authors table, its body pointed at the processed images, absolute image
// URLs, and local images measured from their files. Runs on the CPU pool
// (reading image headers is I/O, but brief and local).
func (r *run) buildPages(ctx context.Context, s *site.Site) error {
	cfg := r.opts.Config
	authors := newAuthorTable(cfg.Site.Authors)
	return r.pools.eachCPU(ctx, len(r.posts), func(_ context.Context, i int) error {
		pg := r.posts[i].page
		p := pg.Post
		pg.Base = s.Under(pg.Path)
		pg.Preview = p.Draft || p.PublishedAt.After(r.opts.Now)
		for _, name := range p.Authors {
			name, t := authors.lookup(name)
			a := site.Author{Name: name}
			if t != nil {
				a.Email = t.Email
				if t.URL != "" {
					a.URL = s.Under(t.URL)
				}
				if t.Image != "" {
					a.Image = s.Under(t.Image)
				}
				if t.Twitter != "" {
					a.Twitter = "@" + strings.TrimPrefix(t.Twitter, "@")
				}
			} else if u := p.AuthorURLs[name]; u != "" {
				// author: {name, url} in the post, and no entry in the
				// table: the post's own link (content checked its form).
				a.URL = site.EncodeURL(s.Under(u))
			}
			pg.Authors = append(pg.Authors, a)
		}
		sets := r.posts[i].images
		pg.Sets = sets
		pg.HTML = rewriteBody(p.HTML, sets)
		seen := map[string]bool{}
		add := func(img site.Image) {
			if !seen[img.URL] {
				seen[img.URL] = true
				pg.Images = append(pg.Images, img)
			}
		}
		// The post's card is its primary image when there is one: what a
		// share shows (og:image; an x card is twitter:image) and, for rule
		// 28, the same file first in the JSON-LD, sitemap and feeds.
		// Without a card it is the hero's first crop (16:9 by default) in a
		// format every reader takes. The crops are the JSON-LD article's
		// images either way. A hero that failed is left out: the post is
		// built without it.
		if cs := r.posts[i].cards; len(cs) > 0 {
			img := primaryCard(cs).Image()
			pg.Image = &img
			add(img)
			for _, c := range cs {
				if c.Size == "x" {
					tw := c.Image()
					pg.TwitterImage = &tw
				}
			}
		}
		if h := heroSet(sets); h != nil {
			for _, c := range h.UniversalCrops() {
				pg.Crops = append(pg.Crops, c.Image(h.Alt))
			}
			var primary *site.Image
			if len(pg.Crops) > 0 {
				img := pg.Crops[0]
				primary = &img
			} else if fb, ok := h.Fallback(); ok {
				img := fb.Image(h.Alt)
				primary = &img
			}
			if primary != nil {
				add(*primary)
				if pg.Image == nil {
					pg.Image = primary
				}
			}
			// The output stays right for a small hero (the seo package
			// leaves crops under 50,000 pixels out of the article, and
			// gives X the summary card for an image under 300×157); this
			// says why, at the post.
			var small []string
			for _, c := range pg.Crops {
				if !c.ArticleSized() {
					small = append(small, fmt.Sprintf("%d×%d", c.Width, c.Height))
				}
			}
			if len(small) > 0 {
				r.problem(diag.Problem{Path: p.Source, Line: p.Lines["image"], Field: "image", Severity: diag.Warning,
					Message: fmt.Sprintf("the hero (%d×%d) makes crops under the 50,000 pixels Google takes for an article image (%s): the JSON-LD leaves them out",
						h.Width, h.Height, strings.Join(small, ", "))})
			}
			if pg.Image == primary && primary != nil && !primary.LargeCardSized() {
				r.problem(diag.Problem{Path: p.Source, Line: p.Lines["image"], Field: "image", Severity: diag.Warning,
					Message: fmt.Sprintf("the hero's %d×%d is under the %d×%d of X's large card: the post gets the summary card",
						primary.Width, primary.Height, speclimit.LargeCardWidth, speclimit.LargeCardHeight)})
			}
		}
		for _, set := range sets {
			if set.Role != "inline" {
				continue
			}
			if fb, ok := set.Fallback(); ok {
				add(fb.Image(set.Alt))
			}
		}
		if slug := post.Slugify(p.Category); slug != "" { // "???" has no page to point at
			pg.CategoryURL = s.Under(strings.ReplaceAll(cfg.SEO.CategoryPermalink, "{category}", slug))
		}
		return nil
	})
}

// imageURL makes an image reference absolute: remote URLs as they are
// (encoded), "/…" under the site URL (the static directory is served at the
// site root), other paths relative to the post's URL (a page bundle).
func (r *run) imageURL(s *site.Site, pageURL, src string) string {
	switch {
	case content.IsRemote(src):
		return site.EncodeURL(src)
	case strings.HasPrefix(src, "/"):
		return s.Under(src)
	}
	return site.Resolve(pageURL, src)
}
