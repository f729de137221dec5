package respondkit_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/doc/comment"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestDocReferences checks that every doc comment of every package of the
// library module (generated files included: their comments come from the
// specs) names only identifiers that exist. It checks doc links ([Name],
// [Type.Method], [pkg.Name], [pkg.Type.Method]) and qualified names such as
// waldur.New, sysdig.Execution, respondkit.ErrListChanged or Client.Close:
// in backquoted spans and code blocks where the first part is a package of
// this module or an identifier of the package itself, and in plain text where
// it is a package of this module (or an exported type or variable of the
// package) followed by exported names. Unqualified backquoted words are left
// alone: they may be JSON names, shell commands or spec names.
func TestDocReferences(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := loadModulePackages(fset, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) == 0 {
		t.Fatal("no package found in the library module")
	}
	problems, checked := checkDocRefs(fset, pkgs)
	for _, p := range problems {
		t.Error(p)
	}
	t.Logf("%d names in the doc comments of %d packages checked", checked, len(pkgs))
}

// docPkg is one package whose doc comments are checked.
type docPkg struct {
	Path  string // import path
	Name  string // package name
	Files []*ast.File
	Types *types.Package
}

// loadModulePackages parses and type-checks every package of the module in
// dir (test files aside), importing dependencies from the export data that
// `go list -export` leaves in the build cache.
func loadModulePackages(fset *token.FileSet, dir string) ([]*docPkg, error) {
	cmd := exec.Command("go", "list", "-deps", "-export",
		"-json=ImportPath,Name,Dir,GoFiles,CgoFiles,Export,Standard,Module", "./...")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v\n%s", err, stderr.String())
	}
	type listed struct {
		ImportPath, Name, Dir, Export string
		GoFiles, CgoFiles             []string
		Standard                      bool
		Module                        *struct {
			Path string
			Main bool
		}
	}
	exports := map[string]string{}
	var own []listed
	for dec := json.NewDecoder(bytes.NewReader(out)); dec.More(); {
		var p listed
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("go list output: %v", err)
		}
		exports[p.ImportPath] = p.Export
		if p.Module != nil && p.Module.Main {
			own = append(own, p)
		}
	}
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok || f == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(f)
	})
	var pkgs []*docPkg
	for _, p := range own {
		dp := &docPkg{Path: p.ImportPath, Name: p.Name}
		for _, name := range append(p.GoFiles, p.CgoFiles...) {
			f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				return nil, err
			}
			dp.Files = append(dp.Files, f)
		}
		conf := types.Config{Importer: imp}
		dp.Types, err = conf.Check(p.ImportPath, fset, dp.Files, nil)
		if err != nil {
			return nil, fmt.Errorf("type-checking %s: %v", p.ImportPath, err)
		}
		pkgs = append(pkgs, dp)
	}
	return pkgs, nil
}

var (
	// codeSpan is a backquoted span of a doc comment's text.
	codeSpan = regexp.MustCompile("`[^`]+`")
	// qualified is a dotted name not preceded by a name character, a dot, or
	// what comes before a host name (https://waldur.example.com, user@host).
	qualified = regexp.MustCompile(`(?:^|[^\pL\pN_./@-])(\*?)([\pL_][\pL\pN_]*(?:\.[\pL_][\pL\pN_]*)+)`)
)

// checkDocRefs returns one line per name in a doc comment of pkgs that does
// not resolve, as file:line: what, and the number of names checked.
func checkDocRefs(fset *token.FileSet, pkgs []*docPkg) (problems []string, checked int) {
	byPath := map[string]*docPkg{}
	byName := map[string][]*docPkg{}
	for _, p := range pkgs {
		byPath[p.Path] = p
		if p.Name != "main" {
			byName[p.Name] = append(byName[p.Name], p)
		}
	}
	for _, p := range pkgs {
		imported := map[string]*types.Package{}
		for _, ip := range p.Types.Imports() {
			imported[ip.Path()] = ip
		}
		importByName := map[string]string{}
		for _, f := range p.Files {
			for _, is := range f.Imports {
				path := strings.Trim(is.Path.Value, `"`)
				name := ""
				if is.Name != nil {
					name = is.Name.Name
				} else if ip, ok := imported[path]; ok {
					name = ip.Name()
				} else if mp, ok := byPath[path]; ok {
					name = mp.Name
				}
				if name != "" && name != "_" && name != "." {
					importByName[name] = path
				}
			}
		}
		parser := &comment.Parser{
			LookupPackage: func(name string) (string, bool) {
				if name == p.Name {
					return p.Path, true
				}
				if path, ok := importByName[name]; ok {
					return path, true
				}
				if mps := byName[name]; len(mps) == 1 {
					return mps[0].Path, true
				}
				return "", false
			},
			// Every [Name] and [Type.Name] is a link to check.
			LookupSym: func(recv, name string) bool { return true },
		}
		c := &refChecker{fset: fset, pkg: p, byPath: byPath, byName: byName, imported: imported}
		for _, f := range p.Files {
			for _, cg := range docComments(f) {
				for _, what := range c.check(parser, cg.Text()) {
					problems = append(problems, fmt.Sprintf("%s: doc comment names %s", position(fset, cg, what.text), what.msg))
				}
			}
		}
		checked += c.checked
	}
	sort.Strings(problems)
	return problems, checked
}

