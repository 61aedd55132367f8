// Package local holds the checks that look only at this computer: the WPS
// installation, its cloud component, storage, permissions and the files in
// the local sync folder. They need no network.
package local

import (
	"context"
	"runtime"

	"wpsdoctor/health"
	"wpsdoctor/i18n"
	"wpsdoctor/platform/sysinfo"
	"wpsdoctor/platform/wps"
)

// install is the WPS installation the composition root provides (found
// once per run, however many checks ask).
func install(env *health.Env) (wps.Install, error) { return health.Fact[wps.Install](env) }

// Finding codes of the local checks. They are part of the public report
// format: never reuse or renumber one.
const (
	CodeInstalled       = "WSD-INS-001" // WPS found
	CodeNotInstalled    = "WSD-INS-002" // no WPS installation found
	CodeBrokenInstall   = "WSD-INS-003" // registration points at missing files
	CodeHomeUnknown     = "WSD-INS-004" // HOME unknown: per-user installs not searched
	CodeVersionOK       = "WSD-INS-010" // version on the supported line
	CodeVersionOld      = "WSD-INS-011" // older than the 2023 line: sync unreliable
	CodeVersionTooOld   = "WSD-INS-012" // far too old: no working sync module
	CodeEditionNoCloud  = "WSD-INS-013" // lite / unofficial build without cloud module
	CodeCloudDisabled   = "WSD-INS-014" // build ships with cloud features disabled (Linux .XA)
	CodeVersionUnknown  = "WSD-INS-015" // version or edition not recognised
	CodeOSSupported     = "WSD-INS-020" // OS version supported
	CodeOSUnsupported   = "WSD-INS-021" // OS older than WPS supports
	CodeOSUnknown       = "WSD-INS-022" // OS version unknown or not in the table
	CodeDiscoveryFailed = "WSD-INS-030" // discovery itself failed
)

// Fix IDs suggested by local checks.
const (
	FixUpdate       = health.FixUpdate
	FixCacheClear   = health.FixCacheClear
	FixConfigReset  = health.FixConfigReset
	FixCloudRestart = health.FixCloudRestart
)

// Checks returns the local checks in display order.
func Checks() []health.Check {
	return []health.Check{
		{ID: "wps.installed", Area: health.AreaInstall, Light: true, Run: checkInstalled},
		{ID: "wps.version", Area: health.AreaInstall, Light: true, DependsOn: []string{"wps.installed"}, Run: checkVersion},
		{ID: "os.supported", Area: health.AreaInstall, Light: true, Run: checkOS},
		{ID: "wps.process", Area: health.AreaClient, Light: true, DependsOn: []string{"wps.installed"}, Run: checkProcess},
		{ID: "wps.syncdb", Area: health.AreaClient, DependsOn: []string{"wps.installed"}, Run: checkSyncDB},
		{ID: "storage.disk", Area: health.AreaStorage, Light: true, Run: checkDisk},
		{ID: "storage.cache", Area: health.AreaStorage, DependsOn: []string{"wps.installed"}, Run: checkCache},
		{ID: "perm.folders", Area: health.AreaStorage, DependsOn: []string{"wps.installed"}, Run: checkPerms},
		{ID: "files.sync", Area: health.AreaFiles, DependsOn: []string{"wps.installed"}, Run: checkFiles},
		{ID: IDFirewall, Area: health.AreaNetwork, Timeout: firewallTimeout, Run: checkFirewall},
	}
}

// installOrError returns the install, or a finding that explains why the
// check cannot look at it.
func installOrError(env *health.Env) (wps.Install, *health.Finding) {
	in, err := install(env)
	if err != nil {
		f := health.Errorf(CodeDiscoveryFailed, health.Msg("local.discovery_failed", "error", err.Error()))
		return in, &f
	}
	return in, nil
}

func installEvidence(f health.Finding, in wps.Install) health.Finding {
	f = f.With("root", in.Root).With("version", in.Version).With("edition", editionName(in.Edition)).With("source", in.Source)
	if in.BundleID != "" {
		f = f.With("bundle_id", in.BundleID)
	}
	return f
}

