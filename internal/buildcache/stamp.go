package buildcache

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"time"
)

// FileStamp is an output file as a build left it: its size, modification
// time and content digest. A file whose time was within the racy window of
// the moment it was stamped is Racy: it could change again within the same
// tick of the file system's clock and keep its stamp, so a later build
// compares its content with Sum before trusting it (as git does with
// "racily clean" index entries).
type FileStamp struct {
	Rel       string
	Size, Mod int64 // bytes; modification time in Unix nanoseconds
	Sum       string
	Racy      bool
}

// racyWindow covers the coarsest clocks of common file systems (FAT
// records times to 2 s; ext3 and HFS+ to 1 s): it is the window for a time
// without a fraction of a second.
const racyWindow = 2 * time.Second

// fineRacyWindow is the window for a time with a fraction of a second. A
// local file system that records fractions keeps times to the kernel's
// clock tick (1 to 10 ms on Linux; 10 ms on exFAT): once a tick has passed
// since a file's time, any later change gives it a later one. Without it,
// the build after a build from nothing found every SEO file it had just
// written racy, and hashed them all.
//
// What it assumes: the file's time and the stamp's clock agree within the
// window. On a network file system whose server's clock is behind this
// machine's by more than that, a file changed by someone else in the same
// tick of the server's clock as this build wrote it could keep its stamp;
// a file system that keeps fractions but ticks slower than 100 ms would
// need the wide window. Neither is a common place for a site's content or
// output; the self-check still reads every post whose files changed.
const fineRacyWindow = 100 * time.Millisecond

// newStamp stamps the file at path (rel in the output dir) with sum, the
// digest of what the build wrote there, at now.
func newStamp(path, rel, sum string, now time.Time) (FileStamp, bool) {
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() || sum == "" {
		return FileStamp{}, false
	}
	return FileStamp{Rel: rel, Size: st.Size(), Mod: st.ModTime().UnixNano(), Sum: sum,
		Racy: racy(st.ModTime().UnixNano(), now)}, true
}

// racy reports whether a file last modified at mod (Unix nanoseconds) and
// stamped at could still change in the same tick of the file system's
// clock without its stamp showing it. A time in whole seconds may come
// from a file system that keeps no more (the wide window); a time with a
// fraction comes from one with a fine clock.
func racy(mod int64, at time.Time) bool {
	w := racyWindow
	if mod%int64(time.Second) != 0 {
		w = fineRacyWindow
	}
	return at.UnixNano()-mod < int64(w)
}

// sameFile reports whether the file at path still is what st stamped:
// the same size and time, and for a racy stamp the same content too.
func sameFile(path string, st FileStamp) bool {
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != st.Size || fi.ModTime().UnixNano() != st.Mod {
		return false
	}
	if !st.Racy {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New() // streamed: posts.json is tens of megabytes on a large site
	if _, err := io.Copy(h, f); err != nil {
		return false
	}
	return hex.EncodeToString(h.Sum(nil)) == st.Sum
}
