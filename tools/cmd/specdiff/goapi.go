package main

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/exp/apidiff"
	"golang.org/x/tools/go/packages"
)

// goChange is one incompatible change to the exported Go API of a package of
// the library module, as golang.org/x/exp/apidiff reports it.
type goChange struct {
	Pkg  string // import path relative to the module, e.g. clients/sysdig
	Name string // the identifier apidiff names, e.g. (*Client).Undo
	Text string // apidiff's message
}

func (c goChange) String() string { return fmt.Sprintf("error   go %s: %s", c.Pkg, c.Text) }

// key is what an acknowledgement line names: go <package> <identifier>.
func (c goChange) key() string { return strings.Join([]string{"go", c.Pkg, c.Name}, " ") }

// goAPIResult is the comparison of the library module's Go API with the
// one at a ref.
type goAPIResult struct {
	changes []goChange
	// compared lists the packages compared (relative to the module),
	// removed ones included.
	compared []string
	// broken lists the packages of the working tree that do not type-check,
	// or import one that does not, and so were not compared.
	broken []string
	// fix lists the compiler's errors in them, "file:line:col: message"
	// with the file relative to the repository: the lines to change.
	fix []string
}

// goAPIChanges compares the exported API of every non-internal package of the
// Go module at the root of dir (its working tree) with the same module at ref.
// A package that was removed is one change; a package that is new is not.
// A package of the working tree that does not compile (hand-written code
// still using what a regenerated package no longer has) is not compared; its
// compiler errors are returned as the lines to fix, and the packages that do
// compile (gen/ among them) are compared all the same. It returns nil, nil
// when dir holds no go.mod at either version.
func goAPIChanges(dir, ref string) (*goAPIResult, error) {
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		return nil, nil
	}
	old, err := os.MkdirTemp("", "specdiff-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(old)
	if err := extract(dir, ref, old); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(old, "go.mod")); err != nil {
		return nil, nil
	}
	before, modBefore, err := loadAPI(old)
	if err != nil {
		return nil, fmt.Errorf("the Go API at %s: %w", ref, err)
	}
	if len(before.broken) > 0 {
		return nil, fmt.Errorf("the Go API at %s: %s", ref, strings.Join(before.fix, "\n"))
	}
	after, modAfter, err := loadAPI(dir)
	if err != nil {
		return nil, fmt.Errorf("the Go API of the working tree: %w", err)
	}
	res := &goAPIResult{broken: after.broken, fix: after.fix}
	if modBefore != modAfter {
		res.changes = []goChange{{Pkg: ".", Name: "module", Text: fmt.Sprintf("module: path changed from %s to %s", modBefore, modAfter)}}
		return res, nil
	}
	for _, rel := range sortedKeys(before.pkgs) {
		oldPkg := before.pkgs[rel]
		if slices.Contains(after.broken, rel) {
			continue
		}
		res.compared = append(res.compared, rel)
		newPkg, ok := after.pkgs[rel]
		if !ok {
			res.changes = append(res.changes, goChange{Pkg: rel, Name: "package", Text: "package: removed"})
			continue
		}
		for _, c := range apidiff.Changes(oldPkg.Types, newPkg.Types).Changes {
			if c.Compatible {
				continue
			}
			name, _, ok := strings.Cut(c.Message, ": ")
			// A promoted method is named "pkg.(*T).M, method set of *U".
			name, _, _ = strings.Cut(name, ", method set of ")
			if !ok || strings.ContainsAny(name, " \t") {
				name = strings.Join(strings.Fields(c.Message), "_")
			}
			res.changes = append(res.changes, goChange{Pkg: rel, Name: name, Text: c.Message})
		}
	}
	return res, nil
}

// moduleAPI is the loaded API of a module.
type moduleAPI struct {
	pkgs   map[string]*packages.Package // by path relative to the module
	broken []string                     // packages that do not type-check, or import one that does not
	fix    []string                     // their compiler errors, "file:line:col: message"
}