// docComments returns the doc comments of f: the package's, each
// declaration's, each spec's and each field's (doc and line comments).
func docComments(f *ast.File) []*ast.CommentGroup {
	var out []*ast.CommentGroup
	add := func(cg *ast.CommentGroup) {
		if cg != nil {
			out = append(out, cg)
		}
	}
	add(f.Doc)
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GenDecl:
			add(n.Doc)
		case *ast.FuncDecl:
			add(n.Doc)
			return false // comments in a body are not doc comments
		case *ast.TypeSpec:
			add(n.Doc)
			add(n.Comment)
		case *ast.ValueSpec:
			add(n.Doc)
			add(n.Comment)
		case *ast.Field:
			add(n.Doc)
			add(n.Comment)
		}
		return true
	})
	return out
}

// position is where text occurs in cg (its first line when not found).
func position(fset *token.FileSet, cg *ast.CommentGroup, text string) string {
	pos := cg.Pos()
	for _, c := range cg.List {
		if strings.Contains(c.Text, text) {
			pos = c.Pos()
			break
		}
	}
	p := fset.Position(pos)
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, p.Filename); err == nil && !strings.HasPrefix(rel, "..") {
			p.Filename = rel
		}
	}
	return fmt.Sprintf("%s:%d", p.Filename, p.Line)
}

type refChecker struct {
	fset     *token.FileSet
	pkg      *docPkg
	byPath   map[string]*docPkg
	byName   map[string][]*docPkg
	imported map[string]*types.Package
	checked  int // names resolved, found or not
}

type refProblem struct{ text, msg string }

// check returns the names in one doc comment that do not resolve.
func (c *refChecker) check(p *comment.Parser, text string) []refProblem {
	var out []refProblem
	walkText := func(ts []comment.Text, plain *strings.Builder) {
		for _, t := range ts {
			switch t := t.(type) {
			case comment.Plain:
				plain.WriteString(string(t))
			case comment.Italic:
				plain.WriteString(string(t))
			case *comment.Link:
				plain.WriteString(" ")
			case *comment.DocLink:
				plain.WriteString(" ")
				if msg := c.checkDocLink(t); msg != "" {
					out = append(out, refProblem{t.Name + "]", msg})
				}
			}
		}
	}
	var walkBlocks func([]comment.Block)
	walkBlocks = func(bs []comment.Block) {
		for _, b := range bs {
			var plain strings.Builder
			switch b := b.(type) {
			case *comment.Paragraph:
				walkText(b.Text, &plain)
			case *comment.Heading:
				walkText(b.Text, &plain)
			case *comment.List:
				for _, it := range b.Items {
					walkBlocks(it.Content)
				}
			case *comment.Code:
				for _, name := range qualifiedNames(b.Text) {
					if msg := c.checkName(name, true); msg != "" {
						out = append(out, refProblem{name, msg})
					}
				}
			}
			s := plain.String()
			for _, span := range codeSpan.FindAllString(s, -1) {
				for _, name := range qualifiedNames(strings.Trim(span, "`")) {
					if msg := c.checkName(name, true); msg != "" {
						out = append(out, refProblem{name, msg})
					}
				}
			}
			for _, name := range qualifiedNames(codeSpan.ReplaceAllString(s, " ")) {
				if msg := c.checkName(name, false); msg != "" {
					out = append(out, refProblem{name, msg})
				}
			}
		}
	}
	walkBlocks(p.Parse(text).Content)
	return out
}

