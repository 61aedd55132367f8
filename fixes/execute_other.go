//go:build !windows

package fixes

import (
	"errors"
)

func regSet(RegValue) error { return errors.New("the registry exists only on Windows") }
