// Package sqlitefile reads the rows of SQLite rowid tables straight from
// the bytes of a database file and its write-ahead log.
//
// It exists so WPS Sync Doctor can look into the sync assistant's database
// without a SQLite engine: the pure-Go driver cost minutes of compile time
// on every CI target, and an engine opening the file takes locks, runs WAL
// recovery and creates -shm or -journal files beside a database that WPS
// keeps open. This reader needs no cgo, takes no locks and never writes; it
// works on byte slices the caller has read. It knows just enough of the file
// format (https://www.sqlite.org/fileformat2.html) to list a table's rows
// newest first: the header, the WAL, table b-trees with overflow pages,
// records, and the CREATE TABLE statements in sqlite_schema. There is no
// SQL; indexes are never read; WITHOUT ROWID and virtual tables are refused.
//
// Input is treated as hostile: every offset is bounds-checked and a scan
// visits each page at most once, at most 20 levels deep, so a damaged or
// crafted file yields ErrNotSQLite or ErrCorrupt, never a panic or endless
// work.
package sqlitefile

import (
	"encoding/binary"
	"errors"
	"fmt"
)

var (
	// ErrNotSQLite: the bytes do not start with a SQLite 3 header this
	// reader understands.
	ErrNotSQLite = errors.New("sqlitefile: not a SQLite 3 database")
	// ErrCorrupt: a structure inside the file is inconsistent.
	ErrCorrupt = errors.New("sqlitefile: database is corrupt")
	// ErrNoTable: sqlite_schema has no table of that name.
	ErrNoTable = errors.New("sqlitefile: no such table")
	// ErrUnsupported: the table exists but is stored in a way this reader
	// does not implement (WITHOUT ROWID, virtual tables).
	ErrUnsupported = errors.New("sqlitefile: unsupported table")
)

func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...)
}

func notSQLite(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrNotSQLite}, args...)...)
}

// Text encodings as stored at header offset 56.
const (
	encUTF8    = 1
	encUTF16LE = 2
	encUTF16BE = 3
)

// File is a database opened from bytes. It keeps references to the slices
// given to Open, which must not be modified while the File is in use.
type File struct {
	db        []byte
	filePages uint32 // pages present in db (a partial last page is zero-padded)
	pageSize  int
	usable    int // page size minus the reserved bytes at the end of each page
	enc       byte
	nPage     uint32 // database size in pages as of the newest commit

	wal      []byte
	walPages map[uint32]int // page → offset in wal of its newest committed copy

	maxPayload uint64 // no record can be larger than the input itself
}

// Open parses the database header and applies the committed frames of the
// write-ahead log wal (the -wal file's bytes; nil if there is none). A WAL
// that is empty or has an invalid header is ignored, as SQLite does, and so
// is one written for another page size; only frames up to its last valid
// commit count.
func Open(db, wal []byte) (*File, error) {
	if len(db) == 0 {
		return nil, notSQLite("empty file")
	}
	h, err := parseHeader(db)
	if err != nil {
		return nil, err
	}
	if rem := len(db) % h.pageSize; rem != 0 {
		// SQLite reads past the end of a short file as zeros.
		db = append(db[:len(db):len(db)], make([]byte, h.pageSize-rem)...)
	}
	n := uint64(len(db) / h.pageSize)
	if n > maxPages {
		n = maxPages
	}
	f := &File{db: db, filePages: uint32(n), pageSize: h.pageSize, nPage: uint32(n)}
	if pages, size, ok := readWAL(wal, h.pageSize); ok {
		f.wal, f.walPages, f.nPage = wal, pages, size
	}
	// Page 1 as of the newest commit holds the header that counts.
	p1 := f.rawPage(1)
	if p1 == nil {
		return nil, corrupt("page 1 missing")
	}
	if h, err = parseHeader(p1); err != nil {
		return nil, err
	}
	if h.pageSize != f.pageSize {
		return nil, corrupt("page size changed from %d to %d", f.pageSize, h.pageSize)
	}
	f.usable, f.enc = h.usable, h.enc
	// The in-header size is valid only when the change counter matches
	// version-valid-for (older writers did not maintain it). A size beyond
	// the file is not trusted: pages that are not there read as corrupt.
	if size := binary.BigEndian.Uint32(p1[28:]); size != 0 && string(p1[24:28]) == string(p1[92:96]) && size < f.nPage {
		f.nPage = size
	}
	f.maxPayload = min(uint64(len(db))+uint64(len(wal)), maxPayload)
	return f, nil
}

const (
	maxPages   = 0xfffffffe // SQLite's largest page number
	maxPayload = 1<<31 - 1  // SQLite's hard limit on the size of a row
)

type header struct {
	pageSize, usable int
	enc              byte
}

