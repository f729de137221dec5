package respondkit_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestDocSnippetsCompile compiles the Go snippets a newcomer copies: every
// ```go block of README.md and the code block of each client's (and the
// fleet module's) package doc, against the current API. A snippet is a
// fragment: each becomes the body of a function, its own import lines are
// kept, the packages it names (sysdig., falcon., ...) are imported, `{ ... }`
// and a line of `...` stand for an empty block, and the free names the snippets share (ctx,
// hostID, id, ids, creds, logger, ...) are package-level variables (see
// snippetVars). Unused variables are all the compiler may say: a renamed
// function, a field that is gone or a wrong argument fails the test, which
// names the README (or doc comment) line through a //line directive. The
// files are laid over the module with go build -overlay; nothing is written
// into the repository.
func TestDocSnippetsCompile(t *testing.T) {
	readInputs(t, ".") // the go command reads the library's sources, which the test cache would not see
	var lib, fleet []snippet
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range markdownSnippets("README.md", string(readme)) {
		if strings.Contains(s.code, "fleetredis.") {
			fleet = append(fleet, s)
		} else {
			lib = append(lib, s)
		}
	}
	if len(lib) < 5 || len(fleet) < 1 {
		t.Fatalf("found %d library and %d fleet snippets in README.md: the extraction is broken", len(lib), len(fleet))
	}
	// A copy of the library in the module cache has no fleet module (nested
	// modules are not part of a module's zip): its snippets are then not
	// built, as runNestedModule skips its tests.
	_, fleetErr := os.Stat(filepath.Join("fleet", "redis", "go.mod"))
	for _, file := range []string{"clients/sysdig/client.go", "clients/falcon/client.go", "clients/waldur/client.go", "fleet/redis/fleet.go"} {
		if strings.HasPrefix(file, "fleet/") && fleetErr != nil {
			continue
		}
		s := docSnippets(t, file)
		if len(s) == 0 {
			t.Errorf("%s: the package doc has no code block", file)
		}
		if strings.HasPrefix(file, "fleet/") {
			fleet = append(fleet, s...)
		} else {
			lib = append(lib, s...)
		}
	}
	root, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("library", func(t *testing.T) { buildSnippets(t, root, lib) })
	t.Run("fleet", func(t *testing.T) {
		if fleetErr != nil {
			t.Skipf("no fleet/redis module beside the library (%v): its snippets cannot be built", fleetErr)
		}
		buildSnippets(t, filepath.Join(root, "fleet", "redis"), fleet)
	})
}

// snippet is a Go fragment and where it starts.
type snippet struct {
	file string
	line int // of the snippet's first line
	code string
}

// markdownSnippets returns the ```go blocks of a Markdown file.
func markdownSnippets(name, text string) []snippet {
	var out []snippet
	var cur *snippet
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && strings.TrimSpace(line) == "```go":
			cur = &snippet{file: name, line: n + 1}
			b.Reset()
		case cur != nil && strings.TrimSpace(line) == "```":
			cur.code = b.String()
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			b.WriteString(line + "\n")
		}
	}
	return out
}

// docSnippets returns the code blocks (lines "//\t...") of a file's package
// doc comment.
func docSnippets(t *testing.T, name string) []snippet {
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var out []snippet
	var cur *snippet
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "package ") {
			break
		}
		if code, ok := strings.CutPrefix(line, "//\t"); ok {
			if cur == nil {
				cur = &snippet{file: name, line: i + 1}
			}
			cur.code += code + "\n"
			continue
		}
		if cur != nil {
			out = append(out, *cur)
			cur = nil
		}
	}
	return out
}

// snippetVars declares the names the snippets use without declaring them.
// A snippet's own := shadows them.
const snippetVars = `package readmesnippets

import (
	"context"
	"io"
	"log/slog"

	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/clients/waldur"
)

var (
	ctx                                       context.Context
	hostID, containerID, id, secret, group, cid string
	ids                                       []string
	file                                      io.Writer
	logger                                    *slog.Logger
	creds                                     falcon.Credentials
	action                                    waldur.UserAction
	c                                         *sysdig.Client
)
`

// snippetImports are the packages a snippet may name without importing.
var snippetImports = map[string]string{
	"context": "context", "errors": "errors", "fmt": "fmt", "http": "net/http", "io": "io", "os": "os",
	"slog": "log/slog", "time": "time", "uuid": "github.com/google/uuid",
	"respondkit": "github.com/respondkit/respondkit",
	"sysdig":     "github.com/respondkit/respondkit/clients/sysdig",
	"sysdigtest": "github.com/respondkit/respondkit/clients/sysdig/sysdigtest",
	"falcon":     "github.com/respondkit/respondkit/clients/falcon",
	"falcontest": "github.com/respondkit/respondkit/clients/falcon/falcontest",
	"fql":        "github.com/respondkit/respondkit/clients/falcon/fql",
	"waldur":     "github.com/respondkit/respondkit/clients/waldur",
	"waldurtest": "github.com/respondkit/respondkit/clients/waldur/waldurtest",
	"faketest":   "github.com/respondkit/respondkit/clients/faketest",
	"goredis":    "github.com/redis/go-redis/v9",
	"fleetredis": "github.com/respondkit/respondkit/fleet/redis",
}

