package wps

import "os"

// openFlags: opening a file on Windows never waits for a writer (named
// pipes do not live in the file system).
const openFlags = os.O_RDONLY
