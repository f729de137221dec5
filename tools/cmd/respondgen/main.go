// Command respondgen is the generator step that follows oapi-codegen in
// `go generate ./...`: from a spec's annotations (x-respondkit-options,
// -paging, -wait and -batch; see annotations.go and README "Changing a
// spec") and the types oapi-codegen generated, it writes into a wrapper
// package the options structs of the list and query operations (value
// fields, typed enums, time.Time for date-times, the spec's bounds, enums
// and patterns checked before sending), a page method and an
// iter.Seq2 iterator per paged operation, the wait helpers and the batch
// senders. Its output is deterministic.
//
// It is also the driver of the whole regeneration: given API names, it runs
// oapi-codegen (the version pinned in tools/go.mod, as a library) with each
// specs/<api>/oapi-codegen*.yaml, type-checks the generated packages from
// memory, generates each clients/<api>/operations.gen.go, and writes the
// files that changed only when every API generated (see driver.go): a spec
// that either generator refuses leaves gen/ and the wrappers as they were.
//
// Usage (from tools/, as generate.go runs it):
//
//	go run ./cmd/respondgen sysdig falcon waldur
//
// or, for the wrapper's file alone, from the generated package on disk:
//
//	go run ./cmd/respondgen -spec ../specs/sysdig/openapi.yaml \
//		-gen github.com/respondkit/respondkit/gen/sysdigapi -wrapper ../clients/sysdig
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/imports"

	"github.com/respondkit/respondkit/tools/internal/annotations"
)

// output is the generated file's name in the wrapper directory.
const output = "operations.gen.go"

func main() {
	spec := flag.String("spec", "", "the OpenAPI spec")
	genPkg := flag.String("gen", "", "import path of the package oapi-codegen generated from it")
	wrapper := flag.String("wrapper", "", "directory of the wrapper package to write "+output+" into")
	root := flag.String("root", "..", "directory of the library module")
	verbose := flag.Bool("v", false, "with API names: list the files written")
	decoders := flag.String("decoders", "", "with -spec and -gen: instead of the wrapper's file, write the decoders ("+decodersOutput+", see decoders.go) into this directory of the generated package")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: respondgen [-root DIR] [-v] API...   (regenerate gen/, its decoders and clients/<api>/"+output+")")
		fmt.Fprintln(os.Stderr, "       respondgen [-root DIR] -spec SPEC -gen IMPORTPATH -wrapper DIR")
		fmt.Fprintln(os.Stderr, "       respondgen [-root DIR] -spec SPEC -gen IMPORTPATH -decoders DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 && *spec == "" && *genPkg == "" && *wrapper == "" && *decoders == "" {
		written, err := regenerate(*root, flag.Args(), os.Stderr)
		if err != nil {
			fmt.Fprintln(os.Stderr, "respondgen:", err)
			if len(written) == 0 {
				fmt.Fprintln(os.Stderr, "respondgen: nothing written: gen/ and the wrappers are as they were")
			} else {
				fmt.Fprintln(os.Stderr, "respondgen: written before the error:", strings.Join(written, " "))
			}
			os.Exit(1)
		}
		if *verbose {
			for _, w := range written {
				fmt.Println("wrote", w)
			}
		}
		return
	}
	if *decoders != "" && *spec != "" && *genPkg != "" && flag.NArg() == 0 {
		if err := runDecoders(*spec, *genPkg, *decoders, *root); err != nil {
			fmt.Fprintln(os.Stderr, "respondgen:", err)
			os.Exit(1)
		}
		return
	}
	if *spec == "" || *genPkg == "" || *wrapper == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	src, err := generate(*spec, *genPkg, *wrapper, *root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "respondgen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(filepath.Join(*wrapper, output), src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "respondgen:", err)
		os.Exit(1)
	}
}

// generate returns the formatted source of the wrapper's generated file,
// from the generated package as it is on disk.
func generate(specPath, genPkg, wrapperDir, root string) ([]byte, error) {
	gen, err := loadGen(root, genPkg)
	if err != nil {
		return nil, err
	}
	doc, err := loadSpec(specPath)
	if err != nil {
		return nil, err
	}
	return generateFrom(specPath, doc, gen, wrapperDir)
}

// loadSpec loads the spec at specPath. Files only, read afresh:
// kin-openapi's default reader fetches URLs and caches every file it read
// for the life of the process.
func loadSpec(specPath string) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.ReadFromURIFunc = openapi3.ReadFromURIs(openapi3.ReadFromFile)
	doc, err := loader.LoadFromFile(specPath)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", specPath, err)
	}
	return doc, nil
}

