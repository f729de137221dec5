//go:build race

package respondkit_test

// raceEnabled passes the race detector on to the tools module's tests.
const raceEnabled = true
