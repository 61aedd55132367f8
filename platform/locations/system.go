package locations

// The system-wide paths of the background agent: one state directory shared
// by every user (the health history, readable by all), and the file the
// node_exporter / windows_exporter textfile collector reads. Like the
// per-user paths they are pure functions of the OS name and the environment.

// Overrides of the agent's system paths, each absolute.
const (
	// EnvSystemState moves the system state directory (the health history).
	EnvSystemState = "WSD_SYSTEM_STATE_DIR"
	// EnvMetricsFile moves the metrics textfile (a file path, *.prom).
	EnvMetricsFile = "WSD_METRICS_FILE"
)

// systemName is the product's folder in the system-wide directories of
// Windows and macOS, where names are meant to be read by people.
const systemName = "WPS Sync Doctor"

// metricsFile is the textfile collector's file name.
const metricsFile = "wpsdoctor.prom"

// SystemState is the agent's state directory on goos:
//
//	$WSD_SYSTEM_STATE_DIR, else
//	Windows: %ProgramData%\WPS Sync Doctor (C:\ProgramData when unset)
//	macOS:   /Library/Application Support/WPS Sync Doctor
//	other:   /var/lib/wpsdoctor
func SystemState(goos string, getenv func(string) string) string {
	if d := absOrEmpty(goos, getenv(EnvSystemState)); d != "" {
		return d
	}
	switch goos {
	case "windows":
		base := absOrEmpty(goos, getenv("ProgramData"))
		if base == "" {
			base = `C:\ProgramData`
		}
		return join(goos, base, systemName)
	case "darwin", "ios":
		return join(goos, "/Library/Application Support", systemName)
	}
	return "/var/lib/" + name
}

// MetricsTextfile is where the agent writes its metrics for the textfile
// collector on goos:
//
//	$WSD_METRICS_FILE, else
//	Windows: %ProgramFiles%\windows_exporter\textfile_inputs\wpsdoctor.prom
//	         (C:\Program Files when unset; windows_exporter's default folder)
//	macOS:   <SystemState>/wpsdoctor.prom (node_exporter has no default
//	         folder there: point --collector.textfile.directory at it)
//	other:   /var/lib/node_exporter/textfile_collector/wpsdoctor.prom
func MetricsTextfile(goos string, getenv func(string) string) string {
	if f := absOrEmpty(goos, getenv(EnvMetricsFile)); f != "" {
		return f
	}
	switch goos {
	case "windows":
		base := absOrEmpty(goos, getenv("ProgramFiles"))
		if base == "" {
			base = `C:\Program Files`
		}
		return join(goos, base, "windows_exporter", "textfile_inputs", metricsFile)
	case "darwin", "ios":
		return join(goos, SystemState(goos, getenv), metricsFile)
	}
	return "/var/lib/node_exporter/textfile_collector/" + metricsFile
}
