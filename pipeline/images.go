package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/images"
	"github.com/seopipe/seopipe/images/fetch"
	"github.com/seopipe/seopipe/internal/cache"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/version"
	"github.com/seopipe/seopipe/picture"
	"github.com/seopipe/seopipe/post"
	"github.com/seopipe/seopipe/site"
)

// ImageStats counts what the images stage did.
type ImageStats struct {
	// Sources are the distinct image files (URLs and local files) used.
	Sources int `json:"sources"`
	// Downloaded, Cached, Revalidated and Stale say where remote bodies
	// came from: the network, the fetch cache without a request, a 304, or
	// the cache after the network failed.
	Downloaded  int `json:"downloaded"`
	Cached      int `json:"cached"`
	Revalidated int `json:"revalidated"`
	Stale       int `json:"stale"`
	// Processed were decoded and encoded in this run; Reused came whole
	// from the derived-file cache.
	Processed int `json:"processed"`
	Reused    int `json:"reused"`
	// Failed images were left out of their posts.
	Failed int `json:"failed"`
	// Files are the image files written into the output.
	Files int `json:"files"`
}

// imagesVersion changes when processing changes what it makes from the
// same source and options, so every derived file gets a new name.
const imagesVersion = "1"

// imageSource is one distinct image of the run: a remote URL or a local
// file, loaded once however many posts use it.
type imageSource struct {
	key    string // the URL, or the absolute file path
	remote bool

	data  []byte
	hash  string // hex SHA-256 of data
	from  string // remote: fetch.Result.From
	err   error
	warn  string // the fetch fell back to a cached copy: why
	tasks []*imageTask
}

// imageTask is one way of processing a source: as a hero (widths, crops at
// a focus, placeholder) or inline (widths only).
type imageTask struct {
	src   *imageSource
	hero  bool
	focus *post.Focus
	key   string // derived-file cache key, set once the source is loaded
	dir   string // where its files are: its cache entry, or the run's scratch dir
	out   *processedImage
	err   error
}

// imageRef is one image of one post.
type imageRef struct {
	post  int // index in r.posts
	hero  bool
	src   string // as written
	line  int
	alt   string
	task  *imageTask
	field string
}

