package e2e

// Topology of the test world. Every address below exists only inside the
// harness's own network namespaces: 192.0.2.0/24 (TEST-NET-1) is the link
// between the client and the "cloud", 198.51.100.0/24 (TEST-NET-2) holds the
// servers and 203.0.113.0/24 (TEST-NET-3) is what a lying resolver answers.
// Nothing is ever routed to the host or beyond it.

// Prefix starts the name of every namespace, interface, directory and file
// the harness creates, so a later run can sweep what a crashed one left.
const Prefix = "wsde-"

// Namespaces and the veth pair between them.
const (
	ClientNS = Prefix + "client"
	CloudNS  = Prefix + "cloud"
	ClientIf = Prefix + "c0"
	CloudIf  = Prefix + "s0"
)

// Addresses.
const (
	ClientAddr  = "192.0.2.2"
	GatewayAddr = "192.0.2.1"
	// ISPResolver is the client's configured (system) resolver: the one
	// faults make lie or fall silent.
	ISPResolver = "192.0.2.53"
	// PublicResolver is the region's public resolver named in the
	// catalogue; it always tells the truth, which is what the doctor's
	// cross-check and the dns.set fix rely on.
	PublicResolver = "198.51.100.53"
	NTPServer      = "198.51.100.123"
	ProxyAddr      = "198.51.100.88"
	ProxyPort      = 8888
	// DeadProxyAddr is configured on the cloud side with nothing listening,
	// so a proxy there refuses connections like a stopped proxy service.
	DeadProxyAddr = "198.51.100.99"
	DeadProxyPort = 3128
	// BogusAddr is what a poisoned resolver answers for WPS hosts.
	BogusAddr = "203.0.113.66"
	// PrivateAddr is a lying home router's answer. It is configured
	// nowhere: packets to it die at the cloud namespace (no route).
	PrivateAddr = "192.168.77.7"
	// PortalHost is where the captive portal redirects; it is outside
	// every WPS family.
	PortalHost = "portal.hotspot.test"
	PortalAddr = "198.51.100.200"
)

// Host is one server name of a service family, its address and role.
type Host struct {
	Family string
	Name   string
	Addr   string
	Role   string
	Ports  []int
}

// Families are the two service families' test domains; they stand in for
// wps.cn / wps.com in the catalogue override.
var Families = map[string][]string{
	"mainland":      {"wps.test", "wpscdn.test"},
	"international": {"wpsglobal.test"},
}

// Hosts are every WPS endpoint of the world.
var Hosts = []Host{
	{"mainland", "account.wps.test", "198.51.100.10", "login", []int{443, 80}},
	{"mainland", "drive.wps.test", "198.51.100.11", "drive", []int{443}},
	{"mainland", "conf.wpscdn.test", "198.51.100.12", "cdn", []int{443}},
	{"international", "account.wpsglobal.test", "198.51.100.20", "login", []int{443, 80}},
	{"international", "drive.wpsglobal.test", "198.51.100.21", "drive", []int{443}},
}

// LoginHost is the mainland sign-in host (the target of the NXDOMAIN fault).
const LoginHost = "account.wps.test"

// CloudAddrs are the addresses configured on the cloud side of the veth.
func CloudAddrs() []string {
	addrs := []string{GatewayAddr + "/24", ISPResolver + "/32", PublicResolver + "/32", NTPServer + "/32",
		ProxyAddr + "/32", DeadProxyAddr + "/32", PortalAddr + "/32"}
	for _, h := range Hosts {
		addrs = append(addrs, h.Addr+"/32")
	}
	return addrs
}

// HostNames lists the endpoint names (for certificates).
func HostNames() []string {
	names := make([]string, len(Hosts))
	for i, h := range Hosts {
		names[i] = h.Name
	}
	return names
}
