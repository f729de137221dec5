package respondkit_test

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestToolsModule runs the tests of the tools module (tools/go.mod: spec tests
// and lint, the client template check, cmd/specdiff), so that the README's
// `go test ./...` at the repository root tests both modules: the go command's
// ./... stops at a nested module. The race detector and -short carry over.
//
// The tools tests read the specs, the library's sources (the tools module
// replaces the library with ../), the generated code, both modules' go.mod
// and go.sum and the git history: the whole repository.
func TestToolsModule(t *testing.T) {
	readInputs(t, ".")
	runNestedModule(t, "tools")
}

// readInputs opens and reads every file under dirs (git's own directory
// aside) and the files that name git's HEAD commit, so that the go command's
// test cache, which records the files and directories a test opens, sees
// everything a nested module's tests read in their own process: an edit
// anywhere in the tree reruns the test instead of reporting "(cached)".
func readInputs(t *testing.T, dirs ...string) {
	t.Helper()
	files := 0
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == ".git" {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Name() == ".git" || !d.Type().IsRegular() {
				return nil // a worktree's .git file; symbolic links
			}
			files++
			return readFile(path)
		})
		if err != nil {
			t.Fatalf("reading the inputs of the nested module's tests: %v", err)
		}
	}
	// What HEAD names (specdiff compares the tree with it): HEAD itself, the
	// branch's ref and the packed refs, wherever this checkout keeps them.
	if out, err := exec.Command("git", "rev-parse", "--symbolic-full-name", "HEAD").Output(); err == nil {
		names := []string{"HEAD", "packed-refs"}
		if ref := strings.TrimSpace(string(out)); strings.HasPrefix(ref, "refs/") {
			names = append(names, ref)
		}
		for _, name := range names {
			p, err := exec.Command("git", "rev-parse", "--git-path", name).Output()
			if err != nil {
				continue
			}
			// A missing file (no packed refs) is recorded as missing.
			if err := readFile(strings.TrimSpace(string(p))); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
		}
	}
	t.Logf("read %d files under %s", files, strings.Join(dirs, ", "))
}

func readFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(io.Discard, f)
	return err
}

// runNestedModule runs `go test -count=1 ./...` in the nested module in dir,
// passing on the race detector, -short and the time left, and fails with its
// output.
func runNestedModule(t *testing.T, dir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		// A copy of the library in the module cache has no nested module:
		// nested modules are not part of a module's zip.
		t.Skipf("no %s module beside the library (%v): nothing to run", dir, err)
	}
	// The environment the nested go command reads, for the cache too.
	for _, v := range []string{"CI", "GOFLAGS", "GOWORK", "GOTOOLCHAIN", "GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GOENV", "GODEBUG"} {
		os.Getenv(v)
	}
	// -count=1: the go command's cache does not recheck files outside a
	// module's directory ("Do not recheck files outside the module" in
	// cmd/go), and the tools tests read the specs, the library and the
	// generated code outside tools/, so a cached nested answer could be
	// stale. The outer test's own cache entry, keyed by readInputs, is the
	// one that spares the run when nothing changed.
	args := []string{"test", "-count=1"}
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
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		t.Fatalf("go %s in %s/: %v\n%s", strings.Join(args, " "), dir, err, out.String())
	}
	t.Logf("go %s in %s/:\n%s", strings.Join(args, " "), dir, out.String())
}

// TestFleetModule runs the tests of the optional fleet module (fleet/redis,
// its own go.mod), as TestToolsModule does for the tools module: they build
// against the library in this tree, so every file is an input. They need
// redis-server (skipped without it, failed with CI=true).
func TestFleetModule(t *testing.T) {
	readInputs(t, ".")
	runNestedModule(t, "fleet/redis")
}
