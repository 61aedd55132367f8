package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// figureSize: CLI and tray linked with -s -w into a temp folder. -s -w is
// link-only, so the cached Fyne cgo objects are reused (never -trimpath:
// it would rebuild them). The reference is the unstripped `make build`
// binary when it exists.
func figureSize(ctx context.Context, cfg config) error {
	tmp, err := os.MkdirTemp("", "wsdbench-size-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, b := range []struct{ name, pkg string }{
		{"wpsdoctor", "./cmd/wpsdoctor"},
		{"wpsdoctor-tray", "./cmd/wpsdoctor-tray"},
	} {
		out := filepath.Join(tmp, b.name)
		build := exec.CommandContext(ctx, "go", "build", "-ldflags", "-s -w -X main.version=bench", "-o", out, b.pkg)
		if msg, err := build.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v: %s", b.pkg, err, msg)
		}
		st, err := os.Stat(out)
		if err != nil {
			return err
		}
		ref := "no unstripped build in " + cfg.binDir
		if full, err := os.Stat(filepath.Join(cfg.binDir, b.name)); err == nil {
			ref = fmt.Sprintf("%.2fx the unstripped %s/%s %.1f MiB", float64(st.Size())/float64(full.Size()), cfg.binDir, b.name, mib(full.Size()))
		}
		line("size_"+sizeName(b.name), mib(st.Size()), "MiB", "stripped -s -w; "+ref)
	}
	return nil
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }

func sizeName(bin string) string {
	if bin == "wpsdoctor" {
		return "cli"
	}
	return "tray"
}
