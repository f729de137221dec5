package main

import (
	"fmt"
	"go/types"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/respondkit/respondkit/tools/internal/annotations"
)

// generator holds what the template renders.
type generator struct {
	doc      *openapi3.T
	gen      *types.Package
	pkg      string
	aliases  map[string]string
	specName string

	Types    []*typeAlias
	Options  []*optionsType
	Pages    []*pageOp
	Waits    []*waitOp
	Batches  []*batchOp
	Patterns []*pattern
	Methods  []*methodOp
	Enums    []*enumType
	Common   []string
	// msa: a method unwraps CrowdStrike's envelope, so the package needs
	// PartialError.
	msa bool

	declared    map[string]bool   // package-level names declared by hand
	handMethods map[string]bool   // Client methods declared by hand
	emitted     map[string]string // names generated, and what asked for them
}

// GenPath is the import path of the generated package.
func (g *generator) GenPath() string { return g.gen.Path() }

// Pkg is the wrapper's package name.
func (g *generator) Pkg() string { return g.pkg }

// SpecName is the spec's path from the repository root.
func (g *generator) SpecName() string { return g.specName }

// typeAlias is the wrapper's alias of a generated model type, documented
// with the type's fields.
type typeAlias struct {
	Name, Gen string
	Doc       []string
	schema    *openapi3.Schema
	named     *types.Named
}

// optionsType is one generated options struct.
type optionsType struct {
	Name   string
	Ops    []string // operationIds it serves
	Fields []*optField
	// PageSize is the largest page size when a paged operation uses the
	// struct (0: no PageSize field).
	PageSize  int
	PageUsers string // the paged methods, for the field's doc
	Check     string
	Convs     []*conversion
	// ArgParams and ArgNames are the required parameters, taken as
	// arguments of the methods rather than fields ("policyID string").
	ArgParams, ArgNames string
	params              []string // the wire names, to check that sharing operations agree
	// Guarded names the guarded operation (x-respondkit-guard) the struct
	// serves, if any; Selecting and Other are its fields that select and
	// those that do not.
	Guarded          string
	Selecting, Other []*optField
}

type optField struct {
	Name, Type string
	Doc        []string
	// Set is the condition that the field is set, on o.
	Set   string
	param string // the wire name
}

// conversion turns the options into one operation's generated parameters.
type conversion struct {
	Func, ParamsType, OpID string
	ArgParams              string
	Body                   string
}

type pattern struct{ Var, Expr string }

type pageOp struct {
	PageDoc, IterDoc                                     []string
	What, ArgParams, ArgNames, Count, CountHeader        string
	Name, Options, Item, OpID, Summary, Method, ConvFunc string
	Offset, Parallel                                     bool
	WalkStyle                                            string
	Max                                                  int
	MaxOffset                                            string
	End                                                  int
	SetPos, SetSize, Decode, Total, Next                 string
	Status                                               string
	// Key is the Go field of the items' id (x-respondkit-paging's key).
	Key string
}

type waitOp struct {
	Name, Get, What, Item, OpID, OnFailure, Status string
	Params, Args, WhatArg                          string
	Success, Failure, Pending                      []string
}

type batchOp struct {
	Func, OpID, Method, Params, ItemType, Items, Set, Call string
	Max, Parallel                                          int
}

// build reads every operation and fills the generator.
func (g *generator) build() error {
	if err := g.addTypes(); err != nil {
		return err
	}
	client := g.lookupNamed("Client")
	if client == nil {
		return fmt.Errorf("%s has no Client type", g.gen.Path())
	}
	methods := map[string]*types.Func{}
	ms := types.NewMethodSet(types.NewPointer(client))
	for i := range ms.Len() {
		f := ms.At(i).Obj().(*types.Func)
		methods[normalize(f.Name())] = f
	}
	byName := map[string]*optionsType{}
	for _, o := range sortedOps(g.doc) {
		a, err := annotations.Read(o.op)
		if err != nil {
			return err
		}
		m, ok := methods[normalize(o.op.OperationID)]
		if !ok && a.Method != nil && a.Method.Hand != "" && a.Options == nil && a.Batch == nil && a.Wait == nil {
			// No generated method: addMethod checks the hand-written one.
			if err := g.addMethod(&operation{ID: o.op.OperationID, Spec: o.op, Operation: a}); err != nil {
				return err
			}
			continue
		}
		if !ok {
			return fmt.Errorf("operation %s: no method of the generated Client", o.op.OperationID)
		}
		op := &operation{
			ID: o.op.OperationID, GoMethod: m.Name(), Path: o.path, Verb: o.verb, Spec: o.op,
			Params: g.lookupNamed(m.Name() + "Params"), Sig: m.Type().(*types.Signature), Operation: a,
		}
		if a.Options != nil {
			if err := g.addOptions(byName, op); err != nil {
				return err
			}
		}
		if a.Paging != nil {
			if err := g.addPage(byName[a.Options.Name], op); err != nil {
				return err
			}
		}
		if a.Paging == nil {
			if err := g.addMethod(op); err != nil {
				return err
			}
		}
		if a.Wait != nil {
			if err := g.addWait(op); err != nil {
				return err
			}
		}
		if a.Batch != nil {
			if err := g.addBatch(op); err != nil {
				return err
			}
		}
	}
	return g.addCommon()
}

func (g *generator) lookupNamed(name string) *types.Named {
	obj, ok := g.gen.Scope().Lookup(name).(*types.TypeName)
	if !ok {
		return nil
	}
	n, _ := types.Unalias(obj.Type()).(*types.Named)
	return n
}

