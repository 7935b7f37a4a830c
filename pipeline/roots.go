package pipeline

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/seopipe/seopipe/content"
	"github.com/seopipe/seopipe/internal/diag"
)

// walkRoots lists the Markdown files of the content directory, or with a
// generator those of its Roots (a Root that does not exist has none), each
// Rel relative to the generator's Root, sorted and once each.
func walkRoots(ctx context.Context, opts Options, skip []string) ([]content.Source, []diag.Problem, error) {
	g := opts.Generator
	if g == nil {
		return content.Walk(ctx, opts.ContentDir, skip)
	}
	var sources []content.Source
	var probs []diag.Problem
	for _, root := range g.Roots() {
		dir := filepath.Join(g.Root(), filepath.FromSlash(root.Dir))
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		srcs, ps, err := content.Walk(ctx, dir, skip)
		if err != nil {
			return nil, nil, err
		}
		for _, s := range srcs {
			s.Rel = path.Join(root.Dir, s.Rel)
			sources = append(sources, s)
		}
		for _, p := range ps {
			p.Path = path.Join(root.Dir, p.Path)
			probs = append(probs, p)
		}
	}
	slices.SortFunc(sources, func(a, b content.Source) int { return strings.Compare(a.Rel, b.Rel) })
	sources = slices.CompactFunc(sources, func(a, b content.Source) bool { return a.Rel == b.Rel })
	return sources, probs, nil
}

// rooted shows the generator's problems as the posts' are: their paths,
// relative to its Root (the run's content directory), from the working
// directory, not as given.
func rooted(probs []diag.Problem) []diag.Problem {
	for i := range probs {
		if probs[i].Path != "" && !filepath.IsAbs(probs[i].Path) {
			probs[i].PathAsGiven = false
		}
	}
	return probs
}
