//go:build !windows

package proc

func service(string) (ServiceState, error) { return "", ErrNoServices }
