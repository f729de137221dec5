package spectest

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/respondkit/respondkit/tools/internal/annotations"
)

// AssertLint loads the spec at path and fails the test with every problem
// Lint finds.
func AssertLint(t testing.TB, path string) {
	t.Helper()
	doc := Load(t, path)
	for _, p := range Lint(doc) {
		t.Errorf("%s: %s", path, p)
	}
}

// Lint checks the house rules a spec must follow beyond OpenAPI validity (a
// spec is validated, examples included, by Load):
//
//   - servers are declared;
//   - every operation has a summary, a description, an operationId and a tag
//     declared at the top level;
//   - every documented 4xx, 5xx and default response has a schema;
//   - every success response with a body has an example (Load validates it);
//   - every schema property has a description (a $ref'd schema's counts);
//   - every component is used, directly or through other used components;
//   - every security scheme is used.
//
// It returns the problems found, sorted, each naming where it is.
func Lint(doc *openapi3.T) []string {
	l := &linter{doc: doc, used: map[string]bool{}, seen: map[*openapi3.Schema]bool{}}
	l.run()
	sort.Strings(l.problems)
	return l.problems
}

type linter struct {
	doc      *openapi3.T
	problems []string
	used     map[string]bool // "#/components/<kind>/<name>" reached from the paths
	seen     map[*openapi3.Schema]bool
}

func (l *linter) errorf(format string, args ...any) {
	l.problems = append(l.problems, fmt.Sprintf(format, args...))
}

func (l *linter) run() {
	doc := l.doc
	if len(doc.Servers) == 0 {
		l.errorf("no servers declared")
	}
	for _, s := range doc.Servers {
		if s.URL == "" || s.Description == "" {
			l.errorf("server %q: url and description required", s.URL)
		}
	}
	tags := map[string]bool{}
	for _, tag := range doc.Tags {
		tags[tag.Name] = true
	}
	schemes := map[string]bool{}
	for _, req := range doc.Security {
		for name := range req {
			schemes[name] = true
		}
	}

	if doc.Paths == nil || doc.Paths.Len() == 0 {
		l.errorf("no paths")
		return
	}
	for path, item := range doc.Paths.Map() {
		for _, p := range item.Parameters {
			l.parameter(path, p)
		}
		for method, op := range item.Operations() {
			where := method + " " + path
			if op.OperationID == "" {
				l.errorf("%s: no operationId", where)
			}
			if strings.TrimSpace(op.Summary) == "" {
				l.errorf("%s: no summary", where)
			}
			if strings.TrimSpace(op.Description) == "" {
				l.errorf("%s: no description", where)
			}
			if len(op.Tags) == 0 {
				l.errorf("%s: no tag", where)
			}
			for _, tag := range op.Tags {
				if !tags[tag] {
					l.errorf("%s: tag %q is not declared under tags", where, tag)
				}
			}
			if op.Security != nil {
				for _, req := range *op.Security {
					for name := range req {
						schemes[name] = true
					}
				}
			}
			for _, p := range op.Parameters {
				l.parameter(where, p)
			}
			if _, err := annotations.Read(op); err != nil {
				l.errorf("%s: %v", where, err)
			}
			if rb := op.RequestBody; rb != nil {
				l.ref(rb.Ref)
				if rb.Value != nil {
					l.content(where+" request body", rb.Value.Content)
				}
			}
			l.responses(where, op.Responses)
		}
	}

	if _, err := annotations.ReadRegions(doc); err != nil {
		l.errorf("%v", err)
	}
	types := map[string]string{}
	for name, sr := range doc.Components.Schemas {
		if sr.Value == nil {
			continue
		}
		a, ok, err := annotations.ReadType(name, sr.Value)
		switch {
		case err != nil:
			l.errorf("%v", err)
		case ok && types[a.Name] != "":
			l.errorf("schemas %s and %s: both are named %s by %s", types[a.Name], name, a.Name, annotations.ExtType)
		case ok:
			types[a.Name] = name
		}
	}
	for name := range doc.Components.SecuritySchemes {
		if !schemes[name] {
			l.errorf("security scheme %q is never required", name)
		}
	}
	l.unused("schemas", slices.Collect(maps.Keys(doc.Components.Schemas)))
	l.unused("parameters", slices.Collect(maps.Keys(doc.Components.Parameters)))
	l.unused("responses", slices.Collect(maps.Keys(doc.Components.Responses)))
	l.unused("headers", slices.Collect(maps.Keys(doc.Components.Headers)))
	l.unused("requestBodies", slices.Collect(maps.Keys(doc.Components.RequestBodies)))
	l.unused("examples", slices.Collect(maps.Keys(doc.Components.Examples)))

	// Unused component schemas are still checked for descriptions; this runs
	// after the unused check since it records the references it meets.
	for name, s := range doc.Components.Schemas {
		l.schema("schema "+name, s)
	}
}

