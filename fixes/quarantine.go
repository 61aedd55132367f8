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
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"
)

// Quarantine holds what fixes moved out of the way, each item with a
// manifest (original path, sizes, hashes, modes), until undo restores it or
// the user prunes it (Prune, never younger than the retention period).
// Nothing a fix touches is ever deleted directly.
type Quarantine struct {
	Dir string
	Now func() time.Time
	// Roots are the trusted folders (the user's home): a link at or above a
	// root is accepted, but no component below it may be a symlink or
	// junction. A path under no root is checked from its volume's root.
	// Empty means the user's home and the temp folder.
	Roots []string
	// forceCopy makes Move and Restore take the cross-device path (tests).
	forceCopy bool
	// copied, when set, is called after each write of a cross-device copy
	// with the bytes copied so far (tests simulate a crash with it).
	copied func(total int64)
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
	// RelRaw and LinkRaw keep names that are not UTF-8 byte for byte (JSON
	// strings would replace their bytes); Rel and Link then show them.
	RelRaw  []byte `json:"rel_raw,omitempty"`
	LinkRaw []byte `json:"link_raw,omitempty"`
}

// Manifest describes one quarantined item.
type Manifest struct {
	Entry       string       `json:"entry"`
	Item        string       `json:"item"`
	Original    string       `json:"original"`
	OriginalRaw []byte       `json:"original_raw,omitempty"`
	Time        time.Time    `json:"time"`
	Bytes       int64        `json:"bytes"`
	Files       []FileRecord `json:"files"`
}

var (
	// ErrNewerExists is returned (wrapped, with the path) when restore finds
	// something new at the original place; it is never overwritten.
	ErrNewerExists = errors.New("a newer file or folder exists at the original place; it was left alone")
	// ErrLinkInPath: a component of a path to move or restore is a symbolic
	// link or junction; the quarantine never moves through one.
	ErrLinkInPath = errors.New("is a symbolic link or junction; it is never followed, so nothing was moved")
	// ErrOtherFileSystem: the tree to move holds a mount point.
	ErrOtherFileSystem = errors.New("holds another file system (a mount point); nothing was moved")
	// ErrItemGone: the quarantined item is no longer there (pruned).
	ErrItemGone = errors.New("is no longer in the quarantine (pruned); it cannot be restored")
)

// Restore outcomes (the step's output).
const (
	RestoredNothingMoved = "nothing was moved"
	RestoredAlready      = "already restored"
)

// Names inside an item's folder: the manifest, the moved data, the
// unfinished copy of a cross-device move, and the marker of a restored item.
const (
	manifestName = "manifest.json"
	dataName     = "data"
	partialName  = "data.partial"
	restoredName = "restored.json"
)

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

func (q *Quarantine) roots() []string {
	var out []string
	for _, r := range q.Roots {
		if r != "" && filepath.IsAbs(r) {
			out = append(out, filepath.Clean(r))
		}
	}
	if len(out) == 0 {
		if h, err := os.UserHomeDir(); err == nil && filepath.IsAbs(h) {
			out = append(out, filepath.Clean(h))
		}
		out = append(out, filepath.Clean(os.TempDir()))
	}
	return out
}

// isLink reports a symbolic link or a junction (Go reports Windows mount
// points and other name-surrogate reparse points as irregular).
func isLink(fi fs.FileInfo) bool {
	return fi.Mode()&(fs.ModeSymlink|fs.ModeIrregular) != 0
}

// LinkInPath returns the first component of p, below the trusted root
// that holds p (or below its volume's root), that is a symbolic link or a
// junction, checked with lstat one component at a time; "" when there is
// none. Components that do not exist end the check.
func LinkInPath(roots []string, p string) (string, error) {
	p = filepath.Clean(p)
	if !filepath.IsAbs(p) {
		return "", fmt.Errorf("%q is not an absolute path", p)
	}
	base := filepath.VolumeName(p) + string(filepath.Separator)
	for _, r := range roots {
		if rel, err := filepath.Rel(r, p); err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && len(r) > len(base) {
			base = r
		}
	}
	rel, err := filepath.Rel(base, p)
	if err != nil {
		return "", err
	}
	cur := base
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if part == "" || part == "." {
			continue
		}
		cur = filepath.Join(cur, part)
		fi, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		if isLink(fi) {
			return cur, nil
		}
	}
	return "", nil
}

