package buildcache

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRacy(t *testing.T) {
	sec := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) // a time in whole seconds
	fine := sec.Add(123456789)                            // one with a fraction
	tests := []struct {
		name string
		mod  time.Time
		at   time.Time
		want bool
	}{
		{"whole seconds, stamped at once", sec, sec, true},
		{"whole seconds, 1.5 s later: a 2 s clock may not have moved", sec, sec.Add(1500 * time.Millisecond), true},
		{"whole seconds, 2 s later", sec, sec.Add(2 * time.Second), false},
		{"a fraction, stamped at once", fine, fine, true},
		{"a fraction, 50 ms later", fine, fine.Add(50 * time.Millisecond), true},
		{"a fraction, 100 ms later", fine, fine.Add(100 * time.Millisecond), false},
		{"a fraction, a minute later", fine, fine.Add(time.Minute), false},
		{"the clock behind the file's time", fine, fine.Add(-time.Second), true},
		{"before 1970, with a fraction", time.Unix(-10, 5), time.Unix(-10, 5).Add(time.Second), false},
	}
	for _, tt := range tests {
		if got := racy(tt.mod.UnixNano(), tt.at); got != tt.want {
			t.Errorf("%s: racy = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestSameFile: a stamp holds while the file keeps its size and time; a
// racy one also needs the same bytes.
func TestSameFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "head.html")
	data := []byte("<title>A</title>")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	now := time.Now()
	st, ok := newStamp(path, "head.html", hex.EncodeToString(sum[:]), now)
	if !ok {
		t.Fatal("no stamp")
	}
	if !st.Racy {
		t.Fatal("a file written just now is not racy")
	}
	settled := st
	settled.Racy = false
	if _, ok := newStamp(path, "head.html", "", now); ok {
		t.Error("a stamp without a digest")
	}
	if _, ok := newStamp(dir, "d", "x", now); ok {
		t.Error("a directory was stamped")
	}
	tests := []struct {
		name  string
		edit  []byte // written, then the time put back; nil: left alone
		stamp FileStamp
		want  bool
	}{
		{"unchanged, settled", nil, settled, true},
		{"unchanged, racy", nil, st, true},
		{"same size and time, other bytes, settled: trusted", []byte("<title>B</title>"), settled, true},
		{"same size and time, other bytes, racy", []byte("<title>B</title>"), st, false},
		{"another size", []byte("<title>AB</title>"), settled, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			mod := time.Unix(0, st.Mod)
			if tt.edit != nil {
				if err := os.WriteFile(path, tt.edit, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Chtimes(path, mod, mod); err != nil {
				t.Fatal(err)
			}
			if got := sameFile(path, tt.stamp); got != tt.want {
				t.Errorf("sameFile = %v, want %v", got, tt.want)
			}
		})
	}
	later := time.Unix(0, st.Mod).Add(time.Second)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	if sameFile(path, settled) {
		t.Error("a touched file kept its stamp")
	}
	if sameFile(filepath.Join(dir, "gone"), settled) {
		t.Error("a missing file kept its stamp")
	}
}

// digestOf is the hex SHA-256 of s, as a build sums what it writes.
func digestOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
