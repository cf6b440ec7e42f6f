package desk

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// A demo profile's emulator is shared by every Mesh Desk process on the machine (the app and
// the command line): the lock file demo-<profile>.lock names the running one's URL, and the
// start lock demo-<profile>.start — an OS file lock (flock; LockFileEx on Windows) — makes
// "read the lock file, else start an emulator and write it" one step across processes, so two
// processes starting at the same instant cannot both run an emulator on the same state file.

// demoStartWait bounds the wait for another process's start of the emulator (seeding a big
// demo history takes a while on a slow machine).
const demoStartWait = 2 * time.Minute

// errLockBusy is what tryLockFile returns when another open file holds the lock.
var errLockBusy = errors.New("locked by another process")

// demoLockFile names the running emulator of a demo profile for other processes.
func (d *Desk) demoLockFile(profileID string) string {
	return filepath.Join(d.opts.StateDir, "demo-"+profileID+".lock")
}

// demoStartFile is the file the start lock of a demo profile is taken on; it stays while the
// profile exists (removing a locked file would let a third process lock a new one).
func (d *Desk) demoStartFile(profileID string) string {
	return filepath.Join(d.opts.StateDir, "demo-"+profileID+".start")
}

// lockDemoStart takes the start lock of a demo profile, waiting up to demoStartWait for
// another process (or another Desk of this one) to finish starting its emulator. The state
// folder must exist. Call the returned function to release the lock.
func (d *Desk) lockDemoStart(profileID string) (unlock func(), err error) {
	path := d.demoStartFile(profileID)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("demo emulator: open the start lock: %w", err)
	}
	deadline := time.Now().Add(demoStartWait)
	for {
		err = tryLockFile(f)
		if err == nil {
			return func() {
				_ = unlockFile(f)
				_ = f.Close()
			}, nil
		}
		if !errors.Is(err, errLockBusy) || time.Now().After(deadline) {
			_ = f.Close()
			return nil, fmt.Errorf("demo emulator: take the start lock %s: %w", path, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// readDemoLock reads a demo profile's lock file; ok is false when there is none or it is not
// one this version wrote.
func (d *Desk) readDemoLock(profileID string) (l demoLock, ok bool) {
	b, err := os.ReadFile(d.demoLockFile(profileID))
	if err != nil || json.Unmarshal(b, &l) != nil || l.URL == "" {
		return demoLock{}, false
	}
	return l, true
}

// writeDemoLock replaces a demo profile's lock file in one step (a temporary file renamed
// over it), so no reader ever sees half of one.
func (d *Desk) writeDemoLock(profileID string, l demoLock) error {
	b, err := json.Marshal(l)
	if err != nil {
		return fmt.Errorf("demo lock file: %w", err)
	}
	path := d.demoLockFile(profileID)
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("demo lock file: %w", err)
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("demo lock file: write %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("demo lock file: %w", err)
	}
	return nil
}
