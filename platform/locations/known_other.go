//go:build !windows

package locations

// knownDocuments: only Windows has known folders.
func knownDocuments() string { return "" }
