package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/cli"
	"github.com/seopipe/seopipe/internal/config"
)

func TestInit(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, config.FileName)

	r := runCLI(t, context.Background(), dir, nil, "init")
	if r.code != cli.ExitOK {
		t.Fatalf("init: exit %d:\n%s", r.code, r.stderr)
	}
	got, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(config.Starter, string(got)); diff != "" {
		t.Errorf("written file differs from config.Starter:\n%s", diff)
	}
	if !strings.Contains(r.stderr, "wrote seopipe.yaml") {
		t.Errorf("init stderr = %q, want it to name the file", r.stderr)
	}

	// A second init refuses to overwrite, and leaves the file alone.
	writeFile(t, cfgPath, config.Starter+"# mine\n")
	r = runCLI(t, context.Background(), dir, nil, "init")
	if r.code != cli.ExitUsage || !strings.Contains(r.stderr, "seopipe.yaml already exists; pass --force") {
		t.Errorf("second init: exit %d, stderr %q; want 2 and a hint at --force", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(cfgPath); !strings.HasSuffix(string(got), "# mine\n") {
		t.Error("second init changed the file")
	}

	r = runCLI(t, context.Background(), dir, nil, "init", "--force", "--quiet")
	if r.code != cli.ExitOK || r.stderr != "" {
		t.Errorf("init --force -q: exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(cfgPath); string(got) != config.Starter {
		t.Error("init --force did not rewrite the file")
	}

	// The starter builds a site as it is.
	writeFile(t, filepath.Join(dir, "content", "posts", "hello.md"), "---\ntitle: Hello\ndate: 2025-06-01\n---\nHi.\n")
	r = runCLI(t, context.Background(), dir, nil, "build", now)
	if r.code != cli.ExitOK {
		t.Fatalf("build with the starter config: exit %d:\n%s", r.code, r.stderr)
	}
	if diff := cmp.Diff([]string{"hello"}, postSlugs(t, dir)); diff != "" {
		t.Errorf("posts (-want +got):\n%s", diff)
	}

	// So does SEOPIPE_CONFIG, as for build.
	r = runCLI(t, context.Background(), dir, map[string]string{"SEOPIPE_CONFIG": "env/site.yaml"}, "init")
	if r.code != cli.ExitOK || !exists(filepath.Join(dir, "env", "site.yaml")) {
		t.Errorf("SEOPIPE_CONFIG=env/site.yaml seopipe init: exit %d, stderr %q; file not written there", r.code, r.stderr)
	}

	// --config names the file init writes.
	r = runCLI(t, context.Background(), dir, nil, "--config", "conf/other.yaml", "init")
	if r.code != cli.ExitOK || !exists(filepath.Join(dir, "conf", "other.yaml")) {
		t.Errorf("init --config conf/other.yaml: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestInitFlags(t *testing.T) {
	testFlags(t, cli.NewCmdInit, []flagCase[cli.InitOptions]{
		{name: "no flags", args: []string{"init"}, want: &cli.InitOptions{}},
		{name: "force", args: []string{"init", "--force"}, want: &cli.InitOptions{Force: true}},
		{
			name: "global flags",
			args: []string{"--config", "conf/site.yaml", "init", "-q"},
			want: &cli.InitOptions{Global: cli.GlobalOptions{Config: "conf/site.yaml", Quiet: true}},
		},
		{name: "quiet and verbose", args: []string{"init", "-q", "-v"}, stderr: "seopipe: --quiet and --verbose cannot be used together\n"},
		{name: "an argument", args: []string{"init", "seopipe.yaml"}, stderr: "seopipe: expected at most 0 argument(s), got 1: seopipe.yaml\n"},
	})
}
