package main

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// copyTree copies what regeneration reads and writes (the library module's
// go.mod and go.sum, its root package, which the generated packages import,
// internal/textclip and internal/jsonfast, which the root package imports,
// specs/, gen/ and the wrappers' files) into a new temporary directory and
// returns it.
func copyTree(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	for _, name := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join("../../..", name))
		if err != nil {
			t.Fatal(err)
		}
		write(t, dst, name, data)
	}
	roots, err := filepath.Glob("../../../*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range roots {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		write(t, dst, filepath.Base(p), data)
	}
	for _, dir := range []string{"internal/textclip", "internal/jsonfast", "specs", "gen", "clients/sysdig", "clients/falcon", "clients/waldur"} {
		src := filepath.Join("../../..", dir)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			// The wrappers' own files, not their subpackages.
			if strings.HasPrefix(dir, "clients/") && filepath.Dir(p) != src {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			r, _ := filepath.Rel("../../..", p)
			write(t, dst, r, data)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// No network: the export data of the generated packages' imports comes
	// from the module cache and the build cache.
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	return dst
}

// generated returns the content of every generated file under root: gen/
// and the wrappers' operations.gen.go.
func generated(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, pattern := range []string{"gen/*/*.go", "clients/*/" + output} {
		files, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out[rel(root, f)] = string(data)
		}
	}
	if len(out) != 12 {
		t.Fatalf("%d generated files under %s, want 12 (3 APIs × client, decoders, spec, wrapper)", len(out), root)
	}
	return out
}

// edit replaces old by new in a file under root, once; old must be there.
func edit(t *testing.T, root, name, old, new string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s lacks %q", name, old)
	}
	write(t, root, name, []byte(strings.Replace(string(data), old, new, 1)))
}

