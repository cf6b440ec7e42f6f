package store

// SetIndexLimits sets how deep a first window is answered by a walk and up to what size a list
// is built by sorting (tests go through every path); the returned func restores them.
func SetIndexLimits(walk, small int) (restore func()) {
	w, s := firstWalk, smallList
	firstWalk, smallList = walk, small
	return func() { firstWalk, smallList = w, s }
}
