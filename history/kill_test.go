package history_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"meshdesk/history"
	"meshdesk/meshsim"
	"meshdesk/store"
	"meshdesk/store/storetest"
)

const childEnv = "HISTORY_SYNC_CHILD"

// TestHelperSyncChild is the child process of TestSyncKilledAndRestarted: it syncs the profile
// in the database named by the environment and exits. It does nothing in a normal run.
func TestHelperSyncChild(t *testing.T) {
	if os.Getenv(childEnv) != "1" {
		t.Skip("child process of TestSyncKilledAndRestarted")
	}
	db, err := store.Open(os.Getenv("HISTORY_DB"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sim := os.Getenv("HISTORY_SIM")
	c := mustClientURL(t, sim)
	s := history.NewSyncer(db, history.MeshSource(c), history.Options{Holder: "test child", LeaseTTL: 300 * time.Millisecond})
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, err := s.Sync(context.Background(), os.Getenv("HISTORY_PROFILE"))
		if err == nil {
			return
		}
		// The lease of a killed child lapses after its TTL.
		if !errors.Is(err, history.ErrSyncInProgress) || time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSyncKilledAndRestarted kills a syncing child process with SIGKILL at random moments,
// changing the emulator's history between rounds, then lets one finish: the store holds exactly
// the emulator's transfers, once each, and passes SQLite's integrity check.
func TestSyncKilledAndRestarted(t *testing.T) {
	if os.Getenv(childEnv) == "1" {
		t.Skip("in the child")
	}
	sim := mustSim(t, size(5_000, 3_000), nil)
	path := filepath.Join(t.TempDir(), "meshdesk.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p := storetest.MustCreateProfile(t, db, "Kill")
	storetest.MustCloseDB(t, db)

	rng := rand.New(rand.NewPCG(42, uint64(time.Now().UnixNano())))
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSyncChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), childEnv+"=1", "HISTORY_DB="+path, "HISTORY_SIM="+sim.BaseURL(), "HISTORY_PROFILE="+p.ID)
		return cmd
	}
	rounds := 8
	if testing.Short() {
		rounds = 3
		if raceEnabled {
			rounds = 2
		}
	}
	killed := 0
	for i := 0; i < rounds; i++ {
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		wait := time.Duration(100+rng.IntN(1500)) * time.Millisecond
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("round %d: child failed: %v", i, err)
			}
			t.Logf("round %d: sync finished before the kill at %v", i, wait)
		case <-time.After(wait):
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			<-done
			killed++
		}
		// Mesh moves on between rounds: arrivals and settlements.
		if _, err := sim.AddTransfers(meshsim.Transfer{}, meshsim.Transfer{Status: meshsim.StatusSucceeded}, meshsim.Transfer{CreatedTimestamp: sim.Now().Unix() - 20}); err != nil {
			t.Fatal(err)
		}
		for _, tr := range sim.Snapshot() {
			if tr.Status == meshsim.StatusPending && rng.IntN(10) == 0 {
				if _, err := sim.SetTransferStatus(tr.ID, meshsim.StatusSucceeded); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	t.Logf("%d of %d children killed with SIGKILL", killed, rounds)
	out, err := child().CombinedOutput()
	if err != nil {
		t.Fatalf("final child: %v\n%s", err, out)
	}
	db, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer storetest.MustCloseDB(t, db)
	if err := db.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	mustMatchSim(t, sim, db, p.ID)
}
