package fixes

import (
	"errors"
	"fmt"
	"io"
	"strconv"
)

// InvokingUID is the user on whose behalf the helper runs: pkexec sets
// PKEXEC_UID (and clears the rest of the environment), sudo sets
// SUDO_UID; otherwise (already root, or macOS's authorization service,
// which keeps the caller's real uid) it is the real uid. The helper's
// directory must belong to this user or to root.
func InvokingUID(getenv func(string) string, realUID int) (int, error) {
	for _, k := range []string{"PKEXEC_UID", "SUDO_UID"} {
		v := getenv(k)
		if v == "" {
			continue
		}
		n, err := strconv.ParseUint(v, 10, 31)
		if err != nil {
			return -1, fmt.Errorf("%s=%q is not a user id", k, v)
		}
		return int(n), nil
	}
	return realUID, nil
}

// checkPrivDir is the rule for the helper's directory, given what fstat
// said about it: a directory (not a link), permissions exactly 0700,
// owned by the invoking user or by root.
func checkPrivDir(isDir, isLink bool, perm uint32, owner, invoking int) error {
	switch {
	case isLink:
		return fmt.Errorf("it is a symbolic link")
	case !isDir:
		return fmt.Errorf("it is not a directory")
	case perm&0o777 != 0o700:
		return fmt.Errorf("its mode is %#o, not 0700", perm&0o777)
	case owner != invoking && owner != 0:
		return fmt.Errorf("it belongs to uid %d, not to the invoking user (uid %d) or root", owner, invoking)
	}
	return nil
}

// readStepFile reads an opened step file, refusing one over limit bytes
// (it may have grown since it was checked).
func readStepFile(f io.Reader, name string, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("step file %s: %w", name, err)
	}
	if int64(len(b)) > limit {
		return nil, errors.New("step file too large")
	}
	return b, nil
}
