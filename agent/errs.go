package agent

import "io"

// errEOF is io.EOF: the other end closed.
var errEOF = io.EOF
