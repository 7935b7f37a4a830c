package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/seopipe/seopipe/cards"
	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/fonts"
	"github.com/seopipe/seopipe/images"
	"github.com/seopipe/seopipe/internal/cache"
	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/locale"
	"github.com/seopipe/seopipe/internal/sitefiles"
	"github.com/seopipe/seopipe/manifest"
	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/site"
)

// cardsVersion changes when rendering changes what it makes from the same
// inputs (beyond what the tool version in every key already covers).
const cardsVersion = "2"

// CardStats counts what the cards stage did.
type CardStats struct {
	Cards    int `json:"cards"`
	Rendered int `json:"rendered"`
	Reused   int `json:"reused"`
	// Shrunk and Cut count cards whose title was set below its preferred
	// size, or cut with an ellipsis.
	Shrunk int `json:"shrunk"`
	Cut    int `json:"cut"`
}

// cardRecord is a rendered card's metadata, kept in the cache beside it.
type cardRecord struct {
	Bytes    int64    `json:"bytes"`
	Width    int      `json:"width"`
	Height   int      `json:"height"`
	Format   string   `json:"format"`
	Shrunk   bool     `json:"shrunk"`
	Cut      bool     `json:"cut"`
	Warnings []string `json:"warnings,omitempty"`
	// Sum is the card file's content hash (cache.Sum), verified whenever
	// the cached card is used.
	Sum string `json:"sum"`
}

// cardSetup is what every card of a run shares.
type cardSetup struct {
	renderer *cards.Renderer
	fontsKey string
	sizes    []cards.Size
	format   string
	maxBytes int
	themes   map[string]*cards.Theme // by name as written
	themeMu  sync.Mutex
	logo     *asset // nil without a local logo
	assetMu  sync.Mutex
	assets   map[string]*asset // logo and avatars, by file
	// limits are images.maxPixels, maxMemory and decodeTimeout: a logo or
	// avatar over them is refused.
	limits images.Limits
	// maxFileBytes is images.maxBytes: a larger logo or avatar is not read.
	maxFileBytes int64
	dir          string // the card cache
	authors      authorTable
	files        *sitefiles.Site // what themes, the logo and avatars are read from
	// dateFonts are the chains a card's byline may be set in (regular and
	// bold): a date they cannot draw whole is drawn as an ISO date.
	dateFonts []*fonts.Chain
}

// date is what a card shows of t: the CLDR long date of lang, the page's
// language (the generator's, else the post's, else the site's), "8
// décembre 2026" on a French post's card; or, when the card's fonts lack a
// character of it (a Japanese date without a CJK font), the ISO date
// 2026-12-08, which every font draws and every reader reads, instead of a
// date with characters left out.
func (cs *cardSetup) date(lang string, t time.Time) string {
	d := locale.LongDate(lang, t)
	for _, c := range cs.dateFonts {
		for _, r := range d {
			if c.Index(r) < 0 {
				return t.Format(time.DateOnly)
			}
		}
	}
	return d
}

