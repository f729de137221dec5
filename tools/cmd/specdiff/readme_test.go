package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeExample follows the README's example in "Changing a spec" on a
// copy of the repository: the vendor retires `disable`, the maintainer
// removes it from PolicyActionName in specs/falcon/openapi.yaml and runs the
// generator, which refuses, naming the shorthand that still sends it
// (Disable, x-respondkit-shorthands); with that shorthand removed too it
// succeeds although hand-written lines of the fake use the constant that is
// gone. specdiff still reports the spec change and the Go API's changes
// (acknowledged by the README's own lines), lists the hand-written lines to
// change with file and line, and fails until they are changed.
func TestReadmeExample(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the library module twice")
	}
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	// The README's acknowledgement lines: the fenced block that has them.
	var acks string
	for i, block := range strings.Split(string(readme), "```") {
		if i%2 == 1 && strings.Contains(block, "go gen/falconapi PolicyActionNameDisable") {
			acks = strings.TrimSpace(block) + "\n"
		}
	}
	if acks == "" {
		t.Fatal("README.md has no block acknowledging go gen/falconapi PolicyActionNameDisable")
	}

	dir := copyRepo(t)
	spec := filepath.Join(dir, "specs/falcon/openapi.yaml")
	write(t, dir, "specs/falcon/openapi.yaml", edit(t, spec,
		"enum: [add-host-group, add-rule-group, disable, enable, remove-host-group, remove-rule-group]",
		"enum: [add-host-group, add-rule-group, enable, remove-host-group, remove-rule-group]"))
	write(t, dir, "specs/breaking-changes.ack", []byte(acks))

	// go generate ./... runs this line of generate.go.
	generate := func() ([]byte, error) {
		gen := exec.Command("go", "run", "./cmd/respondgen", "sysdig", "falcon", "waldur")
		gen.Dir = filepath.Join(dir, "tools")
		return gen.CombinedOutput()
	}
	const refused = `operation performRTResponsePoliciesAction: x-respondkit-shorthands.methods[1] (Disable): value "disable" is not one of action_name's enum`
	if out, err := generate(); err == nil || !strings.Contains(string(out), refused) {
		t.Fatalf("regenerating with the Disable shorthand left: %v, want it refused with %q\n%s", err, refused, out)
	}
	write(t, dir, "specs/falcon/openapi.yaml", edit(t, spec,
		"          - {name: Disable, value: disable, doc: disables the policies with the given ids}\n", ""))
	if out, err := generate(); err != nil {
		t.Fatalf("regenerating: %v\n%s", err, out)
	}

	var stdout, stderr bytes.Buffer
	code := run(nil, dir, &stdout, &stderr)
	out := stdout.String() + stderr.String()
	if code != exitBreaking {
		t.Errorf("exit %d, want %d", code, exitBreaking)
	}
	for _, want := range []string{
		"removed the enum value `disable` from the `query` request parameter `action_name` [request-parameter-enum-value-removed] (acknowledged: ",
		"error   go gen/falconapi: PolicyActionNameDisable: removed (acknowledged: ",
		"error   go clients/falcon: ActionDisable: removed (acknowledged: ",
		"error   go clients/falcon: (*Client).Disable: removed (acknowledged: ",
		"Go API: 1 package(s) do not compile, not compared: clients/falcon/falcontest\n",
		"Hand-written lines to change (the compiler's errors):\n",
		"  clients/falcon/falcontest/server.go:",
		": undefined: falconapi.PolicyActionNameDisable\n",
		"1 package(s) do not compile; change the lines listed above, then run specdiff again\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, bad := range []string{"unacknowledged", "stale", "specdiff:"} {
		if strings.Contains(out, bad) {
			t.Errorf("output has %q", bad)
		}
	}
	if t.Failed() {
		t.Logf("specdiff:\n%s", out)
	}
}

// copyRepo copies the repository's tracked files, as they are in the working
// tree, into a new git repository of one commit, with no release recorded
// (HEAD is the last release) and no acknowledgements, and returns its
// directory. The shared directory beside the repository is not copied.
func copyRepo(t *testing.T) string {
	t.Helper()
	ls := exec.Command("git", "ls-files", "-z")
	ls.Dir = "../../.."
	list, err := ls.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	dir := t.TempDir()
	for _, name := range strings.Split(strings.TrimRight(string(list), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join("../../..", name))
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		write(t, dir, name, data)
	}
	if err := os.Remove(filepath.Join(dir, "specs/last-release")); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	write(t, dir, "specs/breaking-changes.ack", nil)
	gitCommit(t, dir)
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOWORK", "off")
	return dir
}