// typeName renders t in the wrapper package: the wrapper's alias of a
// generated type where it has one, else the package-qualified name.
func (g *generator) typeName(t types.Type) string {
	if a, ok := t.(*types.Alias); ok && a.Obj().Pkg() == g.gen {
		if w, ok := g.aliases[a.Obj().Name()]; ok {
			return w
		}
		return g.typeName(types.Unalias(t))
	}
	t = types.Unalias(t)
	switch t := t.(type) {
	case *types.Named:
		if t.Obj().Pkg() == g.gen {
			if w, ok := g.aliases[t.Obj().Name()]; ok {
				return w
			}
		}
	case *types.Pointer:
		return "*" + g.typeName(t.Elem())
	case *types.Slice:
		return "[]" + g.typeName(t.Elem())
	}
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// structField finds the field of struct type t whose tag key (json or form)
// names name.
func structField(t types.Type, key, name string) *types.Var {
	st, ok := types.Unalias(t).Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	for i := range st.NumFields() {
		tag, _, _ := strings.Cut(reflect.StructTag(st.Tag(i)).Get(key), ",")
		if tag == name {
			return st.Field(i)
		}
	}
	return nil
}

func deref(t types.Type) (types.Type, bool) {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem(), true
	}
	return t, false
}

// queryParams returns the operation's query parameters in spec order.
func queryParams(op *openapi3.Operation) []*openapi3.Parameter {
	var out []*openapi3.Parameter
	for _, p := range op.Parameters {
		if p.Value != nil && p.Value.In == "query" {
			out = append(out, p.Value)
		}
	}
	return out
}

// addOptions adds the operation's conversion to its options struct,
// creating the struct for the first operation that names it.
func (g *generator) addOptions(byName map[string]*optionsType, op *operation) error {
	if op.Params == nil {
		return fmt.Errorf("operation %s: %s but no query parameters", op.ID, annotations.ExtOptions)
	}
	skip := map[string]bool{}
	if p := op.Paging; p != nil {
		skip[p.Offset], skip[p.Limit], skip[p.Page], skip[p.Size] = true, true, true, true
	}
	var names []string
	for _, p := range queryParams(op.Spec) {
		if !skip[p.Name] {
			names = append(names, p.Name)
		}
	}
	name := op.Options.Name
	ot := byName[name]
	first := ot == nil
	if ot == nil {
		if err := g.claim(name, "operation "+op.ID+" ("+annotations.ExtOptions+".name)"); err != nil {
			return err
		}
		ot = &optionsType{Name: name, Check: op.Options.Check, params: names}
		byName[name] = ot
		g.Options = append(g.Options, ot)
	} else {
		if !slices.Equal(ot.params, names) {
			return fmt.Errorf("operation %s: %s %s is shared with %s, whose query parameters differ (%v, %v)",
				op.ID, annotations.ExtOptions, name, ot.Ops[0], ot.params, names)
		}
		if ot.Check != op.Options.Check {
			return fmt.Errorf("operation %s: %s %s: check %q differs from %q", op.ID, annotations.ExtOptions, name, op.Options.Check, ot.Check)
		}
	}
	ot.Ops = append(ot.Ops, op.ID)
	conv := &conversion{Func: lowerFirst(op.GoMethod) + "Params", ParamsType: "*" + g.gen.Name() + "." + op.Params.Obj().Name(), OpID: op.ID}
	var body strings.Builder
	var argParams, argNames []string
	for _, p := range queryParams(op.Spec) {
		if skip[p.Name] {
			continue
		}
		gf := structField(op.Params, "form", p.Name)
		if gf == nil {
			return fmt.Errorf("operation %s: parameter %q has no field in %s", op.ID, p.Name, op.Params.Obj().Name())
		}
		if required, _ := p.Extensions[annotations.ExtRequired].(bool); p.Required || required {
			// A required parameter names what the call is about: an
			// argument, not an option that could be forgotten.
			arg := lowerFirst(gf.Name())
			elem, ptr := deref(gf.Type())
			typ := g.typeName(elem)
			switch typ {
			case "string":
				fmt.Fprintf(&body, "if err := wrap.Arg(api, %q, %s); err != nil {\nreturn nil, err\n}\n", arg, arg)
			case "uuid.UUID", "openapi_types.UUID":
				fmt.Fprintf(&body, "if %s == uuid.Nil {\nreturn nil, fmt.Errorf(\"%%s: %s is the nil UUID\", api)\n}\n", arg, arg)
			default:
				return fmt.Errorf("operation %s: required parameter %q of type %s: only strings and UUIDs are taken as arguments", op.ID, p.Name, typ)
			}
			if ptr {
				fmt.Fprintf(&body, "p.%s = &%s\n", gf.Name(), arg)
			} else {
				fmt.Fprintf(&body, "p.%s = %s\n", gf.Name(), arg)
			}
			argParams = append(argParams, arg+" "+typ)
			argNames = append(argNames, arg)
			continue
		}
		f, code, err := g.field(name, p, gf)
		if err != nil {
			return fmt.Errorf("operation %s: parameter %q: %w", op.ID, p.Name, err)
		}
		if first {
			ot.Fields = append(ot.Fields, f)
		}
		body.WriteString(code)
	}
	if w := op.Options.Window; w != nil {
		code, err := g.windowCheck(name, op, w)
		if err != nil {
			return err
		}
		body.WriteString(code)
	}
	if ot.Check != "" {
		fmt.Fprintf(&body, "if err := o.%s(); err != nil {\nreturn nil, err\n}\n", ot.Check)
	}
	if op.Guard != nil {
		if err := ot.guard(op); err != nil {
			return err
		}
	}
	conv.Body = body.String()
	conv.ArgParams = strings.Join(argParams, ", ")
	ot.Convs = append(ot.Convs, conv)
	if first {
		ot.ArgParams, ot.ArgNames = strings.Join(argParams, ", "), strings.Join(argNames, ", ")
	} else if ot.ArgParams != strings.Join(argParams, ", ") {
		return fmt.Errorf("operation %s: %s %s is shared with %s, whose required parameters differ", op.ID, annotations.ExtOptions, name, ot.Ops[0])
	}
	return nil
}