// setupCards loads the fonts and the configured theme. A font or theme the
// config names that cannot be loaded is a config error (exit 2).
func (r *run) setupCards() (*cardSetup, error) {
	cfg := r.opts.Config
	cc := cfg.Cards
	cs := &cardSetup{format: cc.Format, maxBytes: cc.MaxBytes, themes: map[string]*cards.Theme{}, authors: newAuthorTable(cfg.Site.Authors),
		dir: filepath.Join(r.opts.CacheDir, "cards"), limits: cfg.Images.Limits(), maxFileBytes: int64(cfg.Images.MaxBytes),
		files: siteFiles(cfg, r.opts.ContentDir)}
	fontFiles := fontFiles(cfg, r.opts.ContentDir)
	if o := r.opts.Cards; o != nil {
		if o.Theme != "" {
			cc.Theme = o.Theme
		}
		if len(o.Sizes) > 0 {
			cc.Sizes = o.Sizes
		}
	}
	load := func(key, path string, def *fonts.Font) (*fonts.Font, error) {
		if path == "" {
			return def, nil
		}
		faces, err := fonts.LoadWith(cfg.Resolve(path), fontFiles.ReadFile)
		if err != nil {
			return nil, &config.Error{File: cfg.Name(), Line: cfg.Line(key), Key: key, Msg: err.Error()}
		}
		return faces[0], nil
	}
	regular, err := load("cards.fonts.regular", cc.Fonts.Regular, fonts.GoRegular())
	if err != nil {
		return nil, err
	}
	bold, err := load("cards.fonts.bold", cc.Fonts.Bold, fonts.GoBold())
	if err != nil {
		return nil, err
	}
	var fallback []*fonts.Font
	for i, p := range cc.Fonts.Fallback {
		key := fmt.Sprintf("cards.fonts.fallback[%d]", i)
		if _, err := os.Stat(cfg.Resolve(p)); errors.Is(err, fs.ErrNotExist) {
			// A fallback absent on this machine (fonts-noto-cjk not
			// installed): the cards are still made, and the characters
			// only it had are reported as missing, post by post.
			r.warn([]diag.Problem{configWarning(cfg, key, "%s not found: characters only it has are reported missing", p)})
			continue
		}
		faces, err := fonts.LoadWith(cfg.Resolve(p), fontFiles.ReadFile)
		if err != nil {
			return nil, &config.Error{File: cfg.Name(), Line: cfg.Line(key), Key: key, Msg: err.Error()}
		}
		fallback = append(fallback, faces...)
	}
	rc := fonts.NewChain(append([]*fonts.Font{regular}, fallback...)...)
	bc := fonts.NewChain(append([]*fonts.Font{bold}, fallback...)...)
	cs.renderer = cards.NewRenderer(cards.Fonts{Regular: rc, Bold: bc})
	cs.dateFonts = []*fonts.Chain{rc, bc}
	cs.fontsKey = rc.Key() + bc.Key()
	for _, name := range cc.Sizes {
		s, err := cards.ParseSize(name)
		if err != nil {
			if r.opts.Cards != nil && len(r.opts.Cards.Sizes) > 0 {
				return nil, &config.Error{Key: "--size", Msg: err.Error()}
			}
			return nil, &config.Error{File: cfg.Name(), Line: cfg.Line("cards.sizes"), Key: "cards.sizes", Msg: err.Error()}
		}
		if slices.ContainsFunc(cs.sizes, func(o cards.Size) bool { return o.Name == s.Name }) {
			continue // --size og,og: one og card
		}
		cs.sizes = append(cs.sizes, s)
	}
	if _, err := cs.theme(cfg, cc.Theme); err != nil {
		if r.opts.Cards != nil && r.opts.Cards.Theme != "" {
			return nil, &config.Error{Key: "--theme", Msg: err.Error()}
		}
		return nil, &config.Error{File: cfg.Name(), Line: cfg.Line("cards.theme"), Key: "cards.theme", Msg: err.Error()}
	}
	cs.themes[""] = cs.themes[cc.Theme]
	if logo := cfg.Site.Publisher.Logo; logo != "" && !content.IsRemote(logo) {
		cs.logo = cs.asset(staticFile(cfg, logo))
	}
	return cs, nil
}

// theme returns the theme named name (a built-in, or a file relative to
// the config), loading it once.
func (cs *cardSetup) theme(cfg *config.Config, name string) (*cards.Theme, error) {
	cs.themeMu.Lock()
	defer cs.themeMu.Unlock()
	if t, ok := cs.themes[name]; ok {
		return t, nil
	}
	ref := name
	if !slices.Contains(cards.BuiltinThemes(), name) {
		ref = cfg.Resolve(name)
	}
	t, err := cards.LoadThemeWith(ref, cs.files.ReadFile)
	if err != nil {
		return nil, err
	}
	cs.themes[name] = t
	return t, nil
}

