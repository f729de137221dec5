//go:build race

package clients_test

// raceEnabled sizes the load test down under the race detector, which makes
// each request about ten times slower.
const raceEnabled = true
