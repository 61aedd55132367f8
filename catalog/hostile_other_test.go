//go:build !linux

package catalog

import "os"

func limitAddressSpace(uint64) string { return "no RLIMIT_AS on this OS" }

func maxRSS(*os.ProcessState) uint64 { return 0 }
