// Package e2e is the fault-scenario harness: a small "internet" of real
// servers (dnsmasq, nginx, chrony under faketime, tinyproxy) in network
// namespaces, broken the ways users meet (firewalls, netem, lying DNS,
// interception, captive portals, dead proxies, wrong clocks), with the real
// wpsdoctor binary asked to name the root cause and repair it.
//
// The topology and every server's configuration are pure functions in this
// package (tested everywhere); starting, breaking and tearing down the world
// needs root and lives in the `e2e`-tagged test files:
//
//	go test -count=1 -tags e2e -timeout 10m ./e2e/...
package e2e
