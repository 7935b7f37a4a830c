package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"os"
	"path/filepath"
	"strings"

	"github.com/seopipe/seopipe/internal/buildcache"
	"github.com/seopipe/seopipe/internal/outfs"
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
	if prev, ok := buildcache.ReadVerified(opts.CacheDir, opts.OutDir); ok && r.res.Written == 0 && removed == 0 && prev.Digest == digest {
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
	m, err := verify.ReadManifest(fsys, vc.Entries)
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
		if err := buildcache.SaveVerifyEntries(opts.CacheDir, opts.OutDir, vc.Entries, m.Entries()); err != nil {
			// Only the next check is slower for it.
			r.problem(cacheWarning(opts.CacheDir, "%v", err))
		}
	}()
	defer func() { <-saved }()
	if err := r.checkPosts(ctx, v, vc.Records); err != nil {
		return err
	}
	probs := v.Problems()
	r.res.OutputProblems = append(r.res.OutputProblems, probs...)
	return buildcache.WriteVerified(opts.CacheDir, opts.OutDir, buildcache.Verified{Digest: digest, Problems: probs})
}

// outputDigest is buildcache.OutputDigest of the output files (sorted).
// kept are the stamps of files the run kept after looking at them: they
// are not looked at again. The others are looked at on the files pool
// (after a build into an empty directory, 20,000 stats one after another
// took ~110 ms).
func (r *run) outputDigest(ctx context.Context, files []string, kept map[string]outfs.Stamp) (string, error) {
	stats := make([]buildcache.OutputStat, len(files))
	err := r.pools.eachFile(ctx, len(files), func(_ context.Context, i int) error {
		rel := files[i]
		if k, ok := kept[rel]; ok {
			stats[i] = buildcache.OutputStat{Rel: rel, Size: k.Size, Mod: k.Mod}
			return nil
		}
		st, err := os.Stat(filepath.Join(r.opts.OutDir, filepath.FromSlash(rel)))
		if err != nil {
			stats[i] = buildcache.OutputStat{Rel: rel, Missing: true}
			return nil
		}
		stats[i] = buildcache.OutputStat{Rel: rel, Size: st.Size(), Mod: st.ModTime().UnixNano()}
		return nil
	})
	if err != nil {
		return "", err
	}
	return buildcache.OutputDigest(stats), nil
}

// verifyCache returns the self-check's cache: as verifyCacheStep read it,
// or read now.
func (r *run) verifyCache() buildcache.VerifyCache {
	if r.verifyCached == nil {
		return buildcache.ReadVerifyCache(r.opts.CacheDir, r.opts.OutDir, decodeEach)
	}
	return *r.verifyCached
}

// checkPosts checks every post's own files, taking the last build's
// finding where it stands (buildcache.Findings), on the files pool.
func (r *run) checkPosts(ctx context.Context, v *verify.Checker, prev map[string]*verify.PostRecord) error {
	f := buildcache.NewFindings(r.opts.CacheDir, r.opts.OutDir, v, prev, r.tx.Kept(), r.knownSums(), r.wallClock)
	err := r.pools.eachFile(ctx, v.Posts(), func(_ context.Context, i int) error {
		f.Check(i)
		return nil
	})
	if err != nil {
		return err
	}
	checked, reused, err := f.Save()
	r.res.PostsVerified += checked
	r.res.FindingsReused += reused
	if err != nil {
		// Only the next build is slower for it.
		r.problem(cacheWarning(r.opts.CacheDir, "%v", err))
	}
	return nil
}

// knownSums returns the digests of the output files whose bytes this run
// knows, by name: the SEO files it wrote, and, for a post one of whose
// files was racy (compared by content), those it kept (the others on a
// stamp that had not changed); and the images and cards it wrote.
func (r *run) knownSums() map[string]string {
	n := 0
	for _, st := range r.posts {
		if st.rec != nil {
			n += len(st.rec.Sums())
		}
	}
	known := make(map[string]string, n)
	for _, st := range r.posts {
		if st.rec != nil {
			maps.Copy(known, st.rec.Sums())
		}
	}
	r.wroteImages.Range(func(rel, sum any) bool {
		known[rel.(string)] = sum.(string)
		return true
	})
	return known
}

// digest is the hex SHA-256 of b: what the self-check knows of a file this
// run wrote (knownSums), and what a post record stamps it with.
func digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
