package main

// The driver: `respondgen sysdig falcon waldur`, the one command generate.go
// runs. In one process it runs oapi-codegen as a library with each
// specs/<api>/oapi-codegen*.yaml, type-checks the generated packages from
// memory, runs respondgen on them, and writes nothing until every API has
// been generated: a spec that oapi-codegen or respondgen refuses leaves
// gen/ and the wrappers as they were. Only files whose content changes are
// written, so a second run touches nothing.

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/util"
	"gopkg.in/yaml.v3"

	"github.com/respondkit/respondkit/tools/internal/annotations"
)

// oapiCodegen is the module whose pkg/codegen the driver runs; the generated
// files name it and its version (the one in tools/go.mod) in their header,
// as its command does.
const oapiCodegen = "github.com/oapi-codegen/oapi-codegen/v2"

// oapiConfig is an oapi-codegen configuration file, as its command reads it.
type oapiConfig struct {
	codegen.Configuration `yaml:",inline"`
	// OutputFile is the generated file, relative to tools/.
	OutputFile string `yaml:"output,omitempty"`
}

// file is one generated file, rendered in memory.
type file struct {
	path string // absolute
	src  []byte
}

// regenerate renders every generated file of the named APIs of the library
// module at root (specs/<api>/, gen/, clients/<api>/) and, when all of them
// were generated, writes those that changed. It returns the paths written,
// relative to root. Paths in the oapi-codegen configurations are relative
// to root/tools, where go generate runs the tools.
func regenerate(root string, apis []string, stderr io.Writer) ([]string, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if len(apis) == 0 {
		return nil, errors.New("no API named")
	}
	version, err := oapiCodegenVersion()
	if err != nil {
		return nil, err
	}
	module, err := modulePath(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	tools := filepath.Join(root, "tools")

	// oapi-codegen, every configuration of every API.
	var files []file
	genPkgs := map[string]string{} // api -> import path of its client package
	var errs []error
	for _, api := range apis {
		specDir := filepath.Join(root, "specs", api)
		configs, err := filepath.Glob(filepath.Join(specDir, "oapi-codegen*.yaml"))
		if err == nil && len(configs) == 0 {
			err = fmt.Errorf("%s: no oapi-codegen*.yaml", rel(root, specDir))
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		slices.Sort(configs)
		for _, config := range configs {
			f, err := runOapiCodegen(root, tools, config, filepath.Join(specDir, "openapi.yaml"), version, stderr)
			if err != nil {
				// The other configuration would only repeat the spec's error.
				errs = append(errs, err)
				break
			}
			files = append(files, f)
			if filepath.Base(config) == "oapi-codegen.yaml" {
				genPkgs[api] = module + "/" + filepath.ToSlash(rel(root, filepath.Dir(f.path)))
			}
		}
		if _, ok := genPkgs[api]; !ok && len(errs) == 0 {
			errs = append(errs, fmt.Errorf("%s: no oapi-codegen.yaml (the client package respondgen reads)", rel(root, specDir)))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	// The generated packages, type-checked as they would be on disk.
	gens, err := loadGenerated(root, module, files)
	if err != nil {
		return nil, err
	}

	// respondgen, every wrapper.
	for _, api := range apis {
		wrapper := filepath.Join(root, "clients", api)
		specPath := filepath.Join(root, "specs", api, "openapi.yaml")
		doc, err := loadSpec(specPath)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", filepath.ToSlash(filepath.Join("specs", api, "openapi.yaml")), err))
			continue
		}
		src, err := generateFrom(specPath, doc, gens[genPkgs[api]], wrapper)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", filepath.ToSlash(filepath.Join("specs", api, "openapi.yaml")), err))
			continue
		}
		files = append(files, file{path: filepath.Join(wrapper, output), src: src})

		// The decoders of the types the API answers with, into the
		// generated package: a type they cannot express is left to the
		// reflective decoder, said on stderr.
		src, notes, err := decodersOf(doc, gens[genPkgs[api]])
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: decoders: %w", filepath.ToSlash(filepath.Join("specs", api, "openapi.yaml")), err))
			continue
		}
		for _, n := range notes {
			fmt.Fprintln(stderr, "respondgen:", n)
		}
		genDir := filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(genPkgs[api], module+"/")))
		files = append(files, file{path: filepath.Join(genDir, decodersOutput), src: src})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	// Everything generated: write what changed.
	var written []string
	for _, f := range files {
		old, err := os.ReadFile(f.path)
		if err == nil && bytes.Equal(old, f.src) {
			continue
		}
		if err := writeFile(f.path, f.src); err != nil {
			return written, err
		}
		written = append(written, rel(root, f.path))
	}
	return written, nil
}

