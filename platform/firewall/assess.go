package firewall

import (
	"bufio"
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"wpsdoctor/platform/wps"
)

// Verdict levels: what the local firewall means for WPS's outbound web
// traffic (TCP 80/443), the traffic sync and sign-in need.
const (
	// Blocked: a rule or policy stops it (a Windows block rule naming a WPS
	// program; ufw denying outgoing traffic without allowing 443).
	Blocked = "blocked"
	// Suspect: outbound traffic is filtered and nothing was seen letting
	// web traffic through, but the rules are too rich to be sure (a block
	// rule for every program, whose ports the reader does not list; an
	// nftables chain with a drop policy whose jumps are not followed).
	Suspect = "suspect"
	// Clear: nothing local stands in the way.
	Clear = "clear"
	// Unread: the rules could not be read (no rights, no tool).
	Unread = "unread"
)

// Verdict is Assess's answer with what it rests on.
type Verdict struct {
	Level string `json:"level"`
	// Why lists the rules or policies behind Blocked or Suspect, or what
	// was seen for Clear ("ufw: outgoing allow").
	Why []string `json:"why,omitempty"`
}

// Programs are the executables a per-program rule would name for in: the
// cloud component and the main program on Windows, the bundle on macOS.
func Programs(in wps.Install) []string {
	var out []string
	switch in.OS {
	case "windows":
		for _, e := range []string{in.CloudExe, in.MainExe} {
			if e != "" && !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
	case "darwin":
		if in.Root != "" {
			out = []string{in.Root}
		}
	}
	return out
}

// Assess judges st for outbound web traffic of programs. It is pure: the
// same knowledge serves the firewall.rules check on every OS's tests.
func Assess(st State, programs []string) Verdict {
	if st.Unreadable != "" {
		return Verdict{Level: Unread, Why: []string{st.Unreadable}}
	}
	switch st.Backend {
	case BackendWindows:
		var named, every []string
		for _, r := range BlockingRules(st.Rules, programs) {
			if !strings.EqualFold(r.Direction, "Outbound") {
				continue // inbound rules never stop a client's connections
			}
			label := r.Display
			if label == "" {
				label = r.Name
			}
			if r.Program == "" || strings.EqualFold(r.Program, "any") {
				every = append(every, label)
			} else {
				named = append(named, label)
			}
		}
		return grade(named, every)
	case BackendMacALF:
		// The application firewall filters incoming connections only; a
		// blocked app can still connect out.
		return Verdict{Level: Clear, Why: []string{"macOS application firewall filters incoming connections only"}}
	case BackendUFW:
		if !st.UFWActive || st.UFWOutgoing == "allow" || st.UFWOutgoing == "" {
			return Verdict{Level: Clear, Why: []string{"ufw: outgoing " + orAllow(st.UFWOutgoing)}}
		}
		if PortsAllow(st.UFWAllowOut, 443) {
			return Verdict{Level: Clear, Why: []string{"ufw: outgoing " + st.UFWOutgoing + ", 443 allowed out"}}
		}
		return Verdict{Level: Blocked, Why: []string{"ufw: outgoing " + st.UFWOutgoing + ", no rule allows 443 out"}}
	case BackendNFT:
		var blocked, suspect []string
		for _, c := range st.Chains {
			name := "nft " + c.Family + " " + c.Table + " " + c.Name
			switch {
			case c.DropsWeb:
				blocked = append(blocked, name+": a rule drops tcp 443")
			case c.Policy == "drop" && len(c.Ours) == 0 && !c.AcceptsWeb:
				suspect = append(suspect, name+": policy drop, no rule accepts tcp 443")
			}
		}
		return grade(blocked, suspect)
	case BackendFirewalld:
		// firewalld zones filter incoming traffic; outgoing is allowed
		// unless an administrator wrote policies, which are theirs to read.
		return Verdict{Level: Clear, Why: []string{"firewalld: zones filter incoming traffic"}}
	}
	return Verdict{Level: Clear}
}

// grade turns what blocks and what only may block into a verdict; both
// lists are its reasons.
func grade(blocked, suspect []string) Verdict {
	switch {
	case len(blocked) > 0:
		return Verdict{Level: Blocked, Why: append(blocked, suspect...)}
	case len(suspect) > 0:
		return Verdict{Level: Suspect, Why: suspect}
	}
	return Verdict{Level: Clear}
}

func orAllow(s string) string {
	if s == "" {
		return "allow"
	}
	return s
}

// ParseUFWAllowOut returns the "To" column of the ALLOW OUT rules of
// `ufw status verbose` ("443/tcp", "80,443/tcp", "1000:2000/tcp",
// "Anywhere").
func ParseUFWAllowOut(out []byte) []string {
	var to []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		i := strings.Index(line, "ALLOW OUT")
		if i <= 0 {
			continue
		}
		if f := strings.Fields(line[:i]); len(f) > 0 {
			// "Anywhere (v6)" and "443/tcp (v6)" keep their first word.
			to = append(to, f[0])
		}
	}
	return to
}

// PortsAllow reports whether one of ufw's "To" specs covers TCP port.
func PortsAllow(specs []string, port int) bool {
	for _, s := range specs {
		if strings.EqualFold(s, "Anywhere") {
			return true
		}
		ports, proto, _ := strings.Cut(s, "/")
		if proto != "" && proto != "tcp" {
			continue
		}
		for _, p := range strings.Split(ports, ",") {
			lo, hi, isRange := strings.Cut(p, ":")
			a, err := strconv.Atoi(lo)
			if err != nil {
				continue
			}
			b := a
			if isRange {
				if b, err = strconv.Atoi(hi); err != nil {
					continue
				}
			}
			if a <= port && port <= b {
				return true
			}
		}
	}
	return false
}

// webRule reads one nft rule: its verdict ("accept", "drop", "reject" or
// ""), whether it matches TCP 443 (alone, in a set or in a range), and
// whether it names a destination or source address (a rule for one host
// says nothing about WPS's servers).
func webRule(expr []map[string]json.RawMessage) (verdict string, web, addressed bool) {
	for _, e := range expr {
		for _, v := range []string{"accept", "drop", "reject"} {
			if _, ok := e[v]; ok {
				verdict = v
			}
		}
		raw, ok := e["match"]
		if !ok {
			continue
		}
		var m struct {
			Left struct {
				Payload struct{ Protocol, Field string }
			}
			Right json.RawMessage
		}
		if json.Unmarshal(raw, &m) != nil {
			continue
		}
		switch p := m.Left.Payload; {
		case p.Protocol == "tcp" && p.Field == "dport":
			web = web || rightHas(m.Right, 443)
		case p.Field == "daddr" || p.Field == "saddr":
			addressed = true
		}
	}
	return verdict, web, addressed
}

// rightHas reads an nft JSON match's right side: a number, a set of
// numbers, or {"range": [lo, hi]} (also inside a set).
func rightHas(raw json.RawMessage, port int) bool {
	var n int
	if json.Unmarshal(raw, &n) == nil {
		return n == port
	}
	var obj struct {
		Set   []json.RawMessage `json:"set"`
		Range []int             `json:"range"`
	}
	if json.Unmarshal(raw, &obj) != nil {
		return false
	}
	if len(obj.Range) == 2 && obj.Range[0] <= port && port <= obj.Range[1] {
		return true
	}
	for _, el := range obj.Set {
		if rightHas(el, port) {
			return true
		}
	}
	return false
}
