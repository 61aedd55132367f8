package fixes

import (
	"errors"
	"fmt"
	"slices"

	"wpsdoctor/fixes/plan"
	"wpsdoctor/health"
	"wpsdoctor/platform/firewall"
)

// ErrPolicy marks a request the organisation's policy does not let the
// agent service run for this user: nothing was changed, and the front ends
// do not retry it through an administrator prompt behind the user's back.
var ErrPolicy = errors.New(plan.PolicyRefusedText)

// PrivilegedCategory is the fix an elevated action belongs to, told from
// the action's own shape (program and arguments, file, registry value,
// chain, file mode), never from what a caller claims: dns.set, dns.flush,
// clock.sync, firewall.allow or wps.cloud.exec. The action must pass
// ValidatePrivileged first; an action no fix emits has no category (an
// error).
func PrivilegedCategory(a Action) (string, error) {
	if err := ValidatePrivileged(a); err != nil {
		return "", err
	}
	switch a.Kind {
	case KindWriteFile:
		return health.FixDNSSet, nil // only /etc/resolv.conf passes
	case KindRegistrySet:
		return health.FixClockSync, nil // only W32Time's Type passes
	case KindNFTUnmark:
		return health.FixFirewall, nil
	case KindSetMode:
		return health.FixCloudExec, nil // only a system-wide WPS cloud component passes
	case KindExec:
	default:
		return "", fmt.Errorf("action %q has no fix category", a.Kind)
	}
	if len(a.Argv) == 0 {
		return "", fmt.Errorf("action kind %q has no fix category", a.Kind)
	}
	prog, args := a.Argv[0], a.Argv[1:]
	switch prog {
	case "netsh":
		if len(args) > 0 && args[0] == "advfirewall" {
			return health.FixFirewall, nil
		}
		return health.FixDNSSet, nil // netsh interface ipvN ... dnsservers
	case "networksetup", "resolvectl", "nmcli":
		return health.FixDNSSet, nil
	case "ipconfig", "dscacheutil", "killall", "nscd":
		return health.FixDNSFlush, nil
	case "net", "w32tm", "systemsetup", "sntp", "timedatectl", "systemctl", "chronyc":
		return health.FixClockSync, nil
	case "ufw", "nft", firewall.SocketFilterFW:
		return health.FixFirewall, nil
	}
	return "", fmt.Errorf("program %q has no fix category", prog)
}

// RequestCategories are the distinct categories of every action of a
// request's steps, sorted; any action without one makes it an error.
func RequestCategories(steps [][]Action) ([]string, error) {
	var out []string
	for _, st := range steps {
		for _, a := range st {
			c, err := PrivilegedCategory(a)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}
