package buildcache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"

	"github.com/seopipe/seopipe/internal/cache"
	"github.com/seopipe/seopipe/internal/outfs"
	"github.com/seopipe/seopipe/internal/version"
)

// The stores are gob files of one shape: a format name, the binary that
// wrote them (version.Build), a header, a count, then that many key/value
// pairs, one gob message each — not one message for the whole map, since
// gob reads a message into memory whole before decoding it — and last the
// SHA-256 of all of that, which the reader hashes as it decodes: a store
// whose bytes changed on disk (a bit flip that still decodes) is empty.

// Each runs f(0), …, f(n-1) and returns when every call has returned; the
// calls may run at once. buildcache starts no goroutines: a caller that
// wants a store's shards decoded in parallel passes an Each that runs them
// so. A nil Each runs them one after another.
type Each func(n int, f func(i int))

func (each Each) run(n int, f func(i int)) {
	if each == nil {
		for i := range n {
			f(i)
		}
		return
	}
	each(n, f)
}

// noHeader is the header of a file that needs none (the shards). gob
// refuses a struct type without exported fields, so it has one, always
// empty.
type noHeader struct{ Unused string }

// gobBuffer is the buffer readGob and writeGob use. A rebuild opens some
// fifty stores' shards; a larger buffer only costs zeroing it.
const gobBuffer = 64 << 10

// readGob reads a file writeGob wrote with the same format and binary. A
// missing, unreadable, foreign or truncated file reads as empty: these are
// caches, and the run rebuilds what is not there.
func readGob[H, V any](path, format string) (H, map[string]V) {
	var zero H
	f, err := cache.OpenRegular(path) // never a FIFO: reading one waits for ever
	if err != nil {
		return zero, map[string]V{}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() < sha256.Size {
		return zero, map[string]V{}
	}
	h := sha256.New()
	body := bufio.NewReaderSize(io.TeeReader(io.LimitReader(f, st.Size()-sha256.Size), h), gobBuffer)
	dec := gob.NewDecoder(body)
	var gotFormat, build string
	var head H
	var n int
	if dec.Decode(&gotFormat) != nil || gotFormat != format || dec.Decode(&build) != nil || build != version.Build() ||
		dec.Decode(&head) != nil || dec.Decode(&n) != nil || n < 0 {
		return zero, map[string]V{}
	}
	m := make(map[string]V, min(n, 1<<20))
	for range n {
		var key string
		var v V
		if dec.Decode(&key) != nil || dec.Decode(&v) != nil {
			return zero, map[string]V{}
		}
		m[key] = v
	}
	// The rest of the body through the hash, then the sum written after it.
	var sum [sha256.Size]byte
	if _, err := io.Copy(io.Discard, body); err != nil {
		return zero, map[string]V{}
	}
	if _, err := io.ReadFull(f, sum[:]); err != nil || !bytes.Equal(sum[:], h.Sum(nil)) {
		return zero, map[string]V{}
	}
	return head, m
}

// errWrite marks a failure to write the file, as against to encode a value.
var errWrite = errors.New("write")

// writeGob writes m to path (keys in order, so the same map gives the same
// bytes) through a temporary file renamed into place. An error that is not
// errWrite is gob's: a value it cannot encode.
func writeGob[H, V any](path, format string, head H, m map[string]V) error {
	var encErr error
	err := outfs.WriteAtomic(path, func(w io.Writer) error {
		h := sha256.New()
		bw := bufio.NewWriterSize(io.MultiWriter(w, h), gobBuffer)
		enc := gob.NewEncoder(bw)
		encErr = errors.Join(enc.Encode(format), enc.Encode(version.Build()), enc.Encode(head), enc.Encode(len(m)))
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if encErr != nil {
				break
			}
			if encErr = enc.Encode(k); encErr == nil {
				encErr = enc.Encode(m[k])
			}
		}
		if encErr != nil {
			return encErr
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		_, err := w.Write(h.Sum(nil))
		return err
	})
	if err != nil && encErr == nil {
		return fmt.Errorf("%w: %w", errWrite, err)
	}
	return err
}

// A store too large to rewrite whole on every change (10,000 posts' worth)
// is kept as shardCount gob files in a directory, a key's shard being a
// hash of the key: a build that changed a few entries rewrites the few
// shards holding them.
const shardCount = 16

// shardOf is the shard key belongs in.
func shardOf(key string) int {
	// FNV-1a, inline: a hash.Hash and a []byte copy per key cost more
	// than the hashing over the 30,000 keys a large site's stores hold.
	h := uint32(2166136261)
	for i := 0; i < len(key); i++ {
		h ^= uint32(key[i])
		h *= 16777619
	}
	return int(h % shardCount)
}

// shards marks shards: the ones a build changed.
type shards [shardCount]bool

func (s *shards) mark(key string) { s[shardOf(key)] = true }

func (s *shards) any() bool { return slices.Contains(s[:], true) }

func shardPath(dir string, i int) string { return filepath.Join(dir, fmt.Sprintf("%02d.gob", i)) }

// readShards reads every shard of the store in dir (see readGob: a shard
// that cannot be read is empty), the shards through each: decoding is
// most of the time it takes.
func readShards[V any](dir, format string, each Each) map[string]V {
	var parts [shardCount]map[string]V
	each.run(shardCount, func(i int) {
		_, parts[i] = readGob[noHeader, V](shardPath(dir, i), format)
	})
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	m := make(map[string]V, n)
	for i, part := range parts {
		for k, v := range part {
			if shardOf(k) == i {
				m[k] = v
			}
		}
	}
	return m
}

// writeShards writes the marked shards of the store in dir: each with the
// entries of m that belong in it.
func writeShards[V any](dir, format string, m map[string]V, marked shards) error {
	var parts [shardCount]map[string]V
	for i := range parts {
		if marked[i] {
			parts[i] = map[string]V{}
		}
	}
	for k, v := range m {
		if p := parts[shardOf(k)]; p != nil {
			p[k] = v
		}
	}
	for i, p := range parts {
		if p == nil {
			continue
		}
		if err := writeGob(shardPath(dir, i), format, noHeader{}, p); err != nil {
			return err
		}
	}
	return nil
}
