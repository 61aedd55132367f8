package netwatch

import "golang.org/x/sys/unix"

func open() (int, error) {
	fd, err := unix.Socket(unix.AF_ROUTE, unix.SOCK_RAW, unix.AF_UNSPEC)
	if err != nil {
		return -1, err
	}
	unix.CloseOnExec(fd)
	return fd, nil
}

func relevant(msg []byte) bool { return darwinRelevant(msg) }
