package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/lockfile"
	"github.com/seopipe/seopipe/internal/outfs"
)

// asSeopipe, set to 1, makes this test binary run as seopipe (TestMain):
// the crash tests kill a real build without building the binary first.
const asSeopipe = "SEOPIPE_TEST_AS_SEOPIPE"

// killAfter is outfs's hook: a build with it set to N kills itself with
// SIGKILL after N renames of its commit (0: with the journal written,
// before the first; more than the commit has: after the last and the
// removals, before the journal goes).
const killAfter = "SEOPIPE_TEST_KILL_AFTER_RENAMES"

// crashSite writes version v (1 or 2) of a generated site of n posts into
// dir, replacing the content of the last version. Version 2 retitles
// every fifth post (new card names), drops some posts (stale files),
// adds some, and changes a hero image: a build of it over version 1's
// output writes, keeps and removes files. Without images (the short
// variant: drawing is slow under the race detector) the site has no
// heroes and no cards.
func crashSite(t *testing.T, dir string, n, v int, images bool) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(dir, "content")); err != nil {
		t.Fatal(err)
	}
	config := "site:\n  url: https://example.com/\n  title: Crash\n  author: Ann\ncontent:\n  static: static\ncache:\n  dir: .seopipe-cache\n"
	if !images {
		config += "cards:\n  sizes: []\n"
	}
	writeFile(t, filepath.Join(dir, "seopipe.yaml"), config)
	body := strings.Repeat("Some *Markdown* with a [link](https://example.com/) and `code`. ", 8)
	total := n
	if v == 2 {
		total += n / 20
	}
	for i := range total {
		if v == 2 && i%17 == 3 {
			continue // dropped in version 2
		}
		title := fmt.Sprintf("Post %d", i)
		if v == 2 && i%5 == 0 {
			title += ", retitled"
		}
		front := fmt.Sprintf("title: %q\ndate: 2025-01-%02d\ncategory: c%d\ntags: [a, b]\n", title, 1+i%28, i%3)
		if images && i%40 == 0 {
			front += fmt.Sprintf("image: /hero-%d.png\n", i)
			hero := color.RGBA{uint8(i), 80, 160, 255}
			if v == 2 && i == 0 {
				hero = color.RGBA{200, 40, 40, 255}
			}
			writePNG(t, filepath.Join(dir, "static", fmt.Sprintf("hero-%d.png", i)), hero)
		}
		writeFile(t, filepath.Join(dir, "content", "posts", fmt.Sprintf("p%04d.md", i)),
			fmt.Sprintf("---\n%s---\n%s\n\n## More\n\n- one %d\n- two\n", front, body, i))
	}
}

// writePNG writes a 640×360 gradient of c.
func writePNG(t *testing.T, path string, c color.RGBA) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 640, 360))
	for y := range 360 {
		for x := range 640 {
			img.SetRGBA(x, y, color.RGBA{c.R, uint8(int(c.G) + x/10), uint8(int(c.B) + y/10), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, b.String())
}

// seopipeBuild is seopipe build in dir, by this test binary, with env added.
func seopipeBuild(dir string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "build", "--offline", "--now", "2026-01-01T00:00:00Z")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append([]string{asSeopipe + "=1", "GITHUB_ACTIONS=", "SEOPIPE_CONFIG=", "SEOPIPE_OUTPUT_DIR=", "SEOPIPE_SITE_URL="}, env...)...)
	return cmd
}

// seopipeRun runs this test binary as seopipe build in dir, with env
// added, and returns its exit code (-1: killed by a signal) and stderr.
func seopipeRun(t *testing.T, dir string, env ...string) (int, string) {
	t.Helper()
	cmd := seopipeBuild(dir, env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), stderr.String()
}

// tempRE matches the temporary files a run writes beside the files it
// stages (outfs), which a killed run leaves behind.
var tempRE = regexp.MustCompile(`(^|/)\.[^/]*\.tmp-[^/]*$`)

