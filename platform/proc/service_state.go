package proc

// stateOf maps a Windows SERVICE_STATUS.dwCurrentState to a state. Pure, so
// it is tested on every OS.
func stateOf(s uint32) ServiceState {
	switch s {
	case 1: // SERVICE_STOPPED
		return ServiceStopped
	case 4: // SERVICE_RUNNING
		return ServiceRunning
	case 7: // SERVICE_PAUSED
		return ServicePaused
	case 2, 3, 5, 6: // START/STOP/CONTINUE/PAUSE_PENDING
		return ServicePending
	}
	return ServiceState("unknown")
}
