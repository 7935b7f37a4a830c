package sitemap

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"strconv"

	"github.com/seopipe/seopipe/internal/speclimit"
	"github.com/seopipe/seopipe/internal/xmltext"
)

// split moves on to the next numbered file: the first time, the in-memory
// file is written out as Name-1.xml.
func (w *Writer) split() error {
	if w.mem != nil {
		if err := w.openPart(1); err != nil {
			return err
		}
		mem := w.mem
		w.mem = nil
		if err := mem.writeTo(w.write); err != nil {
			return err
		}
	}
	if err := w.finishPart(); err != nil {
		return err
	}
	next := len(w.files) + 1
	if next > speclimit.SitemapIndexEntries {
		return fmt.Errorf("sitemap: more than %d files (%d URLs): the index would exceed its %d entries", speclimit.SitemapIndexEntries, w.total, speclimit.SitemapIndexEntries)
	}
	if err := w.openPart(next); err != nil {
		return err
	}
	w.cur.info.Bytes = int64(len(urlsetHead))
	return w.write([]byte(urlsetHead))
}

// partName is the name of the n-th file of a split set.
func (w *Writer) partName(n int) string { return w.name + "-" + strconv.Itoa(n) + ".xml" }

// openPart creates the n-th file of a split set (and its .gz) as cur.
func (w *Writer) openPart(n int) error {
	name := w.partName(n)
	f, gzf, err := w.create(name)
	if err != nil {
		return err
	}
	w.cur.info.Name = name
	w.cur.f, w.cur.gzf = f, gzf
	return nil
}

// create creates name (and name.gz with Gzip) and points the buffered
// writers at them.
func (w *Writer) create(name string) (f, gzf File, err error) {
	if f, err = w.createFile(name); err != nil {
		return nil, nil, err
	}
	if w.bw == nil {
		w.bw = bufio.NewWriterSize(f, 64<<10)
	} else {
		w.bw.Reset(f)
	}
	if !w.gzip {
		return f, nil, nil
	}
	if gzf, err = w.createFile(name + ".gz"); err != nil {
		return nil, nil, err
	}
	if w.gzbw == nil {
		w.gzbw = bufio.NewWriterSize(gzf, 32<<10)
		w.zw = gzip.NewWriter(w.gzbw) // zero Header: no name, mtime 0
	} else {
		w.gzbw.Reset(gzf)
		w.zw.Reset(w.gzbw)
	}
	return f, gzf, nil
}

// createFile creates name in the sink and remembers it for Close and Abort.
func (w *Writer) createFile(name string) (File, error) {
	f, err := w.sink.Create(name)
	if err != nil {
		return nil, fmt.Errorf("sitemap: create %s: %w", name, err)
	}
	w.open = append(w.open, f)
	w.names = append(w.names, name)
	return f, nil
}

// write appends p to the current file: in memory, or to its File and .gz.
func (w *Writer) write(p []byte) error {
	if w.mem != nil {
		w.mem.Write(p)
		return nil
	}
	return w.writeOut(p)
}

// writeOut writes p to the open File (and its gzip copy).
func (w *Writer) writeOut(p []byte) error {
	if _, err := w.bw.Write(p); err != nil {
		return fmt.Errorf("sitemap: write %s: %w", w.cur.info.Name, err)
	}
	if w.zw != nil && w.cur.gzf != nil {
		if _, err := w.zw.Write(p); err != nil {
			return fmt.Errorf("sitemap: write %s.gz: %w", w.cur.info.Name, err)
		}
	}
	return nil
}

// finishPart ends the current urlset file: the closing tag, flushed out.
// The File itself stays open until Close.
func (w *Writer) finishPart() error {
	if err := w.writeOut([]byte(urlsetFoot)); err != nil {
		return err
	}
	w.cur.info.Bytes += int64(len(urlsetFoot))
	if err := w.flush(w.cur.info.Name, w.cur.gzf != nil); err != nil {
		return err
	}
	w.files = append(w.files, w.cur.info)
	w.cur = part{}
	return nil
}

// flush pushes out the buffered bytes of the file name and its gzip copy.
func (w *Writer) flush(name string, gz bool) error {
	if err := w.bw.Flush(); err != nil {
		return fmt.Errorf("sitemap: write %s: %w", name, err)
	}
	if !gz {
		return nil
	}
	if err := w.zw.Close(); err != nil {
		return fmt.Errorf("sitemap: write %s.gz: %w", name, err)
	}
	if err := w.gzbw.Flush(); err != nil {
		return fmt.Errorf("sitemap: write %s.gz: %w", name, err)
	}
	return nil
}

// fail records a sink error, which every later call returns.
func (w *Writer) fail(err error) error {
	w.err = err
	return err
}

// Close finishes the set: a single urlset as Name.xml, or the numbered files
// plus Name.xml as their <sitemapindex>, each entry's lastmod the newest in
// that file. It returns ErrEmpty, writing nothing, when no URL was added. On
// any error every file is dropped, as by Abort (a File that the sink
// already kept before the failing Close is the sink's to roll back).
func (w *Writer) Close() (Result, error) {
	if w.done {
		return Result{}, errors.New("sitemap: Close after Close or Abort")
	}
	if w.err != nil {
		w.Abort()
		return Result{}, w.err
	}
	if w.total == 0 {
		w.Abort()
		return Result{}, ErrEmpty
	}
	res, err := w.finish()
	if err != nil {
		w.Abort()
		return Result{}, err
	}
	w.done = true
	w.release()
	return res, nil
}

