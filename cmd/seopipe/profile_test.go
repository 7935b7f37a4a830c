package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestProfiles checks that SEOPIPE_CPUPROFILE and SEOPIPE_MEMPROFILE each
// get a profile (gzipped protocol buffers, as go tool pprof reads), and
// that without them nothing is written.
func TestProfiles(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	t.Setenv("SEOPIPE_CPUPROFILE", cpu)
	t.Setenv("SEOPIPE_MEMPROFILE", mem)
	startProfiles()()
	for _, p := range []string{cpu, mem} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
			t.Errorf("%s: not a gzipped profile (%d bytes)", filepath.Base(p), len(b))
		}
	}

	t.Setenv("SEOPIPE_CPUPROFILE", "")
	t.Setenv("SEOPIPE_MEMPROFILE", "")
	other := t.TempDir()
	t.Chdir(other)
	startProfiles()()
	if ents, _ := os.ReadDir(other); len(ents) != 0 {
		t.Errorf("without the variables, files were written: %v", ents)
	}
}
