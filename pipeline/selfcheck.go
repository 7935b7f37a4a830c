package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/outfs"
	"github.com/seopipe/seopipe/internal/version"
	"github.com/seopipe/seopipe/verify"
)

// selfCheck verifies the committed output (verify) and adds what it finds
// to the result. Verifying is a function of the output files alone: when
// this run changed none of them (removed counts the stale files it
// deleted) and the last verification saw these very files (names, sizes,
// modification times), its finding stands. Otherwise only the posts whose
// own files changed are read again (checkPosts).
func (r *run) selfCheck(ctx context.Context, removed int) error {
	opts := r.opts
	digest, err := r.outputDigest(ctx, r.res.Files, r.tx.Kept())
	if err != nil {
		return err
	}
	if prev, ok := readVerified(opts.CacheDir, opts.OutDir); ok && r.res.Written == 0 && removed == 0 && prev.Digest == digest {
		r.res.OutputProblems = append(r.res.OutputProblems, prev.Problems...)
		r.res.VerifyReused, r.res.FindingsReused = true, len(r.posts)
		return nil
	}
	vc := r.verifyCache()
	fsys := os.DirFS(opts.OutDir)
	// The sitemap is decoded while posts.json is read: on a large site
	// each takes about as long as the other.
	dc := make(chan *verify.Decoded, 1)
	go func() { dc <- verify.Decode(fsys) }()
	m, err := verify.ReadManifest(fsys, vc.entries)
	decoded := <-dc
	if err != nil {
		return err
	}
	cats := []string{} // the category feeds this build wrote; none is not all
	for _, f := range r.res.Files {
		if strings.HasPrefix(f, "category/") && strings.HasSuffix(f, "/feed.xml") {
			cats = append(cats, f)
		}
	}
	v, err := verify.NewFrom(fsys, verify.Options{Now: opts.Now, Clock: r.wallClock, CategoryFeeds: cats}, m, decoded)
	if err != nil {
		return err
	}
	// The entries are saved while the posts are checked.
	saved := make(chan struct{})
	go func() {
		defer close(saved)
		r.saveEntries(vc.entries, m.Entries())
	}()
	defer func() { <-saved }()
	if err := r.checkPosts(ctx, v, vc.records); err != nil {
		return err
	}
	probs := v.Problems()
	r.res.OutputProblems = append(r.res.OutputProblems, probs...)
	return writeVerified(opts.CacheDir, opts.OutDir, verified{Digest: digest, Problems: probs})
}

// verified is what the last verification of an output directory found,
// and a digest of the files it looked at.
type verified struct {
	Digest   string         `json:"digest"`
	Problems []diag.Problem `json:"problems"`
}

func verifiedRecord(cacheDir, outDir string) string {
	return outDirRecord(cacheDir, outDir, ".verified.json")
}

