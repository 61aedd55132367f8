package sqlitefile

import (
	"encoding/binary"
	"errors"
	"testing"
)

// walFrameSpec is one frame for buildWAL.
type walFrameSpec struct {
	pgno, commit uint32
	page         []byte
}

// buildWAL writes a WAL with valid salts and checksums.
func buildWAL(ps int, bigEndian bool, frames ...walFrameSpec) []byte {
	magic := uint32(walMagic)
	if bigEndian {
		magic |= 1
	}
	w := binary.BigEndian.AppendUint32(nil, magic)
	w = binary.BigEndian.AppendUint32(w, walVersion)
	w = binary.BigEndian.AppendUint32(w, uint32(ps))
	w = binary.BigEndian.AppendUint32(w, 0)           // checkpoint sequence
	w = append(w, 0x11, 0x22, 0x33, 0x44, 5, 6, 7, 8) // salts
	w = append(w, make([]byte, 8)...)
	for _, fr := range frames {
		h := binary.BigEndian.AppendUint32(nil, fr.pgno)
		h = binary.BigEndian.AppendUint32(h, fr.commit)
		h = append(h, w[16:24]...)
		w = append(append(w, h...), make([]byte, 8)...)
		w = append(w, fr.page...)
	}
	return resealWAL(w)
}

// resealWAL recomputes the header checksum and the running checksum of
// every whole frame, keeping everything else (salts included): it lets
// tests and the fuzzer reach the frame logic behind the checksums.
func resealWAL(wal []byte) []byte {
	if len(wal) < walHeaderSize {
		return wal
	}
	w := append([]byte(nil), wal...)
	be := binary.BigEndian
	bigEndian := be.Uint32(w)&1 == 1
	s0, s1 := walChecksum(bigEndian, w[:24], 0, 0)
	be.PutUint32(w[24:], s0)
	be.PutUint32(w[28:], s1)
	ps := int(be.Uint32(w[8:]))
	if ps < 512 || ps > 65536 {
		return w
	}
	for off := walHeaderSize; off+walFrameHeaderSize+ps <= len(w); off += walFrameHeaderSize + ps {
		s0, s1 = walChecksum(bigEndian, w[off:off+8], s0, s1)
		s0, s1 = walChecksum(bigEndian, w[off+walFrameHeaderSize:off+walFrameHeaderSize+ps], s0, s1)
		be.PutUint32(w[off+16:], s0)
		be.PutUint32(w[off+20:], s1)
	}
	return w
}

// walBase is a database whose table t (root page 2) holds one row "v0",
// and leafWith builds replacement images of page 2.
func walBase() (db []byte, leafWith func(v string) []byte) {
	b := newBuilder(512)
	b.table("t", "CREATE TABLE t(a)", int64(b.newPage()))
	b.leaf(2, leafCellBytes(1, record("v0"), 0))
	return b.bytes(), func(v string) []byte {
		p := make([]byte, 512)
		writeBtreePage(p, 2, pageLeafTable, 0, [][]byte{leafCellBytes(1, record(v), 0)})
		return p
	}
}

func valueOfT(t *testing.T, db, wal []byte) string {
	t.Helper()
	rows, err := readAll(openBuilt(t, db, wal), "t")
	if err != nil || len(rows) != 1 {
		t.Fatalf("%v %v", rows, err)
	}
	return rows[0][0].String()
}

func TestWALFrames(t *testing.T) {
	db, leaf := walBase()
	corruptFrame := func(w []byte, i int, at int) []byte {
		w = append([]byte(nil), w...)
		w[walHeaderSize+i*(walFrameHeaderSize+512)+at] ^= 0xff
		return w
	}
	two := buildWAL(512, false, walFrameSpec{2, 2, leaf("v1")}, walFrameSpec{2, 2, leaf("v2")})
	for name, c := range map[string]struct {
		wal  []byte
		want string
	}{
		"no WAL":                       {nil, "v0"},
		"empty WAL":                    {[]byte{}, "v0"},
		"header only":                  {buildWAL(512, false), "v0"},
		"newest commit wins":           {two, "v2"},
		"big-endian checksums":         {buildWAL(512, true, walFrameSpec{2, 2, leaf("v1")}, walFrameSpec{2, 2, leaf("v2")}), "v2"},
		"uncommitted tail ignored":     {buildWAL(512, false, walFrameSpec{2, 2, leaf("v1")}, walFrameSpec{2, 0, leaf("v2")}), "v1"},
		"no commit at all":             {buildWAL(512, false, walFrameSpec{2, 0, leaf("v1")}), "v0"},
		"commit covers earlier frames": {buildWAL(512, false, walFrameSpec{2, 0, leaf("v1")}, walFrameSpec{1, 2, db[:512]}), "v1"},
		"bad page checksum stops":      {corruptFrame(two, 1, walFrameHeaderSize+100), "v1"},
		"bad frame checksum field":     {corruptFrame(two, 0, 16), "v0"},
		"salt mismatch stops":          {corruptFrame(two, 1, 8), "v1"},
		"page number zero stops":       {buildWAL(512, false, walFrameSpec{2, 2, leaf("v1")}, walFrameSpec{0, 2, leaf("v2")}), "v1"},
		"header checksum wrong":        {corruptFrame(two, 0, 24-walHeaderSize), "v0"},
		"bad magic":                    {resealWAL(corruptFrame(two, 0, 3-walHeaderSize)), "v0"},
		"unknown version":              {resealWAL(corruptFrame(two, 0, 7-walHeaderSize)), "v0"},
		"other page size":              {buildWAL(1024, false, walFrameSpec{2, 2, append(leaf("v1"), make([]byte, 512)...)}), "v0"},
		"torn last frame":              {two[:len(two)-1], "v1"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := valueOfT(t, db, c.wal); got != c.want {
				t.Errorf("read %q, want %q", got, c.want)
			}
		})
	}
}

// The WAL's page 1 carries the schema of the newest commit, and a commit's
// database size can cut pages off the end.
func TestWALSchemaAndSize(t *testing.T) {
	b := newBuilder(512)
	b.table("t", "CREATE TABLE t(a)", int64(b.newPage()))
	b.leaf(2, leafCellBytes(1, record("t row"), 0))
	u := b.newPage()
	b.leaf(u, leafCellBytes(1, record("u row"), 0))
	db := b.bytes()
	b.table("u", "CREATE TABLE u(a)", int64(u))
	p1 := b.bytes()[:512]

	wal := buildWAL(512, false, walFrameSpec{1, 3, p1})
	rows, err := readAll(openBuilt(t, db, wal), "u")
	if err != nil || len(rows) != 1 || rows[0][0].String() != "u row" {
		t.Errorf("table u created in the WAL: %v %v", rows, err)
	}
	if _, err := readAll(openBuilt(t, db, nil), "u"); !errors.Is(err, ErrNoTable) {
		t.Errorf("without the WAL: %v", err)
	}
	// A later commit shrinks the database to 2 pages: page 3 is gone.
	wal = buildWAL(512, false, walFrameSpec{1, 3, p1}, walFrameSpec{2, 2, db[512:1024]})
	if _, err := readAll(openBuilt(t, db, wal), "u"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("root beyond the committed size: %v", err)
	}
	// Page 1 in the WAL must keep the page size.
	bad := append([]byte(nil), p1...)
	binary.BigEndian.PutUint16(bad[16:], 1024)
	if _, err := Open(db, buildWAL(512, false, walFrameSpec{1, 3, bad})); !errors.Is(err, ErrCorrupt) {
		t.Errorf("page size changed by the WAL: %v", err)
	}
}
