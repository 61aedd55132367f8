package wps

// Problem keys put in Install.Problems. Checks turn them into findings; the
// keys are stable and double as i18n message keys.
const (
	// The registry (Windows) or the app bundle (macOS) names an install
	// folder or program that does not exist: a broken or half-removed install.
	ProblemRootMissing = "wps.problem.root_missing"
	// The app bundle exists but its Info.plist cannot be read.
	ProblemBundleUnreadable = "wps.problem.bundle_unreadable"
	// The main program named by the install is missing.
	ProblemMainExeMissing = "wps.problem.main_exe_missing"
	// The cloud component (wpscloudsvr) is absent from a build that should
	// have it: sign-in and sync cannot work. Edition becomes unofficial.
	ProblemCloudMissing = "wps.problem.cloud_missing"
	// The qing / kusercenter addons (cloud documents, account centre) are
	// absent: a debloated or repackaged build. Edition becomes unofficial.
	ProblemCloudAddonsMissing = "wps.problem.cloud_addons_missing"
	// Linux: office6/wpscloudsvr lacks the executable bit, which leaves the
	// sign-in button dead (gentoo-zh/overlay#1239). Fix: chmod +x.
	ProblemCloudNotExecutable = "wps.problem.cloud_not_executable"
	// The configured local sync folder does not exist.
	ProblemSyncRootMissing = "wps.problem.sync_root_missing"
	// The version could not be determined.
	ProblemVersionUnknown = "wps.problem.version_unknown"
)

// notFound finishes an Install for which no program was found. Only
// ProblemRootMissing is kept: it makes "not installed" a "broken install",
// while leftovers such as a stale sync-folder setting would only mislead.
func notFound(in Install) Install {
	in.Found = false
	var keep []string
	for _, p := range in.Problems {
		if p == ProblemRootMissing {
			keep = append(keep, p)
		}
	}
	in.Problems = keep
	return in
}
