package local

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"wpsdoctor/health"
	"wpsdoctor/platform/disk"
)

// Storage codes.
const (
	CodeDiskOK        = "WSD-STO-001" // enough free space on the sync volume
	CodeDiskLow       = "WSD-STO-002" // less free space than the minimum: downloads fail
	CodeDiskNearlyFul = "WSD-STO-003" // volume above the used-percent limit
	CodeDiskUnknown   = "WSD-STO-004" // could not stat the volume
	CodeCacheOK       = "WSD-STO-010" // cache size fine
	CodeCacheLarge    = "WSD-STO-011" // cache above the warning size
	CodeCacheNone     = "WSD-STO-012" // no cache folder found
	CodePermOK        = "WSD-STO-020" // config, cache and sync folders writable
	CodePermDenied    = "WSD-STO-021" // a folder WPS must write is not writable
	CodePermNone      = "WSD-STO-022" // no folder to test
)

// diskStat is replaced in tests.
var diskStat = disk.Stat

func checkDisk(_ context.Context, env *health.Env) health.Finding {
	path, what := "", ""
	if in, err := install(env); err == nil && in.SyncRoot != "" {
		path, what = existingAncestor(in.SyncRoot), "sync_root"
	}
	if path == "" && env.Home != "" {
		path, what = env.Home, "home"
	}
	if path == "" {
		path, what = os.TempDir(), "temp"
	}
	u, err := diskStat(path)
	if err != nil {
		return health.Errorf(CodeDiskUnknown, health.Msg("local.disk_unknown", "path", path, "error", err.Error())).With("path", path)
	}
	t := env.Catalog.Thresholds
	f := health.OK(CodeDiskOK, health.Msg("local.disk_ok", "free", humanBytes(int64(u.Avail)), "path", path))
	switch {
	case int64(u.Avail) < t.DiskMinFreeBytes:
		f = health.Fail(CodeDiskLow, health.Msg("local.disk_low", "free", humanBytes(int64(u.Avail)), "min", humanBytes(t.DiskMinFreeBytes), "path", path))
	case u.UsedPercent() >= t.DiskMaxUsedPercent:
		f = health.Warn(CodeDiskNearlyFul, health.Msg("local.disk_nearly_full", "percent", round1(u.UsedPercent()), "path", path))
	}
	return f.With("path", path).With("measured_on", what).With("total_bytes", u.Total).
		With("avail_bytes", u.Avail).With("used_percent", round1(u.UsedPercent()))
}

// existingAncestor returns p or its nearest existing parent, so a sync root
// that was deleted still tells us which volume it was on.
func existingAncestor(p string) string {
	for {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(p)
		if parent == p {
			return ""
		}
		p = parent
	}
}

func checkCache(ctx context.Context, env *health.Env) health.Finding {
	in, ferr := installOrError(env)
	if ferr != nil {
		return *ferr
	}
	var total int64
	var measured []string
	for _, dir := range in.CacheDirs {
		n, err := dirSize(ctx, dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if ctx.Err() != nil {
			return health.Errorf(CodeTimeoutLocal, health.Msg("runner.cancelled"))
		}
		total += n
		measured = append(measured, dir)
	}
	if len(measured) == 0 {
		return health.Info(CodeCacheNone, health.Msg("local.cache_none"))
	}
	limit := env.Catalog.Thresholds.CacheWarnBytes
	if limit > 0 && total > limit {
		return health.Warn(CodeCacheLarge, health.Msg("local.cache_large", "size", humanBytes(total), "limit", humanBytes(limit))).
			With("bytes", total).With("dirs", measured).Suggest(FixCacheClear)
	}
	return health.OK(CodeCacheOK, health.Msg("local.cache_ok", "size", humanBytes(total))).With("bytes", total).With("dirs", measured)
}

// CodeTimeoutLocal is used when a local scan is cut short by the deadline.
const CodeTimeoutLocal = "WSD-STO-030"

// dirSize sums regular file sizes below dir without following symlinks.
func dirSize(ctx context.Context, dir string) (int64, error) {
	if _, err := os.Lstat(dir); err != nil {
		return 0, err
	}
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable parts are perm.folders' business
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				total += info.Size()
			}
		}
		return nil
	})
	return total, err
}

func checkPerms(_ context.Context, env *health.Env) health.Finding {
	in, ferr := installOrError(env)
	if ferr != nil {
		return *ferr
	}
	var dirs []string
	dirs = append(dirs, in.ConfigDirs...)
	dirs = append(dirs, in.CacheDirs...)
	if in.SyncRoot != "" {
		dirs = append(dirs, in.SyncRoot)
	}
	var tested []string
	denied := map[string]string{}
	for _, d := range dirs {
		info, err := os.Stat(d)
		if errors.Is(err, fs.ErrNotExist) {
			continue // created by WPS on first use
		}
		if err == nil && !info.IsDir() {
			denied[d] = "not a directory"
			continue
		}
		tested = append(tested, d)
		if err := probeWrite(d); err != nil {
			denied[d] = err.Error()
		}
	}
	if len(denied) > 0 {
		var first string
		for _, d := range dirs {
			if _, ok := denied[d]; ok {
				first = d
				break
			}
		}
		return health.Fail(CodePermDenied, health.Msg("local.perm_denied", "path", first, "count", len(denied))).
			With("denied", denied).With("tested", tested)
	}
	if len(tested) == 0 {
		return health.Info(CodePermNone, health.Msg("local.perm_none"))
	}
	return health.OK(CodePermOK, health.Msg("local.perm_ok", "count", len(tested))).With("tested", tested)
}

// probeWrite creates and removes a uniquely named file: the only honest
// test of write permission (ACLs, read-only mounts, sandboxing).
func probeWrite(dir string) error {
	var b [6]byte
	_, _ = rand.Read(b[:])
	p := filepath.Join(dir, ".wpsdoctor-probe-"+hex.EncodeToString(b[:]))
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	if _, err := os.ReadDir(dir); err != nil {
		os.Remove(p)
		return err
	}
	return os.Remove(p)
}
