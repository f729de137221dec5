package main

// The decoders step (-decoders DIR): a DecodeJSON method for every struct
// type of the generated package that an operation answers with (2xx JSON:
// the envelopes, the items of page and batch answers, the single results)
// and every struct type they hold, written to DIR/decode.gen.go. The
// methods read the token stream (internal/jsonfast) and set the known
// fields by switch; clients/internal/jsondec uses them for every answer
// whose type has one. A type with a shape they cannot express (an embedded
// field, a tag option other than omitempty/omitzero, two names equal but
// for case, a field type without a token-level decoder) gets no method and
// is decoded by reflection as before; the generator says so on stderr.

import (
	"bytes"
	"fmt"
	"go/format"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// decodersOutput is the generated file's name in the generated package.
const decodersOutput = "decode.gen.go"

// jsonfastPath is the import path of the decoders' runtime.
const jsonfastPath = "github.com/respondkit/respondkit/internal/jsonfast"

// runDecoders writes genDir/decode.gen.go and reports the types left to
// reflection on stderr.
func runDecoders(specPath, genPkg, genDir, root string) error {
	src, notes, err := generateDecoders(specPath, genPkg, genDir, root)
	if err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintln(os.Stderr, "respondgen:", n)
	}
	return os.WriteFile(filepath.Join(genDir, decodersOutput), src, 0o644)
}

// generateDecoders returns the decoders' source and the notes on the types
// left to reflection.
func generateDecoders(specPath, genPkg, genDir, root string) ([]byte, []string, error) {
	doc, err := loadSpec(specPath)
	if err != nil {
		return nil, nil, err
	}
	pkg, err := loadGenWithout(root, genPkg, genDir)
	if err != nil {
		return nil, nil, err
	}
	return decodersOf(doc, pkg)
}

// decodersOf renders the decoders of the spec's answer types in pkg (the
// generated package type-checked without its decoders, as go generate's one
// run has it).
func decodersOf(doc *openapi3.T, pkg *types.Package) ([]byte, []string, error) {
	roots, err := answerTypes(doc, pkg)
	if err != nil {
		return nil, nil, err
	}
	return renderDecoders(pkg, roots)
}

// loadGenWithout type-checks the generated package with its decode.gen.go
// left out, so that a stale file (a field the spec dropped) does not stop
// its regeneration.
func loadGenWithout(root, path, genDir string) (*types.Package, error) {
	abs, err := filepath.Abs(filepath.Join(genDir, decodersOutput))
	if err != nil {
		return nil, err
	}
	return loadGenOverlay(root, path, map[string][]byte{abs: []byte("package " + filepath.Base(path) + "\n")})
}

