package tray

import (
	"bytes"
	"encoding/binary"
	"image/png"

	"wpsdoctor/assets/icons"
	"wpsdoctor/verdict"
)

// trayIcon returns the bytes systray wants for a state on goos: Windows
// takes .ico (a PNG wrapped in an ICO container, valid since Vista), the
// others PNG.
func trayIcon(goos string, st verdict.State) []byte {
	b := icons.Tray(string(st))
	if goos == "windows" {
		return pngToICO(b)
	}
	return b
}

// pngToICO wraps one PNG image in an ICO file.
func pngToICO(p []byte) []byte {
	w, h := 0, 0
	if cfg, err := png.DecodeConfig(bytes.NewReader(p)); err == nil {
		w, h = cfg.Width, cfg.Height
	}
	dim := func(n int) byte {
		if n >= 256 || n <= 0 {
			return 0 // 0 means 256
		}
		return byte(n)
	}
	var b bytes.Buffer
	binary.Write(&b, binary.LittleEndian, [3]uint16{0, 1, 1}) // reserved, type icon, one image
	b.Write([]byte{dim(w), dim(h), 0, 0})                     // width, height, palette, reserved
	binary.Write(&b, binary.LittleEndian, uint16(1))          // planes
	binary.Write(&b, binary.LittleEndian, uint16(32))         // bits per pixel
	binary.Write(&b, binary.LittleEndian, uint32(len(p)))     // size of the image data
	binary.Write(&b, binary.LittleEndian, uint32(6+16))       // offset of the image data
	b.Write(p)
	return b.Bytes()
}

// trayIconTemplate is the monochrome icon for macOS template images.
func trayIconTemplate(st verdict.State) []byte { return icons.Template(string(st)) }
