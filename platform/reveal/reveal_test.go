package reveal

import (
	"context"
	"errors"
	"slices"
	"testing"

	"wpsdoctor/platform/command"
)

func TestArgv(t *testing.T) {
	cases := []struct {
		name, goos, path string
		want             []string
		err              bool
	}{
		{"windows selects the file", "windows", `C:\Users\李\WPS云盘\项目\setup.exe`, []string{"explorer", `/select,C:\Users\李\WPS云盘\项目\setup.exe`}, false},
		{"windows UNC", "windows", `\\nas\docs\a b.docx`, []string{"explorer", `/select,\\nas\docs\a b.docx`}, false},
		{"macOS reveals in the Finder", "darwin", "/Users/li/WPS云盘/合同:终稿.docx", []string{"open", "-R", "/Users/li/WPS云盘/合同:终稿.docx"}, false},
		{"linux opens the parent", "linux", "/home/li/WPS云盘/项目/setup.exe", []string{"xdg-open", "/home/li/WPS云盘/项目"}, false},
		{"linux folder opens its parent", "linux", "/home/li/WPS云盘/bad:dir/", []string{"xdg-open", "/home/li/WPS云盘"}, false},
		{"relative refused", "linux", "-rf/x", nil, true},
		{"relative on windows refused", "windows", `WPS云盘\x.exe`, nil, true},
		{"drive-relative refused", "windows", `C:x.exe`, nil, true},
		{"newline refused", "darwin", "/Users/li/a\nb", nil, true},
		{"empty refused", "darwin", "", nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Argv(c.goos, c.path)
			if (err != nil) != c.err {
				t.Fatalf("got error %v, want error %v", err, c.err)
			}
			if c.err && !errors.Is(err, ErrNotAbsolute) {
				t.Errorf("got %v, want ErrNotAbsolute", err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestShowRunsArgv: Show runs exactly the argv (no shell), and Explorer's
// exit code 1 counts as shown.
func TestShowRunsArgv(t *testing.T) {
	cases := []struct {
		goos    string
		code    int
		wantErr bool
	}{
		{"windows", 1, false}, {"windows", 2, true}, {"darwin", 0, false}, {"darwin", 1, true}, {"linux", 4, true},
	}
	for _, c := range cases {
		t.Run(c.goos, func(t *testing.T) {
			var ran []string
			restore := command.Replace(func(_ context.Context, cmd command.Cmd) (command.Result, error) {
				ran = cmd.Argv
				return command.Result{ExitCode: c.code}, nil
			})
			defer restore()
			p := "/srv/WPS云盘/a.exe"
			if c.goos == "windows" {
				p = `D:\WPS云盘\a.exe`
			}
			err := show(context.Background(), c.goos, p)
			if (err != nil) != c.wantErr {
				t.Errorf("got error %v, want error %v", err, c.wantErr)
			}
			want, _ := Argv(c.goos, p)
			if !slices.Equal(ran, want) {
				t.Errorf("ran %q, want %q", ran, want)
			}
		})
	}
}
