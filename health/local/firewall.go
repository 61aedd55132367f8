package local

import (
	"context"
	"strings"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/firewall"
)

// IDFirewall is the firewall check's ID.
const IDFirewall = "firewall.rules"

// Firewall codes.
const (
	CodeFirewallClear   = "WSD-FWL-001" // no local rule stands in WPS's way
	CodeFirewallBlocked = "WSD-FWL-002" // a local rule or policy blocks WPS's outbound web traffic
	CodeFirewallSuspect = "WSD-FWL-003" // outbound traffic is filtered; nothing seen lets WPS through
	CodeFirewallUnread  = "WSD-FWL-004" // the rules could not be read (rights, tools)
)

// FixFirewall opens the firewall for WPS.
const FixFirewall = health.FixFirewall

// firewallRead is replaced in tests.
var firewallRead = firewall.Read

// firewallTimeout bounds reading the rules: Windows lists them through
// PowerShell, which takes seconds on a machine with many rules.
const firewallTimeout = 20 * time.Second

// checkFirewall reads this computer's firewall. It tells a local block
// (which the firewall fix can lift) from a drop further out, which net.tcp
// reports in the same words ("timed out") either way.
func checkFirewall(ctx context.Context, env *health.Env) health.Finding {
	in, _ := install(env)
	programs := firewall.Programs(in)
	read := firewallRead
	if r, _ := health.Fact[firewall.Reader](env); r != nil {
		read = r // the composition root's: it asks the service when only the system may read
	}
	st, err := read(ctx, programs)
	if err != nil {
		return health.Skip(CodeFirewallUnread, health.Msg("local.fw_unread", "reason", err.Error()))
	}
	v := firewall.Assess(st, programs)
	ev := func(f health.Finding) health.Finding {
		f = f.With("backend", st.Backend).With("verdict", v)
		if len(programs) > 0 {
			f = f.With("programs", programs)
		}
		if st.ReadBy != "" {
			f = f.With("read_by", st.ReadBy)
		}
		return f
	}
	switch v.Level {
	case firewall.Blocked:
		return ev(health.Fail(CodeFirewallBlocked, firewallMsg("local.fw_blocked", "local.fw_blocked_rules", st.Backend, v))).Suggest(FixFirewall)
	case firewall.Suspect:
		return ev(health.Warn(CodeFirewallSuspect, firewallMsg("local.fw_suspect", "local.fw_suspect_rules", st.Backend, v))).Suggest(FixFirewall)
	case firewall.Unread:
		key := "local.fw_unread" // Linux: ufw and nft list rules only as root
		if st.Backend == firewall.BackendWindows {
			key = "local.fw_unknown" // rights are not the reason: the readers could not answer
		}
		return ev(health.Skip(CodeFirewallUnread, health.Msg(key, "reason", v.Why)))
	}
	return ev(health.OK(CodeFirewallClear, health.Msg("local.fw_clear", "backend", backendRef(st.Backend))))
}

// firewallMsg names the firewall, and on Windows the rules by the names
// its settings show them under (the user's own words, found again in the
// firewall's list). Elsewhere the reasons are the tool's English
// ("ufw: outgoing deny, …"): they stay in the evidence.
func firewallMsg(key, rulesKey, backend string, v firewall.Verdict) health.Message {
	if backend == firewall.BackendWindows && len(v.Why) > 0 {
		return health.Msg(rulesKey, "backend", backendRef(backend), "rules", v.Why)
	}
	return health.Msg(key, "backend", backendRef(backend))
}

// backendRef names a firewall in the reader's language; one this build
// does not know is shown as the tool calls it.
func backendRef(b string) string {
	switch b {
	case firewall.BackendWindows, firewall.BackendMacALF, firewall.BackendUFW, firewall.BackendNFT, firewall.BackendFirewalld:
		return i18n.KeyRef + i18n.MemberKey("local.fw_backend", strings.ReplaceAll(b, "-", "_"))
	}
	return b
}