// outputDigest is a digest of the output files' names, sizes and
// modification times: it changes when any file is written, replaced or
// touched, by seopipe or anyone else. files is sorted. kept are the stamps
// of files the run kept after looking at them: they are not looked at
// again. The others are looked at on the files pool (after a build into
// an empty directory, 20,000 stats one after another took ~110 ms).
func (r *run) outputDigest(ctx context.Context, files []string, kept map[string]outfs.Stamp) (string, error) {
	lines := make([]string, len(files))
	err := r.pools.eachFile(ctx, len(files), func(_ context.Context, i int) error {
		rel := files[i]
		if k, ok := kept[rel]; ok {
			lines[i] = fmt.Sprintf("%s\x00%d\x00%d\n", rel, k.Size, k.Mod)
			return nil
		}
		st, err := os.Stat(filepath.Join(r.opts.OutDir, filepath.FromSlash(rel)))
		if err != nil {
			lines[i] = rel + "\x00missing\n"
			return nil
		}
		lines[i] = fmt.Sprintf("%s\x00%d\x00%d\n", rel, st.Size(), st.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		return "", err
	}
	// The binary too: another one may check for more (its verdict on
	// these very files is its own).
	h := sha256.New()
	io.WriteString(h, version.Build()+"\n")
	for _, l := range lines {
		io.WriteString(h, l)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
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
const verifyRecordFormat = "seopipe verify records 3"

// verifyRecordDir is the sharded store of the verify records for outDir,
// by verify.Checker.PostKey.
func verifyRecordDir(cacheDir, outDir string) string {
	return outDirRecord(cacheDir, outDir, ".verify")
}

// entriesFormat names the layout of the posts.json entries the last
// self-check read (verify.Entry), kept in a sharded store by the hex
// SHA-256 of each entry's bytes: a self-check decodes only the entries
// that changed.
const entriesFormat = "seopipe verify entries 2"

func verifyEntriesDir(cacheDir, outDir string) string {
	return outDirRecord(cacheDir, outDir, ".entries")
}

// verifyCached is what the last self-check into this output directory
// kept: the posts.json entries it read and its post records.
type verifyCached struct {
	entries map[string]*verify.Entry
	records map[string]*verify.PostRecord
}

func readVerifyCache(cacheDir, outDir string) verifyCached {
	if cacheDir == "" {
		return verifyCached{}
	}
	return verifyCached{
		entries: readShards[*verify.Entry](verifyEntriesDir(cacheDir, outDir), entriesFormat),
		records: readShards[*verify.PostRecord](verifyRecordDir(cacheDir, outDir), verifyRecordFormat),
	}
}

// verifyCache returns the self-check's cache: as verifyCacheStep read it,
// or read now.
func (r *run) verifyCache() verifyCached {
	if r.verifyCached == nil {
		return readVerifyCache(r.opts.CacheDir, r.opts.OutDir)
	}
	return *r.verifyCached
}

// saveEntries rewrites the shards of the entries store where an entry
// came or went. Failing only makes the next check slower: a warning.
func (r *run) saveEntries(prev, cur map[string]*verify.Entry) {
	if r.opts.CacheDir == "" {
		return
	}
	var changed shards
	for k := range cur {
		if prev[k] == nil {
			changed.mark(k)
		}
	}
	for k := range prev {
		if cur[k] == nil {
			changed.mark(k)
		}
	}
	if !changed.any() {
		return
	}
	if err := writeShards(verifyEntriesDir(r.opts.CacheDir, r.opts.OutDir), entriesFormat, cur, changed); err != nil {
		r.problem(cacheWarning(r.opts.CacheDir, "verify entries: %v", err))
	}
}

// checkPosts checks every post's own files, taking the last build's
// finding for a post whose files and posts.json facts are unchanged, and
// keeps the findings for the next build. Each check mostly reads two small
// files: the files pool.
//
// A file is unchanged when its stamp is the one the finding recorded (and
// was not racy); or, failing that, when this run knows its bytes — it
// wrote them, or compared them — and they are the bytes the finding read
// (FileStamp.Sum). That lets a build into an emptied output directory (a
// CI job with its cache restored) take the findings of the build before;
// such a finding is stamped again, with the files as they are now, for
// the next build. This trusts that no one else changed a file between the
// commit and the check, as the post records do.
func (r *run) checkPosts(ctx context.Context, v *verify.Checker, prev map[string]*verify.PostRecord) error {
	kept := r.tx.Kept()
	stamp := func(name string) verify.FileStamp {
		if k, ok := kept[name]; ok {
			return verify.FileStamp{Name: name, Size: k.Size, Mod: k.Mod}
		}
		return v.Stamp(name)
	}
	known := r.knownSums()
	recs := make([]*verify.PostRecord, v.Posts())
	checked := make([]bool, v.Posts())
	restamped := make([]bool, v.Posts())
	err := r.pools.eachFile(ctx, v.Posts(), func(_ context.Context, i int) error {
		if rec := prev[v.PostKey(i)]; rec != nil {
			// A finding taken on content is stamped again for the next
			// build, as CheckPostRecord stamps: the clock, then the files.
			at := r.wallClock()
			var now []verify.FileStamp
			byContent := false
			unchanged := func(f verify.FileStamp) bool {
				cur := stamp(f.Name)
				cur.Sum = f.Sum
				ok, content := unchangedFile(f, cur, time.Unix(0, rec.Checked), known)
				if _, wasKept := kept[f.Name]; ok && content && wasKept {
					// A kept file's stamp is older than the clock: a file
					// judged on its content must still have it now.
					if fresh := v.Stamp(f.Name); fresh.Size != cur.Size || fresh.Mod != cur.Mod {
						return false
					}
				}
				byContent = byContent || content
				now = append(now, cur)
				return ok
			}
			if v.ReusePost(i, rec, unchanged) == nil {
				if byContent {
					re := *rec
					re.Checked, re.Files = at.UnixNano(), now
					rec, restamped[i] = &re, true
				}
				recs[i] = rec
				return nil
			}
		}
		if r.opts.CacheDir == "" {
			// No record is kept: none to make (it would read the images
			// whole for their digests).
			v.CheckPost(i)
			checked[i] = true
			return nil
		}
		recs[i], checked[i] = v.CheckPostRecord(i), true
		return nil
	})
	if err != nil {
		return err
	}
	var changed shards
	m := make(map[string]*verify.PostRecord, len(recs))
	for i, rec := range recs {
		if checked[i] {
			r.res.PostsVerified++
		} else if rec != nil {
			r.res.FindingsReused++
		}
		if rec == nil {
			continue
		}
		m[rec.Key] = rec
		if checked[i] || restamped[i] {
			changed.mark(rec.Key)
		}
	}
	for k := range prev {
		if m[k] == nil {
			changed.mark(k)
		}
	}
	if r.opts.CacheDir == "" || !changed.any() {
		return nil
	}
	if err := writeShards(verifyRecordDir(r.opts.CacheDir, r.opts.OutDir), verifyRecordFormat, m, changed); err != nil {
		// Only the next build is slower for it.
		r.problem(cacheWarning(r.opts.CacheDir, "verify records: %v", err))
	}
	return nil
}

// unchangedFile reports whether f, a file as a verify record stamped it,
// is unchanged now that it is cur (cur.Sum is f's), and whether that was
// judged by content rather than by the stamp. A stamp that is the same and
// not racy (see fileStamp) stands; otherwise the size must be the same,
// and the file's bytes known (known, by name) to be the ones the record
// read.
func unchangedFile(f, cur verify.FileStamp, checked time.Time, known map[string]string) (ok, byContent bool) {
	if cur == f && !racy(f.Mod, checked) {
		return true, false
	}
	if cur.Size < 0 || cur.Size != f.Size || f.Sum == "" {
		return false, false
	}
	sum, ok := known[f.Name]
	return ok && sum == f.Sum, true
}

// knownSums returns the digests of the output files whose bytes this run
// knows, by name: the SEO files it wrote, and, for a post one of whose
// files was racy (compared by content), those it kept (the others on a
// stamp that had not changed); and the images and cards it wrote.
func (r *run) knownSums() map[string]string {
	n := 0
	for _, st := range r.posts {
		if st.rec != nil {
			n += len(st.rec.sums)
		}
	}
	known := make(map[string]string, n)
	for _, st := range r.posts {
		if st.rec != nil {
			maps.Copy(known, st.rec.sums)
		}
	}
	r.wroteImages.Range(func(rel, sum any) bool {
		known[rel.(string)] = sum.(string)
		return true
	})
	return known
}
