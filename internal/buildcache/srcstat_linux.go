package buildcache

import (
	"os"
	"syscall"
)

// changeTime returns the file's status change time (Unix nanoseconds) and
// inode number: the kernel sets ctime on every write and rename, and no
// tool can set it back, so it catches an edit that restored the mtime.
func changeTime(fi os.FileInfo) (ctime int64, ino uint64) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0
	}
	return st.Ctim.Nano(), st.Ino
}
