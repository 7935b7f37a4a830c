package pipeline

import (
	"bufio"
	"bytes"
	"context"
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
	"sync/atomic"
	"time"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/outfs"
	"github.com/seopipe/seopipe/verify"
)

// outputsRecord is where the list of files a build wrote into outDir is
// kept between runs: in the cache dir, one file per output dir.
func outputsRecord(cacheDir, outDir string) string {
	abs, err := filepath.Abs(outDir)
	if err != nil {
		abs = outDir
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cacheDir, "outputs", hex.EncodeToString(sum[:8])+".txt")
}

// removeStale deletes the files the previous build into outDir wrote and
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
func removeStale(cacheDir, outDir string, written []string, scope string, remove bool) (removed int, err error) {
	if cacheDir == "" {
		return 0, nil // nowhere to remember what was written
	}
	record := outputsRecord(cacheDir, outDir)
	prev, err := os.ReadFile(record)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("output record: %w", err)
	}
	if errors.Is(err, fs.ErrNotExist) {
		// No record yet (a first build, or a cache dir that was cleared):
		// the sitemap files are unmistakably ours, so they are checked.
		prev = ownSitemaps(outDir)
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
		removed++
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
	if err := outfs.WriteFileAtomic(record, list.Bytes()); err != nil {
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

// verified is what the last verification of an output directory found,
// and a digest of the files it looked at.
type verified struct {
	Digest   string            `json:"digest"`
	Problems []content.Problem `json:"problems"`
}

func verifiedRecord(cacheDir, outDir string) string {
	return strings.TrimSuffix(outputsRecord(cacheDir, outDir), ".txt") + ".verified.json"
}

// outputDigest is a digest of the output files' names, sizes and
// modification times: it changes when any file is written, replaced or
// touched, by seopipe or anyone else. files is sorted. kept are the stamps
// of files the run kept after looking at them: they are not looked at again.
func outputDigest(outDir string, files []string, kept map[string]outfs.Stamp) string {
	h := sha256.New()
	for _, rel := range files {
		if k, ok := kept[rel]; ok {
			fmt.Fprintf(h, "%s\x00%d\x00%d\n", rel, k.Size, k.Mod)
			continue
		}
		st, err := os.Stat(filepath.Join(outDir, filepath.FromSlash(rel)))
		if err != nil {
			fmt.Fprintf(h, "%s\x00missing\n", rel)
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", rel, st.Size(), st.ModTime().UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil))
}

func readVerified(cacheDir, outDir string) (verified, bool) {
	var v verified
	if cacheDir == "" {
		return v, false
	}
	data, err := os.ReadFile(verifiedRecord(cacheDir, outDir))
	if err != nil || json.Unmarshal(data, &v) != nil || v.Digest == "" {
		return verified{}, false
	}
	return v, true
}

func writeVerified(cacheDir, outDir string, v verified) error {
	if cacheDir == "" {
		return nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(verifiedRecord(cacheDir, outDir)), 0o755); err != nil {
		return fmt.Errorf("verify record: %w", err)
	}
	if err := outfs.WriteFileAtomic(verifiedRecord(cacheDir, outDir), data); err != nil {
		return fmt.Errorf("verify record: %w", err)
	}
	return nil
}

// verifyRecordFormat names the layout of the per-post verify records.
const verifyRecordFormat = "seopipe verify records 1"

func verifyRecordPath(cacheDir, outDir string) string {
	return strings.TrimSuffix(outputsRecord(cacheDir, outDir), ".txt") + ".verify.gob"
}

// checkPosts checks every post's own files, taking the last build's
// finding for a post whose files and posts.json facts are unchanged, and
// keeps the findings for the next build. Each check mostly reads two small
// files: the files pool.
func (r *run) checkPosts(ctx context.Context, v *verify.Checker) error {
	var prev map[string]*verify.PostRecord
	if r.opts.CacheDir != "" {
		_, prev = readGob[noHeader, *verify.PostRecord](verifyRecordPath(r.opts.CacheDir, r.opts.OutDir), verifyRecordFormat)
	}
	kept := r.tx.Kept()
	stamp := func(name string) verify.FileStamp {
		if k, ok := kept[name]; ok {
			return verify.FileStamp{Name: name, Size: k.Size, Mod: k.Mod}
		}
		return v.Stamp(name)
	}
	recs := make([]*verify.PostRecord, v.Posts())
	var checked atomic.Int64
	err := r.pools.eachFile(ctx, v.Posts(), func(_ context.Context, i int) error {
		if rec := prev[v.PostKey(i)]; rec != nil {
			// A file stamped moments after it changed is racy (see
			// fileStamp): its post is checked again.
			unchanged := func(f verify.FileStamp) bool {
				return !racy(f.Mod, time.Unix(0, rec.Checked)) && stamp(f.Name) == f
			}
			if v.ReusePost(i, rec, unchanged) == nil {
				recs[i] = rec
				return nil
			}
		}
		recs[i] = v.CheckPostRecord(i)
		checked.Add(1)
		return nil
	})
	if err != nil || r.opts.CacheDir == "" {
		return err
	}
	r.res.PostsVerified = int(checked.Load())
	m := make(map[string]*verify.PostRecord, len(recs))
	for _, rec := range recs {
		if rec != nil {
			m[rec.Key] = rec
		}
	}
	if checked.Load() == 0 && len(m) == len(prev) {
		return nil
	}
	if err := writeGob(verifyRecordPath(r.opts.CacheDir, r.opts.OutDir), verifyRecordFormat, noHeader{verifyRecordFormat}, m); err != nil {
		// Only the next build is slower for it.
		r.problem(content.Problem{Path: r.opts.CacheDir, Severity: content.Warning, Message: fmt.Sprintf("verify records: %v", err)})
	}
	return nil
}
