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
//
// Add -v to see the one-line verdict per scenario and the closing
// "N passed, N failed" (go test prints a passing package's output only
// with -v). For debugging: E2E_ONLY=substring runs the matching scenarios,
// E2E_EVIDENCE=1 prints the deciding finding's evidence, E2E_WPSDOCTOR=path
// tests a prebuilt binary instead of building cmd/wpsdoctor.
//
// Every name the harness creates starts with Prefix; a run first sweeps
// what a crashed run left (namespaces and the processes in them, veth
// ends, /etc/netns entries, scratch directories), and SIGINT/SIGTERM tear
// the world down before exiting. Where the kernel has no sch_netem, delay
// and jitter go through a userspace TUN wire instead (see wire_e2e_test.go).
package e2e
