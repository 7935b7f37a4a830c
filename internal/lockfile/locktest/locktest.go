//go:build unix

// Package locktest is for tests: a child process of the test binary that
// holds a lock (internal/lockfile) until it is killed, as a build stuck in
// the middle would.
package locktest

import (
	"bufio"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/seopipe/seopipe/internal/lockfile"
)

// holdEnv, set in a child process of a test binary, makes Main take the
// lock on the directory it names instead of running the tests.
const holdEnv = "SEOPIPE_LOCKTEST_HOLD"

// Main runs the tests, or, in a child that Hold started, takes the lock,
// prints "held" and waits to be killed (it never lets the lock go: only the
// kernel does). A test binary using Hold calls it from TestMain.
func Main(m *testing.M) {
	if dir := os.Getenv(holdEnv); dir != "" {
		if _, err := lockfile.TryAcquire(dir); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(3)
		}
		os.Stdout.WriteString("held\n")
		time.Sleep(time.Minute)
		os.Exit(4)
	}
	os.Exit(m.Run())
}

// Hold starts a child process of the test binary holding the lock on
// dir, and returns it once it holds it. It is killed when the test ends.
func Hold(t testing.TB, dir string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdEnv+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || line != "held\n" {
		t.Fatalf("the lock holder said %q, %v", line, err)
	}
	return cmd
}
