package buildcache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/seopipe/seopipe/internal/cache"
	"github.com/seopipe/seopipe/internal/outfs"
	"github.com/seopipe/seopipe/post"
)

// outDirRecord is where a record about the builds into outDir is kept
// between runs: in the cache dir, named after the output dir, ending in
// ext (".txt" for the list of files, outputsRecord).
func outDirRecord(cacheDir, outDir, ext string) string {
	abs, err := filepath.Abs(outDir)
	if err != nil {
		abs = outDir
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cacheDir, "outputs", hex.EncodeToString(sum[:8])+ext)
}

// outputsRecord is where the list of files a build wrote into outDir is kept.
func outputsRecord(cacheDir, outDir string) string { return outDirRecord(cacheDir, outDir, ".txt") }

// Recorded lists the files Stale.Save recorded for the builds into outDir,
// sorted; none when there is no record.
func Recorded(cacheDir, outDir string) ([]string, error) {
	if cacheDir == "" {
		return nil, nil
	}
	sealed, err := cache.ReadRegular(outputsRecord(cacheDir, outDir))
	if err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, cache.ErrNotRegular) {
		return nil, fmt.Errorf("output record: %w", err)
	}
	data, _ := cache.Unseal(sealed) // a damaged record lists nothing
	return strings.FieldsFunc(string(data), func(r rune) bool { return r == '\n' }), nil
}

// Stale is what PlanStale found: the stale files to remove in the
// commit, and the record of this build's files to save after it.
type Stale struct {
	// Remove are the stale files there now, sorted.
	Remove []string

	record  string
	prev    []byte   // the record as it was; nil when there was none
	written []string // sorted
	keep    []string // files outside this run's scope, still recorded
}

// PlanStale finds the files the previous build into outDir wrote and
// this one did not — the seo/ files of a removed post, sitemap-3.xml after
// the site shrank, a news sitemap with no post left in its window, .gz
// copies after sitemap.gzip was turned off — for the caller to remove in its
// commit (outfs.Tx.Remove), and Save then records this build's files for
// the next one. Only files seopipe itself wrote are ever removed (and the
// directories that leaves empty, by outfs); a run that fails before its
// commit removes nothing. written is sorted. With no cache dir the plan
// is empty.
//
// A run that writes only part of the output (seopipe cards) passes the
// part as scope ("cards/"): only files under it can be stale, and the rest
// of the record is kept for the next full build. With remove false nothing
// is deleted (seopipe cards --only: the other posts' cards are not stale)
// and the record only gains this run's files.
//
// Without a record (a first build, or a cache dir that was cleared), the
// files named (Unrecorded: what the previous build's posts.json names)
// and the sitemap files are the previous build's.
func PlanStale(cacheDir, outDir string, written []string, scope string, remove bool, named []byte) (*Stale, error) {
	if cacheDir == "" {
		return &Stale{}, nil // nowhere to remember what was written
	}
	s := &Stale{record: outputsRecord(cacheDir, outDir), written: written}
	sealed, err := cache.ReadRegular(s.record)
	if err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, cache.ErrNotRegular) {
		return nil, fmt.Errorf("output record: %w", err)
	}
	prev, ok := cache.Unseal(sealed)
	s.prev = prev
	if !ok {
		// No record yet (a first build, or a cache dir that was cleared),
		// or one whose bytes changed (it could name any file): the
		// sitemap files are unmistakably ours, and so are the files the
		// last posts.json named.
		prev = append(ownSitemaps(outDir), named...)
	}
	sc := bufio.NewScanner(bytes.NewReader(prev))
	for sc.Scan() {
		rel := sc.Text()
		if rel == "" || !filepath.IsLocal(filepath.FromSlash(rel)) {
			continue
		}
		if _, ok := slices.BinarySearch(written, rel); ok {
			continue
		}
		if !remove || !strings.HasPrefix(rel, scope) {
			s.keep = append(s.keep, rel) // not this run's to judge
			continue
		}
		p := filepath.Join(outDir, filepath.FromSlash(rel))
		if st, err := os.Lstat(p); err != nil || !st.Mode().IsRegular() {
			continue
		}
		s.Remove = append(s.Remove, rel)
	}
	slices.Sort(s.Remove)
	s.Remove = slices.Compact(s.Remove)
	return s, nil
}

