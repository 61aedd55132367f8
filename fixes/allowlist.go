package fixes

import (
	"errors"
	"fmt"
	"net/netip"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"wpsdoctor/platform/dnsconf"
	"wpsdoctor/platform/firewall"
	"wpsdoctor/platform/timesync"
)

// This file is the one validator of everything that may run with
// administrator rights. It knows the exact shape of each action the fixes
// plan (dns.go, clock.go, firewall.go through the argv builders of
// platform/dnsconf, platform/timesync and platform/firewall) and nothing
// else: each argument is checked by its type, never by prefix. It is pure
// and OS-independent, so the helper and any future agent service share it
// and every OS's tests exercise it.

// PrivilegedResolvConf is the only file the helper writes, and
// PrivilegedFileMode the mode it creates it with (never the request's).
const (
	PrivilegedResolvConf = "/etc/resolv.conf"
	PrivilegedFileMode   = 0o644
)

// maxArgLen bounds every argument; maxServers bounds DNS server lists.
const (
	maxArgLen  = 1024
	maxServers = 16
)

// ValidatePrivileged accepts only the actions the fixes emit, with every
// argument checked by type. Per-user work (quarantine, closing apps) is
// refused: the elevated process may be another user.
func ValidatePrivileged(a Action) error {
	switch a.Kind {
	case KindExec:
		return validExec(a)
	case KindWriteFile:
		return validWriteFile(a)
	case KindRegistrySet:
		return validRegistry(a.Reg)
	case KindNFTUnmark:
		if a.Chain == nil {
			return errors.New("nft action without a chain")
		}
		return validChain(firewallChain(*a.Chain))
	case KindSetMode:
		return validSetMode(a)
	}
	return fmt.Errorf("action %q never runs elevated", a.Kind)
}

// shapes maps each program to the argument shapes the fixes emit for it.
// A program's argv must match one of them exactly.
var shapes = map[string][]func(args []string) error{
	// Windows: DNS per interface index, the resolver cache, time service,
	// our own firewall rules and (with consent) a local block rule.
	"netsh":    {netshDNSSet, netshDNSAdd, netshDNSDHCP, netshDNSNone, netshFWAdd, netshFWDelete, netshFWEnable},
	"ipconfig": {fixed("/flushdns")},
	"net":      {fixed("start", "w32time")},
	"w32tm":    {fixed("/config", "/update"), fixed("/resync", "/force")},
	// macOS.
	"networksetup":          {macSetDNS},
	"dscacheutil":           {fixed("-flushcache")},
	"killall":               {fixed("-HUP", "mDNSResponder")},
	"systemsetup":           {pattern(lit("-setusingnetworktime"), oneOf("on", "off"))},
	"sntp":                  {pattern(lit("-sS"), hostName)},
	firewall.SocketFilterFW: {pattern(oneOf("--unblockapp", "--blockapp", "--add", "--remove"), macAppPath)},
	// Linux.
	// (resolvectl flush-caches and the Windows flush run unelevated first.)
	"resolvectl":  {resolvectlDNS, pattern(lit("domain"), linkName, lit("~.")), pattern(lit("revert"), linkName)},
	"nmcli":       {nmcliModify, pattern(lit("device"), lit("reapply"), linkName)},
	"nscd":        {fixed("-i", "hosts")},
	"timedatectl": {pattern(lit("set-ntp"), oneOf("true", "false"))},
	"systemctl":   {fixed("restart", "systemd-timesyncd")},
	"chronyc":     {fixed("makestep")},
	"ufw": {
		pattern(lit("allow"), lit("out"), webPortTCP, lit("comment"), lit(firewall.Marker)),
		pattern(lit("delete"), lit("allow"), lit("out"), webPortTCP),
	},
	"nft": {nftInsert, nftDelete, nftListChain},
}

var ctlChars = regexp.MustCompile(`[\x00-\x1f\x7f]`)

