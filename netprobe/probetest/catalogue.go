package probetest

import (
	"fmt"
	"strconv"
	"strings"
)

// World is where a test's catalogue points: one resolver and one time
// server for both families, the mainland login and drive hosts' ports and
// the international login host's.
type World struct {
	Name      string // "Test", "Bench": the families' display names
	Resolver  string // host:port
	NTP       string // host:port
	Account   []int  // account.wps.test
	Drive     []int  // drive.wps.test
	Intl      []int  // account.wpsintl.test
	ExtraTOML string // appended as is (thresholds and the like)
}

// CatalogueTOML is the endpoint catalogue of a test world: both families
// on the .test domains, every probe aimed at the world's servers.
func CatalogueTOML(w World) string {
	ports := func(ps []int) string {
		s := make([]string, len(ps))
		for i, p := range ps {
			s[i] = strconv.Itoa(p)
		}
		return strings.Join(s, ", ")
	}
	return fmt.Sprintf(`
[families.mainland]
name = "%[1]s mainland"
domains = ["wps.test"]
resolvers = [%[2]q]
ntp = [%[3]q]

  [[families.mainland.endpoints]]
  host = "account.wps.test"
  role = "login"
  ports = [%[4]s]

  [[families.mainland.endpoints]]
  host = "drive.wps.test"
  role = "drive"
  ports = [%[5]s]

[families.international]
name = "%[1]s international"
domains = ["wpsintl.test"]
resolvers = [%[2]q]
ntp = [%[3]q]

  [[families.international.endpoints]]
  host = "account.wpsintl.test"
  role = "login"
  ports = [%[6]s]
%[7]s
`, w.Name, w.Resolver, w.NTP, ports(w.Account), ports(w.Drive), ports(w.Intl), w.ExtraTOML)
}
