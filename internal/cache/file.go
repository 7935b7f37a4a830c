package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// ErrNotRegular is returned for a cache path that is not a regular file
// (a FIFO, a device, a directory, a symlink): a cache reader opens nothing
// else, since reading a FIFO with no writer blocks for ever.
var ErrNotRegular = errors.New("not a regular file")

// ErrMismatch is returned for a cache file whose bytes do not match the
// size or content hash its record gives.
var ErrMismatch = errors.New("content does not match its record")

// OpenRegular opens path for reading when it is a regular file, and never
// blocks doing so: it refuses a symlink (Lstat), opens with O_NONBLOCK (a
// FIFO that appeared since does not wait for a writer) and checks the open
// file's mode again.
func OpenRegular(path string) (*os.File, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular}
		}
		return nil, err
	}
	return f, nil
}

// ReadRegular is os.ReadFile for a regular file only (see OpenRegular).
func ReadRegular(path string) ([]byte, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// Sum is the content hash a cache record keeps of a file: the hex SHA-256
// of its bytes.
func Sum(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// IsSum reports whether s is a Sum: 64 lower-case hex digits.
func IsSum(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// CheckFile verifies that the regular file at path holds size bytes whose
// Sum is sum, streaming them through the hash (SHA-256: hundreds of
// MB/s a core). A mismatch is ErrMismatch.
func CheckFile(path string, size int64, sum string) error {
	f, err := OpenRegular(path)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return err
	}
	if n != size || hex.EncodeToString(h.Sum(nil)) != sum {
		return fmt.Errorf("%s: %w", path, ErrMismatch)
	}
	return nil
}

// CheckData verifies that data, read from path, is size bytes whose Sum is
// sum; a mismatch is ErrMismatch.
func CheckData(path string, data []byte, size int64, sum string) error {
	if int64(len(data)) != size || Sum(data) != sum {
		return fmt.Errorf("%s: %w", path, ErrMismatch)
	}
	return nil
}

// sealMark starts the line Seal appends.
const sealMark = "#sha256:"

// Seal returns data, a small record kept whole in memory (JSON, a list of
// lines), with a last line holding its content hash, for Unseal to check.
func Seal(data []byte) []byte {
	return append(append(append(data, "\n"+sealMark...), Sum(data)...), '\n')
}

// Unseal returns the data Seal sealed, and false when sealed is not a
// sealed record or its bytes changed since.
func Unseal(sealed []byte) ([]byte, bool) {
	n := len(sealed) - (1 + len(sealMark) + 2*sha256.Size + 1)
	if n < 0 || sealed[len(sealed)-1] != '\n' || string(sealed[n:n+1+len(sealMark)]) != "\n"+sealMark {
		return nil, false
	}
	data := sealed[:n]
	if string(sealed[n+1+len(sealMark):len(sealed)-1]) != Sum(data) {
		return nil, false
	}
	return data, true
}
