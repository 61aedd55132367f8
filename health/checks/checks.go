// Package checks assembles the full check catalogue and the environment the
// checks observe, so the CLI, the tray and the agent run the same set.
package checks

import (
	"os"
	"runtime"
	"slices"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/health/local"
	"wpsdoctor/health/network"
	"wpsdoctor/platform/sysinfo"
	"wpsdoctor/platform/wps"
)

// Runner limits (aliases of health's, kept for callers of this package).
const (
	DefaultTimeout = health.DefaultTimeout
	Deadline       = health.Deadline
)

// crossDeps are dependencies between checks of different packages, which
// each stay usable on their own: a local firewall that blocks TCP 443
// explains a failed connection, so net.tcp (and what depends on it) is
// hidden behind firewall.rules and the report names one cause; the
// security software found (security.software, never a failure) is named
// in net.tcp and net.tls findings (see refiners).
var crossDeps = map[string][]string{network.IDTCP: {local.IDFirewall, local.IDSecurity}, network.IDTLS: {local.IDSecurity}}

// All returns every check, in catalogue order.
func All() []health.Check {
	var all []health.Check
	all = append(all, local.Checks()...)
	all = append(all, local.AccountChecks()...)
	all = append(all, network.Checks()...)
	all = append(all, local.SecurityChecks()...)
	for i := range all {
		if d := crossDeps[all[i].ID]; d != nil {
			all[i].DependsOn = append(slices.Clone(all[i].DependsOn), d...)
		}
		if r := refiners[all[i].ID]; r != nil {
			all[i].Refine = r
		}
	}
	return all
}

// NewEnv builds the environment for the real system. A missing home
// directory is not fatal: per-user folders cannot be found, which the
// checks report; warn says so for the user.
func NewEnv(cat *catalog.Catalog) (env *health.Env, warn string) {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		home = ""
		warn = "the home directory is unknown (HOME is not set): per-user WPS folders cannot be checked"
	}
	env = health.With(health.NewEnv(cat, home), wps.Discover)
	health.Provide(env, wps.DiscoverSignIn)
	provideSecurity(env)
	env.Host = thisHost()
	return env, warn
}

// thisHost returns the non-identifying facts of the running computer, for
// the report header.
func thisHost() health.Host {
	h := health.Host{OS: runtime.GOOS, Arch: runtime.GOARCH}
	if info, err := sysinfo.OSVersion(); err == nil {
		h.OSVersion = info.Display()
	}
	return h
}
