package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoAPI runs the command on a small module in a git repository of its
// own: removed and changed exported identifiers fail unless acknowledged,
// additions and changes to internal or main packages do not.
func TestGoAPI(t *testing.T) {
	dir := t.TempDir()
	v1 := map[string]string{
		"go.mod":          "module example.com/lib\n\ngo 1.26\n",
		"a/a.go":          "package a\n\n// Kind is a kind.\ntype Kind string\n\n// KindX is X.\nconst KindX Kind = \"x\"\n\n// Client calls.\ntype Client struct{}\n\n// Undo undoes.\nfunc (*Client) Undo(id string) error { return nil }\n",
		"b/b.go":          "package b\n\n// B is b.\nconst B = 1\n",
		"internal/i/i.go": "package i\n\n// I is i.\nconst I = 1\n",
		"cmd/c/main.go":   "package main\n\n// M is m.\nconst M = 1\n\nfunc main() {}\n",
	}
	for name, src := range v1 {
		write(t, dir, name, []byte(src))
	}
	gitCommit(t, dir)

	const ackUndo = "go a (*Client).Undo  # Undo takes a request struct\n"
	steps := []struct {
		name     string
		files    map[string]string // written before the step ("" removes)
		ack      string
		code     int
		contains []string
		lacks    []string
	}{
		{name: "unchanged", code: exitOK, contains: []string{"Go API: no breaking changes since HEAD"}},
		{
			name: "additions and internal changes",
			files: map[string]string{
				"a/more.go":       "package a\n\n// KindY is Y.\nconst KindY Kind = \"y\"\n",
				"internal/i/i.go": "package i\n",
				"cmd/c/main.go":   "package main\n\nfunc main() {}\n",
			},
			code: exitOK, contains: []string{"Go API: no breaking changes"},
		},
		{
			name:  "removed constant, changed method, removed package",
			files: map[string]string{"a/a.go": "package a\n\n// Kind is a kind.\ntype Kind string\n\n// Client calls.\ntype Client struct{}\n\n// UndoRequest asks.\ntype UndoRequest struct{ ID string }\n\n// Undo undoes.\nfunc (*Client) Undo(r UndoRequest) error { return nil }\n", "b/b.go": ""},
			code:  exitBreaking,
			contains: []string{
				"Go API: 3 breaking change(s) since HEAD",
				"error   go a: KindX: removed",
				"error   go a: (*Client).Undo: changed from func(string) error to func(UndoRequest) error",
				"error   go b: package: removed",
				"3 unacknowledged",
			},
		},
		{
			name: "some acknowledged", ack: ackUndo, code: exitBreaking,
			contains: []string{"(acknowledged: Undo takes a request struct)", "2 unacknowledged"},
		},
		{
			name: "all acknowledged", ack: ackUndo + "go a KindX  # the service dropped X\ngo b package  # merged into a\n", code: exitOK,
		},
		{
			name: "stale go acknowledgement", files: map[string]string{"a/a.go": v1["a/a.go"], "b/b.go": v1["b/b.go"]},
			ack: ackUndo, code: exitBreaking,
			contains: []string{"specs/breaking-changes.ack:1: stale acknowledgement, matches no change since HEAD: go a (*Client).Undo"},
		},
		{
			// A hand-written package uses what another package lost: its
			// lines are listed, and the rest is still compared.
			name: "a package that no longer compiles",
			files: map[string]string{
				"c/c.go": "package c\n\nimport \"example.com/lib/a\"\n\n// X is a.KindX.\nconst X = a.KindX\n\n// Y is b.B.\nconst Y = 2\n",
				"d/d.go": "package d\n\nimport \"example.com/lib/c\"\n\n// D is c.Y.\nconst D = c.Y\n",
				"a/a.go": "package a\n\n// Kind is a kind.\ntype Kind string\n\n// Client calls.\ntype Client struct{}\n\n// Undo undoes.\nfunc (*Client) Undo(id string) error { return nil }\n",
				"b/b.go": v1["b/b.go"],
			},
			// The acknowledgement of a package not compared is not stale.
			ack:  "go c X  # c changes too\n",
			code: exitBreaking,
			contains: []string{
				"Go API: 1 breaking change(s) since HEAD",
				"error   go a: KindX: removed",
				"Go API: 2 package(s) do not compile, not compared: c, d",
				"Hand-written lines to change (the compiler's errors):\n  c/c.go:6:13: undefined: a.KindX\n",
				"1 unacknowledged",
				"2 package(s) do not compile; change the lines listed above",
			},
			lacks: []string{"stale", "go c X"},
		},
		{name: "malformed go acknowledgement", ack: "go a  # no identifier\n", code: exitUsage},
	}
	for _, st := range steps {
		for name, src := range st.files {
			if src == "" {
				if err := os.RemoveAll(filepath.Join(dir, filepath.Dir(name))); err != nil {
					t.Fatal(err)
				}
				continue
			}
			write(t, dir, name, []byte(src))
		}
		write(t, dir, "specs/breaking-changes.ack", []byte(st.ack))
		var stdout, stderr bytes.Buffer
		code := run(nil, dir, &stdout, &stderr)
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
	}
}