// generateFrom returns the formatted source of the wrapper's generated file,
// given the spec at specPath, loaded, and the type-checked generated package.
func generateFrom(specPath string, doc *openapi3.T, gen *types.Package, wrapperDir string) ([]byte, error) {
	if gen == nil {
		return nil, fmt.Errorf("%s: no generated package", specPath)
	}
	pkgName, aliases, err := wrapperAliases(wrapperDir, gen.Name())
	if err != nil {
		return nil, err
	}
	declared, handMethods, err := wrapperDecls(wrapperDir)
	if err != nil {
		return nil, err
	}
	g := &generator{
		doc: doc, gen: gen, pkg: pkgName, aliases: aliases,
		declared: declared, handMethods: handMethods, emitted: map[string]string{},
		specName: filepath.ToSlash(filepath.Join("specs", filepath.Base(filepath.Dir(specPath)), filepath.Base(specPath))),
	}
	if err := g.build(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := fileTemplate.Execute(&buf, g); err != nil {
		return nil, err
	}
	out, err := imports.Process(output, withImport(buf.Bytes(), gen.Path()), nil)
	if err != nil {
		return nil, fmt.Errorf("formatting the output: %w\n%s", err, numbered(buf.Bytes()))
	}
	return out, nil
}

// withImport adds the generated package's import to the template's output
// where goimports would put it, so that goimports (which drops it again if
// unused) does not search the module cache for it, which took most of the
// time of a run. Source that does not parse is left for goimports to report.
func withImport(src []byte, path string) []byte {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, output, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil || !astutil.AddImport(fset, f, path) {
		return src
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return src
	}
	return buf.Bytes()
}

func numbered(src []byte) string {
	var b strings.Builder
	for i, l := range strings.Split(string(src), "\n") {
		fmt.Fprintf(&b, "%4d %s\n", i+1, l)
	}
	return b.String()
}

// loadGen type-checks the generated package.
func loadGen(root, path string) (*types.Package, error) { return loadGenOverlay(root, path, nil) }

// loadGenOverlay type-checks the generated package with some of its files
// replaced by the overlay's contents.
func loadGenOverlay(root, path string, overlay map[string][]byte) (*types.Package, error) {
	cfg := &packages.Config{
		Mode:    packages.NeedName | packages.NeedTypes,
		Dir:     root,
		Env:     append(os.Environ(), "GOWORK=off"),
		Overlay: overlay,
	}
	pkgs, err := packages.Load(cfg, path)
	if err != nil {
		return nil, err
	}
	if len(pkgs) != 1 || len(pkgs[0].Errors) > 0 || pkgs[0].Types == nil {
		var msgs []string
		for _, p := range pkgs {
			for _, e := range p.Errors {
				msgs = append(msgs, e.Error())
			}
		}
		return nil, fmt.Errorf("loading %s: %s", path, strings.Join(msgs, "; "))
	}
	return pkgs[0].Types, nil
}

// wrapperAliases reads the wrapper's hand-written files for its package name
// and its aliases of generated types (type Execution = sysdigapi.ActionExecution),
// so that the generated code and its documentation use the wrapper's names.
func wrapperAliases(dir, genName string) (string, map[string]string, error) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", nil, err
	}
	aliases := map[string]string{}
	pkg := ""
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || name == output {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return "", nil, err
		}
		pkg = f.Name.Name
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				sel, ok := ts.Type.(*ast.SelectorExpr)
				if !ts.Assign.IsValid() || !ok || ts.TypeParams != nil {
					continue
				}
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == genName {
					aliases[sel.Sel.Name] = ts.Name.Name
				}
			}
		}
	}
	if pkg == "" {
		return "", nil, fmt.Errorf("%s: no Go files", dir)
	}
	return pkg, aliases, nil
}

// wrapperDecls reads the names the wrapper's hand-written files declare at
// package level, and the methods they declare on Client, so that the
// generated file neither repeats nor collides with them.
func wrapperDecls(dir string) (names, methods map[string]bool, err error) {
	names, methods = map[string]bool{}, map[string]bool{}
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || name == output {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, nil, err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					names[d.Name.Name] = true
					continue
				}
				t := d.Recv.List[0].Type
				if st, ok := t.(*ast.StarExpr); ok {
					t = st.X
				}
				if id, ok := t.(*ast.Ident); ok && id.Name == "Client" {
					methods[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						names[s.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range s.Names {
							names[n.Name] = true
						}
					}
				}
			}
		}
	}
	return names, methods, nil
}

// operation is one spec operation with its generated counterparts.
type operation struct {
	ID       string
	GoMethod string // the generated client's method
	Path     string
	Verb     string
	Spec     *openapi3.Operation
	Params   *types.Named // <Method>Params, or nil
	Sig      *types.Signature
	annotations.Operation
}

// sortedOps returns the spec's operations in path and method order.
func sortedOps(doc *openapi3.T) []struct {
	path, verb string
	op         *openapi3.Operation
} {
	var out []struct {
		path, verb string
		op         *openapi3.Operation
	}
	paths := doc.Paths.InMatchingOrder()
	slices.Sort(paths)
	for _, p := range paths {
		item := doc.Paths.Value(p)
		verbs := make([]string, 0)
		for v := range item.Operations() {
			verbs = append(verbs, v)
		}
		slices.Sort(verbs)
		for _, v := range verbs {
			out = append(out, struct {
				path, verb string
				op         *openapi3.Operation
			}{p, v, item.GetOperation(v)})
		}
	}
	return out
}

// normalize folds an operationId or a Go name for matching: oapi-codegen
// camel-cases operationIds (user_actions_list is UserActionsList).
func normalize(s string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "", ".", "").Replace(s))
}

// lowerFirst makes an unexported name of an exported one.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
