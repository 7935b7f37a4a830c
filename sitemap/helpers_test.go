package sitemap

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seopipe/seopipe/internal/golden"
	"github.com/seopipe/seopipe/internal/sharedfiles"
)

// memSink is a Sink keeping files in memory. It records every file created,
// kept (closed) and dropped (aborted), and can be told to fail.
type memSink struct {
	files   map[string][]byte // kept files
	created []string
	aborted []string
	open    map[string]*memFile
	seen    map[string]bool // every name created
	misuse  []string        // API misuse seen: double Create, use after Close…

	failCreate string // Create of this name fails
	failWrite  string // Write to this name fails
	failClose  string // Close of this name fails
}

func newMemSink() *memSink {
	return &memSink{files: map[string][]byte{}, open: map[string]*memFile{}, seen: map[string]bool{}}
}

func (s *memSink) Create(name string) (File, error) {
	if name == s.failCreate {
		return nil, errors.New("disk full")
	}
	if s.seen[name] {
		s.misuse = append(s.misuse, "created twice: "+name)
	}
	s.seen[name] = true
	f := &memFile{sink: s, name: name}
	s.created = append(s.created, name)
	s.open[name] = f
	return f, nil
}

// names returns the kept files' names, sorted.
func (s *memSink) names() []string {
	var out []string
	for n := range s.files {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// check fails the test on misuse or files left open.
func (s *memSink) check(t *testing.T) {
	t.Helper()
	for _, m := range s.misuse {
		t.Errorf("sink misuse: %s", m)
	}
	for n := range s.open {
		t.Errorf("file %s left open (neither closed nor aborted)", n)
	}
}

type memFile struct {
	sink *memSink
	name string
	buf  bytes.Buffer
	done bool
}

func (f *memFile) Write(p []byte) (int, error) {
	if f.done {
		f.sink.misuse = append(f.sink.misuse, "write after close/abort: "+f.name)
	}
	if f.name == f.sink.failWrite {
		return 0, errors.New("i/o error")
	}
	return f.buf.Write(p)
}

func (f *memFile) Close() error {
	if f.done {
		f.sink.misuse = append(f.sink.misuse, "closed twice: "+f.name)
		return nil
	}
	f.done = true
	delete(f.sink.open, f.name)
	if f.name == f.sink.failClose {
		return errors.New("rename failed")
	}
	f.sink.files[f.name] = bytes.Clone(f.buf.Bytes())
	if f.sink.files[f.name] == nil {
		f.sink.files[f.name] = []byte{}
	}
	return nil
}

func (f *memFile) Abort() {
	if f.done {
		return
	}
	f.done = true
	delete(f.sink.open, f.name)
	f.sink.aborted = append(f.sink.aborted, f.name)
}

// discardSink counts the bytes written and keeps none.
type discardSink struct{ bytes int64 }

func (s *discardSink) Create(string) (File, error) { return discardFile{s}, nil }

type discardFile struct{ s *discardSink }

func (f discardFile) Write(p []byte) (int, error) { f.s.bytes += int64(len(p)); return len(p), nil }
func (discardFile) Close() error                  { return nil }
func (discardFile) Abort()                        {}

// validate checks files against an XSD with xmllint: "all.xsd" for urlsets
// (news included), "siteindex.xsd" for an index. Files are name → bytes.
func validate(t testing.TB, schema string, files map[string][]byte) {
	t.Helper()
	if len(files) == 0 {
		t.Fatal("validate: no files")
	}
	dir := sharedfiles.XSDDir(t)
	tmp := t.TempDir()
	args := []string{"--nonet", "--noout", "--schema", filepath.Join(dir, schema)}
	for name, data := range files {
		p := filepath.Join(tmp, strings.ReplaceAll(name, "/", "_"))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	out, err := exec.Command("xmllint", args...).CombinedOutput()
	if err != nil {
		t.Errorf("xmllint --schema %s: %v\n%s", schema, err, out)
	}
}

// validateSet validates every .xml file the sink kept: the index (when
// index != "") with siteindex.xsd, the rest with all.xsd.
func validateSet(t testing.TB, s *memSink, index string) {
	t.Helper()
	urlsets := map[string][]byte{}
	for name, data := range s.files {
		if !strings.HasSuffix(name, ".xml") {
			continue
		}
		if name == index {
			validate(t, "siteindex.xsd", map[string][]byte{name: data})
			continue
		}
		urlsets[name] = data
	}
	validate(t, "all.xsd", urlsets)
}

// wellFormed walks data with encoding/xml and returns the text of every
// element whose local name is in want, in document order, keyed by name.
func wellFormed(data []byte, want ...string) (map[string][]string, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	got := map[string][]string{}
	var stack []string
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if len(stack) != 0 {
				return nil, fmt.Errorf("unclosed %v", stack)
			}
			return got, nil
		}
		if err != nil {
			return nil, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tok.Name.Local)
			text.Reset()
			for _, a := range tok.Attr {
				if slices.Contains(want, "@"+a.Name.Local) {
					got["@"+a.Name.Local] = append(got["@"+a.Name.Local], a.Value)
				}
			}
		case xml.CharData:
			text.Write(tok)
		case xml.EndElement:
			name := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if slices.Contains(want, name) {
				got[name] = append(got[name], text.String())
			}
			text.Reset()
		}
	}
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

const siteURL = "https://example.com/"

var (
	ist = time.FixedZone("IST", 5*3600+1800)
	pst = time.FixedZone("PST", -8*3600)
)

// write adds urls to a Writer over a memSink and closes it, failing the
// test on any error.
func write(t *testing.T, opts Options, urls []URL) (Result, *memSink) {
	t.Helper()
	s := newMemSink()
	w := NewWriter(s, opts)
	for _, u := range urls {
		if err := w.Add(u); err != nil {
			t.Fatalf("Add(%q): %v", u.Loc, err)
		}
	}
	res, err := w.Close()
	if err != nil {
		t.Fatalf("Close: %v", err)
	}
	s.check(t)
	return res, s
}

// checkGolden compares every kept .xml file with its golden file:
// testdata/<Test>/<case>.golden.xml for the one file of a subtest,
// testdata/<Test>/<case>.<file>.golden.xml for a set written by a subtest,
// testdata/<Test>/<file>.golden.xml for a set written by a top-level test.
func checkGolden(t *testing.T, s *memSink) {
	t.Helper()
	var xmls []string
	for _, name := range s.names() {
		if strings.HasSuffix(name, ".xml") {
			xmls = append(xmls, name)
		}
	}
	for _, name := range xmls {
		base := strings.TrimSuffix(name, ".xml")
		var path string
		switch {
		case !strings.Contains(t.Name(), "/"):
			path = filepath.Join("testdata", t.Name(), base+".golden.xml")
		case len(xmls) == 1:
			path = filepath.Join("testdata", t.Name()+".golden.xml")
		default:
			path = filepath.Join("testdata", t.Name()+"."+base+".golden.xml")
		}
		golden.Check(t, path, s.files[name])
	}
}
