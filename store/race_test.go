//go:build race

package store_test

// raceEnabled scales data-heavy tests down under the race detector (about 20× slower).
const raceEnabled = true
