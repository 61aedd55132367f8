package fixes

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"syscall"
	"time"
)

// Quarantine holds what fixes moved out of the way, each item with a
// manifest (original path, sizes, hashes), until undo restores it or
// retention prunes it. Nothing a fix touches is ever deleted directly.
type Quarantine struct {
	Dir string
	Now func() time.Time
	// forceCopy makes Move and Restore take the cross-device path (tests).
	forceCopy bool
}

// FileRecord is one file or directory of a quarantined item.
type FileRecord struct {
	Rel     string    `json:"rel"` // slash-separated, "." for the item itself
	Dir     bool      `json:"dir,omitempty"`
	Link    string    `json:"link,omitempty"` // symlink target (never followed)
	Size    int64     `json:"size,omitempty"`
	SHA256  string    `json:"sha256,omitempty"`
	Mode    uint32    `json:"mode"`
	ModTime time.Time `json:"mtime"`
}

// Manifest describes one quarantined item.
type Manifest struct {
	Entry    string       `json:"entry"`
	Item     string       `json:"item"`
	Original string       `json:"original"`
	Time     time.Time    `json:"time"`
	Bytes    int64        `json:"bytes"`
	Files    []FileRecord `json:"files"`
}

// ErrNewerExists is returned (wrapped, with the path) when restore finds
// something new at the original place; it is never overwritten.
var ErrNewerExists = errors.New("a newer file or folder exists at the original place; it was left alone")

