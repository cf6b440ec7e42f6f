package store_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"meshdesk/mesh"
	"meshdesk/store"
)

var (
	crashBatches   = 24
	crashBatchSize = 100
)

func init() {
	if raceEnabled {
		crashBatches, crashBatchSize = 12, 40
	}
}

// crashBatch is batch b of the crash test: its transfers all carry UserID "batch-b".
func crashBatch(b int) []mesh.Transfer {
	ts := genTransfers(int64(10_000+b), crashBatchSize)
	for i := range ts {
		ts[i].UserID = fmt.Sprintf("batch-%d", b)
		ts[i] = withRaw(ts[i])
	}
	return ts
}

// crashChild is the child process: it resumes from the stored cursor and writes the remaining
// batches, each with its cursor in one transaction, printing a line after each.
func crashChild(t *testing.T, path, profileID string) {
	db, err := store.Open(path, store.WithSearchIndexing(time.Millisecond, 100))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := db.SyncState(ctx, profileID)
	if err != nil {
		t.Fatal(err)
	}
	// A kill between a batch and its webhook loses that event; Mesh would deliver it again
	// (same EventId), so the resumed child does too — a duplicate is a no-op.
	if st.Offset > 0 {
		if _, err := db.ApplyWebhookEvent(ctx, profileID, crashEvent(st.Offset-1)); err != nil {
			t.Fatal(err)
		}
	}
	fmt.Println("started")
	for b := st.Offset; b < crashBatches; b++ {
		st.Offset, st.Phase = b+1, store.SyncPaging
		if _, err := db.ApplySyncPage(ctx, profileID, crashBatch(b), st); err != nil {
			t.Fatal(err)
		}
		// A webhook per batch too, as a running app would receive.
		if _, err := db.ApplyWebhookEvent(ctx, profileID, crashEvent(b)); err != nil {
			t.Fatal(err)
		}
		fmt.Println("batch", b)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// checkWholeBatches verifies integrity and that exactly the batches the cursor names are stored.
func checkWholeBatches(t *testing.T, path, profileID string) int {
	t.Helper()
	db, err := store.Open(path, store.WithSearchIndexing(0, 0))
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	st, err := db.SyncState(ctx, profileID)
	if err != nil {
		t.Fatal(err)
	}
	total, err := db.CountTransfers(ctx, profileID, store.TransferFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != st.Offset*crashBatchSize {
		t.Fatalf("cursor says %d batches, but %d transfers are stored", st.Offset, total)
	}
	for b := 0; b < crashBatches; b++ {
		n, err := db.CountTransfers(ctx, profileID, store.TransferFilter{UserID: fmt.Sprintf("batch-%d", b)})
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if b < st.Offset {
			want = crashBatchSize
		}
		if n != want {
			t.Fatalf("batch %d has %d transfers, want %d (cursor %d)", b, n, want, st.Offset)
		}
	}
	ev, err := db.WebhookEvents(ctx, profileID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev) > st.Offset || len(ev) < st.Offset-1 {
		t.Fatalf("%d webhook events for %d batches", len(ev), st.Offset)
	}
	return st.Offset
}

func TestCrashDuringWrites(t *testing.T) {
	if path := os.Getenv("STORE_CRASH_DB"); path != "" {
		crashChild(t, path, os.Getenv("STORE_CRASH_PROFILE"))
		return
	}
	rounds := 12
	if testing.Short() {
		rounds = 4
	}
	if raceEnabled {
		rounds = 3
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p := mustProfile(t, db, "Crash")
	db.Close()
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashDuringWrites$")
		cmd.Env = append(os.Environ(), "STORE_CRASH_DB="+path, "STORE_CRASH_PROFILE="+p.ID)
		return cmd
	}
	killed := 0
	for round := 0; round < rounds; round++ {
		cmd := child()
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() && sc.Text() != "started" {
		}
		// Let it write for a random while (a few batches at most), then kill it hard.
		want := r.Intn(4)
		for i := 0; i < want && sc.Scan(); i++ {
		}
		time.Sleep(time.Duration(r.Intn(15000)) * time.Microsecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err == nil {
			killed++
		}
		go func() {
			for sc.Scan() {
			}
		}()
		cmd.Wait()
		done := checkWholeBatches(t, path, p.ID)
		t.Logf("round %d: killed with %d batches stored", round, done)
		if done == crashBatches {
			break
		}
	}
	if killed == 0 {
		t.Fatal("no child was killed")
	}
	// A clean re-run completes the job without duplicates.
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("final run: %v\n%s", err, out)
	}
	if got := checkWholeBatches(t, path, p.ID); got != crashBatches {
		t.Fatalf("final run stored %d batches, want %d", got, crashBatches)
	}
}

// crashEvent is batch b's webhook: its first transfer succeeded.
func crashEvent(b int) mesh.WebhookEvent {
	return mesh.WebhookEvent{EventID: fmt.Sprintf("ev-%d", b), TransferID: crashBatch(b)[0].ID, TransferStatus: mesh.StatusSucceeded}
}
