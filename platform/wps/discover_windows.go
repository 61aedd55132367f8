package wps

// Discover finds WPS on this Windows computer for the current user.
func Discover() (Install, error) {
	return DiscoverWindows(OSFS{}, WinRegistry{}, environ()), nil
}