func (q *Quarantine) checkNoLink(p string) error {
	link, err := LinkInPath(q.roots(), p)
	if err != nil {
		return fmt.Errorf("quarantine: %w", err)
	}
	if link != "" {
		return fmt.Errorf("quarantine: %s %w", link, ErrLinkInPath)
	}
	return nil
}

// Move moves path into the quarantine as entry/item. The manifest is
// written and fsynced before the move. A missing path is not an error:
// there is nothing to move (the manifest records that). A path with a
// symbolic link or junction in any component below the trusted root is
// refused (ErrLinkInPath), as is a tree that spans file systems.
func (q *Quarantine) Move(entry, item, path string) (Manifest, error) {
	dir, err := q.itemDir(entry, item)
	if err != nil {
		return Manifest{}, err
	}
	if !filepath.IsAbs(path) {
		return Manifest{}, fmt.Errorf("quarantine: %q is not an absolute path", path)
	}
	path = filepath.Clean(path)
	m := Manifest{Entry: entry, Item: item, Original: path, Time: q.now().UTC()}
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return m, writeManifest(dir, m)
	} else if err != nil {
		return m, err
	}
	if err := q.checkNoLink(path); err != nil {
		return m, err
	}
	if m.Files, m.Bytes, err = scan(path); err != nil {
		return m, fmt.Errorf("quarantine: reading %s: %w", path, err)
	}
	if err := writeManifest(dir, m); err != nil {
		return m, err
	}
	if err := q.move(path, filepath.Join(dir, dataName), filepath.Join(dir, partialName), m.Files); err != nil {
		return m, fmt.Errorf("quarantine: moving %s: %w", path, err)
	}
	return m, nil
}

// restoreTemp is the name a cross-device restore copies to, next to the
// original place; it is fixed per item so a later restore finds (and
// removes) what an interrupted one left.
func restoreTemp(m Manifest) string {
	sum := sha256.Sum256([]byte(m.Entry + "/" + m.Item))
	return filepath.Join(filepath.Dir(m.Original), ".wpsdoctor-restore-"+hex.EncodeToString(sum[:6]))
}

// Restore moves entry/item back to its original place after checking the
// hashes and modes. It refuses, with ErrNewerExists, when the original
// place holds something new; what is there is kept when it is an empty
// folder WPS recreated, the item itself (an earlier restore was
// interrupted after its copy), or part of the item (a cross-device move
// was interrupted while removing the original).
func (q *Quarantine) Restore(entry, item string) (Manifest, error) {
	m, _, err := q.restore(entry, item)
	return m, err
}

// RestoreReport is Restore with a short account of what it did, for the
// step's output: RestoredNothingMoved when the move never completed (its
// partial copy is removed), RestoredAlready, or the files restored.
func (q *Quarantine) RestoreReport(entry, item string) (string, error) {
	m, note, err := q.restore(entry, item)
	if note == "" && err == nil {
		note = fmt.Sprintf("%d files, %d bytes restored to %s", len(m.Files), m.Bytes, m.Original)
	}
	return note, err
}

