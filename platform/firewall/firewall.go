// Package firewall knows how each OS's firewall is read and how fixes open
// it for WPS: argv builders and parsers are pure and tested everywhere;
// read_<os>.go only runs the commands. Every rule we add carries our
// marker, and undo removes only rules carrying it.
package firewall

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Marker names and comments every rule we create.
const Marker = "wpsdoctor"

// Backends.
const (
	BackendWindows   = "windows-firewall"
	BackendMacALF    = "macos-application-firewall"
	BackendUFW       = "ufw"
	BackendFirewalld = "firewalld"
	BackendNFT       = "nftables"
	BackendNone      = "none"
)

// State is what the reader found.
type State struct {
	OS      string `json:"os"`
	Backend string `json:"backend"`
	// Windows: enabled block rules and rules of ours.
	Rules []WinRule `json:"rules,omitempty"`
	// macOS application firewall.
	ALFEnabled bool              `json:"alf_enabled,omitempty"`
	BlockAll   bool              `json:"block_all,omitempty"`
	Apps       map[string]string `json:"apps,omitempty"` // path -> "blocked" | "allowed" | "unlisted"
	// ufw.
	UFWActive   bool     `json:"ufw_active,omitempty"`
	UFWOutgoing string   `json:"ufw_outgoing,omitempty"`  // allow | deny | reject
	UFWOurs     []string `json:"ufw_ours,omitempty"`      // "443/tcp" rules carrying our comment
	UFWAllowOut []string `json:"ufw_allow_out,omitempty"` // "To" of every ALLOW OUT rule
	// nftables.
	Chains []Chain `json:"chains,omitempty"`
	// Managed explains why we must not change anything (firewalld policy,
	// group policy...), empty otherwise.
	Managed string `json:"managed,omitempty"`
	// Unreadable says why the rules could not be read (Linux: ufw and nft
	// need root), empty when they were.
	Unreadable string `json:"unreadable,omitempty"`
	// ReadBy says who read the rules when it was not this program itself:
	// ReadByService when the WPS Sync Doctor service read them as the
	// system for a user who may not.
	ReadBy string `json:"read_by,omitempty"`
}

// ReadByService marks a State read by the WPS Sync Doctor service.
const ReadByService = "service"

// --- Windows ---------------------------------------------------------------

// WinRule is one Windows firewall rule as WindowsReadScript reports it.
type WinRule struct {
	Name      string `json:"name"`
	Display   string `json:"display"`
	Direction string `json:"direction"` // Inbound | Outbound
	Action    string `json:"action"`    // Allow | Block
	Program   string `json:"program"`
	Store     string `json:"store"` // Local | GroupPolicy | ...
}

// WinCOMRule is one INetFwRule as the firewall's COM API (HNetCfg.FwPolicy2,
// Windows Vista and later, so Windows 7 too) reports it. read_windows.go
// fills it; WindowsStateFromCOM interprets it, tested on every OS.
type WinCOMRule struct {
	Name        string `json:"name"`             // INetFwRule.Name (the display name)
	Application string `json:"application_name"` // "" = every program
	Direction   int    `json:"direction"`        // NET_FW_RULE_DIR_IN 1, _OUT 2
	Action      int    `json:"action"`           // NET_FW_ACTION_BLOCK 0, _ALLOW 1
	Enabled     bool   `json:"enabled"`
	Profiles    int    `json:"profiles"` // NET_FW_PROFILE2_DOMAIN 1 | _PRIVATE 2 | _PUBLIC 4
	Grouping    string `json:"grouping,omitempty"`
}

// WinCOMFacts is what the COM reader collects: the network profiles in
// effect, those of them whose firewall is on, and every rule.
type WinCOMFacts struct {
	CurrentProfiles int          `json:"current_profiles"` // INetFwPolicy2.CurrentProfileTypes
	EnabledProfiles int          `json:"enabled_profiles"` // profiles with FirewallEnabled true
	Rules           []WinCOMRule `json:"rules"`
	// PolicyRules are the values under WinPolicyRulesKey: the rules group
	// policy pushes, "v2.10|Action=Block|Active=TRUE|Dir=Out|App=...|Name=...|".
	// A rule named there is the domain's, which a local fix must not touch.
	PolicyRules []string `json:"policy_rules,omitempty"`
}

