// Package outfs writes a run's output files as one transaction: each file
// goes to a temporary file beside its target, and only Commit renames them
// into place. A run that fails or is interrupted calls Rollback, which removes
// the temporary files and leaves the previous output exactly as it was.
// A run killed during Commit (SIGKILL, out of memory) leaves the commit's
// journal, and the next Begin completes the commit before anything else
// (see JournalName): the output is the previous run's or the new one's,
// never a mix.
//
// A file whose new bytes equal the file already there is not rewritten, so
// unchanged outputs keep their modification times (deploy tools that sync by
// mtime upload only what changed).
package outfs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
)

// Tx is one run's pending output. Its methods are safe for concurrent use.
type Tx struct {
	root string

	mu        sync.Mutex
	pending   map[string]uint64 // rel -> its temp file's number (tempPath)
	unchanged map[string]bool
	sizes     map[string]int64
	stamps    map[string]Stamp // files kept after a stat: what it saw
	made      []string         // directories this Tx created, for Rollback
	done      bool

	// dirs caches directories known to exist: true when this Tx created
	// them (so no file in them predates the run), false when they were there.
	dirs sync.Map
	seq  atomic.Uint64 // temporary file names
	pid  int
	// recovered counts the files Begin renamed to complete a killed
	// run's commit.
	recovered int
	// removes are the files Commit removes after its renames (Remove).
	removes []string
}

// Stats counts what a committed Tx wrote.
type Stats struct {
	Written int // files renamed into place
	// WrittenFiles are the files renamed into place, sorted.
	WrittenFiles []string
	Unchanged    int   // files whose bytes were already there
	Bytes        int64 // bytes of all files, written or unchanged
	// Removed are the files Remove named that the commit removed, and
	// NotRemoved those it could not (each with an error), both sorted.
	Removed, NotRemoved []string
}

// Begin starts a transaction writing under root, creating root if needed.
// It first completes the commit of a run killed during it (Recover): the
// caller must hold the output directory's lock (internal/lockfile), or a
// running build's journal would be taken for a killed one's.
func Begin(root string) (*Tx, error) {
	t := &Tx{root: root, pending: map[string]uint64{}, unchanged: map[string]bool{}, sizes: map[string]int64{}, stamps: map[string]Stamp{}, pid: os.Getpid()}
	if err := t.mkdirAll(root); err != nil {
		return nil, fmt.Errorf("output dir: %w", err)
	}
	n, err := Recover(root)
	if err != nil {
		return nil, fmt.Errorf("output dir: %w", err)
	}
	t.recovered = n
	return t, nil
}

// Recovered returns how many files Begin renamed into place to complete
// the commit of a run killed during it (see JournalName).
func (t *Tx) Recovered() int { return t.recovered }

// mkdirAll is os.MkdirAll that remembers the directories it creates, so
// that Rollback can remove them again.
func (t *Tx) mkdirAll(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if len(missing) > 0 {
		t.mu.Lock()
		t.made = append(t.made, missing...)
		t.mu.Unlock()
	}
	return nil
}

// Root returns the output directory.
func (t *Tx) Root() string { return t.root }

func (t *Tx) target(rel string) (string, error) {
	if p := filepath.FromSlash(rel); !filepath.IsLocal(p) || filepath.Clean(p) == "." {
		return "", fmt.Errorf("output path %q: not inside the output directory", rel)
	}
	return filepath.Join(t.root, filepath.FromSlash(rel)), nil
}

// WriteFile stages data as the new content of rel (slash-separated, inside
// the output directory). When the file there already holds data, nothing is
// written at all.
func (t *Tx) WriteFile(rel string, data []byte) error {
	dst, err := t.target(rel)
	if err != nil {
		return err
	}
	fresh, err := t.dir(filepath.Dir(dst))
	if err != nil {
		return fmt.Errorf("output %s: %w", rel, err)
	}
	if !fresh {
		if old, err := os.ReadFile(dst); err == nil && bytes.Equal(old, data) {
			return t.stage(rel, 0, true, int64(len(data)))
		}
	}
	// The bytes are in hand: one open, write and close, without an
	// os.File (whose set-up costs a system call per file, on 900,000
	// files at 300,000 posts).
	for {
		seq := t.seq.Add(1)
		err := writeNew(t.tempPath(dst, seq), data)
		if errors.Is(err, fs.ErrExist) {
			continue // left by a killed run with the same pid: take the next number
		}
		if err != nil {
			return fmt.Errorf("output %s: %w", rel, err)
		}
		return t.stage(rel, seq, false, int64(len(data)))
	}
}