// decodeFile decodes an image file.
func decodeFile(file string) (image.Image, error) {
	data, err := cache.ReadRegular(file)
	if err != nil {
		return nil, err
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	return img, err
}

// cardsStep renders every published post's cards (cards.sizes), or takes
// them from the cache when every input is unchanged, writes them as
// cards/<key>-<size>-<hash8>.<ext>, and the contact sheet
// cards/index.html.
func cardsStep(ctx context.Context, r *run) (int, error) {
	cfg := r.opts.Config
	cs := r.cardSetup
	if cs == nil {
		var err error
		if cs, err = r.setupCards(); err != nil {
			return 0, err
		}
	}
	if len(cs.sizes) == 0 {
		return 0, nil // cards.sizes: []: no cards
	}
	var only map[string]bool
	if r.opts.Cards != nil && len(r.opts.Cards.Only) > 0 {
		only = map[string]bool{}
		for _, s := range r.opts.Cards.Only {
			only[s] = true
		}
		for _, st := range r.posts {
			delete(only, st.page.Post.Slug)
			delete(only, st.page.Key)
		}
		// A name no published post has: said, not a silent run of nothing.
		for _, s := range slices.Sorted(maps.Keys(only)) {
			r.warn([]diag.Problem{{Field: "--only", Severity: diag.Error, Message: fmt.Sprintf("no published post has the slug or key %q", s)}})
		}
		for _, s := range r.opts.Cards.Only {
			only[s] = true
		}
	}
	// Cards are images: images.baseURL (a CDN) applies to them too.
	base := cfg.Images.BaseURL
	if base == "" {
		base = site.EncodeURL(cfg.Site.URL)
	}
	r.start("cards", len(r.posts)*len(cs.sizes))
	var rendered, reused, shrunk, cut atomic.Int64
	err := r.pools.eachCPU(ctx, len(r.posts), func(ctx context.Context, i int) error {
		p := r.posts[i].page.Post
		// A slug names every post of it; a key (year-in-review-2019-12-31) one.
		if only != nil && !only[p.Slug] && !only[r.posts[i].page.Key] {
			return nil
		}
		in, inKey, pics, probs := r.cardInput(p, i, cs)
		picsRead, picsFailed, heroFailed := false, false, false
		// --theme, else the post's card.theme, else cards.theme.
		themeName, _ := p.Card["theme"].(string)
		if r.opts.Cards != nil && r.opts.Cards.Theme != "" {
			themeName = r.opts.Cards.Theme
		}
		th, err := cs.theme(cfg, themeName)
		if err != nil {
			// The post is built without a card; the run exits 1. Not
			// r.problem: that would mark a post already in the output failed.
			r.warn([]diag.Problem{{Path: p.Source, Line: p.Lines["card"], Field: "card.theme", Message: err.Error(), Severity: diag.Error}})
			return nil
		}
		if themeName == "" {
			themeName = cfg.Cards.Theme
		}
		for _, size := range cs.sizes {
			opts := cards.Options{Size: size, Format: cs.format, MaxBytes: cs.maxBytes}
			key := cardKey(inKey, th, cs.fontsKey, opts)
			rec, bad := readCardRecord(cs.dir, key)
			if bad != nil {
				r.warn([]diag.Problem{cacheWarning(cardPath(cs.dir, key, ".img"), "%v; rendered again", bad)})
			}
			var data []byte
			if rec != nil {
				reused.Add(1)
			} else {
				if !picsRead {
					picsRead = true
					in.Logo, in.Avatar, picsFailed = pics.images(ctx, cs.limits)
				}
				if hero := pics.hero; hero != nil && in.Hero == nil && !heroFailed {
					img, err := decodeFile(hero.File)
					if err != nil {
						heroFailed = true
						probs = append(probs, diag.Problem{Path: p.Source, Line: p.Lines["image"], Field: "card",
							Message: "the hero could not be read for the card: " + err.Error(), Severity: diag.Warning})
					}
					in.Hero = img
				}
				res, err := cs.renderer.Render(ctx, in, th, opts)
				if err != nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					probs = append(probs, diag.Problem{Path: p.Source, Line: p.Lines["title"], Field: "card",
						Message: fmt.Sprintf("%s card: %v", size.Name, err), Severity: diag.Error})
					continue
				}
				data = res.Data
				rec = &cardRecord{Bytes: int64(len(data)), Width: res.Width, Height: res.Height, Format: res.Format, Shrunk: res.Shrunk, Cut: res.Cut, Warnings: res.Warnings,
					Sum: cache.Sum(data)}
				// A card made without its hero, logo or avatar (which could
				// not be read) is not cached under their keys: the next run
				// tries again, and says why again.
				if !heroFailed && !picsFailed {
					if err := writeCard(cs.dir, key, data, rec); err != nil {
						r.cacheWrites.fail(err) // the card is in data: only not cached
					}
				}
				rendered.Add(1)
			}
			if rec.Shrunk {
				shrunk.Add(1)
			}
			if rec.Cut {
				cut.Add(1)
			}
			ext := rec.Format
			if ext == "jpeg" {
				ext = "jpg"
			}
			rel := fmt.Sprintf("cards/%s-%s-%s.%s", r.posts[i].page.Key, size.Name, key[:8], ext)
			// The name holds the hash of every input: a file of that name
			// and size from an earlier build is this card.
			kept, err := r.tx.Keep(rel, rec.Bytes)
			if err != nil {
				return err
			}
			if !kept {
				if data == nil {
					file := cardPath(cs.dir, key, ".img")
					if data, err = cache.ReadRegular(file); err == nil {
						err = cache.CheckData(file, data, rec.Bytes, rec.Sum) // changed since it was checked
					}
					if err != nil {
						return fmt.Errorf("card cache: %w", err)
					}
				}
				if err := r.tx.WriteFile(rel, data); err != nil {
					return err
				}
				r.wroteImages.Store(rel, digest(data))
			}
			// The file has the key as it is; the URL has it escaped (a slug
			// may hold "?", "#" or "%").
			u := base + "cards/" + url.PathEscape(strings.TrimPrefix(rel, "cards/"))
			cf := &manifest.Card{Size: size.Name, URL: site.EncodeURL(u), Path: rel, Width: rec.Width, Height: rec.Height,
				Bytes: rec.Bytes, Format: rec.Format, Theme: themeName, Alt: in.Title, Warnings: rec.Warnings}
			r.posts[i].cards = append(r.posts[i].cards, cf)
			for _, w := range rec.Warnings {
				probs = append(probs, diag.Problem{Path: p.Source, Line: p.Lines["title"], Field: "card",
					Message: size.Name + " card: " + w, Severity: diag.Warning})
			}
			r.advance("cards", 1)
		}
		r.warn(probs)
		return nil
	})
	r.warn(cs.assetWarnings(cfg))
	r.res.Cards = CardStats{Rendered: int(rendered.Load()), Reused: int(reused.Load()), Shrunk: int(shrunk.Load()), Cut: int(cut.Load())}
	r.res.Cards.Cards = r.res.Cards.Rendered + r.res.Cards.Reused
	if err != nil {
		return r.res.Cards.Cards, err
	}
	if only != nil {
		// The sheet shows every card; a run over some posts keeps it.
		return r.res.Cards.Cards, nil
	}
	return r.res.Cards.Cards, r.writeContactSheet()
}

