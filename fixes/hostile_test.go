package fixes

import (
	"testing"
	"time"
	"wpsdoctor/fixes/plan"

	"wpsdoctor/platform/dnsconf"
	"wpsdoctor/platform/firewall"
	"wpsdoctor/platform/timesync"
)

var epoch = time.Unix(0, 0)

// hostileActions are the reproductions and their neighbours: none
// may pass the helper's validator.
var hostileActions = []struct {
	name string
	a    Action
}{
	{"nft include after our insert", Action{Kind: KindExec, Argv: []string{"nft", "insert", "rule", "inet", "filter", "output", "tcp", "dport", "{ 80, 443 }", "accept", "comment", "wpsdoctor", ";", "include", `"/root-only-file"`}}},
	{"nft include in one argument", Action{Kind: KindExec, Argv: []string{"nft", "insert", "rule", "inet", "filter", "output; include \"/root-only-file\""}}},
	{"nft -j include", Action{Kind: KindExec, Argv: []string{"nft", "-j", "list", "ruleset", ";", "include", `"/root-only-file"`}}},
	{"nft delete include", Action{Kind: KindExec, Argv: []string{"nft", "delete", "rule", "inet", "filter", "output", "handle", "7", ";", "include", `"/root-only-file"`}}},
	{"nft delete table", Action{Kind: KindExec, Argv: []string{"nft", "delete", "table", "inet", "filter"}}},
	{"set_mode of a system file", Action{Kind: KindSetMode, Path: "/etc/shadow", Mode: 0o644}},
	{"set_mode world-writable", Action{Kind: KindSetMode, Path: "/opt/kingsoft/wps-office/office6/wpscloudsvr", Mode: 0o777}},
	{"set_mode setuid", Action{Kind: KindSetMode, Path: "/opt/kingsoft/wps-office/office6/wpscloudsvr", Mode: 0o4755}},
	{"set_mode out through dot-dot", Action{Kind: KindSetMode, Path: "/opt/kingsoft/wps-office/office6/../../../../usr/bin/wpscloudsvr", Mode: 0o755}},
	{"set_mode in a user's home", Action{Kind: KindSetMode, Path: "/home/u/.local/wps-office/office6/wpscloudsvr", Mode: 0o755}},
	{"nft flush ruleset", Action{Kind: KindExec, Argv: []string{"nft", "flush", "ruleset"}}},
	{"nft -f file", Action{Kind: KindExec, Argv: []string{"nft", "-f", "/root-only-file"}}},
	{"nft list ruleset", Action{Kind: KindExec, Argv: []string{"nft", "-j", "-a", "list", "ruleset"}}},
	{"nft chain named like an option", Action{Kind: KindExec, Argv: []string{"nft", "-j", "-a", "list", "chain", "inet", "-f", "output"}}},
	{"nft insert another port", Action{Kind: KindExec, Argv: []string{"nft", "insert", "rule", "inet", "filter", "output", "tcp", "dport", "{ 22 }", "accept", "comment", "wpsdoctor"}}},
	{"nft insert without comment", Action{Kind: KindExec, Argv: []string{"nft", "insert", "rule", "inet", "filter", "output", "accept"}}},
	{"nft delete handle 0", Action{Kind: KindExec, Argv: []string{"nft", "delete", "rule", "inet", "filter", "output", "handle", "0"}}},
	{"nft delete handle not a number", Action{Kind: KindExec, Argv: []string{"nft", "delete", "rule", "inet", "filter", "output", "handle", "7 counter"}}},
	{"nft bridge family", Action{Kind: KindExec, Argv: []string{"nft", "delete", "rule", "bridge", "filter", "output", "handle", "7"}}},
	{"nft_delete_marked odd chain", Action{Kind: KindNFTUnmark, Chain: &plan.NFTChain{Family: "inet", Table: "-f", Name: "output"}}},
	{"ufw disable", Action{Kind: KindExec, Argv: []string{"ufw", "disable"}}},
	{"ufw reset", Action{Kind: KindExec, Argv: []string{"ufw", "--force", "reset"}}},
	{"ufw default allow", Action{Kind: KindExec, Argv: []string{"ufw", "default", "allow", "outgoing"}}},
	{"ufw allow ssh out", Action{Kind: KindExec, Argv: []string{"ufw", "allow", "out", "22/tcp", "comment", "wpsdoctor"}}},
	{"ufw allow in", Action{Kind: KindExec, Argv: []string{"ufw", "allow", "443/tcp"}}},
	{"w32tm /unregister", Action{Kind: KindExec, Argv: []string{"w32tm", "/unregister"}}},
	{"w32tm manual peer", Action{Kind: KindExec, Argv: []string{"w32tm", "/config", "/manualpeerlist:evil.example", "/update"}}},
	{"netsh firewall off", Action{Kind: KindExec, Argv: []string{"netsh", "advfirewall", "set", "allprofiles", "state", "off"}}},
	{"netsh portproxy", Action{Kind: KindExec, Argv: []string{"netsh", "interface", "portproxy", "add", "v4tov4", "listenport=445", "connectaddress=203.0.113.9", "connectport=445"}}},
	{"netsh export", Action{Kind: KindExec, Argv: []string{"netsh", "advfirewall", "export", `C:\Users\Public\fw.wfw`}}},
	{"netsh delete all rules", Action{Kind: KindExec, Argv: []string{"netsh", "advfirewall", "firewall", "delete", "rule", "name=all"}}},
	{"netsh disable all rules", Action{Kind: KindExec, Argv: []string{"netsh", "advfirewall", "firewall", "set", "rule", "name=all", "new", "enable=no"}}},
	{"netsh delete someone's rule", Action{Kind: KindExec, Argv: []string{"netsh", "advfirewall", "firewall", "delete", "rule", "name=Core Networking - DNS (UDP-Out)"}}},
	{"netsh allow inbound", Action{Kind: KindExec, Argv: []string{"netsh", "advfirewall", "firewall", "add", "rule", "name=WPS Sync Doctor - wps.exe (out)", "dir=in", "action=allow",
		`program=C:\WPS\wps.exe`, "enable=yes", "profile=any", "description=wpsdoctor"}}},
	{"netsh allow another program under our name", Action{Kind: KindExec, Argv: []string{"netsh", "advfirewall", "firewall", "add", "rule", "name=WPS Sync Doctor - wps.exe (out)", "dir=out", "action=allow",
		`program=C:\Temp\backdoor.exe`, "enable=yes", "profile=any", "description=wpsdoctor"}}},
	{"netsh set rule quote", Action{Kind: KindExec, Argv: []string{"netsh", "advfirewall", "firewall", "set", "rule", `name=x" dir=in`, "new", "enable=no"}}},
	{"netsh dns not an IP", Action{Kind: KindExec, Argv: []string{"netsh", "interface", "ipv4", "set", "dnsservers", "name=12", "source=static", "address=evil.example", "register=primary", "validate=no"}}},
	{"netsh dns wrong family", Action{Kind: KindExec, Argv: []string{"netsh", "interface", "ipv4", "set", "dnsservers", "name=12", "source=static", "address=2001:db8::1", "register=primary", "validate=no"}}},
	{"netsh dns by alias", Action{Kind: KindExec, Argv: []string{"netsh", "interface", "ipv4", "set", "dnsservers", "name=Ethernet", "source=dhcp"}}},
	{"netsh interface disable", Action{Kind: KindExec, Argv: []string{"netsh", "interface", "set", "interface", "name=12", "admin=disabled"}}},
	{"nmcli device delete", Action{Kind: KindExec, Argv: []string{"nmcli", "device", "delete", "wlp2s0"}}},
	{"nmcli device disconnect", Action{Kind: KindExec, Argv: []string{"nmcli", "device", "disconnect", "wlp2s0"}}},
	{"nmcli modify other settings", Action{Kind: KindExec, Argv: []string{"nmcli", "device", "modify", "wlp2s0", "ipv4.method", "disabled"}}},
	{"nmcli modify dns not IPs", Action{Kind: KindExec, Argv: []string{"nmcli", "device", "modify", "wlp2s0", "ipv4.dns", "223.5.5.5 evil", "ipv4.ignore-auto-dns", "yes"}}},
	{"nmcli option device", Action{Kind: KindExec, Argv: []string{"nmcli", "device", "reapply", "--help"}}},
	{"resolvectl dnssec off", Action{Kind: KindExec, Argv: []string{"resolvectl", "dnssec", "eth0", "no"}}},
	{"resolvectl dns not an IP", Action{Kind: KindExec, Argv: []string{"resolvectl", "dns", "eth0", "evil.example"}}},
	{"resolvectl domain", Action{Kind: KindExec, Argv: []string{"resolvectl", "domain", "eth0", "corp.example"}}},
	{"networksetup proxy", Action{Kind: KindExec, Argv: []string{"networksetup", "-setwebproxy", "Wi-Fi", "evil.example", "8080"}}},
	{"networksetup dns not an IP", Action{Kind: KindExec, Argv: []string{"networksetup", "-setdnsservers", "Wi-Fi", "evil.example"}}},
	{"socketfilterfw off", Action{Kind: KindExec, Argv: []string{firewall.SocketFilterFW, "--setglobalstate", "off"}}},
	{"socketfilterfw relative app", Action{Kind: KindExec, Argv: []string{firewall.SocketFilterFW, "--add", "../../tmp/x.app"}}},
	{"socketfilterfw not an app", Action{Kind: KindExec, Argv: []string{firewall.SocketFilterFW, "--add", "/tmp/evil"}}},
	{"sntp option", Action{Kind: KindExec, Argv: []string{"sntp", "-sS", "-d"}}},
	{"systemsetup remote login", Action{Kind: KindExec, Argv: []string{"systemsetup", "-setremotelogin", "on"}}},
	{"timedatectl set-time", Action{Kind: KindExec, Argv: []string{"timedatectl", "set-time", "2001-01-01"}}},
	{"systemctl stop", Action{Kind: KindExec, Argv: []string{"systemctl", "stop", "systemd-timesyncd"}}},
	{"absolute program", Action{Kind: KindExec, Argv: []string{"/tmp/nft", "delete", "rule", "inet", "filter", "output", "handle", "7"}}},
	{"stdin", Action{Kind: KindExec, Argv: []string{"chronyc", "makestep"}, Stdin: "password x\n"}},
	{"write_file remove with bad content", Action{Kind: KindWriteFile, Path: "/etc/resolv.conf", Remove: true, IfMarker: dnsconf.DirectMarker, Data: []byte("root::0:0::/root:/bin/sh\n")}},
	{"write_file remove without our marker", Action{Kind: KindWriteFile, Path: "/etc/resolv.conf", Remove: true}},
	{"write_file remove on a weak marker", Action{Kind: KindWriteFile, Path: "/etc/resolv.conf", Remove: true, IfMarker: "nameserver"}},
	{"write_file mode 4777", Action{Kind: KindWriteFile, Path: "/etc/resolv.conf", Data: []byte("nameserver 223.5.5.5\n"), Mode: 0o4777}},
	{"write_file mode 0666", Action{Kind: KindWriteFile, Path: "/etc/resolv.conf", Data: []byte("nameserver 223.5.5.5\n"), Mode: 0o666}},
	{"write_file other path", Action{Kind: KindWriteFile, Path: "/etc/resolv.conf.d/../../shadow", Data: []byte("nameserver 223.5.5.5\n")}},
	{"write_file mtime", Action{Kind: KindWriteFile, Path: "/etc/resolv.conf", Data: []byte("nameserver 223.5.5.5\n"), MTime: &epoch}},
	{"write_file control character", Action{Kind: KindWriteFile, Path: "/etc/resolv.conf", Data: []byte("search a\x1b]0;x\x07\n")}},
	{"registry other value", Action{Kind: KindRegistrySet, Reg: &RegValue{Root: "HKLM", Key: timesync.W32TimeKey, Name: "NtpServer", Type: "REG_SZ", Value: "evil.example"}}},
	{"registry odd type value", Action{Kind: KindRegistrySet, Reg: &RegValue{Root: "HKLM", Key: timesync.W32TimeKey, Name: "Type", Type: "REG_SZ", Value: "evil"}}},
	{"registry delete", Action{Kind: KindRegistrySet, Reg: &RegValue{Root: "HKLM", Key: timesync.W32TimeKey, Name: "Type", Delete: true}}},
	{"registry dword", Action{Kind: KindRegistrySet, Reg: &RegValue{Root: "HKLM", Key: timesync.W32TimeKey, Name: "Type", Type: "REG_DWORD", Value: "0"}}},
	{"quarantine", Action{Kind: KindQuarantine, Path: "/home/u/.ssh"}},
	{"restart", Action{Kind: KindRestartApp, Exe: "/tmp/x"}},
}

func TestHostileActionsAreRefused(t *testing.T) {
	for _, tc := range hostileActions {
		t.Run(tc.name, func(t *testing.T) {
			if err := ValidatePrivileged(tc.a); err == nil {
				t.Errorf("got accepted, want %s refused", tc.a)
			}
		})
	}
}
