package generator

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name  string
		files []string // created empty; a trailing / makes a directory
		dirs  []string // relative to the temp dir
		want  Project  // Root relative to the temp dir; zero: none
	}{
		{"hugo toml", []string{"hugo.toml", "content/posts/a.md"}, []string{"."}, Project{Kind: Hugo, Root: ".", Config: "hugo.toml"}},
		{"hugo from the content dir", []string{"config.yaml", "content/posts/a.md"}, []string{"content/posts"}, Project{Kind: Hugo, Root: ".", Config: "config.yaml"}},
		{"hugo config dir", []string{"config/_default/hugo.toml", "content/a.md"}, []string{"content"}, Project{Kind: Hugo, Root: ".", Config: "config/_default"}},
		{"config.toml without a content tree is no hugo site", []string{"config.toml", "posts/a.md"}, []string{"posts"}, Project{}},
		{"jekyll", []string{"_config.yml", "_posts/2024-01-01-a.md"}, []string{"_posts"}, Project{Kind: Jekyll, Root: ".", Config: "_config.yml"}},
		{"jekyll wins over config.toml", []string{"_config.yml", "config.toml", "content/"}, []string{"."}, Project{Kind: Jekyll, Root: ".", Config: "_config.yml"}},
		{"nearest wins", []string{"hugo.toml", "content/", "docs/_config.yml", "docs/_posts/"}, []string{"docs/_posts"}, Project{Kind: Jekyll, Root: "docs", Config: "_config.yml"}},
		{"stops at the repository root", []string{"hugo.toml", "content/", "repo/.git/", "repo/posts/"}, []string{"repo/posts"}, Project{}},
		{"first dir first", []string{"a/_config.yml", "b/hugo.toml", "b/content/"}, []string{"b", "a"}, Project{Kind: Hugo, Root: "b", Config: "hugo.toml"}},
		{"none", []string{"posts/a.md"}, []string{"posts"}, Project{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			// The temp dir's parents must not make a project: stop there.
			if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
				t.Fatal(err)
			}
			for _, f := range tt.files {
				p := filepath.Join(dir, filepath.FromSlash(f))
				if f[len(f)-1] == '/' {
					if err := os.MkdirAll(p, 0o755); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var dirs []string
			for _, d := range tt.dirs {
				dirs = append(dirs, filepath.Join(dir, filepath.FromSlash(d)))
			}
			got, ok := Detect(dirs)
			want := tt.want
			if want.Kind != "" {
				want.Root = filepath.Join(dir, filepath.FromSlash(want.Root))
			}
			if ok != (want.Kind != "") {
				t.Fatalf("Detect found %v, want %v (%+v)", ok, want.Kind != "", got)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Detect (-want +got):\n%s", diff)
			}
		})
	}
}
