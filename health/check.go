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
	// Run observes and returns a finding. It must honour ctx.
	Run func(ctx context.Context, env *Env) Finding
}
