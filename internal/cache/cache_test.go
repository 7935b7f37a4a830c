package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/version"
)

func parts(ss ...string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

func TestKeyDeterministic(t *testing.T) {
	for _, p := range [][][]byte{nil, parts(""), parts("a"), parts("src", "w=1440", "q=80")} {
		a, b := Key(p...), Key(p...)
		if a != b {
			t.Errorf("Key(%q) = %s, then %s", p, a, b)
		}
		if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(a) {
			t.Errorf("Key(%q) = %q, want 64 lower-case hex digits", p, a)
		}
		k := NewKeyer()
		for _, x := range p {
			k.Add(x)
		}
		if got := k.Sum(); got != a {
			t.Errorf("Keyer over %q = %s, Key = %s", p, got, a)
		}
	}
}

func TestKeySeededWithVersion(t *testing.T) {
	// The key is SHA-256 over length-prefixed parts, the version first, so
	// a new release never reuses old entries.
	h := sha256.New()
	for _, p := range []string{version.String(), "x"} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	if got, want := Key([]byte("x")), hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("Key(x) = %s, want %s", got, want)
	}
}

func TestKeyDiffers(t *testing.T) {
	base := parts("source bytes", "width=1440", "format=jpeg")
	tests := []struct {
		name string
		a, b [][]byte
	}{
		{"first part", base, parts("source bytez", "width=1440", "format=jpeg")},
		{"middle part", base, parts("source bytes", "width=1441", "format=jpeg")},
		{"last part", base, parts("source bytes", "width=1440", "format=png")},
		{"order", base, parts("width=1440", "source bytes", "format=jpeg")},
		{"extra part", base, parts("source bytes", "width=1440", "format=jpeg", "")},
		{"boundary ab|c vs a|bc", parts("ab", "c"), parts("a", "bc")},
		{"boundary a|\"\" vs a", parts("a", ""), parts("a")},
		{"no parts vs one empty part", nil, parts("")},
		{"concatenation", parts("a", "b"), parts("ab")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a, b := Key(tt.a...), Key(tt.b...); a == b {
				t.Errorf("Key(%q) == Key(%q) == %s", tt.a, tt.b, a)
			}
		})
	}
}

func TestName(t *testing.T) {
	key := Key([]byte("hero.jpg"))
	tests := []struct {
		stem, ext, want string
	}{
		{"hero-1440x810", "jpg", "hero-1440x810-" + key[:8] + ".jpg"},
		{"hero-1440x810", ".jpg", "hero-1440x810-" + key[:8] + ".jpg"},
		{"card", "png", "card-" + key[:8] + ".png"},
		{"archive", "tar.gz", "archive-" + key[:8] + ".tar.gz"},
		{"blob", "", "blob-" + key[:8]},
	}
	for _, tt := range tests {
		got := Name(tt.stem, key, tt.ext)
		if got != tt.want {
			t.Errorf("Name(%q, key, %q) = %q, want %q", tt.stem, tt.ext, got, tt.want)
		}
	}
	if !regexp.MustCompile(`^hero-[0-9a-f]{8}\.jpg$`).MatchString(Name("hero", key, "jpg")) {
		t.Errorf("Name = %q, want stem-xxxxxxxx.ext", Name("hero", key, "jpg"))
	}
}

