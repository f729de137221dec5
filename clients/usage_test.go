package clients_test

import (
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNoGenImportNeeded: a user never imports gen/... to read a result or
// set an option. The examples, the wrappers' and fakes' examples and
// testdata/userprog (a program that uses every client's options, requests,
// results and errors) import no generated package, and the program
// compiles.
func TestNoGenImportNeeded(t *testing.T) {
	var files []string
	for _, pattern := range []string{
		"../examples/*/*.go", "*/example_test.go", "*/*test/example_test.go", "testdata/userprog/*.go",
	} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 8 {
		t.Fatalf("found only %d example files: %v", len(files), files)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if name == filepath.Join("falcon", "example_test.go") {
			continue // shows Generated(), the raw client, on purpose
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(path, "github.com/respondkit/respondkit/gen/") {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
	cmd := exec.Command("go", "build", "-o", filepath.Join(t.TempDir(), "userprog"), "./testdata/userprog")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("testdata/userprog does not compile: %v\n%s", err, out)
	}
}
