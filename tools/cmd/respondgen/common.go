package main

import (
	"fmt"
	"go/types"
	"strconv"
	"strings"

	"github.com/respondkit/respondkit/tools/internal/annotations"
)

// commonDecls are what every wrapper declares the same way: the root
// package's public types and sentinels under the wrapper's names, the
// status tests and the resend table. A wrapper that declares one of them by
// hand (Falcon's DefaultRetryPolicy) keeps its own.
var commonDecls = []struct{ name, code string }{
	{"Error", `// Error is the error of any non-2xx answer: respondkit.Error, one type for
// the three clients (sysdig.Error, falcon.Error and waldur.Error are the
// same type), whose API field is "API_NAME" for this client. Find it with
// errors.As; IsNotFound, IsUnauthorized, IsForbidden and IsRateLimited test
// common statuses. Every error of the package reads "API_NAME: ..." with that
// prefix once, and never holds a credential.
type Error = respondkit.Error`},
	{"Detail", `// Detail is one item of an error answer (Error.Details): a field error or
// one error of a list.
type Detail = respondkit.Detail`},
	{"ErrNotFound", `// ErrNotFound matches a 404 answer with errors.Is.
var ErrNotFound = respondkit.ErrNotFound`},
	{"ErrUnauthorized", `// ErrUnauthorized matches a 401 answer with errors.Is.
var ErrUnauthorized = respondkit.ErrUnauthorized`},
	{"ErrForbidden", `// ErrForbidden matches a 403 answer with errors.Is.
var ErrForbidden = respondkit.ErrForbidden`},
	{"ErrRateLimited", `// ErrRateLimited matches a 429 answer with errors.Is.
var ErrRateLimited = respondkit.ErrRateLimited`},
	{"ErrListChanged", `// ErrListChanged is what an iterator ends with when the list changed during
// the walk in a way that could make an item come twice (respondkit.ErrListChanged).
var ErrListChanged = respondkit.ErrListChanged`},
	{"ErrPagingStuck", `// ErrPagingStuck is what an iterator ends with when the service's next page
// is the page just read (respondkit.ErrPagingStuck).
var ErrPagingStuck = respondkit.ErrPagingStuck`},
	{"IsNotFound", `// IsNotFound reports whether err is a 404 answer.
func IsNotFound(err error) bool { return respondkit.IsNotFound(err) }`},
	{"IsUnauthorized", `// IsUnauthorized reports whether err is a 401 answer (a missing, wrong or
// expired credential).
func IsUnauthorized(err error) bool { return respondkit.IsUnauthorized(err) }`},
	{"IsForbidden", `// IsForbidden reports whether err is a 403 answer (a credential that may not
// do this).
func IsForbidden(err error) bool { return respondkit.IsForbidden(err) }`},
	{"IsRateLimited", `// IsRateLimited reports whether err is a 429 answer.
func IsRateLimited(err error) bool { return respondkit.IsRateLimited(err) }`},
	{"CheckResponse", `// CheckResponse turns an answer of the Generated() client into the typed
// error: nil for a 2xx status, leaving the body for the caller, and an
// *Error for any other (its body read, at most 64 KiB, and closed).
func CheckResponse(resp *http.Response) error { return apierror.Check(api, resp) }`},
	{"RetryPolicy", `// RetryPolicy says when and how often requests are retried
// (respondkit.RetryPolicy); see DefaultRetryPolicy and NoRetries.
type RetryPolicy = respondkit.RetryPolicy`},
	{"DefaultRetryPolicy", `// DefaultRetryPolicy is the policy New uses: up to 4 attempts, backoff from
// 500 ms with jitter, waits capped at 30 s.
func DefaultRetryPolicy() RetryPolicy { return respondkit.DefaultRetryPolicy() }`},
	{"NoRetries", `// NoRetries makes exactly one attempt, for WithRetryPolicy.
func NoRetries() RetryPolicy { return respondkit.NoRetries() }`},
	{"Page", `// Page is one page of a list (respondkit.Page), the shape every respondkit
// client shares: the items, the total when the service reports it (-1
// otherwise) and the position of the next page (0 after the last).
type Page[T any] = respondkit.Page[T]`},
	{"WaitOptions", `// WaitOptions tunes the wait helpers (respondkit.WaitOptions); nil takes the
// defaults (polls 1 s apart at first, growing by half up to 15 s).
type WaitOptions = respondkit.WaitOptions`},
	{"operations", `// operations reads, from the generated table, whether each operation may be
// resent (the spec's x-respondkit-resend).
func operations() []transport.Operation {
	ops := make([]transport.Operation, len(GEN_PKG.Operations))
	for i, op := range GEN_PKG.Operations {
		ops[i] = transport.Operation{Method: op.Method, Path: op.Path, Safe: op.Resend == "safe"}
	}
	return ops
}`},
}

