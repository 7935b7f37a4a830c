package buildcache

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

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
