// Package disk reports free space on the volume holding a path.
package disk

// Usage is the space of one volume, in bytes.
type Usage struct {
	Total uint64 `json:"total"`
	Free  uint64 `json:"free"`  // free for everyone (root included)
	Avail uint64 `json:"avail"` // free for this user: what a sync client can write
}

// UsedPercent is the share of the volume in use, as df shows it.
func (u Usage) UsedPercent() float64 {
	used := u.Total - u.Free
	if used+u.Avail == 0 {
		return 0
	}
	return 100 * float64(used) / float64(used+u.Avail)
}

// Stat returns the usage of the volume holding path.
func Stat(path string) (Usage, error) { return stat(path) }
