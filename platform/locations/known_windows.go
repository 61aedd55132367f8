package locations

import "golang.org/x/sys/windows"

// knownDocuments is FOLDERID_Documents ("" when Windows cannot say).
func knownDocuments() string {
	d, err := windows.KnownFolderPath(windows.FOLDERID_Documents, 0)
	if err != nil {
		return ""
	}
	return d
}
