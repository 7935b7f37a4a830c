package manifest

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
)

// The bytes of posts.json around its entries.
const (
	arrayOpen  = "\"posts\": [\n"
	entrySep   = ",\n"
	arrayClose = "\n  ]\n}\n"
	emptyArray = "\"posts\": []\n}\n"
)

// Encode is m as posts.json: indented JSON without HTML escaping (& stays
// &), ending in a newline. Head, EncodeEntry and Writer make the same
// bytes one entry at a time.
func Encode(m *Manifest) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("%s: %w", File, err)
	}
	return buf.Bytes(), nil
}

// Head is posts.json up to its "posts" array: m without its posts,
// encoded as Encode does, cut before the array.
func Head(m Manifest) ([]byte, error) {
	m.Posts = nil
	head, err := Encode(&m)
	if err != nil {
		return nil, err
	}
	// head ends in `  "posts": null\n}\n`: cut there.
	cut := bytes.LastIndex(head, []byte(`"posts": null`))
	if cut < 0 {
		return nil, errors.New(File + ": unexpected manifest encoding")
	}
	return head[:cut], nil
}

// EncodeEntry is p as an element of posts.json's "posts" array: indented
// to its depth, without the comma or newline that follow it.
func EncodeEntry(p *Post) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("    ")
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", File, p.Source, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Size is the length of a posts.json of a head of headLen bytes and
// entries of the given lengths, and offsets are where each entry starts:
// where a Writer puts them.
func Size(headLen int64, entries []int64) (size int64, offsets []int64) {
	if len(entries) == 0 {
		return headLen + int64(len(emptyArray)), nil
	}
	off := headLen + int64(len(arrayOpen))
	offsets = make([]int64, len(entries))
	for i, n := range entries {
		if i > 0 {
			off += int64(len(entrySep))
		}
		offsets[i] = off
		off += n
	}
	return off + int64(len(arrayClose)), offsets
}

// Writer writes posts.json one entry at a time, byte for byte as Encode
// of the whole manifest would. Entries may be copied from the last
// posts.json instead of encoded again. A Writer is not safe for concurrent
// use.
type Writer struct {
	bw  *bufio.Writer
	sum hash.Hash // of every byte written
	old io.ReaderAt
	off int64 // bytes written
	n   int   // entries written
}

// NewWriter starts posts.json on w with head (Head's). old is the last
// posts.json, which Copy reads; nil when there is none.
func NewWriter(w io.Writer, head []byte, old io.ReaderAt) *Writer {
	sum := sha256.New()
	mw := &Writer{bw: bufio.NewWriterSize(io.MultiWriter(w, sum), 256<<10), old: old, sum: sum}
	mw.write(head)
	return mw
}

func (mw *Writer) write(b []byte) {
	mw.bw.Write(b) // a write error sticks in the bufio.Writer: Flush reports it
	mw.off += int64(len(b))
}

// next writes what comes before an entry.
func (mw *Writer) next() {
	if mw.n == 0 {
		mw.write([]byte(arrayOpen))
	} else {
		mw.write([]byte(entrySep))
	}
	mw.n++
}

// Add writes an entry (EncodeEntry's) and returns its offset in the file.
func (mw *Writer) Add(entry []byte) int64 {
	mw.next()
	off := mw.off
	mw.write(entry)
	return off
}

// Copy writes the n bytes at off of the old posts.json as the next entry
// and returns its offset in the new file.
func (mw *Writer) Copy(off, n int64) (int64, error) {
	if mw.old == nil {
		return 0, errors.New(File + ": internal error: an entry to copy without the old file")
	}
	mw.next()
	at := mw.off
	copied, err := io.Copy(mw.bw, io.NewSectionReader(mw.old, off, n))
	if err == nil && copied != n {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return 0, fmt.Errorf("%s: copying an entry from the last one: %w", File, err)
	}
	mw.off += n
	return at, nil
}

// Close ends the array and the object, and flushes.
func (mw *Writer) Close() error {
	if mw.n == 0 {
		mw.write([]byte(emptyArray))
	} else {
		mw.write([]byte(arrayClose))
	}
	return mw.bw.Flush()
}

// Sum is the SHA-256 of every byte written.
func (mw *Writer) Sum() []byte { return mw.sum.Sum(nil) }