// warn records problems that do not fail their post (card and image
// warnings arrive after validation).
func (r *run) warn(ps []diag.Problem) {
	if len(ps) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.res.Problems = append(r.res.Problems, ps...)
}

// cardInput gathers what a post's card shows, and a key of all of it
// (the images by their content hash).
func (r *run) cardInput(p *post.Post, i int, cs *cardSetup) (cards.Input, string, *cardImages, []diag.Problem) {
	cfg := r.opts.Config
	in := cards.Input{Title: p.Title, Category: p.Category, Excerpt: p.Excerpt, SiteName: cfg.Site.Title}
	if in.SiteName == "" && r.site != nil {
		in.SiteName = r.site.Title
	}
	if t, ok := p.Card["title"].(string); ok && strings.TrimSpace(t) != "" {
		in.Title = t
	}
	if in.Excerpt == "" {
		in.Excerpt = p.Summary
	}
	names := slices.Clone(p.Authors)
	if len(names) == 0 && p.Author != "" {
		names = []string{p.Author}
	}
	var first *config.Author
	for i, n := range names {
		name, a := cs.authors.lookup(n)
		names[i] = name
		if i == 0 {
			first = a
		}
	}
	in.Author = strings.Join(names, ", ")
	if !p.PublishedAt.IsZero() {
		lang := r.posts[i].page.Language()
		if lang == "" && r.site != nil {
			lang = r.site.Language
		}
		in.Date = cs.date(lang, p.PublishedAt)
	}
	var probs []diag.Problem
	var avatar *asset
	if len(names) > 0 {
		if a := first; a != nil && a.Image != "" && !content.IsRemote(a.Image) {
			avatar = cs.asset(staticFile(cfg, a.Image))
		}
	}
	// The hero's pixels come from one of its variants: the variant's name
	// holds the hash of the source and of the options that made it.
	var hero *site.Variant
	if h := heroSet(r.posts[i].images); h != nil {
		if v, ok := cardVariant(h); ok {
			hero = &v
		}
	}
	ik := cardInputKey{Input: in, Logo: cs.logo.key(), Avatar: avatar.key()}
	if hero != nil {
		ik.Hero = hero.Path
	}
	return in, cache.NewKeyer().AddValue(ik).Sum(), &cardImages{hero: hero, logo: cs.logo, avatar: avatar}, probs
}

