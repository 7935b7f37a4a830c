package buildcache

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestShards checks the sharded store: what is written reads back whole,
// and a change rewrites only the shard holding it.
func TestShards(t *testing.T) {
	dir := t.TempDir()
	const format = "test shards 1"
	m := map[string]string{}
	var all shards
	for i := range 100 {
		k := fmt.Sprintf("key-%d", i)
		m[k] = "value " + k
		all.mark(k)
	}
	if err := writeShards(dir, format, m, all); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(m, readShards[string](dir, format, nil)); d != "" {
		t.Fatalf("read back (-written +read):\n%s", d)
	}
	before := map[int][]byte{}
	for i := range shardCount {
		before[i] = readFile(t, shardPath(dir, i))
	}
	m["key-7"] = "changed"
	delete(m, "key-8")
	var changed shards
	changed.mark("key-7")
	changed.mark("key-8")
	if err := writeShards(dir, format, m, changed); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(m, readShards[string](dir, format, nil)); d != "" {
		t.Errorf("after the change (-want +read):\n%s", d)
	}
	for i := range shardCount {
		same := string(before[i]) == string(readFile(t, shardPath(dir, i)))
		if same == changed[i] {
			t.Errorf("shard %d: rewritten %v, marked %v", i, !same, changed[i])
		}
	}
	// A shard of another format reads as empty; the others still read.
	if err := writeGob(shardPath(dir, shardOf("key-7")), "another format", noHeader{}, map[string]string{"key-7": "x"}); err != nil {
		t.Fatal(err)
	}
	got := readShards[string](dir, format, nil)
	if _, ok := got["key-7"]; ok || len(got) == 0 {
		t.Errorf("a foreign shard was read, or the others were not: %d entries", len(got))
	}
	st, err := os.Stat(shardPath(dir, 0))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 {
		t.Errorf("shard file mode %v, want 0644", st.Mode().Perm())
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestWriteGobErrors: a value gob cannot encode is gob's error, and leaves
// the file as it was; a file that cannot be written is errWrite.
func TestWriteGobErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.gob")
	if err := writeGob(path, "f", noHeader{}, map[string]struct{ X any }{"a": {X: struct{ N int }{1}}}); err == nil || errors.Is(err, errWrite) {
		t.Errorf("an unregistered type: %v, want gob's error", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed write left %s (%v)", path, err)
	}
	if err := writeGob(filepath.Join(path, "under-a-missing-dir"), "f", noHeader{}, map[string]string{"a": "b"}); err != nil {
		t.Fatal(err) // the directory is made
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeGob(filepath.Join(file, "x.gob"), "f", noHeader{}, map[string]string{"a": "b"}); !errors.Is(err, errWrite) {
		t.Errorf("under a regular file: %v, want errWrite", err)
	}
}

// TestGobDamaged: a store whose bytes changed on disk reads as empty, even
// when gob still decodes them (a flipped byte inside a value), and one that
// is not a regular file (a FIFO would block the build for ever) too.
func TestGobDamaged(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"byte in a value", func(t *testing.T, path string) {
			data := readFile(t, path)
			i := bytes.Index(data, []byte("value-aaaa"))
			if i < 0 {
				t.Fatal("value not found in the store")
			}
			data[i+6] = 'b'
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"cut short", func(t *testing.T, path string) {
			data := readFile(t, path)
			if err := os.WriteFile(path, data[:len(data)-1], 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"byte appended", func(t *testing.T, path string) {
			if err := os.WriteFile(path, append(readFile(t, path), 0), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"FIFO", func(t *testing.T, path string) {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			if err := syscall.Mkfifo(path, 0o644); err != nil {
				t.Skipf("no FIFOs here: %v", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.gob")
			m := map[string]string{"k": "value-aaaa", "l": "other"}
			if err := writeGob(path, "f", noHeader{}, m); err != nil {
				t.Fatal(err)
			}
			if _, got := readGob[noHeader, string](path, "f"); !cmp.Equal(got, m) {
				t.Fatalf("read back before the damage: %v", got)
			}
			tt.damage(t, path)
			done := make(chan map[string]string, 1)
			go func() {
				_, got := readGob[noHeader, string](path, "f")
				done <- got
			}()
			select {
			case got := <-done:
				if len(got) != 0 {
					t.Errorf("read %v from a damaged store, want nothing", got)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("reading the store did not return")
			}
		})
	}
}
