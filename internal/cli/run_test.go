package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seopipe/seopipe/internal/cli"
)

func TestCancelledContext(t *testing.T) {
	for _, cmd := range []string{"build", "check"} {
		t.Run(cmd, func(t *testing.T) {
			dir := extract(t, "site.txtar", nil)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			r := runCLI(t, ctx, dir, nil, cmd, "--report", "report.json", now)
			if r.code != cli.ExitInterrupted {
				t.Errorf("exit %d, want %d", r.code, cli.ExitInterrupted)
			}
			if !strings.Contains(r.stderr, "interrupted") {
				t.Errorf("stderr does not mention the interruption:\n%s", r.stderr)
			}
			if postSlugs(t, dir) != nil {
				t.Error("an interrupted build wrote posts.json")
			}
			var rep struct {
				OK          bool   `json:"ok"`
				Interrupted bool   `json:"interrupted"`
				Fatal       string `json:"fatal"`
			}
			data, err := os.ReadFile(filepath.Join(dir, "report.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &rep); err != nil {
				t.Fatal(err)
			}
			if rep.OK || !rep.Interrupted || rep.Fatal != "" {
				t.Errorf("report of an interrupted run: %+v; want ok false, interrupted true, no fatal", rep)
			}
		})
	}
}
