package history

// GroupWaiting is how many deliveries wait for the group commit (not counting the group being
// written).
func GroupWaiting(r *Receiver) int {
	r.groupMu.Lock()
	defer r.groupMu.Unlock()
	return len(r.groupQueue)
}
