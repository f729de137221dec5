package main

import (
	"fmt"
	"go/types"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/respondkit/respondkit/tools/internal/annotations"
)

// methodOp is one generated wrapper method.
type methodOp struct {
	Name    string
	Doc     []string
	Params  string // after ctx
	Results string
	Body    string
}

// claim records that the generated file declares name, for what, and
// refuses a name declared twice (by two annotations, or by an annotation
// and the hand-written code of the wrapper package).
func (g *generator) claim(name, what string) error {
	if prev, ok := g.emitted[name]; ok {
		return fmt.Errorf("%s: the name %s is taken by %s", what, name, prev)
	}
	if g.declared[name] {
		return fmt.Errorf("%s: the name %s is declared by hand in the wrapper package", what, name)
	}
	g.emitted[name] = what
	return nil
}

// claimMethod is claim for a method of Client.
func (g *generator) claimMethod(name, what string) error {
	key := "Client." + name
	if prev, ok := g.emitted[key]; ok {
		return fmt.Errorf("%s: the method %s is taken by %s", what, name, prev)
	}
	if g.handMethods[name] {
		return fmt.Errorf("%s: the method %s is declared by hand in the wrapper package", what, name)
	}
	g.emitted[key] = what
	return nil
}

// pathParam finds the spec's path parameter name of an operation (its own
// parameters, then the path item's).
func (g *generator) pathParam(op *operation, name string) *openapi3.Parameter {
	for _, ps := range []openapi3.Parameters{op.Spec.Parameters, g.doc.Paths.Value(op.Path).Parameters} {
		for _, p := range ps {
			if p.Value != nil && p.Value.In == "path" && p.Value.Name == name {
				return p.Value
			}
		}
	}
	return nil
}

// thirdPerson turns an imperative summary ("Get an action execution") into
// the rest of a sentence that starts with the method's name ("gets an
// action execution").
func thirdPerson(s string) string {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	verb, rest, _ := strings.Cut(s, " ")
	if verb == "" {
		return "calls the operation"
	}
	verb = strings.ToLower(verb[:1]) + verb[1:]
	switch {
	case strings.HasSuffix(verb, "s"), strings.HasSuffix(verb, "sh"), strings.HasSuffix(verb, "ch"), strings.HasSuffix(verb, "x"):
		verb += "es"
	case strings.HasSuffix(verb, "y") && len(verb) > 1 && !strings.ContainsRune("aeiou", rune(verb[len(verb)-2])):
		verb = verb[:len(verb)-1] + "ies"
	default:
		verb += "s"
	}
	if rest == "" {
		return verb
	}
	return verb + " " + rest
}

