package locations

import "testing"

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFor(t *testing.T) {
	tests := []struct {
		name string
		goos string
		env  map[string]string
		want Locations
	}{
		{"linux defaults", "linux", map[string]string{"HOME": "/home/ana"},
			Locations{State: "/home/ana/.config/wpsdoctor", Config: "/home/ana/.config/wpsdoctor", Instance: "/home/ana/.cache/wpsdoctor"}},
		{"linux XDG", "linux", map[string]string{"HOME": "/home/ana", "XDG_STATE_HOME": "/s", "XDG_CONFIG_HOME": "/c", "XDG_RUNTIME_DIR": "/run/user/1000", "XDG_CACHE_HOME": "/k"},
			Locations{State: "/s/wpsdoctor", Config: "/c/wpsdoctor", Instance: "/run/user/1000/wpsdoctor"}},
		{"relative XDG ignored", "linux", map[string]string{"HOME": "/home/ana", "XDG_STATE_HOME": "s", "XDG_CONFIG_HOME": "c"},
			Locations{State: "/home/ana/.config/wpsdoctor", Config: "/home/ana/.config/wpsdoctor", Instance: "/home/ana/.cache/wpsdoctor"}},
		{"WSD overrides", "linux", map[string]string{"HOME": "/home/ana", "WSD_STATE_DIR": "/t/state", "WSD_CONFIG_DIR": "/t/conf", "WSD_INSTANCE_DIR": "/t/inst", "XDG_STATE_HOME": "/s"},
			Locations{State: "/t/state", Config: "/t/conf", Instance: "/t/inst"}},
		{"legacy state override", "linux", map[string]string{"HOME": "/h", "WPSDOCTOR_STATE_DIR": "/old"},
			Locations{State: "/old", Config: "/h/.config/wpsdoctor", Instance: "/h/.cache/wpsdoctor"}},
		{"WSD wins over legacy", "linux", map[string]string{"HOME": "/h", "WPSDOCTOR_STATE_DIR": "/old", "WSD_STATE_DIR": "/new"},
			Locations{State: "/new", Config: "/h/.config/wpsdoctor", Instance: "/h/.cache/wpsdoctor"}},
		{"windows", "windows", map[string]string{"AppData": `C:\Users\王\AppData\Roaming`, "LocalAppData": `C:\Users\王\AppData\Local`, "XDG_STATE_HOME": "/ignored", "XDG_RUNTIME_DIR": "/ignored"},
			Locations{State: `C:\Users\王\AppData\Roaming\wpsdoctor`, Config: `C:\Users\王\AppData\Roaming\wpsdoctor`, Instance: `C:\Users\王\AppData\Local\wpsdoctor`}},
		{"windows override", "windows", map[string]string{"AppData": `C:\A`, "LocalAppData": `C:\L`, "WSD_STATE_DIR": `D:\portable\state`},
			Locations{State: `D:\portable\state`, Config: `C:\A\wpsdoctor`, Instance: `C:\L\wpsdoctor`}},
		{"macOS", "darwin", map[string]string{"HOME": "/Users/li", "XDG_RUNTIME_DIR": "/ignored"},
			Locations{State: "/Users/li/Library/Application Support/wpsdoctor", Config: "/Users/li/Library/Application Support/wpsdoctor", Instance: "/Users/li/Library/Caches/wpsdoctor"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := For(tt.goos, env(tt.env))
			if err != nil {
				t.Fatalf("For: %v", err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestForWithoutHome(t *testing.T) {
	if _, err := For("linux", env(nil)); err != ErrNoHome {
		t.Errorf("got %v, want ErrNoHome", err)
	}
	l, err := For("linux", env(map[string]string{"WSD_STATE_DIR": "/x"}))
	if err != nil || l.State != "/x" {
		t.Errorf("got %+v, %v; want state /x and no error", l, err)
	}
}

func TestFiles(t *testing.T) {
	l := Locations{State: "/s", Config: "/c"}
	for _, tt := range []struct{ got, want string }{
		{l.Journal(), "/s/journal.jsonl"},
		{l.Quarantine(), "/s/quarantine"},
		{l.Settings(), "/s/settings.json"},
		{l.LastReport(), "/s/last-report.json"},
		{l.Catalogue(), "/c/endpoints.toml"},
		{Locations{}.Catalogue(), ""},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