var safeID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,80}$`)

func (q *Quarantine) now() time.Time {
	if q.Now != nil {
		return q.Now()
	}
	return time.Now()
}

func (q *Quarantine) itemDir(entry, item string) (string, error) {
	if !safeID.MatchString(entry) || !safeID.MatchString(item) || entry == "." || entry == ".." || item == "." || item == ".." {
		return "", fmt.Errorf("quarantine: bad id %q/%q", entry, item)
	}
	return filepath.Join(q.Dir, entry, item), nil
}

// Move moves path into the quarantine as entry/item. The manifest is
// written and fsynced before the move. A missing path is not an error:
// there is nothing to move (the manifest records that).
func (q *Quarantine) Move(entry, item, path string) (Manifest, error) {
	dir, err := q.itemDir(entry, item)
	if err != nil {
		return Manifest{}, err
	}
	if !filepath.IsAbs(path) {
		return Manifest{}, fmt.Errorf("quarantine: %q is not an absolute path", path)
	}
	m := Manifest{Entry: entry, Item: item, Original: path, Time: q.now().UTC()}
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return m, writeManifest(dir, m)
	} else if err != nil {
		return m, err
	}
	if m.Files, m.Bytes, err = scan(path); err != nil {
		return m, fmt.Errorf("quarantine: reading %s: %w", path, err)
	}
	if err := writeManifest(dir, m); err != nil {
		return m, err
	}
	data := filepath.Join(dir, "data")
	if err := q.move(path, data, m.Files); err != nil {
		return m, fmt.Errorf("quarantine: moving %s: %w", path, err)
	}
	return m, nil
}

// Restore moves entry/item back to its original place after checking the
// hashes. It refuses, with ErrNewerExists, when the original place holds
// something (other than an empty folder WPS recreated).
func (q *Quarantine) Restore(entry, item string) (Manifest, error) {
	dir, err := q.itemDir(entry, item)
	if err != nil {
		return Manifest{}, err
	}
	m, err := ReadManifest(dir)
	if err != nil {
		return m, err
	}
	data := filepath.Join(dir, "data")
	if _, err := os.Lstat(data); errors.Is(err, fs.ErrNotExist) {
		return m, nil // never moved (or already restored)
	}
	if fi, err := os.Lstat(m.Original); err == nil {
		if !fi.IsDir() || !emptyDir(m.Original) {
			return m, fmt.Errorf("%s: %w", m.Original, ErrNewerExists)
		}
		if err := os.Remove(m.Original); err != nil {
			return m, err
		}
	}
	if err := os.MkdirAll(filepath.Dir(m.Original), 0o700); err != nil {
		return m, err
	}
	if err := q.move(data, m.Original, m.Files); err != nil {
		return m, fmt.Errorf("restoring %s: %w", m.Original, err)
	}
	got, _, err := scan(m.Original)
	if err != nil {
		return m, err
	}
	if err := sameFiles(m.Files, got); err != nil {
		return m, fmt.Errorf("restored %s differs from its manifest: %w", m.Original, err)
	}
	return m, os.RemoveAll(dir)
}

// move renames, or copies, verifies and removes across file systems.
func (q *Quarantine) move(from, to string, want []FileRecord) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return err
	}
	if !q.forceCopy {
		err := os.Rename(from, to)
		if err == nil {
			return nil
		}
		if !errors.Is(err, syscall.EXDEV) {
			return err
		}
	}
	if err := copyTree(from, to); err != nil {
		_ = os.RemoveAll(to)
		return err
	}
	got, _, err := scan(to)
	if err != nil {
		return err
	}
	if err := sameFiles(want, got); err != nil {
		_ = os.RemoveAll(to)
		return fmt.Errorf("copy verification failed: %w", err)
	}
	return os.RemoveAll(from)
}

// ReadManifest reads an item's manifest.
func ReadManifest(itemDir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(itemDir, "manifest.json"))
	if err != nil {
		return m, fmt.Errorf("quarantine manifest: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("quarantine manifest %s: %w", itemDir, err)
	}
	return m, nil
}

func writeManifest(dir string, m Manifest) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, "manifest.json"), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// scan records a tree without following symlinks.
func scan(root string) ([]FileRecord, int64, error) {
	var recs []FileRecord
	var total int64
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		r := FileRecord{Rel: filepath.ToSlash(rel), Mode: uint32(fi.Mode()), ModTime: fi.ModTime().UTC()}
		switch {
		case fi.IsDir():
			r.Dir = true
		case fi.Mode()&fs.ModeSymlink != 0:
			r.Link, _ = os.Readlink(p)
		case fi.Mode().IsRegular():
			r.Size = fi.Size()
			total += fi.Size()
			if r.SHA256, err = hashFile(p); err != nil {
				return err
			}
		default:
			return nil // sockets, devices: not cache content
		}
		recs = append(recs, r)
		return nil
	})
	return recs, total, err
}

func hashFile(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// sameFiles compares two scans by path, type, size and hash (and mode).
func sameFiles(want, got []FileRecord) error {
	idx := map[string]FileRecord{}
	for _, r := range got {
		idx[r.Rel] = r
	}
	if len(want) != len(got) {
		return fmt.Errorf("%d entries, expected %d", len(got), len(want))
	}
	for _, w := range want {
		g, ok := idx[w.Rel]
		switch {
		case !ok:
			return fmt.Errorf("%s is missing", w.Rel)
		case g.Dir != w.Dir || g.Link != w.Link || g.Size != w.Size || g.SHA256 != w.SHA256:
			return fmt.Errorf("%s changed", w.Rel)
		}
	}
	return nil
}

// copyTree copies a tree preserving modes and modification times.
func copyTree(from, to string) error {
	type dirTime struct {
		path string
		t    time.Time
	}
	var dirs []dirTime
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		switch {
		case fi.IsDir():
			if err := os.MkdirAll(dst, fi.Mode().Perm()|0o700); err != nil {
				return err
			}
			dirs = append(dirs, dirTime{dst, fi.ModTime()})
		case fi.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, dst)
		case fi.Mode().IsRegular():
			if err := copyFile(p, dst, fi); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		_ = os.Chtimes(dirs[i].path, dirs[i].t, dirs[i].t)
	}
	return nil
}

func copyFile(src, dst string, fi fs.FileInfo) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fi.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chtimes(dst, fi.ModTime(), fi.ModTime())
}

func emptyDir(p string) bool {
	entries, err := os.ReadDir(p)
	return err == nil && len(entries) == 0
}

// Pruned is one item retention removed.
type Pruned struct {
	Entry, Item, Original string
	Bytes                 int64
}

// Prune deletes quarantined items older than maxAge, then the oldest ones
// until the quarantine holds at most maxBytes. Zero disables a limit. It is
// the only code that deletes what fixes moved away.
func (q *Quarantine) Prune(maxAge time.Duration, maxBytes int64) ([]Pruned, error) {
	var items []Manifest
	entries, err := os.ReadDir(q.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		sub, _ := os.ReadDir(filepath.Join(q.Dir, e.Name()))
		for _, s := range sub {
			if m, err := ReadManifest(filepath.Join(q.Dir, e.Name(), s.Name())); err == nil {
				items = append(items, m)
			}
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Time.Before(items[j].Time) })
	var total int64
	for _, m := range items {
		total += m.Bytes
	}
	now := q.now()
	var out []Pruned
	for _, m := range items {
		old := maxAge > 0 && now.Sub(m.Time) > maxAge
		big := maxBytes > 0 && total > maxBytes
		if !old && !big {
			continue
		}
		dir, err := q.itemDir(m.Entry, m.Item)
		if err != nil {
			continue
		}
		if err := os.RemoveAll(dir); err != nil {
			return out, err
		}
		total -= m.Bytes
		out = append(out, Pruned{m.Entry, m.Item, m.Original, m.Bytes})
		parent := filepath.Dir(dir)
		if emptyDir(parent) {
			_ = os.Remove(parent)
		}
	}
	return out, nil
}