// answerTypes returns the named types of the JSON bodies of the spec's 2xx
// answers (the item type for an answer that is an array), in spec order.
func answerTypes(doc *openapi3.T, pkg *types.Package) ([]*types.Named, error) {
	var out []*types.Named
	seen := map[*types.Named]bool{}
	add := func(ref string) error {
		name := ref[strings.LastIndex(ref, "/")+1:]
		n := lookupSchemaType(pkg, name)
		if n == nil {
			return fmt.Errorf("%s: no type for schema %s", pkg.Path(), name)
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
		return nil
	}
	for _, o := range sortedOps(doc) {
		codes := slices.Sorted(func(yield func(string) bool) {
			for c := range o.op.Responses.Map() {
				if !yield(c) {
					return
				}
			}
		})
		for _, code := range codes {
			if !strings.HasPrefix(code, "2") {
				continue
			}
			r := o.op.Responses.Value(code)
			if r == nil || r.Value == nil {
				continue
			}
			mt := r.Value.Content.Get("application/json")
			if mt == nil || mt.Schema == nil {
				continue
			}
			s := mt.Schema
			if s.Ref == "" && s.Value != nil && s.Value.Items != nil {
				s = s.Value.Items
			}
			if s.Ref == "" {
				continue // an inline schema: no named type to decode into
			}
			if err := add(s.Ref); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// lookupSchemaType finds oapi-codegen's type for a component schema.
func lookupSchemaType(pkg *types.Package, schema string) *types.Named {
	try := func(name string) *types.Named {
		tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok {
			return nil
		}
		n, _ := types.Unalias(tn.Type()).(*types.Named)
		return n
	}
	if n := try(schema); n != nil {
		return n
	}
	want := normalize(schema)
	for _, name := range pkg.Scope().Names() {
		if normalize(name) == want {
			if n := try(name); n != nil {
				return n
			}
		}
	}
	return nil
}

// decoderSet is the analysis of the types to decode.
type decoderSet struct {
	pkg     *types.Package
	imports map[string]string // path -> name
	state   map[*types.Named]int
	refused map[*types.Named]string
	decs    []*structDecoder
	notes   []string
}

const (
	visiting = iota + 1
	done
)

// structDecoder is one generated method.
type structDecoder struct {
	Type   string
	Names  []string // JSON names, in field order
	Stmts  []string // the statement decoding each field
	Consts string
}

// renderDecoders analyses the types reachable from roots and renders the
// file.
func renderDecoders(pkg *types.Package, roots []*types.Named) ([]byte, []string, error) {
	ds := &decoderSet{pkg: pkg, imports: map[string]string{}, state: map[*types.Named]int{}, refused: map[*types.Named]string{}}
	for _, r := range roots {
		// A type with an UnmarshalJSON or UnmarshalText method decodes
		// itself (jsonfast.Unmarshaler, jsonfast.Text where it is a field).
		if _, ok := r.Underlying().(*types.Struct); ok && !hasAnyMethod(r, "UnmarshalJSON", "UnmarshalText") {
			ds.visit(r)
		}
	}
	sort.Slice(ds.decs, func(i, j int) bool { return ds.decs[i].Type < ds.decs[j].Type })
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by respondgen -decoders; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package %s\n\n", pkg.Name())
	var std, other []string
	for p := range ds.imports {
		if strings.Contains(strings.Split(p, "/")[0], ".") {
			other = append(other, p)
		} else {
			std = append(std, p)
		}
	}
	other = append(other, jsonfastPath)
	slices.Sort(std)
	slices.Sort(other)
	b.WriteString("import (\n")
	for _, p := range std {
		fmt.Fprintf(&b, "\t%q\n", p)
	}
	if len(std) > 0 {
		b.WriteString("\n")
	}
	for _, p := range other {
		fmt.Fprintf(&b, "\t%q\n", p)
	}
	b.WriteString(")\n")
	for _, d := range ds.decs {
		fmt.Fprintf(&b, "\n// DecodeJSON decodes a JSON object into v, token by token (generated by\n")
		fmt.Fprintf(&b, "// respondgen for the clients' answers; the decoder comes from the clients).\n")
		fmt.Fprintf(&b, "func (v *%s) DecodeJSON(d *jsonfast.Decoder) error {\n", d.Type)
		fmt.Fprintf(&b, "\tif more, err := d.Object(%q); !more {\n\t\treturn err\n\t}\n", pkg.Name()+"."+d.Type)
		b.WriteString("\tfor d.More() {\n\t\tname, err := d.Name()\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n")
		b.WriteString("\t\tvar f int\n\t\tswitch string(name) {\n")
		for i, n := range d.Names {
			fmt.Fprintf(&b, "\t\tcase %q:\n\t\t\tf = %d\n", n, i+1)
		}
		fmt.Fprintf(&b, "\t\tdefault:\n\t\t\tf = jsonfast.Fold(name, namesOf%s[:])\n\t\t}\n", d.Type)
		b.WriteString("\t\tswitch f {\n")
		for i, s := range d.Stmts {
			fmt.Fprintf(&b, "\t\tcase %d:\n\t\t\terr = %s\n", i+1, s)
		}
		b.WriteString("\t\tdefault:\n\t\t\terr = d.Skip()\n\t\t}\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t}\n\treturn d.End()\n}\n")
		fmt.Fprintf(&b, "\nvar namesOf%s = [...]string{", d.Type)
		for i, n := range d.Names {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q", n)
		}
		b.WriteString("}\n")
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, nil, fmt.Errorf("formatting the decoders: %w\n%s", err, numbered(b.Bytes()))
	}
	return src, ds.notes, nil
}

// visit decides whether n gets a decoder, and adds it; it reports whether
// n has one (a type being visited further up counts as having one).
func (ds *decoderSet) visit(n *types.Named) bool {
	switch ds.state[n] {
	case visiting, done:
		_, refused := ds.refused[n]
		return !refused
	}
	ds.state[n] = visiting
	dec, reason := ds.structDecoder(n)
	ds.state[n] = done
	if reason != "" {
		ds.refused[n] = reason
		ds.note(n, reason)
		return false
	}
	ds.decs = append(ds.decs, dec)
	return true
}

// note records that n is left to the reflective decoder, and why.
func (ds *decoderSet) note(n *types.Named, reason string) {
	msg := fmt.Sprintf("%s: no generated decoder (%s): decoded by reflection", ds.qualified(n), reason)
	if !slices.Contains(ds.notes, msg) {
		ds.notes = append(ds.notes, msg)
	}
}

// structDecoder builds n's decoder, or says why it cannot.
func (ds *decoderSet) structDecoder(n *types.Named) (*structDecoder, string) {
	if n.Obj().Pkg() != ds.pkg {
		return nil, "declared in another package"
	}
	if n.TypeParams().Len() > 0 {
		return nil, "generic"
	}
	for _, m := range []string{"DecodeJSON", "UnmarshalJSONFrom", "UnmarshalJSON", "UnmarshalText"} {
		if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(n), true, ds.pkg, m); obj != nil {
			return nil, "has a " + m + " method"
		}
	}
	st := n.Underlying().(*types.Struct)
	dec := &structDecoder{Type: n.Obj().Name()}
	for i := range st.NumFields() {
		f := st.Field(i)
		if f.Embedded() {
			return nil, "embedded field " + f.Name()
		}
		if !f.Exported() {
			continue
		}
		tag, hasTag := reflect.StructTag(st.Tag(i)).Lookup("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if !hasTag || name == "" {
			name = f.Name()
		}
		if strings.HasPrefix(name, "'") {
			return nil, "quoted name in the tag of field " + f.Name()
		}
		if opts != "" {
			for o := range strings.SplitSeq(opts, ",") {
				if o != "omitempty" && o != "omitzero" {
					return nil, fmt.Sprintf("tag option %q on field %s", o, f.Name())
				}
			}
		}
		for _, other := range dec.Names {
			if strings.EqualFold(other, name) {
				return nil, fmt.Sprintf("names %q and %q differ only in case", other, name)
			}
		}
		stmt, why := ds.stmt(f.Type(), "&v."+f.Name())
		if why != "" {
			return nil, "field " + f.Name() + ": " + why
		}
		dec.Names = append(dec.Names, name)
		dec.Stmts = append(dec.Stmts, stmt)
	}
	return dec, ""
}

// stmt returns the expression that decodes a value of type t at the
// address addr, or why it cannot.
func (ds *decoderSet) stmt(t types.Type, addr string) (string, string) {
	t = types.Unalias(t)
	// A value that decodes itself from the token stream (respondkit.Values)
	// is decoded by its method, never as its underlying type, which would
	// skip what the method does: by its DecodeJSON when it has one for the
	// generated decoders (jsonfast.Target), else by the reflective decoder,
	// which calls its UnmarshalJSONFrom.
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr && hasAnyMethod(t, "UnmarshalJSONFrom") {
		if isTarget(t) {
			return "(" + addr + ").DecodeJSON(d)", ""
		}
		return "jsonfast.Reflect(d, " + addr + ")", ""
	}
	if n, ok := t.(*types.Named); ok && !hasAnyMethod(n, "UnmarshalJSONFrom", "UnmarshalJSON", "UnmarshalText") {
		if _, isStruct := n.Underlying().(*types.Struct); isStruct && n.Obj().Pkg() == ds.pkg && ds.visit(n) {
			return "(" + addr + ").DecodeJSON(d)", ""
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		elem, why := ds.fn(u.Elem())
		return "jsonfast.Ptr(d, " + addr + ", " + elem + ")", why
	case *types.Slice:
		if b, ok := types.Unalias(u.Elem()).Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
			return "", "a byte slice (base64)"
		}
		elem, why := ds.fn(u.Elem())
		return "jsonfast.Slice(d, " + addr + ", " + elem + ")", why
	case *types.Map:
		if why := ds.plainKey(u.Key()); why != "" {
			return "", why
		}
		// The value is decoded into a local by a direct call, so that it
		// stays on the stack.
		val, why := ds.stmt(u.Elem(), "&val")
		if why != "" {
			return "", why
		}
		return fmt.Sprintf("jsonfast.Map(d, %s, func(d *jsonfast.Decoder, m %s, k %s) error {\nvar val %s\nerr := %s\nm[k] = val\nreturn err\n})",
			addr, ds.typeString(t), ds.typeString(u.Key()), ds.typeString(u.Elem()), val), ""
	}
	if m := ds.method(t); m != "" {
		helper := map[string]string{"UnmarshalJSON": "Unmarshal", "UnmarshalText": "Text"}[m]
		return fmt.Sprintf("d.%s(%q, (%s).%s)", helper, ds.qualified(t), addr, m), ""
	}
	f, why := ds.fn(t)
	return f + "(d, " + addr + ")", why
}

// plainKey reports why a map key type cannot be decoded as a plain string.
func (ds *decoderSet) plainKey(k types.Type) string {
	k = types.Unalias(k)
	if b, ok := k.Underlying().(*types.Basic); !ok || b.Kind() != types.String {
		return "a map key of type " + ds.typeString(k)
	}
	if _, ok := k.(*types.Named); ok && hasAnyMethod(k, "UnmarshalText", "UnmarshalJSON", "UnmarshalJSONFrom") {
		return "a map key with methods"
	}
	return ""
}

// method returns the decoding method that the reflective decoder calls on
// a value of type t: UnmarshalJSON, else UnmarshalText (none for time.Time,
// which it decodes itself, nor for pointers and interfaces).
func (ds *decoderSet) method(t types.Type) string {
	t = types.Unalias(t)
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time" {
		return ""
	}
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface:
		return ""
	}
	switch {
	case hasAnyMethod(t, "UnmarshalJSONFrom"):
		return ""
	case hasAnyMethod(t, "UnmarshalJSON"):
		return "UnmarshalJSON"
	case hasAnyMethod(t, "UnmarshalText"):
		return "UnmarshalText"
	}
	return ""
}

// qualified is t's name with its package's, for errors.
func (ds *decoderSet) qualified(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

func hasAnyMethod(t types.Type, names ...string) bool {
	for _, m := range names {
		if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(t), true, nil, m); obj != nil {
			return true
		}
	}
	return false
}

// isTarget reports whether *t has the method of jsonfast.Target,
// DecodeJSON(*jsonfast.Decoder) error.
func isTarget(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(t), true, nil, "DecodeJSON")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() != 1 || sig.Results().Len() != 1 || sig.Results().At(0).Type().String() != "error" {
		return false
	}
	p, ok := types.Unalias(sig.Params().At(0).Type()).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Name() == "Decoder" && n.Obj().Pkg() != nil && strings.HasSuffix(n.Obj().Pkg().Path(), "/internal/jsonfast")
}

