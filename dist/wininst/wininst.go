// Package wininst checks a Windows installer made by `wails build -nsis` (NSIS's makensis)
// without running it: a PE executable for the Windows GUI whose overlay — the data past its
// last section — carries NSIS's first header ("\xEF\xBE\xAD\xDE" "NullsoftInst") at a
// 512-byte boundary, with all the data that header announces present (not truncated).
package wininst

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// Info is what Inspect found.
type Info struct {
	Machine   string // "i386" (NSIS's stub is 32-bit) or "amd64"
	GUI       bool   // subsystem is the Windows GUI
	Overlay   int64  // where the data past the last section starts
	NSIS      bool   // NSIS's first header was found in the overlay
	NSISAt    int64  // its offset
	NSISBytes int64  // the installer data it announces (from its signature on)
	Size      int64  // the file's size
}

// nsisSig is NSIS's first-header signature: 0xDEADBEEF little-endian, then "NullsoftInst".
var nsisSig = append([]byte{0xEF, 0xBE, 0xAD, 0xDE}, "NullsoftInst"...)

// ErrNotNSIS is returned for a PE file without NSIS data.
var ErrNotNSIS = errors.New("not an NSIS installer: no NSIS first header after the executable's sections")

// Inspect reads the file at path. It returns an error when it is not a PE file, and
// ErrNotNSIS (with the PE facts filled in) when it is one without NSIS data.
func Inspect(path string) (Info, error) {
	f, err := os.Open(path)
	if err != nil {
		return Info{}, fmt.Errorf("installer: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Info{}, fmt.Errorf("installer: %w", err)
	}
	return inspect(f, st.Size())
}

func inspect(r io.ReaderAt, size int64) (Info, error) {
	info := Info{Size: size}
	p, err := pe.NewFile(r)
	if err != nil {
		return info, fmt.Errorf("installer: not a PE executable: %w", err)
	}
	defer p.Close()
	switch p.Machine {
	case pe.IMAGE_FILE_MACHINE_I386:
		info.Machine = "i386"
	case pe.IMAGE_FILE_MACHINE_AMD64:
		info.Machine = "amd64"
	default:
		info.Machine = fmt.Sprintf("0x%x", p.Machine)
	}
	switch oh := p.OptionalHeader.(type) {
	case *pe.OptionalHeader32:
		info.GUI = oh.Subsystem == pe.IMAGE_SUBSYSTEM_WINDOWS_GUI
	case *pe.OptionalHeader64:
		info.GUI = oh.Subsystem == pe.IMAGE_SUBSYSTEM_WINDOWS_GUI
	}
	for _, s := range p.Sections {
		if end := int64(s.Offset) + int64(s.Size); end > info.Overlay {
			info.Overlay = end
		}
	}
	if info.Overlay > size {
		return info, fmt.Errorf("installer: truncated: sections end at %d, the file at %d", info.Overlay, size)
	}
	// NSIS's data starts at a 512-byte boundary in the overlay.
	start := (info.Overlay + 511) / 512 * 512
	hdr := make([]byte, 28) // flags, siginfo, "NullsoftInst", header length, total length
	for off := start; off+int64(len(hdr)) <= size; off += 512 {
		if _, err := r.ReadAt(hdr, off); err != nil {
			return info, fmt.Errorf("installer: read at %d: %w", off, err)
		}
		if !bytes.Equal(hdr[4:20], nsisSig) {
			continue
		}
		info.NSIS, info.NSISAt = true, off
		info.NSISBytes = int64(binary.LittleEndian.Uint32(hdr[24:28]))
		if off+info.NSISBytes > size {
			return info, fmt.Errorf("installer: truncated: NSIS announces %d bytes from %d, the file ends at %d", info.NSISBytes, off, size)
		}
		return info, nil
	}
	return info, ErrNotNSIS
}