// parseHeader checks the 100-byte database header at the start of p.
func parseHeader(p []byte) (header, error) {
	var h header
	if len(p) < 100 || string(p[:16]) != "SQLite format 3\x00" {
		return h, notSQLite("bad magic")
	}
	ps := int(binary.BigEndian.Uint16(p[16:]))
	if ps == 1 {
		ps = 65536
	}
	if ps < 512 || ps&(ps-1) != 0 {
		return h, notSQLite("page size %d", ps)
	}
	if p[19] > 2 {
		return h, notSQLite("read format version %d", p[19])
	}
	if p[21] != 64 || p[22] != 32 || p[23] != 32 {
		return h, notSQLite("payload fractions %d/%d/%d", p[21], p[22], p[23])
	}
	usable := ps - int(p[20])
	if usable < 480 {
		return h, notSQLite("usable page size %d", usable)
	}
	enc := binary.BigEndian.Uint32(p[56:])
	switch enc {
	case 0: // a database that never had a schema
		enc = encUTF8
	case encUTF8, encUTF16LE, encUTF16BE:
	default:
		return h, notSQLite("text encoding %d", enc)
	}
	return header{pageSize: ps, usable: usable, enc: byte(enc)}, nil
}

// WAL layout constants (fileformat2.html, section 4).
const (
	walHeaderSize      = 32
	walFrameHeaderSize = 24
	walMagic           = 0x377f0682
	walVersion         = 3007000
)

// walFrame is a frame of the WAL that passed the salt and checksum checks.
type walFrame struct {
	pgno   uint32
	commit uint32 // database size in pages after this commit; 0 if not a commit
	off    int    // offset of the page image in the WAL
}

// scanWAL returns the valid frames of wal in order, up to the first one
// whose salt or running checksum is wrong, and the index of the last commit
// frame among them (-1 if there is none). An invalid header yields none.
func scanWAL(wal []byte, pageSize int) (frames []walFrame, lastCommit int) {
	lastCommit = -1
	if len(wal) < walHeaderSize {
		return nil, -1
	}
	be := binary.BigEndian
	magic := be.Uint32(wal)
	if magic&^1 != walMagic || be.Uint32(wal[4:]) != walVersion || be.Uint32(wal[8:]) != uint32(pageSize) {
		return nil, -1
	}
	bigEndianSums := magic&1 == 1
	s0, s1 := walChecksum(bigEndianSums, wal[:24], 0, 0)
	if s0 != be.Uint32(wal[24:]) || s1 != be.Uint32(wal[28:]) {
		return nil, -1
	}
	salts := wal[16:24]
	frameSize := walFrameHeaderSize + pageSize
	for off := walHeaderSize; len(wal)-off >= frameSize; off += frameSize {
		fh := wal[off : off+walFrameHeaderSize]
		pgno := be.Uint32(fh)
		if pgno == 0 || string(fh[8:16]) != string(salts) {
			break
		}
		s0, s1 = walChecksum(bigEndianSums, fh[:8], s0, s1)
		s0, s1 = walChecksum(bigEndianSums, wal[off+walFrameHeaderSize:off+frameSize], s0, s1)
		if s0 != be.Uint32(fh[16:]) || s1 != be.Uint32(fh[20:]) {
			break
		}
		fr := walFrame{pgno: pgno, commit: be.Uint32(fh[4:]), off: off + walFrameHeaderSize}
		frames = append(frames, fr)
		if fr.commit != 0 {
			lastCommit = len(frames) - 1
		}
	}
	return frames, lastCommit
}

// readWAL returns the newest committed copy of each page in wal and the
// database size in pages after the last commit; ok is false when the WAL
// holds no valid commit.
func readWAL(wal []byte, pageSize int) (pages map[uint32]int, dbSize uint32, ok bool) {
	frames, last := scanWAL(wal, pageSize)
	if last < 0 {
		return nil, 0, false
	}
	pages = make(map[uint32]int)
	for _, fr := range frames[:last+1] {
		pages[fr.pgno] = fr.off // later frames win
	}
	return pages, min(frames[last].commit, maxPages), true
}

// walChecksum continues the WAL's running checksum over b (a multiple of 8
// bytes), reading 32-bit words in the byte order the WAL magic names.
func walChecksum(bigEndian bool, b []byte, s0, s1 uint32) (uint32, uint32) {
	var order binary.ByteOrder = binary.LittleEndian
	if bigEndian {
		order = binary.BigEndian
	}
	for i := 0; i+8 <= len(b); i += 8 {
		s0 += order.Uint32(b[i:]) + s1
		s1 += order.Uint32(b[i+4:]) + s0
	}
	return s0, s1
}

// rawPage returns the newest committed copy of page pgno, or nil.
func (f *File) rawPage(pgno uint32) []byte {
	if off, ok := f.walPages[pgno]; ok {
		return f.wal[off : off+f.pageSize]
	}
	if pgno == 0 || pgno > f.filePages {
		return nil
	}
	off := int(pgno-1) * f.pageSize
	return f.db[off : off+f.pageSize]
}

// page returns the usable part of page pgno.
func (f *File) page(pgno uint32) ([]byte, error) {
	if pgno == 0 || pgno > f.nPage {
		return nil, corrupt("page %d out of range 1..%d", pgno, f.nPage)
	}
	p := f.rawPage(pgno)
	if p == nil {
		return nil, corrupt("page %d missing from file and WAL", pgno)
	}
	return p[:f.usable], nil
}

// PageSize is the database page size in bytes.
func (f *File) PageSize() int { return f.pageSize }
