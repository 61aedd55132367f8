package scan

import (
	"bufio"
	"bytes"
	"io"

	"github.com/ulikunitz/xz/lzma"
)

// sevenZipDecoded bounds how much of a packed 7z header is unpacked: the
// coder list (MainStreamsInfo) precedes the file names, so the first bytes
// suffice, and the input consumed stays around a kilobyte.
const sevenZipDecoded = 1024

var coderLZMAID = []byte{0x03, 0x01, 0x01}

// sevenZipNumber decodes a 7z NUMBER: the count of leading one bits in the
// first byte says how many little-endian bytes follow.
func sevenZipNumber(b []byte) (uint64, int) {
	if len(b) == 0 {
		return 0, 0
	}
	first := b[0]
	var v uint64
	mask := byte(0x80)
	for i := 0; i < 8; i++ {
		if first&mask == 0 {
			high := uint64(first & (mask - 1))
			return v | high<<(8*uint(i)), i + 1
		}
		if len(b) < i+2 {
			return 0, 0
		}
		v |= uint64(b[i+1]) << (8 * uint(i))
		mask >>= 1
	}
	if len(b) < 9 {
		return 0, 0
	}
	for i := 0; i < 8; i++ {
		v |= uint64(b[i+1]) << (8 * uint(i))
	}
	return v, 9
}

// sevenZipDecodeHeader parses an encoded header's StreamsInfo (after the
// 0x17 byte) and, for a single LZMA coder, returns the first decoded bytes
// of the real header; nil when the layout is anything else.
func sevenZipDecodeHeader(r io.ReaderAt, si []byte, size int64) []byte {
	p := bytes.NewReader(si)
	num := func() (uint64, bool) {
		rest := si[len(si)-p.Len():]
		v, n := sevenZipNumber(rest)
		if n == 0 {
			return 0, false
		}
		p.Seek(int64(n), io.SeekCurrent)
		return v, true
	}
	expect := func(id byte) bool { b, err := p.ReadByte(); return err == nil && b == id }

	if !expect(0x06) { // kPackInfo
		return nil
	}
	packPos, ok1 := num()
	nPack, ok2 := num()
	if !ok1 || !ok2 || nPack != 1 || !expect(0x09) { // kSize
		return nil
	}
	packSize, ok := num()
	if !ok {
		return nil
	}
	for { // skip an optional kCRC up to kEnd
		b, err := p.ReadByte()
		if err != nil {
			return nil
		}
		if b == 0x00 {
			break
		}
		if b != 0x0a {
			return nil
		}
		if all, err := p.ReadByte(); err != nil || all != 1 {
			return nil
		}
		p.Seek(4, io.SeekCurrent)
	}
	if !expect(0x07) || !expect(0x0b) { // kUnPackInfo, kFolder
		return nil
	}
	if nf, ok := num(); !ok || nf != 1 || !expect(0x00) { // one folder, not external
		return nil
	}
	if nc, ok := num(); !ok || nc != 1 {
		return nil
	}
	flag, err := p.ReadByte()
	if err != nil || flag&0x10 != 0 || flag&0x20 == 0 { // simple coder with properties
		return nil
	}
	id := make([]byte, flag&0x0f)
	if _, err := io.ReadFull(p, id); err != nil || !bytes.Equal(id, coderLZMAID) {
		return nil
	}
	if ps, ok := num(); !ok || ps != 5 {
		return nil
	}
	props := make([]byte, 5)
	if _, err := io.ReadFull(p, props); err != nil {
		return nil
	}
	return sevenZipUnpackLZMA(r, size, packPos, packSize, props[0])
}

// sevenZipUnpackLZMA decodes the first sevenZipDecoded bytes of the packed
// stream at packPos (after the 32-byte signature header).
func sevenZipUnpackLZMA(r io.ReaderAt, size int64, packPos, packSize uint64, prop byte) []byte {
	start := 32 + packPos
	if packPos > uint64(size) || packSize > uint64(size) || start+packSize > uint64(size) {
		return nil
	}
	// A classic .lzma header: the coder's property byte, a dictionary of
	// 64 KiB (enough for the bytes we decode) and an unknown size.
	hdr := []byte{prop, 0x00, 0x00, 0x01, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
	packed := bufio.NewReaderSize(io.NewSectionReader(r, int64(start), int64(packSize)), 512)
	lr, err := lzma.NewReader(io.MultiReader(bytes.NewReader(hdr), packed))
	if err != nil {
		return nil
	}
	out := make([]byte, sevenZipDecoded)
	n, _ := io.ReadFull(lr, out)
	return out[:n]
}
