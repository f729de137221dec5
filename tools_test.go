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
