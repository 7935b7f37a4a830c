package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seopipe/seopipe/site"
)

// URLsOptions are the flags and argument of seopipe urls.
type URLsOptions struct {
	SiteOptions
	JSON bool // --json: a JSON array instead of TSV
}

// NewCmdURLs makes seopipe urls. runF, when set, is called with the
// parsed options instead of listing (tests).
func NewCmdURLs(env *Env, g *GlobalOptions, runF func(*URLsOptions) error) *cobra.Command {
	opts := &URLsOptions{}
	cmd := &cobra.Command{
		Use:   "urls [CONTENT_DIR]",
		Short: "List every published post's source, URL and language; write nothing",
		Long: `Urls reads and validates the posts as check does and lists every post that
would be published: its source file, its URL and its language, sorted by source,
as tab-separated values under a header line, or with --json as a JSON array. Diff
it against what the site's generator publishes. Problems are reported as check
reports them, and the exit code is check's.`,
		Args: maxArgs(1),
	}
	cmd.RunE = siteRunE(env, g, opts, runF, runURLs)
	opts.SiteOptions.addFlags(cmd.Flags())
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "write a JSON array of {source, url, lang} instead of TSV")
	return cmd
}

func runURLs(ctx context.Context, env *Env, opts *URLsOptions) error {
	return runPipeline(ctx, env, pipelineRun{mode: modeCheck, site: opts.SiteOptions, urls: &urlsList{json: opts.JSON}})
}

// urlsList is how seopipe urls writes its list.
type urlsList struct{ json bool }

// urlEntry is one line of seopipe urls.
type urlEntry struct {
	Source string `json:"source"`
	URL    string `json:"url"`
	Lang   string `json:"lang"`
}

// write lists pages to w, sorted by source. A page without a URL (a
// check without site.url) is listed with its path.
func (l *urlsList) write(w io.Writer, pages []*site.Page) error {
	list := make([]urlEntry, 0, len(pages))
	for _, pg := range pages {
		list = append(list, urlEntry{Source: pg.Post.Source, URL: cmp.Or(pg.URL, pg.Path), Lang: pg.Language()})
	}
	slices.SortFunc(list, func(a, b urlEntry) int { return strings.Compare(a.Source, b.Source) })
	if l.json {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	// Tabs and newlines cannot be in a URL (it is percent-encoded) or a
	// language tag; a file name may hold them: they are escaped.
	esc := strings.NewReplacer("\\", `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)
	if _, err := fmt.Fprintln(w, "source\turl\tlang"); err != nil {
		return err
	}
	for _, e := range list {
		if _, err := fmt.Fprintf(w, "%s\t%s\t%s\n", esc.Replace(e.Source), e.URL, e.Lang); err != nil {
			return err
		}
	}
	return nil
}