// addMethod adds the wrapper method of an operation that does not page.
func (g *generator) addMethod(op *operation) error {
	m := op.Method
	if m == nil {
		m = &annotations.Method{}
	}
	what := "operation " + op.ID + " (" + annotations.ExtMethod + ".name)"
	name := m.Name
	if name == "" {
		name = op.GoMethod
	}
	if m.Hand != "" {
		if !g.handMethods[name] {
			return fmt.Errorf("operation %s: %s.hand, but the wrapper package declares no method %s by hand", op.ID, annotations.ExtMethod, name)
		}
		g.emitted["Client."+name] = what
		return nil
	}
	if err := g.claimMethod(name, what); err != nil {
		return err
	}
	mo := &methodOp{Name: name}
	var params, checks, call []string
	var argNames []string
	sig := op.Sig
	nPath := 0
	for i := 1; i < sig.Params().Len(); i++ {
		v := sig.Params().At(i)
		if v.Name() != "params" && v.Name() != "body" && !(sig.Variadic() && i == sig.Params().Len()-1) {
			nPath++
		}
	}
	var batchArg, batchHolder string    // the argument the batch sender splits
	queryArgs := map[string][2]string{} // required query parameter: its argument and type
	var reqFields []string              // the request struct's fields (x-respondkit-method.request), as Go code
	reqName := func(wire, gen string) string {
		if m.Request != nil && m.Request.Fields[wire] != "" {
			return m.Request.Fields[wire]
		}
		return gen
	}
	var bodyType types.Type // the body, when the method takes it whole
	zero := "nil, "
	var bodyCode strings.Builder
	for i := 1; i < sig.Params().Len(); i++ {
		v := sig.Params().At(i)
		if sig.Variadic() && i == sig.Params().Len()-1 {
			break
		}
		switch v.Name() {
		case "params":
			pt, _ := deref(v.Type())
			if op.Options != nil {
				ot := g.optionsByName(op.Options.Name)
				if ot.ArgParams != "" {
					params = append(params, ot.ArgParams)
					argNames = append(argNames, strings.Split(ot.ArgNames, ", ")...)
				}
				params = append(params, "opts "+op.Options.Name)
				argNames = append(argNames, "opts")
				fmt.Fprintf(&bodyCode, "params, err := opts.%sParams(%s)\nif err != nil {\nreturn %serr\n}\n", lowerFirst(op.GoMethod), ot.ArgNames, "ZERO")
				call = append(call, "params")
				batchHolder = "params"
				continue
			}
			fmt.Fprintf(&bodyCode, "params := &%s{}\n", g.qualified(pt))
			for _, q := range queryParams(op.Spec) {
				gf := structField(pt, "form", q.Name)
				if gf == nil {
					return fmt.Errorf("operation %s: parameter %q has no field in %s", op.ID, q.Name, g.qualified(pt))
				}
				if op.Batch != nil && op.Batch.Items == q.Name {
					params = append(params, "ids "+g.typeName(gf.Type()))
					argNames = append(argNames, "ids")
					checks = append(checks, fmt.Sprintf("if err := wrap.IDs(api, %q, ids); err != nil {\nreturn ZEROerr\n}\n", q.Name))
					fmt.Fprintf(&bodyCode, "params.%s = ids\n", gf.Name())
					batchArg = "ids"
					continue
				}
				if !q.Required && m.Request != nil {
					// A field of the request struct, copied as it is.
					f := reqName(q.Name, gf.Name())
					reqFields = append(reqFields, fieldCode(q.Description, "Query parameter "+q.Name, f, g.typeName(gf.Type())))
					fmt.Fprintf(&bodyCode, "params.%s = r.%s\n", gf.Name(), f)
					continue
				}
				if !q.Required {
					return fmt.Errorf("operation %s: optional query parameter %q: name an options struct with %s, or a request with %s.request", op.ID, q.Name, annotations.ExtOptions, annotations.ExtMethod)
				}
				arg := lowerFirst(gf.Name())
				if short := strings.TrimSuffix(gf.Name(), "Name"); short != "" && short != gf.Name() {
					arg = lowerFirst(short) // action_name is the action
				}
				elem, ptr := deref(gf.Type())
				params = append(params, arg+" "+g.typeName(elem))
				argNames = append(argNames, arg)
				queryArgs[q.Name] = [2]string{arg, g.typeName(elem)}
				if q.Schema != nil && q.Schema.Value != nil && len(q.Schema.Value.Enum) > 0 {
					if _, named := types.Unalias(elem).(*types.Named); named {
						checks = append(checks, fmt.Sprintf("if !%s.Valid() {\nreturn ZEROfmt.Errorf(\"%%s: %s %%.64q is not one of %s\", api, %s)\n}\n",
							arg, arg, strings.Join(enumStrings(q.Schema.Value.Enum), ", "), arg))
					}
				} else if g.typeName(elem) == "string" {
					checks = append(checks, fmt.Sprintf("if err := wrap.Arg(api, %q, %s); err != nil {\nreturn ZEROerr\n}\n", arg, arg))
				}
				if ptr {
					fmt.Fprintf(&bodyCode, "params.%s = &%s\n", gf.Name(), arg)
				} else {
					fmt.Fprintf(&bodyCode, "params.%s = %s\n", gf.Name(), arg)
				}
			}
			call = append(call, "params")
			batchHolder = "params"
		case "body":
			bt := v.Type()
			tn := g.typeName(bt)
			onlyList := false // the body is only the batched list: the method takes the list
			if op.Batch != nil && strings.HasPrefix(op.Batch.Items, "body.") {
				st, _ := types.Unalias(bt).Underlying().(*types.Struct)
				onlyList = st != nil && st.NumFields() == 1 && structField(bt, "json", strings.TrimPrefix(op.Batch.Items, "body.")) != nil
			}
			if named, ok := types.Unalias(bt).(*types.Named); ok && !onlyList && m.Request == nil && named.Obj().Pkg() == g.gen && strings.Contains(tn, ".") {
				alias := name + "Request"
				if err := g.claim(alias, "the request of operation "+op.ID); err != nil {
					return err
				}
				g.Types = append(g.Types, &typeAlias{Name: alias, Gen: g.qualified(bt), Doc: []string{alias + " is the request of " + name + " (" + op.ID + ")."}})
				g.aliases[named.Obj().Name()] = alias
				tn = alias
			}
			arg := "body"
			if op.Batch != nil && strings.HasPrefix(op.Batch.Items, "body.") {
				f := structField(bt, "json", strings.TrimPrefix(op.Batch.Items, "body."))
				st, _ := types.Unalias(bt).Underlying().(*types.Struct)
				if f != nil && st != nil && st.NumFields() == 1 {
					// The body is only the list: take the list.
					arg = "items"
					params = append(params, "items "+g.typeName(f.Type()))
					argNames = append(argNames, "items")
					fmt.Fprintf(&bodyCode, "body := %s{%s: items}\n", g.qualified(bt), f.Name())
				} else {
					params = append(params, "body "+tn)
					argNames = append(argNames, "body")
					bodyType = bt
				}
				batchArg = arg
				if f != nil {
					if arg == "body" {
						if sl, ok := types.Unalias(f.Type()).(*types.Slice); ok && g.typeName(sl.Elem()) == "string" {
							checks = append(checks, fmt.Sprintf("if err := wrap.IDs(api, %q, body.%s); err != nil {\nreturn ZEROerr\n}\n", tn+"."+f.Name(), f.Name()))
						} else {
							checks = append(checks, fmt.Sprintf("if len(body.%s) == 0 {\nreturn ZEROfmt.Errorf(\"%%s: %s.%s is empty\", api)\n}\n", f.Name(), tn, f.Name()))
						}
					} else {
						checks = append(checks, fmt.Sprintf("if len(items) == 0 {\nreturn ZEROfmt.Errorf(\"%%s: nothing to send\", api)\n}\n"))
						if sl, ok := types.Unalias(f.Type()).(*types.Slice); ok {
							c, err := g.itemChecks(op, sl.Elem(), "items[i]", "item %d")
							if err != nil {
								return err
							}
							if c != "" {
								checks = append(checks, "for i := range items {\n"+c+"}\n")
							}
						}
					}
				}
			} else if m.Request != nil {
				// The body's properties are fields of the request struct.
				st, ok := types.Unalias(bt).Underlying().(*types.Struct)
				if !ok {
					return fmt.Errorf("operation %s: %s.request: the body is not an object", op.ID, annotations.ExtMethod)
				}
				var props map[string]*openapi3.SchemaRef
				if named, ok := types.Unalias(bt).(*types.Named); ok {
					if sr := g.doc.Components.Schemas[named.Obj().Name()]; sr != nil && sr.Value != nil {
						props = sr.Value.Properties
					}
				}
				names := map[string]string{}
				var set, setIf []string
				var selNames, selConds []string // the body's fields, for confirm
				for i := range st.NumFields() {
					f := st.Field(i)
					tag, _, _ := strings.Cut(reflect.StructTag(st.Tag(i)).Get("json"), ",")
					rf := reqName(tag, f.Name())
					names[f.Name()] = rf
					desc := ""
					if p := props[tag]; p != nil && p.Value != nil {
						desc = p.Value.Description
					}
					typ, ptr := deref(f.Type())
					zero := zeroTest(typ)
					if ptr && zero == "" {
						return fmt.Errorf("operation %s: %s.request: body property %s is a pointer to %s, whose zero value may be sent on its own", op.ID, annotations.ExtMethod, tag, g.typeName(typ))
					}
					wire := "Body property " + tag
					if ptr {
						wire += ": not sent when zero"
						setIf = append(setIf, fmt.Sprintf("if r.%s%s {\nbody.%s = &r.%s\n}\n", rf, zero, f.Name(), rf))
					} else {
						set = append(set, f.Name()+": r."+rf)
					}
					reqFields = append(reqFields, fieldCode(desc, wire, rf, g.typeName(typ)))
					if zero != "" {
						selNames, selConds = append(selNames, rf), append(selConds, "r."+rf+zero)
					}
				}
				if c := m.Request.Confirm; c != nil {
					if len(selNames) == 0 {
						return fmt.Errorf("operation %s: %s.request.confirm: the body has no field to set instead", op.ID, annotations.ExtMethod)
					}
					if strings.Contains(strings.Join(reqFields, ""), "\n"+c.Field+" ") {
						return fmt.Errorf("operation %s: %s.request.confirm: the field %s is a field of %s already", op.ID, annotations.ExtMethod, c.Field, m.Request.Name)
					}
					doc := strings.TrimSuffix(c.Doc, ".")
					reqFields = append(reqFields, fmt.Sprintf("// %s %s; %s must then be zero.\n%s bool\n", c.Field, doc, strings.Join(selNames, ", "), c.Field))
					checks = append(checks, fmt.Sprintf("switch set := %s; {\ncase set && r.%s:\nreturn ZEROfmt.Errorf(\"%%s: %s has both %s and %s set: give one\", api)\n"+
						"case !set && !r.%s:\nreturn ZEROfmt.Errorf(\"%%s: %s sets nothing: set %s, or %s, which %s\", api)\n}\n",
						strings.Join(selConds, " || "), c.Field, m.Request.Name, c.Field, strings.Join(selNames, " or "),
						c.Field, m.Request.Name, strings.Join(selNames, " or "), c.Field, doc))
				}
				c, err := g.itemChecksNamed(op, bt, "r", m.Request.Name, names)
				if err != nil {
					return err
				}
				if c != "" {
					checks = append(checks, c)
				}
				fmt.Fprintf(&bodyCode, "body := %s{%s}\n%s", g.qualified(bt), strings.Join(set, ", "), strings.Join(setIf, ""))
			} else {
				params = append(params, "body "+tn)
				argNames = append(argNames, "body")
				bodyType = bt
				c, err := g.itemChecks(op, bt, "body", tn)
				if err != nil {
					return err
				}
				if c != "" {
					checks = append(checks, c)
				}
			}
			call = append(call, "body")
			if op.Batch != nil && strings.HasPrefix(op.Batch.Items, "body.") {
				batchHolder = "body"
			}
		default:
			arg := goName(v.Name())
			if nPath == 1 {
				arg = "id"
			}
			typ := g.typeName(v.Type())
			params = append(params, arg+" "+typ)
			argNames = append(argNames, arg)
			call = append(call, arg)
			sp := g.pathParam(op, v.Name())
			if sp == nil {
				// oapi-codegen camel-cases the name: find it by folding.
				for _, ps := range []openapi3.Parameters{op.Spec.Parameters, g.doc.Paths.Value(op.Path).Parameters} {
					for _, p := range ps {
						if p.Value != nil && p.Value.In == "path" && normalize(p.Value.Name) == normalize(v.Name()) {
							sp = p.Value
						}
					}
				}
			}
			switch typ {
			case "string":
				maxLen := 0
				if sp != nil && sp.Schema != nil && sp.Schema.Value != nil && sp.Schema.Value.MaxLength != nil {
					maxLen = int(*sp.Schema.Value.MaxLength)
				}
				checks = append(checks, fmt.Sprintf("if err := wrap.PathID(api, %q, %s, %d); err != nil {\nreturn ZEROerr\n}\n", goName(v.Name()), arg, maxLen))
			case "uuid.UUID", "openapi_types.UUID":
				checks = append(checks, fmt.Sprintf("if %s == uuid.Nil {\nreturn ZEROfmt.Errorf(\"%%s: %s is the nil UUID\", api)\n}\n", arg, goName(v.Name())))
			}
		}
	}
	if r := m.Request; r != nil {
		if len(reqFields) == 0 {
			return fmt.Errorf("operation %s: %s.request, but the operation has neither a body nor optional query parameters", op.ID, annotations.ExtMethod)
		}
		for wire := range r.Fields {
			if !slices.ContainsFunc(reqFields, func(f string) bool { return strings.Contains(f, " "+wire+".\n") }) {
				return fmt.Errorf("operation %s: %s.request.fields[%s]: no body property or query parameter of that name", op.ID, annotations.ExtMethod, wire)
			}
		}
		if err := g.claim(r.Name, "the request of operation "+op.ID+" ("+annotations.ExtMethod+".request)"); err != nil {
			return err
		}
		doc := wrap(fmt.Sprintf("%s %s: what %s sends (%s).", r.Name, strings.TrimSuffix(r.Doc, "."), name, op.ID), 76)
		g.Common = append(g.Common, "// "+strings.Join(doc, "\n// ")+"\ntype "+r.Name+" struct {\n"+strings.Join(reqFields, "")+"}")
		params = append(params, "r "+r.Name)
		argNames = append(argNames, "r")
	}
	if err := g.addSentinels(op, name, m); err != nil {
		return err
	}
	var shorthands []*methodOp
	if op.Shorthands != nil {
		check, ms, err := g.shorthands(op, name, queryArgs, bodyType)
		if err != nil {
			return err
		}
		checks, shorthands = append(checks, check), ms
	}
	if m.Check != "" {
		checks = append(checks, fmt.Sprintf("if err := %s(%s); err != nil {\nreturn ZEROerr\n}\n", m.Check, strings.Join(argNames, ", ")))
	}

	// The answer.
	status, respType, err := g.answer(op)
	if err != nil {
		return err
	}
	discard := m.Discard || respType == nil
	var result, item string
	switch {
	case discard:
		mo.Results = "error"
		zero = ""
	case m.Envelope == "msa":
		g.msa = true
		f := structField(respType, "json", "resources")
		if f == nil {
			return fmt.Errorf("operation %s: %s.envelope msa, but the answer has no resources", op.ID, annotations.ExtMethod)
		}
		sl, ok := types.Unalias(f.Type()).(*types.Slice)
		if !ok {
			return fmt.Errorf("operation %s: the answer's resources is not an array", op.ID)
		}
		item = g.typeName(sl.Elem())
		result = "[]" + item
		mo.Results = "(" + result + ", error)"
	case m.Items != "":
		f := structField(respType, "json", m.Items)
		if f == nil {
			return fmt.Errorf("operation %s: %s.items %q is not a property of the answer", op.ID, annotations.ExtMethod, m.Items)
		}
		result = g.typeName(f.Type())
		item = f.Name()
		mo.Results = "(" + result + ", error)"
	default:
		rn := g.typeName(respType)
		if named, ok := types.Unalias(respType).(*types.Named); ok && named.Obj().Pkg() == g.gen && strings.Contains(rn, ".") {
			alias := name + "Result"
			if err := g.claim(alias, "the result of operation "+op.ID); err != nil {
				return err
			}
			g.Types = append(g.Types, &typeAlias{Name: alias, Gen: g.qualified(respType), Doc: []string{alias + " is the answer of " + name + " (" + op.ID + ")."}})
			g.aliases[named.Obj().Name()] = alias
			rn = alias
		}
		result = rn
		if _, isSlice := types.Unalias(respType).(*types.Slice); isSlice {
			mo.Results = "(" + rn + ", error)"
		} else {
			result = "*" + rn
			mo.Results = "(*" + rn + ", error)"
		}
	}

	var b strings.Builder
	// A client New did not make is refused first (ready is generated
	// among the common declarations, or written by hand).
	b.WriteString("if err := c.ready(); err != nil {\nreturn ZEROerr\n}\n")
	for _, c := range checks {
		b.WriteString(c)
	}
	b.WriteString(bodyCode.String())
	st := statusName(status)
	if op.Batch != nil {
		holder := batchHolder
		if holder == "" {
			return fmt.Errorf("operation %s: %s: no argument holds the batch", op.ID, annotations.ExtBatch)
		}
		if m.Envelope != "msa" {
			return fmt.Errorf("operation %s: batched operations need %s.envelope msa (results are joined from the envelopes)", op.ID, annotations.ExtMethod)
		}
		batchItem := "string"
		if batchArg == "items" {
			batchItem = strings.TrimPrefix(strings.Split(params[len(params)-1], " ")[1], "[]")
		} else if batchArg == "body" {
			batchItem = "string"
		}
		decode := fmt.Sprintf("msa.Decode[%s](len(batch), resp, err, %s)", item, st)
		if m.Found {
			decode = fmt.Sprintf("msa.DecodeFound[%s](len(batch), batch, resp, err, %s)", item, st)
		}
		var holderArg string
		for _, c := range call {
			holderArg += ", " + c
		}
		fmt.Fprintf(&b, "envs, err := %sBatches(ctx, c%s,\nfunc(resp *http.Response, err error, batch []%s) (*msa.Envelope[%s], error) {\nreturn %s\n})\n",
			lowerFirst(op.GoMethod), holderArg, batchItem, item, decode)
		b.WriteString("out, errs, traces := msa.Collect(envs)\n")
		if m.Order != "" {
			f := structField(types.Unalias(respTypeItem(respType)), "json", m.Order)
			if f == nil {
				return fmt.Errorf("operation %s: %s.order %q is not a property of the items", op.ID, annotations.ExtMethod, m.Order)
			}
			fmt.Fprintf(&b, "out = msa.InOrder(out, %s, func(x %s) string { return x.%s })\n", batchArg, item, f.Name())
		}
		b.WriteString("if err != nil {\nreturn out, err\n}\nreturn out, partialError(errs, traces)\n")
	} else {
		b.WriteString("ctx, cancel := c.hc.WithTimeout(ctx)\ndefer cancel()\n")
		fmt.Fprintf(&b, "resp, err := c.gen.%s(ctx, %s)\n", op.GoMethod, strings.Join(call, ", "))
		switch {
		case discard:
			fmt.Fprintf(&b, "if err := httpclient.Check(api, resp, err, %s); err != nil {\nreturn %s\n}\n", st, g.mapErrors(m, "err"))
			b.WriteString("return resp.Body.Close()\n")
		case m.Envelope == "msa":
			fmt.Fprintf(&b, "env, err := msa.Decode[%s](0, resp, err, %s)\nif err != nil {\nreturn nil, %s\n}\n", item, st, g.mapErrors(m, "err"))
			b.WriteString("var traces []string\nif len(env.Errors) > 0 {\ntraces = []string{env.Meta.TraceID}\n}\nreturn env.Resources, partialError(env.Errors, traces)\n")
		case m.Items != "":
			fmt.Fprintf(&b, "out, err := httpclient.Decode[%s](api, resp, err, %s)\nif err != nil {\nreturn nil, %s\n}\nreturn out.%s, nil\n", g.qualified(respType), st, g.mapErrors(m, "err"), item)
		default:
			decodeT := strings.TrimPrefix(result, "*")
			if strings.HasPrefix(result, "*") && len(m.Errors) == 0 {
				fmt.Fprintf(&b, "return httpclient.Decode[%s](api, resp, err, %s)\n", decodeT, st)
			} else if strings.HasPrefix(result, "*") {
				fmt.Fprintf(&b, "out, err := httpclient.Decode[%s](api, resp, err, %s)\nif err != nil {\nreturn nil, %s\n}\nreturn out, nil\n", decodeT, st, g.mapErrors(m, "err"))
			} else {
				fmt.Fprintf(&b, "out, err := httpclient.Decode[%s](api, resp, err, %s)\nif err != nil {\nreturn nil, %s\n}\nreturn *out, nil\n", decodeT, st, g.mapErrors(m, "err"))
			}
		}
	}
	mo.Body = strings.ReplaceAll(b.String(), "ZERO", zero)
	mo.Params = strings.Join(params, ", ")

	// The doc comment.
	doc := m.Doc
	if doc == "" {
		doc = thirdPerson(op.Spec.Summary)
	}
	doc = strings.TrimSuffix(doc, ".")
	more := []string{name + " " + doc + " (" + op.ID + ")."}
	if op.Batch != nil {
		if op.Batch.Parallel == 1 {
			more = append(more, fmt.Sprintf("It sends batches of at most %d, one after another, stopping at the first error.", op.Batch.Max))
		} else {
			more = append(more, fmt.Sprintf("It sends batches of at most %d, %d at a time.", op.Batch.Max, op.Batch.Parallel))
		}
	}
	if m.Order != "" {
		more = append(more, "The results come in the order of the ids asked for.")
	}
	if m.Envelope == "msa" {
		s := "Resources the service reports as failed come back in a *PartialError with its own per-resource messages, beside the results that succeeded"
		if m.Found {
			s += " (from a 404 answer too)"
		}
		more = append(more, s+".")
	}
	if len(m.Errors) > 0 {
		var names []string
		for _, e := range m.Errors {
			if !strings.Contains(strings.Join(names, ","), e.Sentinel) {
				names = append(names, e.Sentinel)
			}
		}
		more = append(more, "Its errors tell apart "+strings.Join(names, ", ")+" (use errors.Is); each also wraps the *Error.")
	}
	if op.Spec.Extensions[annotations.ExtResend] == "unsafe" {
		more = append(more, "It is never resent once the request may have reached the service.")
	}
	mo.Doc = wrap(strings.Join(more, " "), 76)
	g.Methods = append(g.Methods, mo)
	for _, sm := range shorthands {
		sm.Results = mo.Results
	}
	g.Methods = append(g.Methods, shorthands...)
	return nil
}