// guard records which fields of the struct select for the guarded
// operation op; two guarded operations sharing the struct must agree.
func (ot *optionsType) guard(op *operation) error {
	var sel, other []*optField
	for _, f := range ot.Fields {
		s, ok := op.Selects[f.param]
		if !ok {
			return fmt.Errorf("operation %s: %s: options field %s (%s) is not a query parameter of the operation", op.ID, annotations.ExtGuard, f.Name, f.param)
		}
		if s {
			sel = append(sel, f)
		} else {
			other = append(other, f)
		}
	}
	if ot.Guarded != "" && !slices.Equal(sel, ot.Selecting) {
		return fmt.Errorf("operation %s: %s: the parameters that select differ from %s's, which shares %s", op.ID, annotations.ExtSelects, ot.Guarded, ot.Name)
	}
	ot.Guarded, ot.Selecting, ot.Other = op.ID, sel, other
	return nil
}

// field returns the options field for one query parameter and the code that
// checks it and sets it in the generated parameters p.
func (g *generator) field(opts string, p *openapi3.Parameter, gf *types.Var) (*optField, string, error) {
	s := p.Schema.Value
	if s == nil {
		return nil, "", fmt.Errorf("no schema")
	}
	elem, genPtr := deref(gf.Type())
	under := types.Unalias(elem)
	full := opts + "." + gf.Name()
	f := &optField{Name: gf.Name(), param: p.Name}
	f.Doc = docLines(p.Description)
	var cons []string // constraints, for the doc
	var checks strings.Builder
	fail := func(format string, args ...string) string {
		a := ""
		for _, x := range args {
			a += ", " + x
		}
		return fmt.Sprintf("return nil, fmt.Errorf(%q, api%s)\n", "%s: "+full+" "+format, a)
	}
	pointerOpt := false // the option is a pointer: absent and zero differ
	conv := "v"
	cond := ""
	target := "v" // the option's value as a string, for the length and pattern checks
	switch {
	case s.Type.Is("string"):
		switch {
		case s.Format == "date-time":
			f.Type, cond, conv = "time.Time", "!v.IsZero()", "v.UTC()"
			cons = append(cons, "sent in RFC 3339, UTC")
		case s.Format == "uuid":
			f.Type, cond = "uuid.UUID", "v != uuid.Nil"
		default:
			f.Type, cond = g.typeName(elem), `v != ""`
			if _, isNamed := under.(*types.Named); isNamed && len(s.Enum) > 0 {
				vals := enumStrings(s.Enum)
				fmt.Fprintf(&checks, "if !v.Valid() {\n%s}\n", fail("%.64q is not one of "+strings.Join(vals, ", "), "v"))
				cons = append(cons, "one of "+strings.Join(vals, ", "))
			} else if isNamed && !strings.Contains(f.Type, ".") {
				// An open set the wrapper names: its own type, any value.
				target = "string(v)"
			} else if f.Type != "string" {
				f.Type = "string"
				conv = g.typeName(elem) + "(v)"
			}
		}
		if s.MaxLength != nil {
			fmt.Fprintf(&checks, "if n := utf8.RuneCountInString(%s); n > %d {\n%s}\n", target, *s.MaxLength,
				fail(fmt.Sprintf("is %%d characters long, at most %d allowed", *s.MaxLength), "n"))
			cons = append(cons, fmt.Sprintf("at most %d characters", *s.MaxLength))
		}
		if s.MinLength > 0 {
			fmt.Fprintf(&checks, "if n := utf8.RuneCountInString(%s); n < %d {\n%s}\n", target, s.MinLength,
				fail(fmt.Sprintf("is %%d characters long, at least %d needed", s.MinLength), "n"))
		}
		if s.Pattern != "" {
			v := "pattern" + opts + gf.Name()
			if !slices.ContainsFunc(g.Patterns, func(x *pattern) bool { return x.Var == v }) {
				g.Patterns = append(g.Patterns, &pattern{Var: v, Expr: "`" + s.Pattern + "`"})
			}
			fmt.Fprintf(&checks, "if !%s.MatchString(%s) {\n%s}\n", v, target,
				fail(fmt.Sprintf("%%.64q does not match %s", strings.ReplaceAll(s.Pattern, "%", "%%")), target))
		}
	case s.Type.Is("integer") && p.Extensions[annotations.ExtTime] != nil:
		if p.Extensions[annotations.ExtTime] != "unix-nano" {
			return nil, "", fmt.Errorf("%s %v: want unix-nano", annotations.ExtTime, p.Extensions[annotations.ExtTime])
		}
		f.Type, cond, conv = "time.Time", "!v.IsZero()", "v.UnixNano()"
		cons = append(cons, "sent in Unix nanoseconds")
		if s.Min != nil && *s.Min >= 0 {
			fmt.Fprintf(&checks, "if v.Before(time.Unix(0, 0)) {\n%s}\n", fail("%s is before 1970", "v.Format(time.RFC3339)"))
		}
	case s.Type.Is("integer") || s.Type.Is("number"):
		base := "int"
		if s.Type.Is("number") {
			base = "float64"
		}
		pointerOpt = !(s.Min != nil && *s.Min >= 1)
		f.Type = base
		if pointerOpt {
			f.Type = "*" + base
			cond = "true"
		} else {
			cond = "v != 0"
		}
		if g.typeName(elem) != base {
			conv = g.typeName(elem) + "(v)"
		}
		lo, hi := "", ""
		if s.Min != nil {
			lo = strconv.FormatFloat(*s.Min, 'f', -1, 64)
		}
		if s.Max != nil {
			hi = strconv.FormatFloat(*s.Max, 'f', -1, 64)
		}
		verb := "%d"
		if base == "float64" {
			verb = "%g"
		}
		if lo != "" && hi != "" {
			fmt.Fprintf(&checks, "if v < %s || v > %s {\n%s}\n", lo, hi, fail(verb+" out of range "+lo+".."+hi, "v"))
			cons = append(cons, lo+".."+hi)
		} else if lo != "" {
			fmt.Fprintf(&checks, "if v < %s {\n%s}\n", lo, fail(verb+" is below the minimum "+lo, "v"))
			cons = append(cons, "at least "+lo)
		} else if hi != "" {
			fmt.Fprintf(&checks, "if v > %s {\n%s}\n", hi, fail(verb+" is above the maximum "+hi, "v"))
			cons = append(cons, "at most "+hi)
		}
	case s.Type.Is("boolean"):
		if d, ok := s.Default.(bool); ok && !d {
			f.Type, cond, conv = "bool", "v", "true"
			cons = append(cons, "sent only when true")
		} else {
			pointerOpt = true
			f.Type, cond = "*bool", "true"
		}
	case s.Type.Is("object"):
		// A free-form object (additionalProperties): one query pair per key.
		f.Type, cond = types.TypeString(under.Underlying(), nil), "len(v) > 0"
		if t := g.typeName(elem); t != f.Type {
			conv = t + "(v)"
		}
		// A blank key, or one with whitespace around it, names no parameter.
		fmt.Fprintf(&checks, "for k := range v {\nif k == \"\" || strings.TrimSpace(k) != k {\n%s}\n}\n",
			fail("key %.64q is blank or has whitespace around it", "k"))
		if ap := s.AdditionalProperties.Schema; ap != nil && ap.Value != nil && ap.Value.MaxLength != nil {
			fmt.Fprintf(&checks, "for k, e := range v {\nif n := utf8.RuneCountInString(e); n > %d {\n%s}\n}\n", *ap.Value.MaxLength,
				fail(fmt.Sprintf("[%%.64q] is %%d characters long, at most %d allowed", *ap.Value.MaxLength), "k", "n"))
			cons = append(cons, fmt.Sprintf("values of at most %d characters", *ap.Value.MaxLength))
		}
		cons = append(cons, "one query pair per key")
	case s.Type.Is("array"):
		f.Type, cond = g.typeName(elem), "len(v) > 0"
		if s.MaxItems != nil {
			fmt.Fprintf(&checks, "if len(v) > %d {\n%s}\n", *s.MaxItems, fail(fmt.Sprintf("has %%d items, at most %d allowed", *s.MaxItems), "len(v)"))
		}
		if it := s.Items; it != nil && it.Value != nil && len(it.Value.Enum) > 0 {
			vals := enumStrings(it.Value.Enum)
			quoted := make([]string, len(vals))
			for i, v := range vals {
				quoted[i] = strconv.Quote(v)
			}
			fmt.Fprintf(&checks, "for _, e := range v {\nswitch e {\ncase %s:\ndefault:\n%s}\n}\n", strings.Join(quoted, ", "),
				fail("item %.64q is not one of "+strings.Join(vals, ", "), "e"))
			cons = append(cons, "items among "+strings.Join(vals, ", "))
		}
		if p.Explode != nil && !*p.Explode {
			cons = append(cons, "sent comma-separated")
		}
	default:
		return nil, "", fmt.Errorf("type %v is not supported", s.Type)
	}
	required := p.Required
	if r, ok := p.Extensions[annotations.ExtRequired].(bool); ok && r {
		required = true
	}
	if required {
		cons = append(cons, "required")
	}
	if pointerOpt {
		cons = append(cons, "not sent when nil")
		if !genPtr {
			// The generated client leaves a zero value out of the query:
			// false or 0 would never be sent.
			zero := "0"
			if f.Type == "*bool" {
				zero = "false"
			}
			return nil, "", fmt.Errorf("absent and %s differ, so the generated field must keep its pointer "+
				"(x-go-type-skip-optional-pointer: false on the parameter)", zero)
		}
	}
	line := "Query parameter " + p.Name
	if len(cons) > 0 {
		line += ": " + strings.Join(cons, "; ")
	}
	f.Doc = append(f.Doc, line+".")

	if pointerOpt {
		f.Set = "o." + gf.Name() + " != nil"
	} else {
		f.Set = valueRef.ReplaceAllLiteralString(cond, "o."+gf.Name())
	}
	var code strings.Builder
	if pointerOpt {
		fmt.Fprintf(&code, "if o.%s != nil {\nv := *o.%s\n", gf.Name(), gf.Name())
	} else {
		fmt.Fprintf(&code, "if v := o.%s; %s {\n", gf.Name(), cond)
	}
	code.WriteString(checks.String())
	if genPtr {
		fmt.Fprintf(&code, "x := %s\np.%s = &x\n", conv, gf.Name())
	} else {
		fmt.Fprintf(&code, "p.%s = %s\n", gf.Name(), conv)
	}
	if required {
		fmt.Fprintf(&code, "} else {\n%s}\n", fail("is required"))
	} else {
		code.WriteString("}\n")
	}
	return f, code.String(), nil
}

