package wps

import "strings"

// syncDBNames are the SQLite files in filecache/.<uid>/ (macOS schema,
// wps-facts §4.2 and §6; assumed identical on Windows and Linux).
// syncassistant.db comes first: it holds the per-file sync errors.
var syncDBNames = []string{"syncassistant.db", "precloudfile.db", "cache.db", "transferhelper.db"}

// syncState finds the sync databases under a cloud file cache and the paths
// there that may hold unsynced work. The whole filecache is never cleared:
// it holds local copies not yet uploaded, the pending-upload queues
// (pre_cloudfile, cachedata) and the databases that say what is pending.
func syncState(fsys FS, join func(...string) string, filecache string) (dbs, never []string) {
	never = append(never, filecache)
	for _, name := range subdirs(fsys, filecache) {
		if !strings.HasPrefix(name, ".") || name == "." || name == ".." {
			continue
		}
		uid := join(filecache, name)
		never = append(never, join(uid, "pre_cloudfile"), join(uid, "cachedata"))
		for _, db := range syncDBNames {
			p := join(uid, db)
			never = append(never, p, p+"-wal", p+"-journal")
			if isFile(fsys, p) {
				dbs = append(dbs, p)
			}
		}
	}
	return dbs, never
}