// runOapiCodegen does what `oapi-codegen -config config spec` does, from
// tools/, and returns the file instead of writing it.
func runOapiCodegen(root, tools, config, spec, version string, stderr io.Writer) (file, error) {
	name := rel(root, config)
	raw, err := os.ReadFile(config)
	if err != nil {
		return file{}, err
	}
	var cfg oapiConfig
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		return file{}, fmt.Errorf("%s: %w", name, err)
	}
	if cfg.OutputFile == "" {
		return file{}, fmt.Errorf("%s: no output file", name)
	}
	cfg.Configuration = cfg.UpdateDefaults()
	if err := cfg.Validate(); err != nil {
		return file{}, fmt.Errorf("%s: %w", name, err)
	}
	for _, w := range []map[string]string{cfg.Generate.Warnings(), cfg.Warnings()} {
		for _, k := range sortedKeys(w) {
			fmt.Fprintf(stderr, "respondgen: %s: warning: %s: %s\n", name, k, w[k])
		}
	}
	// User templates are files relative to tools/, read here rather than by
	// oapi-codegen (which would read them relative to the working directory,
	// or fetch a URL).
	templates := map[string]string{}
	for k, v := range cfg.OutputOptions.UserTemplates {
		if !strings.Contains(v, "\n") {
			text, err := os.ReadFile(inDir(tools, v))
			if err != nil {
				return file{}, fmt.Errorf("%s: user template %s: %w", name, k, err)
			}
			v = string(text)
		}
		templates[k] = v
	}
	cfg.OutputOptions.UserTemplates = templates
	overlay := util.LoadSwaggerWithOverlayOpts{Strict: true, AllowRemoteRefsFrom: cfg.AllowRemoteRefsFrom}
	if p := cfg.OutputOptions.Overlay.Path; p != "" {
		overlay.Path = inDir(tools, p)
	}
	if cfg.OutputOptions.Overlay.Strict != nil {
		overlay.Strict = *cfg.OutputOptions.Overlay.Strict
	}
	doc, err := util.LoadSwaggerWithOverlay(spec, overlay)
	if err != nil {
		return file{}, fmt.Errorf("%s: %w", rel(root, spec), err)
	}
	if !cfg.Generate.EmbeddedSpec {
		if err := openSetsAsTypes(doc); err != nil {
			return file{}, fmt.Errorf("%s: %w", rel(root, spec), err)
		}
	}
	cfg.NoVCSVersionOverride = &version
	code, err := codegen.Generate(doc, cfg.Configuration)
	if err != nil {
		return file{}, fmt.Errorf("%s with %s: oapi-codegen: %w", rel(root, spec), name, err)
	}
	// oapi-codegen names the main module of the running binary; this one
	// is respondgen's, so name the generator as its own command does.
	src := []byte(code)
	if loc := generatedBy.FindIndex(src); loc != nil {
		src = slices.Concat(src[:loc[0]], []byte("// Code generated by "+oapiCodegen+" version "+version+" DO NOT EDIT."), src[loc[1]:])
	}
	return file{path: inDir(tools, cfg.OutputFile), src: src}, nil
}