// windowCheck is the code of x-respondkit-options.window: the end of the
// window does not come before its start, nor further than max from it; an
// open end is now, so a start further than max in the past is refused too.
func (g *generator) windowCheck(opts string, op *operation, w *annotations.Window) (string, error) {
	var names [2]string
	for i, p := range []string{w.From, w.To} {
		gf := structField(op.Params, "form", p)
		if gf == nil {
			return "", fmt.Errorf("operation %s: %s.window: parameter %q has no field", op.ID, annotations.ExtOptions, p)
		}
		names[i] = gf.Name()
	}
	from, to := "o."+names[0], "o."+names[1]
	var b strings.Builder
	fmt.Fprintf(&b, "if !%s.IsZero() && !%s.IsZero() {\n", from, to)
	fmt.Fprintf(&b, "if %s.Before(%s) {\nreturn nil, fmt.Errorf(\"%%s: %s.%s is before %s.%s (%%s < %%s)\", api, %s.Format(time.RFC3339), %s.Format(time.RFC3339))\n}\n",
		to, from, opts, names[1], opts, names[0], to, from)
	if w.Max != "" {
		d, err := time.ParseDuration(w.Max)
		if err != nil {
			return "", err
		}
		limit := fmt.Sprintf("time.Duration(%d)", int64(d))
		if d%time.Hour == 0 {
			limit = fmt.Sprintf("%d * time.Hour", d/time.Hour)
		}
		fmt.Fprintf(&b, "if d := %s.Sub(%s); d > %s {\nreturn nil, fmt.Errorf(\"%%s: %s.%s..%s spans %%s, more than the %s the service allows\", api, d)\n}\n",
			to, from, limit, opts, names[0], names[1], d)
		// An open end is now: the same bound holds up to now.
		fmt.Fprintf(&b, "} else if !%s.IsZero() && %s.IsZero() {\n", from, to)
		fmt.Fprintf(&b, "if d := time.Since(%s); d > %s {\nreturn nil, fmt.Errorf(\"%%s: %s.%s with no %s spans %%s up to now, more than the %s the service allows: set %s\", api, d.Round(time.Second))\n}\n",
			from, limit, opts, names[0], names[1], d, names[1])
	}
	b.WriteString("}\n")
	return b.String(), nil
}

