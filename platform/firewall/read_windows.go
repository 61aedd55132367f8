package firewall

import (
	"context"
	"errors"
	"fmt"
	"runtime"

	ole "github.com/go-ole/go-ole"
	"github.com/go-ole/go-ole/oleutil"
	"golang.org/x/sys/windows/registry"
)

// policyRules returns the rule strings group policy wrote (none when the
// key is absent, as on a computer outside a domain).
func policyRules() []string {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, WinPolicyRulesKey, registry.QUERY_VALUE)
	if err != nil {
		return nil
	}
	defer k.Close()
	names, err := k.ReadValueNames(-1)
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range names {
		if s, _, err := k.GetStringValue(n); err == nil {
			out = append(out, s)
		}
	}
	return out
}

// read asks the firewall's COM API (HNetCfg.FwPolicy2: Windows Vista to 11,
// no administrator rights needed, no localized text to parse); only when it
// cannot answer does it fall back to PowerShell (Windows 8 and later). What
// either says is interpreted by WindowsState, tested on every OS.
func read(ctx context.Context, _ []string) (State, error) {
	com, comErr := readCOM()
	if comErr == nil {
		com.PolicyRules = policyRules()
		return WindowsState(&com, nil, nil, nil), nil
	}
	out, ok := output(ctx, WindowsReadArgv()...)
	var psErr error
	if !ok {
		psErr = errors.New("powershell.exe missing or failed")
	}
	return WindowsState(nil, comErr, out, psErr), nil
}

// netFwProfiles are the NET_FW_PROFILE2 bits.
var netFwProfiles = []int{1, 2, 4}

// readCOM reads INetFwPolicy2 through IDispatch on a thread of its own
// (COM's apartment belongs to the OS thread).
func readCOM() (f WinCOMFacts, err error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := ole.CoInitializeEx(0, ole.COINIT_APARTMENTTHREADED); err != nil {
		var oe *ole.OleError
		// S_FALSE (1): already initialised on this thread; still paired.
		if !errors.As(err, &oe) || oe.Code() != 1 {
			return f, comError("CoInitializeEx", err)
		}
	}
	defer ole.CoUninitialize()
	defer func() {
		if r := recover(); r != nil { // a broken COM server must not take the check down
			err = fmt.Errorf("COM: %v", r)
		}
	}()

	unk, err := oleutil.CreateObject("HNetCfg.FwPolicy2")
	if err != nil {
		return f, comError("HNetCfg.FwPolicy2", err)
	}
	defer unk.Release()
	pol, err := unk.QueryInterface(ole.IID_IDispatch)
	if err != nil {
		return f, comError("INetFwPolicy2", err)
	}
	defer pol.Release()

	v, err := oleutil.GetProperty(pol, "CurrentProfileTypes")
	if err != nil {
		return f, comError("CurrentProfileTypes", err)
	}
	f.CurrentProfiles = int(v.Val)
	v.Clear()
	for _, p := range netFwProfiles {
		v, err := oleutil.GetProperty(pol, "FirewallEnabled", p)
		if err != nil {
			return f, comError(fmt.Sprintf("FirewallEnabled(%d)", p), err)
		}
		if on, _ := v.Value().(bool); on {
			f.EnabledProfiles |= p
		}
		v.Clear()
	}
	rv, err := oleutil.GetProperty(pol, "Rules")
	if err != nil {
		return f, comError("Rules", err)
	}
	rules := rv.ToIDispatch()
	if rules == nil {
		rv.Clear()
		return f, errors.New("Rules: not an object")
	}
	defer rv.Clear()
	err = oleutil.ForEach(rules, func(item *ole.VARIANT) error {
		defer item.Clear() // ForEach hands over each rule's reference
		r := item.ToIDispatch()
		if r == nil {
			return nil
		}
		var rule WinCOMRule
		rule.Name = propString(r, "Name")
		rule.Application = propString(r, "ApplicationName")
		rule.Grouping = propString(r, "Grouping")
		rule.Direction = propInt(r, "Direction")
		rule.Action = propInt(r, "Action")
		rule.Profiles = propInt(r, "Profiles")
		if v, err := oleutil.GetProperty(r, "Enabled"); err == nil {
			rule.Enabled, _ = v.Value().(bool)
			v.Clear()
		}
		f.Rules = append(f.Rules, rule)
		return nil
	})
	if err != nil {
		return f, comError("enumerating the rules", err)
	}
	return f, nil
}

func propString(d *ole.IDispatch, name string) string {
	v, err := oleutil.GetProperty(d, name)
	if err != nil {
		return ""
	}
	defer v.Clear()
	s, _ := v.Value().(string)
	return s
}

func propInt(d *ole.IDispatch, name string) int {
	v, err := oleutil.GetProperty(d, name)
	if err != nil {
		return -1
	}
	defer v.Clear()
	return int(v.Val)
}

// comError names the COM call and its HRESULT; go-ole's own text asks
// FormatMessage, which has no text for most DISP_E codes.
func comError(what string, err error) error {
	var oe *ole.OleError
	if errors.As(err, &oe) {
		return fmt.Errorf("%s: HRESULT 0x%08X", what, uint32(oe.Code()))
	}
	return fmt.Errorf("%s: %w", what, err)
}