// addRegions declares the Region type, its constants, the regions' base
// URLs and Region.BaseURL from the spec's x-respondkit-regions.
func (g *generator) addRegions() error {
	regions, err := annotations.ReadRegions(g.doc)
	if err != nil || len(regions) == 0 {
		return err
	}
	what := "the servers' " + annotations.ExtRegions
	for _, n := range []string{"Region", "regionURLs"} {
		if err := g.claim(n, what); err != nil {
			return err
		}
	}
	var b strings.Builder
	b.WriteString("// Region is a region of the service (see Region.BaseURL for its host).\ntype Region string\n\n// The regions.\nconst (\n")
	ids := make([]string, len(regions))
	for i, r := range regions {
		if err := g.claim("Region"+r.Const, what); err != nil {
			return err
		}
		fmt.Fprintf(&b, "Region%s Region = %q\n", r.Const, r.ID)
		ids[i] = r.ID
	}
	b.WriteString(")\n\n// regionURLs are the regions' base URLs.\nvar regionURLs = map[Region]string{\n")
	for _, r := range regions {
		fmt.Fprintf(&b, "Region%s: %q,\n", r.Const, "https://"+r.Host)
	}
	want := strings.Join(ids[:len(ids)-1], ", ") + " or " + ids[len(ids)-1]
	fmt.Fprintf(&b, "}\n\n// BaseURL returns the region's base URL, or an error for an unknown region.\n"+
		"func (r Region) BaseURL() (string, error) {\nu, ok := regionURLs[r]\nif !ok {\n"+
		"return \"\", fmt.Errorf(\"%%s: unknown region %%q (want %s)\", api, string(r))\n}\nreturn u, nil\n}", want)
	g.Common = append(g.Common, b.String())
	return nil
}

// addCommon adds the common declarations the wrapper does not declare by
// hand.
func (g *generator) addCommon() error {
	if err := g.addRegions(); err != nil {
		return err
	}
	for _, d := range commonDecls {
		if g.declared[d.name] {
			continue
		}
		if err := g.claim(d.name, "respondgen's common declarations"); err != nil {
			return err
		}
		g.Common = append(g.Common, strings.NewReplacer("API_NAME", g.pkg, "GEN_PKG", g.gen.Name()).Replace(d.code))
	}
	return nil
}

// enumType is a string enum the wrapper names (x-respondkit-type on an
// enum schema): the alias and a constant per value.
type enumType struct {
	Name, Gen string
	Doc       []string
	Consts    []enumConst
}

type enumConst struct{ Name, Gen, Value string }

// addEnum declares the wrapper's alias of a string enum and its constants,
// named Prefix + the generated constant's suffix (ActionKillProcess for
// sysdigapi.ActionTypeKILLPROCESS), or by Go-casing the value.
func (g *generator) addEnum(schema string, a annotations.TypeAlias, named *types.Named, values []string, desc string) error {
	what := "schema " + schema + " (" + annotations.ExtType + ")"
	if err := g.claim(a.Name, what); err != nil {
		return err
	}
	doc := a.Doc
	if doc == "" {
		doc = strings.TrimSuffix(firstSentence(desc), ".")
		if doc != "" {
			doc = strings.ToLower(doc[:1]) + doc[1:]
		}
	}
	genName := schema
	if named != nil {
		genName = named.Obj().Name()
	}
	e := &enumType{Name: a.Name, Gen: g.gen.Name() + "." + genName, Doc: wrap(a.Name+" is "+doc+".", 76)}
	prefix := a.Prefix
	if prefix == "" {
		prefix = a.Name
	}
	if len(a.Known) > 0 {
		values = a.Known
	}
	// The generated constants of the type, by value.
	byValue := map[string]string{}
	for _, n := range g.gen.Scope().Names() {
		c, ok := g.gen.Scope().Lookup(n).(*types.Const)
		if !ok || named == nil || !types.Identical(c.Type(), named) {
			continue
		}
		byValue[strings.Trim(c.Val().ExactString(), `"`)] = n
	}
	for _, v := range values {
		gen := strconv.Quote(v)
		if gc, ok := byValue[v]; ok {
			gen = g.gen.Name() + "." + gc
		} else if len(a.Known) == 0 {
			return fmt.Errorf("%s: no generated constant for %q", what, v)
		}
		name := prefix + goCase(v)
		if err := g.claim(name, what+" value "+v); err != nil {
			return err
		}
		e.Consts = append(e.Consts, enumConst{Name: name, Gen: gen, Value: v})
	}
	if named != nil {
		g.aliases[named.Obj().Name()] = a.Name
	}
	g.Enums = append(g.Enums, e)
	return nil
}

// goCase turns an enum value into a Go name's tail.
func goCase(v string) string {
	var b strings.Builder
	up := true
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			up = true
			continue
		}
		if up {
			b.WriteString(strings.ToUpper(string(r)))
		} else {
			b.WriteString(strings.ToLower(string(r)))
		}
		up = false
	}
	return b.String()
}
