package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/seopipe/seopipe/internal/config"
	"github.com/seopipe/seopipe/internal/outfs"
)

// InitOptions are the flags of seopipe init.
type InitOptions struct {
	Global GlobalOptions
	Force  bool // overwrite an existing file
}

// NewCmdInit makes seopipe init. runF, when set, is called with the parsed
// options instead of writing the file (tests).
func NewCmdInit(env *Env, g *GlobalOptions, runF func(*InitOptions) error) *cobra.Command {
	opts := &InitOptions{}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write a commented starter " + config.FileName,
		Args:  maxArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := g.check(); err != nil {
				return err
			}
			opts.Global = *g
			if runF != nil {
				return runF(opts)
			}
			return runInit(env, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Force, "force", false, "overwrite an existing file")
	return cmd
}

// runInit writes config.Starter where build will look for the config.
func runInit(env *Env, opts *InitOptions) error {
	path := abs(env.WorkDir, config.FileName)
	if opts.Global.Config != "" {
		path = abs(env.WorkDir, opts.Global.Config)
	} else if p := env.Getenv("SEOPIPE_CONFIG"); p != "" {
		path = abs(env.WorkDir, p) // where build will look for it
	}
	if _, err := os.Stat(path); err == nil && !opts.Force {
		return usagef("%s already exists; pass --force to overwrite it", rel(env.WorkDir, path))
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := outfs.WriteFileAtomic(path, []byte(config.Starter)); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	if !opts.Global.Quiet {
		fmt.Fprintf(env.Stderr, "seopipe: wrote %s; set site.url, then run: seopipe build\n", rel(env.WorkDir, path))
	}
	return nil
}
