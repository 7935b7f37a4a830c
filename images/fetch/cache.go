package fetch

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/seopipe/seopipe/images/imgformat"
	"github.com/seopipe/seopipe/internal/cache"
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
type diskCache struct {
	dir   string
	write func(path string, data []byte) error // outfs.WriteFileAtomic
}

func openCache(dir string, write func(path string, data []byte) error) (*diskCache, error) {
	for _, sub := range []string{"meta", "blobs"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, err
		}
	}
	return &diskCache{dir: dir, write: write}, nil
}

func (c *diskCache) metaPath(url string) string {
	sum := sha256.Sum256([]byte(url))
	return filepath.Join(c.dir, "meta", hex.EncodeToString(sum[:])+".json")
}

func (c *diskCache) blobPath(hash string) string {
	return filepath.Join(c.dir, "blobs", hash)
}

// load returns url's copy, or nil when there is none or any part of it is
// unreadable, corrupt or inconsistent. damaged says why an entry that is
// there could not be used (nil when there was none, or it was fine): the
// caller fetches the URL again, which repairs it. A missing body (removed
// by hand) or a record of another layout is only a miss.
func (c *diskCache) load(url string) (_ *cached, damaged *DamagedError) {
	record := c.metaPath(url)
	bad := func(err error) (*cached, *DamagedError) { return nil, &DamagedError{Entry: record, Err: err} }
	// Only regular files are opened: a FIFO put in the cache would block
	// the build for ever.
	b, err := cache.ReadRegular(record)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return bad(err)
	}
	var m meta
	if json.Unmarshal(b, &m) != nil {
		return bad(errors.New("unreadable record"))
	}
	if m.Version != metaVersion {
		return nil, nil
	}
	if m.URL != url || !cache.IsSum(m.Hash) { // IsSum also keeps a tampered "hash" from naming a path outside blobs/
		return bad(errors.New("inconsistent record"))
	}
	path := c.blobPath(m.Hash)
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err == nil && st.Mode().IsRegular() && st.Size() != m.Size { // not read at all
		return bad(fmt.Errorf("%s: %w", path, cache.ErrMismatch))
	}
	body, err := cache.ReadRegular(path)
	if err == nil {
		err = cache.CheckData(path, body, m.Size, m.Hash)
	}
	if err != nil {
		return bad(err)
	}
	if format, ok := imgformat.Sniff(body); !ok || format != m.Format {
		return bad(fmt.Errorf("%s: not the %s image its record says", path, m.Format))
	}
	return &cached{meta: m, body: body}, nil
}

// DamagedError says why a URL's cached copy could not be used: its record
// or body is corrupt, inconsistent or not a regular file. The URL was
// fetched again, which repairs the entry.
type DamagedError struct {
	Entry string // the URL's record in the cache
	Err   error
}

func (e *DamagedError) Error() string { return e.Entry + ": " + e.Err.Error() }

func (e *DamagedError) Unwrap() error { return e.Err }

// store writes the body, then its record, each through a temporary file
// and a rename (after a crash a file may be short: load takes it for a
// miss). The blob is rewritten even when one exists, which also repairs a
// corrupt one.
func (c *diskCache) store(m meta, body []byte) error {
	if err := c.write(c.blobPath(m.Hash), body); err != nil {
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
	return c.write(c.metaPath(m.URL), append(b, '\n'))
}