// valueRef is the field's value, v, in a condition.
var valueRef = regexp.MustCompile(`\bv\b`)

func enumStrings(vals []any) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = fmt.Sprint(v)
	}
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// docLines turns a description into comment lines.
func docLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		out = append(out, strings.TrimRight(l, " "))
	}
	return out
}

// response returns the generated type of the operation's first 2xx JSON
// answer, the status, and its schema.
func (g *generator) response(op *operation) (types.Type, int, *openapi3.Schema, error) {
	codes := make([]int, 0)
	for c := range op.Spec.Responses.Map() {
		if n, err := strconv.Atoi(c); err == nil && n/100 == 2 {
			codes = append(codes, n)
		}
	}
	slices.Sort(codes)
	if len(codes) == 0 {
		return nil, 0, nil, fmt.Errorf("operation %s: no 2xx answer", op.ID)
	}
	r := op.Spec.Responses.Status(codes[0]).Value
	mt := r.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil, 0, nil, fmt.Errorf("operation %s: the %d answer has no JSON schema", op.ID, codes[0])
	}
	ref := mt.Schema.Ref
	if ref == "" {
		if mt.Schema.Value.Type.Is("array") && mt.Schema.Value.Items.Ref != "" {
			item := g.lookupNamed(refName(mt.Schema.Value.Items.Ref))
			if item == nil {
				return nil, 0, nil, fmt.Errorf("operation %s: no generated type for %s", op.ID, mt.Schema.Value.Items.Ref)
			}
			return types.NewSlice(item), codes[0], mt.Schema.Value, nil
		}
		return nil, 0, nil, fmt.Errorf("operation %s: the %d answer's schema is not a $ref", op.ID, codes[0])
	}
	t := g.lookupNamed(refName(ref))
	if t == nil {
		return nil, 0, nil, fmt.Errorf("operation %s: no generated type for %s", op.ID, ref)
	}
	return t, codes[0], mt.Schema.Value, nil
}

func refName(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }

// statusName is the net/http constant of a status.
func statusName(code int) string {
	name := strings.NewReplacer(" ", "", "-", "").Replace(http.StatusText(code))
	if name == "" {
		return strconv.Itoa(code)
	}
	return "http.Status" + name
}

