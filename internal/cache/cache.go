// Package cache names derived files by their content and keeps them between
// runs. A key is the SHA-256 of the tool version and every input (source
// bytes, options), so the same inputs always give the same name — the name
// doubles as the cache key, as in Hugo's resources — and a changed source,
// option or seopipe release gives a new one. Nothing is ever invalidated by
// time: stale entries are simply never asked for again.
package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unsafe"

	"github.com/seopipe/seopipe/internal/outfs"
	"github.com/seopipe/seopipe/internal/version"
)

// Keyer builds a key from parts. Each part is length-prefixed, so ("ab","c")
// and ("a","bc") differ. The zero value is not usable: call NewKeyer.
type Keyer struct {
	h hash.Hash
}

// NewKeyer starts a key seeded with the seopipe version.
func NewKeyer() *Keyer {
	k := &Keyer{h: sha256.New()}
	k.AddString(version.String())
	return k
}

// Add mixes in one part.
func (k *Keyer) Add(part []byte) *Keyer {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(part)))
	k.h.Write(n[:])
	k.h.Write(part)
	return k
}

// AddString mixes in one textual part, the same as Add([]byte(part)).
// It hashes the string's bytes where they are: io.Writer's contract is
// that Write neither modifies nor retains them, and copying a post's HTML
// for every page key was 14 MB of garbage per rebuild of 10,000 posts.
func (k *Keyer) AddString(part string) *Keyer {
	return k.Add(unsafe.Slice(unsafe.StringData(part), len(part)))
}

// Sum returns the key: 64 lower-case hex digits.
func (k *Keyer) Sum() string { return hex.EncodeToString(k.h.Sum(nil)) }

// Key is NewKeyer().Add(p) for each part, summed.
func Key(parts ...[]byte) string {
	k := NewKeyer()
	for _, p := range parts {
		k.Add(p)
	}
	return k.Sum()
}

// Name returns a content-addressed file name: stem-<first 8 hex of key>.ext,
// e.g. "hero-1440x810-3fa2b9c1.jpg"; without an ext, no trailing dot.
func Name(stem, key, ext string) string {
	name := stem + "-" + short(key)
	if ext = strings.TrimPrefix(ext, "."); ext != "" {
		name += "." + ext
	}
	return name
}

// Dir is the on-disk cache. Its methods are safe for concurrent use:
// entries are written to a temporary file and renamed into place.
type Dir struct {
	root string
}

const tag = "Signature: 8a477f597d28d172789f06886806bc55\n# This directory is a cache made by seopipe; it can be deleted at any time.\n"

// Open creates the cache directory if needed, marked with a CACHEDIR.TAG so
// backup tools skip it.
func Open(root string) (*Dir, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("cache dir: %w", err)
	}
	tagPath := filepath.Join(root, "CACHEDIR.TAG")
	if _, err := os.Stat(tagPath); errors.Is(err, fs.ErrNotExist) {
		if err := outfs.WriteFileAtomic(tagPath, []byte(tag)); err != nil {
			return nil, fmt.Errorf("cache dir: %w", err)
		}
	}
	return &Dir{root: root}, nil
}

// Root returns the cache directory.
func (d *Dir) Root() string { return d.root }

// Path is where the entry for key of the given kind ("images", "cards") lives.
func (d *Dir) Path(kind, key string) string {
	return filepath.Join(d.root, kind, key[:min(2, len(key))], key)
}

// Get returns the entry, or ok == false when there is none.
func (d *Dir) Get(kind, key string) (data []byte, ok bool, err error) {
	data, err = os.ReadFile(d.Path(kind, key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("cache %s/%s: %w", kind, short(key), err)
	}
	return data, true, nil
}

// Put stores an entry atomically.
func (d *Dir) Put(kind, key string, data []byte) error {
	p := d.Path(kind, key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("cache %s/%s: %w", kind, short(key), err)
	}
	if err := outfs.WriteFileAtomic(p, data); err != nil {
		return fmt.Errorf("cache %s/%s: %w", kind, short(key), err)
	}
	return nil
}

// short is the first 8 characters of a key (all of a shorter one).
func short(key string) string { return key[:min(8, len(key))] }
