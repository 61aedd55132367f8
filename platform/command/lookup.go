package command

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Programs are taken from fixed system directories, never looked up
// through the inherited PATH: the privileged helper runs as root (or the
// CLI already elevated), and PATH=/tmp/evil:$PATH must not choose what it
// runs. This is the pure half, tested on every OS; path_<os>.go applies it
// with the real stat and system directory.

// ToolDirs are the directories, in search order, programs are taken from
// on a Unix-like goos.
func ToolDirs(goos string) []string {
	dirs := []string{"/usr/sbin", "/usr/bin", "/sbin", "/bin"}
	if goos == "darwin" {
		dirs = append(dirs, "/usr/libexec/ApplicationFirewall")
	}
	return dirs
}

// StatFunc is os.Stat in production, a fake in tests.
type StatFunc func(name string) (fs.FileInfo, error)

// LookupTool returns the absolute path of name from ToolDirs(goos): the
// first regular, executable file of that name. An absolute name is taken
// as is only when it lies directly in one of those directories; any other
// name with a slash is refused.
func LookupTool(goos, name string, stat StatFunc) (string, error) {
	dirs := ToolDirs(goos)
	executable := func(p string) bool {
		fi, err := stat(p)
		return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
	}
	if strings.Contains(name, "/") {
		if path.IsAbs(name) && path.Clean(name) == name && slices.Contains(dirs, path.Dir(name)) && executable(name) {
			return name, nil
		}
		return "", fmt.Errorf("%q is not a program in %s", name, strings.Join(dirs, ", "))
	}
	if name == "" || name == "." || name == ".." {
		return "", fmt.Errorf("%q is not a program name", name)
	}
	for _, d := range dirs {
		if p := d + "/" + name; executable(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: not found in %s", name, strings.Join(dirs, ", "))
}

// windowsTools are the only programs the product runs on Windows, each
// from the system directory (System32), never from PATH or the working
// directory.
var windowsTools = map[string]string{
	"netsh": `netsh.exe`, "ipconfig": `ipconfig.exe`, "w32tm": `w32tm.exe`, "net": `net.exe`,
	"taskkill": `taskkill.exe`, "rundll32": `rundll32.exe`,
	"powershell": `WindowsPowerShell\v1.0\powershell.exe`,
	// Explorer lives in the Windows folder, the system directory's parent.
	"explorer": `..\explorer.exe`,
}

// WindowsToolPath returns the full path of a system tool given the system
// directory (GetSystemDirectory, e.g. C:\Windows\System32); other names
// are refused.
func WindowsToolPath(system32, name string) (string, error) {
	base := strings.TrimSuffix(strings.ToLower(name), ".exe")
	rel, ok := windowsTools[base]
	if !ok || system32 == "" {
		return "", fmt.Errorf("%q is not a Windows system tool the product runs", name)
	}
	return strings.TrimRight(system32, `\`) + `\` + rel, nil
}
