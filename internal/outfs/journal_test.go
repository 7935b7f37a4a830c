package outfs

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// errKilled stands for SIGKILL in these tests: the hook panics with it,
// and the commit stops where a killed process would.
var errKilled = errors.New("killed")

// killedCommit commits tx with the process "killed" after n renames, as
// SEOPIPE_TEST_KILL_AFTER_RENAMES=n does, and reports whether it was.
func killedCommit(t *testing.T, tx *Tx, n int64) (killed bool) {
	t.Helper()
	oldAfter, oldKill := killAfterRenames, kill
	killAfterRenames, kill = n, func() { panic(errKilled) }
	defer func() {
		killAfterRenames, kill = oldAfter, oldKill
		if r := recover(); r != nil {
			if r != errKilled {
				panic(r)
			}
			killed = true
		}
	}()
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return false
}

// TestKilledCommitCompletes: a commit killed after any number of its
// renames, or before or after its removals, leaves the journal, and the
// next Begin completes it: the output is the new one, whole, the stale
// file and its directory gone, and the journal too. Files the killed run
// did not change are as they were.
func TestKilledCommitCompletes(t *testing.T) {
	old := map[string]string{"a.txt": "old a", "b/c.txt": "old c", "b/d.txt": "old d", "e.txt": "same", "z/stale.txt": "stale"}
	neu := map[string]string{"a.txt": "new a", "b/c.txt": "new c", "b/d.txt": "new d", "e.txt": "same", "f/g.txt": "new g"}
	for n := int64(0); n <= 5; n++ { // 4 renames: 0 to 4 of them done (then the removal), and after the removal
		root := t.TempDir()
		for rel, data := range old {
			if err := os.MkdirAll(filepath.Dir(filepath.Join(root, rel)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(root, rel), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		tx, err := Begin(root)
		if err != nil {
			t.Fatal(err)
		}
		for rel, data := range neu {
			if err := tx.WriteFile(rel, []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Remove([]string{"z/stale.txt"}); err != nil {
			t.Fatal(err)
		}
		if !killedCommit(t, tx, n) {
			t.Fatalf("after %d renames: the hook did not fire", n)
		}
		if _, err := os.Stat(filepath.Join(root, JournalName)); err != nil {
			t.Fatalf("after %d renames: no journal left by the killed commit: %v", n, err)
		}
		next, err := Begin(root)
		if err != nil {
			t.Fatalf("after %d renames: Begin: %v", n, err)
		}
		if want := 4 - min(n, 4); next.Recovered() != int(want) {
			t.Errorf("after %d renames: Begin completed %d renames, want %d", n, next.Recovered(), want)
		}
		if diff := cmp.Diff(neu, tree(t, root)); diff != "" {
			t.Errorf("killed after %d renames, then Begin: output (-want +got):\n%s", n, diff)
		}
		next.Rollback()
	}
}

// TestCommitLeavesNoJournal: a commit that finishes removes its journal,
// and one with nothing to rename writes none.
func TestCommitLeavesNoJournal(t *testing.T) {
	root := t.TempDir()
	for _, data := range []string{"x", "x"} { // the second run changes nothing
		tx, err := Begin(root)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.WriteFile("a.txt", []byte(data)); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[string]string{"a.txt": "x"}, tree(t, root)); diff != "" {
			t.Errorf("output (-want +got):\n%s", diff)
		}
	}
}

// TestRecoverRefuses: a journal that is not seopipe's, or that would move
// a file other than a staged one, is an error naming it, and nothing is
// moved.
func TestRecoverRefuses(t *testing.T) {
	for _, tt := range []struct{ name, journal string }{
		{"not json", "{"},
		{"another version", `{"version": 9, "renames": []}`},
		{"outside the output", `{"version": 1, "renames": [["../x", "a.txt"]]}`},
		{"not a staged file", `{"version": 1, "renames": [["b.txt", "a.txt"]]}`},
		{"another directory", `{"version": 1, "renames": [["d/.a.txt.tmp-1-1", "a.txt"]]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			files := map[string]string{"a.txt": "a", "b.txt": "b", JournalName: tt.journal}
			for rel, data := range files {
				if err := os.WriteFile(filepath.Join(root, rel), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := Begin(root); err == nil {
				t.Error("Begin: no error")
			}
			if diff := cmp.Diff(files, tree(t, root)); diff != "" {
				t.Errorf("output changed (-want +got):\n%s", diff)
			}
		})
	}
}