// imagesStep fetches or reads every image of every published post once,
// processes each (source, role) once — or takes it whole from the cache —
// and writes each post's files under images/<key>/. A failed image is a
// problem of its post; the post is built without it.
func imagesStep(ctx context.Context, r *run) (int, error) {
	cfg := r.opts.Config
	im := cfg.Images
	stats := &r.res.Images

	if r.site == nil {
		r.site = r.siteModel()
	}
	refs, sources := r.collectImages()
	stats.Sources = len(sources)
	if len(sources) == 0 {
		return 0, nil
	}

	var fetcher *fetch.Fetcher // only when some image is remote
	if slices.ContainsFunc(sources, func(s *imageSource) bool { return s.remote }) {
		fo := fetch.Options{
			Timeout:              im.TimeoutDuration,
			Retries:              im.Retries,
			MaxBytes:             int64(im.MaxBytes),
			PerHost:              im.PerHost,
			AllowPrivateNetworks: im.AllowPrivateNetworks,
			AllowHosts:           im.AllowHosts,
			CacheDir:             filepath.Join(r.opts.CacheDir, "fetch"),
			CacheTTL:             im.CacheTTLDuration,
			Offline:              r.opts.Offline,
			UserAgent:            "seopipe/" + version.String(),
			Now:                  r.opts.FetchClock,
			Transport:            r.opts.FetchTransport,
			WriteFile:            writeCacheFile,
		}
		f, err := fetch.New(fo)
		if err != nil && !fo.Offline {
			// The fetch cache's dirs could not be made: fetch without it.
			// (Options that are wrong fail again, and stand.)
			fo.CacheDir = ""
			if f2, err2 := fetch.New(fo); err2 == nil {
				r.cacheWrites.fail(err)
				f, err = f2, nil
			}
		}
		if err != nil {
			return 0, fmt.Errorf("images: %w", err)
		}
		defer f.CloseIdleConnections()
		fetcher = f
	}
	popts := im.Options()
	derived := filepath.Join(r.opts.CacheDir, "images")

	budget := newMemBudget(int64(im.MaxMemory), r.opts.decodeHook)
	r.start("images", len(sources))
	var processed, reused atomic.Int64
	// At most this many sources are between fetching and processing at
	// once: enough to keep the network and the CPUs busy, few enough that
	// bodies waiting for a CPU do not pile up in memory.
	inFlight := r.pools.NetSize() + 2*r.pools.CPUSize()
	err := r.pools.eachLimit(ctx, inFlight, len(sources), func(ctx context.Context, i int) error {
		defer r.advance("images", 1)
		s := sources[i]
		if err := r.loadImage(ctx, fetcher, s); err != nil {
			return err // cancelled
		}
		if s.err != nil {
			return nil
		}
		var decoded *images.Source
		var decodeErr error
		var held int64 // of budget, while decoded is alive
		defer func() { budget.release(held) }()
		for _, t := range s.tasks {
			t.key = taskKey(s, t, popts)
			t.dir = processedDir(derived, t.key)
			out, bad := readProcessed(derived, t.key)
			if bad != nil {
				r.warn([]diag.Problem{cacheWarning(t.dir, "%v; made again", bad)})
			}
			if out != nil {
				t.out = out
				reused.Add(1)
				continue
			}
			if decoded == nil && decodeErr == nil && held == 0 {
				// Memory before a CPU slot, never the other way round: a
				// decode waiting for memory holds no CPU slot that the
				// decodes holding memory need to finish.
				n, err := budget.acquire(ctx, s.data)
				if err != nil {
					return err
				}
				held = n
			}
			err := r.pools.withCPU(ctx, func() error {
				if decoded == nil && decodeErr == nil {
					decoded, decodeErr = images.Decode(ctx, s.data, im.Limits())
				}
				if decodeErr != nil {
					t.err = decodeErr
					return nil
				}
				t.out, t.err = r.processTask(ctx, decoded, t, popts)
				return nil
			})
			if err != nil {
				return err
			}
			if t.err == nil {
				processed.Add(1)
			}
		}
		s.data = nil // the files are in the cache now
		return nil
	})
	for _, s := range sources {
		switch s.from { // "" for local files and failed fetches
		case fetch.FromNetwork:
			stats.Downloaded++
		case fetch.FromCache:
			stats.Cached++
		case fetch.FromRevalidated:
			stats.Revalidated++
		case fetch.FromStale:
			stats.Stale++
		}
	}
	stats.Processed, stats.Reused = int(processed.Load()), int(reused.Load())
	if err != nil {
		return len(sources), err
	}
	return len(sources), r.writeImages(ctx, refs)
}

// collectImages lists every image of every published post, the distinct
// sources, and the distinct (source, role, focus) tasks.
func (r *run) collectImages() ([][]imageRef, []*imageSource) {
	bySrc := map[string]*imageSource{}
	byTask := map[string]*imageTask{}
	var sources []*imageSource
	refs := make([][]imageRef, len(r.posts))
	add := func(i int, hero bool, src, file string, line int, alt string, focus *post.Focus, field string) {
		key, remote := file, false
		if content.IsRemote(src) {
			key, remote = site.EncodeURL(src), true
		}
		if key == "" {
			return // a local image that was not found: already a problem of the post
		}
		s := bySrc[key]
		if s == nil {
			s = &imageSource{key: key, remote: remote}
			bySrc[key] = s
			sources = append(sources, s)
		}
		tk := fmt.Sprintf("%s\x00%t", key, hero)
		if hero && focus != nil {
			tk += fmt.Sprintf("\x00%g,%g", focus.X, focus.Y)
		}
		t := byTask[tk]
		if t == nil {
			t = &imageTask{src: s, hero: hero, focus: focus}
			byTask[tk] = t
			s.tasks = append(s.tasks, t)
		}
		refs[i] = append(refs[i], imageRef{post: i, hero: hero, src: src, line: line, alt: alt, task: t, field: field})
	}
	for i, st := range r.posts {
		p, files := st.page.Post, r.localFiles[st.page.Post]
		if h := p.Image; h != nil {
			add(i, true, h.Src, files.Hero, h.Line, h.Alt, h.Focus, "image")
		}
		if r.opts.CardsOnly {
			continue // seopipe cards needs the heroes only
		}
		for j, in := range p.InlineImages {
			add(i, false, in.Src, files.Inline[j], in.Line, in.Alt, nil, content.BodyField)
		}
	}
	return refs, sources
}