// tempPath is the temporary file number seq of the file at dst:
// ".<name>.tmp-<pid>-<seq>" beside it. A Tx keeps the number, not the
// name, for each file it stages.
func (t *Tx) tempPath(dst string, seq uint64) string {
	return fmt.Sprintf("%s%c.%s.tmp-%d-%d", filepath.Dir(dst), filepath.Separator, filepath.Base(dst), t.pid, seq)
}

// pendingPath is the temporary file staged for rel.
func (t *Tx) pendingPath(rel string) string {
	dst, _ := t.target(rel)
	return t.tempPath(dst, t.pending[rel])
}

// Keep records rel as an unchanged output without reading it, when a
// regular file of size bytes is already there, and reports whether it did.
// It is for content-addressed names (a hash of every input in the name):
// a file of that name and size holds those bytes, since every file is
// written whole and renamed into place, so comparing them again would only
// cost reading them. When Keep returns false the caller writes the file.
func (t *Tx) Keep(rel string, size int64) (bool, error) {
	dst, err := t.target(rel)
	if err != nil {
		return false, err
	}
	st, err := os.Lstat(dst)
	if err != nil || !st.Mode().IsRegular() || st.Size() != size {
		return false, nil
	}
	return true, t.stageKept(rel, st)
}

// KeepUnmodified records rel as an unchanged output without reading it,
// when a regular file of size bytes last modified at mod (Unix
// nanoseconds) is there, and reports whether it did. It is for a file the
// caller knows it wrote with the same inputs in an earlier run, and stamped
// then: a file anyone has changed since has another size or time. When it
// returns false the caller writes the file.
func (t *Tx) KeepUnmodified(rel string, size, mod int64) (bool, error) {
	dst, err := t.target(rel)
	if err != nil {
		return false, err
	}
	st, err := os.Lstat(dst)
	if err != nil || !st.Mode().IsRegular() || st.Size() != size || st.ModTime().UnixNano() != mod {
		return false, nil
	}
	return true, t.stageKept(rel, st)
}

// Grow makes room for n more files, a hint from a caller about to keep or
// write that many: the maps a Tx keeps per file then need not grow step
// by step (on 20,000 files, rehashing was most of the cost of keeping one).
func (t *Tx) Grow(n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.unchanged = grown(t.unchanged, n)
	t.sizes = grown(t.sizes, n)
	t.stamps = grown(t.stamps, n)
}

func grown[V any](m map[string]V, n int) map[string]V {
	g := make(map[string]V, len(m)+max(n, 0))
	maps.Copy(g, m)
	return g
}

// Stamp is a file's size and modification time (Unix nanoseconds).
type Stamp struct{ Size, Mod int64 }

// stageKept stages a kept file and remembers the stat that kept it.
func (t *Tx) stageKept(rel string, st os.FileInfo) error {
	if err := t.stage(rel, 0, true, st.Size()); err != nil {
		return err
	}
	t.mu.Lock()
	t.stamps[rel] = Stamp{Size: st.Size(), Mod: st.ModTime().UnixNano()}
	t.mu.Unlock()
	return nil
}

// Kept returns the stamps of the files Keep and KeepUnmodified kept, as
// they saw them: callers that need every output's stamp after Commit need
// not look at those files again.
func (t *Tx) Kept() map[string]Stamp {
	t.mu.Lock()
	defer t.mu.Unlock()
	return maps.Clone(t.stamps)
}

// dir makes sure directory d exists, and reports whether this Tx created it.
// It tries mkdir first: on a build into an empty directory every post's
// seo/<slug>/ is new, and one system call makes it where stat-then-mkdir
// took six.
func (t *Tx) dir(d string) (fresh bool, err error) {
	if v, ok := t.dirs.Load(d); ok {
		return v.(bool), nil
	}
	err = os.Mkdir(d, 0o755)
	if errors.Is(err, fs.ErrNotExist) && filepath.Dir(d) != d {
		if _, perr := t.dir(filepath.Dir(d)); perr != nil {
			return false, perr
		}
		err = os.Mkdir(d, 0o755)
	}
	switch {
	case err == nil:
		fresh = true
		t.mu.Lock()
		t.made = append(t.made, d)
		t.mu.Unlock()
	case errors.Is(err, fs.ErrExist):
		// There already, or made a moment ago by another of this Tx's
		// writers (then not fresh to this one: it compares, which is
		// only slower). It must be a directory, or a link to one.
		st, serr := os.Stat(d)
		if serr != nil {
			return false, serr
		}
		if !st.IsDir() {
			return false, &fs.PathError{Op: "mkdir", Path: d, Err: syscall.ENOTDIR}
		}
	default:
		return false, err
	}
	t.dirs.Store(d, fresh)
	return fresh, nil
}