// WinPolicyRulesKey (HKLM) holds the firewall rules set by group policy.
const WinPolicyRulesKey = `SOFTWARE\Policies\Microsoft\WindowsFirewall\FirewallRules`

// ParsePolicyRule reads one group-policy rule string (fields separated by
// "|", key=value; the keys are fixed English tokens, only Name is text) into
// the COM rule it stands for; ok is false for a string that is not a rule.
func ParsePolicyRule(s string) (r WinCOMRule, ok bool) {
	fields := strings.Split(s, "|")
	if len(fields) < 2 || !strings.HasPrefix(fields[0], "v2.") {
		return r, false
	}
	r.Direction, r.Action, r.Enabled = 1, netFwActionAllow, false
	for _, f := range fields[1:] {
		k, v, found := strings.Cut(f, "=")
		if !found {
			continue
		}
		switch strings.ToLower(k) {
		case "action":
			if strings.EqualFold(v, "Block") {
				r.Action = netFwActionBlock
			}
		case "active":
			r.Enabled = strings.EqualFold(v, "TRUE")
		case "dir":
			if strings.EqualFold(v, "Out") {
				r.Direction = netFwDirOut
			}
		case "app":
			r.Application = v
		case "name":
			r.Name = v
		case "profile":
			switch strings.ToLower(v) {
			case "domain":
				r.Profiles |= 1
			case "private":
				r.Profiles |= 2
			case "public":
				r.Profiles |= 4
			}
		}
	}
	if r.Profiles == 0 {
		r.Profiles = 0x7FFFFFFF // NET_FW_PROFILE2_ALL
	}
	return r, true
}

// COM enumerations of INetFwRule.
const (
	netFwDirOut      = 2
	netFwActionBlock = 0
	netFwActionAllow = 1
)

// OurRulePrefix starts the name of every rule this tool adds (WindowsRuleName).
const OurRulePrefix = "WPS Sync Doctor"

// WindowsStateFromCOM keeps what the check and the fix need from the COM
// facts: the enabled block rules that apply to a current profile whose
// firewall is on (a block rule of a profile not in effect, or of a switched
// off firewall, stops nothing), and our own rules, with the same fields the
// PowerShell reader gave.
func WindowsStateFromCOM(f WinCOMFacts) State {
	st := State{OS: "windows", Backend: BackendWindows}
	active := f.CurrentProfiles & f.EnabledProfiles
	policy := map[string]bool{}
	var all []WinCOMRule
	for _, s := range f.PolicyRules {
		if r, ok := ParsePolicyRule(s); ok {
			policy[r.Name] = true
			all = append(all, r)
		}
	}
	for _, r := range f.Rules {
		if !policy[r.Name] { // the COM API may list the policy's rules too
			all = append(all, r)
		}
	}
	for _, r := range all {
		ours := strings.HasPrefix(r.Name, OurRulePrefix)
		applies := r.Enabled && r.Action == netFwActionBlock && r.Profiles&active != 0
		if !ours && !applies {
			continue
		}
		w := WinRule{Name: r.Name, Display: r.Name, Direction: "Inbound", Action: "Allow", Program: r.Application, Store: "Local"}
		if policy[r.Name] {
			w.Store = "GroupPolicy"
		}
		if r.Direction == netFwDirOut {
			w.Direction = "Outbound"
		}
		if r.Action == netFwActionBlock {
			w.Action = "Block"
		}
		if w.Program == "" {
			w.Program = "Any"
		}
		st.Rules = append(st.Rules, w)
	}
	return st
}

// WindowsReadScript is the fallback reader when the COM API cannot answer.
// It checks first that this PowerShell has Get-NetFirewallRule (Windows 8
// and later; Windows 7's PowerShell 2.0 has neither it nor ConvertTo-Json)
// and always prints an envelope, so "no rules" and "could not read" differ.
// It is a constant: no data is spliced in.
const WindowsReadScript = `$ErrorActionPreference='SilentlyContinue'
[Console]::OutputEncoding=[Text.Encoding]::UTF8
if($PSVersionTable.PSVersion.Major -lt 3 -or -not (Get-Command Get-NetFirewallRule)){'{"ok":false,"reason":"PowerShell '+$PSVersionTable.PSVersion.Major+' has no Get-NetFirewallRule"}';exit}
$r=@(Get-NetFirewallRule | Where-Object { ($_.Enabled -eq 'True' -and $_.Action -eq 'Block') -or $_.DisplayName -like 'WPS Sync Doctor*' } | ForEach-Object {
 $f=$_ | Get-NetFirewallApplicationFilter
 [pscustomobject]@{name=$_.Name;display=$_.DisplayName;direction=[string]$_.Direction;action=[string]$_.Action;program=[string]$f.Program;store=[string]$_.PolicyStoreSourceType}
})
ConvertTo-Json -Compress -Depth 3 -InputObject ([pscustomobject]@{ok=$true;rules=$r})`