func checkInstalled(_ context.Context, env *health.Env) health.Finding {
	in, ferr := installOrError(env)
	if ferr != nil {
		return *ferr
	}
	if !in.Found {
		if hasProblem(in, wps.ProblemRootMissing) {
			return health.Fail(CodeBrokenInstall, health.Msg("local.install_broken", "path", in.MissingRoot)).
				With("problems", in.Problems).With("missing_root", in.MissingRoot).Suggest(FixUpdate)
		}
		if env.Home == "" {
			return health.Fail(CodeHomeUnknown, health.Msg("local.home_unknown")).Suggest(FixUpdate)
		}
		return health.Fail(CodeNotInstalled, health.Msg("local.not_installed", "os", osName())).Suggest(FixUpdate)
	}
	if hasProblem(in, wps.ProblemMainExeMissing) || hasProblem(in, wps.ProblemBundleUnreadable) {
		return installEvidence(health.Fail(CodeBrokenInstall, health.Msg("local.install_incomplete", "path", in.Root)), in).
			With("problems", in.Problems).Suggest(FixUpdate)
	}
	f := health.OK(CodeInstalled, health.Msg("local.installed", "version", orUnknown(in.Version), "edition", editionRef(in.Edition), "root", in.Root))
	if len(in.Problems) > 0 {
		f = f.With("problems", in.Problems)
	}
	return installEvidence(f, in)
}

func hasProblem(in wps.Install, p string) bool {
	for _, x := range in.Problems {
		if x == p {
			return true
		}
	}
	return false
}

// orUnknown is a version for a message: "(version unknown)" in the
// reader's language when there is none, never a bare "?".
func orUnknown(s string) string {
	if s == "" {
		return i18n.KeyRef + "account.version_unknown_word"
	}
	return s
}

func osName() string {
	switch runtime.GOOS {
	case "windows":
		return "Windows"
	case "darwin":
		return "macOS"
	}
	return "Linux"
}

func checkVersion(_ context.Context, env *health.Env) health.Finding {
	in, ferr := installOrError(env)
	if ferr != nil {
		return *ferr
	}
	t := env.Catalog.Thresholds
	switch in.Edition {
	case wps.EditionLite, wps.EditionUnofficial:
		return installEvidence(health.Fail(CodeEditionNoCloud, health.Msg("local.edition_no_cloud", "edition", editionRef(in.Edition))), in).Suggest(FixUpdate)
	}
	if in.CloudDisabled {
		// No fix: the download page offers the same build. The message
		// names the web version (and the mainland build, for mainland
		// accounts) instead.
		return installEvidence(health.Fail(CodeCloudDisabled, health.Msg("local.cloud_disabled", "version", orUnknown(in.Version))), in)
	}
	v, err := wps.ParseVersion(in.Version)
	if err != nil && in.Version == "" {
		return installEvidence(health.Warn(CodeVersionUnknown, health.Msg("account.version_unreadable")), in).Suggest(FixUpdate)
	}
	if err != nil {
		return installEvidence(health.Warn(CodeVersionUnknown, health.Msg("local.version_unknown", "version", in.Version)), in)
	}
	switch {
	case v.Major() < t.OldestWorkingMajor:
		return installEvidence(health.Fail(CodeVersionTooOld, health.Msg("local.version_too_old", "version", in.Version)), in).Suggest(FixUpdate)
	case v.Major() < t.MinMajorVersion:
		return installEvidence(health.Warn(CodeVersionOld, health.Msg("local.version_old", "version", in.Version)), in).Suggest(FixUpdate)
	}
	if in.Edition == wps.EditionUnknown || in.Edition == "" {
		return installEvidence(health.Info(CodeVersionUnknown, health.Msg("local.edition_unknown", "version", in.Version)), in)
	}
	return installEvidence(health.OK(CodeVersionOK, health.Msg("local.version_ok", "version", in.Version, "edition", editionRef(in.Edition))), in)
}

func checkOS(_ context.Context, env *health.Env) health.Finding {
	info, err := sysinfo.OSVersion()
	if err != nil {
		return health.Info(CodeOSUnknown, health.Msg("local.os_unknown", "error", err.Error()))
	}
	name := info.Display()
	ok, known := sysinfo.Supported(info, env.Catalog.OSMinimum)
	f := health.Info(CodeOSUnknown, health.Msg("local.os_not_listed", "os", name))
	switch {
	case known && ok:
		f = health.OK(CodeOSSupported, health.Msg("local.os_supported", "os", name))
	case known && !ok:
		f = health.Fail(CodeOSUnsupported, health.Msg("local.os_unsupported", "os", name))
	}
	return f.With("os", info.OS).With("name", info.Name).With("version", info.Version).With("id", info.ID)
}

// editionName is the edition as evidence keeps it: the raw value.
func editionName(e wps.Edition) string {
	if e == "" {
		return string(wps.EditionUnknown)
	}
	return string(e)
}

// editionRef lets the message show the edition in the reader's language.
func editionRef(e wps.Edition) string {
	if e == "" {
		e = wps.EditionUnknown
	}
	return i18n.KeyRef + i18n.MemberKey("edition", string(e))
}