// cardInputKey is what a card shows, keyed whole (cache.Keyer.AddValue): a
// field added to cards.Input is in every key without a change here. The
// pictures are not decoded yet (nil in Input); they are keyed by content.
type cardInputKey struct {
	Input cards.Input
	// Logo and Avatar are the hashes of their files ("" for none), Hero
	// the path of the hero variant drawn, whose name holds the hash of
	// its source and options.
	Logo, Avatar, Hero string
}

// cardKey names a card: the key of its input (cardInputKey), of its theme
// and of its fonts, and every field of its options.
func cardKey(input string, th *cards.Theme, fonts string, o cards.Options) string {
	return cache.NewKeyer().AddString("cards/" + cardsVersion).AddString(input).AddString(th.Key()).
		AddString(fonts).AddValue(o).Sum()
}

// cardImages are a card's pictures, named in its key by content and
// decoded only when the card is rendered.
type cardImages struct {
	hero         *site.Variant
	logo, avatar *asset
}

// cardVariant is the hero's variant that best covers a card: the
// narrowest JPEG or PNG at least 1200 px wide, else the widest.
func cardVariant(h *site.ImageSet) (site.Variant, bool) {
	var best *site.Variant
	for j := range h.Variants {
		v := &h.Variants[j]
		if v.Format != "jpeg" && v.Format != "png" {
			continue
		}
		if best == nil || (best.Width < 1200 && v.Width > best.Width) || (v.Width >= 1200 && v.Width < best.Width) {
			best = v
		}
	}
	if best == nil {
		return site.Variant{}, false
	}
	return *best, true
}

func cardPath(dir, key, ext string) string { return filepath.Join(dir, key[:2], key+ext) }

// readCardRecord returns a cached card's record when the record is
// consistent and the card file holds the bytes its content hash says;
// anything else is a miss (nil), and the card is rendered again, which
// overwrites the entry. bad says why an entry that is there could not be
// used, nil when there was none or it was fine.
func readCardRecord(dir, key string) (rec *cardRecord, bad error) {
	meta, err := cache.ReadRegular(cardPath(dir, key, ".json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if rec, err = parseCardRecord(meta); err != nil {
		return nil, fmt.Errorf("%s: %w", cardPath(dir, key, ".json"), err)
	}
	if err := cache.CheckFile(cardPath(dir, key, ".img"), rec.Bytes, rec.Sum); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	return rec, nil
}

// parseCardRecord decodes a card's record and checks it is one writeCard
// could have written: any other is an error, never a panic.
func parseCardRecord(data []byte) (*cardRecord, error) {
	var rec cardRecord
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, errors.New("unreadable record")
	}
	if (rec.Format != "png" && rec.Format != "jpeg") || rec.Bytes <= 0 || rec.Width <= 0 || rec.Height <= 0 || !cache.IsSum(rec.Sum) {
		return nil, errors.New("inconsistent record")
	}
	return &rec, nil
}

// writeCard stores a rendered card; the record last, so its presence
// says the image is complete.
func writeCard(dir, key string, data []byte, rec *cardRecord) error {
	if err := writeCacheFile(cardPath(dir, key, ".img"), data); err != nil {
		return fmt.Errorf("card cache: %w", err)
	}
	meta, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := writeCacheFile(cardPath(dir, key, ".json"), meta); err != nil {
		return fmt.Errorf("card cache: %w", err)
	}
	return nil
}

// primaryCard is the og card, else the first made.
func primaryCard(cs []*manifest.Card) *manifest.Card {
	for _, c := range cs {
		if c.Size == "og" {
			return c
		}
	}
	return cs[0]
}
