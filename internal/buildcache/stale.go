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

// Recorded lists the files RemoveStale recorded for the builds into outDir,
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

// RemoveStale deletes the files the previous build into outDir wrote and
// this one did not — the seo/ files of a removed post, sitemap-3.xml after
// the site shrank, a news sitemap with no post left in its window, .gz
// copies after sitemap.gzip was turned off — then records this build's
// files for the next one. Only files seopipe itself wrote are ever removed;
// directories left empty go too. Called after Commit, so a failed run never
// deletes anything. written is sorted.
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
func RemoveStale(cacheDir, outDir string, written []string, scope string, remove bool, named []byte) (removed []string, err error) {
	if cacheDir == "" {
		return nil, nil // nowhere to remember what was written
	}
	record := outputsRecord(cacheDir, outDir)
	sealed, err := cache.ReadRegular(record)
	if err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, cache.ErrNotRegular) {
		return nil, fmt.Errorf("output record: %w", err)
	}
	prev, ok := cache.Unseal(sealed)
	if !ok {
		// No record yet (a first build, or a cache dir that was cleared),
		// or one whose bytes changed (it could name any file): the
		// sitemap files are unmistakably ours, and so are the files the
		// last posts.json named.
		prev = append(ownSitemaps(outDir), named...)
	}
	var errs []error
	var retry []string // stale files that would not go: tried again next time
	var keep []string  // files outside this run's scope, still recorded
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
			keep = append(keep, rel) // not this run's to judge
			continue
		}
		p := filepath.Join(outDir, filepath.FromSlash(rel))
		if st, err := os.Lstat(p); err != nil || !st.Mode().IsRegular() {
			continue
		}
		if err := os.Remove(p); err != nil {
			errs = append(errs, fmt.Errorf("removing stale %s: %w", rel, err))
			retry = append(retry, rel)
			continue
		}
		removed = append(removed, rel)
		// Drop directories this left empty, up to the output dir.
		for d := filepath.Dir(p); d != outDir && strings.HasPrefix(d, outDir); d = filepath.Dir(d) {
			if os.Remove(d) != nil {
				break
			}
		}
	}
	var list bytes.Buffer
	all := slices.Concat(written, retry, keep)
	slices.Sort(all)
	for _, f := range slices.Compact(all) {
		list.WriteString(f)
		list.WriteByte('\n')
	}
	if err := outfs.WriteFileAtomic(record, cache.Seal(list.Bytes())); err != nil {
		errs = append(errs, fmt.Errorf("output record: %w", err))
	}
	return removed, errors.Join(errs...)
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
// outDir names, for RemoveStale when no record lists the previous build's
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
