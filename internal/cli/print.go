package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/seopipe/seopipe/internal/diag"
	"github.com/seopipe/seopipe/pipeline"
)

// printProblems prints errors always and warnings unless quiet, each as
// "path:line: field: message" with the path relative to the working
// directory; under GitHub Actions also as workflow annotations.
func printProblems(env *Env, quiet bool, res *pipeline.Result, contentRel, outRel string) {
	printList(env, quiet, res.Problems, contentRel)
	printList(env, quiet, res.OutputProblems, outRel)
}

// printList prints problems whose paths are relative to dir.
func printList(env *Env, quiet bool, probs []diag.Problem, dir string) {
	gh := env.Getenv("GITHUB_ACTIONS") == "true"
	for _, p := range probs {
		if p.Severity == diag.Warning && quiet {
			continue
		}
		p = relocate(p, dir)
		prefix := ""
		if p.Severity == diag.Warning {
			prefix = "warning: "
		}
		fmt.Fprintln(env.Stderr, prefix+p.Error())
		if gh {
			kind := "error"
			if p.Severity == diag.Warning {
				kind = "warning"
			}
			fmt.Fprintln(env.Stdout, annotation(kind, p))
		}
	}
}

// relocate makes p's paths, relative to dir, relative to the working
// directory: the file it is about and the other file it names.
func relocate(p diag.Problem, dir string) diag.Problem {
	rel := func(path string) string { return filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(path))) }
	if p.Path != "" && !p.PathAsGiven {
		p.Path = rel(p.Path)
	}
	if p.Other.Path != "" {
		p.Other.Path = rel(p.Other.Path)
	}
	return p
}

// annotation formats a GitHub Actions workflow command for p.
func annotation(kind string, p diag.Problem) string {
	esc := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	escProp := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	msg := p.Text() // escaped by diag, as the path and field below
	if p.Field != "" {
		msg = diag.Escape(p.Field) + ": " + msg
	}
	s := "::" + kind
	if p.Path != "" {
		s += " file=" + escProp.Replace(diag.Escape(p.Path))
		if p.Line > 0 {
			s += fmt.Sprintf(",line=%d", p.Line)
		}
	}
	return s + "::" + esc.Replace(msg)
}

// printSummary prints what a run of the pipeline in mode m found, wrote
// and reused, and how long its stages took.
func printSummary(w io.Writer, res *pipeline.Result, outRel string, m mode, verbose bool) {
	posts := res.Found - res.Sections - res.Headless - res.NotPosts
	fmt.Fprintf(w, "seopipe: %d %s found: %d published, %d %s, %d future, ",
		posts, plural(posts, "post", "posts"), res.Published, res.Drafts, plural(res.Drafts, "draft", "drafts"), res.Future)
	if res.Expired > 0 { // only sites that use expiryDate have any
		fmt.Fprintf(w, "%d expired, ", res.Expired)
	}
	fmt.Fprintf(w, "%d failed", res.Failed)
	if res.Sections > 0 {
		fmt.Fprintf(w, "; %d section %s", res.Sections, plural(res.Sections, "page", "pages"))
	}
	if res.Headless > 0 {
		fmt.Fprintf(w, "; %d headless %s", res.Headless, plural(res.Headless, "bundle", "bundles"))
	}
	if res.NotPosts > 0 { // a generator's pages that are not posts (about.md)
		fmt.Fprintf(w, "; %d other %s", res.NotPosts, plural(res.NotPosts, "page", "pages"))
	}
	fmt.Fprintln(w)
	if errs := res.Errors(); errs > 0 || len(res.Problems) > 0 {
		warns := len(res.Problems) + len(res.OutputProblems) - errs
		fmt.Fprintf(w, "  %d %s, %d %s\n", errs, plural(errs, "error", "errors"), warns, plural(warns, "warning", "warnings"))
	}
	if res.Stopped {
		fmt.Fprintln(w, "  stopped at the first error (--fail-fast); nothing was written")
	}
	if m != modeCheck && !res.Stopped {
		fmt.Fprintf(w, "  %d %s in %s: %d written, %d unchanged, %s", len(res.Files), plural(len(res.Files), "file", "files"),
			outRel, res.Written, res.Unchanged, humanBytes(res.Bytes))
		if res.Removed > 0 {
			fmt.Fprintf(w, "; %d stale %s removed", res.Removed, plural(res.Removed, "file", "files"))
		}
		fmt.Fprintln(w)
		if res.ParsedFromCache > 0 || res.PostsKept > 0 || res.FindingsReused > 0 {
			fmt.Fprintf(w, "  reused from the last build: %d of %d parsed %s, the SEO files of %d of %d %s",
				res.ParsedFromCache, res.Found, plural(res.Found, "file", "files"), res.PostsKept, res.Published, plural(res.Published, "post", "posts"))
			if res.FindingsReused > 0 { // 0 too when no self-check ran (seopipe cards)
				fmt.Fprintf(w, ", the self-check's findings on %d", res.FindingsReused)
			}
			fmt.Fprintln(w)
		}
		if im := res.Images; im.Sources > 0 {
			fmt.Fprintf(w, "  %d %s: %d processed, %d from the cache", im.Sources, plural(im.Sources, "image", "images"), im.Processed, im.Reused)
			if n := im.Downloaded + im.Cached + im.Revalidated + im.Stale; n > 0 {
				fmt.Fprintf(w, "; remote: %d downloaded, %d cached, %d revalidated", im.Downloaded, im.Cached, im.Revalidated)
				if im.Stale > 0 {
					fmt.Fprintf(w, ", %d stale", im.Stale)
				}
			}
			if im.Failed > 0 {
				fmt.Fprintf(w, "; %d failed", im.Failed)
			}
			fmt.Fprintln(w)
		}
		if c := res.Cards; c.Cards > 0 {
			fmt.Fprintf(w, "  %d %s: %d rendered, %d from the cache", c.Cards, plural(c.Cards, "card", "cards"), c.Rendered, c.Reused)
			if c.Shrunk > 0 || c.Cut > 0 {
				fmt.Fprintf(w, "; %d with the title shrunk, %d cut (see the warnings and cards/index.html)", c.Shrunk, c.Cut)
			}
			fmt.Fprintln(w)
		}
	}
	var parts []string
	for _, s := range res.Stages {
		parts = append(parts, fmt.Sprintf("%s %s", s.Name, roundDur(s.Elapsed)))
	}
	fmt.Fprintf(w, "  %s in %s (%s)\n", map[bool]string{true: "checked", false: "built"}[m == modeCheck], roundDur(res.Elapsed), strings.Join(parts, ", "))
	if verbose && m != modeCheck {
		// What changed in the output directory, as a deploy would see it.
		for _, l := range []struct {
			mark  string
			files []string
		}{{"written", res.WrittenFiles}, {"removed", res.RemovedFiles}} {
			for _, f := range l.files {
				fmt.Fprintf(w, "  %s %s\n", l.mark, filepath.ToSlash(filepath.Join(outRel, f)))
			}
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func roundDur(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
