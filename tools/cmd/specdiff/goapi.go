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
	"sort"
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

// goAPIChanges compares the exported API of every non-internal package of the
// Go module at the root of dir (its working tree) with the same module at ref.
// A package that was removed is one change; a package that is new is not.
// It returns nil, nil when dir holds no go.mod at either version.
func goAPIChanges(dir, ref string) ([]goChange, error) {
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
	after, modAfter, err := loadAPI(dir)
	if err != nil {
		return nil, fmt.Errorf("the Go API of the working tree: %w", err)
	}
	if modBefore != modAfter {
		return []goChange{{Pkg: ".", Name: "module", Text: fmt.Sprintf("module: path changed from %s to %s", modBefore, modAfter)}}, nil
	}
	var out []goChange
	for _, rel := range sortedKeys(before) {
		oldPkg := before[rel]
		newPkg, ok := after[rel]
		if !ok {
			out = append(out, goChange{Pkg: rel, Name: "package", Text: "package: removed"})
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
			out = append(out, goChange{Pkg: rel, Name: name, Text: c.Message})
		}
	}
	return out, nil
}

// loadAPI type-checks every package of the module rooted at dir except
// internal, main and test-only packages (none has an API users import) and returns them
// by path relative to the module, with the module path.
func loadAPI(dir string) (map[string]*packages.Package, string, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedTypes | packages.NeedModule,
		Dir:  dir,
		// The module alone, whatever go.work or GOFLAGS the caller has.
		Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, "", err
	}
	out := map[string]*packages.Package{}
	module := ""
	var errs []string
	for _, p := range pkgs {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
		// Test-only directories (no GoFiles) have no API to break.
		if p.Module == nil || p.Name == "main" || len(p.GoFiles) == 0 || isInternal(p.PkgPath) {
			continue
		}
		module = p.Module.Path
		rel := strings.TrimPrefix(strings.TrimPrefix(p.PkgPath, p.Module.Path), "/")
		if rel == "" {
			rel = "."
		}
		out[rel] = p
	}
	if len(errs) > 0 {
		return nil, "", errors.New(strings.Join(errs, "\n"))
	}
	return out, module, nil
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