// WindowsReadArgv runs WindowsReadScript.
func WindowsReadArgv() []string {
	return []string{"powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command", WindowsReadScript}
}

// ParseWindowsRules decodes WindowsReadScript's envelope. Empty output
// (PowerShell missing, crashed or printing nothing) and {"ok":false} are
// errors: a reader that could not read must never look like "no rules".
func ParseWindowsRules(out []byte) ([]WinRule, error) {
	out = bytes.TrimPrefix(bytes.TrimSpace(out), []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(out)) == 0 {
		return nil, errors.New("windows firewall rules: PowerShell printed nothing")
	}
	var env struct {
		OK     *bool           `json:"ok"`
		Reason string          `json:"reason"`
		Rules  json.RawMessage `json:"rules"`
	}
	if err := json.Unmarshal(out, &env); err != nil {
		return nil, fmt.Errorf("windows firewall rules: %w", err)
	}
	switch {
	case env.OK == nil:
		return nil, errors.New("windows firewall rules: unexpected output")
	case !*env.OK:
		return nil, fmt.Errorf("windows firewall rules: %s", env.Reason)
	}
	raw := bytes.TrimSpace(env.Rules)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	if raw[0] == '{' { // PowerShell unwraps a one-element array
		var r WinRule
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, fmt.Errorf("windows firewall rules: %w", err)
		}
		return []WinRule{r}, nil
	}
	var rs []WinRule
	if err := json.Unmarshal(raw, &rs); err != nil {
		return nil, fmt.Errorf("windows firewall rules: %w", err)
	}
	return rs, nil
}

// WindowsState combines the two readers: the COM facts when the COM API
// answered, else the PowerShell fallback's output; when neither could read,
// the state says so (Unreadable) and the verdict is "unknown", never clear.
func WindowsState(com *WinCOMFacts, comErr error, psOut []byte, psErr error) State {
	if com != nil && comErr == nil {
		return WindowsStateFromCOM(*com)
	}
	st := State{OS: "windows", Backend: BackendWindows}
	if psErr != nil {
		st.Unreadable = fmt.Sprintf("firewall COM API: %v; PowerShell: %v", comErr, psErr)
		return st
	}
	rules, err := ParseWindowsRules(psOut)
	if err != nil {
		st.Unreadable = fmt.Sprintf("firewall COM API: %v; %v", comErr, err)
		return st
	}
	st.Rules = rules
	return st
}

// WindowsRuleName is the display name of our rule for one program; it is
// unique per program and direction, so delete-by-name removes only it.
func WindowsRuleName(exeBase, dir string) string {
	return fmt.Sprintf("%s - %s (%s)", OurRulePrefix, exeBase, dir)
}

// WindowsAllowArgv adds an allow rule for one program and direction
// ("out" or "in").
func WindowsAllowArgv(name, program, dir string) []string {
	return []string{"netsh", "advfirewall", "firewall", "add", "rule", "name=" + name,
		"dir=" + dir, "action=allow", "program=" + program, "enable=yes", "profile=any",
		"description=" + Marker}
}

// WindowsDeleteArgv removes our rule by its unique name.
func WindowsDeleteArgv(name string) []string {
	return []string{"netsh", "advfirewall", "firewall", "delete", "rule", "name=" + name}
}

// WindowsEnableArgv enables or disables an existing (block) rule by name;
// used only with explicit consent, and undone by the opposite call.
func WindowsEnableArgv(name string, enable bool) []string {
	v := "no"
	if enable {
		v = "yes"
	}
	return []string{"netsh", "advfirewall", "firewall", "set", "rule", "name=" + name, "new", "enable=" + v}
}

