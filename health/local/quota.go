package local

import (
	"cmp"
	"context"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"wpsdoctor/catalog"
	"wpsdoctor/health"
)

// checkQuota: the cloud space. Failed uploads the client put down to a
// full cloud space are a warning with the storage page of the user's
// family; otherwise the local sync folder's total is set against the free
// plan (info: the cloud also counts the recycle bin and old versions,
// which only the web page shows).
func checkQuota(ctx context.Context, env *health.Env) health.Finding {
	in, ferr := installOrError(env)
	if ferr != nil {
		return *ferr
	}
	a := &env.Catalog.Account
	fam := accountFamily(env, in)
	url := familyLink(env.Catalog, fam, storageURL)
	quota := a.FreeQuotaBytes
	if c := classifyRows(a, readSyncRows(ctx, in))[catalog.SyncQuota]; c != nil {
		return health.Warn(CodeQuotaFull, health.Msg("account.quota_full", "count", c.Count, "quota", humanBytes(quota), "url", url)).
			With("failed_uploads", c.Count).With("storage_url", url).With("family", string(fam))
	}
	if in.SyncRoot == "" {
		return health.Info(CodeQuotaNoRoot, health.Msg("account.quota_no_root", "url", url)).With("storage_url", url)
	}
	total, largest, err := folderUsage(ctx, in.SyncRoot)
	if ctx.Err() != nil {
		return health.Errorf(CodeAccountTimedOut, health.Msg("runner.cancelled")).With("path", in.SyncRoot)
	}
	if err != nil {
		return health.Info(CodeQuotaNoRoot, health.Msg("account.quota_unreadable", "path", in.SyncRoot, "url", url)).
			With("storage_url", url).With("path", in.SyncRoot)
	}
	pct := 0.0
	if quota > 0 {
		pct = round1(float64(total) * 100 / float64(quota))
	}
	key, code := "account.quota_local", CodeQuotaLocal
	if quota > 0 && pct >= a.QuotaNoticePercent {
		key, code = "account.quota_near", CodeQuotaNear
	}
	return health.Info(code, health.Msg(key, "size", humanBytes(total), "quota", humanBytes(quota), "percent", pct, "url", url)).
		With("path", in.SyncRoot).With("bytes", total).With("free_quota_bytes", quota).With("percent", pct).
		With("largest", largest).With("storage_url", url).With("family", string(fam))
}

// usage is one top-level entry of the sync folder and its size.
type usage struct {
	Path  string `json:"path"`
	Bytes int64  `json:"bytes"`
}

// maxLargest is how many of the biggest top-level entries are named.
const maxLargest = 3

// folderUsage sums the regular files below root (symlinks not followed)
// and names its largest top-level entries.
func folderUsage(ctx context.Context, root string) (int64, []usage, error) {
	var total int64
	byTop := map[string]int64{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			if p == root {
				return err
			}
			return nil // unreadable parts are files.sync's business
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		total += info.Size()
		if rel, err := filepath.Rel(root, p); err == nil {
			top := rel
			if i := strings.IndexRune(rel, filepath.Separator); i >= 0 {
				top = rel[:i]
			}
			byTop[filepath.Join(root, top)] += info.Size()
		}
		return nil
	})
	largest := make([]usage, 0, len(byTop))
	for p, n := range byTop {
		largest = append(largest, usage{p, n})
	}
	slices.SortFunc(largest, func(a, b usage) int {
		if c := cmp.Compare(b.Bytes, a.Bytes); c != 0 {
			return c
		}
		return cmp.Compare(a.Path, b.Path)
	})
	if len(largest) > maxLargest {
		largest = largest[:maxLargest]
	}
	return total, largest, err
}
