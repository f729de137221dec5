package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oasdiff/oasdiff/checker"
)

// edit returns the spec at path with old replaced by new exactly once.
func edit(t *testing.T, path, old, new string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(data, []byte(old)); n != 1 {
		t.Fatalf("%s: %q occurs %d times, want once", path, old, n)
	}
	return bytes.Replace(data, []byte(old), []byte(new), 1)
}

const (
	sysdigSpec = "../../../specs/sysdig/openapi.yaml"
	falconSpec = "../../../specs/falcon/openapi.yaml"
)

func TestCompare(t *testing.T) {
	tests := []struct {
		name     string
		spec     string
		old, new string
		wantID   string // "" for a safe change
		wantOp   string
		level    checker.Level
	}{
		{
			name:   "removed enum value",
			spec:   falconSpec,
			old:    "enum: [add-host-group, add-rule-group, disable, enable, remove-host-group, remove-rule-group]",
			new:    "enum: [add-host-group, add-rule-group, enable, remove-host-group, remove-rule-group]",
			wantID: "request-parameter-enum-value-removed",
			wantOp: "POST /policy/entities/response-actions/v1",
			level:  checker.ERR,
		},
		{
			name: "new required parameter",
			spec: sysdigSpec,
			old:  "        - $ref: '#/components/parameters/Context'\n",
			new: "        - $ref: '#/components/parameters/Context'\n" +
				"        - {name: tenant, in: query, required: true, description: A tenant., schema: {type: string}}\n",
			wantID: "new-required-request-parameter",
			wantOp: "GET /secure/response-actions/v1alpha1/actions",
			level:  checker.ERR,
		},
		{
			name:   "removed required response field",
			spec:   sysdigSpec,
			old:    "required: [id, actionType, executionContext, parameters, status, createdAt]\n      properties:\n        id:\n          type: string\n          maxLength: 64\n          description: The ID of the execution.\n",
			new:    "required: [actionType, executionContext, parameters, status, createdAt]\n      properties:\n",
			wantID: "response-required-property-removed",
			wantOp: "GET /secure/response-actions/v1alpha1/action-executions/{actionExecutionId}",
			level:  checker.ERR,
		},
		{
			name:   "removed optional response field",
			spec:   sysdigSpec,
			old:    "        callerId:\n          type: string\n          maxLength: 128\n          description: The caller id given when the execution was submitted.\n        actionType:",
			new:    "        actionType:",
			wantID: "response-optional-property-removed",
			wantOp: "GET /secure/response-actions/v1alpha1/action-executions/{actionExecutionId}",
			level:  checker.WARN,
		},
		{
			name: "new optional response field is safe",
			spec: sysdigSpec,
			old:  "        actionExecutionIdBeingUndone:\n",
			new: "        region:\n          type: string\n          description: Where the execution ran.\n" +
				"        actionExecutionIdBeingUndone:\n",
		},
		{
			name: "new optional query parameter is safe",
			spec: sysdigSpec,
			old:  "        - $ref: '#/components/parameters/Context'\n",
			new: "        - $ref: '#/components/parameters/Context'\n" +
				"        - {name: tenant, in: query, description: A tenant., schema: {type: string}}\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, err := os.ReadFile(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			revision := edit(t, tt.spec, tt.old, tt.new)
			findings, err := compare("spec.yaml", base, revision)
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantID == "" {
				if len(findings) != 0 {
					t.Fatalf("safe change reported: %v", findings)
				}
				return
			}
			var hit *finding
			for i, f := range findings {
				t.Logf("%v", f)
				if f.ID == tt.wantID && f.Method+" "+f.Path == tt.wantOp {
					hit = &findings[i]
				}
			}
			if hit == nil {
				t.Fatalf("no %s on %s among %d findings", tt.wantID, tt.wantOp, len(findings))
			}
			if hit.Level != tt.level {
				t.Errorf("level %v, want %v", hit.Level, tt.level)
			}
			if !strings.HasPrefix(hit.Where, "spec.yaml:") {
				t.Errorf("location %q has no line", hit.Where)
			}
		})
	}
}

func TestCompareRejectsInvalidSpec(t *testing.T) {
	base, err := os.ReadFile(sysdigSpec)
	if err != nil {
		t.Fatal(err)
	}
	_, err = compare("spec.yaml", base, []byte("openapi: 3.0.3\ninfo: {}\npaths: {}\n"))
	if err == nil || !strings.Contains(err.Error(), "working tree") {
		t.Fatalf("err = %v, want an invalid working-tree spec", err)
	}
}