// changed lists the files whose content differs between two snapshots.
func changed(before, after map[string]string) []string {
	var out []string
	for name, b := range before {
		if after[name] != b {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// TestRegenerateIsCurrent: the driver, run on the repository, writes
// nothing: the committed gen/ and wrappers are byte for byte what it makes
// (oapi-codegen run as a library, with the header its command writes).
func TestRegenerateIsCurrent(t *testing.T) {
	root := copyTree(t)
	before := generated(t, root)
	written, err := regenerate(root, apis, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != 0 {
		t.Errorf("wrote %v on an up-to-date tree: run go generate ./...", written)
	}
	if c := changed(before, generated(t, root)); len(c) > 0 {
		t.Errorf("changed %v", c)
	}
}

// TestRefusedSpecWritesNothing: when one spec is refused (by respondgen, or
// by oapi-codegen), no generated file changes, not even those of another
// API whose spec changed validly in the same run; once the spec is fixed,
// the run writes exactly the files that change, and a second run writes
// nothing.
func TestRefusedSpecWritesNothing(t *testing.T) {
	tests := []struct {
		name      string
		old, new  string // in specs/falcon/openapi.yaml
		wantError string
	}{
		{
			name:      "respondgen refuses an annotation",
			old:       "x-respondkit-batch: {items: ids, max: 100, parallel: 4}\n",
			new:       "x-respondkit-batch: {items: id, max: 100, parallel: 4}\n",
			wantError: `x-respondkit-batch.items "id" is not an array query parameter`,
		},
		{
			name:      "oapi-codegen refuses a reference",
			old:       "$ref: '#/components/schemas/",
			new:       "$ref: '#/components/schemas/Missing",
			wantError: "specs/falcon/openapi.yaml",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := copyTree(t)
			before := generated(t, root)
			// A valid change to another API, which alone would rewrite its
			// generated client and embedded spec.
			edit(t, root, "specs/sysdig/openapi.yaml", "summary: Get all response actions", "summary: Get every response action")
			edit(t, root, "specs/falcon/openapi.yaml", tt.old, tt.new)

			written, err := regenerate(root, apis, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.wantError) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantError)
			}
			if len(written) != 0 {
				t.Errorf("wrote %v", written)
			}
			if c := changed(before, generated(t, root)); len(c) > 0 {
				t.Errorf("a refused spec changed %v", c)
			}

			// Fixed: the sysdig change is written, nothing else.
			edit(t, root, "specs/falcon/openapi.yaml", tt.new, tt.old)
			written, err = regenerate(root, apis, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			got := changed(before, generated(t, root))
			slices.Sort(written)
			if !slices.Equal(written, got) || !slices.Contains(got, "gen/sysdigapi/sysdigapi.gen.go") || slices.ContainsFunc(got, func(s string) bool { return !strings.Contains(s, "sysdig") }) {
				t.Errorf("wrote %v, changed %v; want the sysdig files alone", written, got)
			}
			if written, err := regenerate(root, apis, io.Discard); err != nil || len(written) != 0 {
				t.Errorf("second run wrote %v, %v; want nothing", written, err)
			}
		})
	}
}

// TestGeneratedHeaderNamesOapiCodegen: the driver's files say what the
// command's said, the generator and its pinned version.
func TestGeneratedHeaderNamesOapiCodegen(t *testing.T) {
	v, err := oapiCodegenVersion()
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(mod, []byte(oapiCodegen+" "+v+"\n")) {
		t.Errorf("built with %s %s, which tools/go.mod does not pin", oapiCodegen, v)
	}
	src, err := os.ReadFile("../../../gen/falconapi/falconapi.gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if want := "// Code generated by " + oapiCodegen + " version " + v + " DO NOT EDIT.\n"; !bytes.Contains(src, []byte(want)) {
		t.Errorf("gen/falconapi lacks %q", want)
	}
}

// TestOpenSetsAsTypes: an open set (x-respondkit-type with known values on a
// string schema without enum) reaches oapi-codegen with its known values as
// the enum, so that it is a Go type of its own with constants; every other
// schema is left as it is, and a wrong annotation is refused naming the
// schema and the annotation.
func TestOpenSetsAsTypes(t *testing.T) {
	const head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
	tests := []struct {
		name, schemas string
		want          map[string][]any // schema: its enum after the call
		err           string
	}{
		{"open set", "    Kind: {type: string, x-respondkit-type: {name: Kind, known: [A, B]}}\n    Plain: {type: string}\n",
			map[string][]any{"Kind": {"A", "B"}, "Plain": nil}, ""},
		{"closed enum untouched", "    Kind: {type: string, enum: [A], x-respondkit-type: {name: Kind}}\n",
			map[string][]any{"Kind": {"A"}}, ""},
		{"known on an enum", "    Kind: {type: string, enum: [A], x-respondkit-type: {name: Kind, known: [A, B]}}\n",
			nil, "schema Kind: x-respondkit-type.known is for open sets"},
		{"known on an object", "    Kind: {type: object, x-respondkit-type: {name: Kind, known: [A]}}\n",
			nil, "schema Kind: x-respondkit-type prefix and known are for string schemas"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := openapi3.NewLoader().LoadFromData([]byte(head + tt.schemas))
			if err != nil {
				t.Fatal(err)
			}
			err = openSetsAsTypes(doc)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range tt.want {
				if got := doc.Components.Schemas[name].Value.Enum; !slices.Equal(got, want) {
					t.Errorf("%s: enum %v, want %v", name, got, want)
				}
			}
		})
	}
}

// TestGoCase: enum values become the tails of Go names; a leading "-" (a
// descending order) becomes a trailing Desc, so that both orders of a field
// get names of their own.
func TestGoCase(t *testing.T) {
	for in, want := range map[string]string{
		"KILL_PROCESS": "KillProcess", "hostname.asc": "HostnameAsc", "created_by.desc": "CreatedByDesc",
		"due_date": "DueDate", "-due_date": "DueDateDesc", "-": "", "remove-host-group": "RemoveHostGroup",
	} {
		if got := goCase(in); got != want {
			t.Errorf("goCase(%q) = %q, want %q", in, got, want)
		}
	}
}
