package fixes

import "testing"

// Plan text shows each command as the OS's shell takes it back: cmd.exe
// quoting on Windows (the old preview used POSIX single quotes there, which
// cmd.exe passes on literally), POSIX quoting elsewhere.
func TestActionRender(t *testing.T) {
	rule := Action{Kind: KindExec, Argv: []string{"netsh", "advfirewall", "firewall", "add", "rule",
		"name=WPS Sync Doctor - wps.exe (out)", "dir=out", `program=C:\Program Files (x86)\Kingsoft\WPS Office\12.8.2.18913\office6\wps.exe`}}
	cases := []struct {
		name string
		act  Action
		goos string
		want string
	}{
		{"netsh rule, cmd.exe", rule, "windows",
			`netsh advfirewall firewall add rule "name=WPS Sync Doctor - wps.exe (out)" dir=out "program=C:\Program Files (x86)\Kingsoft\WPS Office\12.8.2.18913\office6\wps.exe"`},
		{"netsh rule, POSIX", rule, "linux",
			`netsh advfirewall firewall add rule 'name=WPS Sync Doctor - wps.exe (out)' dir=out 'program=C:\Program Files (x86)\Kingsoft\WPS Office\12.8.2.18913\office6\wps.exe'`},
		{"plain words stay bare", Action{Kind: KindExec, Argv: []string{"w32tm", "/resync", "/force"}}, "windows", `w32tm /resync /force`},
		{"inner quote and trailing backslash", Action{Kind: KindExec, Argv: []string{"x.exe", `say "hi"`, `C:\dir with space\`, ""}}, "windows",
			`x.exe "say \"hi\"" "C:\dir with space\\" ""`},
		{"cmd.exe operators", Action{Kind: KindExec, Argv: []string{"x.exe", "a&b", "c|d", "e^f"}}, "windows", `x.exe "a&b" "c|d" "e^f"`},
		{"Chinese adapter name", Action{Kind: KindExec, Argv: []string{"netsh", "interface", "ipv4", "show", "config", "name=以太网 2"}}, "windows",
			`netsh interface ipv4 show config "name=以太网 2"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.act.Render(c.goos); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}
