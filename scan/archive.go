package scan

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
)

// Archive inspection reads only headers: the first bytes; for zip the
// end-of-central-directory record and the start of the central directory;
// for RAR up to eight block headers; for 7z the next header and, when it is
// LZMA-packed, enough of it to unpack its first KiB. Every read is bounded
// by the constants below. The format is recognised by signature, not by
// extension; a file no parser recognises counts as not encrypted.
const (
	headRead = 64  // signature + first block header
	zipTail  = 320 // EOCD (22 bytes) + a comment of up to ~300 bytes
	zipCD    = 384 // first few central directory entries
	rarBlock = 256 // one RAR block header
	rarMaxH  = 8   // headers inspected before giving up
	sevenZip = 256 // start of the 7z next header
)

var (
	sigZip     = []byte("PK\x03\x04")
	sigZipE    = []byte("PK\x05\x06")
	sigRar4    = []byte("Rar!\x1a\x07\x00")
	sigRar5    = []byte("Rar!\x1a\x07\x01\x00")
	sig7z      = []byte("7z\xbc\xaf\x27\x1c")
	aesCoderID = []byte{0x06, 0xf1, 0x07, 0x01} // 7zAES coder ID
)

// archiveFileEncryption opens path and reports how its content says it is
// encrypted, or "" when it does not (or is no archive we know).
func archiveFileEncryption(path string, size int64) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return archiveEncryption(f, size), nil
}

// readSome reads up to n bytes at off, returning what is there.
func readSome(r io.ReaderAt, off int64, n int, size int64) []byte {
	if off < 0 || off >= size {
		return nil
	}
	if rest := size - off; int64(n) > rest {
		n = int(rest)
	}
	buf := make([]byte, n)
	got, _ := r.ReadAt(buf, off)
	return buf[:got]
}

// archiveEncryption recognises zip, RAR4, RAR5 and 7z by signature.
func archiveEncryption(r io.ReaderAt, size int64) string {
	head := readSome(r, 0, headRead, size)
	switch {
	case bytes.HasPrefix(head, sigZip), bytes.HasPrefix(head, sigZipE):
		return zipEncryption(r, head, size)
	case bytes.HasPrefix(head, sigRar5):
		return rar5Encryption(r, size)
	case bytes.HasPrefix(head, sigRar4):
		return rar4Encryption(r, size)
	case bytes.HasPrefix(head, sig7z):
		return sevenZipEncryption(r, head, size)
	}
	return ""
}

// zipEncryption checks general-purpose flag bit 0 (set for PKWARE and AES
// encryption) in the first local header and in the first central
// directory entries.
func zipEncryption(r io.ReaderAt, head []byte, size int64) string {
	if bytes.HasPrefix(head, sigZip) && len(head) >= 8 && binary.LittleEndian.Uint16(head[6:])&1 != 0 {
		return "zip: encrypted entry (local header)"
	}
	tailOff := size - zipTail
	if tailOff < 0 {
		tailOff = 0
	}
	tail := readSome(r, tailOff, zipTail, size)
	i := bytes.LastIndex(tail, sigZipE)
	if i < 0 || len(tail)-i < 22 {
		return ""
	}
	eocd := tail[i:]
	cdSize := uint64(binary.LittleEndian.Uint32(eocd[12:]))
	cdOff := uint64(binary.LittleEndian.Uint32(eocd[16:]))
	if cdOff == 0xffffffff || cdSize == 0xffffffff {
		// zip64: the locator sits just before the EOCD and points at the
		// zip64 end record, which holds the real size and offset.
		loc := tailOff + int64(i) - 20
		lb := readSome(r, loc, 20, size)
		if len(lb) < 20 || !bytes.HasPrefix(lb, []byte("PK\x06\x07")) {
			return ""
		}
		rec := readSome(r, int64(binary.LittleEndian.Uint64(lb[8:])), 56, size)
		if len(rec) < 56 || !bytes.HasPrefix(rec, []byte("PK\x06\x06")) {
			return ""
		}
		cdSize = binary.LittleEndian.Uint64(rec[40:])
		cdOff = binary.LittleEndian.Uint64(rec[48:])
	}
	n := zipCD
	if cdSize < uint64(n) {
		n = int(cdSize)
	}
	if cdOff > uint64(size) {
		return ""
	}
	cd := readSome(r, int64(cdOff), n, size)
	for len(cd) >= 46 && bytes.HasPrefix(cd, []byte("PK\x01\x02")) {
		if binary.LittleEndian.Uint16(cd[8:])&1 != 0 {
			return "zip: encrypted entry (central directory)"
		}
		l := 46 + int(binary.LittleEndian.Uint16(cd[28:])) + int(binary.LittleEndian.Uint16(cd[30:])) + int(binary.LittleEndian.Uint16(cd[32:]))
		if l > len(cd) {
			break
		}
		cd = cd[l:]
	}
	return ""
}

