//go:build !windows

package i18n

// systemLocale: on Linux and macOS the locale variables are the system
// setting (Detect reads them first), so there is nothing more to ask.
func systemLocale() string { return "" }
