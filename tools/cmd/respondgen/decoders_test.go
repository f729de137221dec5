package main

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommittedDecodersAreCurrent: each gen/<api>api/decode.gen.go is what
// respondgen -decoders makes of the spec and the generated package today.
func TestCommittedDecodersAreCurrent(t *testing.T) {
	for _, api := range apis {
		t.Run(api, func(t *testing.T) {
			dir := "../../../gen/" + api + "api"
			got, notes, err := generateDecoders("../../../specs/"+api+"/openapi.yaml", "github.com/respondkit/respondkit/gen/"+api+"api", dir, "../../..")
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(dir, decodersOutput))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("gen/%sapi/%s is out of date: run go generate ./...", api, decodersOutput)
			}
			if len(notes) > 0 {
				t.Errorf("types of %s left to reflection: %q", api, notes)
			}
		})
	}
}

// shapes is a generated package with a type for each shape the decoders
// cannot express, beside ones they can.
const shapes = `package shapesapi

import "time"

type Good struct {
	A     string            ` + "`json:\"a\"`" + `
	When  time.Time         ` + "`json:\"when,omitempty,omitzero\"`" + `
	In    Inner             ` + "`json:\"in\"`" + `
	Items []Inner           ` + "`json:\"items\"`" + `
	Free  map[string]any    ` + "`json:\"free\"`" + `
	Ptr   *int64            ` + "`json:\"ptr,omitempty\"`" + `
	Skip  string            ` + "`json:\"-\"`" + `
}

type Inner struct {
	X int32 ` + "`json:\"x\"`" + `
}

type Embeds struct {
	Inner
	B string ` + "`json:\"b\"`" + `
}

type Twins struct {
	ID string ` + "`json:\"ID\"`" + `
	Id string ` + "`json:\"id\"`" + `
}

type Stringy struct {
	N int64 ` + "`json:\"n,string\"`" + `
}

type Fixed struct {
	A [2]int ` + "`json:\"a\"`" + `
}

type Unsigned struct {
	U uint ` + "`json:\"u\"`" + `
}

type Parent struct {
	E Embeds ` + "`json:\"e\"`" + `
	G Good   ` + "`json:\"g\"`" + `
}
`

// TestShapesLeftToReflection: a type whose shape the decoders cannot
// express gets no DecodeJSON (the reflective decoder takes it, and a type
// holding it decodes that field by reflection), and the generator says so.
func TestShapesLeftToReflection(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "shapes.go", shapes, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := (&types.Config{Importer: importer.ForCompiler(fset, "source", nil)}).Check("example.com/gen/shapesapi", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var roots []*types.Named
	for _, name := range []string{"Good", "Embeds", "Twins", "Stringy", "Fixed", "Unsigned", "Parent"} {
		roots = append(roots, pkg.Scope().Lookup(name).Type().(*types.Named))
	}
	src, notes, err := renderDecoders(pkg, roots)
	if err != nil {
		t.Fatal(err)
	}
	out := string(src)
	for _, name := range []string{"Good", "Inner", "Parent"} {
		if !strings.Contains(out, "func (v *"+name+") DecodeJSON(") {
			t.Errorf("no decoder for %s:\n%s", name, out)
		}
	}
	for _, want := range []string{
		"jsonfast.Reflect[Embeds](d, &v.E)", // Parent decodes its Embeds field by reflection
		"(&v.G).DecodeJSON(d)",
		"jsonfast.Slice(d, &v.Items, jsonfast.Struct[Inner])",
		"jsonfast.Time(d, &v.When)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, `"-"`) || strings.Contains(out, "v.Skip") {
		t.Error("a field tagged json:\"-\" is decoded")
	}
	notesText := strings.Join(notes, "\n")
	for name, reason := range map[string]string{
		"Embeds":   "embedded field Inner",
		"Twins":    `names "ID" and "id" differ only in case`,
		"Stringy":  `tag option "string" on field N`,
		"Fixed":    "field A: type [2]int",
		"Unsigned": "field U: type uint",
	} {
		if strings.Contains(out, "func (v *"+name+") DecodeJSON(") {
			t.Errorf("%s got a decoder", name)
		}
		want := "shapesapi." + name + ": no generated decoder (" + reason + "): decoded by reflection"
		if !strings.Contains(notesText, want) {
			t.Errorf("notes lack %q:\n%s", want, notesText)
		}
	}
	if len(notes) != 5 {
		t.Errorf("%d notes, want 5:\n%s", len(notes), notesText)
	}
}
