package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	_ "time/tzdata" // as in cmd/seopipe: site.timezone works without a zoneinfo database

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"
	"golang.org/x/tools/txtar"

	"github.com/seopipe/seopipe/internal/cli"
)

// now is the build clock every build in these tests runs with.
const now = "--now=2026-01-01T00:00:00Z"

// badPost has an error on line 3 (an empty title).
const badPost = "---\nslug: bad\ntitle: \"\"\ndate: 2025-01-10\n---\nBody.\n"

// extract writes the txtar archive testdata/name into a fresh directory,
// then the extra files (path -> content; "" deletes), and returns it.
func extract(t testing.TB, name string, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if name != "" {
		ar, err := txtar.ParseFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			writeFile(t, filepath.Join(dir, f.Name), string(f.Data))
		}
	}
	for p, data := range extra {
		if data == "" {
			if err := os.Remove(filepath.Join(dir, p)); err != nil {
				t.Fatal(err)
			}
			continue
		}
		writeFile(t, filepath.Join(dir, p), data)
	}
	return dir
}

func writeFile(t testing.TB, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs seopipe in dir with only the given environment variables.
func runCLI(t testing.TB, ctx context.Context, dir string, env map[string]string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cli.Run(ctx, args, cli.Env{
		Stdout:  &stdout,
		Stderr:  &stderr,
		Getenv:  func(k string) string { return env[k] },
		WorkDir: dir,
	})
	return result{code, stdout.String(), stderr.String()}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// postSlugs returns the slugs in dir's public/posts.json, or nil without one.
func postSlugs(t testing.TB, dir string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "public", "posts.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Posts []struct{ Slug string } `json:"posts"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("posts.json: %v", err)
	}
	slugs := []string{}
	for _, p := range m.Posts {
		slugs = append(slugs, p.Slug)
	}
	return slugs
}

// reportProblem is a problem as the --report file lists it.
type reportProblem struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// readReport returns the errors and warnings of the --report file at path.
func readReport(t testing.TB, path string) (errs, warnings []reportProblem) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct{ Errors, Warnings []reportProblem }
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rep.Errors, rep.Warnings
}

// runCase is one run of seopipe on a site, and what it must print and write.
type runCase struct {
	name   string
	site   string            // txtar fixture, "" for an empty dir
	extra  map[string]string // files added to (or removed from) the fixture
	env    map[string]string
	args   []string
	code   int
	stderr []string // substrings of stderr
	stdout []string // substrings of stdout
	slugs  []string // posts in public/posts.json; nil: none written
	noOut  bool     // the output directory must not exist
}

// testRuns runs each case in a fresh directory.
func testRuns(t *testing.T, tests []runCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := extract(t, tt.site, tt.extra)
			r := runCLI(t, context.Background(), dir, tt.env, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			for _, s := range tt.stderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr does not contain %q:\n%s", s, r.stderr)
				}
			}
			for _, s := range tt.stdout {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout does not contain %q:\n%s", s, r.stdout)
				}
			}
			if diff := cmp.Diff(tt.slugs, postSlugs(t, dir)); diff != "" {
				t.Errorf("posts in public/posts.json (-want +got):\n%s", diff)
			}
			if tt.noOut && exists(filepath.Join(dir, "public")) {
				t.Error("the output directory was created")
			}
			// Usage errors print one line; they never dump the help text.
			if tt.code == cli.ExitUsage && strings.Contains(r.stderr+r.stdout, "Usage:") {
				t.Errorf("a usage error printed the help:\n%s", r.stderr)
			}
		})
	}
}

// flagCase is one command line of a command whose runF records the options
// it is given, in place of running.
type flagCase[O any] struct {
	name string
	args []string
	// want are the options runF is given; nil for a usage error, when
	// it must not be called.
	want *O
	// stderr is all a usage error prints.
	stderr string
}

// newCmdFunc is the shape of the cli's NewCmd constructors.
type newCmdFunc[O any] func(env *cli.Env, g *cli.GlobalOptions, runF func(*O) error) *cobra.Command

// testFlags runs each case through a root command with the one command
// newCmd makes: the options it parses, or a usage error (exit 2, one line
// on stderr, no help, runF not called).
func testFlags[O any](t *testing.T, newCmd newCmdFunc[O], tests []flagCase[O]) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			env := &cli.Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }, WorkDir: t.TempDir()}
			g := &cli.GlobalOptions{}
			var got *O
			root := cli.NewCmdRoot(g, newCmd(env, g, func(o *O) error {
				got = o
				return nil
			}))
			code := cli.Execute(context.Background(), root, tt.args, env)
			wantCode := cli.ExitOK
			if tt.want == nil {
				wantCode = cli.ExitUsage
			}
			if code != wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, wantCode, stderr.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("options (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.stderr, stderr.String()); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing", stdout.String())
			}
		})
	}
}
