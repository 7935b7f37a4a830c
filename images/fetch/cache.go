package fetch

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	"github.com/seopipe/seopipe/images/imgformat"
	"github.com/seopipe/seopipe/internal/cache"
	"github.com/seopipe/seopipe/internal/outfs"
)

// metaVersion is the layout of meta files; another version is a miss.
const metaVersion = 1

// meta is one URL's record in CacheDir/meta.
type meta struct {
	Version      int       `json:"version"`
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"lastModified,omitempty"`
	FetchedAt    time.Time `json:"fetchedAt"` // last download or revalidation
	Hash         string    `json:"hash"`      // hex SHA-256 of the body: the blob's name
	Format       string    `json:"format"`
	Size         int64     `json:"size"`
}

// cached is a cache hit: the record and its verified body.
type cached struct {
	meta meta
	body []byte
}

func (c *cached) result(rawURL, from string) *Result {
	return &Result{URL: rawURL, Body: c.body, Hash: c.meta.Hash, Format: c.meta.Format, From: from}
}

// diskCache is the cache directory. Safe for concurrent use: every file is
// replaced by a rename, so a reader sees the old file or the new one.
type diskCache struct{ dir string }

func openCache(dir string) (*diskCache, error) {
	for _, sub := range []string{"meta", "blobs"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, err
		}
	}
	return &diskCache{dir: dir}, nil
}

func (c *diskCache) metaPath(url string) string {
	sum := sha256.Sum256([]byte(url))
	return filepath.Join(c.dir, "meta", hex.EncodeToString(sum[:])+".json")
}

func (c *diskCache) blobPath(hash string) string {
	return filepath.Join(c.dir, "blobs", hash)
}

// load returns url's copy, or nil when there is none or any part of it is
// unreadable, corrupt or inconsistent.
func (c *diskCache) load(url string) *cached {
	// Only regular files are opened: a FIFO put in the cache would block
	// the build for ever.
	b, err := cache.ReadRegular(c.metaPath(url))
	if err != nil {
		return nil
	}
	var m meta
	if json.Unmarshal(b, &m) != nil || m.Version != metaVersion || m.URL != url || !cache.IsSum(m.Hash) {
		return nil // IsSum also keeps a tampered "hash" from naming a path outside blobs/
	}
	path := c.blobPath(m.Hash)
	if st, err := os.Lstat(path); err != nil || st.Size() != m.Size {
		return nil
	}
	body, err := cache.ReadRegular(path)
	if err != nil {
		return nil
	}
	sum := sha256.Sum256(body)
	if hex.EncodeToString(sum[:]) != m.Hash {
		return nil
	}
	if format, ok := imgformat.Sniff(body); !ok || format != m.Format {
		return nil
	}
	return &cached{meta: m, body: body}
}

// store writes the body, then its record, each through a temporary file
// and a rename (after a crash a file may be short: load takes it for a
// miss). The blob is rewritten even when one exists, which also repairs a
// corrupt one.
func (c *diskCache) store(m meta, body []byte) error {
	if err := outfs.WriteFileAtomic(c.blobPath(m.Hash), body); err != nil {
		return err
	}
	return c.storeMeta(m)
}

// storeMeta writes m's record.
func (c *diskCache) storeMeta(m meta) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return outfs.WriteFileAtomic(c.metaPath(m.URL), append(b, '\n'))
}