// Widen, before the commit, adds this build's files to the record when
// it lacks some: a run killed after its commit, before Save, must not
// leave files in the output that no record names (the next build, whose
// commit completes this one's, would never remove them).
func (s *Stale) Widen() error {
	if s.record == "" {
		return nil
	}
	have := map[string]bool{}
	for _, rel := range strings.Split(string(s.prev), "\n") {
		have[rel] = true
	}
	if !slices.ContainsFunc(s.written, func(rel string) bool { return !have[rel] }) {
		return nil // an unchanged site: every file is recorded already
	}
	return s.write(slices.Concat(strings.FieldsFunc(string(s.prev), func(r rune) bool { return r == '\n' }), s.Remove, s.keep, s.written))
}

// Save records this build's files for the next, with the files it kept
// out of scope and the stale ones that would not go (failed), tried again
// next time.
func (s *Stale) Save(failed []string) error {
	if s.record == "" {
		return nil
	}
	return s.write(slices.Concat(s.written, failed, s.keep))
}

func (s *Stale) write(files []string) error {
	var list bytes.Buffer
	slices.Sort(files)
	for _, f := range slices.Compact(files) {
		list.WriteString(f)
		list.WriteByte('\n')
	}
	if err := outfs.WriteFileAtomic(s.record, cache.Seal(list.Bytes())); err != nil {
		return fmt.Errorf("output record: %w", err)
	}
	return nil
}

// ownSitemapRE matches the sitemap files seopipe writes at the top of the
// output directory.
var ownSitemapRE = regexp.MustCompile(`^sitemap(-news|-[0-9]+)?\.xml(\.gz)?$`)

// ownSitemaps lists, one a line, the files in outDir that ownSitemapRE matches.
func ownSitemaps(outDir string) []byte {
	entries, err := os.ReadDir(outDir)
	if err != nil {
		return nil
	}
	var b bytes.Buffer
	for _, e := range entries {
		if e.Type().IsRegular() && ownSitemapRE.MatchString(e.Name()) {
			b.WriteString(e.Name() + "\n")
		}
	}
	return b.Bytes()
}

// Unrecorded is ownFromManifest(outDir) when the cache has no record of
// the files the builds into outDir wrote; else nil. It must be read before
// a commit replaces posts.json.
func Unrecorded(cacheDir, outDir string) []byte {
	if cacheDir == "" {
		return nil // nothing is removed without a cache dir
	}
	if sealed, err := cache.ReadRegular(outputsRecord(cacheDir, outDir)); err == nil {
		if _, ok := cache.Unseal(sealed); ok {
			return nil
		}
	}
	return ownFromManifest(outDir)
}

// ownFromManifest lists, one a line, the files that the posts.json in
// outDir names, for PlanStale when no record lists the previous build's
// files: each post's SEO files, image variants and crops and cards,
// cards/index.html with them, and the feed of each post's category that
// is there. It must be read before a commit replaces posts.json. Nothing
// (a first build, or no readable posts.json) is nil.
func ownFromManifest(outDir string) []byte {
	data, err := os.ReadFile(filepath.Join(outDir, "posts.json"))
	if err != nil {
		return nil
	}
	var m struct {
		Posts []struct {
			Category string `json:"category"`
			SEO      *struct {
				Head    string `json:"head"`
				JSONLD  string `json:"jsonld"`
				Picture string `json:"picture"`
			} `json:"seo"`
			Images []struct {
				Variants, Crops []struct {
					Path string `json:"path"`
				}
			} `json:"images"`
			Cards []struct {
				Path string `json:"path"`
			} `json:"cards"`
		} `json:"posts"`
	}
	if json.Unmarshal(data, &m) != nil {
		return nil
	}
	var b bytes.Buffer
	add := func(rel string) {
		if rel != "" {
			b.WriteString(rel + "\n")
		}
	}
	cards := false
	for _, p := range m.Posts {
		if p.SEO != nil {
			add(p.SEO.Head)
			add(p.SEO.JSONLD)
			add(p.SEO.Picture)
		}
		for _, set := range p.Images {
			for _, v := range slices.Concat(set.Variants, set.Crops) {
				add(v.Path)
			}
		}
		for _, c := range p.Cards {
			add(c.Path)
			cards = true
		}
		if slug := post.Slugify(p.Category); slug != "" {
			feed := "category/" + slug + "/feed.xml"
			if st, err := os.Lstat(filepath.Join(outDir, filepath.FromSlash(feed))); err == nil && st.Mode().IsRegular() {
				add(feed)
			}
		}
	}
	if cards {
		add("cards/index.html")
	}
	return b.Bytes()
}
