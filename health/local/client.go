package local

import (
	"context"
	"errors"
	"net"
	"strconv"
	"time"

	"wpsdoctor/health"
	"wpsdoctor/platform/proc"
	"wpsdoctor/platform/wps"
	"wpsdoctor/report/redact"
)

// Client codes: the wpscloudsvr component that signs in and syncs.
const (
	CodeCloudRunning       = "WSD-CLI-001" // cloud component running
	CodeCloudNotRunning    = "WSD-CLI-002" // WPS is running but its cloud component is not
	CodeCloudMissing       = "WSD-CLI-003" // the install has no cloud component
	CodeCloudNotExecutable = "WSD-CLI-004" // Linux: wpscloudsvr lacks the exec bit (login button dead)
	CodeCloudIdle          = "WSD-CLI-005" // WPS not running: nothing to sync right now
	CodeProcessListFailed  = "WSD-CLI-006" // could not list processes
	CodeCloudServiceDown   = "WSD-CLI-007" // Windows: the "WPS Office Cloud Service" is stopped
	CodeCloudUnknown       = "WSD-CLI-008" // not found where we look (macOS: unconfirmed places), not running: not proof it is missing
	CodeSyncDBClean        = "WSD-CLI-010" // sync database has no recent errors
	CodeSyncDBErrors       = "WSD-CLI-011" // sync database records failed transfers
	CodeSyncDBUnreadable   = "WSD-CLI-012" // locked / unknown schema: informational
	CodeSyncDBNone         = "WSD-CLI-013" // no sync database (never signed in, or other layout)
)

// cloudNames are the cloud component's process names on every OS (some
// 12.x Linux builds spell it wpscloudsrv).
var cloudNames = []string{"wpscloudsvr", "wpscloudsrv"}

// mainNames are WPS's editor processes.
var mainNames = []string{"wps", "et", "wpp", "wpspdf", "wpsoffice", "ksolaunch"}

// cloudPorts are the local listeners of wpscloudsvr (wps-facts.md §5.3):
// 4709 is the wbridge API, 58890 the RelayHttpServer.
var cloudPorts = []int{4709, 58890}

// procList and serviceState are replaced in tests.
var (
	procList     = proc.List
	serviceState = proc.Service
)

func checkProcess(ctx context.Context, env *health.Env) health.Finding {
	in, ferr := installOrError(env)
	if ferr != nil {
		return *ferr
	}
	// Missing is a verdict only where discovery proves it (the install's
	// layout is known and lacks the component); elsewhere (the Mac
	// bundle's unconfirmed places) the running processes decide below.
	if in.CloudExe == "" && hasProblem(in, wps.ProblemCloudMissing) {
		return installEvidence(health.Fail(CodeCloudMissing, health.Msg("local.cloud_missing")), in).Suggest(FixUpdate)
	}
	if hasProblem(in, "wps.problem.cloud_not_executable") {
		return installEvidence(health.Fail(CodeCloudNotExecutable, health.Msg("local.cloud_not_executable", "path", in.CloudExe)), in).
			With("cloud_exe", in.CloudExe).Suggest(health.FixCloudExec)
	}
	procs, err := procList(ctx)
	if err != nil {
		return health.Errorf(CodeProcessListFailed, health.Msg("local.proc_list_failed", "error", err.Error()))
	}
	cloud := proc.Find(procs, cloudNames...)
	editors := proc.Find(procs, mainNames...)
	listening := listeningPorts(ctx)
	var pids []int
	for _, p := range cloud {
		pids = append(pids, p.PID)
	}
	// The service state is extra evidence where one exists (Windows).
	svc, svcErr := serviceState(proc.CloudService)
	withSvc := func(f health.Finding) health.Finding {
		if svcErr == nil {
			f = f.With("service", string(svc))
		}
		return f
	}
	switch {
	case len(cloud) == 0 && in.CloudExe == "":
		return installEvidence(health.Info(CodeCloudUnknown, health.Msg("local.cloud_unknown")), in).
			With("editor_processes", len(editors))
	case len(cloud) > 0:
		return withSvc(health.OK(CodeCloudRunning, health.Msg("local.cloud_running", "count", len(cloud))).
			With("pids", pids).With("listening_ports", listening).With("cloud_exe", in.CloudExe))
	case svcErr == nil && (svc == proc.ServiceStopped || svc == proc.ServicePaused):
		return withSvc(health.Warn(CodeCloudServiceDown, health.Msg("local.cloud_service_stopped", "service", proc.CloudService)).
			With("cloud_exe", in.CloudExe)).Suggest(FixCloudRestart)
	case len(editors) > 0:
		return health.Warn(CodeCloudNotRunning, health.Msg("local.cloud_not_running")).
			With("editor_processes", len(editors)).With("listening_ports", listening).With("cloud_exe", in.CloudExe).
			Suggest(FixCloudRestart)
	}
	return health.Info(CodeCloudIdle, health.Msg("local.cloud_idle")).With("cloud_exe", in.CloudExe)
}