// addPage adds the page method and iterator of a paged operation.
func (g *generator) addPage(ot *optionsType, op *operation) error {
	pg := op.Paging
	what := "operation " + op.ID + " (" + annotations.ExtPaging + ".name)"
	if err := g.claimMethod(pg.Name, what); err != nil {
		return err
	}
	if err := g.claimMethod(pg.Name+"Page", what); err != nil {
		return err
	}
	if pg.Count != "" {
		if err := g.claimMethod(pg.Count, "operation "+op.ID+" ("+annotations.ExtPaging+".count)"); err != nil {
			return err
		}
	}
	resp, status, _, err := g.response(op)
	if err != nil {
		return err
	}
	p := &pageOp{
		Name: pg.Name, Options: ot.Name, OpID: op.ID, Summary: op.Spec.Summary, Method: op.GoMethod,
		ConvFunc: lowerFirst(op.GoMethod) + "Params", Offset: pg.Style == "offset", Max: pg.MaxSize, End: pg.End,
		Status: statusName(status), What: pg.What, ArgParams: ot.ArgParams, ArgNames: ot.ArgNames,
		Count: pg.Count, CountHeader: strings.TrimPrefix(pg.Total, "header:"),
	}
	if p.What == "" {
		_, rest, _ := strings.Cut(op.Spec.Summary, " ")
		p.What = "the " + strings.TrimSuffix(rest, ".")
	}
	if ot.PageSize == 0 || ot.PageSize > pg.MaxSize {
		ot.PageSize = pg.MaxSize
	}
	if ot.PageUsers != "" {
		ot.PageUsers += ", "
	}
	ot.PageUsers += pg.Name + " and " + pg.Name + "Page"
	set := func(param, value string) (string, error) {
		gf := structField(op.Params, "form", param)
		if gf == nil {
			return "", fmt.Errorf("operation %s: no field for parameter %q", op.ID, param)
		}
		elem, ptr := deref(gf.Type())
		conv := value
		if t := g.typeName(elem); t != "int" {
			conv = t + "(" + value + ")"
		}
		if ptr {
			return fmt.Sprintf("%sv := %s\nparams.%s = &%sv\n", param, conv, gf.Name(), param), nil
		}
		return fmt.Sprintf("params.%s = %s\n", gf.Name(), conv), nil
	}
	pos, size := pg.Page, pg.Size
	if p.Offset {
		pos, size = pg.Offset, pg.Limit
		p.MaxOffset = "math.MaxInt32"
		if q := paramByName(op.Spec, pos); q != nil && q.Schema.Value.Max != nil {
			p.MaxOffset = strconv.FormatFloat(*q.Schema.Value.Max, 'f', -1, 64)
		}
	}
	posVar := "at"
	if !p.Offset {
		posVar = "pageNum"
	}
	if p.SetPos, err = set(pos, posVar); err != nil {
		return err
	}
	if p.SetSize, err = set(size, "size"); err != nil {
		return err
	}
	// Where the items are, and the total.
	var items types.Type
	var decode strings.Builder
	if pg.Items == "" {
		sl, ok := resp.(*types.Slice)
		if !ok {
			return fmt.Errorf("operation %s: %s.items is empty but the answer is not an array", op.ID, annotations.ExtPaging)
		}
		items = sl.Elem()
		p.Item = g.typeName(items)
		fmt.Fprintf(&decode, "items := httpclient.Presize[%s](size)\n", p.Item)
		fmt.Fprintf(&decode, "if err := httpclient.DecodeItems[%s](api, resp, err, &items, size, %s); err != nil {\nreturn nil, err\n}\n", p.Item, p.Status)
		fmt.Fprintf(&decode, "page := &Page[%s]{Items: items, Total: -1}\n", p.Item)
	} else {
		f := structField(resp, "json", pg.Items)
		if f == nil {
			return fmt.Errorf("operation %s: %s.items %q is not a property of the answer", op.ID, annotations.ExtPaging, pg.Items)
		}
		sl, ok := types.Unalias(f.Type()).(*types.Slice)
		if !ok {
			return fmt.Errorf("operation %s: %s.items %q is not a required array (it must be a slice in %s)", op.ID, annotations.ExtPaging, pg.Items, g.typeName(resp))
		}
		items = sl.Elem()
		p.Item = g.typeName(items)
		fmt.Fprintf(&decode, "out := %s.%s{%s: httpclient.Presize[%s](size)}\n", g.gen.Name(), resp.(*types.Named).Obj().Name(), f.Name(), p.Item)
		fmt.Fprintf(&decode, "if err := httpclient.DecodeItems[%s](api, resp, err, &out, size, %s); err != nil {\nreturn nil, err\n}\n", p.Item, p.Status)
		fmt.Fprintf(&decode, "page := &Page[%s]{Items: out.%s, Total: -1}\n", p.Item, f.Name())
	}
	p.Decode = decode.String()
	if pg.Key != "" {
		f := structField(items, "json", pg.Key)
		if f == nil {
			return fmt.Errorf("operation %s: %s.key %q is not a property of the items", op.ID, annotations.ExtPaging, pg.Key)
		}
		if b, ok := types.Unalias(f.Type()).(*types.Basic); !ok || b.Kind() != types.String {
			return fmt.Errorf("operation %s: %s.key %q is not a required string property of the items", op.ID, annotations.ExtPaging, pg.Key)
		}
		p.Key = f.Name()
	}
	switch {
	case strings.HasPrefix(pg.Total, "header:"):
		h := strings.TrimPrefix(pg.Total, "header:")
		p.Total = fmt.Sprintf("if page.Total, err = paging.HeaderTotal(api, header, %q); err != nil {\nreturn nil, err\n}\n", h)
	case pg.Total != "":
		code, err := g.totalPath(resp, strings.Split(pg.Total, "."))
		if err != nil {
			return fmt.Errorf("operation %s: %s.total %q: %w", op.ID, annotations.ExtPaging, pg.Total, err)
		}
		p.Total = code
	}
	// Pages can be fetched in parallel when their positions follow from the
	// total.
	p.Parallel = pg.Total != ""
	switch {
	case !p.Parallel:
		p.WalkStyle = "paging.Sequential"
	default:
		// Positions are offsets in every client, page-numbered
		// operations too.
		p.WalkStyle = "paging.Offsets"
	}
	if p.Offset {
		p.Next = fmt.Sprintf("if next, more := paging.NextOffset(at, size, len(page.Items), page.Total, %v); more {\npage.Next = next\n}\n", pg.FullPages)
	} else {
		p.Next = fmt.Sprintf("page.Next = paging.NextLinkOffset(header, %q, pageNum, size)\n", pg.Page)
	}
	doc := fmt.Sprintf("%sPage returns one page of %s (%s): at most opts.PageSize items, from position at, the offset of the page's first item (0 for the first page, then a page's Next", p.Name, p.What, p.OpID)
	if !p.Offset {
		doc += "; the service pages by page number, so at is a multiple of the page size"
	}
	doc += "). The page's Next is the position of the next page, 0 after the last. A page with more items than asked for is an error."
	if p.End > 0 {
		doc += fmt.Sprintf(" The service pages no further than %d items: the page is cut to stay within them, and an offset of %d or more is an error (narrow the query instead).", p.End, p.End)
	}
	p.PageDoc = wrap(doc, 76)
	doc = fmt.Sprintf("%s iterates over %s (%s) in the service's order, fetching pages of opts.PageSize: one page ahead of the loop, or opts.Concurrency pages at once", p.Name, p.What, p.OpID)
	if p.Parallel {
		doc += " once the first page gives the total."
	} else {
		doc += " (this operation gives no total, so its pages are fetched one after the other)."
	}
	doc += " It stops at the first error, which it yields once; breaking out of the loop cancels the requests in flight."
	if p.Key != "" {
		doc += fmt.Sprintf(" No item comes twice when fewer than two pages of items are added before the position read between two page reads: a page holding the %s of an item of the page before ends the walk with respondkit.ErrListChanged. More added at once can repeat items; items removed meanwhile can be missed.", p.Key)
	} else {
		doc += " No item comes twice: a list that changes under the walk in a way that could repeat one ends it with respondkit.ErrListChanged."
	}
	p.IterDoc = wrap(doc, 76)
	g.Pages = append(g.Pages, p)
	return nil
}

