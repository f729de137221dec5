//go:build !race

package respondkit_test

const raceEnabled = false