func TestPutGet(t *testing.T) {
	d, err := Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, kind string
		key        string
		data       []byte
	}{
		{"bytes", "images", Key([]byte("a")), []byte("jpeg bytes")},
		{"empty entry", "images", Key([]byte("b")), []byte{}},
		{"other kind", "cards", Key([]byte("a")), []byte("png bytes")},
		{"binary", "images", Key([]byte("c")), bytes.Repeat([]byte{0, 0xff, '\n'}, 10000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok, err := d.Get(tt.kind, tt.key); ok || err != nil {
				t.Fatalf("Get before Put: ok=%v err=%v, want ok=false err=nil", ok, err)
			}
			if err := d.Put(tt.kind, tt.key, tt.data); err != nil {
				t.Fatal(err)
			}
			got, ok, err := d.Get(tt.kind, tt.key)
			if err != nil || !ok {
				t.Fatalf("Get after Put: ok=%v err=%v", ok, err)
			}
			if diff := cmp.Diff(tt.data, got); diff != "" {
				t.Errorf("data (-want +got):\n%s", diff)
			}
			if want := filepath.Join(d.Root(), tt.kind, tt.key[:2], tt.key); d.Path(tt.kind, tt.key) != want {
				t.Errorf("Path = %q, want %q", d.Path(tt.kind, tt.key), want)
			}
		})
	}
	// Put replaces.
	k := Key([]byte("a"))
	if err := d.Put("images", k, []byte("v2")); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := d.Get("images", k); string(got) != "v2" {
		t.Errorf("after a second Put: %q, want v2", got)
	}
	// Entries are kept per kind.
	if got, _, _ := d.Get("cards", k); string(got) != "png bytes" {
		t.Errorf("cards entry = %q, want it untouched by the images Put", got)
	}
	// No temporary file is left behind.
	_ = filepath.WalkDir(d.Root(), func(p string, _ os.DirEntry, _ error) error {
		if strings.Contains(filepath.Base(p), ".tmp-") {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}

func TestGetMissing(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data, ok, err := d.Get("images", Key([]byte("never stored")))
	if ok || err != nil || data != nil {
		t.Errorf("Get of a missing entry = (%q, %v, %v), want (nil, false, nil)", data, ok, err)
	}
	// An entry that cannot be read is an error, not a miss.
	k := Key([]byte("dir"))
	if err := os.MkdirAll(d.Path("images", k), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := d.Get("images", k); ok || err == nil {
		t.Errorf("Get of an unreadable entry: ok=%v err=%v, want an error", ok, err)
	}
}

func TestOpenTag(t *testing.T) {
	root := filepath.Join(t.TempDir(), "a", ".seopipe-cache")
	d, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if d.Root() != root {
		t.Errorf("Root = %q, want %q", d.Root(), root)
	}
	tagPath := filepath.Join(root, "CACHEDIR.TAG")
	data, err := os.ReadFile(tagPath)
	if err != nil {
		t.Fatalf("CACHEDIR.TAG: %v", err)
	}
	// https://bford.info/cachedir/: the file must start with this signature.
	if !strings.HasPrefix(string(data), "Signature: 8a477f597d28d172789f06886806bc55") {
		t.Errorf("CACHEDIR.TAG = %q, want the cachedir signature first", data)
	}
	// Opening again keeps a tag the user edited.
	if err := os.WriteFile(tagPath, append(data, "# edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(root); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(tagPath); !strings.HasSuffix(string(got), "# edited\n") {
		t.Errorf("second Open rewrote CACHEDIR.TAG: %q", got)
	}
}

func TestOpenError(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(file, "cache")); err == nil {
		t.Error("Open under a regular file succeeded")
	}
}

func TestConcurrentPut(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Half of them race on the same key with the same bytes.
			key := Key([]byte(fmt.Sprint(i % 32)))
			if err := d.Put("images", key, []byte(fmt.Sprint("value ", i%32))); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for i := range 32 {
		got, ok, err := d.Get("images", Key([]byte(fmt.Sprint(i))))
		if err != nil || !ok || string(got) != fmt.Sprint("value ", i) {
			t.Errorf("entry %d = (%q, %v, %v)", i, got, ok, err)
		}
	}
}

// TestAddString: a string part keys the same as its bytes.
func TestAddString(t *testing.T) {
	for _, s := range []string{"", "a", "<p>héllo</p>", strings.Repeat("x", 1<<16)} {
		if a, b := NewKeyer().AddString(s).AddString("").Sum(), NewKeyer().Add([]byte(s)).Add(nil).Sum(); a != b {
			t.Errorf("AddString(%.20q) = %s, Add of its bytes = %s", s, a, b)
		}
	}
}
