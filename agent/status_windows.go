package agent

import (
	"errors"

	"github.com/kardianos/service"
	"golang.org/x/sys/windows"
)

// osControl asks the service control manager for the status with the
// least rights (SC_MANAGER_CONNECT, SERVICE_QUERY_STATUS): kardianos opens
// the service for start and stop too, which a standard user may not.
type osControl struct {
	service.Service
	// plain is the same registration with a plain automatic start.
	plain func() (service.Service, error)
}

func wrapControl(s service.Service, plain func() (service.Service, error)) Control {
	return osControl{Service: s, plain: plain}
}

// Install registers the service. A service manager that does not know the
// delayed automatic start answers ERROR_INVALID_LEVEL (Wine's does; x/sys
// has removed the half-made service by then): the service is registered
// with a plain automatic start instead, which only starts it earlier.
func (c osControl) Install() error {
	err := c.Service.Install()
	if !errors.Is(err, windows.ERROR_INVALID_LEVEL) || c.plain == nil {
		return err
	}
	s, perr := c.plain()
	if perr != nil {
		return err
	}
	return s.Install()
}

func (c osControl) Status() (service.Status, error) {
	m, err := windows.OpenSCManager(nil, nil, windows.SC_MANAGER_CONNECT)
	if err != nil {
		return service.StatusUnknown, err
	}
	defer windows.CloseServiceHandle(m)
	name, _ := windows.UTF16PtrFromString(ServiceName)
	h, err := windows.OpenService(m, name, windows.SERVICE_QUERY_STATUS)
	if errors.Is(err, windows.ERROR_SERVICE_DOES_NOT_EXIST) {
		return service.StatusUnknown, service.ErrNotInstalled
	}
	if err != nil {
		return service.StatusUnknown, err
	}
	defer windows.CloseServiceHandle(h)
	var st windows.SERVICE_STATUS
	if err := windows.QueryServiceStatus(h, &st); err != nil {
		return service.StatusUnknown, err
	}
	switch st.CurrentState {
	case windows.SERVICE_RUNNING, windows.SERVICE_START_PENDING, windows.SERVICE_CONTINUE_PENDING:
		return service.StatusRunning, nil
	case windows.SERVICE_STOPPED, windows.SERVICE_STOP_PENDING, windows.SERVICE_PAUSED:
		return service.StatusStopped, nil
	}
	return service.StatusUnknown, nil
}
