package cli

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/seopipe/seopipe/pipeline"
)

// CardsOptions are the flags and argument of seopipe cards: build's, and
// the cards' theme, sizes and posts.
type CardsOptions struct {
	SiteOptions
	WriteOptions
	Theme string   // --theme: a built-in name or a theme file
	Only  []string // --only: slugs or keys
	Sizes []string // --size: og, x, square
}

// NewCmdCards makes seopipe cards. runF, when set, is called with the
// parsed options instead of rendering (tests).
func NewCmdCards(env *Env, g *GlobalOptions, runF func(*CardsOptions) error) *cobra.Command {
	opts := &CardsOptions{}
	cmd := &cobra.Command{
		Use:   "cards [CONTENT_DIR]",
		Short: "Render only the social cards and cards/index.html",
		Long: `Cards renders the posts' social cards into the output directory's cards/
folder, and cards/index.html, a contact sheet of every card with its warnings.
Nothing else is written: run build to update posts.json and the head tags.
A card whose inputs did not change is not rendered again.`,
		Args: maxArgs(1),
	}
	cmd.RunE = siteRunE(env, g, opts, runF, runCards)
	f := cmd.Flags()
	opts.SiteOptions.addFlags(f)
	opts.WriteOptions.addFlags(f)
	f.StringVar(&opts.Theme, "theme", "", "theme for every card: a built-in name or a theme file (overrides cards.theme and card.theme)")
	f.StringSliceVar(&opts.Only, "only", nil, "render only the cards of the posts of these `SLUG`s or keys (comma-separated or repeated)")
	f.StringSliceVar(&opts.Sizes, "size", nil, "card sizes to make: og, x, square (overrides cards.sizes)")
	return cmd
}

func runCards(ctx context.Context, env *Env, opts *CardsOptions) error {
	return runPipeline(ctx, env, pipelineRun{
		mode:  modeCards,
		site:  opts.SiteOptions,
		write: opts.WriteOptions,
		cards: &pipeline.CardOptions{Theme: opts.Theme, Sizes: opts.Sizes, Only: opts.Only},
	})
}