// shorthands returns, for x-respondkit-shorthands, the check the
// operation's method makes (the values whose shorthands send a parameter
// need it) and the shorthand methods (their Results left to the caller).
func (g *generator) shorthands(op *operation, method string, queryArgs map[string][2]string, body types.Type) (string, []*methodOp, error) {
	sh := op.Shorthands
	what := "operation " + op.ID + " (" + annotations.ExtShorthands
	arg, ok := queryArgs[sh.Argument]
	if !ok {
		return "", nil, fmt.Errorf("%s.argument): %q is not an argument of %s", what, sh.Argument, method)
	}
	if body == nil {
		return "", nil, fmt.Errorf("%s): %s takes no request body", what, method)
	}
	bodyName := g.typeName(body)
	ids := structField(body, "json", sh.IDs)
	if ids == nil || g.typeName(ids.Type()) != "[]string" {
		return "", nil, fmt.Errorf("%s.ids): %q is not an array of strings of the body %s", what, sh.IDs, bodyName)
	}
	// The enum's constant of a value, as the wrapper names it.
	constOf := func(v string) string {
		for _, e := range g.Enums {
			if e.Name == arg[1] {
				for _, c := range e.Consts {
					if c.Value == v {
						return c.Name
					}
				}
			}
		}
		return strconv.Quote(v)
	}
	var check string
	var paramsField, paramType, nameField, valueField string
	if r := sh.Request; r != nil {
		pf := structField(body, "json", sh.Parameters)
		var pt types.Type
		if pf != nil {
			if sl, ok := types.Unalias(pf.Type()).(*types.Slice); ok {
				pt = sl.Elem()
			}
		}
		var nf, vf *types.Var
		if pt != nil {
			nf, vf = structField(pt, "json", "name"), structField(pt, "json", "value")
		}
		if nf == nil || vf == nil || g.typeName(nf.Type()) != "string" || g.typeName(vf.Type()) != "string" {
			return "", nil, fmt.Errorf("%s.parameters): %q is not an array of {name, value} strings of the body %s", what, sh.Parameters, bodyName)
		}
		paramsField, paramType, nameField, valueField = pf.Name(), g.typeName(pt), nf.Name(), vf.Name()
		if err := g.claim(r.Type, what+".request.type)"); err != nil {
			return "", nil, err
		}
		doc := wrap(fmt.Sprintf("%s %s: the argument of the shorthands of %s that send %s.", r.Type, strings.TrimSuffix(r.Doc, "."), method, r.Parameter), 76)
		g.Common = append(g.Common, fmt.Sprintf("// %s\ntype %s struct {\n// %s is the value of the action parameter %s.\n%s string\n"+
			"// %s are the ids, sent as the body's %s.\n%s []string\n}", strings.Join(doc, "\n// "), r.Type, r.Field, r.Parameter, r.Field, r.IDs, sh.IDs, r.IDs))
		var cases []string
		for _, m := range sh.Methods {
			if m.Request {
				cases = append(cases, constOf(m.Value))
			}
		}
		check = fmt.Sprintf("switch %s {\ncase %s:\nif !slices.ContainsFunc(body.%s, func(p %s) bool { return p.%s == %q && strings.TrimSpace(p.%s) != \"\" }) {\n"+
			"return ZEROfmt.Errorf(\"%%s: %s %%s needs a %s parameter\", api, %s)\n}\n}\n",
			arg[0], strings.Join(cases, ", "), paramsField, paramType, nameField, r.Parameter, valueField, arg[0], r.Parameter, arg[0])
	}
	var out []*methodOp
	for _, m := range sh.Methods {
		if err := g.claimMethod(m.Name, what+".methods)"); err != nil {
			return "", nil, err
		}
		c := constOf(m.Value)
		doc := fmt.Sprintf("%s %s: %s with %s (%s).", m.Name, strings.TrimSuffix(m.Doc, "."), method, c, annotations.ExtShorthands)
		mo := &methodOp{Name: m.Name, Doc: wrap(doc, 76), Params: "ids []string"}
		call := fmt.Sprintf("%s{%s: ids}", bodyName, ids.Name())
		var b strings.Builder
		b.WriteString("if err := c.ready(); err != nil {\nreturn nil, err\n}\n")
		if m.Request {
			r := sh.Request
			mo.Params = "r " + r.Type
			fmt.Fprintf(&b, "if strings.TrimSpace(r.%s) == \"\" {\nreturn nil, fmt.Errorf(\"%%s: %s.%s is empty (%s %%s)\", api, %s)\n}\n", r.Field, r.Type, r.Field, arg[0], c)
			call = fmt.Sprintf("%s{%s: r.%s, %s: []%s{{%s: %q, %s: r.%s}}}", bodyName, ids.Name(), r.IDs, paramsField, paramType, nameField, r.Parameter, valueField, r.Field)
		}
		fmt.Fprintf(&b, "return c.%s(ctx, %s, %s)\n", method, c, call)
		mo.Body = b.String()
		out = append(out, mo)
	}
	return check, out, nil
}

