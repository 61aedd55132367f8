package sqlitefile

import (
	"context"
	"encoding/binary"
)

// maxDepth is SQLite's own limit (BTCURSOR_MAX_DEPTH): a deeper tree is
// corrupt, and the limit bounds the recursion below.
const maxDepth = 20

// ctxEvery is how many pages a scan reads between context checks.
const ctxEvery = 256

// Table b-tree page types.
const (
	pageInteriorTable = 0x05
	pageLeafTable     = 0x0d
)

// scanner walks one table b-tree. Each page may be read once per scan,
// whether as a tree page or an overflow page: that detects cycles and
// shared pages and bounds the work by the size of the file.
type scanner struct {
	ctx     context.Context
	f       *File
	visited map[uint32]struct{}
}

// cellFunc receives a row's rowid and complete record; the payload may
// alias the database bytes. It returns false to stop the scan.
type cellFunc func(rowid int64, payload []byte) (bool, error)

// scanDesc calls fn for every row of the table b-tree at root, highest
// rowid first.
func (f *File) scanDesc(ctx context.Context, root uint32, fn cellFunc) error {
	s := &scanner{ctx: ctx, f: f, visited: make(map[uint32]struct{})}
	_, err := s.walk(root, 0, fn)
	return err
}

func (s *scanner) visit(pgno uint32) ([]byte, error) {
	if _, seen := s.visited[pgno]; seen {
		return nil, corrupt("page %d is reached twice", pgno)
	}
	if len(s.visited)%ctxEvery == 0 {
		if err := s.ctx.Err(); err != nil {
			return nil, err
		}
	}
	s.visited[pgno] = struct{}{}
	return s.f.page(pgno)
}

func (s *scanner) walk(pgno uint32, depth int, fn cellFunc) (more bool, err error) {
	if depth >= maxDepth {
		return false, corrupt("b-tree deeper than %d levels", maxDepth)
	}
	p, err := s.visit(pgno)
	if err != nil {
		return false, err
	}
	hdr := 0
	if pgno == 1 {
		hdr = 100 // the database header comes first
	}
	be := binary.BigEndian
	typ := p[hdr]
	ptrs := hdr + 8
	switch typ {
	case pageLeafTable:
	case pageInteriorTable:
		ptrs = hdr + 12
	default:
		return false, corrupt("page %d: type %#x is not a table b-tree page", pgno, typ)
	}
	n := int(be.Uint16(p[hdr+3:]))
	cellsStart := ptrs + 2*n
	if cellsStart > len(p) {
		return false, corrupt("page %d: %d cells do not fit", pgno, n)
	}
	cellAt := func(i int) (int, error) {
		off := int(be.Uint16(p[ptrs+2*i:]))
		if off < cellsStart || off >= len(p) {
			return 0, corrupt("page %d: cell %d at offset %d", pgno, i, off)
		}
		return off, nil
	}
	if typ == pageInteriorTable {
		// Keys in the right-most child are larger than any cell's key, and
		// each cell's left child holds keys up to that cell's key.
		if more, err := s.walk(be.Uint32(p[hdr+8:]), depth+1, fn); !more || err != nil {
			return more, err
		}
		for i := n - 1; i >= 0; i-- {
			off, err := cellAt(i)
			if err != nil {
				return false, err
			}
			if off+4 > len(p) {
				return false, corrupt("page %d: cell %d truncated", pgno, i)
			}
			if more, err := s.walk(be.Uint32(p[off:]), depth+1, fn); !more || err != nil {
				return more, err
			}
		}
		return true, nil
	}
	for i := n - 1; i >= 0; i-- {
		off, err := cellAt(i)
		if err != nil {
			return false, err
		}
		rowid, payload, err := s.leafCell(pgno, p, off)
		if err != nil {
			return false, err
		}
		if more, err := fn(rowid, payload); !more || err != nil {
			return more, err
		}
	}
	return true, nil
}

// leafCell decodes the table leaf cell at p[off:]: payload size, rowid,
// local payload, and the first overflow page when the payload spills.
func (s *scanner) leafCell(pgno uint32, p []byte, off int) (int64, []byte, error) {
	size, n := uvarint(p[off:])
	if n == 0 {
		return 0, nil, corrupt("page %d: payload size truncated", pgno)
	}
	off += n
	rowid, n := uvarint(p[off:])
	if n == 0 {
		return 0, nil, corrupt("page %d: rowid truncated", pgno)
	}
	off += n
	if size > s.f.maxPayload {
		return 0, nil, corrupt("page %d: payload of %d bytes", pgno, size)
	}
	total := int(size)
	local := localPayload(total, s.f.usable)
	if local > len(p)-off {
		return 0, nil, corrupt("page %d: local payload overruns the page", pgno)
	}
	if local == total {
		return int64(rowid), p[off : off+total], nil
	}
	if off+local+4 > len(p) {
		return 0, nil, corrupt("page %d: overflow pointer overruns the page", pgno)
	}
	buf := make([]byte, total)
	have := copy(buf, p[off:off+local])
	next := binary.BigEndian.Uint32(p[off+local:])
	for have < total {
		if next == 0 {
			return 0, nil, corrupt("page %d: overflow chain ends %d bytes short", pgno, total-have)
		}
		op, err := s.visit(next)
		if err != nil {
			return 0, nil, err
		}
		have += copy(buf[have:], op[4:])
		next = binary.BigEndian.Uint32(op)
	}
	return int64(rowid), buf, nil
}

// localPayload is how many bytes of a table leaf cell's payload of size p
// are stored on the page itself (fileformat2.html, "Cell Payload Overflow
// Pages"), for usable page size u.
func localPayload(p, u int) int {
	x := u - 35
	if p <= x {
		return p
	}
	m := ((u-12)*32/255 - 23)
	k := m + (p-m)%(u-4)
	if k <= x {
		return k
	}
	return m
}

// uvarint decodes SQLite's big-endian varint of 1 to 9 bytes; n is 0 when
// b ends first.
func uvarint(b []byte) (v uint64, n int) {
	for i := 0; i < 8; i++ {
		if i >= len(b) {
			return 0, 0
		}
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	if len(b) < 9 {
		return 0, 0
	}
	return v<<8 | uint64(b[8]), 9
}
