package locations

// The system-wide paths of the agent service (it runs as the system, for
// every user): its state directory and the local socket or named pipe the
// tray and the CLI reach it on, and the file the node_exporter /
// windows_exporter textfile collector reads. Like the per-user paths they
// are pure functions of the OS name and the environment.

// Overrides of the system paths (tests, portable installs).
const (
	// EnvSystemState moves the agent's state directory (its journal).
	EnvSystemState = "WSD_SYSTEM_STATE_DIR"
	// EnvAgentSocket moves the agent's socket (a named pipe path on
	// Windows, \\.\pipe\NAME).
	EnvAgentSocket = "WSD_AGENT_SOCKET"
)

// agentJournalFile is the agent's journal inside the system state directory.
const agentJournalFile = "agent-journal.jsonl"

// System are the agent service's directories and socket.
type System struct {
	// State holds the agent's journal (every request, with who asked).
	State string
	// Socket is the Unix socket, or the named pipe on Windows.
	Socket string
}

// AgentJournal is the agent's append-only journal.
func (s System) AgentJournal() string { return join(goosOf(s.State), s.State, agentJournalFile) }

// goosOf tells the path rules from a path: a drive or UNC path is Windows.
func goosOf(p string) string {
	if isAbs("windows", p) && !isAbs("linux", p) {
		return "windows"
	}
	return "linux"
}

// SystemFor returns the system paths on goos:
//
//	state:  $WSD_SYSTEM_STATE_DIR, else %ProgramData%\wpsdoctor (Windows),
//	        /Library/Application Support/wpsdoctor (macOS), /var/lib/wpsdoctor
//	socket: $WSD_AGENT_SOCKET, else \\.\pipe\wpsdoctor-agent (Windows),
//	        /var/run/wpsdoctor/agent.sock (macOS), /run/wpsdoctor/agent.sock
func SystemFor(goos string, getenv func(string) string) System {
	var s System
	switch goos {
	case "windows":
		pd := getenv("ProgramData")
		if !isAbs(goos, pd) || len(pd) < 3 || pd[1] != ':' {
			pd = `C:\ProgramData`
		}
		s = System{State: join(goos, pd, name), Socket: `\\.\pipe\wpsdoctor-agent`}
	case "darwin", "ios":
		s = System{State: "/Library/Application Support/wpsdoctor", Socket: "/var/run/wpsdoctor/agent.sock"}
	default:
		s = System{State: "/var/lib/wpsdoctor", Socket: "/run/wpsdoctor/agent.sock"}
	}
	if v := getenv(EnvSystemState); isAbs(goos, v) {
		s.State = v
	}
	if v := getenv(EnvAgentSocket); isAbs(goos, v) {
		s.Socket = v
	}
	return s
}

// EnvMetricsFile moves the metrics textfile (a file path, *.prom).
const EnvMetricsFile = "WSD_METRICS_FILE"

// metricsFile is the textfile collector's file name.
const metricsFile = "wpsdoctor.prom"

// SystemState is the agent's state directory on goos (SystemFor's State):
// the agent's journal, the health history (readable by all) and, on macOS,
// the metrics textfile.
func SystemState(goos string, getenv func(string) string) string {
	return SystemFor(goos, getenv).State
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
