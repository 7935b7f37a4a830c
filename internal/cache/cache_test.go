package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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

// TestMark: the cache dir is created with a CACHEDIR.TAG that starts
// with the convention's signature, and a tag already there is kept.
func TestMark(t *testing.T) {
	root := filepath.Join(t.TempDir(), "a", ".seopipe-cache")
	if err := Mark(root); err != nil {
		t.Fatal(err)
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
	st, err := os.Stat(tagPath)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 {
		t.Errorf("CACHEDIR.TAG mode %v, want 0644", st.Mode().Perm())
	}
	// Marking again keeps a tag the user edited.
	if err := os.WriteFile(tagPath, append(data, "# edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Mark(root); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(tagPath); !strings.HasSuffix(string(got), "# edited\n") {
		t.Errorf("a second Mark rewrote CACHEDIR.TAG: %q", got)
	}
}

func TestMarkError(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Mark(filepath.Join(file, "cache")); err == nil {
		t.Error("Mark under a regular file succeeded")
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
