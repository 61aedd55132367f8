package autostart

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var entry = Entry{ID: "io.github.wpssyncdoctor", Name: "WPS Sync Doctor", Comment: "WPS sync health",
	Exec: []string{`/opt/WPS Sync Doctor/wpsdoctor-tray`, "--endpoints", `/home/u/my "odd" $dir/e.toml`}}

func TestWindowsCommandRoundTrips(t *testing.T) {
	cases := map[string][]string{
		`"C:\Program Files\WPS Sync Doctor\wpsdoctor-tray.exe" --tray`: {`C:\Program Files\WPS Sync Doctor\wpsdoctor-tray.exe`, "--tray"},
		`C:\x.exe "a \"b\"" "c d\\"`:                                   {`C:\x.exe`, `a "b"`, `c d\`},
		`x.exe ""`:                                                     {"x.exe", ""},
	}
	for want, argv := range cases {
		if got := WindowsCommand(argv); got != want {
			t.Errorf("WindowsCommand(%q) = %s, want %s", argv, got, want)
		}
	}
}

func TestApprovedDisabled(t *testing.T) {
	for _, c := range []struct {
		v    []byte
		want bool
	}{{nil, false}, {[]byte{2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, false}, {[]byte{6, 0}, false},
		{[]byte{3, 0, 0, 0, 0x80, 0x1b, 0x2c, 0x6d, 0x9a, 0x57, 0xda, 0x01}, true}, {[]byte{7}, true}} {
		if got := ApprovedDisabled(c.v); got != c.want {
			t.Errorf("ApprovedDisabled(% x) = %v", c.v, got)
		}
	}
}

func TestLaunchAgentPlist(t *testing.T) {
	data, err := LaunchAgentPlist(entry)
	if err != nil {
		t.Fatal(err)
	}
	// well-formed XML, and the argv survives escaping element by element
	dec := xml.NewDecoder(strings.NewReader(string(data)))
	var strs []string
	inArray := false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if x.Name.Local == "array" {
				inArray = true
			}
			if x.Name.Local == "string" && inArray {
				var s string
				if err := dec.DecodeElement(&s, &x); err != nil {
					t.Fatal(err)
				}
				strs = append(strs, s)
			}
		case xml.EndElement:
			if x.Name.Local == "array" {
				inArray = false
			}
		}
	}
	if strings.Join(strs, "|") != strings.Join(entry.Exec, "|") {
		t.Fatalf("ProgramArguments %q", strs)
	}
	for _, want := range []string{"<key>RunAtLoad</key>\n\t<true/>", "<key>KeepAlive</key>\n\t<false/>", "<string>Aqua</string>", "<string>io.github.wpssyncdoctor</string>"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("plist lacks %q:\n%s", want, data)
		}
	}
}

func TestDesktopFile(t *testing.T) {
	data, err := DesktopFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	wantExec := `Exec="/opt/WPS Sync Doctor/wpsdoctor-tray" --endpoints "/home/u/my \"odd\" \$dir/e.toml"`
	if !strings.Contains(s, wantExec+"\n") || !strings.HasPrefix(s, "[Desktop Entry]\nType=Application\n") || !strings.Contains(s, "X-GNOME-Autostart-enabled=true") {
		t.Fatalf("desktop file:\n%s", s)
	}
	if got := DesktopExec([]string{`C:\odd`, "100%"}); got != `"C:\\\\odd" 100%%` {
		t.Errorf("backslash/percent escaping: %s", got)
	}
	if _, err := DesktopFile(Entry{ID: "x", Name: "a\nExec=evil", Exec: []string{"x"}}); err == nil {
		t.Error("line break in Name accepted")
	}
	if DesktopHidden(data) || !DesktopHidden([]byte("[Desktop Entry]\nHidden=true\n")) || !DesktopHidden([]byte("X-GNOME-Autostart-enabled=false")) {
		t.Error("DesktopHidden")
	}
	for _, bad := range []Entry{{ID: "", Exec: []string{"x"}}, {ID: "../x", Exec: []string{"x"}}, {ID: "ok"}} {
		if _, err := DesktopFile(bad); err == nil {
			t.Errorf("bad entry %+v accepted", bad)
		}
	}
}

func TestEnableGetDisableHere(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("writes the real user registry / LaunchAgents")
	}
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	if st, err := Get(entry); err != nil || st.Registered {
		t.Fatalf("before: %+v %v", st, err)
	}
	if err := Enable(entry); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "autostart", entry.ID+".desktop")
	if st, err := Get(entry); err != nil || !st.Enabled() {
		t.Fatalf("after enable: %+v %v", st, err)
	}
	// the user hides it with their desktop's tool: we report, not override
	os.WriteFile(p, []byte("[Desktop Entry]\nType=Application\nExec=x\nHidden=true\n"), 0o644)
	if st, _ := Get(entry); !st.Registered || !st.DisabledByUser || st.Enabled() {
		t.Fatalf("hidden: %+v", st)
	}
	if err := Disable(entry); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Fatal("file left behind")
	}
	if err := Disable(entry); err != nil {
		t.Fatal("disabling twice must be fine:", err)
	}
}
