// Package itnote renders the request a user hands to the IT department
// when connections to WPS are blocked on the network (company or school
// firewall): the hosts to allow, as wildcards of each service family's
// domains and the exact servers probed, the ports and protocols, and what
// was measured from this computer. It is pure (a report and a catalogue
// in, text out), in the user's language followed by English, so the CLI
// (`wpsdoctor it`) and the window ("Copy for IT") print the same text.
package itnote

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/i18n"
)

// clockCheck is the clock check's ID (health/network.IDClock): when it
// did not pass, NTP (UDP 123) is asked for too.
const clockCheck = "clock.skew"

// Conn is one measured connection that did not get through.
type Conn struct {
	Host    string `json:"host"`
	Port    int    `json:"port"`
	Addr    string `json:"addr,omitempty"`
	Outcome string `json:"outcome"`
}

// Note is what the request says, before it is put into words.
type Note struct {
	// Wildcards are "*.domain" of each family concerned; Hosts the exact
	// servers of those families.
	Wildcards []string `json:"wildcards"`
	Hosts     []string `json:"hosts"`
	// TCP are the TCP ports to allow; NTP the time servers when the clock
	// check failed (UDP 123).
	TCP      []int     `json:"tcp_ports"`
	NTP      []string  `json:"ntp_servers,omitempty"`
	Measured []Conn    `json:"measured"`
	At       time.Time `json:"measured_at"`
}

// Offered reports whether r holds a finding blocked on the network, for
// which the note is the next step.
func Offered(r health.Report) bool {
	return slices.ContainsFunc(r.Findings, func(f health.Finding) bool {
		return f.SuppressedBy == "" && health.IsBlockedOnNetwork(f)
	})
}

// Build gathers the note from the report's blocked findings and the
// catalogue's families.
func Build(r health.Report, cat *catalog.Catalog) Note {
	n := Note{At: r.GeneratedAt}
	for _, f := range r.Findings {
		if f.SuppressedBy == "" && health.IsBlockedOnNetwork(f) {
			n.Measured = append(n.Measured, failedConns(f)...)
		}
	}
	fams := familiesOf(cat, n.Measured)
	for _, f := range fams {
		for _, d := range f.Domains {
			n.Wildcards = appendNew(n.Wildcards, "*."+d)
		}
		for _, e := range f.Endpoints {
			n.Hosts = appendNew(n.Hosts, e.Host)
			for _, p := range e.Ports {
				if !slices.Contains(n.TCP, p) {
					n.TCP = append(n.TCP, p)
				}
			}
		}
	}
	slices.SortFunc(n.TCP, func(a, b int) int { return b - a }) // 443 before 80
	if clockFailed(r) {
		for _, f := range fams {
			for _, s := range f.NTP {
				n.NTP = appendNew(n.NTP, strings.TrimSuffix(s, ":123"))
			}
		}
	}
	return n
}

func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func clockFailed(r health.Report) bool {
	return slices.ContainsFunc(r.Findings, func(f health.Finding) bool {
		return f.Check == clockCheck && (f.Status == health.StatusWarn || f.Status == health.StatusFail)
	})
}

// failedConns reads the connections evidence of a finding (typed in the
// process that measured it, plain JSON in a saved report) and keeps the
// ones that did not get through.
func failedConns(f health.Finding) []Conn {
	b, err := json.Marshal(f.Evidence["connections"])
	if err != nil {
		return nil
	}
	var raw []struct {
		Host   string `json:"host"`
		Port   int    `json:"port"`
		Result struct {
			Addr    string `json:"addr"`
			Outcome string `json:"outcome"`
		} `json:"result"`
	}
	if json.Unmarshal(b, &raw) != nil {
		return nil
	}
	var out []Conn
	for _, c := range raw {
		if c.Result.Outcome != "" && c.Result.Outcome != "ok" {
			out = append(out, Conn{Host: c.Host, Port: c.Port, Addr: c.Result.Addr, Outcome: c.Result.Outcome})
		}
	}
	return out
}

// familiesOf returns the catalogue families whose domains hold a measured
// host; every family when none does (or nothing was measured).
func familiesOf(cat *catalog.Catalog, conns []Conn) []*catalog.Family {
	if cat == nil {
		cat = catalog.Default()
	}
	var all, hit []*catalog.Family
	for _, name := range cat.FamilyNames() {
		f := cat.Family(name)
		if f == nil {
			continue
		}
		all = append(all, f)
		if slices.ContainsFunc(conns, func(c Conn) bool { return inFamily(f, c.Host) }) {
			hit = append(hit, f)
		}
	}
	if len(hit) == 0 {
		return all
	}
	return hit
}

func inFamily(f *catalog.Family, host string) bool {
	host = strings.ToLower(host)
	for _, d := range f.Domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return slices.ContainsFunc(f.Endpoints, func(e catalog.Endpoint) bool { return strings.EqualFold(e.Host, host) })
}

// Text is the request for the IT department in lang, followed by the
// same in English when lang is another language.
func Text(r health.Report, cat *catalog.Catalog, lang string) string {
	n := Build(r, cat)
	out := Render(n, lang)
	if i18n.Normalize(lang) != i18n.English {
		out += "\n----\n\n" + Render(n, i18n.English)
	}
	return out
}

// Render puts the note into words in one language.
func Render(n Note, lang string) string {
	t := func(key string, kv ...any) string { return i18n.T(lang, key, health.Msg(key, kv...).Args) }
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	line(t("cli.it.title"))
	line("")
	if len(n.Measured) == 0 {
		line(t("cli.it.none"))
		return b.String()
	}
	line(t("cli.it.intro"))
	line("")
	line(t("cli.it.hosts"))
	for _, w := range n.Wildcards {
		line("  " + w)
	}
	line(t("cli.it.endpoints"))
	for _, h := range n.Hosts {
		line("  " + h)
	}
	line("")
	line(t("cli.it.ports"))
	for _, p := range n.TCP {
		line(fmt.Sprintf("  TCP %d", p))
	}
	if len(n.NTP) > 0 {
		line("  " + t("cli.it.ntp", "servers", strings.Join(n.NTP, ", ")))
	}
	line("")
	line(t("cli.it.measured", "time", n.At.UTC().Format("2006-01-02 15:04 UTC")))
	for _, c := range n.Measured {
		addr := ""
		if c.Addr != "" {
			addr = " (" + c.Addr + ")"
		}
		line(fmt.Sprintf("  %s:%d%s: %s", c.Host, c.Port, addr, t(outcomeKey(c.Outcome))))
	}
	return b.String()
}

// outcomeKey names a netprobe TCP outcome in words.
func outcomeKey(o string) string {
	switch o {
	case "timeout":
		return "cli.it.outcome.timeout"
	case "reset", "closed":
		return "cli.it.outcome.reset"
	case "refused":
		return "cli.it.outcome.refused"
	}
	return "cli.it.outcome.other"
}
