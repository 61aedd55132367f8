package proc

import (
	"errors"

	"golang.org/x/sys/windows"
)

// service asks the service manager with the least rights that work for an
// ordinary user (connect + query status): mgr.Connect would ask for full
// access and fail without elevation.
func service(name string) (ServiceState, error) {
	scm, err := windows.OpenSCManager(nil, nil, windows.SC_MANAGER_CONNECT)
	if err != nil {
		return "", err
	}
	defer windows.CloseServiceHandle(scm)
	n, err := windows.UTF16PtrFromString(name)
	if err != nil {
		return "", err
	}
	h, err := windows.OpenService(scm, n, windows.SERVICE_QUERY_STATUS)
	if errors.Is(err, windows.ERROR_SERVICE_DOES_NOT_EXIST) {
		return ServiceNotFound, nil
	}
	if err != nil {
		return "", err
	}
	defer windows.CloseServiceHandle(h)
	var st windows.SERVICE_STATUS
	if err := windows.QueryServiceStatus(h, &st); err != nil {
		return "", err
	}
	return stateOf(st.CurrentState), nil
}
