package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/seopipe/seopipe/internal/version"
)

func newVersionCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  maxArgs(0),
		RunE: func(*cobra.Command, []string) error {
			s := "seopipe " + version.String()
			if c := version.Commit(); c != "" {
				s += " (" + c[:min(12, len(c))] + ")"
			}
			fmt.Fprintf(env.Stdout, "%s %s %s/%s\n", s, runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}