// loadImage reads a local file or fetches a URL into s. Only ctx's end is
// returned as an error; a failed image is recorded in s.err.
func (r *run) loadImage(ctx context.Context, f *fetch.Fetcher, s *imageSource) error {
	if !s.remote {
		data, err := readLocalImage(os.Open, s.key, int64(r.opts.Config.Images.MaxBytes))
		if err != nil {
			s.err = err
			return nil
		}
		// Not an image at all: images.Decode says so (ErrUnknownFormat).
		sum := sha256.Sum256(data)
		s.data, s.hash = data, hex.EncodeToString(sum[:])
		return nil
	}
	var res *fetch.Result
	err := r.pools.withNet(ctx, func() error {
		var err error
		res, err = f.Fetch(ctx, s.key)
		return err
	})
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		s.err = err
		return nil
	}
	s.data, s.hash, s.from, s.warn = res.Body, res.Hash, res.From, res.Warning
	if d := res.Damaged; d != nil {
		r.warn([]diag.Problem{cacheWarning(d.Entry, "%v; fetched again", d.Err)})
	}
	if res.CacheErr != nil {
		r.cacheWrites.fail(res.CacheErr)
	}
	return nil
}

// readLocalImage reads a local image of at most maxBytes, refusing a larger
// one from its size before reading any of it, and anything but a regular
// file (opening a FIFO would block the build), all before opening it.
func readLocalImage(open func(string) (*os.File, error), file string, maxBytes int64) ([]byte, error) {
	st, err := os.Stat(file)
	switch {
	case err != nil:
		return nil, err
	case !st.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file", filepath.Base(file))
	case st.Size() > maxBytes:
		return nil, fmt.Errorf("file is %s, %w of %s", images.ByteSize(st.Size()), errOverMaxBytes, images.ByteSize(maxBytes))
	}
	f, err := open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may grow after the stat: never read more than the limit.
	data, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err == nil && int64(len(data)) > maxBytes {
		err = fmt.Errorf("file is %w of %s", errOverMaxBytes, images.ByteSize(maxBytes))
	}
	return data, err
}

// errOverMaxBytes is readLocalImage's refusal of a file too large to read.
var errOverMaxBytes = errors.New("over the images.maxBytes limit")

// imageKey is everything a task's files are made from, keyed whole (by
// cache.Keyer.AddValue, every field of images.Options included): an option
// added to images.Options is in every key without a change here.
type imageKey struct {
	Source  string // hex SHA-256 of the source's bytes
	Hero    bool   // a hero also gets a placeholder
	Focus   images.Focus
	Options images.Options
}

// taskKey names a task's derived files.
func taskKey(s *imageSource, t *imageTask, o images.Options) string {
	o, focus := t.options(o)
	return cache.NewKeyer().AddString("images/" + imagesVersion).
		AddValue(imageKey{Source: s.hash, Hero: t.hero, Focus: focus, Options: o}).Sum()
}

// options are what the task is processed with: o for a hero, o without
// crops for an inline image, and the hero's focus.
func (t *imageTask) options(o images.Options) (images.Options, images.Focus) {
	if !t.hero {
		o.Crops = []images.Aspect{} // none (nil would mean the defaults)
	}
	var focus images.Focus
	if t.focus != nil {
		focus = images.Focus{X: t.focus.X, Y: t.focus.Y, Set: true}
	}
	return o, focus
}

