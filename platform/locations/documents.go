package locations

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"runtime"
	"strings"
)

// DocumentsFor is the user's Documents folder for goos, the default place
// of a support bundle:
//   - Linux and the other Unixes: XDG_DOCUMENTS_DIR from userDirs (the
//     contents of $XDG_CONFIG_HOME/user-dirs.dirs, see UserDirsFile),
//     "$HOME/…" expanded; $HOME when it is not set or not usable;
//   - Windows: knownFolder (FOLDERID_Documents, which follows a folder
//     moved to another drive or to OneDrive), else %USERPROFILE%\Documents;
//   - macOS: ~/Documents.
//
// "" when nothing absolute is known. The folder's existence is not
// checked here (Documents does).
func DocumentsFor(goos string, getenv func(string) string, userDirs []byte, knownFolder string) string {
	home := absOrEmpty(goos, getenv("HOME"))
	switch goos {
	case "windows":
		if d := absOrEmpty(goos, knownFolder); d != "" {
			return d
		}
		if p := absOrEmpty(goos, getenv("USERPROFILE")); p != "" {
			return join(goos, p, "Documents")
		}
		return ""
	case "darwin", "ios":
		if home == "" {
			return ""
		}
		return join(goos, home, "Documents")
	}
	if d := xdgDocuments(userDirs, home); d != "" {
		return d
	}
	return home
}

// UserDirsFile is where xdg-user-dirs keeps the user's folders on goos
// ("" on Windows and macOS, or without a config directory).
func UserDirsFile(goos string, getenv func(string) string) string {
	if goos == "windows" || goos == "darwin" || goos == "ios" {
		return ""
	}
	dir := userConfigDir(goos, getenv)
	if dir == "" {
		return ""
	}
	return join(goos, dir, "user-dirs.dirs")
}

// xdgDocuments reads XDG_DOCUMENTS_DIR from a user-dirs.dirs file: a
// shell-quoted "$HOME/…" or absolute path (the format xdg-user-dirs
// writes); anything else, or the home itself (the folder turned off), is "".
func xdgDocuments(data []byte, home string) string {
	val := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(k) != "XDG_DOCUMENTS_DIR" {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
			return ""
		}
		val = v[1 : len(v)-1]
	}
	if strings.ContainsAny(val, "\\`\"") {
		return "" // escapes and substitutions: not the simple form
	}
	switch {
	case strings.HasPrefix(val, "$HOME/") && home != "":
		val = join("linux", home, strings.TrimPrefix(val, "$HOME/"))
	case val == "$HOME", val == "$HOME/":
		return ""
	}
	if !strings.HasPrefix(val, "/") || val == home || strings.TrimRight(val, "/") == strings.TrimRight(home, "/") {
		return ""
	}
	return join("linux", val)
}

// Documents is this user's Documents folder if it exists: DocumentsFor
// with this computer's environment, user-dirs.dirs and known folder; else
// the home folder; else "".
func Documents() string { return DocumentsWith(os.Getenv) }

// DocumentsWith is Documents with the environment read through getenv
// (the CLI's, which its tests set).
func DocumentsWith(getenv func(string) string) string {
	var userDirs []byte
	if f := UserDirsFile(runtime.GOOS, getenv); f != "" {
		userDirs, _ = readSmall(f)
	}
	if d := DocumentsFor(runtime.GOOS, getenv, userDirs, knownDocuments()); isDir(d) {
		return d
	}
	home := getenv("HOME")
	if runtime.GOOS == "windows" {
		home = getenv("USERPROFILE")
	}
	if isAbs(runtime.GOOS, home) && isDir(home) {
		return home
	}
	return ""
}

func isDir(p string) bool {
	if p == "" {
		return false
	}
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// readSmall reads a configuration file of at most 64 KiB.
func readSmall(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 64<<10))
}
