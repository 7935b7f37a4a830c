//go:build !unix

package outfs

import "os"

// writeNew creates the file at path, which must not exist, and writes data.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		_ = os.Remove(path)
	}
	return werr
}

// renameFile renames a staged file into place.
func renameFile(from, to string) error { return os.Rename(from, to) }
