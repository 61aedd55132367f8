package wps

import "os"

// Discover finds WPS on this Mac for the current user.
func Discover() (Install, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return Install{OS: "darwin"}, err
	}
	return DiscoverDarwin(OSFS{}, home), nil
}