// repo makes a git repository holding the Falcon spec in one commit and
// returns its directory.
func repo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(falconSpec)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "specs/falcon/openapi.yaml", data)
	gitCommit(t, dir)
	return dir
}

// gitCommit makes dir a git repository with its files in one commit.
func gitCommit(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("specdiff needs git on PATH: ", err)
	}
	for _, args := range [][]string{
		{"init", "-q"},
		{"add", "."},
		{"-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "initial"},
	} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

func write(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRun(t *testing.T) {
	dir := repo(t)
	removed := edit(t, falconSpec,
		"enum: [add-host-group, add-rule-group, disable, enable, remove-host-group, remove-rule-group]",
		"enum: [add-host-group, add-rule-group, enable, remove-host-group, remove-rule-group]")
	original, err := os.ReadFile(falconSpec)
	if err != nil {
		t.Fatal(err)
	}
	const ackLine = "specs/falcon/openapi.yaml request-parameter-enum-value-removed POST /policy/entities/response-actions/v1"

	steps := []struct {
		name     string
		spec     []byte // written before the step when not nil
		ack      string // written to specs/breaking-changes.ack before the step
		args     []string
		code     int
		contains []string
	}{
		{name: "unchanged", args: nil, code: exitOK, contains: []string{"no breaking changes since HEAD"}},
		{
			name: "breaking", spec: removed, code: exitBreaking,
			contains: []string{"error   specs/falcon/openapi.yaml:", "removed the enum value `disable`", "[request-parameter-enum-value-removed]", "1 unacknowledged"},
		},
		{
			name: "acknowledged", ack: ackLine + "  # the vendor retired disable\n", code: exitOK,
			contains: []string{"(acknowledged: the vendor retired disable)"},
		},
		{name: "fail only on errors", ack: "\n", args: []string{"-fail-on", "ERR"}, code: exitBreaking},
		{name: "ack without reason", ack: ackLine + "\n", code: exitUsage},
		{name: "malformed ack", ack: "specs/falcon/openapi.yaml something\n", code: exitUsage},
		{name: "bad ref", ack: "\n", args: []string{"-ref", "no-such-ref"}, code: exitUsage, contains: []string{`ref "no-such-ref" is not a commit`}},
		{name: "bad level", args: []string{"-fail-on", "INFO"}, code: exitUsage},
		{
			name: "stale acknowledgement", spec: original, ack: ackLine + "  # gone\n", code: exitBreaking,
			contains: []string{"specs/breaking-changes.ack:1: stale acknowledgement, matches no change since HEAD: " + ackLine, "1 stale acknowledgement(s)"},
		},
		{name: "new spec", ack: "\n", args: []string{"specs/new/openapi.yaml"}, code: exitOK, contains: []string{"specs/new/openapi.yaml: new since HEAD"}},
	}
	write(t, dir, "specs/new/openapi.yaml", []byte("openapi: 3.0.3\n"))
	for _, st := range steps {
		if st.spec != nil {
			write(t, dir, "specs/falcon/openapi.yaml", st.spec)
		}
		if st.ack != "" {
			write(t, dir, "specs/breaking-changes.ack", []byte(st.ack))
		}
		args := st.args
		if len(args) == 0 || strings.HasPrefix(args[0], "-") {
			args = append(args, "specs/falcon/openapi.yaml")
		}
		var stdout, stderr bytes.Buffer
		code := run(args, dir, &stdout, &stderr)
		out := stdout.String() + stderr.String()
		if code != st.code {
			t.Errorf("%s: exit %d, want %d\n%s", st.name, code, st.code, out)
		}
		for _, c := range st.contains {
			if !strings.Contains(out, c) {
				t.Errorf("%s: output lacks %q\n%s", st.name, c, out)
			}
		}
	}
}

// TestRepositorySpecs runs the command the way maintainers do, on this
// repository's specs against the last release (specs/last-release): every
// spec loads at both versions, the acknowledgement file parses, and each
// spec gets a verdict. (CI runs it with the Go API too; TestReadmeExample
// compares the Go API of a copy of the repository.)
func TestRepositorySpecs(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"-go=false"}, "../../..", &stdout, &stderr)
	if code == exitUsage {
		t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	for _, api := range []string{"sysdig", "falcon", "waldur"} {
		if !strings.Contains(stdout.String(), "specs/"+api+"/openapi.yaml: ") {
			t.Errorf("no verdict for %s:\n%s", api, stdout.String())
		}
	}
}

// git runs git in dir.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.invalid"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestRelease: by default specdiff compares with the release recorded in
// specs/last-release; against it, an acknowledgement that matches no change
// is stale and fails, and -prune removes it; against another ref, unused
// acknowledgements are not reported.
func TestRelease(t *testing.T) {
	dir := repo(t)
	release := git(t, dir, "rev-parse", "HEAD")
	write(t, dir, "specs/falcon/openapi.yaml", edit(t, falconSpec,
		"enum: [add-host-group, add-rule-group, disable, enable, remove-host-group, remove-rule-group]",
		"enum: [add-host-group, add-rule-group, enable, remove-host-group, remove-rule-group]"))
	git(t, dir, "commit", "-q", "-am", "the vendor retired disable")

	const (
		used  = "specs/falcon/openapi.yaml request-parameter-enum-value-removed POST /policy/entities/response-actions/v1  # the vendor retired disable\n"
		stale = "specs/falcon/openapi.yaml request-parameter-removed GET /policies/queries/response/v1  # an older change\n"
		head  = "# Breaking changes since the last release.\n"
	)
	steps := []struct {
		name     string
		release  string // written to specs/last-release when not ""
		ack      string // written to specs/breaking-changes.ack when not ""
		args     []string
		code     int
		contains []string
		lacks    []string
		ackAfter string // the acknowledgement file after the step, when not ""
	}{
		{
			name: "against the release", release: "# the last release\n" + release + "\n", ack: head + used,
			code:     exitOK,
			contains: []string{"1 breaking change(s) since the last release (" + release[:12] + ")", "(acknowledged: the vendor retired disable)"},
		},
		{
			name: "stale acknowledgement", ack: head + used + stale, code: exitBreaking,
			contains: []string{"specs/breaking-changes.ack:3: stale acknowledgement, matches no change since the last release (" + release[:12] + "): specs/falcon/openapi.yaml request-parameter-removed", "1 stale acknowledgement(s)"},
		},
		{
			name: "another ref", args: []string{"-ref", "HEAD"}, code: exitOK,
			contains: []string{"no breaking changes since HEAD"}, lacks: []string{"stale"},
		},
		{name: "prune needs the release", args: []string{"-ref", "HEAD", "-prune"}, code: exitUsage},
		{
			name: "prune", args: []string{"-prune"}, code: exitOK,
			contains: []string{"specs/breaking-changes.ack: removed 1 acknowledgement(s)"}, ackAfter: head + used,
		},
		{name: "pruned", code: exitOK, lacks: []string{"stale", "acknowledgement(s) that match"}},
		{name: "the release moves", release: "HEAD\n", code: exitBreaking, contains: []string{"stale acknowledgement, matches no change since HEAD"}},
		{name: "unknown release", release: "0123456789abcdef0123456789abcdef01234567\n", code: exitUsage, contains: []string{"specs/last-release: ref \"0123456789abcdef0123456789abcdef01234567\" is not a commit"}},
		{name: "malformed release", release: "v1 v2\n", code: exitUsage, contains: []string{"want one ref on a line"}},
	}
	for _, st := range steps {
		if st.release != "" {
			write(t, dir, "specs/last-release", []byte(st.release))
		}
		if st.ack != "" {
			write(t, dir, "specs/breaking-changes.ack", []byte(st.ack))
		}
		var stdout, stderr bytes.Buffer
		code := run(append(st.args, "specs/falcon/openapi.yaml"), dir, &stdout, &stderr)
		out := stdout.String() + stderr.String()
		if code != st.code {
			t.Errorf("%s: exit %d, want %d\n%s", st.name, code, st.code, out)
		}
		for _, c := range st.contains {
			if !strings.Contains(out, c) {
				t.Errorf("%s: output lacks %q\n%s", st.name, c, out)
			}
		}
		for _, c := range st.lacks {
			if strings.Contains(out, c) {
				t.Errorf("%s: output has %q\n%s", st.name, c, out)
			}
		}
		if st.ackAfter != "" {
			got, err := os.ReadFile(filepath.Join(dir, "specs/breaking-changes.ack"))
			if err != nil || string(got) != st.ackAfter {
				t.Errorf("%s: acknowledgement file %q, %v; want %q", st.name, got, err, st.ackAfter)
			}
		}
	}
}
