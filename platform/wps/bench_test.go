package wps

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func BenchmarkDiscoverWindowsFixture(b *testing.B) {
	dir := filepath.Join("testdata", "windows", "mainland11")
	reg, err := LoadRegistryFixture(filepath.Join(dir, "registry.json"))
	if err != nil {
		b.Fatal(err)
	}
	fsys := FixtureFS{Root: dir}
	for b.Loop() {
		DiscoverWindows(fsys, reg, winEnv())
	}
}

func BenchmarkDiscoverLinuxFixture(b *testing.B) {
	fsys := FixtureFS{Root: filepath.Join("testdata", "linux", "cn-deb")}
	data, _ := fsys.ReadFile("/var/lib/dpkg/status")
	pkgs, _ := ParseDpkgStatus(strings.NewReader(string(data)))
	for b.Loop() {
		DiscoverLinux(fsys, "/home/u", pkgs)
	}
}

// A sync DB with 5,000 rows, one in ten failed (written by the sqlite3
// shell; skipped without it).
func BenchmarkReadSyncErrors5k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "syncassistant.db")
	var sb strings.Builder
	sb.WriteString("INSERT INTO sync_assistant_table (status, fileName, localPath, cloudPath, errorCode, errorMsg) VALUES ")
	for i := 0; i < 5000; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		code := 0
		if i%10 == 0 {
			code = 41007
		}
		fmt.Fprintf(&sb, "(2, 'f%d.docx', '/l/f%d.docx', '/c/f%d.docx', %d, '')", i, i, i, code)
	}
	createDB(b, path, syncSchema, sb.String())
	b.ResetTimer()
	for b.Loop() {
		errs, err := ReadSyncErrors(context.Background(), path, 100)
		if err != nil || len(errs) != 100 {
			b.Fatal(len(errs), err)
		}
	}
}
