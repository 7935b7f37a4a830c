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

// TestJekyllConfigProblemPath: a warning about a Jekyll site's
// _config.yml, beside the _posts folder that is the content directory,
// names the file under the working directory, on the terminal, in the
// report and in annotations.
func TestJekyllConfigProblemPath(t *testing.T) {
	dir := extract(t, "", map[string]string{
		"seopipe.yaml":                    "site:\n  url: https://example.com/\n  title: T\ncontent:\n  dir: site/_posts\ncards:\n  sizes: []\n",
		"site/_config.yml":                "title: Blog\n  baseurl: /x\n",
		"site/_posts/2024-05-07-hello.md": "---\ntitle: Hello\n---\nHi.\n",
	})
	report := filepath.Join(t.TempDir(), "report.json")
	r := runCLI(t, context.Background(), dir, map[string]string{"GITHUB_ACTIONS": "true"}, "build", now, "--report", report)
	if r.code != cli.ExitOK {
		t.Fatalf("exit %d, want 0:\n%s", r.code, r.stderr)
	}
	const msg = "invalid YAML (mapping values are not allowed in this context): the site's excerpt_separator is not read, and Jekyll would not build the site"
	if want := "\nwarning: site/_config.yml:2: " + msg + "\n"; !strings.Contains("\n"+r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want[1:], r.stderr)
	}
	if want := "::warning file=site/_config.yml,line=2::" + msg; !strings.Contains(r.stdout, want) {
		t.Errorf("annotations lack %q:\n%s", want, r.stdout)
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Warnings []struct {
			Path    string `json:"path"`
			Line    int    `json:"line"`
			Message string `json:"message"`
		} `json:"warnings"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range rep.Warnings {
		found = found || w.Path == "site/_config.yml" && w.Line == 2 && w.Message == msg
	}
	if !found {
		t.Errorf("report has no warning at site/_config.yml:2: %s\n%s", msg, data)
	}
}