// optionsByName returns the options struct of that name.
func (g *generator) optionsByName(name string) *optionsType {
	for _, o := range g.Options {
		if o.Name == name {
			return o
		}
	}
	return &optionsType{}
}

// respTypeItem is the item type of an MSA answer's resources.
func respTypeItem(t types.Type) types.Type {
	f := structField(t, "json", "resources")
	if f == nil {
		return t
	}
	if sl, ok := types.Unalias(f.Type()).(*types.Slice); ok {
		return sl.Elem()
	}
	return t
}

// mapErrors returns the expression that maps err to the annotation's
// sentinel errors (err itself when there are none).
func (g *generator) mapErrors(m *annotations.Method, err string) string {
	if len(m.Errors) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString("wrap.MapErrors(api, " + err)
	for _, e := range m.Errors {
		fmt.Fprintf(&b, ", wrap.ErrorMap{Status: %d, Property: %q, Sentinel: %s}", e.Status, e.Property, e.Sentinel)
	}
	b.WriteString(")")
	return b.String()
}

// itemChecks checks the required properties of a request struct: strings
// not blank, enums known, nil required arrays and maps sent as empty ones.
func (g *generator) itemChecks(op *operation, t types.Type, expr, what string) (string, error) {
	return g.itemChecksNamed(op, t, expr, what, nil)
}

