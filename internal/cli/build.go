package cli

import (
	"context"

	"github.com/spf13/cobra"
)

// BuildOptions are the flags and argument of seopipe build.
type BuildOptions struct {
	SiteOptions
	WriteOptions
}

// NewCmdBuild makes seopipe build. runF, when set, is called with the
// parsed options instead of building (tests).
func NewCmdBuild(env *Env, g *GlobalOptions, runF func(*BuildOptions) error) *cobra.Command {
	opts := &BuildOptions{}
	cmd := &cobra.Command{
		Use:   "build [CONTENT_DIR]",
		Short: "Build every output into the output directory",
		Long: `Build reads the posts under CONTENT_DIR (default: content.dir of the config) and
writes posts.json and the other outputs into the output directory. Problems with
single posts are reported as path:line: field: message; the other posts are still
built and the exit code is 1.`,
		Args: maxArgs(1),
	}
	cmd.RunE = siteRunE(env, g, opts, runF, runBuild)
	opts.SiteOptions.addFlags(cmd.Flags())
	opts.WriteOptions.addFlags(cmd.Flags())
	return cmd
}

func runBuild(ctx context.Context, env *Env, opts *BuildOptions) error {
	return runPipeline(ctx, env, pipelineRun{mode: modeBuild, site: opts.SiteOptions, write: opts.WriteOptions})
}
