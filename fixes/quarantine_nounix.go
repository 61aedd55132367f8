//go:build !unix

package fixes

import "io/fs"

// deviceOf cannot tell file systems apart here (Windows FileInfo carries no
// volume); a mount point inside a tree is a junction there, which scan
// refuses.
func deviceOf(fs.FileInfo) (uint64, bool) { return 0, false }