func validExec(a Action) error {
	if len(a.Argv) == 0 {
		return errors.New("empty command")
	}
	for _, s := range a.Argv {
		if ctlChars.MatchString(s) {
			return fmt.Errorf("control character in argument %q", s)
		}
		if len(s) > maxArgLen || !utf8.ValidString(s) {
			return fmt.Errorf("argument too long or not UTF-8: %.60q", s)
		}
	}
	if a.Stdin != "" {
		return fmt.Errorf("%s: no elevated command takes input", a.Argv[0])
	}
	if len(a.OKExit) > 4 {
		return fmt.Errorf("%s: too many accepted exit codes", a.Argv[0])
	}
	alts, ok := shapes[a.Argv[0]]
	if !ok {
		return fmt.Errorf("program %q is not allowed", a.Argv[0])
	}
	args := a.Argv[1:]
	if a.Argv[0] == "nft" {
		// nft joins its arguments into one script: nothing that could end
		// a command, quote or include may appear, whatever the shape.
		for _, s := range args {
			if strings.ContainsAny(s, `;"'\#$@`+"`") || strings.Contains(strings.ToLower(s), "include") {
				return fmt.Errorf("arguments of nft are not allowed: %q", args)
			}
		}
	}
	for _, shape := range alts {
		if shape(args) == nil {
			return nil
		}
	}
	return fmt.Errorf("arguments of %s are not allowed: %q", a.Argv[0], args)
}

// --- argument types --------------------------------------------------------

// arg checks one argument.
type arg func(string) error

func lit(w string) arg {
	return func(s string) error {
		if s != w {
			return fmt.Errorf("want %q", w)
		}
		return nil
	}
}

func oneOf(ws ...string) arg {
	return func(s string) error {
		if !slices.Contains(ws, s) {
			return fmt.Errorf("want one of %q", ws)
		}
		return nil
	}
}

// prefixed checks "key=value" arguments (netsh).
func prefixed(prefix string, a arg) arg {
	return func(s string) error {
		v, ok := strings.CutPrefix(s, prefix)
		if !ok {
			return fmt.Errorf("want %s...", prefix)
		}
		return a(v)
	}
}

// pattern matches args positionally, exactly.
func pattern(want ...arg) func([]string) error {
	return func(args []string) error {
		if len(args) != len(want) {
			return fmt.Errorf("want %d arguments", len(want))
		}
		for i, a := range want {
			if err := a(args[i]); err != nil {
				return fmt.Errorf("argument %d: %w", i+1, err)
			}
		}
		return nil
	}
}

func fixed(words ...string) func([]string) error {
	return func(args []string) error {
		if !slices.Equal(args, words) {
			return fmt.Errorf("want %q", words)
		}
		return nil
	}
}

// notOption refuses what a tool could read as an option.
func notOption(s string) error {
	if s == "" || s[0] == '-' {
		return fmt.Errorf("%q is empty or looks like an option", s)
	}
	return nil
}

// linkName is a Linux network interface name (the kernel's rules: at most
// 15 bytes, no '/', ':' or white space, not "." or "..").
func linkName(s string) error {
	if err := notOption(s); err != nil {
		return err
	}
	if len(s) > 15 || s == "." || s == ".." || strings.ContainsAny(s, "/: \t") {
		return fmt.Errorf("%q is not an interface name", s)
	}
	return nil
}

// serviceName is a macOS network service ("Wi-Fi", "USB 10/100 LAN").
func serviceName(s string) error {
	if err := notOption(s); err != nil {
		return err
	}
	if len(s) > 128 {
		return fmt.Errorf("network service name too long: %.40q", s)
	}
	return nil
}

var zoneRe = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,32}$`)

// ipAddr is an IP literal (an IPv6 zone allowed), IPv4 or IPv6 as asked
// (0 for either).
func ipAddr(family int) arg {
	return func(s string) error {
		ip, err := netip.ParseAddr(s)
		if err != nil {
			return fmt.Errorf("%q is not an IP address", s)
		}
		if z := ip.Zone(); z != "" && !zoneRe.MatchString(z) {
			return fmt.Errorf("%q: bad zone", s)
		}
		switch {
		case family == 4 && !ip.Is4(), family == 6 && !ip.Is6():
			return fmt.Errorf("%q is not an IPv%d address", s, family)
		}
		return nil
	}
}

func ipList(args []string, family int) error {
	if len(args) == 0 || len(args) > maxServers {
		return fmt.Errorf("want 1 to %d addresses", maxServers)
	}
	for _, s := range args {
		if err := ipAddr(family)(s); err != nil {
			return err
		}
	}
	return nil
}

// posInt is a positive decimal number without sign or leading zeros.
func posInt(max int) arg {
	return func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > max || strconv.Itoa(n) != s {
			return fmt.Errorf("%q is not a number from 1 to %d", s, max)
		}
		return nil
	}
}

var hostRe = regexp.MustCompile(`^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// hostName is a DNS host name or an IP literal (an NTP server).
func hostName(s string) error {
	if ipAddr(0)(s) == nil {
		return nil
	}
	if len(s) > 253 || !hostRe.MatchString(s) {
		return fmt.Errorf("%q is not a host name", s)
	}
	return nil
}

