package health

import (
	"context"
	"time"
)

// Area groups checks the way the user thinks about them; the CLI and the
// window show findings grouped and ordered by area.
type Area string

const (
	AreaInstall Area = "install"
	AreaClient  Area = "client"
	AreaAccount Area = "account"
	AreaNetwork Area = "network"
	AreaDNS     Area = "dns"
	AreaClock   Area = "clock"
	AreaStorage Area = "storage"
	AreaFiles   Area = "files"
	AreaRunner  Area = "runner"
)

// Areas lists the areas in display order.
var Areas = []Area{AreaInstall, AreaClient, AreaAccount, AreaNetwork, AreaDNS, AreaClock, AreaStorage, AreaFiles, AreaRunner}

// Check is one observation of the system. Checks only observe: they never
// change anything, so the runner may run them at any time, all at once.
type Check struct {
	ID   string
	Area Area
	// DependsOn names checks whose failure makes this one meaningless
	// ("offline" hides "endpoint unreachable"). A dependent runs
	// concurrently with its root, is cancelled as soon as the root fails,
	// and is reported as skipped with SuppressedBy set.
	DependsOn []string
	// Timeout bounds this check; zero means the runner's default.
	Timeout time.Duration
	// Light checks are cheap (no network, no big scans); the tray runs them
	// more often than the full set.
	Light bool
	// Offline says that when this check fails the computer is offline:
	// nothing WPS-specific can be judged, so the tray shows its offline
	// icon rather than a problem (the way Tailscale's health Warnable
	// carries ImpactsConnectivity). The front ends keep no list of IDs.
	Offline bool
	// Quiet findings are shown in the window and the report but never
	// change the tray's icon, its one-line status or its notifications:
	// advice, not a fault of sync. No check is quiet today.
	Quiet bool
	// Run observes and returns a finding. It must honour ctx.
	Run func(ctx context.Context, env *Env) Finding
	// Refine, if set, may reword this check's finding once every check has
	// run, given the findings of the checks it depends on by ID (a dropped
	// connection while the local firewall is clear is blocked on the
	// network). It is not called for a suppressed finding.
	Refine func(f Finding, deps map[string]Finding) Finding
}