// processImage makes a task's files from the decoded source; storeProcessed
// writes them.
func processImage(ctx context.Context, src *images.Source, t *imageTask, o images.Options) (*processedImage, []images.Output, error) {
	o, focus := t.options(o)
	outs, warnings, err := images.Process(ctx, src, o, focus)
	if err != nil {
		return nil, nil, err
	}
	p := &processedImage{Width: src.Width, Height: src.Height, Format: src.Format, Warnings: slices.Concat(src.Warnings, warnings)}
	for _, out := range outs {
		p.Outputs = append(p.Outputs, processedOutput{Kind: out.Kind, Aspect: out.Aspect, Width: out.Width, Height: out.Height,
			Format: out.Format, Bytes: int64(len(out.Data)), Hash: outputName(t.key, out.Kind, out.Aspect, out.Width, out.Format),
			Sum: cache.Sum(out.Data)})
	}
	if t.hero {
		ph := images.MakePlaceholder(src)
		p.Placeholder = &site.Placeholder{Color: ph.Color, DataURI: ph.DataURI}
	}
	return p, outs, nil
}

// storeProcessed writes a task's files and record (p, made of outs) into
// dir: its cache entry, or the run's scratch directory.
func storeProcessed(dir string, p *processedImage, outs []images.Output) error {
	for i, out := range outs {
		if err := writeCacheFile(filepath.Join(dir, p.Outputs[i].fileName("f")), out.Data); err != nil {
			return fmt.Errorf("image cache: %w", err)
		}
	}
	rec, err := json.Marshal(p)
	if err != nil {
		return err
	}
	// The record last: its presence says every file is complete.
	if err := writeCacheFile(filepath.Join(dir, "image.json"), rec); err != nil {
		return fmt.Errorf("image cache: %w", err)
	}
	return nil
}