// outputTree returns every file under dir/public with its SHA-256; the
// journal is listed, as a file like any other. With ownTemps, temporary
// files are left out: those of a run this test has just killed, which
// only the run after it removes (issue 26, item 9).
func outputTree(t *testing.T, dir string, ownTemps bool) map[string]string {
	t.Helper()
	root := filepath.Join(dir, "public")
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if ownTemps && tempRE.MatchString(rel) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		out[rel] = hex.EncodeToString(sum[:8])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// crashPoint is where a build is killed: after renames renames of its
// commit; when renames is staged, as its commit begins, every file staged
// and no journal written; or, when renames is -1, after delay from its
// start.
type crashPoint struct {
	renames int64
	delay   time.Duration
}

// staged is crashPoint.renames for a build killed with its files staged.
const staged = -2

func (c crashPoint) String() string {
	switch {
	case c.renames == staged:
		return "with its files staged"
	case c.renames >= 1<<40:
		return "after the removals"
	case c.renames >= 0:
		return fmt.Sprintf("after %d renames", c.renames)
	}
	return fmt.Sprintf("at %v", c.delay.Round(time.Millisecond))
}

// TestCrashConsistency kills a real build of version 2 of a generated site
// over version 1's output with SIGKILL, at points in its commit and, in
// the long variant, at staggered times from its start. Whatever the point,
// the next run starts from an output that is version 1's or version 2's
// whole, never a mix (seen by killing it in turn as its own commit begins),
// and the run after that leaves the very bytes of a clean build.
func TestCrashConsistency(t *testing.T) {
	posts, images := 60, false
	points := []crashPoint{{staged, 0}, {0, 0}, {15, 0}, {1 << 40, 0}} // of 33 renames and 8 removals
	if !testing.Short() {
		posts, images = 200, true
		points = nil
		for _, n := range []int64{staged, 0, 1, 10, 50, 100, 150, 200, 1 << 40} {
			points = append(points, crashPoint{n, 0})
		}
	}
	base := t.TempDir()
	// Version 1, built: the output every kill point starts from.
	v1 := filepath.Join(base, "v1")
	crashSite(t, v1, posts, 1, images)
	if code, stderr := seopipeRun(t, v1); code != 0 {
		t.Fatalf("version 1: exit %d:\n%s", code, stderr)
	}
	want1 := outputTree(t, v1, false)
	// Version 2, built clean: the bytes every kill point must end with.
	clean := filepath.Join(base, "clean")
	crashSite(t, clean, posts, 2, images)
	start := time.Now()
	if code, stderr := seopipeRun(t, clean); code != 0 {
		t.Fatalf("version 2: exit %d:\n%s", code, stderr)
	}
	took := time.Since(start)
	t.Logf("a clean build of version 2: %v", took.Round(time.Millisecond))
	want2 := outputTree(t, clean, false)
	if !testing.Short() {
		for i := 1; i <= 9; i += 2 {
			points = append(points, crashPoint{-1, took * time.Duration(i) / 10})
		}
	}
	for _, p := range points {
		t.Run(p.String(), func(t *testing.T) {
			dir := filepath.Join(base, strings.NewReplacer(" ", "-").Replace(p.String()))
			copyDir(t, v1, dir, ".") // with the times the build left (what it keeps depends on them)
			crashSite(t, dir, posts, 2, images)
			killed := kill(t, dir, p)
			// The next run completes or ignores what the killed one left,
			// before anything else: seen by killing it as its commit
			// begins, before a rename of its own.
			if code, stderr := seopipeRun(t, dir, killAfter+"=0"); code != -1 {
				t.Fatalf("the run after the kill: exit %d, want it killed as its commit began:\n%s", code, stderr)
			}
			got := outputTree(t, dir, true)
			// Its own, left as it was killed: the journal, when it had
			// anything to commit, the lock, and its temporary files.
			delete(got, outfs.JournalName)
			delete(got, lockfile.Name)
			if killed && p.renames >= 0 {
				if diff := cmp.Diff(want2, got); diff != "" {
					t.Errorf("killed in its commit: the next run started from (-clean version 2 +got):\n%s", diff)
				}
			} else if cmp.Diff(want1, got) != "" && cmp.Diff(want2, got) != "" {
				t.Errorf("the next run started from an output that is neither version 1's nor version 2's (-version 2 +got):\n%s", cmp.Diff(want2, got))
			}
			if code, stderr := seopipeRun(t, dir); code != 0 {
				t.Fatalf("the build after: exit %d:\n%s", code, stderr)
			}
			// Temporary files included: the killed runs' are gone.
			if diff := cmp.Diff(want2, outputTree(t, dir, false)); diff != "" {
				t.Errorf("the build after the kill differs from a clean build (-clean +got):\n%s", diff)
			}
		})
	}
}

// kill runs the version 2 build in dir and kills it at p, and reports
// whether it was killed (a build killed at a time may have finished).
func kill(t *testing.T, dir string, p crashPoint) bool {
	t.Helper()
	if p.renames == staged {
		code, stderr := seopipeRun(t, dir, killAfter+"=staged")
		if code != -1 {
			t.Fatalf("exit %d, want the build killed as its commit began:\n%s", code, stderr)
		}
		if temps := len(outputTree(t, dir, false)) - len(outputTree(t, dir, true)); temps == 0 {
			t.Fatal("killed with its files staged, but no temporary files in the output")
		}
		return true
	}
	if p.renames >= 0 {
		code, stderr := seopipeRun(t, dir, killAfter+"="+strconv.FormatInt(p.renames, 10))
		if code != -1 {
			t.Fatalf("exit %d, want the build killed in its commit:\n%s", code, stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "public", outfs.JournalName)); err != nil {
			t.Fatalf("killed in its commit, but no journal: %v", err)
		}
		return true
	}
	cmd := seopipeBuild(dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(p.delay)
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	return cmd.ProcessState.ExitCode() == -1
}