// BlockingRules returns the enabled block rules that hit one of programs
// (compared case-insensitively) or every program.
func BlockingRules(rules []WinRule, programs []string) []WinRule {
	var out []WinRule
	for _, r := range rules {
		if !strings.EqualFold(r.Action, "Block") {
			continue
		}
		if r.Program == "" || strings.EqualFold(r.Program, "any") {
			out = append(out, r)
			continue
		}
		for _, want := range programs {
			if strings.EqualFold(r.Program, want) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// --- macOS -----------------------------------------------------------------

// SocketFilterFW is the application firewall's tool.
const SocketFilterFW = "/usr/libexec/ApplicationFirewall/socketfilterfw"

// MacAllowArgv returns the command that lets app accept connections, given
// its current status, and the command that undoes it.
func MacAllowArgv(app, status string) (do, undo []string) {
	switch status {
	case "blocked":
		return []string{SocketFilterFW, "--unblockapp", app}, []string{SocketFilterFW, "--blockapp", app}
	case "unlisted":
		return []string{SocketFilterFW, "--add", app}, []string{SocketFilterFW, "--remove", app}
	}
	return nil, nil
}

// ParseALFState parses --getglobalstate / --getblockall: "enabled" or
// "(State = 1|2)" means on.
func ParseALFState(out []byte) bool {
	s := strings.ToLower(string(out))
	return strings.Contains(s, "enabled") || strings.Contains(s, "state = 1") || strings.Contains(s, "state = 2")
}

// ParseAppBlocked parses --getappblocked: "blocked", "allowed" or "unlisted".
func ParseAppBlocked(out []byte) string {
	s := strings.ToLower(string(out))
	switch {
	case strings.Contains(s, "not part of") || strings.Contains(s, "not found") || strings.TrimSpace(s) == "":
		return "unlisted"
	case strings.Contains(s, "permitted") || strings.Contains(s, "allow"):
		return "allowed"
	case strings.Contains(s, "block"):
		return "blocked"
	}
	return "unlisted"
}

// --- ufw -------------------------------------------------------------------

// WebPorts are the outbound ports WPS needs.
var WebPorts = []int{80, 443}

var ufwDefaultRe = regexp.MustCompile(`(?i)default:.*?(allow|deny|reject) \(outgoing\)`)

// ParseUFWVerbose parses `ufw status verbose`: active, the outgoing default
// and which of our rules exist (they carry "# wpsdoctor").
func ParseUFWVerbose(out []byte) (active bool, outgoing string, ours []string) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		low := strings.ToLower(line)
		switch {
		case strings.HasPrefix(low, "status:"):
			active = strings.Contains(low, "active") && !strings.Contains(low, "inactive")
		case ufwDefaultRe.MatchString(line):
			outgoing = strings.ToLower(ufwDefaultRe.FindStringSubmatch(line)[1])
		case strings.HasSuffix(line, "# "+Marker):
			if f := strings.Fields(line); len(f) > 0 {
				ours = append(ours, f[0])
			}
		}
	}
	return active, outgoing, ours
}

// UFWAllowArgv allows one outbound TCP port, marked with our comment.
func UFWAllowArgv(port int) []string {
	return []string{"ufw", "allow", "out", strconv.Itoa(port) + "/tcp", "comment", Marker}
}

// UFWDeleteArgv removes that rule again.
func UFWDeleteArgv(port int) []string {
	return []string{"ufw", "delete", "allow", "out", strconv.Itoa(port) + "/tcp"}
}

// --- nftables --------------------------------------------------------------

// Chain is an nftables base chain on the output hook.
type Chain struct {
	Family string `json:"family"`
	Table  string `json:"table"`
	Name   string `json:"name"`
	Policy string `json:"policy"`
	// Filters is set when the chain drops or rejects outbound traffic (by
	// policy or by a rule).
	Filters bool `json:"filters"`
	// Ours are the handles of rules carrying our comment.
	Ours []int `json:"ours,omitempty"`
	// AcceptsWeb is set when a rule of someone else's accepts TCP 443;
	// DropsWeb when a rule drops or rejects TCP 443 to any address before
	// anything accepts it.
	AcceptsWeb bool `json:"accepts_web,omitempty"`
	DropsWeb   bool `json:"drops_web,omitempty"`
}

// NFTListArgv lists the ruleset as JSON with handles.
func NFTListArgv() []string { return []string{"nft", "-j", "-a", "list", "ruleset"} }

// ParseNFT reads `nft -j list ruleset` and returns the output-hook base
// chains of the ip/ip6/inet families.
func ParseNFT(out []byte) ([]Chain, error) {
	var doc struct {
		Items []map[string]json.RawMessage `json:"nftables"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		return nil, fmt.Errorf("nft ruleset: %w", err)
	}
	var chains []Chain
	idx := map[string]int{}
	key := func(f, t, c string) string { return f + "\x00" + t + "\x00" + c }
	for _, it := range doc.Items {
		if raw, ok := it["chain"]; ok {
			var c struct {
				Family, Table, Name, Hook, Policy, Type string
			}
			if json.Unmarshal(raw, &c) != nil || c.Hook != "output" || c.Type != "filter" {
				continue
			}
			if c.Family != "ip" && c.Family != "ip6" && c.Family != "inet" {
				continue
			}
			idx[key(c.Family, c.Table, c.Name)] = len(chains)
			chains = append(chains, Chain{Family: c.Family, Table: c.Table, Name: c.Name, Policy: c.Policy,
				Filters: c.Policy == "drop"})
		}
	}
	for _, it := range doc.Items {
		raw, ok := it["rule"]
		if !ok {
			continue
		}
		var r struct {
			Family, Table, Chain, Comment string
			Handle                        int
			Expr                          []map[string]json.RawMessage
		}
		if json.Unmarshal(raw, &r) != nil {
			continue
		}
		i, ok := idx[key(r.Family, r.Table, r.Chain)]
		if !ok {
			continue
		}
		if r.Comment == Marker {
			chains[i].Ours = append(chains[i].Ours, r.Handle)
			continue
		}
		// Rules are read in list order; a drop for 443 after a rule of
		// ours is shadowed by it (ours are inserted at the head).
		switch verdict, web, addressed := webRule(r.Expr); {
		case !web || addressed:
		case verdict == "accept":
			chains[i].AcceptsWeb = true
		case (verdict == "drop" || verdict == "reject") && !chains[i].AcceptsWeb && len(chains[i].Ours) == 0:
			chains[i].DropsWeb = true
		}
		for _, e := range r.Expr {
			if _, ok := e["drop"]; ok {
				chains[i].Filters = true
			}
			if _, ok := e["reject"]; ok {
				chains[i].Filters = true
			}
		}
	}
	return chains, nil
}

var nftIdent = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)

// ValidChain rejects names nft's parser could misread.
func ValidChain(c Chain) error {
	if c.Family != "ip" && c.Family != "ip6" && c.Family != "inet" {
		return fmt.Errorf("nft family %q not supported", c.Family)
	}
	if !nftIdent.MatchString(c.Table) || !nftIdent.MatchString(c.Name) {
		return fmt.Errorf("nft table/chain name %q/%q not supported", c.Table, c.Name)
	}
	return nil
}

// NFTAllowArgv inserts, at the head of chain, an accept for outbound web
// ports carrying our comment.
func NFTAllowArgv(c Chain) []string {
	ports := make([]string, len(WebPorts))
	for i, p := range WebPorts {
		ports[i] = strconv.Itoa(p)
	}
	return []string{"nft", "insert", "rule", c.Family, c.Table, c.Name,
		"tcp", "dport", "{ " + strings.Join(ports, ", ") + " }", "accept", "comment", Marker}
}

// NFTListChainArgv lists one chain as JSON with handles.
func NFTListChainArgv(c Chain) []string {
	return []string{"nft", "-j", "-a", "list", "chain", c.Family, c.Table, c.Name}
}

// NFTDeleteArgv deletes one rule by handle.
func NFTDeleteArgv(c Chain, handle int) []string {
	return []string{"nft", "delete", "rule", c.Family, c.Table, c.Name, "handle", strconv.Itoa(handle)}
}

// OurHandles returns the handles of our rules in an `nft -j -a list chain`
// output.
func OurHandles(out []byte, c Chain) ([]int, error) {
	// A listed chain parses like a ruleset holding just it.
	chains, err := ParseNFT(out)
	if err != nil {
		return nil, err
	}
	for _, ch := range chains {
		if ch.Family == c.Family && ch.Table == c.Table && ch.Name == c.Name {
			return ch.Ours, nil
		}
	}
	return nil, nil
}