// processTask makes a task's files and stores them in its cache entry, or,
// when the cache cannot take them, in the run's scratch directory (t.dir).
func (r *run) processTask(ctx context.Context, src *images.Source, t *imageTask, o images.Options) (*processedImage, error) {
	p, outs, err := processImage(ctx, src, t, o)
	if err != nil {
		return nil, err
	}
	if err := storeProcessed(t.dir, p, outs); err != nil {
		r.cacheWrites.fail(err)
		if t.dir, err = r.cacheWrites.scratchDir(t.key); err != nil {
			return nil, err
		}
		if err := storeProcessed(t.dir, p, outs); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// imageStem is the readable part of a file name: the source's base name
// without its extension, slugified.
func imageStem(src string) string {
	base := path.Base(strings.TrimRight(strings.SplitN(strings.SplitN(src, "?", 2)[0], "#", 2)[0], "/"))
	if u, err := url.PathUnescape(base); err == nil {
		base = u // "Cloud%20Hall.jpg" reads as "cloud-hall"
	}
	base = strings.TrimSuffix(base, path.Ext(base))
	if s := post.Slugify(base); s != "" {
		if len(s) > 60 {
			s = strings.TrimRight(s[:60], "-")
		}
		return s
	}
	return "image"
}

// writeImages copies each post's files into images/<key>/, reports each
// failed image as a problem of its post, and records the ImageSets.
func (r *run) writeImages(ctx context.Context, refs [][]imageRef) error {
	cfg := r.opts.Config
	base := cfg.Images.BaseURL
	if base == "" {
		base = site.EncodeURL(cfg.Site.URL)
	}
	sev := diag.Error
	if cfg.Images.OnError == "warn" {
		sev = diag.Warning
	}
	var files atomic.Int64
	var failed atomic.Int64
	err := r.pools.eachFile(ctx, len(refs), func(_ context.Context, i int) error {
		pg, p := r.posts[i].page, r.posts[i].page.Post
		var sets []*site.ImageSet
		var probs []diag.Problem
		written := map[string]bool{}
		for _, ref := range refs[i] {
			t := ref.task
			err := t.src.err
			if err == nil {
				err = t.err
			}
			if err != nil {
				failed.Add(1)
				probs = append(probs, diag.Problem{Path: p.Source, Line: ref.line, Field: ref.field,
					Message: imageMessage(ref, err.Error()), Severity: sev})
				continue
			}
			if t.src.warn != "" {
				probs = append(probs, diag.Problem{Path: p.Source, Line: ref.line, Field: ref.field,
					Message: imageMessage(ref, "using the cached copy: "+t.src.warn), Severity: diag.Warning})
			}
			for _, w := range t.out.Warnings {
				probs = append(probs, diag.Problem{Path: p.Source, Line: ref.line, Field: ref.field,
					Message: imageMessage(ref, w), Severity: diag.Warning})
			}
			set := &site.ImageSet{Role: "inline", Src: ref.src, Line: ref.line, Hash: t.src.hash,
				Width: t.out.Width, Height: t.out.Height, Format: t.out.Format, Alt: ref.alt, Placeholder: t.out.Placeholder}
			if ref.hero {
				set.Role = "hero"
			}
			set.SourceURL = r.imageURL(r.site, r.site.Under(pg.Path), ref.src)
			stem := imageStem(ref.src)
			dir := "images/" + pg.Key + "/"
			for _, o := range t.out.Outputs {
				name := o.fileName(stem)
				rel := dir + name
				// The URL has the key escaped ("?", "#", "%" are allowed in slugs).
				u := base + "images/" + url.PathEscape(pg.Key) + "/" + url.PathEscape(name)
				v := site.Variant{URL: site.EncodeURL(u), Width: o.Width, Height: o.Height, Bytes: o.Bytes, Format: o.Format, Aspect: o.Aspect, Path: rel,
					File: filepath.Join(t.dir, o.fileName("f"))}
				if o.Kind == "crop" {
					set.Crops = append(set.Crops, v)
				} else {
					set.Variants = append(set.Variants, v)
				}
				if written[rel] || r.opts.CardsOnly {
					continue // seopipe cards reads the heroes, writes no images
				}
				written[rel] = true
				// The name holds the hash of every input: a file of that
				// name and size from an earlier build is these bytes.
				if kept, err := r.tx.Keep(rel, o.Bytes); err != nil {
					return err
				} else if kept {
					files.Add(1)
					continue
				}
				file := filepath.Join(t.dir, o.fileName("f"))
				data, err := cache.ReadRegular(file)
				if err == nil {
					err = cache.CheckData(file, data, o.Bytes, o.Sum) // changed since the images step checked it
				}
				if err != nil {
					return fmt.Errorf("image cache: %w", err)
				}
				if err := r.tx.WriteFile(rel, data); err != nil {
					return err
				}
				r.wroteImages.Store(rel, digest(data))
				files.Add(1)
			}
			sets = append(sets, set)
		}
		r.posts[i].images = sets
		r.warn(probs) // not r.problem: the post is still built
		return nil
	})
	r.res.Images.Files = int(files.Load())
	r.res.Images.Failed = int(failed.Load())
	return err
}

// rewriteBody is html, a post's body, with its images pointed at their
// processed files.
func rewriteBody(html string, sets []*site.ImageSet) string {
	if html == "" || len(sets) == 0 {
		return html
	}
	bySrc := make(map[string]*site.ImageSet, len(sets))
	for _, s := range sets {
		if s.Role == "inline" || bySrc[site.EncodeURL(s.Src)] == nil {
			bySrc[site.EncodeURL(s.Src)] = s
		}
	}
	return picture.Rewrite(html, func(src string) *site.ImageSet { return bySrc[site.EncodeURL(src)] })
}

// heroSet is the post's processed hero, or nil.
func heroSet(sets []*site.ImageSet) *site.ImageSet {
	for _, s := range sets {
		if s.Role == "hero" {
			return s
		}
	}
	return nil
}

// imageMessage says what happened to ref's image: the URL (or path) and
// msg, without naming the URL twice when msg already does ("GET <url>: 404
// Not Found"), and with "image" first for an image of the body, whose field
// (body) does not say it is one: "image: x.png: …" for the hero, "body:
// image x.png: …" for the others.
func imageMessage(ref imageRef, msg string) string {
	if !strings.Contains(msg, ref.src) && !strings.Contains(msg, site.EncodeURL(ref.src)) {
		msg = ref.src + ": " + msg
	}
	if !ref.hero {
		msg = "image " + msg
	}
	return msg
}