func paramByName(op *openapi3.Operation, name string) *openapi3.Parameter {
	for _, p := range queryParams(op) {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// totalPath is the code that copies the total at a JSON path of the answer
// (out) into page.Total, through optional (pointer) steps.
func (g *generator) totalPath(t types.Type, path []string) (string, error) {
	expr := "out"
	open := 0
	var b strings.Builder
	for i, name := range path {
		f := structField(t, "json", name)
		if f == nil {
			return "", fmt.Errorf("no property %q", name)
		}
		expr += "." + f.Name()
		elem, ptr := deref(f.Type())
		if ptr {
			fmt.Fprintf(&b, "if %s != nil {\n", expr)
			open++
			if i == len(path)-1 {
				expr = "*" + expr
			}
		}
		t = elem
	}
	fmt.Fprintf(&b, "page.Total = int(%s)\n", expr)
	b.WriteString(strings.Repeat("}\n", open))
	return b.String(), nil
}

// addWait adds a wait helper.
func (g *generator) addWait(op *operation) error {
	w := op.Wait
	if err := g.claimMethod(w.Name, "operation "+op.ID+" ("+annotations.ExtWait+".name)"); err != nil {
		return err
	}
	resp, _, _, err := g.response(op)
	if err != nil {
		return err
	}
	sf := structField(resp, "json", w.Status)
	if sf == nil {
		return fmt.Errorf("operation %s: %s.status %q is not a property of the answer", op.ID, annotations.ExtWait, w.Status)
	}
	wo := &waitOp{
		Name: w.Name, Get: w.Get, What: w.What, Item: g.typeName(resp), OpID: op.ID, OnFailure: w.OnFailure,
		Status: sf.Name(), Success: quoteAll(w.Success), Failure: quoteAll(w.Failure), Pending: quoteAll(w.Pending),
	}
	var params, args []string
	sig := op.Sig
	for i := 1; i < sig.Params().Len(); i++ {
		v := sig.Params().At(i)
		if sig.Variadic() && i == sig.Params().Len()-1 {
			break
		}
		name := goName(v.Name())
		params = append(params, name+" "+g.typeName(v.Type()))
		args = append(args, name)
	}
	if len(args) != 1 {
		return fmt.Errorf("operation %s: %s needs exactly one path parameter, the resource's id", op.ID, annotations.ExtWait)
	}
	// One id is the id, as in every generated method.
	params[0] = "id " + strings.SplitN(params[0], " ", 2)[1]
	args[0] = "id"
	wo.Params, wo.Args = strings.Join(params, ", "), strings.Join(args, ", ")
	wo.WhatArg = args[0]
	g.Waits = append(g.Waits, wo)
	return nil
}

// goName fixes the initialisms of a generated parameter name
// (actionExecutionId is actionExecutionID).
func goName(s string) string {
	if strings.HasSuffix(s, "Id") {
		return strings.TrimSuffix(s, "Id") + "ID"
	}
	return s
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// addBatch adds a batch sender.
func (g *generator) addBatch(op *operation) error {
	b := op.Batch
	sig := op.Sig
	bo := &batchOp{Func: lowerFirst(op.GoMethod) + "Batches", OpID: op.ID, Method: op.GoMethod, Max: b.Max, Parallel: b.Parallel}
	if err := g.claim(bo.Func, "operation "+op.ID+" ("+annotations.ExtBatch+")"); err != nil {
		return err
	}
	var params, call []string
	var holder string // the argument that holds the items
	var holderType types.Type
	bodyProp, inBody := strings.CutPrefix(b.Items, "body.")
	for i := 1; i < sig.Params().Len(); i++ {
		v := sig.Params().At(i)
		if sig.Variadic() && i == sig.Params().Len()-1 {
			break
		}
		params = append(params, v.Name()+" "+g.qualified(v.Type()))
		call = append(call, v.Name())
		if inBody && v.Name() == "body" || !inBody && v.Name() == "params" {
			holder, holderType = v.Name(), v.Type()
		}
	}
	if holder == "" {
		return fmt.Errorf("operation %s: %s.items %q: the generated method has no %s argument", op.ID, annotations.ExtBatch, b.Items, map[bool]string{true: "body", false: "params"}[inBody])
	}
	key, name := "form", b.Items
	if inBody {
		key, name = "json", bodyProp
	}
	ht, holderPtr := deref(holderType)
	f := structField(ht, key, name)
	if f == nil {
		return fmt.Errorf("operation %s: %s.items %q has no field in %s", op.ID, annotations.ExtBatch, b.Items, g.qualified(ht))
	}
	sl, ok := types.Unalias(f.Type()).(*types.Slice)
	if !ok {
		return fmt.Errorf("operation %s: %s.items %q is not a required array", op.ID, annotations.ExtBatch, b.Items)
	}
	bo.ItemType = g.typeName(sl.Elem())
	bo.Items = holder + "." + f.Name()
	copyVar := "batchOf" + capitalize(holder)
	if holderPtr {
		bo.Set = fmt.Sprintf("%s := *%s\n%s.%s = b\n", copyVar, holder, copyVar, f.Name())
		call[slices.Index(call, holder)] = "&" + copyVar
	} else {
		bo.Set = fmt.Sprintf("%s := %s\n%s.%s = b\n", copyVar, holder, copyVar, f.Name())
		call[slices.Index(call, holder)] = copyVar
	}
	bo.Params = strings.Join(params, ", ")
	bo.Call = strings.Join(call, ", ")
	g.Batches = append(g.Batches, bo)
	return nil
}

// qualified renders a type with its package name, aliases aside (for the
// arguments of the generated client).
func (g *generator) qualified(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// addTypes declares the wrapper's aliases of the model types the spec names
// with x-respondkit-type, each documented with its fields, and makes the
// rest of the generated code use them.
func (g *generator) addTypes() error {
	names := slices.Sorted(maps.Keys(g.doc.Components.Schemas))
	var added []*typeAlias
	for _, name := range names {
		sr := g.doc.Components.Schemas[name]
		if sr.Value == nil {
			continue
		}
		a, ok, err := annotations.ReadType(name, sr.Value)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		gen := g.lookupNamed(name)
		if gen == nil {
			return fmt.Errorf("schema %s: no generated type of that name", name)
		}
		if sr.Value.Type.Is("string") {
			if w, dup := g.aliases[gen.Obj().Name()]; dup {
				return fmt.Errorf("schema %s: %s %s, but the wrapper already declares %s for it by hand", name, annotations.ExtType, a.Name, w)
			}
			if err := g.addEnum(name, a, gen, enumStrings(sr.Value.Enum), sr.Value.Description); err != nil {
				return err
			}
			continue
		}
		if err := g.claim(a.Name, "schema "+name+" ("+annotations.ExtType+")"); err != nil {
			return err
		}
		if w, dup := g.aliases[gen.Obj().Name()]; dup {
			return fmt.Errorf("schema %s: %s %s, but the wrapper already declares %s for it by hand", name, annotations.ExtType, a.Name, w)
		}
		doc := a.Doc
		if doc == "" {
			doc = strings.TrimSuffix(firstSentence(sr.Value.Description), ".")
			if doc != "" {
				doc = strings.ToLower(doc[:1]) + doc[1:]
			}
		}
		t := &typeAlias{Name: a.Name, Gen: g.gen.Name() + "." + gen.Obj().Name(), Doc: []string{a.Name + " is " + doc + "."}}
		g.aliases[gen.Obj().Name()] = a.Name
		added = append(added, t)
		g.Types = append(g.Types, t)
		t.schema, t.named = sr.Value, gen
	}
	// The field lists use every alias, so they are written once all are known.
	for _, t := range added {
		t.Doc = append(t.Doc, "", "Its fields (JSON names in brackets; "+t.Gen+" declares them):", "")
		t.Doc = append(t.Doc, g.fieldLines(t.named, t.schema)...)
	}
	return nil
}

// fieldLines lists a struct's fields, aligned, with the spec's descriptions.
func (g *generator) fieldLines(t *types.Named, s *openapi3.Schema) []string {
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	type row struct{ name, typ, rest string }
	var rows []row
	wName, wType := 0, 0
	for i := range st.NumFields() {
		f := st.Field(i)
		if !f.Exported() {
			continue
		}
		tag, _, _ := strings.Cut(reflect.StructTag(st.Tag(i)).Get("json"), ",")
		rest := "[" + tag + "]"
		if p := s.Properties[tag]; p != nil && p.Value != nil {
			if d := firstSentence(p.Value.Description); d != "" {
				rest += " " + d
			}
		}
		r := row{f.Name(), g.typeName(f.Type()), rest}
		wName, wType = max(wName, len(r.name)), max(wType, len(r.typ))
		rows = append(rows, r)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("\t%-*s %-*s %s", wName, r.name, wType, r.typ, r.rest)
	}
	return out
}

// firstSentence is a description's first sentence on one line.
func firstSentence(d string) string {
	d = strings.Join(strings.Fields(d), " ")
	for from := 0; ; {
		i := strings.Index(d[from:], ". ")
		if i < 0 {
			return d
		}
		end := from + i + 1
		if !strings.HasSuffix(d[:end], "e.g.") && !strings.HasSuffix(d[:end], "i.e.") {
			return d[:end]
		}
		from = end
	}
}
