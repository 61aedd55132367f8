package network

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
	"wpsdoctor/netprobe"
)

// Checks of WPS's own servers and of the third-party sign-in providers
// (issue 16 items 5 and 6).
const (
	IDServers = "net.servers"
	IDSignin  = "net.signin_providers"
)

// Finding codes of net.servers and net.signin_providers. Stable.
const (
	CodeServersOK          = "WSD-SRV-000" // every service asked answered normally
	CodeServersError       = "WSD-SRV-001" // a service answered with a server error (5xx)
	CodeServersMaintenance = "WSD-SRV-002" // a service answered with a maintenance page
	CodeServersUnknown     = "WSD-SRV-009" // a service could not be asked: the connection failed (net.tcp/net.tls say why)
	CodeSigninOK           = "WSD-SGN-000" // every sign-in provider host accepts a secure connection
	CodeSigninBlocked      = "WSD-SGN-001" // a sign-in provider host cannot be reached from here
	CodeSigninNone         = "WSD-SGN-009" // no sign-in provider listed for the families probed
)

// serviceRoles are the services net.servers asks, one request each.
var serviceRoles = []string{"login", "drive"}

// Verdicts of one status request.
const (
	serverOK          = "ok"
	serverError       = "server_error"
	serverMaintenance = "maintenance"
	serverNoAnswer    = "no_answer"
)

// serverProbe is the evidence of one status request.
type serverProbe struct {
	Family  string                `json:"family"`
	Role    string                `json:"role"`
	Host    string                `json:"host"`
	Verdict string                `json:"verdict"`
	Marker  string                `json:"marker,omitempty"`
	Result  netprobe.StatusResult `json:"result"`
}

// serverTargets are the first host of each service role of the families,
// on a TLS port (443 when listed).
func (s *session) serverTargets(families []string) []target {
	var out []target
	for _, fn := range families {
		f := s.cat.Family(fn)
		if f == nil {
			continue
		}
		for _, role := range serviceRoles {
			i := slices.IndexFunc(f.Endpoints, func(e catalog.Endpoint) bool { return e.Role == role })
			if i < 0 {
				continue
			}
			if port, ok := s.tlsPort(f.Endpoints[i].Ports); ok {
				out = append(out, target{Family: fn, Host: f.Endpoints[i].Host, Port: port, Role: role})
			}
		}
	}
	return out
}

// tlsPort picks 443 when listed, else the first port that is not plain
// HTTP.
func (s *session) tlsPort(ports []int) (int, bool) {
	if slices.Contains(ports, catalog.ServicePort) {
		return catalog.ServicePort, true
	}
	for _, p := range ports {
		if !s.plain(p) {
			return p, true
		}
	}
	return 0, false
}

func (s *session) statusPath(t target) string {
	for _, e := range s.cat.Family(t.Family).Endpoints {
		if e.Host == t.Host && e.Role == t.Role {
			return e.StatusPathOf()
		}
	}
	return "/"
}

// checkServers asks each service of the families for its status, all at
// once, under the probe and network deadlines.
func checkServers(ctx context.Context, s *session) health.Finding {
	fams, _ := s.families()
	ts := s.serverTargets(fams)
	out := make([]*serverProbe, len(ts))
	done := make(chan struct{}, len(ts))
	for i, t := range ts {
		go func() {
			defer func() { done <- struct{}{} }()
			p := &serverProbe{Family: t.Family, Role: t.Role, Host: t.Host, Verdict: serverNoAnswer}
			out[i] = p
			ip, ans, ok := s.address(ctx, t.Host)
			if !ok {
				p.Result = netprobe.StatusResult{URL: "https://" + t.Host + s.statusPath(t), Error: "not resolved: " + string(ans.Outcome)}
				return
			}
			p.Result = netprobe.ProbeStatus(ctx, joinHostPort(ip, t.Port), t.Host, t.Port, s.statusPath(t),
				netprobe.TLSOptions{Roots: s.o.Roots, Now: s.env.Clock, Timeout: s.probe})
			p.Verdict, p.Marker = judgeStatus(p.Result, s.cat.Servers)
		}()
	}
	for range ts {
		<-done
	}
	return serversFinding(out, s.cat)
}