func (l *linter) unused(kind string, names []string) {
	for _, name := range names {
		if !l.used["#/components/"+kind+"/"+name] {
			l.errorf("components/%s/%s is not used", kind, name)
		}
	}
}

// ref records a reference; "" (an inline definition) records nothing.
func (l *linter) ref(ref string) {
	if ref != "" {
		l.used[ref] = true
	}
}

func (l *linter) parameter(where string, p *openapi3.ParameterRef) {
	l.ref(p.Ref)
	if p.Value == nil {
		return
	}
	where = where + " parameter " + p.Value.Name
	if strings.TrimSpace(p.Value.Description) == "" {
		l.errorf("%s: no description", where)
	}
	if p.Value.Schema != nil {
		l.schema(where, p.Value.Schema)
	}
	l.content(where, p.Value.Content)
}

func (l *linter) responses(where string, rs *openapi3.Responses) {
	if rs == nil {
		l.errorf("%s: no responses", where)
		return
	}
	for code, r := range rs.Map() {
		l.ref(r.Ref)
		if r.Value == nil {
			continue
		}
		at := where + " " + code
		for name, h := range r.Value.Headers {
			l.ref(h.Ref)
			if h.Value != nil && h.Value.Schema != nil {
				l.schema(at+" header "+name, h.Value.Schema)
			}
		}
		l.content(at, r.Value.Content)
		n, err := strconv.Atoi(code)
		switch {
		case code == "default" || (err == nil && n >= 400):
			if !hasSchema(r.Value.Content) {
				l.errorf("%s: error response without a schema", at)
			}
		case err == nil && n >= 200 && n < 300 && len(r.Value.Content) > 0:
			if _, _, err := Example(r.Value); err != nil {
				l.errorf("%s: %v", at, err)
			}
		}
	}
}

func hasSchema(content openapi3.Content) bool {
	for _, mt := range content {
		if mt.Schema != nil && mt.Schema.Value != nil {
			return true
		}
	}
	return false
}

func (l *linter) content(where string, content openapi3.Content) {
	for ct, mt := range content {
		if mt.Schema != nil {
			l.schema(where+" "+ct, mt.Schema)
		}
		for _, ex := range mt.Examples {
			l.ref(ex.Ref)
		}
	}
}

// schema walks a schema: it records the references it meets and checks that
// every property has a description. Each schema is walked once.
func (l *linter) schema(where string, s *openapi3.SchemaRef) {
	if s == nil {
		return
	}
	l.ref(s.Ref)
	v := s.Value
	if v == nil || l.seen[v] {
		return
	}
	l.seen[v] = true
	if s.Ref != "" {
		where = "schema " + strings.TrimPrefix(s.Ref, "#/components/schemas/")
	}
	for name, p := range v.Properties {
		if p.Value != nil && strings.TrimSpace(p.Value.Description) == "" {
			l.errorf("%s: property %q has no description", where, name)
		}
		l.schema(where+"."+name, p)
	}
	l.schema(where+"[]", v.Items)
	l.schema(where+"{}", v.AdditionalProperties.Schema)
	l.schema(where+" not", v.Not)
	for _, list := range []openapi3.SchemaRefs{v.AllOf, v.AnyOf, v.OneOf} {
		for _, sub := range list {
			l.schema(where, sub)
		}
	}
}
