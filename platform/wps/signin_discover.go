package wps

import (
	"os"
	"runtime"
)

// DiscoverSignIn reads the sign-in state of the current user on this
// computer (ReadSignIn over the real file system). Without a home folder
// the per-user places are skipped, not guessed: the state is unknown.
func DiscoverSignIn() (SignIn, error) {
	home, _ := os.UserHomeDir()
	return ReadSignIn(absOnly{OSFS{}}, runtime.GOOS, home, environ()), nil
}
