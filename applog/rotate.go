package applog

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// RotatingFile is an io.WriteCloser that appends to a file and, when a write would take it
// past MaxBytes, renames it to NAME.1 (NAME.1 to NAME.2 …, dropping the oldest beyond Keep)
// and starts a new one. It is safe for concurrent use.
type RotatingFile struct {
	path     string
	maxBytes int64
	keep     int

	mu   sync.Mutex
	f    *os.File
	size int64
}

// OpenRotating opens (creating, 0600) the file at path for appending. maxBytes ≤ 0 means
// 5 MiB; keep < 0 means 0 (no backups: the file is truncated when full).
func OpenRotating(path string, maxBytes int64, keep int) (*RotatingFile, error) {
	if maxBytes <= 0 {
		maxBytes = 5 << 20
	}
	if keep < 0 {
		keep = 0
	}
	r := &RotatingFile{path: path, maxBytes: maxBytes, keep: keep}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create log folder: %w", err)
	}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *RotatingFile) open() error {
	f, err := os.OpenFile(r.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open log file: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return fmt.Errorf("stat log file: %w", err)
	}
	r.f, r.size = f, st.Size()
	return nil
}

// Path is the current log file's path.
func (r *RotatingFile) Path() string { return r.path }

// Write appends p, rotating first if p would not fit. A single write larger than
// MaxBytes is still written whole, into a fresh file.
func (r *RotatingFile) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return 0, os.ErrClosed
	}
	if r.size > 0 && r.size+int64(len(p)) > r.maxBytes {
		if err := r.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := r.f.Write(p)
	r.size += int64(n)
	return n, err
}

// rotate shifts NAME.(k) to NAME.(k+1), NAME to NAME.1, and reopens NAME empty.
func (r *RotatingFile) rotate() error {
	if err := r.f.Close(); err != nil {
		return fmt.Errorf("close log file for rotation: %w", err)
	}
	r.f = nil
	if r.keep == 0 {
		if err := os.Remove(r.path); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("rotate log: %w", err)
		}
		return r.open()
	}
	_ = os.Remove(r.backup(r.keep)) // the oldest goes; absent is fine
	for k := r.keep - 1; k >= 1; k-- {
		if err := os.Rename(r.backup(k), r.backup(k+1)); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("rotate log: %w", err)
		}
	}
	if err := os.Rename(r.path, r.backup(1)); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("rotate log: %w", err)
	}
	return r.open()
}

func (r *RotatingFile) backup(k int) string { return fmt.Sprintf("%s.%d", r.path, k) }

// Close closes the file; later writes fail with os.ErrClosed.
func (r *RotatingFile) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}
