package proc

import "syscall"

// DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP: no console, own group.
func detached() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{CreationFlags: 0x00000008 | 0x00000200, HideWindow: true}
}
