package pipeline

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestVerifyReusedWhenNothingChanged: the self-check's finding stands while
// the output files keep their names, sizes and times.
func TestVerifyReusedWhenNothingChanged(t *testing.T) {
	dir := extract(t, "basic.txtar")
	opts := options(t, dir)
	first := mustRun(t, opts)
	if first.VerifyReused || len(first.OutputProblems) != 0 {
		t.Fatalf("first build: reused %v, problems %v", first.VerifyReused, first.OutputProblems)
	}
	second := mustRun(t, opts)
	if !second.VerifyReused || second.Written != 0 {
		t.Errorf("second build: reused %v, written %d; want the first verification reused", second.VerifyReused, second.Written)
	}
	// Someone edits an output: the build puts it back, and verifies again.
	head := filepath.Join(opts.OutDir, "seo", "a", "head.html")
	if err := os.WriteFile(head, []byte("<title>edited</title>"), 0o644); err != nil {
		t.Fatal(err)
	}
	third := mustRun(t, opts)
	if third.VerifyReused || third.Written != 1 || len(third.OutputProblems) != 0 {
		t.Errorf("after an edit: reused %v, written %d, problems %v", third.VerifyReused, third.Written, third.OutputProblems)
	}
	// A touched file (same bytes, new time) is looked at again too.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(head, later, later); err != nil {
		t.Fatal(err)
	}
	if fourth := mustRun(t, opts); fourth.VerifyReused {
		t.Error("a touched output did not make the build verify again")
	}
}