// listeningPorts reports which of the cloud component's local ports accept
// a connection: connecting to our own loopback is an observation, nothing
// is sent.
func listeningPorts(ctx context.Context) []int {
	open := []int{}
	for _, p := range cloudPorts {
		d := net.Dialer{Timeout: 300 * time.Millisecond}
		c, err := d.DialContext(ctx, "tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err == nil {
			c.Close()
			open = append(open, p)
		}
	}
	return open
}

// unreadableDB is one sync database whose failures could not be read, and
// why (evidence of a finding that still reports what the others hold).
type unreadableDB struct {
	Path   string `json:"path"`
	Reason string `json:"reason"` // locked | unknown_layout | error
	Error  string `json:"error,omitempty"`
}

// checkSyncDB reads every sync database of the install. One it cannot read
// (locked, a layout we do not know, a planted FIFO) is listed as evidence
// but never hides the failures another database holds; the finding is
// "unreadable" only when no database could be read at all.
func checkSyncDB(ctx context.Context, env *health.Env) health.Finding {
	in, ferr := installOrError(env)
	if ferr != nil {
		return *ferr
	}
	if len(in.SyncDBs) == 0 {
		return health.Info(CodeSyncDBNone, health.Msg("local.syncdb_none"))
	}
	var (
		all        []wps.SyncError
		read       []string
		unreadable []unreadableDB
		first      *health.Finding
	)
	seen := map[[2]string]bool{}
	for _, db := range in.SyncDBs {
		errs, err := wps.ReadSyncErrors(ctx, db, 20)
		if err != nil {
			u := unreadableDB{Path: db, Reason: "error", Error: err.Error()}
			msg := health.Msg("local.syncdb_unreadable", "path", db, "error", err.Error())
			switch {
			case errors.Is(err, wps.ErrLocked):
				u.Reason, msg = "locked", health.Msg("local.syncdb_locked", "path", db)
			case errors.Is(err, wps.ErrUnknownSchema):
				u.Reason, u.Error, msg = "unknown_layout", "", health.Msg("local.syncdb_schema", "path", db)
			}
			unreadable = append(unreadable, u)
			if first == nil {
				f := health.Info(CodeSyncDBUnreadable, msg).With("path", db)
				first = &f
			}
			continue
		}
		read = append(read, db)
		for _, e := range errs {
			// One file may fail in more than one database (queued, then
			// retried by the sync assistant): count it once.
			if e.LocalPath != "" || e.FileName != "" {
				k := [2]string{e.LocalPath, e.FileName}
				if seen[k] {
					continue
				}
				seen[k] = true
			}
			all = append(all, sanitizeSyncError(e))
		}
	}
	var f health.Finding
	switch {
	case len(all) > 0:
		f = syncErrorsFinding(env, in, all)
	case len(read) == 0:
		f = *first
	default:
		f = health.OK(CodeSyncDBClean, health.Msg("local.syncdb_clean"))
	}
	f = f.With("databases", in.SyncDBs)
	if len(unreadable) > 0 {
		f = f.With("unreadable", unreadable)
	}
	return f
}

// sanitizeSyncError strips credentials and token-like strings (sid=…,
// access_token, JWTs, long hex or base64 runs) from what WPS wrote in its
// sync database before any of it becomes evidence: WPS copies server
// replies and request URLs into errorMsg. Names and paths stay (the
// report's redaction hides them when it is shared; --reveal shows them).
func sanitizeSyncError(e wps.SyncError) wps.SyncError {
	e.ErrorMsg = redact.Secrets(e.ErrorMsg)
	e.ErrorCode = redact.Secrets(e.ErrorCode)
	e.CloudPath = redact.Secrets(e.CloudPath)
	e.LocalPath = redact.Secrets(e.LocalPath)
	return e
}