// itemChecksNamed is itemChecks on a struct whose fields are those of t
// renamed (names: t's field to the struct's); messages read what.field.
func (g *generator) itemChecksNamed(op *operation, t types.Type, expr, what string, names map[string]string) (string, error) {
	st, ok := types.Unalias(t).Underlying().(*types.Struct)
	if !ok {
		return "", nil
	}
	named, _ := types.Unalias(t).(*types.Named)
	if named == nil {
		return "", nil
	}
	sr := g.doc.Components.Schemas[named.Obj().Name()]
	if sr == nil || sr.Value == nil {
		return "", nil
	}
	s := sr.Value
	var b strings.Builder
	ws := what + ": " // the struct, then the field
	if names != nil {
		ws = what + "."
	}
	args := ""
	if strings.Contains(what, "%d") {
		args = ", i"
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		fn := f.Name()
		if n, ok := names[fn]; ok {
			fn = n
		}
		tag, _, _ := strings.Cut(reflect.StructTag(st.Tag(i)).Get("json"), ",")
		ps := s.Properties[tag]
		if ps == nil || ps.Value == nil {
			continue
		}
		ft := types.Unalias(f.Type())
		if ps.Value.Type.Is("string") && ps.Value.MaxLength != nil && types.Unalias(ft.Underlying()).String() == "string" {
			fmt.Fprintf(&b, "if n := utf8.RuneCountInString(string(%s.%s)); n > %d {\nreturn ZEROfmt.Errorf(\"%%s: %s%s is %%d characters long, at most %d allowed\", api%s, n)\n}\n",
				expr, fn, *ps.Value.MaxLength, ws, fn, *ps.Value.MaxLength, args)
		}
		if !contains(s.Required, tag) {
			continue
		}
		switch {
		case ps.Value.Type.Is("string") && len(ps.Value.Enum) > 0:
			if _, isNamed := ft.(*types.Named); isNamed {
				fmt.Fprintf(&b, "if !%s.%s.Valid() {\nreturn ZEROfmt.Errorf(\"%%s: %s%s %%.64q is not one of %s\", api%s, %s.%s)\n}\n",
					expr, fn, ws, fn, strings.Join(enumStrings(ps.Value.Enum), ", "), args, expr, fn)
			}
		case ps.Value.Type.Is("string") && ft.String() == "string":
			fmt.Fprintf(&b, "if strings.TrimSpace(%s.%s) == \"\" {\nreturn ZEROfmt.Errorf(\"%%s: %s%s is empty\", api%s)\n}\n", expr, fn, ws, fn, args)
		case ps.Value.Type.Is("string") && ft.Underlying().String() == "string":
			// An open set (a type of its own, any value): not blank.
			fmt.Fprintf(&b, "if strings.TrimSpace(string(%s.%s)) == \"\" {\nreturn ZEROfmt.Errorf(\"%%s: %s%s is empty\", api%s)\n}\n", expr, fn, ws, fn, args)
		case ps.Value.Type.Is("array"):
			if _, isSlice := ft.(*types.Slice); isSlice {
				fmt.Fprintf(&b, "if %s.%s == nil {\n%s.%s = %s{} // required: sent as [], not null\n}\n", expr, fn, expr, fn, g.typeName(f.Type()))
			}
		case ps.Value.Type.Is("object") && !ps.Value.Nullable:
			if _, isMap := ft.Underlying().(*types.Map); isMap {
				fmt.Fprintf(&b, "if %s.%s == nil {\n%s.%s = %s{} // required: sent as {}, not null\n}\n", expr, fn, expr, fn, g.typeName(f.Type()))
			}
		}
	}
	return b.String(), nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// answer returns the status of the operation's first 2xx answer and its
// JSON body's generated type (nil when it has none).
func (g *generator) answer(op *operation) (int, types.Type, error) {
	codes := []int{}
	for c := range op.Spec.Responses.Map() {
		if n, err := strconv.Atoi(c); err == nil && n/100 == 2 {
			codes = append(codes, n)
		}
	}
	if len(codes) == 0 {
		return 0, nil, fmt.Errorf("operation %s: no 2xx answer", op.ID)
	}
	minCode := codes[0]
	for _, c := range codes {
		minCode = min(minCode, c)
	}
	r := op.Spec.Responses.Status(minCode).Value
	if r.Content.Get("application/json") == nil {
		return minCode, nil, nil
	}
	t, _, _, err := g.response(op)
	return minCode, t, err
}

// wrap breaks a paragraph into lines of at most width characters.
func wrap(s string, width int) []string {
	var out []string
	line := ""
	for _, w := range strings.FieldsFunc(s, unicode.IsSpace) {
		if line != "" && len(line)+1+len(w) > width {
			out = append(out, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

// fieldCode is one field of a generated struct, with its doc and where it
// goes on the wire (the line fields.go reads).
func fieldCode(desc, wire, name, typ string) string {
	var b strings.Builder
	for _, l := range docLines(desc) {
		b.WriteString("// " + l + "\n")
	}
	fmt.Fprintf(&b, "// %s.\n%s %s\n", wire, name, typ)
	return b.String()
}

// addSentinels declares the sentinel errors of an operation's error
// mappings that carry a message (x-respondkit-method.errors); a sentinel
// mapped twice is declared once, and must say the same both times.
func (g *generator) addSentinels(op *operation, method string, m *annotations.Method) error {
	seen := map[string]annotations.ErrorMap{}
	var b strings.Builder
	for _, e := range m.Errors {
		if e.Message == "" {
			continue
		}
		if prev, ok := seen[e.Sentinel]; ok {
			if prev.Message != e.Message || prev.Doc != e.Doc {
				return fmt.Errorf("operation %s: %s.errors: %s is given two messages or docs", op.ID, annotations.ExtMethod, e.Sentinel)
			}
			continue
		}
		seen[e.Sentinel] = e
		if err := g.claim(e.Sentinel, "operation "+op.ID+" ("+annotations.ExtMethod+".errors)"); err != nil {
			return err
		}
		if b.Len() == 0 {
			fmt.Fprintf(&b, "// Errors of %s, matched with errors.Is; the *Error is there too.\nvar (\n", method)
		}
		for _, l := range wrap(e.Sentinel+": "+strings.TrimSuffix(e.Doc, ".")+".", 72) {
			b.WriteString("// " + l + "\n")
		}
		fmt.Fprintf(&b, "%s = errors.New(%q)\n", e.Sentinel, e.Message)
	}
	if b.Len() > 0 {
		g.Common = append(g.Common, b.String()+")")
	}
	return nil
}

// zeroTest is the condition, after a value of type t, that it is not its
// zero value (" != \"\"", " != 0"); "" for a type it does not know, or a
// bool (false and absent may differ).
func zeroTest(t types.Type) string {
	b, ok := types.Unalias(t).Underlying().(*types.Basic)
	switch {
	case !ok:
		return ""
	case b.Info()&types.IsString != 0:
		return ` != ""`
	case b.Info()&types.IsNumeric != 0:
		return " != 0"
	}
	return ""
}