// qualifiedNames returns the dotted names in s (a leading * dropped).
func qualifiedNames(s string) []string {
	var out []string
	for _, m := range qualified.FindAllStringSubmatch(s, -1) {
		out = append(out, m[2])
	}
	return out
}

// checkDocLink resolves a doc link; it returns what is wrong, or "".
func (c *refChecker) checkDocLink(l *comment.DocLink) string {
	names := []string{l.Name}
	if l.Recv != "" {
		names = []string{l.Recv, l.Name}
	}
	shown := "[" + strings.Join(names, ".") + "]"
	var pkg *types.Package
	switch path := l.ImportPath; {
	case path == "" || path == c.pkg.Path:
		pkg = c.pkg.Types
	case c.byPath[path] != nil:
		pkg = c.byPath[path].Types
		shown = "[" + c.byPath[path].Name + "." + strings.Join(names, ".") + "]"
	case c.imported[path] != nil:
		pkg = c.imported[path]
		shown = "[" + pkg.Name() + "." + strings.Join(names, ".") + "]"
	default:
		return "" // a package this one does not import: not checked
	}
	c.checked++
	if err := resolve(pkg, names); err != nil {
		return fmt.Sprintf("%s, but %v", shown, err)
	}
	return ""
}

// checkName resolves a dotted name found in a backquoted span or a code
// block (quoted) or in plain text; it returns what is wrong, or "" when the
// name resolves or is not one to check.
func (c *refChecker) checkName(name string, quoted bool) string {
	parts := strings.Split(name, ".")
	if !quoted {
		// In prose, only pkg.Exported... or Exported.Exported...
		for _, p := range parts[1:] {
			if !token.IsExported(p) {
				return ""
			}
		}
	}
	own := c.pkg.Types.Scope().Lookup(parts[0])
	if own != nil && (quoted || (token.IsExported(parts[0]) && isTypeOrVar(own))) {
		c.checked++
		if err := resolve(c.pkg.Types, parts); err != nil {
			return fmt.Sprintf("`%s`, but %v", name, err)
		}
		return ""
	}
	pkgs := c.byName[parts[0]]
	if len(pkgs) == 0 {
		return "" // not a name of this module
	}
	c.checked++
	var err error
	for _, p := range pkgs {
		if err = resolve(p.Types, parts[1:]); err == nil {
			return ""
		}
	}
	return fmt.Sprintf("`%s`, but %v", name, err)
}

func isTypeOrVar(o types.Object) bool {
	switch o.(type) {
	case *types.TypeName, *types.Var:
		return true
	}
	return false
}

// resolve looks names up in pkg: a package-level name, then fields and
// methods of its type (promoted ones included).
func resolve(pkg *types.Package, names []string) error {
	obj := pkg.Scope().Lookup(names[0])
	if obj == nil {
		return fmt.Errorf("package %s has no %s", pkg.Name(), names[0])
	}
	where := pkg.Name() + "." + names[0]
	for _, name := range names[1:] {
		var typ types.Type
		switch o := obj.(type) {
		case *types.TypeName, *types.Var:
			typ = o.Type()
		default:
			return fmt.Errorf("%s has no field or method %s", where, name)
		}
		var opkg *types.Package
		if n, ok := types.Unalias(derefType(typ)).(*types.Named); ok {
			opkg = n.Obj().Pkg()
		}
		obj, _, _ = types.LookupFieldOrMethod(typ, true, opkg, name)
		if obj == nil {
			return fmt.Errorf("%s has no field or method %s", where, name)
		}
		where += "." + name
	}
	return nil
}