func (q *Quarantine) restore(entry, item string) (Manifest, string, error) {
	dir, err := q.itemDir(entry, item)
	if err != nil {
		return Manifest{}, "", err
	}
	m, err := ReadManifest(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Stat(filepath.Join(dir, restoredName)); err == nil {
			return m, RestoredAlready, nil
		}
		return m, "", fmt.Errorf("quarantine item %s/%s %w", entry, item, ErrItemGone)
	}
	if err != nil {
		return m, "", err
	}
	// An interrupted cross-device move leaves its copy under partialName
	// and the original untouched: nothing was moved.
	if err := os.RemoveAll(filepath.Join(dir, partialName)); err != nil {
		return m, "", err
	}
	tmp := restoreTemp(m)
	data := filepath.Join(dir, dataName)
	if _, err := os.Lstat(data); errors.Is(err, fs.ErrNotExist) {
		// Never moved; a restore copy can only be ours and stale.
		if err := q.removeStaleTemp(tmp); err != nil {
			return m, "", err
		}
		return m, RestoredNothingMoved, q.markRestored(dir)
	}
	if err := q.checkNoLink(filepath.Dir(m.Original)); err != nil {
		return m, "", err
	}
	if err := q.removeStaleTemp(tmp); err != nil {
		return m, "", err
	}
	if fi, err := os.Lstat(m.Original); err == nil {
		have, _, scanErr := scan(m.Original)
		switch {
		case scanErr != nil || isLink(fi):
			return m, "", fmt.Errorf("%s: %w", m.Original, ErrNewerExists)
		case fi.IsDir() && len(have) == 1:
			// An empty folder WPS recreated.
		case sameFiles(m.Files, have) == nil:
			// An earlier restore finished its rename and was interrupted
			// before it removed the quarantined copy.
			return m, RestoredAlready, q.markRestored(dir)
		case subsetOf(have, m.Files) && complete(data, m.Files):
			// What remains of a cross-device move interrupted while it
			// removed the original; the quarantine holds all of it.
		default:
			return m, "", fmt.Errorf("%s: %w", m.Original, ErrNewerExists)
		}
		if err := os.RemoveAll(m.Original); err != nil {
			return m, "", err
		}
	}
	if err := os.MkdirAll(filepath.Dir(m.Original), 0o700); err != nil {
		return m, "", err
	}
	if err := q.move(data, m.Original, tmp, m.Files); err != nil {
		return m, "", fmt.Errorf("restoring %s: %w", m.Original, err)
	}
	got, _, err := scan(m.Original)
	if err != nil {
		return m, "", err
	}
	if err := sameFiles(m.Files, got); err != nil {
		return m, "", fmt.Errorf("restored %s differs from its manifest: %w", m.Original, err)
	}
	return m, "", q.markRestored(dir)
}

// removeStaleTemp removes what an interrupted restore left at tmp, unless
// tmp is not ours to remove (a link is removed, never followed).
func (q *Quarantine) removeStaleTemp(tmp string) error {
	if _, err := os.Lstat(tmp); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err := q.checkNoLink(filepath.Dir(tmp)); err != nil {
		return err
	}
	return os.RemoveAll(tmp)
}