// finish writes the last file (or the single one) and the index, then closes
// every File in creation order.
func (w *Writer) finish() (Result, error) {
	var res Result
	if w.mem != nil { // one file: write it out under its final name
		w.cur.info.Name = w.name + ".xml"
		f, gzf, err := w.create(w.cur.info.Name)
		if err != nil {
			return res, err
		}
		w.cur.f, w.cur.gzf = f, gzf
		mem := w.mem
		w.mem = nil
		if err := mem.writeTo(w.writeOut); err != nil {
			return res, err
		}
		if err := w.finishPart(); err != nil {
			return res, err
		}
	} else {
		if err := w.finishPart(); err != nil {
			return res, err
		}
		res.Index = w.name + ".xml"
		index, err := w.index()
		if err != nil {
			return res, err
		}
		if err := w.writeWhole(res.Index, index); err != nil {
			return res, err
		}
	}
	all, err := w.closeFiles()
	res.All = all
	if err != nil {
		return res, err
	}
	res.Files = w.files
	return res, nil
}

// writeWhole writes data as the file name (and its .gz copy with Gzip),
// flushed out; the File stays open until closeFiles.
func (w *Writer) writeWhole(name string, data []byte) error {
	f, gzf, err := w.create(name)
	if err != nil {
		return err
	}
	w.cur = part{info: FileInfo{Name: name}, f: f, gzf: gzf}
	if err := w.writeOut(data); err != nil {
		return err
	}
	if err := w.flush(name, gzf != nil); err != nil {
		return err
	}
	w.cur = part{}
	return nil
}

// closeFiles closes every File in creation order and returns the names
// of those closed.
func (w *Writer) closeFiles() ([]string, error) {
	var closed []string
	for len(w.open) > 0 {
		f, name := w.open[0], w.names[0]
		w.open, w.names = w.open[1:], w.names[1:]
		if err := f.Close(); err != nil {
			return closed, fmt.Errorf("sitemap: close %s: %w", name, err)
		}
		closed = append(closed, name)
	}
	return closed, nil
}

// index renders the <sitemapindex> of the finished files.
func (w *Writer) index() ([]byte, error) {
	b := make([]byte, 0, len(indexHead)+len(indexFoot)+len(w.files)*(len(w.siteURL)+100))
	b = append(b, indexHead...)
	for _, f := range w.files {
		b = append(b, "<sitemap>\n  <loc>"...)
		b = xmltext.AppendStrict(b, w.siteURL+f.Name)
		b = append(b, "</loc>\n"...)
		if !f.LastMod.IsZero() {
			b = append(b, "  <lastmod>"...)
			b = appendTime(b, f.LastMod)
			b = append(b, "</lastmod>\n"...)
		}
		b = append(b, "</sitemap>\n"...)
	}
	b = append(b, indexFoot...)
	if len(b) > speclimit.SitemapBytes {
		return nil, fmt.Errorf("sitemap: index of %d files is %d bytes, more than %d", len(w.files), len(b), speclimit.SitemapBytes)
	}
	return b, nil
}

// Abort drops every file written so far. It is safe to call more than once
// and does nothing after a successful Close.
func (w *Writer) Abort() {
	if w.done {
		return
	}
	w.done = true
	for _, f := range w.open {
		f.Abort()
	}
	w.open, w.names = nil, nil
	w.release()
}

// release drops the Writer's buffers.
func (w *Writer) release() {
	w.mem, w.bw, w.gzbw, w.zw, w.seen, w.entry, w.alts = nil, nil, nil, nil, nil, nil, nil
}

// memBuf holds the first file's bytes in chunks, so that growing it never
// copies (and never holds twice) what it already has.
type memBuf struct{ chunks [][]byte }

// Write appends p.
func (m *memBuf) Write(p []byte) {
	for len(p) > 0 {
		if len(m.chunks) == 0 || len(m.chunks[len(m.chunks)-1]) == cap(m.chunks[len(m.chunks)-1]) {
			size := 4 << 10
			if n := len(m.chunks); n > 0 {
				size = min(2*cap(m.chunks[n-1]), 1<<20)
			}
			m.chunks = append(m.chunks, make([]byte, 0, size))
		}
		last := &m.chunks[len(m.chunks)-1]
		n := min(len(p), cap(*last)-len(*last))
		*last = append(*last, p[:n]...)
		p = p[n:]
	}
}

// writeTo passes every chunk to write, in order.
func (m *memBuf) writeTo(write func([]byte) error) error {
	for _, c := range m.chunks {
		if err := write(c); err != nil {
			return err
		}
	}
	return nil
}

// Err returns the error that stopped the Writer for good (a sink error, or
// too many files), or nil while it can still take URLs. An Add error with
// Err() == nil concerned that one URL only.
func (w *Writer) Err() error { return w.err }
