// Package wps discovers the WPS Office installation on this computer: where
// it is, which version and edition, and where its config, cache, logs and
// local sync folder live. The knowledge is in pure functions over an
// injectable file system and registry, so each OS's logic is tested on any OS
// with fixture trees; discover_<os>.go only wires in the real system.
package wps

// Edition is the product line, derived from the version number (never from
// the marketing year): x.1.0 mainland personal, x.2.0 international,
// x.8.2 professional/enterprise.
type Edition string

const (
	EditionMainland      Edition = "mainland"      // x.1.0.*, mainland personal
	EditionInternational Edition = "international" // x.2.0.*, or Linux ".XA" builds
	EditionProfessional  Edition = "professional"  // x.8.2.*, mainland enterprise
	EditionMainland365   Edition = "mainland365"   // x.1.2.* (WPS 365, Linux)
	EditionLite          Edition = "lite"          // a lite build (no cloud module)
	EditionUnofficial    Edition = "unofficial"    // repackaged / debloated: cloud parts missing
	EditionUnknown       Edition = "unknown"
)

// Family is the service family (account system) an edition talks to.
type Family string

const (
	FamilyMainland      Family = "mainland"
	FamilyInternational Family = "international"
	FamilyUnknown       Family = ""
)

// Family returns the account/service family of an edition.
func (e Edition) Family() Family {
	switch e {
	case EditionMainland, EditionProfessional, EditionMainland365:
		return FamilyMainland
	case EditionInternational:
		return FamilyInternational
	}
	return FamilyUnknown
}

// Install is what discovery found. Paths are native to the OS they describe.
type Install struct {
	Found bool `json:"found"`
	// OS is the GOOS this install was discovered for.
	OS string `json:"os"`
	// Root is the install root (the version directory on Windows, the .app
	// bundle on macOS, the directory holding office6 on Linux).
	Root    string  `json:"root,omitempty"`
	Version string  `json:"version,omitempty"`
	Edition Edition `json:"edition,omitempty"`
	// Family is the service family named by the version or bundle id. It
	// is kept when Edition is overridden to EditionUnofficial, so an
	// account-family check still works on a debloated build.
	Family Family `json:"family,omitempty"`
	// MissingRoot is the install folder (or bundle) the registry or the
	// bundle names but which does not exist; see ProblemRootMissing.
	MissingRoot string `json:"missing_root,omitempty"`
	// Source says where the facts came from ("registry:HKCU", "bundle",
	// "dpkg", "path"), for evidence.
	Source string `json:"source,omitempty"`
	// PerMachine is true for Program Files / HKLM installs.
	PerMachine bool `json:"per_machine,omitempty"`
	// BundleID is the macOS CFBundleIdentifier.
	BundleID string `json:"bundle_id,omitempty"`
	// MainExe is the main program; CloudExe the cloud/sync component
	// (wpscloudsvr), empty when it is missing from the install.
	MainExe  string `json:"main_exe,omitempty"`
	CloudExe string `json:"cloud_exe,omitempty"`
	// Executables are all known WPS programs found, by name.
	Executables map[string]string `json:"executables,omitempty"`
	// CloudDisabled is set for builds known to ship without cloud features
	// (Linux international ".XA" builds).
	CloudDisabled bool `json:"cloud_disabled,omitempty"`

	ConfigDirs []string `json:"config_dirs,omitempty"`
	CacheDirs  []string `json:"cache_dirs,omitempty"`
	LogDirs    []string `json:"log_dirs,omitempty"`
	// ConfigFiles are files holding cloud/sign-in settings (Office.conf,
	// WPSCloud.conf, com.kingsoft.Office.plist, ...), existing ones only.
	ConfigFiles []string `json:"config_files,omitempty"`
	// SyncRoot is the local cloud-sync folder ("WPS云盘"), "" if unknown.
	SyncRoot string `json:"sync_root,omitempty"`
	// SyncDBs are the client's sync-state databases (syncassistant.db...).
	SyncDBs []string `json:"sync_dbs,omitempty"`
	// NeverDelete lists paths (existing or not) that no fix may move or
	// delete: sync root, backups, upload queues, sync databases, login
	// state. Fixes consult it; see Protected.
	NeverDelete []string `json:"never_delete,omitempty"`
	// Problems are inconsistencies found on the way (a registry entry
	// pointing at a missing folder...), as message keys for the checks.
	Problems []string `json:"problems,omitempty"`
}

// ServiceFamily is the family this install talks to: the one its version or
// bundle names, even for an unofficial build whose Edition says otherwise.
func (in Install) ServiceFamily() Family {
	if in.Family != FamilyUnknown {
		return in.Family
	}
	return in.Edition.Family()
}
