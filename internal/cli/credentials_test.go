package cli_test

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/seopipe/seopipe/internal/cli"
)

// TestImageCredentialsNeverPublished (issue 26, item 4): a post whose
// image URL holds credentials fails, naming the post and line; the image
// is not fetched, and neither the output (posts.json's src and sourceURL)
// nor the cache nor the log holds them.
func TestImageCredentialsNeverPublished(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.NotFound(w, r)
	}))
	defer srv.Close()
	src := strings.Replace(srv.URL, "http://", "http://user:s3cretpass@", 1) + "/x.jpg"
	dir := extract(t, "site.txtar", map[string]string{
		"content/posts/creds.md": "---\ntitle: Creds\ndate: 2025-01-05\nimage: " + src + "\n---\nHi.\n\n![inline](" + src + "?i)\n",
	})
	report := filepath.Join(t.TempDir(), "report.json")
	r := runCLI(t, context.Background(), dir, map[string]string{"GITHUB_ACTIONS": "true"}, "build", now, "--report", report)
	if r.code != cli.ExitFailed {
		t.Fatalf("exit %d, want 1:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"content/posts/creds.md:4: image: ", "content/posts/creds.md:8: body: image ", "has credentials"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the image was requested %d times", n)
	}
	if strings.Contains(r.stderr+r.stdout, "s3cretpass") {
		t.Errorf("the log shows the password:\n%s", r.stderr)
	}
	// The parse cache keeps the parsed post, as the source file itself
	// holds the URL; every other file is checked.
	parsed := filepath.Join(dir, ".seopipe-cache", "parsed")
	for _, d := range []string{"public", ".seopipe-cache"} {
		filepath.WalkDir(filepath.Join(dir, d), func(p string, e fs.DirEntry, err error) error {
			if err != nil || p == parsed {
				return fs.SkipDir
			}
			if e.IsDir() {
				return nil
			}
			if data, _ := os.ReadFile(p); bytes.Contains(data, []byte("s3cretpass")) {
				t.Errorf("%s holds the password", p)
			}
			return nil
		})
	}
	if data, _ := os.ReadFile(report); bytes.Contains(data, []byte("s3cretpass")) {
		t.Errorf("the report holds the password")
	}
}