// rar4Encryption walks the first block headers: the main header's
// MHD_PASSWORD (0x0080) means encrypted headers, a file header's
// LHD_PASSWORD (0x0004) an encrypted file. Directory entries are skipped.
func rar4Encryption(r io.ReaderAt, size int64) string {
	pos := int64(len(sigRar4))
	for range rarMaxH {
		b := readSome(r, pos, 36, size)
		if len(b) < 7 {
			return ""
		}
		typ := b[2]
		flags := binary.LittleEndian.Uint16(b[3:])
		hsize := int64(binary.LittleEndian.Uint16(b[5:]))
		if hsize < 7 {
			return ""
		}
		next := pos + hsize
		if flags&0x8000 != 0 && len(b) >= 11 { // ADD_SIZE follows (packed data for file blocks)
			next += int64(binary.LittleEndian.Uint32(b[7:]))
			if typ == 0x74 && flags&0x0100 != 0 && len(b) >= 36 { // LHD_LARGE: HIGH_PACK_SIZE at 32
				next += int64(binary.LittleEndian.Uint32(b[32:])) << 32
			}
		}
		switch typ {
		case 0x73: // main archive header
			if flags&0x0080 != 0 {
				return "rar4: encrypted headers"
			}
		case 0x74: // file header
			if flags&0x0004 != 0 {
				return "rar4: encrypted file"
			}
			if flags&0x00e0 != 0x00e0 { // a file, not a directory: decided
				return ""
			}
		case 0x7b: // end of archive
			return ""
		}
		if next <= pos {
			return ""
		}
		pos = next
	}
	return ""
}

// vint decodes a RAR5 variable-length integer, returning value and length
// (0 when truncated or too long).
func vint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 10; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i]&0x80 == 0 {
			return v, i + 1
		}
	}
	return 0, 0
}

// rar5Encryption walks the first block headers: an archive encryption
// header (type 4) means encrypted headers; a file header (type 2) whose
// extra area holds an encryption record (type 1) an encrypted file.
func rar5Encryption(r io.ReaderAt, size int64) string {
	pos := int64(len(sigRar5))
	for range rarMaxH {
		b := readSome(r, pos, rarBlock, size)
		if len(b) < 6 {
			return ""
		}
		hsize, n := vint(b[4:])
		if n == 0 || hsize == 0 || hsize > 1<<21 {
			return ""
		}
		start := 4 + n // header data: type, flags, ...
		end := start + int(hsize)
		if end > len(b) {
			b = readSome(r, pos, end, size)
			if len(b) < end {
				return ""
			}
		}
		h := b[start:end]
		typ, n1 := vint(h)
		flags, n2 := vint(h[n1:])
		if n1 == 0 || n2 == 0 {
			return ""
		}
		p := n1 + n2
		var extra, data uint64
		if flags&0x1 != 0 {
			v, k := vint(h[p:])
			if k == 0 {
				return ""
			}
			extra, p = v, p+k
		}
		if flags&0x2 != 0 {
			v, k := vint(h[p:])
			if k == 0 {
				return ""
			}
			data, p = v, p+k
		}
		switch typ {
		case 4:
			return "rar5: encrypted headers"
		case 2:
			fileFlags, k := vint(h[p:])
			if k == 0 {
				return ""
			}
			if extra > 0 && extra <= uint64(len(h)) && rar5HasCrypt(h[len(h)-int(extra):]) {
				return "rar5: encrypted file"
			}
			if fileFlags&0x1 == 0 { // a file, not a directory: decided
				return ""
			}
		case 5:
			return ""
		}
		next := pos + int64(end) + int64(data)
		if next <= pos || data > uint64(size) {
			return ""
		}
		pos = next
	}
	return ""
}

// rar5HasCrypt reports whether a file header's extra area has an
// encryption record (type 0x01).
func rar5HasCrypt(extra []byte) bool {
	for len(extra) > 0 {
		rsize, n := vint(extra)
		if n == 0 || rsize == 0 || uint64(len(extra)-n) < rsize {
			return false
		}
		rec := extra[n : n+int(rsize)]
		if typ, k := vint(rec); k > 0 && typ == 0x01 {
			return true
		}
		extra = extra[n+int(rsize):]
	}
	return false
}

// sevenZipEncryption looks at the 7z "next header". An encoded header
// (0x17) describes how the real header is packed: an AES coder there means
// encrypted headers (7z -mhe). Otherwise, when the header is packed with
// LZMA (the 7-Zip default), the first decoded bytes are unpacked and their
// coder list searched for AES (content encrypted, names visible). A plain
// header (0x01) is searched directly.
func sevenZipEncryption(r io.ReaderAt, head []byte, size int64) string {
	if len(head) < 32 {
		return ""
	}
	off := binary.LittleEndian.Uint64(head[12:])
	n := binary.LittleEndian.Uint64(head[20:])
	if n == 0 || off > uint64(size) {
		return ""
	}
	if n > sevenZip {
		n = sevenZip
	}
	h := readSome(r, 32+int64(off), int(n), size)
	if len(h) == 0 {
		return ""
	}
	switch h[0] {
	case 0x01:
		if bytes.Contains(h, aesCoderID) {
			return "7z: AES coder"
		}
	case 0x17:
		if bytes.Contains(h, aesCoderID) {
			return "7z: encrypted headers (AES)"
		}
		dec := sevenZipDecodeHeader(r, h[1:], size)
		if len(dec) > 0 && dec[0] == 0x01 && bytes.Contains(dec, aesCoderID) {
			return "7z: AES coder"
		}
	}
	return ""
}
