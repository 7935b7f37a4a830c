package content

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seopipe/seopipe/internal/diag"
)

// TestReadJekyllConfig: the site-wide excerpt_separator is read from the
// config of the Jekyll site the content directory is (its root), or is the
// posts folder of; a config that does not decode is a warning naming its
// file and line, and is not read.
func TestReadJekyllConfig(t *testing.T) {
	type result struct {
		File     string
		Sep      *string
		Problems []string
	}
	sep := func(s string) *string { return &s }
	tests := []struct {
		name    string
		files   map[string]string
		content string // the content directory, under the site
		want    result
	}{
		{
			name:    "the site's root",
			files:   map[string]string{"_config.yml": "title: Blog\nexcerpt_separator: <!--more-->\n"},
			content: ".",
			want:    result{File: "_config.yml", Sep: sep("<!--more-->")},
		},
		{
			name:    "a _posts folder, beside the config",
			files:   map[string]string{"_config.yml": "excerpt_separator: \"[cut]\"\n", "_posts/a.md": ""},
			content: "_posts",
			want:    result{File: "../_config.yml", Sep: sep("[cut]")},
		},
		{
			name:    "a _drafts folder, beside the config",
			files:   map[string]string{"_config.yml": "excerpt_separator: \"[cut]\"\n", "_drafts/a.md": ""},
			content: "_drafts",
			want:    result{File: "../_config.yml", Sep: sep("[cut]")},
		},
		{
			name:    "another folder beside a config is no Jekyll site",
			files:   map[string]string{"_config.yml": "excerpt_separator: \"[cut]\"\n", "blog/a.md": ""},
			content: "blog",
		},
		{
			name:    "a _posts folder without a config beside it",
			files:   map[string]string{"site/_config.yml": "excerpt_separator: \"[cut]\"\n", "site/blog/_posts/a.md": ""},
			content: "site/blog/_posts",
		},
		{
			name:    "no excerpt_separator",
			files:   map[string]string{"_config.yml": "title: Blog\n"},
			content: ".",
			want:    result{File: "_config.yml"},
		},
		{
			name:    "an empty config",
			files:   map[string]string{"_config.yml": ""},
			content: ".",
			want:    result{File: "_config.yml"},
		},
		{
			name:    "left blank: the first paragraph",
			files:   map[string]string{"_config.yml": "excerpt_separator:\n"},
			content: ".",
			want:    result{File: "_config.yml", Sep: sep("")},
		},
		{
			name:    "the empty text",
			files:   map[string]string{"_config.yml": "excerpt_separator: \"\"\n"},
			content: ".",
			want:    result{File: "_config.yml", Sep: sep("")},
		},
		{
			name:    "a number is its text",
			files:   map[string]string{"_config.yml": "excerpt_separator: 42\n"},
			content: ".",
			want:    result{File: "_config.yml", Sep: sep("42")},
		},
		{
			name:    "keys are case sensitive, as in Jekyll",
			files:   map[string]string{"_config.yml": "Excerpt_Separator: <!--more-->\n"},
			content: ".",
			want:    result{File: "_config.yml"},
		},
		{
			name:    "given twice, the last one",
			files:   map[string]string{"_config.yml": "excerpt_separator: one\ntitle: x\nexcerpt_separator: two\n"},
			content: ".",
			want:    result{File: "_config.yml", Sep: sep("two")},
		},
		{
			name:    "an alias",
			files:   map[string]string{"_config.yml": "marker: &m <!--cut-->\nexcerpt_separator: *m\n"},
			content: ".",
			want:    result{File: "_config.yml", Sep: sep("<!--cut-->")},
		},
		{
			name:    "_config.yaml",
			files:   map[string]string{"_config.yaml": "excerpt_separator: <!--yaml-->\n"},
			content: ".",
			want:    result{File: "_config.yaml", Sep: sep("<!--yaml-->")},
		},
		{
			name:    "_config.toml",
			files:   map[string]string{"_config.toml": "title = \"Blog\"\nexcerpt_separator = \"<!--toml-->\"\n"},
			content: ".",
			want:    result{File: "_config.toml", Sep: sep("<!--toml-->")},
		},
		{
			name: "_config.yml first, as Jekyll reads only that",
			files: map[string]string{"_config.yml": "excerpt_separator: <!--yml-->\n", "_config.yaml": "excerpt_separator: <!--yaml-->\n",
				"_config.toml": "excerpt_separator = \"<!--toml-->\"\n"},
			content: ".",
			want:    result{File: "_config.yml", Sep: sep("<!--yml-->")},
		},
		{
			name:    "invalid YAML",
			files:   map[string]string{"_config.yml": "title: Blog\n  bad: x\nexcerpt_separator: <!--more-->\n", "_posts/a.md": ""},
			content: "_posts",
			want: result{File: "../_config.yml", Problems: []string{
				"../_config.yml:2: invalid YAML (mapping values are not allowed in this context): the site's excerpt_separator is not read, and Jekyll would not build the site",
			}},
		},
		{
			name:    "invalid TOML",
			files:   map[string]string{"_config.toml": "title = \"Blog\"\nexcerpt_separator =\n"},
			content: ".",
			want: result{File: "_config.toml", Problems: []string{
				"_config.toml:2: invalid TOML (expected value but found '\\n' instead): the site's excerpt_separator is not read, and Jekyll would not build the site",
			}},
		},
		{
			name:    "not a mapping",
			files:   map[string]string{"_config.yml": "- a\n- b\n"},
			content: ".",
			want: result{File: "_config.yml", Problems: []string{
				"_config.yml:1: must be a mapping of keys to values: the site's excerpt_separator is not read",
			}},
		},
		{
			name:    "not text",
			files:   map[string]string{"_config.yml": "title: Blog\nexcerpt_separator: [a, b]\n"},
			content: ".",
			want: result{File: "_config.yml", Problems: []string{
				"_config.yml:2: excerpt_separator: must be text, got a list of 2 items: it is not read",
			}},
		},
		{
			name:    "a config that is a directory is none",
			files:   map[string]string{"_config.yml/x": "", "_config.toml": "excerpt_separator = \"t\"\n"},
			content: ".",
			want:    result{File: "_config.toml", Sep: sep("t")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range tt.files {
				path := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cfg, ps := ReadJekyllConfig(filepath.Join(dir, filepath.FromSlash(tt.content)))
			got := result{File: cfg.File, Sep: cfg.ExcerptSeparator}
			for _, p := range ps {
				if p.Severity != diag.Warning {
					t.Errorf("%s is an error, want a warning", p.Error())
				}
				got.Problems = append(got.Problems, p.Error())
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("ReadJekyllConfig (-want +got):\n%s", d)
			}
		})
	}
}

// TestReadJekyllConfigUnreadable: a config that cannot be read is a
// warning, and is not read.
func TestReadJekyllConfigUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads a file of mode 0")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "_config.yml"), []byte("excerpt_separator: x\n"), 0); err != nil {
		t.Fatal(err)
	}
	cfg, ps := ReadJekyllConfig(dir)
	want := []diag.Problem{{Path: "_config.yml", Severity: diag.Warning,
		Message: "cannot read: permission denied: the site's excerpt_separator is not read"}}
	if d := cmp.Diff(want, ps); d != "" || cfg.ExcerptSeparator != nil {
		t.Errorf("separator %v, problems (-want +got):\n%s", cfg.ExcerptSeparator, d)
	}
}
