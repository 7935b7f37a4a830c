package fonts

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/image/font/gofont/gomono"

	"github.com/seopipe/seopipe/internal/testdeps"
)

// The system fonts the tests load through testdeps (which skips the test
// where one is not installed).
const (
	dejaVu = "DejaVuSans"
	cjk    = "NotoSansCJK-Regular"
)

// need returns the fonts of the named system font, skipping the test when
// it is not installed.
func need(t testing.TB, name string) []*Font {
	t.Helper()
	fs, err := Load(testdeps.Font(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestParse(t *testing.T) {
	const notFont = "not a font file (want TrueType, OpenType or a .ttc collection)"
	tests := []struct {
		name    string
		data    []byte
		wantErr string
	}{
		{"empty.ttf", nil, "empty.ttf: " + notFont},
		{"garbage.ttf", []byte("\x13\x37garbage garbage garbage garbage"), "garbage.ttf: " + notFont},
		{"page.ttf", []byte("<!DOCTYPE html><html><head><title>404 Not Found</title></head></html>"), "page.ttf: " + notFont},
		{"truncated.ttf", gomono.TTF[:200], "truncated.ttf: " + notFont},
		{"ttcf.ttc", []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x09\x00\x00\x00\x10"), "ttcf.ttc: " + notFont},
		{"Go Mono", gomono.TTF, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, err := Parse(tt.name, tt.data)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("Parse() error = %v, want prefix %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{tt.name}, names(fs)); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
		})
	}
}

func names(fs []*Font) []string {
	var s []string
	for _, f := range fs {
		s = append(s, f.Name)
	}
	return s
}

func TestLoad(t *testing.T) {
	fs := need(t, dejaVu)
	if diff := cmp.Diff([]string{"DejaVuSans.ttf"}, names(fs)); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	if _, err := Load("/nonexistent/x.ttf"); err == nil || !strings.Contains(err.Error(), "/nonexistent/x.ttf") {
		t.Errorf("Load(missing) error = %v, want it to name the path", err)
	}
	html := t.TempDir() + "/font.ttf"
	if err := os.WriteFile(html, []byte("<html><body>Moved</body></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(html)
	if want := html + ": not a font file (want TrueType, OpenType or a .ttc collection)"; err == nil || err.Error() != want {
		t.Errorf("Load(html) error = %v, want %q", err, want)
	}
}

func TestLoadCollection(t *testing.T) {
	fs := need(t, cjk)
	if len(fs) < 2 {
		t.Fatalf("%s: %d faces, want all faces of the collection", cjk, len(fs))
	}
	if got, want := fs[1].Name, "NotoSansCJK-Regular.ttc#1"; got != want {
		t.Errorf("face 1 name = %q, want %q", got, want)
	}
	c := NewChain(GoRegular(), fs[0])
	for _, r := range "中文日本語한국어" {
		if got := c.Index(r); got != 1 {
			t.Errorf("Index(%q) = %d, want 1 (the CJK face)", r, got)
		}
	}
	if NewChain(fs[0]).Key() == NewChain(fs[1]).Key() {
		t.Error("faces of one collection have the same Key")
	}
}

func TestChainIndex(t *testing.T) {
	mono, err := Parse("gomono.ttf", gomono.TTF)
	if err != nil {
		t.Fatal(err)
	}
	c := NewChain(GoBold(), mono[0], GoRegular())
	tests := []struct {
		r    rune
		want int
	}{
		{'A', 0}, {'é', 0}, {'Ж', 0}, {'中', -1}, {'👩', -1},
	}
	for _, tt := range tests {
		for range 2 { // cached and uncached
			if got := c.Index(tt.r); got != tt.want {
				t.Errorf("Index(%q) = %d, want %d", tt.r, got, tt.want)
			}
		}
	}
	if got := c.IndexAll([]rune("Aé")); got != 0 {
		t.Errorf("IndexAll = %d, want 0", got)
	}
	if c.Len() != 3 || c.Font(1).Name != "gomono.ttf" {
		t.Errorf("Len() = %d, Font(1) = %q", c.Len(), c.Font(1).Name)
	}
}

func TestChainFallbackOrder(t *testing.T) {
	dv := need(t, dejaVu)[0]
	c := NewChain(GoRegular(), dv)
	tests := []struct {
		r    rune
		want int
	}{
		{'A', 0},  // both: the first
		{'ب', 1},  // Arabic: DejaVu only
		{'∮', 1},  // maths: DejaVu only
		{'中', -1}, // neither
	}
	for _, tt := range tests {
		if got := c.Index(tt.r); got != tt.want {
			t.Errorf("Index(%q) = %d, want %d", tt.r, got, tt.want)
		}
	}
	if got := NewChain(dv, GoRegular()).Index('A'); got != 0 {
		t.Errorf("reversed chain Index('A') = %d, want 0", got)
	}
}

func TestKey(t *testing.T) {
	mono, err := Parse("gomono.ttf", gomono.TTF)
	if err != nil {
		t.Fatal(err)
	}
	a := NewChain(GoRegular(), GoBold()).Key()
	if len(a) != 64 {
		t.Errorf("Key() = %q, want 64 hex digits", a)
	}
	for name, other := range map[string]*Chain{
		"order":   NewChain(GoBold(), GoRegular()),
		"font":    NewChain(GoRegular(), mono[0]),
		"missing": NewChain(GoRegular()),
	} {
		if other.Key() == a {
			t.Errorf("%s: Key did not change", name)
		}
	}
	if b := NewChain(GoRegular(), GoBold()).Key(); b != a {
		t.Errorf("Key() not stable: %s then %s", a, b)
	}
}

func TestKern(t *testing.T) {
	dv := need(t, dejaVu)[0]
	c := NewChain(dv)
	if k := c.Kern(0, 'A', 'V'); k >= 0 {
		t.Errorf("DejaVu Kern(A, V) = %v em, want < 0", k)
	}
	a, _ := c.Glyph(0, 'A')
	if a.Advance < 0.5 || a.Advance > 1 || a.MinY >= 0 {
		t.Errorf("DejaVu A metrics = %+v", a)
	}
}

func TestConcurrentIndex(t *testing.T) {
	// Lookups from several goroutines (run with -race) give what one
	// goroutine alone gets from a fresh chain.
	want := make([]int, 2000)
	serial := NewChain(GoRegular(), GoBold())
	for r := range rune(2000) {
		want[r] = serial.Index(r)
	}
	c := NewChain(GoRegular(), GoBold())
	got := make([][]int, 4)
	done := make(chan bool)
	for g := range 4 {
		go func() {
			got[g] = make([]int, 2000)
			for r := range rune(2000) {
				got[g][r] = c.Index(r)
				c.Glyph(0, r)
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
	for g := range 4 {
		if diff := cmp.Diff(want, got[g]); diff != "" {
			t.Errorf("goroutine %d (-want +got):\n%s", g, diff)
		}
	}
}

func BenchmarkIndexCJK(b *testing.B) {
	fs := need(b, cjk)
	c := NewChain(GoRegular(), fs[0])
	const text = "社交卡片的标题需要正确换行。ソーシャルカードのタイトル。Social cards"
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range text {
			c.Index(r)
		}
	}
}

func BenchmarkLoadCJK(b *testing.B) {
	path := testdeps.Font(b, cjk)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(path); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(gomono.TTF[:1000])
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"))
	f.Add([]byte("OTTO\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fs, err := Parse("fuzz", data)
		if err != nil {
			return
		}
		if len(fs) == 0 {
			t.Fatal("Parse gave no font and no error")
		}
		c := NewChain(fs...)
		if c.Len() != min(len(fs), MaxChain) || c.Key() == "" {
			t.Fatalf("chain of %d fonts: Len %d, key %q", len(fs), c.Len(), c.Key())
		}
		if i := c.Index('A'); i >= 0 {
			c.Glyph(i, 'A')
		}
	})
}