// markRestored replaces the item's data and manifest with a marker, so a
// repeated undo knows the item came back (and is not pruned away).
func (q *Quarantine) markRestored(dir string) error {
	if err := os.RemoveAll(filepath.Join(dir, dataName)); err != nil {
		return err
	}
	err := os.Rename(filepath.Join(dir, manifestName), filepath.Join(dir, restoredName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// move renames, or across file systems copies to tmp (next to to),
// verifies the copy (contents and modes), renames tmp to to and removes
// from. A crash during the copy leaves only tmp behind.
func (q *Quarantine) move(from, to, tmp string, want []FileRecord) error {
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
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	if err := q.copyTree(from, tmp); err != nil {
		_ = os.RemoveAll(tmp)
		return err
	}
	got, _, err := scan(tmp)
	if err == nil {
		err = sameFiles(want, got)
	}
	if err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("copy verification failed: %w", err)
	}
	if err := os.Rename(tmp, to); err != nil {
		_ = os.RemoveAll(tmp)
		return err
	}
	syncDir(filepath.Dir(to))
	return os.RemoveAll(from)
}

// ReadManifest reads an item's manifest.
func ReadManifest(itemDir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(itemDir, manifestName))
	if err != nil {
		return m, fmt.Errorf("quarantine manifest: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("quarantine manifest %s: %w", itemDir, err)
	}
	if m.OriginalRaw != nil {
		m.Original = string(m.OriginalRaw)
	}
	for i := range m.Files {
		if r := &m.Files[i]; r.RelRaw != nil {
			r.Rel = string(r.RelRaw)
		}
		if r := &m.Files[i]; r.LinkRaw != nil {
			r.Link = string(r.LinkRaw)
		}
	}
	return m, nil
}

func writeManifest(dir string, m Manifest) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if !utf8.ValidString(m.Original) {
		m.OriginalRaw = []byte(m.Original)
	}
	m.Files = slices.Clone(m.Files)
	for i := range m.Files {
		if r := &m.Files[i]; !utf8.ValidString(r.Rel) {
			r.RelRaw = []byte(r.Rel)
		}
		if r := &m.Files[i]; !utf8.ValidString(r.Link) {
			r.LinkRaw = []byte(r.Link)
		}
	}
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, manifestName), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
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

// scan records a tree without following symlinks. A tree that holds
// another file system (a mount point) is refused: moving it would move, or
// copy and delete, what is mounted there.
func scan(root string) ([]FileRecord, int64, error) {
	var recs []FileRecord
	var total int64
	var rootDev uint64
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		if dev, ok := deviceOf(fi); ok {
			if p == root {
				rootDev = dev
			} else if dev != rootDev {
				return fmt.Errorf("%s %w", p, ErrOtherFileSystem)
			}
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
		case fi.Mode()&fs.ModeIrregular != 0:
			// A junction or other reparse point: a copy could not bring it
			// back, and what it points at is never ours to move.
			return fmt.Errorf("%s %w", p, ErrLinkInPath)
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

// modeBits are the bits a restore must bring back exactly: type,
// permissions, setuid, setgid and sticky. A symlink's own permissions mean
// nothing and differ between systems.
func modeBits(m uint32) fs.FileMode {
	fm := fs.FileMode(m)
	if fm&fs.ModeSymlink != 0 {
		return fs.ModeSymlink
	}
	return fm & (fs.ModeType | fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
}

// exactPerm is what os.Chmod must set to restore a recorded mode.
func exactPerm(m fs.FileMode) fs.FileMode {
	return m & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
}

func sameRecord(w, g FileRecord) bool {
	return g.Dir == w.Dir && g.Link == w.Link && g.Size == w.Size && g.SHA256 == w.SHA256 && modeBits(g.Mode) == modeBits(w.Mode)
}

// sameFiles compares two scans by path, type, size, hash and mode.
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
			return fmt.Errorf("%q is missing", w.Rel)
		case modeBits(g.Mode) != modeBits(w.Mode) && g.Dir == w.Dir && g.SHA256 == w.SHA256:
			return fmt.Errorf("%q has mode %v, expected %v", w.Rel, modeBits(g.Mode), modeBits(w.Mode))
		case !sameRecord(w, g):
			return fmt.Errorf("%q changed", w.Rel)
		}
	}
	return nil
}

// subsetOf reports whether every record of have is, unchanged, in want.
func subsetOf(have, want []FileRecord) bool {
	idx := map[string]FileRecord{}
	for _, r := range want {
		idx[r.Rel] = r
	}
	for _, h := range have {
		if w, ok := idx[h.Rel]; !ok || !sameRecord(w, h) {
			return false
		}
	}
	return true
}

// complete reports whether the tree at p is exactly the manifest's.
func complete(p string, want []FileRecord) bool {
	got, _, err := scan(p)
	return err == nil && sameFiles(want, got) == nil
}

// copyTree copies a tree to the new path to, bringing back each entry's
// mode bits exactly (umask and inherited setgid do not apply) and its
// modification time. Folders get their modes last, deepest first, so a
// read-only folder is filled before it becomes read-only.
func (q *Quarantine) copyTree(from, to string) error {
	type dirMeta struct {
		path string
		mode fs.FileMode
		t    time.Time
	}
	var dirs []dirMeta
	var copied int64
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
			if err := os.Mkdir(dst, 0o700); err != nil {
				return err
			}
			dirs = append(dirs, dirMeta{dst, fi.Mode(), fi.ModTime()})
		case fi.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, dst)
		case fi.Mode().IsRegular():
			if err := q.copyFile(p, dst, fi, &copied); err != nil {
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
		if err := os.Chmod(dirs[i].path, exactPerm(dirs[i].mode)); err != nil {
			return err
		}
	}
	return nil
}

// countingWriter reports the bytes written so far to a hook.
type countingWriter struct {
	w     io.Writer
	total *int64
	hook  func(int64)
}

func (c countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	*c.total += int64(n)
	if c.hook != nil {
		c.hook(*c.total)
	}
	return n, err
}

func (q *Quarantine) copyFile(src, dst string, fi fs.FileInfo, copied *int64) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	var w io.Writer = out
	if q.copied != nil {
		w = countingWriter{out, copied, q.copied}
	}
	if _, err := io.CopyBuffer(w, in, make([]byte, 32<<10)); err != nil {
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
	if err := os.Chtimes(dst, fi.ModTime(), fi.ModTime()); err != nil {
		return err
	}
	// After the write: writing clears setuid and setgid.
	return os.Chmod(dst, exactPerm(fi.Mode()))
}

func emptyDir(p string) bool {
	entries, err := os.ReadDir(p)
	return err == nil && len(entries) == 0
}

