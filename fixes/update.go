package fixes

import (
	"context"

	"wpsdoctor/health"
)

// planUpdate opens the official download page: installing WPS is the
// user's own step (it needs their choice of edition and their consent to
// the licence), so the fix only takes them to the right, official place.
func planUpdate(_ context.Context, env *Env) (Plan, error) {
	var p Plan
	f := env.family()
	if f == nil || f.DownloadURL == "" {
		return refuse(p, "fix.update.no_url")
	}
	p.Steps = []Step{{
		Description: health.Msg("fix.update.step.open", "url", f.DownloadURL),
		Actions:     []Action{{Kind: KindExec, Argv: OpenURLArgv(env.OS, f.DownloadURL)}},
	}}
	return p, nil
}

// OpenURLArgv is the argv that opens url in the user's browser. The URL is
// one argument, never part of a shell string; on Windows rundll32's URL
// handler is used because `cmd /c start` would parse the URL as shell text.
func OpenURLArgv(goos, url string) []string {
	switch goos {
	case "windows":
		return []string{"rundll32.exe", "url.dll,FileProtocolHandler", url}
	case "darwin":
		return []string{"/usr/bin/open", url}
	}
	return []string{"xdg-open", url}
}