// openSetsAsTypes gives oapi-codegen, in memory, the known values of each
// open set (a string schema without enum whose x-respondkit-type lists
// known values) as its enum, so that the generated package declares a Go
// type of its own with a constant per known value (type ActionType string)
// instead of an alias of string. The spec stays open: the embedded spec and
// the spec tests see no enum, the wrapper checks no open set against its
// known values, and unknown values decode and are sent as they are (the
// generated Valid reports only whether a value is a known one).
func openSetsAsTypes(doc *openapi3.T) error {
	if doc.Components == nil {
		return nil
	}
	for _, name := range sortedKeys(doc.Components.Schemas) {
		sr := doc.Components.Schemas[name]
		if sr == nil || sr.Value == nil || sr.Ref != "" {
			continue
		}
		a, ok, err := annotations.ReadType(name, sr.Value)
		if err != nil {
			return err
		}
		if !ok || len(a.Known) == 0 {
			continue
		}
		s := *sr.Value
		s.Enum = make([]any, len(a.Known))
		for i, v := range a.Known {
			s.Enum[i] = v
		}
		doc.Components.Schemas[name] = &openapi3.SchemaRef{Value: &s}
	}
	return nil
}

var generatedBy = regexp.MustCompile(`(?m)^// Code generated by \S+ version \S+ DO NOT EDIT\.$`)

// oapiCodegenVersion is the version of oapi-codegen built into this binary:
// the one tools/go.mod pins.
func oapiCodegenVersion() (string, error) {
	bi, ok := debug.ReadBuildInfo()
	if ok {
		for _, m := range bi.Deps {
			if m.Path == oapiCodegen {
				if m.Replace != nil {
					m = m.Replace
				}
				return m.Version, nil
			}
		}
	}
	return "", errors.New("no build information naming " + oapiCodegen)
}

// loadGenerated type-checks the generated packages from memory, against
// the export data of their imports (one `go list -export`, which builds
// what is not in the build cache), and returns them by import path. Every
// generated package must compile.
func loadGenerated(root, module string, files []file) (map[string]*types.Package, error) {
	fset := token.NewFileSet()
	byPkg := map[string][]*ast.File{}
	imports := map[string]bool{}
	for _, f := range files {
		af, err := parser.ParseFile(fset, f.path, f.src, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("the generated code does not parse: %w", err)
		}
		path := module + "/" + rel(root, filepath.Dir(f.path))
		byPkg[path] = append(byPkg[path], af)
		for _, is := range af.Imports {
			p, _ := strconv.Unquote(is.Path.Value)
			imports[p] = true
		}
	}
	exports, err := exportData(root, sortedKeys(imports))
	if err != nil {
		return nil, err
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if f, ok := exports[path]; ok {
			return os.Open(f)
		}
		return nil, fmt.Errorf("no export data for %q", path)
	})
	out := map[string]*types.Package{}
	var msgs []string
	for _, path := range sortedKeys(byPkg) {
		conf := types.Config{
			Importer: imp,
			Error: func(err error) {
				if len(msgs) < 20 {
					msgs = append(msgs, err.Error())
				}
			},
		}
		pkg, _ := conf.Check(path, fset, byPkg[path], nil)
		out[path] = pkg
	}
	if len(msgs) > 0 {
		return nil, fmt.Errorf("the generated code does not compile:\n\t%s", strings.Join(msgs, "\n\t"))
	}
	return out, nil
}

// exportData returns the export data files of the packages and of their
// dependencies, by import path, built in the library module at root.
func exportData(root string, pkgs []string) (map[string]string, error) {
	out := map[string]string{}
	if len(pkgs) == 0 {
		return out, nil
	}
	cmd := exec.Command("go", append([]string{"list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}\t{{with .Error}}{{.Err}}{{end}}", "--"}, pkgs...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -export %s: %v: %s", strings.Join(pkgs, " "), err, strings.TrimSpace(stderr.String()))
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			continue
		}
		if f[2] != "" {
			return nil, fmt.Errorf("go list -export: %s: %s", f[0], f[2])
		}
		out[f[0]] = f[1]
	}
	return out, nil
}

// writeFile replaces path's content through a file beside it, so that a
// failed write leaves the old content.
func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// modulePath reads the module line of a go.mod.
func modulePath(gomod string) (string, error) {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`), nil
		}
	}
	return "", fmt.Errorf("%s: no module line", gomod)
}

// inDir resolves a path of a configuration against dir.
func inDir(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// rel is path relative to root, slash-separated, for messages.
func rel(root, path string) string {
	r, err := filepath.Rel(root, path)
	if err != nil {
		return path
	}
	return filepath.ToSlash(r)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
