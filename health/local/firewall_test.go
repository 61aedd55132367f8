package local

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/firewall"
	"wpsdoctor/platform/wps"
)

func TestFirewall(t *testing.T) {
	defer func(old func(context.Context, []string) (firewall.State, error)) { firewallRead = old }(firewallRead)
	cloud := `C:\WPS\office6\wpscloudsvr.exe`
	in := wps.Install{OS: "windows", Found: true, CloudExe: cloud}
	block := firewall.WinRule{Name: "{1}", Display: "阻止 WPS 云", Direction: "Outbound", Action: "Block", Program: cloud}
	for _, tc := range []struct {
		name   string
		st     firewall.State
		err    error
		status health.Status
		code   string
		fixes  []string
	}{
		{"named block rule", firewall.State{Backend: firewall.BackendWindows, Rules: []firewall.WinRule{block}}, nil, health.StatusFail, CodeFirewallBlocked, []string{FixFirewall}},
		{"any-program rule", firewall.State{Backend: firewall.BackendWindows, Rules: []firewall.WinRule{{Display: "Block all", Direction: "Outbound", Action: "Block", Program: "Any"}}}, nil, health.StatusWarn, CodeFirewallSuspect, []string{FixFirewall}},
		{"clear", firewall.State{Backend: firewall.BackendWindows}, nil, health.StatusOK, CodeFirewallClear, nil},
		{"unreadable", firewall.State{Backend: firewall.BackendNone, Unreadable: "needs root"}, nil, health.StatusSkipped, CodeFirewallUnread, nil},
		{"reader failed", firewall.State{}, errors.New("PowerShell failed"), health.StatusSkipped, CodeFirewallUnread, nil},
	} {
		var asked []string
		firewallRead = func(_ context.Context, programs []string) (firewall.State, error) {
			asked = programs
			return tc.st, tc.err
		}
		f := run(t, checkFirewall, envWith(t, in, nil))
		expect(t, f, tc.status, tc.code, tc.fixes...)
		if !reflect.DeepEqual(asked, []string{cloud}) {
			t.Errorf("%s: asked about %q, want the cloud component", tc.name, asked)
		}
		if tc.status == health.StatusFail && !reflect.DeepEqual(f.Message.Args["rules"], []string{"阻止 WPS 云"}) {
			t.Errorf("%s: message args %v should name the rule", tc.name, f.Message.Args)
		}
	}
}

// When neither the COM API nor PowerShell could answer on Windows (say
// PowerShell printed nothing), firewall.rules is "unknown", never "does
// not block", and its message says so in both languages.
func TestFirewallWindowsUnknown(t *testing.T) {
	defer func(old func(context.Context, []string) (firewall.State, error)) { firewallRead = old }(firewallRead)
	firewallRead = func(context.Context, []string) (firewall.State, error) {
		return firewall.WindowsState(nil, errors.New("class not registered"), []byte{}, nil), nil
	}
	in := wps.Install{OS: "windows", Found: true, CloudExe: `C:\WPS\office6\wpscloudsvr.exe`}
	f := run(t, checkFirewall, envWith(t, in, nil))
	expect(t, f, health.StatusSkipped, CodeFirewallUnread)
	if f.Message.Key != "local.fw_unknown" {
		t.Errorf("got message %q, want local.fw_unknown", f.Message.Key)
	}
	for lang, want := range map[string]string{"en": "Unknown", "zh-CN": "未知"} {
		if got := i18n.T(lang, f.Message.Key, f.Message.Args); !strings.Contains(got, want) || !strings.Contains(got, "PowerShell printed nothing") {
			t.Errorf("%s: got %q, want it to say %q and why", lang, got, want)
		}
	}
}

// TestFirewallReaderFromTheEnv: a reader the composition root provides
// (one that asks the service when only the system may read the rules)
// replaces the direct read, and a reading by the service is named in the
// evidence.
func TestFirewallReaderFromTheEnv(t *testing.T) {
	defer func(old func(context.Context, []string) (firewall.State, error)) { firewallRead = old }(firewallRead)
	firewallRead = func(context.Context, []string) (firewall.State, error) {
		return firewall.State{OS: "linux", Backend: firewall.BackendNone, Unreadable: "ufw and nft list rules only as root"}, nil
	}
	chains := []firewall.Chain{{Family: "inet", Table: "filter", Name: "output", Policy: "accept", Filters: true, DropsWeb: true}}
	for _, tc := range []struct {
		name    string
		provide bool
		status  health.Status
		code    string
		readBy  any
	}{
		{"no reader provided: the direct read", false, health.StatusSkipped, CodeFirewallUnread, nil},
		{"the provided reader, read by the service", true, health.StatusFail, CodeFirewallBlocked, firewall.ReadByService},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := envWith(t, wps.Install{OS: "linux"}, nil)
			if tc.provide {
				health.Provide(env, func() (firewall.Reader, error) {
					return func(context.Context, []string) (firewall.State, error) {
						return firewall.State{OS: "linux", Backend: firewall.BackendNFT, Chains: chains, ReadBy: firewall.ReadByService}, nil
					}, nil
				})
			}
			f := run(t, checkFirewall, env)
			expect(t, f, tc.status, tc.code)
			if got := f.Evidence["read_by"]; got != tc.readBy {
				t.Fatalf("evidence read_by: got %v, want %v", got, tc.readBy)
			}
		})
	}
}