// File is a staged output being written. Close stages it; Abort drops it.
type File struct {
	tx   *Tx
	rel  string
	dst  string
	f    *os.File
	seq  uint64 // of its temporary file
	n    int64
	done bool
	// compared is set when the caller already knows the bytes differ from
	// the file in place (or there is none): Close skips the comparison.
	compared bool
}

// Create starts writing rel. The caller must Close (to stage it) or Abort.
func (t *Tx) Create(rel string) (*File, error) {
	dst, err := t.target(rel)
	if err != nil {
		return nil, err
	}
	fresh, err := t.dir(filepath.Dir(dst))
	if err != nil {
		return nil, fmt.Errorf("output %s: %w", rel, err)
	}
	w, err := t.create(rel, dst)
	if err != nil {
		return nil, err
	}
	w.compared = fresh
	return w, nil
}

// create opens a new temporary file beside dst, readable by all (0644 less
// the umask), named ".<name>.tmp-<pid>-<n>".
func (t *Tx) create(rel, dst string) (*File, error) {
	for {
		seq := t.seq.Add(1)
		f, err := os.OpenFile(t.tempPath(dst, seq), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue // left by a killed run with the same pid: take the next name
		}
		if err != nil {
			return nil, fmt.Errorf("output %s: %w", rel, err)
		}
		return &File{tx: t, rel: rel, dst: dst, f: f, seq: seq}, nil
	}
}

// Write implements io.Writer.
func (w *File) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.n += int64(n)
	if err != nil {
		return n, fmt.Errorf("output %s: %w", w.rel, err)
	}
	return n, nil
}

// Abort drops the file. It is safe after Close.
func (w *File) Abort() {
	if w.done {
		return
	}
	w.done = true
	_ = w.f.Close()
	_ = os.Remove(w.f.Name())
}

// Close finishes the file and stages it for Commit.
func (w *File) Close() error {
	if w.done {
		return nil
	}
	w.done = true
	tmp := w.f.Name()
	if err := w.f.Close(); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("output %s: %w", w.rel, err)
	}
	same := false
	if !w.compared {
		var err error
		if same, err = sameContent(tmp, w.dst, w.n); err != nil {
			_ = os.Remove(tmp)
			return fmt.Errorf("output %s: %w", w.rel, err)
		}
	}
	if same {
		_ = os.Remove(tmp)
	}
	return w.tx.stage(w.rel, w.seq, same, w.n)
}

// stage records rel as staged: unchanged when same, else written to its
// temporary file number seq.
func (t *Tx) stage(rel string, seq uint64, same bool, n int64) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		if !same {
			dst, _ := t.target(rel)
			_ = os.Remove(t.tempPath(dst, seq))
		}
		return errors.New("output: transaction already finished")
	}
	if _, dup := t.pending[rel]; dup { // written twice: the last one wins
		_ = os.Remove(t.pendingPath(rel))
	}
	delete(t.pending, rel)
	delete(t.unchanged, rel)
	delete(t.stamps, rel)
	t.sizes[rel] = n
	if same {
		t.unchanged[rel] = true
	} else {
		t.pending[rel] = seq
	}
	return nil
}

// sameContent reports whether the file at dst holds exactly the n bytes of tmp.
func sameContent(tmp, dst string, n int64) (bool, error) {
	st, err := os.Stat(dst)
	if err != nil || !st.Mode().IsRegular() || st.Size() != n {
		return false, nil
	}
	a, err := os.Open(tmp)
	if err != nil {
		return false, err
	}
	defer a.Close()
	b, err := os.Open(dst)
	if err != nil {
		return false, nil
	}
	defer b.Close()
	bufA, bufB := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, errA := io.ReadFull(a, bufA)
		nb, errB := io.ReadFull(b, bufB)
		if na != nb || !bytes.Equal(bufA[:na], bufB[:nb]) {
			return false, nil
		}
		if errA == io.EOF || errA == io.ErrUnexpectedEOF {
			return errB == io.EOF || errB == io.ErrUnexpectedEOF, nil
		}
		if errA != nil {
			return false, errA
		}
		if errB != nil {
			return false, nil
		}
	}
}

