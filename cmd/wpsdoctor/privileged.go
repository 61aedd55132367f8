package main

import (
	"errors"
	"runtime"

	"github.com/spf13/cobra"

	"wpsdoctor/fixes"
)

// privilegedCmd is the elevated half: started by pkexec/elevate with a
// step file, it runs only validated verbs and always writes a result file.
func (a *app) privilegedCmd() *cobra.Command {
	var step, result string
	cmd := &cobra.Command{
		Use:    "privileged --step FILE --result FILE",
		Short:  "Internal: run validated fix steps with administrator rights",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if step == "" || result == "" {
				return toolFailure(errors.New("--step and --result are required"))
			}
			x := &fixes.Executor{OS: runtime.GOOS}
			if err := fixes.ServePrivileged(cmd.Context(), step, result, x); err != nil {
				return &exitError{code: exitFixNotApplied, err: err}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&step, "step", "", "step file (JSON) to run")
	cmd.Flags().StringVar(&result, "result", "", "result file (JSON) to write")
	return cmd
}