// Retention: what pruning keeps whatever its size. An entry (one applied
// fix) is pruned only when it is older than MinAge and not among the
// KeepNewest newest entries. Size never decides: the user must have had the
// time to notice a problem and undo.
type Retention struct {
	MinAge     time.Duration
	KeepNewest int
}

// DefaultRetention keeps two weeks and at least the five newest entries;
// Prune never keeps less, whatever it is given.
var DefaultRetention = Retention{MinAge: 14 * 24 * time.Hour, KeepNewest: 5}

func (r Retention) atLeastDefault() Retention {
	return Retention{MinAge: max(r.MinAge, DefaultRetention.MinAge), KeepNewest: max(r.KeepNewest, DefaultRetention.KeepNewest)}
}

// Pruned is one item pruning removes (or, in a dry run, would remove).
type Pruned struct {
	Entry    string    `json:"entry"`
	Item     string    `json:"item"`
	Original string    `json:"original"`
	Bytes    int64     `json:"bytes"`
	Time     time.Time `json:"time"`
	Restored bool      `json:"restored,omitempty"` // only the marker of a restored item
}

type qEntry struct {
	name  string
	time  time.Time
	items []Pruned
}

// entries lists the quarantine's entries, newest first. An entry's time is
// that of its newest item; an entry with no readable manifest or marker is
// unknown and never pruned.
func (q *Quarantine) entries() ([]qEntry, error) {
	dirs, err := os.ReadDir(q.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []qEntry
	for _, d := range dirs {
		if !d.IsDir() || !safeID.MatchString(d.Name()) {
			continue
		}
		e := qEntry{name: d.Name()}
		items, _ := os.ReadDir(filepath.Join(q.Dir, d.Name()))
		known := true
		for _, it := range items {
			dir := filepath.Join(q.Dir, d.Name(), it.Name())
			m, err := ReadManifest(dir)
			restored := false
			if errors.Is(err, fs.ErrNotExist) {
				var b []byte
				if b, err = os.ReadFile(filepath.Join(dir, restoredName)); err == nil {
					err = json.Unmarshal(b, &m)
					restored = true
				}
			}
			if err != nil || m.Entry != d.Name() || m.Item != it.Name() || m.Time.IsZero() {
				known = false
				break
			}
			if m.Time.After(e.time) {
				e.time = m.Time
			}
			held := m.Bytes
			if restored {
				held = 0 // only the marker is left
			}
			e.items = append(e.items, Pruned{Entry: m.Entry, Item: m.Item, Original: m.Original, Bytes: held, Time: m.Time, Restored: restored})
		}
		if known && len(e.items) > 0 {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].time.After(out[j].time) })
	return out, nil
}

// Prunable lists the items pruning would remove under r (never less
// than DefaultRetention), oldest entry first. The newest KeepNewest
// entries that still hold files are kept whatever their age; an entry
// whose items were all restored holds only markers and counts for nothing.
func (q *Quarantine) Prunable(r Retention) ([]Pruned, error) {
	r = r.atLeastDefault()
	all, err := q.entries()
	if err != nil {
		return nil, err
	}
	now := q.now()
	var out []Pruned
	kept := 0
	for _, e := range all { // newest first
		holds := slices.ContainsFunc(e.items, func(p Pruned) bool { return !p.Restored })
		if holds && kept < r.KeepNewest {
			kept++
			continue
		}
		if now.Sub(e.time) > r.MinAge {
			out = append(slices.Clone(e.items), out...)
		}
	}
	return out, nil
}

// Prune deletes, for good, the entries Prunable lists. before is called
// for each item before it is deleted (the engine journals it there); an
// error from it stops pruning. This is the only code that deletes what
// fixes moved away, and it runs only when the user asks for it.
func (q *Quarantine) Prune(r Retention, before func(Pruned) error) ([]Pruned, error) {
	list, err := q.Prunable(r)
	if err != nil {
		return nil, err
	}
	var done []Pruned
	for _, p := range list {
		dir, err := q.itemDir(p.Entry, p.Item)
		if err != nil {
			continue
		}
		if before != nil {
			if err := before(p); err != nil {
				return done, err
			}
		}
		if err := os.RemoveAll(dir); err != nil {
			return done, err
		}
		done = append(done, p)
		if parent := filepath.Dir(dir); emptyDir(parent) {
			_ = os.Remove(parent)
		}
	}
	return done, nil
}