func derefType(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// TestDocRefChecker runs the checker on two small packages: waldur, and
// waldurtest whose doc comment is each case's.
func TestDocRefChecker(t *testing.T) {
	const waldur = `package waldur

// Config is what New needs.
type Config struct {
	// BaseURL is the service's root.
	BaseURL string
}

// Client talks to the service.
type Client struct{ retrier }

type retrier struct{ Retries int }

// Submit sends a request.
func (c *Client) Submit() {}

// Doer does.
type Doer interface{ Do() }

// New returns a client.
func New(Config) *Client { return nil }

// Page is a page.
type Page[T any] struct{ Items []T }

// HasNext reports whether there is a next page.
func (p *Page[T]) HasNext() bool { return false }
`
	cases := []struct {
		name, pkg, doc string
		want           string // in the one problem expected; "" for none
	}{
		{"missing, backquoted", "waldurtest", "URL is the base URL: pass it to `waldur.WithBaseURL`.", "package waldur has no WithBaseURL"},
		{"missing, in prose", "waldurtest", "URL is the base URL: pass it to waldur.WithBaseURL.", "package waldur has no WithBaseURL"},
		{"missing, in a code block", "waldurtest", "For example:\n\n\tc, err := waldur.NewClient(srv.URL)\n", "package waldur has no NewClient"},
		{"missing, doc link", "waldurtest", "See [waldur.Old].", "package waldur has no Old"},
		{"missing, doc link in the package", "waldur", "See [Missing].", "package waldur has no Missing"},
		{"missing method", "waldurtest", "Call `waldur.Client.Close`.", "waldur.Client has no field or method Close"},
		{"missing method in the package", "waldur", "Call `Client.Close` when done.", "waldur.Client has no field or method Close"},
		{"member of a function", "waldurtest", "Use `waldur.New.Config`.", "waldur.New has no field or method Config"},
		{"existing", "waldurtest", "Use it as the base URL of `waldur.New` (`*waldur.Client`).", ""},
		{"existing, in prose", "waldurtest", "Use it as the base URL of waldur.New.", ""},
		{"existing, doc link", "waldurtest", "Use it with [waldur.New] and [*waldur.Client].", ""},
		{"method", "waldurtest", "Then `waldur.Client.Submit` sends it.", ""},
		{"method, doc link", "waldurtest", "Then [waldur.Client.Submit] sends it.", ""},
		{"method in the package", "waldur", "Then `Client.Submit` (and [Client.Submit]) sends it.", ""},
		{"generic type's field and method", "waldurtest", "`waldur.Page.Items`, [waldur.Page.HasNext].", ""},
		{"generic type's missing field", "waldurtest", "`waldur.Page.Total`", "waldur.Page has no field or method Total"},
		{"interface method", "waldurtest", "`waldur.Doer.Do` does.", ""},
		{"field", "waldurtest", "Pass it as `waldur.Config.BaseURL`.", ""},
		{"promoted field", "waldurtest", "See `waldur.Client.Retries`.", ""},
		{"JSON field names", "waldurtest", "The `created_before` filter, the `meta.pagination.total` count, `X-Result-Count`.", ""},
		{"shell command and host name", "waldurtest", "Run `go test ./...` against `https://waldur.example.com/api/`.", ""},
		{"unqualified word", "waldurtest", "The `Token` keyword and the `waldur` package.", ""},
		{"prose with a lower-case member", "waldurtest", "See waldur.md and file waldur.go.", ""},
		{"not a doc link", "waldurtest", "A map[Name] or [a list] is plain text.", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			for _, line := range strings.Split(strings.TrimSuffix(tc.doc, "\n"), "\n") {
				b.WriteString(strings.TrimRight("// "+line, " ") + "\n")
			}
			srcs := map[string]string{
				"waldur":     waldur,
				"waldurtest": "package waldurtest\n",
			}
			srcs[tc.pkg] += "\n" + b.String() + "var X int\n"
			fset := token.NewFileSet()
			var pkgs []*docPkg
			for _, name := range []string{"waldur", "waldurtest"} {
				f, err := parser.ParseFile(fset, name+".go", srcs[name], parser.ParseComments)
				if err != nil {
					t.Fatal(err)
				}
				tp, err := (&types.Config{}).Check("example.com/m/"+name, fset, []*ast.File{f}, nil)
				if err != nil {
					t.Fatal(err)
				}
				pkgs = append(pkgs, &docPkg{Path: tp.Path(), Name: name, Files: []*ast.File{f}, Types: tp})
			}
			problems, _ := checkDocRefs(fset, pkgs)
			switch {
			case tc.want == "" && len(problems) > 0:
				t.Errorf("problems for a doc that names only what exists:\n%s", strings.Join(problems, "\n"))
			case tc.want != "" && (len(problems) != 1 || !strings.Contains(problems[0], tc.want)):
				t.Errorf("problems: %q, want one naming %q", problems, tc.want)
			}
		})
	}
}
