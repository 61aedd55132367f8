package watch_test

import (
	"context"
	"log"
	"os"
	"runtime"

	"wpsdoctor/agent/history"
	"wpsdoctor/agent/watch"
	"wpsdoctor/health"
	"wpsdoctor/platform/locations"
	"wpsdoctor/platform/oslog"
	"wpsdoctor/verdict"
)

// Example is the wiring of `wpsdoctor service run` (the composition
// root's side): run stands for product.(*Product).Run, checks for its
// Checks(), serviceName for the agent's service name (on Windows the
// event source kardianos/service registers), checkNow for the IPC's
// "check now" requests.
func Example() {
	var (
		run         func(ctx context.Context, light bool, lang string) (health.Report, error)
		checks      []health.Check
		serviceName = "wpsdoctor-agent"
		checkNow    = make(chan struct{}, 1)
		lang        = "en" // i18n.Detect() in the service
		version     = "1.0.0"
	)
	events, err := oslog.Open(serviceName)
	if err != nil {
		log.Printf("no system log: %v", err) // the watcher goes on without events
	} else {
		defer events.Close()
	}
	o := watch.Options{
		Diagnose:    func(ctx context.Context) (health.Report, error) { return run(ctx, false, lang) },
		Facts:       verdict.FactsOf(checks),
		Lang:        lang,
		Version:     version,
		History:     &history.Log{Dir: locations.SystemState(runtime.GOOS, os.Getenv)},
		MetricsPath: locations.MetricsTextfile(runtime.GOOS, os.Getenv),
		Trigger:     checkNow,
		Logf:        log.Printf,
	}
	if events != nil {
		o.Events = events
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the service's context; cancelled here so the example returns
	if err := watch.Loop(ctx, o); err != nil {
		log.Print(err)
	}
}
