// Package cache makes the keys derived files are named and cached by, and
// marks the cache directory. A key is the SHA-256 of the tool version and
// every input (source bytes, options), so the same inputs always give the
// same key — the name doubles as the cache key, as in Hugo's resources —
// and a changed source, option or seopipe release gives a new one. Nothing
// is ever invalidated by time: stale entries are simply never asked for
// again.
package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"os"
	"path/filepath"
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

// tag is the CACHEDIR.TAG seopipe writes: the signature the convention
// requires first (https://bford.info/cachedir/), then a word for people.
const tag = "Signature: 8a477f597d28d172789f06886806bc55\n# This directory is a cache made by seopipe; it can be deleted at any time.\n"

// Mark creates the cache directory root if needed and marks it with a
// CACHEDIR.TAG, so backup and archiving tools that honour the convention
// (tar --exclude-caches, restic, borg) skip it. A tag already there is
// left as it is. Called before a build writes to the cache.
func Mark(root string) error {
	tagPath := filepath.Join(root, "CACHEDIR.TAG")
	if _, err := os.Stat(tagPath); err == nil {
		return nil
	}
	if err := outfs.WriteFileAtomic(tagPath, []byte(tag)); err != nil {
		return fmt.Errorf("cache dir: %w", err)
	}
	return nil
}

// Usable marks the cache directory root (Mark) and checks that files can
// be made in it. An error means the directory cannot serve as a cache: it
// is missing and cannot be made, is not a directory, is read-only, or its
// disk is full.
func Usable(root string) error {
	if err := Mark(root); err != nil {
		return err
	}
	f, err := os.CreateTemp(root, ".probe.tmp-*")
	if err != nil {
		return fmt.Errorf("cache dir: %w", err)
	}
	name := f.Name()
	_, err = f.Write([]byte(tag))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if rerr := os.Remove(name); err == nil {
		err = rerr
	}
	if err != nil {
		return fmt.Errorf("cache dir: %w", err)
	}
	return nil
}
