package wps

import "os"

// Discover finds WPS on this Mac for the current user.
func Discover() (Install, error) {
	// Without a home folder the per-user places are skipped, not guessed.
	home, _ := os.UserHomeDir()
	return DiscoverDarwin(absOnly{OSFS{}}, home), nil
}