// macAppPath is an application bundle: absolute, clean, ending in .app.
func macAppPath(s string) error {
	if !strings.HasPrefix(s, "/") || path.Clean(s) != s || !strings.HasSuffix(s, ".app") || len(s) > maxArgLen {
		return fmt.Errorf("%q is not an application bundle path", s)
	}
	return nil
}

func webPortTCP(s string) error {
	for _, p := range firewall.WebPorts {
		if s == strconv.Itoa(p)+"/tcp" {
			return nil
		}
	}
	return fmt.Errorf("%q is not a web port", s)
}

// --- Windows ---------------------------------------------------------------

// netshFamily checks "ipv4"/"ipv6" and returns the family for the address
// check.
func netshFamily(s string) (int, error) {
	switch s {
	case "ipv4":
		return 4, nil
	case "ipv6":
		return 6, nil
	}
	return 0, fmt.Errorf("%q is not ipv4 or ipv6", s)
}

// netshDNS checks `interface ipvN <verb> dnsservers name=<index> <rest>`,
// rest matched by tail given the family.
func netshDNS(verb string, tail func(fam int) []arg) func([]string) error {
	return func(args []string) error {
		if len(args) < 5 {
			return errors.New("too short")
		}
		fam, err := netshFamily(args[1])
		if err != nil {
			return err
		}
		head := []arg{lit("interface"), lit(args[1]), lit(verb), lit("dnsservers"), prefixed("name=", posInt(1<<31-1))}
		return pattern(append(head, tail(fam)...)...)(args)
	}
}

var (
	// WindowsSetArgv, first server.
	netshDNSSet = netshDNS("set", func(fam int) []arg {
		return []arg{lit("source=static"), prefixed("address=", ipAddr(fam)), lit("register=primary"), lit("validate=no")}
	})
	// WindowsSetArgv, further servers.
	netshDNSAdd = netshDNS("add", func(fam int) []arg {
		return []arg{prefixed("address=", ipAddr(fam)), prefixed("index=", posInt(maxServers)), lit("validate=no")}
	})
	// WindowsRestoreArgv: back to DHCP, or an empty static list.
	netshDNSDHCP = netshDNS("set", func(int) []arg { return []arg{lit("source=dhcp")} })
	netshDNSNone = netshDNS("set", func(int) []arg {
		return []arg{lit("source=static"), lit("address=none"), lit("validate=no")}
	})
)

var ourRuleRe = regexp.MustCompile(`^WPS Sync Doctor - ([^"\\/:*?<>|]{1,200}) \(out\)$`)

// ourRule is the name of one of our own rules (firewall.WindowsRuleName).
func ourRule(s string) error {
	if !ourRuleRe.MatchString(s) {
		return fmt.Errorf("%q is not one of our rule names", s)
	}
	return nil
}

// winExe is an absolute Windows program path.
var winExeRe = regexp.MustCompile(`(?i)^[a-z]:\\[^"*?<>|:]+\.exe$`)

func winExe(s string) error {
	if !winExeRe.MatchString(s) || strings.Contains(s, `\..\`) {
		return fmt.Errorf("%q is not an absolute program path", s)
	}
	return nil
}

// ruleName is the display name of an existing rule: netsh reads "all" as
// every rule, and a quote would end the argument in netsh's parser.
func ruleName(s string) error {
	if s == "" || len(s) > 256 || strings.EqualFold(strings.TrimSpace(s), "all") || strings.ContainsAny(s, `"`) {
		return fmt.Errorf("%q is not a rule name netsh reads as one rule", s)
	}
	return nil
}

