// Package fonts parses TrueType, OpenType (CFF) and collection font files and
// keeps an ordered fallback [Chain] of them for the social-card text layout.
//
// A [Font] is immutable once parsed and safe for concurrent use. A [Chain] is
// safe for concurrent use; the font.Face values it makes are not (make one per
// render). The package is synchronous and starts no goroutines.
package fonts

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Font is one parsed font face. It is immutable and safe for concurrent use.
type Font struct {
	// Name is the file base name the font was parsed under ("#i" is appended
	// for face i of a collection with several faces), or "Go Regular" / "Go Bold".
	Name string

	f     *sfnt.Font
	index int   // face index in a collection, 0 otherwise
	data  *blob // the file bytes, shared by the faces of a collection
	upem  float64
}

// blob is a font file's bytes and their SHA-256, computed once on demand.
type blob struct {
	data []byte
	once sync.Once
	sum  [sha256.Size]byte
}

func (b *blob) hash() [sha256.Size]byte {
	b.once.Do(func() { b.sum = sha256.Sum256(b.data) })
	return b.sum
}

// key is the font's identity for cache keys: the file hash and the face index.
func (f *Font) key() []byte {
	h := f.data.hash()
	return binary.BigEndian.AppendUint32(h[:], uint32(f.index))
}

// UnitsPerEm reports the font's design units per em.
func (f *Font) UnitsPerEm() int { return int(f.upem) }

// errNotFont is the error for bytes that are not a font file.
var errNotFont = errors.New("not a font file (want TrueType, OpenType or a .ttc collection)")

// Parse parses a TrueType (.ttf), OpenType (.otf, CFF outlines) or collection
// (.ttc/.otc) file and returns its faces in order; name (usually the file base
// name) becomes [Font.Name]. Anything else (empty, HTML, truncated or corrupt
// data) is the error "NAME: not a font file (…)"; Parse never panics on bad input.
// The data must not be modified afterwards: the fonts read from it.
func Parse(name string, data []byte) ([]*Font, error) {
	fs, err := parse(name, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return fs, nil
}

// Load reads the font file at path and parses it as [Parse] does, naming the
// fonts after the file's base name. Errors name the path.
func Load(path string) ([]*Font, error) {
	return LoadWith(path, os.ReadFile)
}

// LoadWith is [Load] reading the file with readFile (the site's confined
// reader).
func LoadWith(path string, readFile func(string) ([]byte, error)) ([]*Font, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("load font: %w", err)
	}
	fs, err := parse(filepath.Base(path), data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return fs, nil
}

func parse(name string, data []byte) (fs []*Font, err error) {
	defer func() {
		// x/image/font/sfnt validates its input, but a font file is untrusted
		// input: never let a corrupt one take the build down.
		if r := recover(); r != nil {
			fs, err = nil, fmt.Errorf("%w: %v", errNotFont, r)
		}
	}()
	if len(data) < 12 {
		return nil, errNotFont
	}
	b := &blob{data: data}
	switch string(data[:4]) {
	case "\x00\x01\x00\x00", "OTTO", "true":
		f, err := sfnt.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errNotFont, err)
		}
		ft, err := newFont(name, f, 0, b)
		if err != nil {
			return nil, err
		}
		return []*Font{ft}, nil
	case "ttcf":
		c, err := sfnt.ParseCollection(data)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errNotFont, err)
		}
		n := c.NumFonts()
		for i := range n {
			f, err := c.Font(i)
			if err != nil {
				return nil, fmt.Errorf("%w: face %d: %w", errNotFont, i, err)
			}
			faceName := name
			if n > 1 {
				faceName = fmt.Sprintf("%s#%d", name, i)
			}
			ft, err := newFont(faceName, f, i, b)
			if err != nil {
				return nil, err
			}
			fs = append(fs, ft)
		}
		if len(fs) == 0 {
			return nil, fmt.Errorf("%w: empty collection", errNotFont)
		}
		return fs, nil
	}
	return nil, errNotFont
}

func newFont(name string, f *sfnt.Font, index int, b *blob) (*Font, error) {
	upem := f.UnitsPerEm()
	if upem <= 0 {
		return nil, fmt.Errorf("%w: units per em is %d", errNotFont, upem)
	}
	return &Font{Name: name, f: f, index: index, data: b, upem: float64(upem)}, nil
}

var (
	goRegular = sync.OnceValue(func() *Font { return mustParse("Go Regular", goregular.TTF) })
	goBold    = sync.OnceValue(func() *Font { return mustParse("Go Bold", gobold.TTF) })
)

func mustParse(name string, data []byte) *Font {
	fs, err := Parse(name, data)
	if err != nil {
		panic(err) // the embedded Go fonts are known good
	}
	return fs[0]
}

// GoRegular returns the Go Regular font (golang.org/x/image/font/gofont),
// parsed once and shared. It covers Latin, Greek and Cyrillic.
func GoRegular() *Font { return goRegular() }

// GoBold returns the Go Bold font, parsed once and shared.
func GoBold() *Font { return goBold() }