// fn returns a func(*jsonfast.Decoder, *T) error that decodes a value of
// type t, or why there is none.
func (ds *decoderSet) fn(t types.Type) (string, string) {
	t = types.Unalias(t)
	if n, ok := t.(*types.Named); ok {
		if n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time" {
			return "jsonfast.Time", ""
		}
	}
	ts := ds.typeString(t)
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface:
	default:
		switch {
		case hasAnyMethod(t, "UnmarshalJSONFrom"):
			return "", ts + " has an UnmarshalJSONFrom method"
		case ds.method(t) != "":
			body, _ := ds.stmt(t, "p")
			return "func(d *jsonfast.Decoder, p *" + ts + ") error { return " + body + " }", ""
		}
	}
	if n, ok := t.(*types.Named); ok {
		if _, isStruct := n.Underlying().(*types.Struct); isStruct {
			if n.Obj().Pkg() == ds.pkg && ds.visit(n) {
				return "jsonfast.Struct[" + ts + "]", ""
			}
			// A struct without a generated decoder (visit said why) is
			// left to the reflective decoder, with the same options.
			if n.Obj().Pkg() != ds.pkg {
				ds.note(n, "declared in another package")
			}
			return "jsonfast.Reflect[" + ts + "]", ""
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Kind() == types.String:
			return "jsonfast.String[" + ts + "]", ""
		case u.Kind() == types.Bool:
			return "jsonfast.Bool[" + ts + "]", ""
		case u.Kind() >= types.Int && u.Kind() <= types.Int64:
			return "jsonfast.Int[" + ts + "]", ""
		case u.Kind() == types.Float32 || u.Kind() == types.Float64:
			return "jsonfast.Float[" + ts + "]", ""
		}
		return "", "type " + ts
	case *types.Interface:
		if u.Empty() && ts == "interface{}" || u.Empty() && ts == "any" {
			return "jsonfast.Any", ""
		}
		return "", "interface type " + ts
	case *types.Pointer, *types.Slice, *types.Map:
		body, why := ds.stmt(t, "p")
		if why != "" {
			return "", why
		}
		return "func(d *jsonfast.Decoder, p *" + ts + ") error { return " + body + " }", ""
	case *types.Struct:
		return "", "an unnamed struct type"
	}
	return "", "type " + ts
}

// typeString writes t as the generated file spells it, recording imports.
func (ds *decoderSet) typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == ds.pkg {
			return ""
		}
		ds.imports[p.Path()] = p.Name()
		return p.Name()
	})
}
