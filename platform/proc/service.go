package proc

import "errors"

// ServiceState is the state of an OS service, as the service manager
// reports it ("running", "stopped", ...).
type ServiceState string

const (
	ServiceRunning  ServiceState = "running"
	ServiceStopped  ServiceState = "stopped"
	ServicePending  ServiceState = "pending" // starting, stopping, pausing
	ServicePaused   ServiceState = "paused"
	ServiceNotFound ServiceState = "not_found"
)

// ErrNoServices: this OS has no service manager we query (WPS registers
// its cloud component as a service only on Windows).
var ErrNoServices = errors.New("service state is only read on Windows")

// CloudService is the Windows service name of wpscloudsvr
// ("WPS Office Cloud Service", wps-facts.md §3).
const CloudService = "wpscloudsvr"

// Service returns the state of the named service, read-only.
func Service(name string) (ServiceState, error) { return service(name) }
