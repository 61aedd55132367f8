package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/kardianos/service"
	"github.com/spf13/cobra"

	"wpsdoctor/agent"
	"wpsdoctor/agent/history"
	"wpsdoctor/i18n"
)

func init() { commandHooks = append(commandHooks, serviceCommands) }

// Exit codes of `service status`: 0 running, 1 installed but stopped,
// 2 not installed, 3 cannot tell (no administrator rights, or an error).
const (
	exitServiceStopped      = 1
	exitServiceNotInstalled = 2
	exitServiceUnknown      = 3
)

// serviceCommands are `service install|uninstall|start|stop|status|run`:
// the background agent (see package agent).
func serviceCommands(a *app) []*cobra.Command {
	cmd := &cobra.Command{
		Use:   "service",
		Short: "Install, remove, start, stop or ask about the background agent service (administrator)",
		Long: "The agent service runs as the system and performs the fixes that need administrator rights\n" +
			"for local users, as the organisation's policy file allows (see README, \"Agent service\").\n" +
			"Exit codes of status: 0 running, 1 stopped, 2 not installed, 3 cannot tell.",
	}
	cmd.AddCommand(
		a.serviceAction("install", "Register the agent service and start it", agent.Install, "agent.installed"),
		a.serviceAction("uninstall", "Stop the agent service and remove it", agent.Uninstall, "agent.uninstalled"),
		a.serviceAction("start", "Start the agent service", func(c agent.Control) error { return c.Start() }, "agent.started"),
		a.serviceAction("stop", "Stop the agent service", agent.Stop, "agent.stopped"),
		a.serviceStatusCmd(),
		a.serviceHistoryCmd(),
		&cobra.Command{
			Use:   "run",
			Short: "Run the agent in the foreground (what the service manager starts)",
			Args:  cobra.NoArgs,
			RunE: func(*cobra.Command, []string) error {
				if err := a.prod.ServiceRun(); err != nil {
					return &exitError{code: 1, err: fmt.Errorf("service run: %w", err)}
				}
				return nil
			},
		},
	)
	return []*cobra.Command{cmd}
}

// serviceAction is one management command; done is said when it worked.
func (a *app) serviceAction(use, short string, do func(agent.Control) error, done string) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			c, err := a.prod.ServiceControl()
			if err != nil {
				return toolFailure(err)
			}
			err = do(c)
			switch {
			case err == nil:
				a.say(a.t(done))
				return nil
			case errors.Is(err, agent.ErrAlreadyInstalled):
				a.say(a.t("agent.already_installed"))
				return nil
			case errors.Is(err, service.ErrNotInstalled):
				a.say(a.t("agent.not_installed_nothing"))
				return &exitError{code: exitServiceNotInstalled}
			case agent.IsAccessDenied(err) || errors.Is(err, os.ErrPermission):
				return &exitError{code: 1, err: errors.New(a.t("agent.needs_admin", "error", err.Error()))}
			}
			return &exitError{code: 1, err: fmt.Errorf("service %s: %w", use, err)}
		},
	}
}

func (a *app) serviceStatusCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Say whether the agent service is installed and running (works without administrator rights)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.prod.ServiceStatus(context.WithoutCancel(cmd.Context()))
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			if a.jsonOut {
				if jerr := writeJSON(a.stdout, map[string]string{"state": string(st), "error": msg, "socket": a.prod.System().Socket}); jerr != nil {
					return toolFailure(jerr)
				}
			} else {
				a.say(a.t(i18n.MemberKey("agent.status", string(st)), "error", msg, "command", "wpsdoctor service start"))
			}
			switch st {
			case agent.StateRunning:
				return nil
			case agent.StateStopped:
				return &exitError{code: exitServiceStopped}
			case agent.StateNotInstalled:
				return &exitError{code: exitServiceNotInstalled}
			}
			return &exitError{code: exitServiceUnknown}
		},
	}
}

// serviceHistoryCmd prints the agent's last runs (codes and counts only:
// the history holds nothing personal), newest last; readable by every user.
func (a *app) serviceHistoryCmd() *cobra.Command {
	n := 20
	cmd := &cobra.Command{
		Use:   "history",
		Short: "Show the agent service's last health checks (state, counts, finding codes)",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if n < 1 {
				return &exitError{code: exitToolFailure, err: fmt.Errorf("-n %d: give a number of runs of 1 or more", n)}
			}
			dir := a.prod.System().State
			recs, err := history.Read(dir, n)
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				return toolFailure(fmt.Errorf("service history: %w", err))
			}
			if a.jsonOut {
				if recs == nil {
					recs = []history.Record{}
				}
				if err := writeJSON(a.stdout, recs); err != nil {
					return toolFailure(err)
				}
				return nil
			}
			if len(recs) == 0 {
				a.say(a.t("agent.history.none", "dir", displayPath(dir)))
				return nil
			}
			for _, r := range recs {
				a.say(a.t("agent.history.line", "time", r.Time.Local().Format("2006-01-02 15:04"), "state", r.State,
					"fail", r.Counts.Fail, "warn", r.Counts.Warn, "codes", strings.Join(append(r.Failing, r.Warning...), " ")))
			}
			return nil
		},
	}
	cmd.Flags().IntVarP(&n, "runs", "n", n, "how many of the last runs to show")
	return cmd
}
