package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seopipe/seopipe/internal/cli"
)

func TestCardsFlags(t *testing.T) {
	testFlags(t, cli.NewCmdCards, []flagCase[cli.CardsOptions]{
		{name: "defaults", args: []string{"cards"}, want: &cli.CardsOptions{}},
		{
			name: "the cards' flags",
			args: []string{"cards", "--theme", "brand.yaml", "--size", "og,x", "--size", "square", "--only", "first", "--only", "second,third"},
			want: &cli.CardsOptions{Theme: "brand.yaml", Sizes: []string{"og", "x", "square"}, Only: []string{"first", "second", "third"}},
		},
		{
			name: "build's flags",
			args: []string{"cards", "content", "--out", "dist", "--offline", "--now", "2026-01-01", "-j", "2", "--report", "r.json", "-v"},
			want: &cli.CardsOptions{
				SiteOptions:  cli.SiteOptions{Global: cli.GlobalOptions{Verbose: true}, ContentDir: "content", Now: "2026-01-01", Jobs: 2, Report: "r.json"},
				WriteOptions: cli.WriteOptions{Out: "dist", Offline: true},
			},
		},
		{name: "a flag of check", args: []string{"cards", "--output", "public"}, stderr: "seopipe: unknown flag: --output\n"},
		{name: "too many arguments", args: []string{"cards", "a", "b"}, stderr: "seopipe: expected at most 1 argument(s), got 2: a b\n"},
		{name: "negative jobs", args: []string{"cards", "--jobs=-1"}, stderr: "seopipe: --jobs must be 0 (all CPUs) or more, got -1\n"},
		{name: "quiet and verbose", args: []string{"cards", "-qv"}, stderr: "seopipe: --quiet and --verbose cannot be used together\n"},
	})
}

func TestCardsCommand(t *testing.T) {
	dir := extract(t, "site.txtar", nil)
	now := "--now=2026-01-01"
	r := runCLI(t, context.Background(), dir, nil, "build", now)
	if r.code != cli.ExitOK {
		t.Fatalf("build: exit %d:\n%s", r.code, r.stderr)
	}
	posts, err := os.ReadFile(filepath.Join(dir, "public", "posts.json"))
	if err != nil {
		t.Fatal(err)
	}
	// Restyle: another theme, two sizes, one post. Only that post's cards
	// and the contact sheet are written; nothing else is touched.
	r = runCLI(t, context.Background(), dir, nil, "cards", "--theme", "paper", "--size", "og,x", "--only", "first", now)
	if r.code != cli.ExitOK {
		t.Fatalf("cards: exit %d:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "2 cards: 2 rendered, 0 from the cache") {
		t.Errorf("summary:\n%s", r.stderr)
	}
	cardsDir := filepath.Join(dir, "public", "cards")
	var first, second int
	entries, err := os.ReadDir(cardsDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		switch {
		case strings.HasPrefix(e.Name(), "first-"):
			first++
		case strings.HasPrefix(e.Name(), "second-"):
			second++
		}
	}
	// first: the build's og card and the new og and x; second: the build's
	// card, kept (--only does not make the others stale).
	if first != 3 || second != 1 {
		t.Errorf("cards/: %d of first, %d of second, want 3 and 1: %v", first, second, entries)
	}
	// --only keeps the full contact sheet of the build.
	sheet, err := os.ReadFile(filepath.Join(cardsDir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(sheet), "first-x-") || !strings.Contains(string(sheet), "second-og-") {
		t.Errorf("contact sheet should still be the build's:\n%s", sheet)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "public", "posts.json")); !bytes.Equal(after, posts) {
		t.Error("seopipe cards rewrote posts.json")
	}
	// A slug no post has is an error, not a quiet run of nothing.
	r = runCLI(t, context.Background(), dir, nil, "cards", "--only", "first,nosuch", now)
	if r.code != cli.ExitFailed || !strings.Contains(r.stderr, `--only: no published post has the slug or key "nosuch"`) {
		t.Errorf("cards --only nosuch: exit %d, want %d and the slug named:\n%s", r.code, cli.ExitFailed, r.stderr)
	}
	// A full cards run removes nothing (the head tags of the last build
	// may name any card); the next build removes the cards it does not make.
	r = runCLI(t, context.Background(), dir, nil, "cards", now)
	if r.code != cli.ExitOK {
		t.Fatalf("cards: exit %d:\n%s", r.code, r.stderr)
	}
	entries, _ = os.ReadDir(cardsDir)
	if len(entries) != 5 {
		t.Errorf("after a full cards run: %v, want the 4 cards and index.html", entries)
	}
	r = runCLI(t, context.Background(), dir, nil, "build", now)
	if r.code != cli.ExitOK {
		t.Fatalf("build: exit %d:\n%s", r.code, r.stderr)
	}
	entries, _ = os.ReadDir(cardsDir)
	if len(entries) != 3 { // first-og, second-og, index.html
		t.Errorf("after a build: %v", entries)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "posts.json")); err != nil {
		t.Errorf("a cards run removed posts.json: %v", err)
	}
}

func TestCardsBadThemeAndFont(t *testing.T) {
	tests := []struct {
		name  string
		extra map[string]string
		args  []string
		want  string
	}{
		{
			name:  "unknown theme key",
			extra: map[string]string{"brand.yaml": "name: brand\nbackground:\n  type: solid\n  colour: \"#fff\"\n"},
			args:  []string{"cards", "--theme", "brand.yaml"},
			want:  "brand.yaml:4: background.colour: unknown key",
		},
		{
			name:  "bad colour",
			extra: map[string]string{"brand.yaml": "name: brand\ntitle:\n  color: \"#12345z\"\n"},
			args:  []string{"cards", "--theme", "brand.yaml"},
			want:  `brand.yaml:3: title.color: is not a colour`, // never the value (issue 26, item 2)
		},
		{
			name:  "a font file that is not a font",
			extra: map[string]string{"fonts/Brand.ttf": "<html>not a font</html>", "seopipe.yaml": "site:\n  url: https://example.com/\ncards:\n  fonts:\n    bold: fonts/Brand.ttf\n"},
			args:  []string{"build"},
			want:  "seopipe.yaml:5: cards.fonts.bold:",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := extract(t, "site.txtar", tt.extra)
			r := runCLI(t, context.Background(), dir, nil, append(tt.args, "--now=2026-01-01")...)
			if r.code != cli.ExitUsage {
				t.Errorf("exit %d, want %d", r.code, cli.ExitUsage)
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, r.stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
				t.Error("a config error wrote output")
			}
		})
	}
}