var (
	importLine  = regexp.MustCompile(`(?m)^import\s+((\w+)\s+)?"([^"]+)"\s*$`)
	importBlock = regexp.MustCompile(`(?ms)^import \((.*?)^\)\s*$`)
	blockImport = regexp.MustCompile(`(?m)^\s*((\w+)\s+)?"([^"]+)"`)
	elided      = regexp.MustCompile(`(?m)^\s*\.\.\.\s*$`) // a line "..." in a block
)

// snippetFile turns a snippet into a Go file of package readmesnippets.
func snippetFile(i int, s snippet) string {
	imports := map[string]string{} // name to path
	code := importBlock.ReplaceAllStringFunc(s.code, func(block string) string {
		for _, m := range blockImport.FindAllStringSubmatch(importBlock.FindStringSubmatch(block)[1], -1) {
			imports[importName(m[2], m[3])] = m[3]
		}
		return strings.Repeat("\n", strings.Count(block, "\n")) // keep the line numbers
	})
	code = importLine.ReplaceAllStringFunc(code, func(line string) string {
		m := importLine.FindStringSubmatch(line)
		imports[importName(m[2], m[3])] = m[3]
		return ""
	})
	code = strings.ReplaceAll(code, "{ ... }", "{}")
	code = elided.ReplaceAllString(code, "")
	for _, name := range qualifiers(code) {
		if path, ok := snippetImports[name]; ok {
			imports[name] = path
		}
	}
	names := make([]string, 0, len(imports))
	for name := range imports {
		names = append(names, name)
	}
	slices.Sort(names)
	var b strings.Builder
	b.WriteString("package readmesnippets\n\nimport (\n")
	for _, name := range names {
		fmt.Fprintf(&b, "\t%s %q\n", name, imports[name])
	}
	fmt.Fprintf(&b, ")\n\nfunc snippet%d() {\n//line %s:%d\n%s}\n", i, s.file, s.line, code)
	return b.String()
}

// qualifiers returns the identifiers of code followed by a dot (sysdig in
// sysdig.New), comments and strings aside.
func qualifiers(code string) []string {
	fset := token.NewFileSet()
	var sc scanner.Scanner
	sc.Init(fset.AddFile("", fset.Base(), len(code)), []byte(code), nil, 0)
	var out []string
	prev := ""
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.PERIOD && prev != "" {
			out = append(out, prev)
		}
		prev = ""
		if tok == token.IDENT {
			prev = lit
		}
	}
}

// importName is the name an import declares.
func importName(alias, path string) string {
	if alias != "" {
		return alias
	}
	name := path[strings.LastIndex(path, "/")+1:]
	if len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		p := strings.TrimSuffix(path, "/"+name)
		name = p[strings.LastIndex(p, "/")+1:]
	}
	return strings.ReplaceAll(name, "-", "")
}

// buildSnippets lays the snippets over a package of the module in dir and
// builds it, failing on every error but an unused variable's.
func buildSnippets(t *testing.T, dir string, snippets []snippet) {
	tmp := t.TempDir()
	pkg := filepath.Join(dir, "internal", "readmesnippets")
	overlay := map[string]string{}
	add := func(name, src string) {
		path := filepath.Join(tmp, name)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		overlay[filepath.Join(pkg, name)] = path
	}
	add("vars.go", snippetVars)
	for i, s := range snippets {
		add(fmt.Sprintf("snippet%d.go", i), snippetFile(i, s))
	}
	js, err := json.Marshal(map[string]any{"Replace": overlay})
	if err != nil {
		t.Fatal(err)
	}
	ov := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(ov, js, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "build", "-overlay", ov, "-gcflags=-e", "-o", os.DevNull, "./internal/readmesnippets")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	var errs []string
	for _, line := range strings.Split(string(out), "\n") {
		// "go: downloading m v" is progress, printed when the module
		// cache lacks a dependency (a fresh CI machine); a failed download
		// prints its own error line.
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "go: downloading ") || strings.Contains(line, "declared and not used") {
			continue
		}
		errs = append(errs, line)
	}
	if len(errs) > 0 || (err != nil && !strings.Contains(string(out), "declared and not used")) {
		t.Errorf("snippets do not compile against the current API (%v):\n%s", err, strings.Join(errs, "\n"))
	}
}
