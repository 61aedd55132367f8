package e2e

import (
	"crypto/tls"
	"crypto/x509"
	"strings"
	"testing"
	"time"

	"wpsdoctor/catalog"
)

// TestOverrideLoads proves the generated override is a valid catalogue
// that replaces both real families with the world's hosts, so no probe of
// the harness can reach a real WPS server.
func TestOverrideLoads(t *testing.T) {
	cat, err := catalog.LoadBytes([]byte(Override()), "e2e-override.toml")
	if err != nil {
		t.Fatalf("override does not load: %v\n%s", err, Override())
	}
	if got := cat.FamilyNames(); len(got) != 2 {
		t.Fatalf("families %v, want exactly mainland and international", got)
	}
	seen := map[string]bool{}
	for _, name := range cat.FamilyNames() {
		f := cat.Family(name)
		if len(f.Resolvers) != 1 || f.Resolvers[0] != PublicResolver || len(f.Resolvers6) != 0 {
			t.Errorf("%s resolvers %v %v, want only %s", name, f.Resolvers, f.Resolvers6, PublicResolver)
		}
		if len(f.NTP) != 1 || f.NTP[0] != NTPServer {
			t.Errorf("%s ntp %v", name, f.NTP)
		}
		for _, e := range f.Endpoints {
			if !strings.HasSuffix(e.Host, ".test") || !f.InFamily(e.Host) {
				t.Errorf("%s endpoint %q is not a test host of the family", name, e.Host)
			}
			seen[e.Host] = true
		}
	}
	for _, h := range Hosts {
		if !seen[h.Name] {
			t.Errorf("host %s missing from the override", h.Name)
		}
	}
	if cat.Thresholds.ProbeTimeoutMS != ProbeTimeoutMS || cat.Thresholds.NetworkDeadlineMS != NetworkDeadlineMS {
		t.Errorf("thresholds not overridden: %+v", cat.Thresholds)
	}
	if cat.Thresholds.LatencyMS != catalog.Default().Thresholds.LatencyMS {
		t.Errorf("latency threshold changed by the override: %d", cat.Thresholds.LatencyMS)
	}
}

func TestOverrideUplink(t *testing.T) {
	if strings.Contains(Override(), "uplink_target") {
		t.Error("the plain override configures an uplink test")
	}
	cat, err := catalog.LoadBytes([]byte(OverrideWith(UploadURL)), "uplink.toml")
	if err != nil || cat.Thresholds.UplinkTarget != UploadURL {
		t.Fatalf("uplink override: %v, target %q", err, cat.Thresholds.UplinkTarget)
	}
	conf := NginxConf("/x", Site{Cert: "/c", Key: "/k"})
	if strings.Count(conf, "location /upload") != 1 || !strings.Contains(conf, "listen "+uploadSink+";") {
		t.Errorf("nginx does not serve the upload target once:\n%s", conf)
	}
}

func TestHostsFileAnswers(t *testing.T) {
	for _, tc := range []struct {
		a       Answers
		want    string
		notWant string
	}{
		{Truthful, "198.51.100.10 account.wps.test\n", BogusAddr},
		{Bogus, BogusAddr + " account.wps.test\n", "198.51.100.10"},
		{NXLogin, "198.51.100.11 drive.wps.test\n", "account.wps.test\n"},
	} {
		got := HostsFile(tc.a)
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.notWant) {
			t.Errorf("%v:\n%s\nwant %q, not %q", tc.a, got, tc.want, tc.notWant)
		}
		if !strings.Contains(got, PortalHost) {
			t.Errorf("%v: portal host missing", tc.a)
		}
	}
}

func TestNginxConfServesEveryHost(t *testing.T) {
	conf := NginxConf("/run/x", Site{Cert: "/c.pem", Key: "/k.pem"})
	for _, h := range Hosts {
		if !strings.Contains(conf, "listen "+h.Addr+":443 ssl;") {
			t.Errorf("no HTTPS server for %s", h.Name)
		}
		has80 := strings.Contains(conf, "listen "+h.Addr+":80;")
		if want := len(h.Ports) > 1; has80 != want {
			t.Errorf("%s: port 80 server %v, want %v", h.Name, has80, want)
		}
	}
	if strings.Contains(conf, PortalHost) {
		t.Error("healthy site redirects to the portal")
	}
	if !strings.Contains(NginxConf("/run/x", Site{Cert: "/c", Key: "/k", Captive: true}), "302 http://"+PortalHost) {
		t.Error("captive site does not redirect to the portal")
	}
	if strings.Count(conf, "{") != strings.Count(conf, "}") {
		t.Error("unbalanced braces")
	}
}

func TestFaketimeArgv(t *testing.T) {
	if got := ChronyArgv("/c", ""); got[0] != "chronyd" {
		t.Errorf("true time runs chronyd directly: %v", got)
	}
	got := NginxArgv("/c", "/p", "+10m")
	if strings.Join(got[:3], " ") != "faketime -f +10m" || got[3] != "nginx" {
		t.Errorf("shifted nginx argv %v", got)
	}
}

func TestNFTFault(t *testing.T) {
	got := NFTFault("tcp dport 443 drop")
	for _, want := range []string{"table inet " + FaultTable, "hook output", "policy accept;", "    tcp dport 443 drop\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

// TestPKI proves the three certificates the world serves behave as the
// scenarios need: trusted for the hosts, untrusted (interception), and
// trusted but for another name.
func TestPKI(t *testing.T) {
	now := time.Now()
	good, err := NewCA("e2e root")
	if err != nil {
		t.Fatal(err)
	}
	evil, err := NewCA("interceptor")
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(good.PEM())
	verify := func(ca *CA, names []string, host string) error {
		c, k, err := issue(ca, names, now)
		if err != nil {
			t.Fatal(err)
		}
		pair, err := tls.X509KeyPair(c, k)
		if err != nil {
			t.Fatal(err)
		}
		leaf, err := x509.ParseCertificate(pair.Certificate[0])
		if err != nil {
			t.Fatal(err)
		}
		_, err = leaf.Verify(x509.VerifyOptions{Roots: roots, DNSName: host})
		return err
	}
	if err := verify(good, HostNames(), LoginHost); err != nil {
		t.Errorf("good certificate rejected: %v", err)
	}
	if err := verify(evil, HostNames(), LoginHost); err == nil {
		t.Error("certificate of an untrusted CA accepted")
	}
	if err := verify(good, []string{"www.example.test"}, LoginHost); err == nil {
		t.Error("certificate for another host accepted")
	}
	if _, _, err := issue(good, nil, now); err == nil {
		t.Error("issued a certificate without names")
	}
}

func TestNetemArgs(t *testing.T) {
	for _, tc := range []struct {
		d, j time.Duration
		loss float64
		want string
	}{
		{300 * time.Millisecond, 0, 0, "delay 300ms"},
		{100 * time.Millisecond, 40 * time.Millisecond, 0, "delay 100ms 40ms"},
		{0, 0, 10, "loss 10%"},
		{0, 0, 2.5, "loss 2.5%"},
		{50 * time.Millisecond, 0, 1, "delay 50ms loss 1%"},
	} {
		if got := strings.Join(NetemArgs(tc.d, tc.j, tc.loss), " "); got != tc.want {
			t.Errorf("NetemArgs(%v, %v, %v) = %q, want %q", tc.d, tc.j, tc.loss, got, tc.want)
		}
	}
}
