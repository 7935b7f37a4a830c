//go:build unix

package outfs

import (
	"io/fs"
	"os"
	"syscall"
)

// writeNew creates the file at path, which must not exist, readable by all
// (0644 less the umask), and writes data to it, with three system calls:
// an os.File's set-up would add one (a descriptor made non-blocking for
// the poller, which a regular file never uses).
func writeNew(path string, data []byte) error {
	fd, err := syscall.Open(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
	for err == syscall.EINTR {
		fd, err = syscall.Open(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 {
		n, werr := syscall.Write(fd, data)
		if werr == syscall.EINTR {
			continue
		}
		if werr != nil {
			syscall.Close(fd)
			syscall.Unlink(path)
			return &fs.PathError{Op: "write", Path: path, Err: werr}
		}
		data = data[n:]
	}
	if cerr := syscall.Close(fd); cerr != nil {
		syscall.Unlink(path)
		return &fs.PathError{Op: "close", Path: path, Err: cerr}
	}
	return nil
}

// renameFile renames a staged file into place. os.Rename would first lstat
// the target (to refuse replacing a directory, which rename(2) refuses by
// itself for a file: EISDIR).
func renameFile(from, to string) error {
	for {
		err := syscall.Rename(from, to)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
		}
		return nil
	}
}