// judgeStatus names what one answer says about the server: a maintenance
// page (a marker in its title or headings, or a status the catalogue
// ties to Retry-After), a server error (5xx), or fine (any other HTTP
// answer: the server itself answered).
func judgeStatus(r netprobe.StatusResult, sv catalog.Servers) (verdict, marker string) {
	if !r.Answered() {
		return serverNoAnswer, ""
	}
	if r.RetryAfter != "" && slices.Contains(sv.RetryAfterStatuses, r.Status) {
		return serverMaintenance, "Retry-After: " + r.RetryAfter
	}
	if m := maintenanceMarker(r, sv.MaintenanceMarkers); m != "" {
		return serverMaintenance, m
	}
	if r.Status >= 500 {
		return serverError, ""
	}
	return serverOK, ""
}

var (
	titleRe   = regexp.MustCompile(`(?is)<(title|h1|h2|h3)[^>]*>(.*?)</(?:title|h1|h2|h3)>`)
	htmlRe    = regexp.MustCompile(`(?i)<html|<!doctype html|<body`)
	shortBody = 4 << 10
)

// maintenanceMarker returns the first marker found where a maintenance
// page says so: the title and headings of an HTML page, or anywhere in a
// short non-HTML answer (a JSON error, a plain-text notice). A normal
// page that only mentions maintenance in its body does not count.
func maintenanceMarker(r netprobe.StatusResult, markers []string) string {
	var hay string
	switch {
	case htmlRe.MatchString(r.Body) || strings.Contains(strings.ToLower(r.ContentType), "html"):
		var parts []string
		for _, m := range titleRe.FindAllStringSubmatch(r.Body, 16) {
			parts = append(parts, m[2])
		}
		hay = strings.Join(parts, "\n")
	case len(r.Body) <= shortBody:
		hay = r.Body
	}
	hay = strings.ToLower(hay)
	for _, m := range markers {
		if m != "" && strings.Contains(hay, strings.ToLower(m)) {
			return m
		}
	}
	return ""
}

// serversFinding: a maintenance page or a server error is WPS's problem
// (try later), never the network's; a service that could not be asked at
// all is left to net.tcp and net.tls, which say why.
func serversFinding(probes []*serverProbe, cat *catalog.Catalog) health.Finding {
	by := map[string][]string{}
	var first *serverProbe
	for _, p := range probes {
		by[p.Verdict] = append(by[p.Verdict], p.Host)
		if first == nil && (p.Verdict == serverMaintenance || p.Verdict == serverError) {
			first = p
		}
	}
	ev := func(f health.Finding) health.Finding { return f.With("requests", probes) }
	switch {
	case len(probes) == 0:
		return ev(health.Info(CodeServersUnknown, health.Msg("servers.none")))
	case len(by[serverMaintenance]) > 0:
		return ev(health.Warn(CodeServersMaintenance, health.Msg("servers.maintenance",
			"hosts", by[serverMaintenance], "help", helpLink(cat, first.Family))))
	case len(by[serverError]) > 0:
		return ev(health.Warn(CodeServersError, health.Msg("servers.error",
			"hosts", by[serverError], "status", first.Result.Status, "help", helpLink(cat, first.Family))))
	case len(by[serverNoAnswer]) == len(probes):
		return ev(health.Info(CodeServersUnknown, health.Msg("servers.unknown", "hosts", by[serverNoAnswer])))
	case len(by[serverNoAnswer]) > 0:
		return ev(health.Info(CodeServersUnknown, health.Msg("servers.partly", "hosts", by[serverOK], "unasked", by[serverNoAnswer])))
	}
	return ev(health.OK(CodeServersOK, health.Msg("servers.ok", "hosts", by[serverOK])))
}

// helpLink is the family's official help page (its support page when the
// account data has none).
func helpLink(cat *catalog.Catalog, family string) string {
	if af := cat.AccountFamily(family); af != nil && af.HelpURL != "" {
		return af.HelpURL
	}
	if f := cat.Family(family); f != nil && f.SupportURL != "" {
		return f.SupportURL
	}
	return "https://www.wps.com/"
}