// loadAPI type-checks every package of the module rooted at dir except
// internal, main and test-only packages (none has an API users import) and
// returns them by path relative to the module, with the module path. The
// packages that do not type-check are listed apart with their errors; an
// error is returned only when the module cannot be loaded at all.
func loadAPI(dir string) (*moduleAPI, string, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedTypes | packages.NeedModule,
		Dir:  dir,
		// The module alone, whatever go.work or GOFLAGS the caller has.
		Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, "", err
	}
	api := &moduleAPI{pkgs: map[string]*packages.Package{}}
	module := ""
	relOf := map[string]string{} // import path -> path relative to the module
	broken := map[string]bool{}  // import paths
	fix := map[string]bool{}
	for _, p := range pkgs {
		if p.Module != nil {
			module = p.Module.Path
			rel := strings.TrimPrefix(strings.TrimPrefix(p.PkgPath, p.Module.Path), "/")
			if rel == "" {
				rel = "."
			}
			relOf[p.PkgPath] = rel
		}
		if len(p.Errors) == 0 && !p.IllTyped {
			continue
		}
		broken[p.PkgPath] = true
		for _, e := range p.Errors {
			for _, l := range errorLines(dir, e) {
				fix[l] = true
			}
		}
	}
	if module == "" && len(broken) > 0 {
		return nil, "", errors.New(strings.Join(sortedKeys(fix), "\n"))
	}
	// A package that imports a broken one was type-checked against a
	// partial API: not compared either.
	for changed := true; changed; {
		changed = false
		for _, p := range pkgs {
			if broken[p.PkgPath] {
				continue
			}
			for imp := range p.Imports {
				if broken[imp] {
					broken[p.PkgPath], changed = true, true
					break
				}
			}
		}
	}
	for _, p := range pkgs {
		rel, ok := relOf[p.PkgPath]
		// Test-only directories (no GoFiles) have no API to break.
		if !ok || p.Name == "main" || len(p.GoFiles) == 0 || isInternal(p.PkgPath) {
			continue
		}
		if broken[p.PkgPath] {
			api.broken = append(api.broken, rel)
			continue
		}
		api.pkgs[rel] = p
	}
	sort.Strings(api.broken)
	api.fix = sortedFix(sortedKeys(fix))
	if len(broken) > 0 && len(api.fix) == 0 {
		return nil, "", errors.New("packages do not type-check, with no error reported: " + strings.Join(sortedKeys(broken), " "))
	}
	return api, module, nil
}

// errorLines returns a load error as "file:line:col: message" lines, the
// file relative to dir.
func errorLines(dir string, e packages.Error) []string {
	var lines []string
	if e.Pos != "" && e.Pos != "-" {
		lines = []string{e.Pos + ": " + e.Msg}
	} else {
		// The compiler's output: "# package" then one error a line.
		for _, l := range strings.Split(e.Msg, "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "# ") {
				lines = append(lines, l)
			}
		}
	}
	prefix := filepath.Clean(dir) + string(filepath.Separator)
	if abs, err := filepath.Abs(dir); err == nil {
		prefix = abs + string(filepath.Separator)
	}
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			lines[i] = filepath.ToSlash(strings.TrimPrefix(l, prefix))
		}
	}
	return lines
}

// sortedFix orders "file:line:col: message" lines by file, then line and
// column as numbers.
func sortedFix(lines []string) []string {
	type pos struct {
		file      string
		line, col int
	}
	parse := func(l string) pos {
		f := strings.SplitN(l, ":", 4)
		if len(f) < 4 {
			return pos{file: l}
		}
		line, _ := strconv.Atoi(f[1])
		col, _ := strconv.Atoi(f[2])
		return pos{f[0], line, col}
	}
	sort.SliceStable(lines, func(i, j int) bool {
		a, b := parse(lines[i]), parse(lines[j])
		if a.file != b.file {
			return a.file < b.file
		}
		if a.line != b.line {
			return a.line < b.line
		}
		return a.col < b.col
	})
	return lines
}

func isInternal(pkgPath string) bool {
	for _, elem := range strings.Split(pkgPath, "/") {
		if elem == "internal" {
			return true
		}
	}
	return false
}

// extract writes the tree of ref into dst, as git archive gives it.
func extract(dir, ref, dst string) error {
	cmd := exec.Command("git", "archive", "--format=tar", ref)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("git archive %s: %v: %s", ref, err, strings.TrimSpace(stderr.String()))
	}
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("git archive %s: %w", ref, err)
		}
		name := path.Clean(h.Name)
		if !filepath.IsLocal(name) {
			return fmt.Errorf("git archive %s: entry %q leaves the tree", ref, h.Name)
		}
		p := filepath.Join(dst, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(p, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, tr)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
		// Links and other entries play no part in a Go package's API.
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
