package outfs

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
)

// JournalName is the commit's journal, in the output directory while a
// commit runs. It lists every rename of the commit and every stale file
// it removes (Tx.Remove), and is written whole
// and fsync'd before the first: a run killed during its commit (SIGKILL,
// the OOM killer, a lost CI runner) leaves it behind, and the next Begin
// completes those renames before anything else, so the output is never a
// mix of two runs' files. It is removed once the commit is done.
const JournalName = ".seopipe-commit.json"

// journal is what JournalName holds: the renames of one commit, each
// from a staged temporary file to its target, both slash paths relative
// to the output directory.
type journal struct {
	Version int         `json:"version"`
	Renames [][2]string `json:"renames"` // {temporary file, target}
	// Removes are the stale files removed after the renames (Tx.Remove).
	Removes []string `json:"removes,omitempty"`
}

const journalVersion = 1

// writeJournal writes the journal of renames (rel -> temporary file) and
// removals to root, durably: a temporary file, fsync'd, renamed into place, then the
// directory fsync'd, so that the journal survives whatever follows.
func writeJournal(root string, rels []string, pending func(rel string) string, removes []string) error {
	j := journal{Version: journalVersion, Renames: make([][2]string, len(rels)), Removes: removes}
	for i, rel := range rels {
		tmp, err := filepath.Rel(root, pending(rel))
		if err != nil {
			return err
		}
		j.Renames[i] = [2]string{filepath.ToSlash(tmp), rel}
	}
	data, err := json.Marshal(j)
	if err != nil {
		return err
	}
	dst := filepath.Join(root, JournalName)
	f, err := os.CreateTemp(root, "."+JournalName+".tmp-*")
	if err != nil {
		return err
	}
	_, werr := f.Write(append(data, '\n'))
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(f.Name(), dst)
	}
	if werr != nil {
		_ = os.Remove(f.Name())
		return werr
	}
	return syncDir(root)
}

// syncDir fsyncs directory d, so that a rename in it is on disk.
func syncDir(d string) error {
	f, err := os.Open(d)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) { // file systems that cannot sync a directory
		return nil
	}
	return err
}

// Recover completes the commit a killed run left half-done in root, when
// its journal is there: each temporary file still waiting is renamed into
// place (one already renamed is gone), the stale files it names are
// removed, then the journal is removed. It
// returns how many files it renamed. Begin calls it first; it is for a
// caller that must repair the output without starting a transaction.
func Recover(root string) (int, error) {
	p := filepath.Join(root, JournalName)
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("commit journal %s: %w", p, err)
	}
	var j journal
	if err := json.Unmarshal(data, &j); err != nil || j.Version != journalVersion {
		// Written whole and renamed into place: it cannot be torn, so
		// this is not seopipe's. Leave it, and the output, to the user.
		return 0, fmt.Errorf("commit journal %s: not a seopipe %d journal; remove it once the output is as it should be", p, journalVersion)
	}
	n := 0
	for _, r := range j.Renames {
		tmp, rel := r[0], r[1]
		if !journalPair(tmp, rel) {
			return n, fmt.Errorf("commit journal %s: %q -> %q is not a rename of a staged file", p, tmp, rel)
		}
		src := filepath.Join(root, filepath.FromSlash(tmp))
		if st, err := os.Lstat(src); err != nil || !st.Mode().IsRegular() {
			continue // renamed before the kill
		}
		if err := os.Rename(src, filepath.Join(root, filepath.FromSlash(rel))); err != nil {
			return n, fmt.Errorf("completing an interrupted commit: output %s: %w", rel, err)
		}
		n++
	}
	for _, rel := range j.Removes {
		if !filepath.IsLocal(filepath.FromSlash(rel)) {
			return n, fmt.Errorf("commit journal %s: %q is not inside the output directory", p, rel)
		}
		if err := removeOutput(root, rel); err != nil {
			return n, fmt.Errorf("completing an interrupted commit: removing stale %s: %w", rel, err)
		}
	}
	if err := os.Remove(p); err != nil {
		return n, fmt.Errorf("commit journal %s: %w", p, err)
	}
	return n, syncDir(root)
}

// journalPair reports whether tmp is a temporary file that Create makes
// for rel (".<name>.tmp-<pid>-<n>" beside it), both inside the output
// directory: a journal moves nothing else.
func journalPair(tmp, rel string) bool {
	if !filepath.IsLocal(filepath.FromSlash(rel)) || !filepath.IsLocal(filepath.FromSlash(tmp)) || path.Dir(tmp) != path.Dir(rel) {
		return false
	}
	return strings.HasPrefix(path.Base(tmp), "."+path.Base(rel)+".tmp-")
}

// Remove names files Commit removes after its renames, in the same
// journaled commit (stale outputs of the last run): a run killed during
// the commit leaves none of them behind once the next Begin completes it.
// rels are slash paths inside the output directory, none of them staged;
// a file already gone, or that is not a regular file, is left alone.
// Directories the removals leave empty go too.
func (t *Tx) Remove(rels []string) error {
	for _, rel := range rels {
		if _, err := t.target(rel); err != nil {
			return err
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.removes = slices.Sorted(slices.Values(slices.Concat(t.removes, rels)))
	t.removes = slices.Compact(t.removes)
	return nil
}

// removeOutput removes the regular file rel under root, if it is there,
// and the directories that leaves empty, up to root.
func removeOutput(root, rel string) error {
	p := filepath.Join(root, filepath.FromSlash(rel))
	if st, err := os.Lstat(p); err != nil || !st.Mode().IsRegular() {
		return nil
	}
	if err := os.Remove(p); err != nil {
		return err
	}
	for d := filepath.Dir(p); d != root && strings.HasPrefix(d, root); d = filepath.Dir(d) {
		if os.Remove(d) != nil {
			break
		}
	}
	return nil
}

// killAfterRenames is the crash tests' hook (cmd/seopipe): when
// SEOPIPE_TEST_KILL_AFTER_RENAMES is a number N, the process kills itself
// with SIGKILL once a commit has done N renames (0: with its journal
// written, before the first; the removals follow the last), or, with
// fewer to do, after the removals but before the journal is removed; when
// it is "staged", as the commit begins, every file staged (temporary
// files beside their places) and no journal written. Unset (always,
// outside those tests), it is -1 and costs one comparison per rename.
var killAfterRenames = func() int64 {
	v := os.Getenv("SEOPIPE_TEST_KILL_AFTER_RENAMES")
	if v == "staged" {
		return killStaged
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return -1
	}
	return n
}()

// killStaged is killAfterRenames for "staged".
const killStaged = -2

// kill is how the hook ends the process; tests of this package replace it.
var kill = func() {
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		_ = p.Kill() // SIGKILL
	}
	select {} // the signal is on its way
}

// renamedCount counts a commit's renames for killAfterRenames.
type renamedCount struct{ n atomic.Int64 }

// add counts one rename and kills the process when the hook says so.
func (c *renamedCount) add() {
	if killAfterRenames >= 0 && c.n.Add(1) == killAfterRenames {
		kill()
	}
}

// staged marks the commit's start, before its journal, for the hook.
func (c *renamedCount) staged() {
	if killAfterRenames == killStaged {
		kill()
	}
}

// start and end mark the commit's renames' start and end for the hook.
func (c *renamedCount) start() {
	if killAfterRenames == 0 {
		kill()
	}
}

func (c *renamedCount) end() {
	if killAfterRenames > c.n.Load() {
		kill()
	}
}
