package scan

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ulikunitz/xz/lzma"
)

// zipBytes builds a zip with archive/zip. Entries whose name starts with
// "enc:" get general-purpose flag bit 0 (encrypted) in both the local and
// the central header, as an encrypting zipper writes them.
func zipBytes(t testing.TB, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, n := range names {
		fh := &zip.FileHeader{Name: strings.TrimPrefix(n, "enc:"), Method: zip.Store}
		if strings.HasPrefix(n, "enc:") {
			fh.Flags |= 0x1
		}
		fw, err := w.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(fh.Name, "/") {
			if _, err := fw.Write([]byte("content of " + fh.Name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// RAR4 blocks: CRC16, type, flags, size (little endian), then the body.
func rar4Block(typ byte, flags uint16, body []byte) []byte {
	b := make([]byte, 7, 7+len(body))
	b[2] = typ
	binary.LittleEndian.PutUint16(b[3:], flags)
	binary.LittleEndian.PutUint16(b[5:], uint16(7+len(body)))
	b = append(b, body...)
	binary.LittleEndian.PutUint16(b[0:], uint16(crc32.ChecksumIEEE(b[2:])))
	return b
}

// rar4 builds a RAR 1.5-4.x archive with one main header and the given file
// entries (name -> file flags), each followed by its packed data.
func rar4(mainFlags uint16, files ...struct {
	name  string
	flags uint16
}) []byte {
	out := append([]byte{}, sigRar4...)
	out = append(out, rar4Block(0x73, mainFlags, make([]byte, 6))...)
	for _, f := range files {
		data := []byte("packed:" + f.name)
		body := make([]byte, 25, 25+len(f.name))
		binary.LittleEndian.PutUint32(body[0:], uint32(len(data))) // PACK_SIZE
		binary.LittleEndian.PutUint32(body[4:], uint32(len(data))) // UNP_SIZE
		body[8] = 2                                                // HOST_OS win32
		body[17] = 29                                              // UNP_VER
		body[18] = 0x30                                            // METHOD store
		binary.LittleEndian.PutUint16(body[19:], uint16(len(f.name)))
		body = append(body, f.name...)
		out = append(out, rar4Block(0x74, 0x8000|f.flags, body)...)
		out = append(out, data...)
	}
	return append(out, rar4Block(0x7b, 0x4000, nil)...)
}

type rarFile = struct {
	name  string
	flags uint16
}

func putVint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// rar5Block frames header data (type onwards) with CRC32 and size vint.
func rar5Block(data []byte) []byte {
	size := putVint(nil, uint64(len(data)))
	crc := crc32.ChecksumIEEE(append(append([]byte{}, size...), data...))
	b := binary.LittleEndian.AppendUint32(nil, crc)
	return append(append(b, size...), data...)
}

// rar5File builds a RAR5 file header block plus data; crypt adds the
// encryption extra record, dir marks a directory.
func rar5File(name string, crypt, dir bool) []byte {
	var extra []byte
	if crypt {
		rec := putVint(nil, 0x01)              // record type: encryption
		rec = putVint(rec, 0)                  // version AES-256
		rec = putVint(rec, 0)                  // flags
		rec = append(rec, 15)                  // KDF count
		rec = append(rec, make([]byte, 32)...) // salt + IV
		extra = append(putVint(nil, uint64(len(rec))), rec...)
	}
	data := []byte("packed:" + name)
	h := putVint(nil, 2) // type: file
	flags := uint64(0x2)
	if len(extra) > 0 {
		flags |= 0x1
	}
	h = putVint(h, flags)
	if len(extra) > 0 {
		h = putVint(h, uint64(len(extra)))
	}
	h = putVint(h, uint64(len(data)))
	ff := uint64(0)
	if dir {
		ff = 1
	}
	h = putVint(h, ff)                // file flags
	h = putVint(h, uint64(len(data))) // unpacked size
	h = putVint(h, 0x20)              // attributes
	h = putVint(h, 0)                 // compression info
	h = putVint(h, 0)                 // host OS windows
	h = putVint(h, uint64(len(name))) // name length
	h = append(h, name...)
	h = append(h, extra...)
	return append(rar5Block(h), data...)
}

func rar5(blocks ...[]byte) []byte {
	out := append([]byte{}, sigRar5...)
	out = append(out, rar5Block([]byte{1, 0, 0})...) // main header, no flags
	for _, b := range blocks {
		out = append(out, b...)
	}
	return append(out, rar5Block([]byte{5, 0, 0})...) // end of archive
}

func rar5EncryptedHeaders() []byte {
	out := append([]byte{}, sigRar5...)
	enc := []byte{4, 0, 0, 0, 15} // type 4, flags, version, enc flags, KDF count
	enc = append(enc, make([]byte, 16)...)
	out = append(out, rar5Block(enc)...)
	return append(out, bytes.Repeat([]byte{0xa5}, 64)...) // encrypted headers follow
}

// sevenZ builds a 7z signature header pointing at next, after some packed bytes.
func sevenZ(next []byte) []byte {
	packed := bytes.Repeat([]byte{0x5d}, 40)
	out := append([]byte{}, sig7z...)
	out = append(out, 0, 4)
	out = binary.LittleEndian.AppendUint32(out, 0) // start header CRC (unchecked here)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(packed)))
	out = binary.LittleEndian.AppendUint64(out, uint64(len(next)))
	out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(next))
	out = append(out, packed...)
	return append(out, next...)
}

// 7z encoded header (kEncodedHeader) whose folder has the given coders.
func sevenZEncoded(coders ...[]byte) []byte {
	h := []byte{0x17, 0x06, 0x00, 0x01, 0x09, 40, 0x00, 0x07, 0x0b, 0x01, 0x00, byte(len(coders))}
	for _, c := range coders {
		h = append(h, c...)
	}
	return append(h, 0x0c, 0x30, 0x00, 0x00)
}

// sevenZPackedHeader builds a 7z whose real header is LZMA-packed, as
// 7-Zip writes by default; header is the unpacked header (0x01 ...).
func sevenZPackedHeader(t testing.TB, header []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := lzma.WriterConfig{DictCap: 1 << 16}.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(header); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	classic := buf.Bytes() // props(1) dict(4) size(8) stream
	props, stream := classic[:5], classic[13:]
	content := bytes.Repeat([]byte{0xc3}, 40) // the archive's (encrypted) data
	packPos := len(content)
	si := []byte{0x17, 0x06, byte(packPos), 0x01, 0x09, byte(len(stream)), 0x00,
		0x07, 0x0b, 0x01, 0x00, 0x01, 0x23, 0x03, 0x01, 0x01, 0x05}
	si = append(si, props...)
	si = append(si, 0x0c, byte(len(header)), 0x00, 0x00)
	if len(stream) > 127 || len(header) > 127 {
		t.Fatal("fixture too large for one-byte 7z numbers")
	}
	out := append([]byte{}, sig7z...)
	out = append(out, 0, 4, 0, 0, 0, 0)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(content)+len(stream)))
	out = binary.LittleEndian.AppendUint64(out, uint64(len(si)))
	out = binary.LittleEndian.AppendUint32(out, crc32.ChecksumIEEE(si))
	out = append(out, content...)
	out = append(out, stream...)
	return append(out, si...)
}

// A header with MainStreamsInfo whose one folder has the given coders,
// then a FilesInfo with one name.
func sevenZHeader(coders ...[]byte) []byte {
	h := []byte{0x01, 0x04, 0x06, 0x00, 0x01, 0x09, 40, 0x00, 0x07, 0x0b, 0x01, 0x00, byte(len(coders))}
	for _, c := range coders {
		h = append(h, c...)
	}
	h = append(h, 0x0c, 0x30, 0x00, 0x00, 0x05, 0x01, 0x11, 0x0a, 0x00)
	return append(h, []byte("a\x00.\x00t\x00x\x00t\x00\x00\x00")...)
}

var (
	coderAES  = []byte{0x24, 0x06, 0xf1, 0x07, 0x01, 0x02, 0xd3, 0x00}
	coderLZMA = []byte{0x23, 0x03, 0x01, 0x01, 0x05, 0x5d, 0x00, 0x00, 0x10, 0x00}
)

func archiveFixtures(t testing.TB) map[string]struct {
	data []byte
	want string // "" = not encrypted, else a prefix of the detail
} {
	return map[string]struct {
		data []byte
		want string
	}{
		"zip plain":                     {zipBytes(t, "a.txt", "b.txt"), ""},
		"zip encrypted":                 {zipBytes(t, "enc:a.txt"), "zip: encrypted entry (local"},
		"zip dir first then encrypted":  {zipBytes(t, "docs/", "enc:docs/a.txt"), "zip: encrypted entry (central"},
		"zip empty":                     {zipBytes(t), ""},
		"rar4 plain":                    {rar4(0, rarFile{"a.txt", 0}), ""},
		"rar4 encrypted file":           {rar4(0, rarFile{"a.txt", 0x0004}), "rar4: encrypted file"},
		"rar4 dir then encrypted":       {rar4(0, rarFile{"docs", 0x00e0}, rarFile{"docs\\a.txt", 0x0004}), "rar4: encrypted file"},
		"rar4 encrypted headers":        {rar4(0x0080), "rar4: encrypted headers"},
		"rar5 plain":                    {rar5(rar5File("a.txt", false, false)), ""},
		"rar5 encrypted file":           {rar5(rar5File("a.txt", true, false)), "rar5: encrypted file"},
		"rar5 dir then encrypted":       {rar5(rar5File("docs", false, true), rar5File("docs/a.txt", true, false)), "rar5: encrypted file"},
		"rar5 encrypted headers":        {rar5EncryptedHeaders(), "rar5: encrypted headers"},
		"7z lzma header":                {sevenZ(sevenZEncoded(coderLZMA)), ""},
		"7z aes header":                 {sevenZ(sevenZEncoded(coderAES, coderLZMA)), "7z: encrypted headers"},
		"7z plain header with aes":      {sevenZ(append([]byte{0x01, 0x04, 0x06, 0x00, 0x01, 0x09, 40, 0x00, 0x07, 0x0b, 0x01, 0x00, 0x01}, coderAES...)), "7z: AES coder"},
		"7z packed header, aes content": {sevenZPackedHeader(t, sevenZHeader(coderAES, coderLZMA)), "7z: AES coder"},
		"7z packed header, plain":       {sevenZPackedHeader(t, sevenZHeader(coderLZMA)), ""},
		"not an archive":                {[]byte("just some text that is long enough to read a header from"), ""},
	}
}

func TestArchiveEncryption(t *testing.T) {
	for name, fx := range archiveFixtures(t) {
		t.Run(name, func(t *testing.T) {
			got := archiveEncryption(bytes.NewReader(fx.data), int64(len(fx.data)))
			if fx.want == "" && got != "" || fx.want != "" && !strings.HasPrefix(got, fx.want) {
				t.Fatalf("archiveEncryption = %q, want prefix %q", got, fx.want)
			}
		})
	}
}

// The zip fixtures must be real zips: the standard reader opens them and
// sees the flag the scanner relies on.
func TestZipFixturesAreValid(t *testing.T) {
	data := zipBytes(t, "docs/", "enc:docs/a.txt")
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.File) != 2 || r.File[0].Flags&1 != 0 || r.File[1].Flags&1 == 0 {
		t.Fatalf("unexpected entries/flags: %+v", r.File)
	}
}

// Every truncation and a byte-flipped copy of every fixture must be
// handled without a panic (bad input is a fact of life in sync folders).
func TestArchiveEncryptionTruncated(t *testing.T) {
	for name, fx := range archiveFixtures(t) {
		for n := 0; n <= len(fx.data); n++ {
			archiveEncryption(bytes.NewReader(fx.data[:n]), int64(n))
		}
		for i := range fx.data {
			c := append([]byte{}, fx.data...)
			c[i] ^= 0xff
			archiveEncryption(bytes.NewReader(c), int64(len(c)))
		}
		_ = name
	}
}

func FuzzArchiveEncryption(f *testing.F) {
	for _, fx := range archiveFixtures(f) {
		f.Add(fx.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		archiveEncryption(bytes.NewReader(data), int64(len(data)))
	})
}

// When Info-ZIP's zip is installed, a zip encrypted by a real tool is
// detected too (the archive/zip fixtures only set the flag).
func TestRealZipEncrypted(t *testing.T) {
	zipTool, err := exec.LookPath("zip")
	if err != nil {
		t.Skip("zip tool not installed")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want bool
	}{
		{[]string{"-q", "-P", "pw", "enc.zip", "secret.txt"}, true},
		{[]string{"-q", "plain.zip", "secret.txt"}, false},
	} {
		cmd := exec.Command(zipTool, c.args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("zip %v: %v\n%s", c.args, err, out)
		}
		path := filepath.Join(dir, c.args[len(c.args)-2])
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		detail, err := archiveFileEncryption(path, fi.Size())
		if err != nil {
			t.Fatal(err)
		}
		if (detail != "") != c.want {
			t.Errorf("%s: detail %q, want encrypted=%v", path, detail, c.want)
		}
	}
}

func TestSevenZipNumber(t *testing.T) {
	for _, c := range []struct {
		in   []byte
		want uint64
		n    int
	}{
		{[]byte{0x05}, 5, 1},
		{[]byte{0x7f}, 127, 1},
		{[]byte{0x80, 0x80}, 128, 2},
		{[]byte{0x81, 0x2c}, 300, 2},
		{[]byte{0xc0, 0x00, 0x40}, 0x4000, 3},
		{[]byte{0xff, 1, 2, 3, 4, 5, 6, 7, 8}, 0x0807060504030201, 9},
		{[]byte{0x81}, 0, 0},
		{nil, 0, 0},
	} {
		v, n := sevenZipNumber(c.in)
		if v != c.want || n != c.n {
			t.Errorf("sevenZipNumber(% x) = %d, %d; want %d, %d", c.in, v, n, c.want, c.n)
		}
	}
}
