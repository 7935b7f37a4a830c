package outfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// tree returns every file under root (slash paths) with its content.
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// dirs returns every directory under root (root excluded).
func dirs(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// noTemps fails the test when a temporary file is left under root.
func noTemps(t *testing.T, root string) {
	t.Helper()
	for name := range tree(t, root) {
		if strings.Contains(name, ".tmp-") {
			t.Errorf("temporary file left behind: %s", name)
		}
	}
}

func write(t *testing.T, root, rel, data string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCommit(t *testing.T) {
	tests := []struct {
		name   string
		before map[string]string
		writes [][2]string // rel, data in order
		want   map[string]string
		stats  Stats
		files  []string
	}{
		{
			name:   "new files",
			writes: [][2]string{{"posts.json", "{}\n"}, {"a/b/c.txt", "abc"}},
			want:   map[string]string{"posts.json": "{}\n", "a/b/c.txt": "abc"},
			stats:  Stats{Written: 2, WrittenFiles: []string{"a/b/c.txt", "posts.json"}, Bytes: 6},
			files:  []string{"a/b/c.txt", "posts.json"},
		},
		{
			name:   "replaces and keeps others",
			before: map[string]string{"posts.json": "old", "other.txt": "keep"},
			writes: [][2]string{{"posts.json", "new!"}},
			want:   map[string]string{"posts.json": "new!", "other.txt": "keep"},
			stats:  Stats{Written: 1, WrittenFiles: []string{"posts.json"}, Bytes: 4},
			files:  []string{"posts.json"},
		},
		{
			name:   "identical content is unchanged",
			before: map[string]string{"posts.json": "same", "x.txt": "old"},
			writes: [][2]string{{"posts.json", "same"}, {"x.txt", "new"}},
			want:   map[string]string{"posts.json": "same", "x.txt": "new"},
			stats:  Stats{Written: 1, WrittenFiles: []string{"x.txt"}, Unchanged: 1, Bytes: 7},
			files:  []string{"posts.json", "x.txt"},
		},
		{
			name:   "same size, other bytes",
			before: map[string]string{"a": "abcd"},
			writes: [][2]string{{"a", "abce"}},
			want:   map[string]string{"a": "abce"},
			stats:  Stats{Written: 1, WrittenFiles: []string{"a"}, Bytes: 4},
			files:  []string{"a"},
		},
		{
			name:   "empty file",
			writes: [][2]string{{"empty", ""}},
			want:   map[string]string{"empty": ""},
			stats:  Stats{Written: 1, WrittenFiles: []string{"empty"}},
			files:  []string{"empty"},
		},
		{
			name:   "written twice: the last wins",
			writes: [][2]string{{"a.txt", "first"}, {"a.txt", "second"}},
			want:   map[string]string{"a.txt": "second"},
			stats:  Stats{Written: 1, WrittenFiles: []string{"a.txt"}, Bytes: 6},
			files:  []string{"a.txt"},
		},
		{
			name:   "written twice, last equals the old file",
			before: map[string]string{"a.txt": "old"},
			writes: [][2]string{{"a.txt", "changed"}, {"a.txt", "old"}},
			want:   map[string]string{"a.txt": "old"},
			stats:  Stats{Unchanged: 1, Bytes: 3},
			files:  []string{"a.txt"},
		},
		{
			name:   "written twice, first equals the old file",
			before: map[string]string{"a.txt": "old"},
			writes: [][2]string{{"a.txt", "old"}, {"a.txt", "changed"}},
			want:   map[string]string{"a.txt": "changed"},
			stats:  Stats{Written: 1, WrittenFiles: []string{"a.txt"}, Bytes: 7},
			files:  []string{"a.txt"},
		},
		{
			name:   "large file",
			before: map[string]string{"big": strings.Repeat("x", 200<<10)},
			writes: [][2]string{{"big", strings.Repeat("x", 200<<10-1) + "y"}},
			want:   map[string]string{"big": strings.Repeat("x", 200<<10-1) + "y"},
			stats:  Stats{Written: 1, WrittenFiles: []string{"big"}, Bytes: 200 << 10},
			files:  []string{"big"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "public")
			for rel, data := range tt.before {
				write(t, root, rel, data)
			}
			tx, err := Begin(root)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.writes {
				if err := tx.WriteFile(w[0], []byte(w[1])); err != nil {
					t.Fatalf("WriteFile(%q): %v", w[0], err)
				}
			}
			st, err := tx.Commit()
			if err != nil {
				t.Fatalf("Commit: %v", err)
			}
			if diff := cmp.Diff(tt.stats, st, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("stats (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.files, tx.Files()); diff != "" {
				t.Errorf("Files (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, tree(t, root)); diff != "" {
				t.Errorf("output (-want +got):\n%s", diff)
			}
			// Finished: later calls fail or do nothing.
			if err := tx.WriteFile("late.txt", []byte("x")); err == nil {
				t.Error("WriteFile after Commit succeeded")
			}
			if _, err := tx.Commit(); err == nil {
				t.Error("second Commit succeeded")
			}
			tx.Rollback() // no-op
			if diff := cmp.Diff(tt.want, tree(t, root)); diff != "" {
				t.Errorf("output after late calls (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCommitMode(t *testing.T) {
	root := t.TempDir()
	tx, err := Begin(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.WriteFile("a.txt", []byte("a")); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(root, "a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// CreateTemp makes 0600 files; outputs are for a web server to read.
	if perm := st.Mode().Perm(); perm&0o044 != 0o044 {
		t.Errorf("mode = %v, want readable by group and others", perm)
	}
}

func TestUnchangedKeepsMtime(t *testing.T) {
	root := t.TempDir()
	write(t, root, "same.txt", "same")
	write(t, root, "diff.txt", "old")
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, n := range []string{"same.txt", "diff.txt"} {
		if err := os.Chtimes(filepath.Join(root, n), old, old); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := Begin(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range [][2]string{{"same.txt", "same"}, {"diff.txt", "new"}} {
		if err := tx.WriteFile(w[0], []byte(w[1])); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	mtime := func(n string) time.Time {
		st, err := os.Stat(filepath.Join(root, n))
		if err != nil {
			t.Fatal(err)
		}
		return st.ModTime()
	}
	if got := mtime("same.txt"); !got.Equal(old) {
		t.Errorf("unchanged file mtime = %v, want the old %v", got, old)
	}
	if got := mtime("diff.txt"); got.Equal(old) {
		t.Errorf("rewritten file kept the old mtime %v", got)
	}
}

func TestRollback(t *testing.T) {
	tests := []struct {
		name   string
		before map[string]string
		// files staged with WriteFile, then ones left open with Create and
		// Close/Abort after the rollback.
		writes   [][2]string
		open     []string
		abort    bool
		wantDirs []string
	}{
		{
			name:   "previous output untouched",
			before: map[string]string{"posts.json": "old", "img/a.jpg": "jpeg"},
			writes: [][2]string{{"posts.json", "new"}, {"img/a.jpg", "other"}, {"img/b.jpg", "b"}},
			// no new directory is left behind
			wantDirs: []string{"img"},
		},
		{
			name:   "unchanged files stay",
			before: map[string]string{"posts.json": "same"},
			writes: [][2]string{{"posts.json", "same"}},
		},
		{
			name:     "new directories are removed",
			before:   map[string]string{"keep/x": "x"},
			writes:   [][2]string{{"a/b/c/d.txt", "d"}, {"a/e.txt", "e"}, {"keep/new/y", "y"}},
			wantDirs: []string{"keep"},
		},
		{
			name:   "file closed after rollback",
			before: map[string]string{"late.txt": "old"},
			open:   []string{"late.txt", "new.txt"},
		},
		{
			name:   "file aborted after rollback",
			before: map[string]string{"late.txt": "old"},
			open:   []string{"late.txt"},
			abort:  true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "public")
			for rel, data := range tt.before {
				write(t, root, rel, data)
			}
			tx, err := Begin(root)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.writes {
				if err := tx.WriteFile(w[0], []byte(w[1])); err != nil {
					t.Fatalf("WriteFile(%q): %v", w[0], err)
				}
			}
			var open []*File
			for _, rel := range tt.open {
				f, err := tx.Create(rel)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := f.Write([]byte("partial")); err != nil {
					t.Fatal(err)
				}
				open = append(open, f)
			}
			tx.Rollback()
			for _, f := range open {
				if tt.abort {
					f.Abort()
				} else if err := f.Close(); err == nil {
					t.Errorf("Close after Rollback succeeded")
				}
			}
			want := tt.before
			if want == nil {
				want = map[string]string{}
			}
			if diff := cmp.Diff(want, tree(t, root)); diff != "" {
				t.Errorf("output after rollback (-want +got):\n%s", diff)
			}
			noTemps(t, root)
			if diff := cmp.Diff(tt.wantDirs, dirs(t, root)); diff != "" {
				t.Errorf("directories after rollback (-want +got):\n%s", diff)
			}
			if _, err := tx.Commit(); err == nil {
				t.Error("Commit after Rollback succeeded")
			}
			tx.Rollback() // twice is fine
		})
	}
}

func TestRollbackRemovesNewRoot(t *testing.T) {
	parent := t.TempDir()
	root := filepath.Join(parent, "site", "public")
	tx, err := Begin(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.WriteFile("posts.json", []byte("{}")); err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("Rollback of a run that created the output dir left %v in %s", entries, parent)
	}
}

func TestPathsOutsideRoot(t *testing.T) {
	for _, rel := range []string{"../x", "a/../../x", "/abs", "/", "", ".", "a/..", ".."} {
		t.Run(rel, func(t *testing.T) {
			parent := t.TempDir()
			root := filepath.Join(parent, "public")
			tx, err := Begin(root)
			if err != nil {
				t.Fatal(err)
			}
			if err := tx.WriteFile(rel, []byte("x")); err == nil {
				t.Errorf("WriteFile(%q) succeeded, want an error", rel)
			} else if !strings.Contains(err.Error(), "not inside the output directory") {
				t.Errorf("WriteFile(%q) error = %v, want it to say the path is outside", rel, err)
			}
			if _, err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			got := tree(t, parent)
			if len(got) != 0 {
				t.Errorf("files written: %v", got)
			}
		})
	}
}

func TestConcurrentWrites(t *testing.T) {
	root := t.TempDir()
	write(t, root, "f/006.txt", "file 6\n") // one of them is unchanged
	tx, err := Begin(root)
	if err != nil {
		t.Fatal(err)
	}
	const n = 200
	want := map[string]string{}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		rel := fmt.Sprintf("f/%03d.txt", i)
		if i%2 == 1 {
			rel = fmt.Sprintf("g/%d/%03d.txt", i%7, i)
		}
		data := fmt.Sprintf("file %d\n", i)
		want[rel] = data
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%3 == 0 { // streamed through Create
				f, err := tx.Create(rel)
				if err != nil {
					errs <- err
					return
				}
				for _, c := range []byte(data) {
					if _, err := f.Write([]byte{c}); err != nil {
						f.Abort()
						errs <- err
						return
					}
				}
				errs <- f.Close()
				return
			}
			errs <- tx.WriteFile(rel, []byte(data))
		}()
	}
	// Readers of the Tx run alongside the writers.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 50 {
			_ = tx.Files()
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	st, err := tx.Commit()
	if err != nil {
		t.Fatal(err)
	}
	var bytes int64
	for _, d := range want {
		bytes += int64(len(d))
	}
	if diff := cmp.Diff(Stats{Written: n - 1, Unchanged: 1, Bytes: bytes}, st, cmpopts.IgnoreFields(Stats{}, "WrittenFiles")); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, tree(t, root)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
	if got := len(tx.Files()); got != n {
		t.Errorf("len(Files) = %d, want %d", got, n)
	}
}

func TestBeginError(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	write(t, dir, "file", "x")
	if _, err := Begin(filepath.Join(file, "public")); err == nil {
		t.Error("Begin under a regular file succeeded")
	}
}

func TestKeep(t *testing.T) {
	root := t.TempDir()
	tx, err := Begin(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.WriteFile("cards/a-og-12345678.png", []byte("card bytes")); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tx, err = Begin(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		rel  string
		size int64
		want bool
	}{
		{"cards/a-og-12345678.png", 10, true},
		{"cards/a-og-12345678.png", 11, false}, // another size: write it
		{"cards/b-og-87654321.png", 10, false}, // not there
		{"cards", 0, false},                    // a directory
	} {
		got, err := tx.Keep(tt.rel, tt.size)
		if err != nil || got != tt.want {
			t.Errorf("Keep(%q, %d) = %v, %v; want %v", tt.rel, tt.size, got, err, tt.want)
		}
	}
	if _, err := tx.Keep("../x", 1); err == nil {
		t.Error("Keep outside the output directory succeeded")
	}
	st, err := tx.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if st.Unchanged != 1 || st.Written != 0 || st.Bytes != 10 {
		t.Errorf("stats %+v, want the kept file counted unchanged", st)
	}
	if diff := tx.Files(); len(diff) != 1 || diff[0] != "cards/a-og-12345678.png" {
		t.Errorf("files %q", diff)
	}
}

func TestKeepUnmodified(t *testing.T) {
	root := t.TempDir()
	tx, err := Begin(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.WriteFile("seo/a/head.html", []byte("<title>A</title>")); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(root, "seo/a/head.html"))
	if err != nil {
		t.Fatal(err)
	}
	size, mod := st.Size(), st.ModTime().UnixNano()
	tx, err = Begin(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		rel       string
		size, mod int64
		want      bool
	}{
		{"seo/a/head.html", size, mod, true},
		{"seo/a/head.html", size, mod + 1, false}, // touched or rewritten since
		{"seo/a/head.html", size + 1, mod, false},
		{"seo/b/head.html", size, mod, false}, // not there
		{"seo/a", 4096, mod, false},           // a directory
	} {
		got, err := tx.KeepUnmodified(tt.rel, tt.size, tt.mod)
		if err != nil || got != tt.want {
			t.Errorf("KeepUnmodified(%q, %d, %d) = %v, %v; want %v", tt.rel, tt.size, tt.mod, got, err, tt.want)
		}
	}
	if _, err := tx.KeepUnmodified("../x", 1, 1); err == nil {
		t.Error("KeepUnmodified outside the output directory succeeded")
	}
	stats, err := tx.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if stats.Unchanged != 1 || stats.Written != 0 || stats.Bytes != size {
		t.Errorf("stats %+v, want the kept file counted unchanged", stats)
	}
}

// TestGrow: growing a Tx in the middle of a run loses nothing it staged.
func TestGrow(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "kept.txt"), []byte("k"), 0o644); err != nil {
		t.Fatal(err)
	}
	tx, err := Begin(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.WriteFile("a.txt", []byte("a")); err != nil {
		t.Fatal(err)
	}
	if ok, err := tx.Keep("kept.txt", 1); !ok || err != nil {
		t.Fatalf("Keep = %v, %v", ok, err)
	}
	tx.Grow(1000)
	tx.Grow(-1)
	if err := tx.WriteFile("b.txt", []byte("bb")); err != nil {
		t.Fatal(err)
	}
	if got := tx.Kept(); len(got) != 1 || got["kept.txt"].Size != 1 {
		t.Errorf("Kept() = %v, want kept.txt", got)
	}
	stats, err := tx.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if stats.Written != 2 || stats.Unchanged != 1 || stats.Bytes != 4 {
		t.Errorf("stats %+v, want 2 written, 1 unchanged, 4 bytes", stats)
	}
	if diff := cmp.Diff([]string{"a.txt", "b.txt", "kept.txt"}, tx.Files()); diff != "" {
		t.Errorf("Files() (-want +got):\n%s", diff)
	}
}

// TestDirIsAFile: a file where an output needs a directory fails the
// write, naming it, and leaves the file be.
func TestDirIsAFile(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "seo"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tx, err := Begin(root)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, rel := range []string{"seo/a/head.html", "seo/head.html"} {
		err := tx.WriteFile(rel, []byte("h"))
		if err == nil || !strings.Contains(err.Error(), "seo") {
			t.Errorf("WriteFile(%s) = %v, want an error naming seo", rel, err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(root, "seo")); err != nil || string(b) != "x" {
		t.Errorf("the file seo is now %q, %v", b, err)
	}
}

// TestCommitEach: renames run by a caller's runner, at the same time and
// in reverse order, commit every file, and the failures are reported in
// lexical order with their temporary files gone.
func TestCommitEach(t *testing.T) {
	root := t.TempDir()
	tx, err := Begin(root)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for i := range 40 {
		rel := fmt.Sprintf("d%d/%02d.txt", i%5, i)
		want[rel] = fmt.Sprintf("file %d\n", i)
		if err := tx.WriteFile(rel, []byte(want[rel])); err != nil {
			t.Fatal(err)
		}
	}
	// Two targets become directories with a file in them after staging:
	// their renames fail.
	bad := []string{"d1/06.txt", "d3/28.txt"}
	for _, rel := range bad {
		write(t, root, rel+"/inside", "in the way\n")
		delete(want, rel)
		want[rel+"/inside"] = "in the way\n"
	}
	calls := 0
	st, err := tx.CommitEach(func(n int, rename func(i int)) {
		calls++
		var wg sync.WaitGroup
		for i := n - 1; i >= 0; i-- {
			wg.Go(func() { rename(i) })
		}
		wg.Wait()
	})
	if calls != 1 {
		t.Errorf("the runner was called %d times, want 1", calls)
	}
	if err == nil {
		t.Fatal("CommitEach succeeded with two renames failing")
	}
	if i, j := strings.Index(err.Error(), bad[0]), strings.Index(err.Error(), bad[1]); i < 0 || j < 0 || i > j {
		t.Errorf("error %q does not name %s then %s", err, bad[0], bad[1])
	}
	if st.Written != 38 {
		t.Errorf("Written = %d, want 38", st.Written)
	}
	if diff := cmp.Diff(want, tree(t, root)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

// TestCommitEachSkipped: an index the runner never renames is an error,
// not a file written, and leaves no temporary file behind.
func TestCommitEachSkipped(t *testing.T) {
	root := t.TempDir()
	tx, err := Begin(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"a.txt", "b.txt"} {
		if err := tx.WriteFile(rel, []byte(rel)); err != nil {
			t.Fatal(err)
		}
	}
	st, err := tx.CommitEach(func(n int, rename func(i int)) { rename(0) })
	if err == nil || !strings.Contains(err.Error(), "b.txt") {
		t.Errorf("CommitEach = %v, want an error naming b.txt", err)
	}
	if st.Written != 1 {
		t.Errorf("Written = %d, want 1", st.Written)
	}
	if diff := cmp.Diff(map[string]string{"a.txt": "a.txt"}, tree(t, root)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

// TestWriteAtomic: the file is replaced whole, readable by all, in a
// directory made if needed; a write that fails leaves the old file and no
// temporary one.
func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "f.gob")
	if err := WriteFileAtomic(path, []byte("one")); err != nil {
		t.Fatal(err)
	}
	failed := errors.New("encoding failed")
	tests := []struct {
		name    string
		write   func(w io.Writer) error
		wantErr error
		want    string
	}{
		{"streamed", func(w io.Writer) error {
			for _, s := range []string{"t", "w", "o"} {
				if _, err := io.WriteString(w, s); err != nil {
					return err
				}
			}
			return nil
		}, nil, "two"},
		{"the writer fails half-way", func(w io.Writer) error {
			io.WriteString(w, "thr")
			return failed
		}, failed, "two"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := WriteAtomic(path, tt.write); !errors.Is(err, tt.wantErr) {
				t.Fatalf("WriteAtomic = %v, want %v", err, tt.wantErr)
			}
			got, err := os.ReadFile(path)
			if err != nil || string(got) != tt.want {
				t.Errorf("file = %q (%v), want %q", got, err, tt.want)
			}
			st, err := os.Stat(path)
			if err != nil || st.Mode().Perm() != 0o644 {
				t.Errorf("mode %v (%v), want 0644", st.Mode().Perm(), err)
			}
			entries, _ := os.ReadDir(filepath.Dir(path))
			if len(entries) != 1 {
				t.Errorf("%d files beside it, want none", len(entries)-1)
			}
		})
	}
}
