//go:build linux || darwin || freebsd

package disk

import "golang.org/x/sys/unix"

func stat(path string) (Usage, error) {
	var s unix.Statfs_t
	if err := unix.Statfs(path, &s); err != nil {
		return Usage{}, err
	}
	bs := uint64(s.Bsize)
	return Usage{Total: uint64(s.Blocks) * bs, Free: uint64(s.Bfree) * bs, Avail: uint64(s.Bavail) * bs}, nil
}
