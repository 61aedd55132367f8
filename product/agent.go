package product

import (
	"context"
	"log"

	"wpsdoctor/agent"
	"wpsdoctor/agent/history"
	"wpsdoctor/agent/watch"
	"wpsdoctor/fixes"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/firewall"
	"wpsdoctor/platform/locations"
	"wpsdoctor/platform/oslog"
	"wpsdoctor/report"
	"wpsdoctor/verdict"
)

// System are the agent service's paths on this OS: its state directory
// and its socket (or named pipe).
func (p *Product) System() locations.System { return locations.SystemFor(p.opts.GOOS, p.opts.Getenv) }

// PolicyPath is the organisation's policy file (support contact, what the
// agent may do for users).
func (p *Product) PolicyPath() string { return report.PolicyPath(p.opts.GOOS, p.opts.Getenv) }

// AgentRun is what `service run` serves: the privileged verb's executor,
// the policy read afresh for each request, the system journal. watch is
// the scheduled watching (ServiceRun passes p.watching); nil serves
// requests only.
func (p *Product) AgentRun(watch func(ctx context.Context) error) agent.RunOptions {
	sys := p.System()
	polPath := p.PolicyPath()
	srv := &agent.Server{
		Executor: &fixes.Executor{OS: goos},
		Policy: func() agent.PolicyState {
			pol, _, err := report.LoadPolicy(polPath)
			return agent.PolicyState{Path: polPath, Policy: pol, Err: err}
		},
		Journal: &agent.Journal{Path: sys.AgentJournal()},
	}
	return agent.RunOptions{Socket: sys.Socket, Server: srv, Watch: watch}
}

// ServiceRun runs the agent in the foreground or under the service
// manager until it is stopped: it serves the privileged requests and
// watches this computer's health (agent/watch) into the history, the
// metrics textfile and the OS log.
func (p *Product) ServiceRun() error {
	self, err := p.self()
	if err != nil {
		return err
	}
	return agent.Run(goos, self, p.AgentRun(p.watching))
}

// watching is the agent's scheduled diagnosis. The OS log is optional: an
// agent that cannot open it still keeps the history and the metrics.
func (p *Product) watching(ctx context.Context) error {
	o := p.WatchOptions()
	events, err := oslog.Open(agent.NameFor(goos))
	if err != nil {
		o.Logf("no system log: %v", err)
	} else {
		defer events.Close()
		o.Events = events
	}
	return watch.Loop(ctx, o)
}

// WatchOptions are the agent's watching without its OS log: the system
// checks (AgentCheckIDs) in the system's language, the history in the
// system state directory, the metrics where the textfile collector reads.
func (p *Product) WatchOptions() watch.Options {
	lang := i18n.Detect()
	ids := AgentCheckIDs(p.Checks())
	return watch.Options{
		Diagnose: func(ctx context.Context) (health.Report, error) {
			rep, _, err := p.RunChecks(ctx, ids, lang)
			return rep, err
		},
		Facts:       verdict.FactsOf(p.Checks()),
		Lang:        lang,
		Version:     p.opts.Version,
		History:     &history.Log{Dir: p.System().State},
		MetricsPath: locations.MetricsTextfile(p.opts.GOOS, p.opts.Getenv),
		Logf:        log.Printf,
	}
}

// AgentCheckIDs are the checks the agent watches: the network, DNS, clock
// and firewall of this computer, and WPS's servers — the same for every
// user. The WPS install, the account and the sync folder live in a user's
// profile, which the system account running the agent does not have; the
// tray of each signed-in user watches those.
func AgentCheckIDs(all []health.Check) []string {
	var ids []string
	for _, c := range all {
		switch {
		case c.Area == health.AreaNetwork, c.Area == health.AreaDNS, c.Area == health.AreaClock,
			c.ID == "net.servers", c.ID == "net.signin_providers":
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// ServiceControl is the service manager's handle of the agent for this
// binary.
func (p *Product) ServiceControl() (agent.Control, error) {
	self, err := p.self()
	if err != nil {
		return nil, err
	}
	return agent.NewControl(goos, self)
}

// ServiceStatus says whether the agent is installed and running, in a way
// that works for users who are not administrators.
func (p *Product) ServiceStatus(ctx context.Context) (agent.State, error) {
	c, err := p.ServiceControl()
	if err != nil {
		return agent.StateUnknown, err
	}
	return agent.StatusOf(ctx, c, p.System().Socket)
}

// elevator prefers the agent when it answers, else the administrator
// prompt through our own binary's privileged verb.
func (p *Product) elevator(self string) fixes.Elevator {
	return agent.Prefer{Socket: p.System().Socket, Fallback: fixes.HelperElevator{Exe: self}}
}

// firewallRead is this program's own reading of the firewall (replaced in
// tests).
var firewallRead = firewall.Read

// readFirewall reads the firewall rules itself and, when only the system
// may read them (Linux: nft and ufw list rules only as root) and the agent
// answers, takes the agent's reading instead (marked ReadByService, which
// the check's evidence and the plan's notes show). The agent's own reading
// is of the whole ruleset, with no programs: where programs matter
// (Windows, macOS) a user can read the rules directly.
func (p *Product) readFirewall(ctx context.Context, apps []string) (firewall.State, error) {
	st, err := firewallRead(ctx, apps)
	if err != nil || st.Unreadable == "" {
		return st, err
	}
	sock := p.System().Socket
	if sock == "" {
		return st, nil
	}
	ast, aerr := agent.ReadFirewall(ctx, sock)
	if aerr != nil || ast.Unreadable != "" {
		return st, nil // no agent, or it could not read them either: as before
	}
	ast.ReadBy = firewall.ReadByService
	return ast, nil
}

// provideFirewall hands the checks of env the reader that falls back to
// the agent.
func (p *Product) provideFirewall(env *health.Env) {
	health.Provide(env, func() (firewall.Reader, error) { return p.readFirewall, nil })
}
