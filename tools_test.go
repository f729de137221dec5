package respondkit_test

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestToolsModule runs the tests of the tools module (tools/go.mod: spec tests
// and lint, the client template check, cmd/specdiff), so that the README's
// `go test ./...` at the repository root tests both modules: the go command's
// ./... stops at a nested module. The race detector and -short carry over.
func TestToolsModule(t *testing.T) {
	if _, err := os.Stat("tools/go.mod"); err != nil {
		// A copy of the library in the module cache has no tools module:
		// nested modules are not part of a module's zip.
		t.Skipf("no tools module beside the library (%v): nothing to run", err)
	}
	args := []string{"test"}
	if raceEnabled {
		args = append(args, "-race")
	}
	if testing.Short() {
		args = append(args, "-short")
	}
	if d, ok := t.Deadline(); ok {
		// Leave the outer test a moment to report a nested time-out.
		args = append(args, "-timeout", time.Until(d).Truncate(time.Second).String())
	}
	args = append(args, "./...")
	// go test puts its own go command first in PATH.
	cmd := exec.Command("go", args...)
	cmd.Dir = "tools"
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		t.Fatalf("go %s in tools/: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	t.Logf("go %s in tools/:\n%s", strings.Join(args, " "), out.String())
}

// TestFleetModule runs the tests of the optional fleet module (fleet/redis,
// its own go.mod), as TestToolsModule does for the tools module. They need
// redis-server (skipped without it, failed with CI=true).
func TestFleetModule(t *testing.T) {
	if _, err := os.Stat("fleet/redis/go.mod"); err != nil {
		t.Skipf("no fleet module beside the library (%v): nothing to run", err)
	}
	args := []string{"test"}
	if raceEnabled {
		args = append(args, "-race")
	}
	if testing.Short() {
		args = append(args, "-short")
	}
	if d, ok := t.Deadline(); ok {
		args = append(args, "-timeout", time.Until(d).Truncate(time.Second).String())
	}
	args = append(args, "./...")
	cmd := exec.Command("go", args...)
	cmd.Dir = "fleet/redis"
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("go %s in fleet/redis/: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	t.Logf("go %s in fleet/redis/:\n%s", strings.Join(args, " "), out.String())
}