// Commit renames every staged file into place, in lexical order, and
// returns what was written. It does not stop for cancellation: renames are
// quick, and stopping half-way would mix old and new output. Before the
// first rename it writes the journal (JournalName), fsync'd, and removes
// it after the last: a process killed in between leaves it, and the next
// Begin completes the renames.
func (t *Tx) Commit() (Stats, error) {
	return t.CommitEach(func(n int, rename func(i int)) {
		for i := range n {
			rename(i)
		}
	})
}

// CommitEach is Commit with the renames run by each, which must call
// rename(i) once for every i in [0, n), as many at a time as it likes,
// and return when all have returned: renames in different directories
// need not wait for each other. The errors are reported in lexical order
// whatever order the renames ran in.
func (t *Tx) CommitEach(each func(n int, rename func(i int))) (Stats, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return Stats{}, errors.New("output: transaction already finished")
	}
	t.done = true
	rels := slices.Sorted(maps.Keys(t.pending))
	journaled := len(rels) > 0 || len(t.removes) > 0
	var hook renamedCount
	hook.staged()
	if journaled {
		// Before the first rename: a run killed from here on leaves the
		// journal, and the next Begin completes the commit.
		if err := writeJournal(t.root, rels, t.pendingPath, t.removes); err != nil {
			for rel := range t.pending {
				_ = os.Remove(t.pendingPath(rel))
			}
			return Stats{}, fmt.Errorf("output: commit journal: %w", err)
		}
	}
	errs := make([]error, len(rels))
	renamed := make([]bool, len(rels))
	hook.start()
	each(len(rels), func(i int) {
		rel := rels[i]
		dst, _ := t.target(rel)
		tmp := t.tempPath(dst, t.pending[rel])
		if err := renameFile(tmp, dst); err != nil {
			errs[i] = fmt.Errorf("output %s: %w", rel, err)
			_ = os.Remove(tmp)
			return
		}
		renamed[i] = true
		hook.add()
	})
	var st Stats
	for _, rel := range t.removes {
		if err := removeOutput(t.root, rel); err != nil {
			errs = append(errs, fmt.Errorf("removing stale %s: %w", rel, err))
			st.NotRemoved = append(st.NotRemoved, rel)
			continue
		}
		st.Removed = append(st.Removed, rel)
	}
	hook.end()
	if journaled {
		if err := os.Remove(filepath.Join(t.root, JournalName)); err != nil {
			errs = append(errs, fmt.Errorf("output: commit journal: %w", err))
		}
	}
	written := make([]string, 0, len(rels))
	for i, ok := range renamed {
		switch {
		case ok:
			written = append(written, rels[i])
		case errs[i] == nil: // each skipped it
			errs[i] = fmt.Errorf("output %s: not renamed into place", rels[i])
			_ = os.Remove(t.pendingPath(rels[i]))
		}
	}
	var total int64
	for _, n := range t.sizes {
		total += n
	}
	st.Written, st.WrittenFiles, st.Unchanged, st.Bytes = len(written), written, len(t.unchanged), total
	return st, errors.Join(errs...)
}

// Rollback removes every staged file and the directories the Tx created
// (when they are empty); the output directory is left as it was before the
// run. It is a no-op after Commit.
func (t *Tx) Rollback() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.done {
		return
	}
	t.done = true
	for rel := range t.pending {
		_ = os.Remove(t.pendingPath(rel))
	}
	t.pending = nil
	// Deepest first; a directory that is not empty stays.
	slices.SortFunc(t.made, func(a, b string) int { return len(b) - len(a) })
	for _, d := range t.made {
		_ = os.Remove(d)
	}
	t.made = nil
}

// Files returns the staged paths (written or unchanged), sorted.
func (t *Tx) Files() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Sorted(maps.Keys(t.sizes))
}

// WriteFileAtomic writes data to path outside any transaction: through a
// temporary file beside it and a rename, so readers see the old file or the
// new one, never a part. The directory is created if needed.
func WriteFileAtomic(path string, data []byte) error {
	return WriteAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteAtomic is WriteFileAtomic for a file written by write, which may
// stream it: write's error is returned as it is, and the file is left as
// it was. It does not fsync: after a crash the file may be empty or short,
// which every reader of seopipe's caches takes for a miss. The file is
// readable by all (0644), as the cache's other files.
func WriteAtomic(path string, write func(w io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	werr := write(f)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(f.Name(), 0o644) // CreateTemp makes 0600
	}
	if werr == nil {
		werr = os.Rename(f.Name(), path)
	}
	if werr != nil {
		os.Remove(f.Name())
	}
	return werr
}
