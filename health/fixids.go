package health

// Fix IDs are the stable names of the fixes a finding may suggest; the fixes
// package implements exactly this set (a test there holds both sides to it).
const (
	FixCacheClear   = "wps.cache.clear"
	FixConfigReset  = "wps.config.reset"
	FixCloudRestart = "wps.cloud.restart"
	FixUpdate       = "wps.update"
	FixDNSFlush     = "dns.flush"
	FixDNSSet       = "dns.set"
	FixClockSync    = "clock.sync"
	FixFirewall     = "firewall.allow"
	FixResignin     = "wps.resignin"
	FixCloudExec    = "wps.cloud.exec"
)

// FixIDs lists every fix ID in menu order.
var FixIDs = []string{FixCacheClear, FixConfigReset, FixResignin, FixCloudRestart, FixUpdate, FixDNSFlush, FixDNSSet, FixClockSync, FixFirewall, FixCloudExec}
