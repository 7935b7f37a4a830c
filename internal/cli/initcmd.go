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

func newInitCmd(env *Env, g *globalOptions) *cobra.Command {
	force := false
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write a commented starter " + config.FileName,
		Args:  maxArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := g.check(); err != nil {
				return err
			}
			path := abs(env.WorkDir, config.FileName)
			if g.config != "" {
				path = abs(env.WorkDir, g.config)
			} else if p := env.Getenv("SEOPIPE_CONFIG"); p != "" {
				path = abs(env.WorkDir, p) // where build will look for it
			}
			if _, err := os.Stat(path); err == nil && !force {
				return usagef("%s already exists; pass --force to overwrite it", rel(env.WorkDir, path))
			} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			if err := outfs.WriteFileAtomic(path, []byte(config.Starter)); err != nil {
				return fmt.Errorf("init: %w", err)
			}
			if !g.quiet {
				fmt.Fprintf(env.Stderr, "seopipe: wrote %s; set site.url, then run: seopipe build\n", rel(env.WorkDir, path))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "overwrite an existing file")
	return cmd
}