// netshFWAdd is firewall.WindowsAllowArgv for one WPS program, the rule
// named after that program.
func netshFWAdd(args []string) error {
	err := pattern(lit("advfirewall"), lit("firewall"), lit("add"), lit("rule"), prefixed("name=", ourRule),
		lit("dir=out"), lit("action=allow"), prefixed("program=", winExe), lit("enable=yes"), lit("profile=any"),
		lit("description="+firewall.Marker))(args)
	if err != nil {
		return err
	}
	exe := strings.TrimPrefix(args[7], "program=")
	want := firewall.WindowsRuleName(path.Base(strings.ReplaceAll(exe, `\`, "/")), "out")
	if !strings.EqualFold(strings.TrimPrefix(args[4], "name="), want) {
		return fmt.Errorf("rule name %q does not name program %q", args[4], exe)
	}
	return nil
}

// netshFWDelete is firewall.WindowsDeleteArgv: our own rules only.
var netshFWDelete = pattern(lit("advfirewall"), lit("firewall"), lit("delete"), lit("rule"), prefixed("name=", ourRule))

// netshFWEnable is firewall.WindowsEnableArgv (disable a block rule with
// consent, enable it again on undo).
var netshFWEnable = pattern(lit("advfirewall"), lit("firewall"), lit("set"), lit("rule"), prefixed("name=", ruleName),
	lit("new"), oneOf("enable=no", "enable=yes"))

// validRegistry accepts W32Time's source type, set to one of its values.
func validRegistry(r *RegValue) error {
	if r == nil {
		return errors.New("registry action without a value")
	}
	if r.Root != "HKLM" || !strings.EqualFold(r.Key, timesync.W32TimeKey) || r.Name != "Type" {
		return fmt.Errorf(`registry value %s\%s\%s is not allowed`, r.Root, r.Key, r.Name)
	}
	if r.Delete || r.Type != "REG_SZ" || !slices.ContainsFunc([]string{"NTP", "NT5DS", "NoSync", "AllSync"}, func(v string) bool { return strings.EqualFold(v, r.Value) }) {
		return fmt.Errorf(`registry value %s\%s\%s may only be set to a W32Time type, not %s:%q`, r.Root, r.Key, r.Name, r.Type, r.Value)
	}
	return nil
}

// --- macOS -----------------------------------------------------------------

// macSetDNS is dnsconf.MacSetArgv / MacRestoreArgv.
func macSetDNS(args []string) error {
	if len(args) < 3 || args[0] != "-setdnsservers" {
		return errors.New("want -setdnsservers SERVICE SERVERS")
	}
	if err := serviceName(args[1]); err != nil {
		return err
	}
	if len(args) == 3 && args[2] == "Empty" {
		return nil
	}
	return ipList(args[2:], 0)
}

// --- Linux -----------------------------------------------------------------

// resolvectlDNS is the first argv of dnsconf.ResolvedSetArgv.
func resolvectlDNS(args []string) error {
	if len(args) < 3 || args[0] != "dns" {
		return errors.New("want dns LINK SERVERS")
	}
	if err := linkName(args[1]); err != nil {
		return err
	}
	return ipList(args[2:], 0)
}

// nmcliModify is dnsconf.NMModifyArgv: one or both families, each a
// space-separated address list and ignore-auto-dns.
func nmcliModify(args []string) error {
	if len(args) < 3 || args[0] != "device" || args[1] != "modify" {
		return errors.New("want device modify DEV ...")
	}
	if err := linkName(args[2]); err != nil {
		return err
	}
	rest := args[3:]
	groups := 0
	for _, fam := range []int{4, 6} {
		key := "ipv" + strconv.Itoa(fam)
		if len(rest) == 0 || rest[0] != key+".dns" {
			continue
		}
		if len(rest) < 4 || rest[2] != key+".ignore-auto-dns" || rest[3] != "yes" {
			return fmt.Errorf("want %s.dns LIST %s.ignore-auto-dns yes", key, key)
		}
		if err := ipList(strings.Split(rest[1], " "), fam); err != nil {
			return err
		}
		rest, groups = rest[4:], groups+1
	}
	if groups == 0 || len(rest) > 0 {
		return errors.New("want ipv4.dns and/or ipv6.dns settings only")
	}
	return nil
}

var nftName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]{0,63}$`)

// validChain checks an nft family, table and chain: firewall.ValidChain,
// and no name nft's command line could read as an option.
func validChain(c firewall.Chain) error {
	if err := firewall.ValidChain(c); err != nil {
		return err
	}
	if !nftName.MatchString(c.Table) || !nftName.MatchString(c.Name) {
		return fmt.Errorf("nft table/chain name %q/%q not supported", c.Table, c.Name)
	}
	return nil
}

// nftChainAt reads family, table and chain from args[i:i+3].
func nftChainAt(args []string, i int) (firewall.Chain, error) {
	if len(args) < i+3 {
		return firewall.Chain{}, errors.New("want FAMILY TABLE CHAIN")
	}
	c := firewall.Chain{Family: args[i], Table: args[i+1], Name: args[i+2]}
	return c, validChain(c)
}

// nftInsert is exactly firewall.NFTAllowArgv of a valid chain.
func nftInsert(args []string) error {
	c, err := nftChainAt(args, 2)
	if err != nil {
		return err
	}
	if !slices.Equal(args, firewall.NFTAllowArgv(c)[1:]) {
		return errors.New("want insert rule F T C tcp dport { 80, 443 } accept comment " + firewall.Marker)
	}
	return nil
}

// nftDelete is exactly firewall.NFTDeleteArgv of a valid chain and handle.
func nftDelete(args []string) error {
	c, err := nftChainAt(args, 2)
	if err != nil {
		return err
	}
	if len(args) != 7 || posInt(1<<31-1)(args[6]) != nil {
		return errors.New("want delete rule F T C handle N")
	}
	h, _ := strconv.Atoi(args[6])
	if !slices.Equal(args, firewall.NFTDeleteArgv(c, h)[1:]) {
		return errors.New("want delete rule F T C handle N")
	}
	return nil
}

// nftListChain is exactly firewall.NFTListChainArgv of a valid chain.
func nftListChain(args []string) error {
	c, err := nftChainAt(args, 4)
	if err != nil {
		return err
	}
	if !slices.Equal(args, firewall.NFTListChainArgv(c)[1:]) {
		return errors.New("want -j -a list chain F T C")
	}
	return nil
}

// --- files -----------------------------------------------------------------

var sha256Re = regexp.MustCompile(`^[0-9a-f]{64}$`)

// validWriteFile accepts dns.set's resolv.conf writes: the new file, the
// restore of the old bytes over our own file, and the removal of our own
// file. The content is checked whatever the flags; the mode is the
// helper's (0 or 0644 in the request, nothing else).
func validWriteFile(a Action) error {
	if a.Path != PrivilegedResolvConf {
		return fmt.Errorf("file %q is not allowed", a.Path)
	}
	if a.Mode != 0 && a.Mode != PrivilegedFileMode {
		return fmt.Errorf("file mode %#o is not allowed (the helper writes %s with mode %#o)", a.Mode, a.Path, PrivilegedFileMode)
	}
	if a.MTime != nil {
		return errors.New("the helper does not set modification times")
	}
	if a.IfMarker != "" && a.IfMarker != dnsconf.DirectMarker {
		return fmt.Errorf("condition %q is not allowed", a.IfMarker)
	}
	if a.IfSHA256 != "" && !sha256Re.MatchString(a.IfSHA256) {
		return errors.New("condition hash is not a SHA-256")
	}
	if err := validResolvConf(a.Data); err != nil {
		return err
	}
	if a.Remove && (len(a.Data) > 0 || a.IfMarker != dnsconf.DirectMarker) {
		return fmt.Errorf("%s may only be removed when it is the file dns.set wrote (no content, marker condition)", a.Path)
	}
	return nil
}

// validResolvConf accepts only resolver-configuration lines, so the helper
// can never be used to write anything else into a system file.
func validResolvConf(data []byte) error {
	if len(data) > 64<<10 {
		return errors.New("resolv.conf content too large")
	}
	if !utf8.Valid(data) {
		return errors.New("resolv.conf content is not UTF-8")
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.ContainsFunc(line, func(r rune) bool { return r < 0x20 && r != '\t' && r != '\r' || r == 0x7f }) {
			return fmt.Errorf("resolv.conf line %d has a control character: %q", i+1, line)
		}
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") || strings.HasPrefix(f[0], ";") {
			continue
		}
		switch f[0] {
		case "search", "domain", "options", "sortlist", "lookup", "family":
			continue
		case "nameserver":
			if len(f) == 2 && ipAddr(0)(f[1]) == nil {
				continue
			}
		}
		return fmt.Errorf("resolv.conf line %d is not a resolver setting: %q", i+1, line)
	}
	return nil
}
