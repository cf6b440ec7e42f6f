package e2eutil

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// CloseWindowLikeWM asks an X client to close its window the way a window manager does:
// a ClientMessage WM_PROTOCOLS/WM_DELETE_WINDOW sent to the window (ICCCM §4.2.8). Under
// Xvfb there is no window manager, so the test speaks the X11 protocol itself (a few
// requests over the display's Unix socket; no cgo, no extra package).
func CloseWindowLikeWM(display string, window uint32) error {
	num, err := displayNumber(display)
	if err != nil {
		return err
	}
	conn, err := net.DialTimeout("unix", fmt.Sprintf("/tmp/.X11-unix/X%s", num), 5*time.Second)
	if err != nil {
		return fmt.Errorf("connect to X display %s: %w", display, err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	x := &xconn{c: conn}
	name, data := xauthCookie(num)
	if err := x.setup(name, data); err != nil {
		return err
	}
	protocols, err := x.internAtom("WM_PROTOCOLS")
	if err != nil {
		return err
	}
	deleteWindow, err := x.internAtom("WM_DELETE_WINDOW")
	if err != nil {
		return err
	}
	ev := make([]byte, 32)
	ev[0] = 33 // ClientMessage
	ev[1] = 32 // format: 32-bit data
	binary.LittleEndian.PutUint32(ev[4:], window)
	binary.LittleEndian.PutUint32(ev[8:], protocols)
	binary.LittleEndian.PutUint32(ev[12:], deleteWindow)
	// ev[16:20] = 0: CurrentTime
	req := make([]byte, 12, 44)
	req[0] = 25 // SendEvent
	req[1] = 0  // propagate: false
	binary.LittleEndian.PutUint16(req[2:], 11)
	binary.LittleEndian.PutUint32(req[4:], window)
	binary.LittleEndian.PutUint32(req[8:], 0) // event mask 0: to the window's owner
	req = append(req, ev...)
	if _, err := conn.Write(req); err != nil {
		return fmt.Errorf("send WM_DELETE_WINDOW: %w", err)
	}
	// GetInputFocus: a round trip, so an error from SendEvent (e.g. BadWindow) shows up here.
	if _, err := x.request([]byte{43, 0, 1, 0}); err != nil {
		return fmt.Errorf("send WM_DELETE_WINDOW: %w", err)
	}
	return nil
}

type xconn struct{ c net.Conn }

func (x *xconn) setup(authName, authData []byte) error {
	req := []byte{'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	binary.LittleEndian.PutUint16(req[6:], uint16(len(authName)))
	binary.LittleEndian.PutUint16(req[8:], uint16(len(authData)))
	req = append(req, pad4(authName)...)
	req = append(req, pad4(authData)...)
	if _, err := x.c.Write(req); err != nil {
		return fmt.Errorf("X setup: %w", err)
	}
	head := make([]byte, 8)
	if _, err := io.ReadFull(x.c, head); err != nil {
		return fmt.Errorf("X setup reply: %w", err)
	}
	rest := make([]byte, 4*int(binary.LittleEndian.Uint16(head[6:])))
	if _, err := io.ReadFull(x.c, rest); err != nil {
		return fmt.Errorf("X setup reply: %w", err)
	}
	if head[0] != 1 {
		reason := rest
		if head[0] == 0 && int(head[1]) <= len(rest) {
			reason = rest[:head[1]]
		}
		return fmt.Errorf("X server refused the connection: %q", reason)
	}
	return nil
}

// request sends req and reads the 32-byte reply (plus any extra reply data).
func (x *xconn) request(req []byte) ([]byte, error) {
	if _, err := x.c.Write(req); err != nil {
		return nil, err
	}
	for {
		buf := make([]byte, 32)
		if _, err := io.ReadFull(x.c, buf); err != nil {
			return nil, err
		}
		switch buf[0] {
		case 0:
			return nil, fmt.Errorf("X error code %d (request opcode %d)", buf[1], buf[10])
		case 1:
			extra := make([]byte, 4*int(binary.LittleEndian.Uint32(buf[4:])))
			if _, err := io.ReadFull(x.c, extra); err != nil {
				return nil, err
			}
			return append(buf, extra...), nil
		default:
			continue // an event: not ours to handle
		}
	}
}

func (x *xconn) internAtom(name string) (uint32, error) {
	req := []byte{16, 0, 0, 0, 0, 0, 0, 0}
	binary.LittleEndian.PutUint16(req[2:], uint16(2+(len(name)+3)/4))
	binary.LittleEndian.PutUint16(req[4:], uint16(len(name)))
	req = append(req, pad4([]byte(name))...)
	rep, err := x.request(req)
	if err != nil {
		return 0, fmt.Errorf("InternAtom %s: %w", name, err)
	}
	return binary.LittleEndian.Uint32(rep[8:]), nil
}

func pad4(b []byte) []byte {
	out := append([]byte(nil), b...)
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	return out
}

// displayNumber turns ":99", ":99.0" or "unix:99" into "99" (only local displays).
func displayNumber(display string) (string, error) {
	host, rest, ok := strings.Cut(display, ":")
	if !ok || (host != "" && host != "unix") {
		return "", fmt.Errorf("display %q is not a local display", display)
	}
	num, _, _ := strings.Cut(rest, ".")
	if _, err := strconv.Atoi(num); err != nil {
		return "", fmt.Errorf("display %q: bad number", display)
	}
	return num, nil
}

// xauthCookie finds the MIT-MAGIC-COOKIE-1 for display number num in $XAUTHORITY
// (default ~/.Xauthority); none (nil, nil) when there is no file or entry, which is right
// for an Xvfb started without -auth.
func xauthCookie(num string) (name, data []byte) {
	path := os.Getenv("XAUTHORITY")
	if path == "" {
		home, _ := os.UserHomeDir()
		path = filepath.Join(home, ".Xauthority")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil
	}
	r := bytes.NewReader(b)
	field := func() ([]byte, error) {
		var n uint16
		if err := binary.Read(r, binary.BigEndian, &n); err != nil {
			return nil, err
		}
		f := make([]byte, n)
		_, err := io.ReadFull(r, f)
		return f, err
	}
	for {
		var family uint16
		if err := binary.Read(r, binary.BigEndian, &family); err != nil {
			return nil, nil
		}
		var fs [4][]byte
		for i := range fs {
			f, err := field()
			if err != nil {
				return nil, nil
			}
			fs[i] = f
		}
		if string(fs[1]) == num && string(fs[2]) == "MIT-MAGIC-COOKIE-1" {
			return fs[2], fs[3]
		}
	}
}
