package cli_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/generator"
	"github.com/seopipe/seopipe/internal/cli"
)

// TestURLs checks seopipe urls: every published post's source, URL and
// language, sorted by source, as TSV under a header or as JSON; exit
// codes as check's (a bad post: 1, the others still listed); nothing is
// written; with a generator, its URLs.
func TestURLs(t *testing.T) {
	site := map[string]string{
		".git/HEAD":    "x",
		"seopipe.yaml": "site:\n  url: https://example.com/blog/\n  permalink: /{year}/{slug}/\n",
		"content/b.md": "---\ntitle: B\ndate: 2025-03-01\nlang: fr\n---\nB.\n",
		"content/a.md": "---\ntitle: A\ndate: 2025-02-01\n---\nA.\n",
		"content/d.md": "---\ntitle: D\ndate: 2025-02-01\ndraft: true\n---\nD.\n",
	}
	tsv := "source\turl\tlang\na.md\thttps://example.com/blog/2025/a/\ten\nb.md\thttps://example.com/blog/2025/b/\tfr\n"
	tests := []struct {
		name   string
		extra  map[string]string
		args   []string
		code   int
		stdout string
	}{
		{name: "tsv", args: []string{"urls", now}, stdout: tsv},
		{name: "a bad post fails, the others are listed", extra: map[string]string{"content/c.md": badPost},
			args: []string{"urls", now}, code: cli.ExitFailed, stdout: tsv},
		{name: "a bad flag", args: []string{"urls", "--jsn"}, code: cli.ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range site {
				files[k] = v
			}
			for k, v := range tt.extra {
				files[k] = v
			}
			dir := extract(t, "", files)
			r := runCLI(t, context.Background(), dir, nil, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\n%s", r.code, tt.code, r.stderr)
			}
			if diff := cmp.Diff(tt.stdout, r.stdout); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
			if exists(filepath.Join(dir, "public")) || exists(filepath.Join(dir, ".seopipe-cache")) {
				t.Error("urls wrote output or cache")
			}
		})
	}
	t.Run("json, with a generator", func(t *testing.T) {
		useFakeJekyll(t, generator.Info{BaseURL: "https://gen.example/"}, nil)
		dir := extract(t, "", map[string]string{"_config.yml": "url: https://gen.example\n", "_posts/2025-01-02-code_syntax.md": jekyllPost})
		r := runCLI(t, context.Background(), dir, nil, "urls", "--json", now)
		var got []map[string]string
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != 0 {
			t.Fatalf("exit %d, %v:\n%s\n%s", r.code, err, r.stdout, r.stderr)
		}
		want := []map[string]string{{"source": "_posts/2025-01-02-code_syntax.md", "url": "https://gen.example/news/code_syntax/", "lang": "en"}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("urls --json (-want +got):\n%s", diff)
		}
	})
}
