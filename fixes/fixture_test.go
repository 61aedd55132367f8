package fixes

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// writeTree creates files (content = their own name) under root; a value
// starting with "->" makes a symlink.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	mt := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for rel, content := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(content, "->") {
			if err := os.Symlink(strings.TrimPrefix(content, "->"), p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if content == "" {
			content = "content of " + rel
		}
		if err := os.WriteFile(p, []byte(content), 0o640); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
}

// snapshot describes every entry under root: type, mode, size, hash,
// mtime of files, link targets.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			l, _ := os.Readlink(p)
			out[rel] = "link " + l
		case fi.IsDir():
			out[rel] = fmt.Sprintf("dir %v", fi.Mode().Perm())
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h := sha256.Sum256(b)
			out[rel] = fmt.Sprintf("file %v %d %s %s", fi.Mode().Perm(), fi.Size(), hex.EncodeToString(h[:]), fi.ModTime().UTC().Format(time.RFC3339Nano))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func diffSnapshots(a, b map[string]string) string {
	var d []string
	for k, v := range a {
		if b[k] != v {
			d = append(d, fmt.Sprintf("%s: %q -> %q", k, v, b[k]))
		}
	}
	for k, v := range b {
		if _, ok := a[k]; !ok {
			d = append(d, fmt.Sprintf("%s: new %q", k, v))
		}
	}
	sort.Strings(d)
	return strings.Join(d, "\n")
}

// linuxTree is a WPS user tree: caches and logs to clear, and everything
// the never-delete rules protect, some of it inside cache folders.
var linuxTree = map[string]string{
	".local/share/Kingsoft/office6/log/main.log":                                              "",
	".local/share/Kingsoft/office6/log/tokenTable.ini":                                        "",
	".local/share/Kingsoft/offlinelog/a.log":                                                  "",
	".kingsoft/wps/addons/pool/pkg.zip":                                                       "",
	".kingsoft/wps/addons/pool/account/token.dat":                                             "",
	".kingsoft/wps/addons/pool/docs":                                                          "->../../../../Documents",
	".local/share/Kingsoft/wps/addons/data/linux/cef/cache/data_0":                            "",
	".local/share/Kingsoft/wps/addons/data/linux/cef/cache/docs":                              "->../../../../../../../../Documents",
	".local/share/Kingsoft/wps/addons/data/linux/cef/default/Cache/f1":                        "",
	".local/share/Kingsoft/wps/addons/data/linux/cef/default/Code Cache/js/x":                 "",
	".kingsoft/office6/kccsdkbak/k.bak":                                                       "",
	".local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.123/syncassistant.db":     "",
	".local/share/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.123/pre_cloudfile/x.docx": "",
	".local/share/Kingsoft/office6/data/backup/doc.bak":                                       "",
	".config/Kingsoft/Office.conf":                                                            "[6.0]\ncommon\\AcceptedEULA=true\n",
	".config/Kingsoft/WPSCloud.conf":                                                          "[General]\nlocalsyncfolder=~/WPSDrive\n",
	"WPSDrive/report.docx":                                                                    "",
	"Documents/plan.xlsx":                                                                     "",
}

var windowsTree = map[string]string{
	"C/Users/u/AppData/Roaming/kingsoft/office6/log/wps.log":                                               "",
	"C/Users/u/AppData/Roaming/kingsoft/wps/addons/pool/win-i386/a.7z":                                     "",
	"C/Users/u/AppData/Roaming/kingsoft/wps/addons/data/win-i386/cef/cache/c":                              "",
	"C/Users/u/AppData/Roaming/kingsoft/PDF/Cache/p":                                                       "",
	"C/Users/u/AppData/Roaming/kingsoft/office6/backup/x.et":                                               "",
	"C/Users/u/AppData/Roaming/kingsoft/kaccountsdk/tokenTable.ini":                                        "",
	"C/Users/u/AppData/Local/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.3172735/syncassistant.db":   "",
	"C/Users/u/AppData/Local/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.3172735/cachedata/g/a.xlsx": "",
	"C/Users/u/AppData/Local/Kingsoft/WPS Cloud Files/userdata/qing/config.ini":                            "[General]\nautologin=1\n",
	"C/Users/u/WPSDrive/1054253139/WPS云盘/a.docx":                                                           "",
}

var windowsEnv = map[string]string{
	"USERPROFILE": `C:\Users\u`, "LOCALAPPDATA": `C:\Users\u\AppData\Local`,
	"APPDATA": `C:\Users\u\AppData\Roaming`, "TEMP": `C:\Users\u\AppData\Local\Temp`,
}

const macData = "Users/u/Library/Containers/com.kingsoft.wpsoffice.mac/Data/"

var macTree = map[string]string{
	macData + "Library/Application Support/Kingsoft/office6/log/l.klogz":                                                 "",
	macData + ".kingsoft/wps/addons/pool/p.zip":                                                                          "",
	macData + ".kingsoft/wps/addons/pool/tokenTable.ini":                                                                 "",
	macData + ".kingsoft/wps/addons/data/mac/cef/cache/c":                                                                "",
	macData + "Library/Application Support/Kingsoft/WPS Cloud Files/userdata/qing/filecache/.212320004/syncassistant.db": "",
	macData + "Library/Application Support/Kingsoft/office6/OfficeSpace/batchuploadcache/b":                              "",
	macData + "Library/Preferences/com.kingsoft.Office.plist":                                                            "",
	"Users/u/Library/Caches/com.kingsoft.wpsoffice.mac/x":                                                                "",
}
