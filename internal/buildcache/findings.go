package buildcache

import (
	"time"

	"github.com/seopipe/seopipe/internal/outfs"
	"github.com/seopipe/seopipe/verify"
)

// Findings checks every post's own files for the self-check, taking the
// last build's finding for a post whose files and posts.json facts are
// unchanged, and keeps the findings for the next build.
//
// A file is unchanged when its stamp is the one the finding recorded (and
// was not racy); or, failing that, when this run knows its bytes — it
// wrote them, or compared them — and they are the bytes the finding read
// (verify.FileStamp.Sum). That lets a build into an emptied output
// directory (a CI job with its cache restored) take the findings of the
// build before; such a finding is stamped again, with the files as they
// are now, for the next build. This trusts that no one else changed a file
// between the commit and the check, as the post records do.
//
// Check may be called for distinct posts at once; Save after every Check.
type Findings struct {
	cacheDir, outDir string
	v                *verify.Checker
	prev             map[string]*verify.PostRecord
	kept             map[string]outfs.Stamp
	known            map[string]string
	clock            func() time.Time

	recs               []*verify.PostRecord
	checked, restamped []bool
}

// NewFindings prepares the check of v's posts. prev are the last
// self-check's records (VerifyCache.Records); kept the stamps of the files
// the build kept after looking at them (outfs.Tx.Kept); known the digests
// of the files whose bytes the build knows, by name; clock the wall clock
// findings are stamped with.
func NewFindings(cacheDir, outDir string, v *verify.Checker, prev map[string]*verify.PostRecord,
	kept map[string]outfs.Stamp, known map[string]string, clock func() time.Time) *Findings {
	return &Findings{cacheDir: cacheDir, outDir: outDir, v: v, prev: prev, kept: kept, known: known, clock: clock,
		recs: make([]*verify.PostRecord, v.Posts()), checked: make([]bool, v.Posts()), restamped: make([]bool, v.Posts())}
}

// stamp is the file as the build left it: a kept file's stamp is the one
// the build took; the others are looked at.
func (f *Findings) stamp(name string) verify.FileStamp {
	if k, ok := f.kept[name]; ok {
		return verify.FileStamp{Name: name, Size: k.Size, Mod: k.Mod}
	}
	return f.v.Stamp(name)
}

// Check takes the last finding for post i, or checks its files. Each
// check mostly reads two small files.
func (f *Findings) Check(i int) {
	v := f.v
	if rec := f.prev[v.PostKey(i)]; rec != nil {
		// A finding taken on content is stamped again for the next
		// build, as CheckPostRecord stamps: the clock, then the files.
		at := f.clock()
		var now []verify.FileStamp
		byContent := false
		unchanged := func(fs verify.FileStamp) bool {
			cur := f.stamp(fs.Name)
			cur.Sum = fs.Sum
			ok, content := UnchangedFile(fs, cur, time.Unix(0, rec.Checked), f.known)
			if _, wasKept := f.kept[fs.Name]; ok && content && wasKept {
				// A kept file's stamp is older than the clock: a file
				// judged on its content must still have it now.
				if fresh := v.Stamp(fs.Name); fresh.Size != cur.Size || fresh.Mod != cur.Mod {
					return false
				}
			}
			byContent = byContent || content
			now = append(now, cur)
			return ok
		}
		if v.ReusePost(i, rec, unchanged) == nil {
			if byContent {
				re := *rec
				re.Checked, re.Files = at.UnixNano(), now
				rec, f.restamped[i] = &re, true
			}
			f.recs[i] = rec
			return
		}
	}
	if f.cacheDir == "" {
		// No record is kept: none to make (it would read the images
		// whole for their digests).
		v.CheckPost(i)
		f.checked[i] = true
		return
	}
	f.recs[i], f.checked[i] = v.CheckPostRecord(i), true
}

// Save keeps the findings for the next build, and counts the posts whose
// files were checked and those whose finding was taken. Failing to write
// only makes the next build slower: the caller reports it as a warning.
func (f *Findings) Save() (checked, reused int, err error) {
	var changed []string
	m := make(map[string]*verify.PostRecord, len(f.recs))
	for i, rec := range f.recs {
		if f.checked[i] {
			checked++
		} else if rec != nil {
			reused++
		}
		if rec == nil {
			continue
		}
		m[rec.Key] = rec
		if f.checked[i] || f.restamped[i] {
			changed = append(changed, rec.Key)
		}
	}
	return checked, reused, saveVerifyRecords(f.cacheDir, f.outDir, f.prev, m, changed)
}
