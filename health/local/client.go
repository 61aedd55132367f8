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
			With("cloud_exe", in.CloudExe)
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

func checkSyncDB(ctx context.Context, env *health.Env) health.Finding {
	in, ferr := installOrError(env)
	if ferr != nil {
		return *ferr
	}
	if len(in.SyncDBs) == 0 {
		return health.Info(CodeSyncDBNone, health.Msg("local.syncdb_none"))
	}
	var all []wps.SyncError
	for _, db := range in.SyncDBs {
		errs, err := wps.ReadSyncErrors(ctx, db, 20)
		switch {
		case errors.Is(err, wps.ErrLocked):
			return health.Info(CodeSyncDBUnreadable, health.Msg("local.syncdb_locked", "path", db)).With("path", db)
		case errors.Is(err, wps.ErrUnknownSchema):
			return health.Info(CodeSyncDBUnreadable, health.Msg("local.syncdb_schema", "path", db)).With("path", db)
		case err != nil:
			return health.Info(CodeSyncDBUnreadable, health.Msg("local.syncdb_unreadable", "path", db, "error", err.Error())).With("path", db)
		}
		for _, e := range errs {
			all = append(all, sanitizeSyncError(e))
		}
	}
	if len(all) == 0 {
		return health.OK(CodeSyncDBClean, health.Msg("local.syncdb_clean")).With("databases", in.SyncDBs)
	}
	return syncErrorsFinding(env, in, all).With("databases", in.SyncDBs)
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
