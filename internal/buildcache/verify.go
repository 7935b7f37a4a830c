package buildcache

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/seopipe/seopipe/internal/cache"
	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/internal/outfs"
	"github.com/seopipe/seopipe/internal/version"
	"github.com/seopipe/seopipe/verify"
)

// Verified is what the last verification of an output directory found,
// and the OutputDigest of the files it looked at.
type Verified struct {
	Digest   string         `json:"digest"`
	Problems []diag.Problem `json:"problems"`
}

func verifiedRecord(cacheDir, outDir string) string {
	return outDirRecord(cacheDir, outDir, ".verified.json")
}

// OutputStat is an output file as the self-check looks at it: its name
// and, unless it is Missing, its size and modification time (Unix
// nanoseconds).
type OutputStat struct {
	Rel       string
	Size, Mod int64
	Missing   bool
}

// OutputDigest is a digest of the output files' names, sizes and
// modification times (files, sorted by name): it changes when any file is
// written, replaced or touched, by seopipe or anyone else. The binary is
// in it too: another one may check for more (its verdict on these very
// files is its own).
func OutputDigest(files []OutputStat) string {
	h := sha256.New()
	io.WriteString(h, version.Build()+"\n")
	var line []byte
	for _, f := range files {
		line = append(line[:0], f.Rel...)
		if f.Missing {
			line = append(line, "\x00missing\n"...)
		} else {
			line = append(line, 0)
			line = strconv.AppendInt(line, f.Size, 10)
			line = append(line, 0)
			line = strconv.AppendInt(line, f.Mod, 10)
			line = append(line, '\n')
		}
		h.Write(line)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ReadVerified returns the last verification of the output in outDir.
func ReadVerified(cacheDir, outDir string) (Verified, bool) {
	var v Verified
	if cacheDir == "" {
		return v, false
	}
	sealed, err := cache.ReadRegular(verifiedRecord(cacheDir, outDir))
	data, ok := cache.Unseal(sealed) // a changed byte could hide a problem
	if err != nil || !ok || json.Unmarshal(data, &v) != nil || v.Digest == "" {
		return Verified{}, false
	}
	return v, true
}

// WriteVerified keeps v, a verification of the output in outDir, for the
// next build.
func WriteVerified(cacheDir, outDir string, v Verified) error {
	if cacheDir == "" {
		return nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := outfs.WriteFileAtomic(verifiedRecord(cacheDir, outDir), cache.Seal(data)); err != nil {
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
const entriesFormat = "seopipe verify entries 3"

func verifyEntriesDir(cacheDir, outDir string) string {
	return outDirRecord(cacheDir, outDir, ".entries")
}

// VerifyCache is what the last self-check into an output directory kept:
// the posts.json entries it read, by the digest of their bytes, and its
// post records, by verify.Checker.PostKey.
type VerifyCache struct {
	Entries map[string]*verify.Entry
	Records map[string]*verify.PostRecord
}

// ReadVerifyCache reads what the last self-check into outDir kept, the
// shards through each.
func ReadVerifyCache(cacheDir, outDir string, each Each) VerifyCache {
	if cacheDir == "" {
		return VerifyCache{}
	}
	return VerifyCache{
		Entries: readShards[*verify.Entry](verifyEntriesDir(cacheDir, outDir), entriesFormat, each),
		Records: readShards[*verify.PostRecord](verifyRecordDir(cacheDir, outDir), verifyRecordFormat, each),
	}
}

// SaveVerifyEntries keeps cur, the posts.json entries this self-check
// read, rewriting the shards where an entry came or went since prev.
func SaveVerifyEntries(cacheDir, outDir string, prev, cur map[string]*verify.Entry) error {
	if cacheDir == "" {
		return nil
	}
	var changed shards
	for k := range cur {
		if _, ok := prev[k]; !ok {
			changed.mark(k)
		}
	}
	if err := saveStore(verifyEntriesDir(cacheDir, outDir), entriesFormat, prev, cur, changed); err != nil {
		return fmt.Errorf("verify entries: %w", err)
	}
	return nil
}

// saveVerifyRecords keeps cur, this self-check's post records, rewriting
// the shards holding a record that changed (by key) or that went since
// prev.
func saveVerifyRecords(cacheDir, outDir string, prev, cur map[string]*verify.PostRecord, changedKeys []string) error {
	if cacheDir == "" {
		return nil
	}
	var changed shards
	for _, k := range changedKeys {
		changed.mark(k)
	}
	if err := saveStore(verifyRecordDir(cacheDir, outDir), verifyRecordFormat, prev, cur, changed); err != nil {
		return fmt.Errorf("verify records: %w", err)
	}
	return nil
}

// saveStore keeps cur in the sharded store in dir, rewriting the shards
// changed marks and those where a key of prev went.
func saveStore[V any](dir, format string, prev, cur map[string]V, changed shards) error {
	for k := range prev {
		if _, ok := cur[k]; !ok {
			changed.mark(k)
		}
	}
	if !changed.any() {
		return nil
	}
	return writeShards(dir, format, cur, changed)
}

// UnchangedFile reports whether f, a file as a verify record stamped it
// at checked, is unchanged now that it is cur (cur.Sum is f's), and
// whether that was judged by content rather than by the stamp. A stamp
// that is the same and not racy (see FileStamp) stands; otherwise the
// size must be the same, and the file's bytes known (known, by name) to
// be the ones the record read.
func UnchangedFile(f, cur verify.FileStamp, checked time.Time, known map[string]string) (ok, byContent bool) {
	if cur == f && !racy(f.Mod, checked) {
		return true, false
	}
	if cur.Size < 0 || cur.Size != f.Size || f.Sum == "" {
		return false, false
	}
	sum, ok := known[f.Name]
	return ok && sum == f.Sum, true
}
