// Package annotations reads and checks the x-respondkit extensions of a
// spec: what the generator cannot infer, said once in the spec (how an
// operation pages, what to poll and until when, how ids are batched, whether
// a request may be resent). respondgen generates from them and spectest.Lint
// reports the wrong ones, naming the operation and the field.
package annotations

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// Operation extensions.
const (
	ExtOptions = "x-respondkit-options"
	ExtPaging  = "x-respondkit-paging"
	ExtWait    = "x-respondkit-wait"
	ExtBatch   = "x-respondkit-batch"
	ExtResend  = "x-respondkit-resend"
	ExtGuard   = "x-respondkit-guard"
	ExtMethod  = "x-respondkit-method"
	// ExtShorthands declares methods that call the operation's method with
	// one argument fixed (Falcon's Enable: PerformAction with enable).
	ExtShorthands = "x-respondkit-shorthands"
)

// Shorthands is x-respondkit-shorthands: methods that call the operation's
// generated method with its enum argument fixed to one value, taking only
// the ids (and, for some values, one action parameter).
type Shorthands struct {
	// Argument is the required enum query parameter each shorthand fixes.
	Argument string `json:"argument"`
	// IDs is the request body's property (an array of strings) that holds
	// the ids a shorthand takes.
	IDs string `json:"ids"`
	// Parameters is the body's property that holds the action's
	// parameters, an array of {name, value}; needed with Request.
	Parameters string `json:"parameters,omitempty"`
	// Request is the argument of the shorthands that send a parameter.
	Request *ShorthandRequest `json:"request,omitempty"`
	// Methods are the shorthands.
	Methods []Shorthand `json:"methods"`
}

// ShorthandRequest is the struct a shorthand with a parameter takes: the
// parameter's value and the ids. The values of such shorthands need the
// parameter in the operation's method too, which refuses them without it.
type ShorthandRequest struct {
	// Type is the struct's name; Doc completes "<Type> ...".
	Type string `json:"type"`
	Doc  string `json:"doc"`
	// Parameter is the action parameter's name (group_id), Field the
	// struct's field holding its value (GroupID).
	Parameter string `json:"parameter"`
	Field     string `json:"field"`
	// IDs is the struct's field holding the ids (PolicyIDs).
	IDs string `json:"ids"`
}

// Shorthand is one shorthand method.
type Shorthand struct {
	// Name is the method's name; Doc completes "<Name> ...".
	Name string `json:"name"`
	Doc  string `json:"doc"`
	// Value is the argument's enum value the method sends.
	Value string `json:"value"`
	// Request: the method takes the Request struct and sends its
	// parameter.
	Request bool `json:"request,omitempty"`
}

// Method is x-respondkit-method: how the operation's wrapper method is
// generated. Every operation without paging gets one; the annotation names
// it and says what the spec alone cannot.
type Method struct {
	// Name is the method's name; the operationId, capitalised, when empty.
	Name string `json:"name,omitempty"`
	// Doc completes "<Name> ..." in the method's doc comment; the
	// operation's summary when empty.
	Doc string `json:"doc,omitempty"`
	// Hand says why the method is hand-written; nothing is generated for
	// the operation (the reason goes in the hand-written doc comment).
	Hand string `json:"hand,omitempty"`
	// Check names a hand-written function run on the arguments before
	// anything is sent, after the spec's checks: func(args...) error with
	// the method's arguments after ctx.
	Check string `json:"check,omitempty"`
	// Envelope is "msa" for CrowdStrike's {resources, errors, meta}: the
	// method returns the resources and a *PartialError for the errors.
	Envelope string `json:"envelope,omitempty"`
	// Found (msa) says that a 404 carries the envelope: the resources found
	// and the errors of the others.
	Found bool `json:"found,omitempty"`
	// Order (msa, batched ids) returns the resources in the order of the ids
	// asked for, matched on this property of the items.
	Order string `json:"order,omitempty"`
	// Items is the answer's property that holds the result (data): the
	// method returns it rather than the whole answer.
	Items string `json:"items,omitempty"`
	// Discard drops the answer's body: the method returns only an error.
	Discard bool `json:"discard,omitempty"`
	// Errors map error answers to sentinel errors (found with errors.Is
	// beside the *Error), declared by hand or, with a message, generated.
	Errors []ErrorMap `json:"errors,omitempty"`
	// Request merges the body's properties and the optional query
	// parameters into one generated struct, the method's last argument.
	Request *Request `json:"request,omitempty"`
}

// Request is x-respondkit-method.request: the struct that holds both the
// body and the optional query parameters of a method.
type Request struct {
	// Name is the struct's name; Doc completes "<Name> ...".
	Name string `json:"name"`
	Doc  string `json:"doc"`
	// Fields renames fields: a body property's or query parameter's name
	// to the struct's field (action_label: Label); the generated field's
	// name otherwise.
	Fields map[string]string `json:"fields,omitempty"`
	// Confirm adds a boolean field that confirms a request whose body's
	// fields are all zero, so that "every one" is asked for, never meant by
	// omission: the request needs a body field set or Confirm, not both.
	Confirm *Confirm `json:"confirm,omitempty"`
}

// Confirm is x-respondkit-method.request.confirm.
type Confirm struct {
	// Field is the boolean field's name; Doc completes "<Field> ..." (what
	// the request then does).
	Field string `json:"field"`
	Doc   string `json:"doc"`
}

// ErrorMap maps an error answer to a sentinel error.
type ErrorMap struct {
	// Status is the answer's HTTP status.
	Status int `json:"status"`
	// Property, when set, must be a non-empty string property of the
	// answer's body for the mapping to apply; mappings are tried in order.
	Property string `json:"property,omitempty"`
	// Sentinel is the error variable: hand-written, or, with Message,
	// generated.
	Sentinel string `json:"sentinel"`
	// Message is the generated sentinel's text (errors.New) and Doc what
	// it means; a sentinel mapped twice is declared once.
	Message string `json:"message,omitempty"`
	Doc     string `json:"doc,omitempty"`
}

// ExtType on a component schema names the wrapper's alias of its generated
// type; respondgen declares the alias with the type's fields in its doc.
const ExtType = "x-respondkit-type"

// TypeAlias is x-respondkit-type: a plain name, or {name, doc}.
type TypeAlias struct {
	// Name is the wrapper's name for the type.
	Name string `json:"name"`
	// Doc completes "<Name> is ..." in the alias's doc comment; the
	// schema's description when empty.
	Doc string `json:"doc,omitempty"`
	// Prefix starts the names of a string enum's constants (the values
	// Go-cased follow it); Name when empty.
	Prefix string `json:"prefix,omitempty"`
	// Known lists the known values of an open set (a string schema without
	// enum, whose values the service adds to): they get constants too.
	Known []string `json:"known,omitempty"`
}

// ReadType reads the x-respondkit-type of the component schema name; ok is
// false when it has none.
func ReadType(name string, s *openapi3.Schema) (a TypeAlias, ok bool, err error) {
	raw, ok := s.Extensions[ExtType]
	if !ok {
		return a, false, nil
	}
	if str, isString := raw.(string); isString {
		a.Name = str
	} else if _, err := ext(s.Extensions, ExtType, &a); err != nil {
		return a, true, fmt.Errorf("schema %s: %v", name, err)
	}
	if !isExported(a.Name) {
		return a, true, fmt.Errorf("schema %s: %s %q is not an exported Go name", name, ExtType, a.Name)
	}
	if a.Prefix != "" && !isExported(a.Prefix) {
		return a, true, fmt.Errorf("schema %s: %s.prefix %q is not an exported Go name", name, ExtType, a.Prefix)
	}
	switch {
	case s.Type.Is("object"):
		if a.Prefix != "" || len(a.Known) > 0 {
			return a, true, fmt.Errorf("schema %s: %s prefix and known are for string schemas", name, ExtType)
		}
	case s.Type.Is("string"):
		if len(s.Enum) == 0 && len(a.Known) == 0 {
			return a, true, fmt.Errorf("schema %s: %s on a string schema needs its enum, or known values for an open set", name, ExtType)
		}
		if len(s.Enum) > 0 && len(a.Known) > 0 {
			return a, true, fmt.Errorf("schema %s: %s.known is for open sets; the schema has an enum", name, ExtType)
		}
	default:
		return a, true, fmt.Errorf("schema %s: %s is for object schemas (their fields are listed) and string enums (their constants)", name, ExtType)
	}
	return a, true, nil
}

// ExtRegions on a server variable lists the service's regions: the wrapper
// gets a Region type, a constant per region and Region.BaseURL.
const ExtRegions = "x-respondkit-regions"

// Region is one region of x-respondkit-regions: [Const, id, host], e.g.
// [US1, us1, secure.sysdig.com] for RegionUS1 = "us1".
type Region struct{ Const, ID, Host string }

// ReadRegions reads the x-respondkit-regions of the spec's server
// variables (at most one); each host must be one of the variable's enum.
func ReadRegions(doc *openapi3.T) ([]Region, error) {
	var out []Region
	for _, srv := range doc.Servers {
		for name, v := range srv.Variables {
			var rows [][]string
			ok, err := ext(v.Extensions, ExtRegions, &rows)
			if err != nil {
				return nil, fmt.Errorf("server variable %s: %v", name, err)
			}
			if !ok {
				continue
			}
			if out != nil {
				return nil, fmt.Errorf("server variable %s: a second %s", name, ExtRegions)
			}
			if len(rows) == 0 {
				return nil, fmt.Errorf("server variable %s: %s lists no region", name, ExtRegions)
			}
			seen := map[string]bool{}
			for i, r := range rows {
				if len(r) != 3 || !isIdent(r[0]) || r[1] == "" || r[2] == "" {
					return nil, fmt.Errorf("server variable %s: %s[%d] %q: want [Const, id, host]", name, ExtRegions, i, r)
				}
				if !slices.Contains(v.Enum, r[2]) {
					return nil, fmt.Errorf("server variable %s: %s[%d]: host %q is not in the variable's enum", name, ExtRegions, i, r[2])
				}
				if seen[r[0]] || seen["id:"+r[1]] {
					return nil, fmt.Errorf("server variable %s: %s[%d]: %s or %s listed twice", name, ExtRegions, i, r[0], r[1])
				}
				seen[r[0]], seen["id:"+r[1]] = true, true
				out = append(out, Region{Const: r[0], ID: r[1], Host: r[2]})
			}
		}
	}
	return out, nil
}

// Parameter extensions.
const (
	// ExtTime "unix-nano": an integer parameter presented as time.Time.
	ExtTime = "x-respondkit-time"
	// ExtRequired true: required by the client though optional on the wire.
	ExtRequired = "x-respondkit-required"
	// ExtSelects true or false: whether the parameter narrows what a
	// guarded operation (x-respondkit-guard) acts on. Ordering, paging and
	// visibility switches (include_silenced) select nothing.
	ExtSelects = "x-respondkit-selects"
)

// Guard is x-respondkit-guard: the operation acts on everything its query
// parameters match, all of it when they select nothing, so the wrapper's
// request must confirm that with a boolean field (Confirm) whenever the
// options select nothing. Every query parameter of the operation declares
// x-respondkit-selects, and the options struct gets a Selects method that
// counts only the parameters declared true.
type Guard struct {
	// Confirm is the request's field that confirms "everything" (All).
	Confirm string `json:"confirm"`
}

// Options is x-respondkit-options: the operation's query parameters become
// the fields of a generated options struct.
type Options struct {
	// Name is the struct's name; operations with the same parameters may
	// share it.
	Name string `json:"name"`
	// Check names a hand-written method of the struct, func() error, for
	// rules across fields (a time window); it runs after the field checks.
	Check string `json:"check,omitempty"`
	// Window names two date-time query parameters that bound a time window
	// (either end may be open): the end may not come before the start, nor,
	// with Max (a Go duration, e.g. 336h), be further from it.
	Window *Window `json:"window,omitempty"`
}

// Window is x-respondkit-options.window.
type Window struct {
	From string `json:"from"`
	To   string `json:"to"`
	Max  string `json:"max,omitempty"`
}

// Paging is x-respondkit-paging: how a list operation pages.
type Paging struct {
	// Name is the iterator's name; the page method is Name+"Page".
	Name string `json:"name"`
	// Count names a method that counts the items with a HEAD request, from
	// the total header (total: header:Name), transferring no body.
	Count string `json:"count,omitempty"`
	// What names the items in the doc comments ("the action executions");
	// the summary without its verb when empty.
	What string `json:"what,omitempty"`
	// Style is "offset" (offset + limit) or "page" (page number + size).
	Style string `json:"style"`
	// Offset and Limit are the offset style's parameters.
	Offset string `json:"offset,omitempty"`
	Limit  string `json:"limit,omitempty"`
	// Page and Size are the page style's parameters.
	Page string `json:"page,omitempty"`
	Size string `json:"size,omitempty"`
	// Items is the property of the answer that holds the items; empty when
	// the answer is the array itself.
	Items string `json:"items,omitempty"`
	// Total is where the total count is: a dotted path in the answer
	// (meta.pagination.total) or "header:" and a header name; empty when
	// the service gives none.
	Total string `json:"total,omitempty"`
	// Next is how the page style finds the next page: "link" (the Link
	// header's rel="next").
	Next string `json:"next,omitempty"`
	// FullPages: a page shorter than the limit is the last (offset style).
	FullPages bool `json:"fullPages,omitempty"`
	// MaxSize is the largest page size; the size parameter's maximum when
	// omitted.
	MaxSize int `json:"maxSize,omitempty"`
	// End bounds offset + limit (the service pages no further).
	End int `json:"end,omitempty"`
	// Key is the items' id property (a string): without a total, a page
	// holding an id of the page before ends the walk with ErrListChanged
	// (items were added before the position read) instead of repeating it.
	Key string `json:"key,omitempty"`
}

// Wait is x-respondkit-wait: a wait helper that polls the operation until
// the resource's status is terminal.
type Wait struct {
	// Name is the helper's name.
	Name string `json:"name"`
	// Get is the wrapper method that reads the resource, with the same
	// arguments as the operation's path parameters.
	Get string `json:"get"`
	// What names the resource in messages ("action execution").
	What string `json:"what"`
	// Status is the resource's status property.
	Status string `json:"status"`
	// Success and Failure are the terminal statuses; Pending the statuses
	// to poll again. Any other status is unknown: the helper polls it a
	// few times, then ends with respondkit.UnknownStatusError.
	Success []string `json:"success"`
	Failure []string `json:"failure"`
	Pending []string `json:"pending"`
	// OnFailure names a hand-written func(*T) error for a failed resource.
	OnFailure string `json:"onFailure"`
}

// Batch is x-respondkit-batch: the operation takes a list that is sent in
// requests of at most Max items.
type Batch struct {
	// Items is the list: a query parameter's name, or "body." and the
	// property of the request body.
	Items string `json:"items"`
	// Max is the most items one request may carry.
	Max int `json:"max"`
	// Parallel is how many requests may be in flight (1: one after
	// another, stopping at the first error).
	Parallel int `json:"parallel"`
}

// ext decodes an extension's value into v; ok is false when it is absent.
func ext(exts map[string]any, name string, v any) (ok bool, err error) {
	raw, ok := exts[name]
	if !ok {
		return false, nil
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return true, fmt.Errorf("%s: %w", name, err)
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return true, fmt.Errorf("%s: %w", name, err)
	}
	return true, nil
}

// Operation is one operation's annotations, checked against the operation.
type Operation struct {
	Options *Options
	Paging  *Paging
	Wait    *Wait
	Batch   *Batch
	Guard   *Guard
	// Selects holds, for a guarded operation, the query parameters that
	// select (x-respondkit-selects: true).
	Selects    map[string]bool
	Method     *Method
	Shorthands *Shorthands
}

// Read reads and checks the annotations of op; errors name the operation
// and the field.
func Read(op *openapi3.Operation) (Operation, error) {
	var a Operation
	id := op.OperationID
	fail := func(format string, args ...any) (Operation, error) {
		return Operation{}, fmt.Errorf("operation %s: "+format, append([]any{id}, args...)...)
	}
	query := map[string]*openapi3.Parameter{}
	for _, p := range op.Parameters {
		if p.Value != nil && p.Value.In == "query" {
			query[p.Value.Name] = p.Value
		}
	}
	// Options: a plain name is accepted as {name: ...}.
	if raw, ok := op.Extensions[ExtOptions]; ok {
		if s, isString := raw.(string); isString {
			a.Options = &Options{Name: s}
		} else {
			a.Options = &Options{}
			if _, err := ext(op.Extensions, ExtOptions, a.Options); err != nil {
				return fail("%v", err)
			}
		}
		if !isExported(a.Options.Name) {
			return fail("%s.name %q is not an exported Go name", ExtOptions, a.Options.Name)
		}
		if a.Options.Check != "" && !isIdent(a.Options.Check) {
			return fail("%s.check %q is not a Go name", ExtOptions, a.Options.Check)
		}
		if w := a.Options.Window; w != nil {
			for _, name := range []string{w.From, w.To} {
				if query[name] == nil {
					return fail("%s.window: %q is not a query parameter of the operation", ExtOptions, name)
				}
			}
			if w.Max != "" {
				if d, err := time.ParseDuration(w.Max); err != nil || d <= 0 {
					return fail("%s.window.max %q: want a positive Go duration (336h)", ExtOptions, w.Max)
				}
			}
		}
	}
	switch r := op.Extensions[ExtResend]; r {
	case "safe", "unsafe":
	case nil:
		return fail("%s is missing: say whether a request may be resent once the service may have processed it (safe or unsafe)", ExtResend)
	default:
		return fail("%s %v: want safe or unsafe", ExtResend, r)
	}
	a.Paging = &Paging{}
	if ok, err := ext(op.Extensions, ExtPaging, a.Paging); err != nil {
		return fail("%v", err)
	} else if !ok {
		a.Paging = nil
	}
	if p := a.Paging; p != nil {
		if a.Options == nil {
			return fail("%s needs %s (the iterator's options)", ExtPaging, ExtOptions)
		}
		if !isExported(p.Name) {
			return fail("%s.name %q is not an exported Go name", ExtPaging, p.Name)
		}
		var pos, size string
		switch p.Style {
		case "offset":
			pos, size = p.Offset, p.Limit
			if p.Next != "" {
				return fail("%s.next: the offset style counts items; next is for the page style", ExtPaging)
			}
		case "page":
			pos, size = p.Page, p.Size
			if p.Next != "link" {
				return fail("%s.next %q: the page style needs next: link", ExtPaging, p.Next)
			}
			if p.End != 0 || p.FullPages {
				return fail("%s: end and fullPages are for the offset style", ExtPaging)
			}
		default:
			return fail("%s.style %q: want offset or page", ExtPaging, p.Style)
		}
		for field, name := range map[string]string{"position": pos, "size": size} {
			if name == "" {
				return fail("%s: the %s style needs its %s parameter", ExtPaging, p.Style, field)
			}
			q, ok := query[name]
			if !ok {
				return fail("%s: %q is not a query parameter of the operation", ExtPaging, name)
			}
			if q.Schema == nil || q.Schema.Value == nil || !q.Schema.Value.Type.Is("integer") {
				return fail("%s: parameter %q is not an integer", ExtPaging, name)
			}
		}
		if p.MaxSize == 0 {
			if mx := query[size].Schema.Value.Max; mx != nil {
				p.MaxSize = int(*mx)
			} else {
				return fail("%s.maxSize: parameter %q has no maximum, so say it", ExtPaging, size)
			}
		}
		if p.MaxSize < 1 {
			return fail("%s.maxSize %d: want at least 1", ExtPaging, p.MaxSize)
		}
		if p.Count != "" && (!isExported(p.Count) || !strings.HasPrefix(p.Total, "header:")) {
			return fail("%s.count %q: an exported name, for a total given in a header (total: header:Name)", ExtPaging, p.Count)
		}
		if p.Total != "" && !strings.HasPrefix(p.Total, "header:") && strings.Contains(p.Total, " ") {
			return fail("%s.total %q: want a dotted path or header:Name", ExtPaging, p.Total)
		}
		if p.Key != "" && p.Total != "" {
			return fail("%s.key: the total already finds a changed list; key is for lists without one", ExtPaging)
		}
	}
	a.Wait = &Wait{}
	if ok, err := ext(op.Extensions, ExtWait, a.Wait); err != nil {
		return fail("%v", err)
	} else if !ok {
		a.Wait = nil
	}
	if w := a.Wait; w != nil {
		switch {
		case !isExported(w.Name) || !isExported(w.Get):
			return fail("%s: name %q and get %q must be exported Go names", ExtWait, w.Name, w.Get)
		case w.Status == "" || len(w.Success) == 0 || len(w.Failure) == 0 || len(w.Pending) == 0:
			return fail("%s: status, success, failure and pending are required", ExtWait)
		case !isIdent(w.OnFailure):
			return fail("%s.onFailure %q is not a Go name", ExtWait, w.OnFailure)
		case w.What == "":
			return fail("%s.what is required (it names the resource in messages)", ExtWait)
		}
		for _, s := range w.Success {
			if slices.Contains(w.Failure, s) || slices.Contains(w.Pending, s) {
				return fail("%s: status %q is both success and failure or pending", ExtWait, s)
			}
		}
		for _, s := range w.Failure {
			if slices.Contains(w.Pending, s) {
				return fail("%s: status %q is both failure and pending", ExtWait, s)
			}
		}
	}
	a.Batch = &Batch{}
	if ok, err := ext(op.Extensions, ExtBatch, a.Batch); err != nil {
		return fail("%v", err)
	} else if !ok {
		a.Batch = nil
	}
	if b := a.Batch; b != nil {
		switch {
		case b.Max < 1:
			return fail("%s.max %d: want at least 1", ExtBatch, b.Max)
		case b.Parallel < 1:
			return fail("%s.parallel %d: want at least 1", ExtBatch, b.Parallel)
		}
		if name, ok := strings.CutPrefix(b.Items, "body."); ok {
			if op.RequestBody == nil {
				return fail("%s.items %q: the operation has no request body", ExtBatch, b.Items)
			}
			if name == "" {
				return fail("%s.items %q: name the body property", ExtBatch, b.Items)
			}
		} else if q, ok := query[b.Items]; !ok || q.Schema == nil || q.Schema.Value == nil || !q.Schema.Value.Type.Is("array") {
			return fail("%s.items %q is not an array query parameter of the operation", ExtBatch, b.Items)
		}
	}
	a.Guard = &Guard{}
	if ok, err := ext(op.Extensions, ExtGuard, a.Guard); err != nil {
		return fail("%v", err)
	} else if !ok {
		a.Guard = nil
	}
	if g := a.Guard; g != nil {
		if a.Options == nil {
			return fail("%s needs %s (the options whose selection it guards)", ExtGuard, ExtOptions)
		}
		if !isExported(g.Confirm) {
			return fail("%s.confirm %q is not an exported Go name", ExtGuard, g.Confirm)
		}
		a.Selects = map[string]bool{}
		for _, p := range op.Parameters {
			if p.Value == nil || p.Value.In != "query" {
				continue
			}
			sel, ok := p.Value.Extensions[ExtSelects].(bool)
			if !ok {
				return fail("%s: query parameter %s does not say whether it selects (%s: true or false)", ExtGuard, p.Value.Name, ExtSelects)
			}
			a.Selects[p.Value.Name] = sel
		}
		if !slices.Contains(slices.Collect(maps.Values(a.Selects)), true) {
			return fail("%s: no query parameter selects (%s: true), so the options could never narrow it", ExtGuard, ExtSelects)
		}
	}
	a.Method = &Method{}
	if ok, err := ext(op.Extensions, ExtMethod, a.Method); err != nil {
		return fail("%v", err)
	} else if !ok {
		a.Method = nil
	}
	if m := a.Method; m != nil {
		switch {
		case a.Paging != nil:
			return fail("%s: a paged operation gets a page method and an iterator (%s.name), not a method", ExtMethod, ExtPaging)
		case m.Name != "" && !isExported(m.Name) && !(m.Hand != "" && isIdent(m.Name)):
			return fail("%s.name %q is not an exported Go name", ExtMethod, m.Name)
		case m.Check != "" && !isIdent(m.Check):
			return fail("%s.check %q is not a Go name", ExtMethod, m.Check)
		case m.Envelope != "" && m.Envelope != "msa":
			return fail("%s.envelope %q: want msa", ExtMethod, m.Envelope)
		case m.Envelope == "" && (m.Found || m.Order != ""):
			return fail("%s: found and order are for the msa envelope", ExtMethod)
		case m.Order != "" && (a.Batch == nil || strings.HasPrefix(a.Batch.Items, "body.")):
			return fail("%s.order: only for ids batched in the query (%s.items)", ExtMethod, ExtBatch)
		case m.Items != "" && (m.Envelope != "" || m.Discard):
			return fail("%s.items: not with an envelope or a discarded answer", ExtMethod)
		case m.Request != nil && (!isExported(m.Request.Name) || m.Request.Doc == ""):
			return fail("%s.request: name must be an exported Go name, with a doc", ExtMethod)
		case m.Request != nil && m.Request.Confirm != nil && (!isExported(m.Request.Confirm.Field) || m.Request.Confirm.Doc == ""):
			return fail("%s.request.confirm: field must be an exported Go name, with a doc", ExtMethod)
		case m.Hand != "" && (m.Check != "" || m.Envelope != "" || m.Discard || len(m.Errors) > 0 || m.Doc != "" || m.Items != "" || m.Request != nil):
			return fail("%s.hand: a hand-written method takes no other field than name", ExtMethod)
		}
		if m.Request != nil {
			for _, k := range slices.Sorted(maps.Keys(m.Request.Fields)) {
				if !isExported(m.Request.Fields[k]) {
					return fail("%s.request.fields[%s] %q is not an exported Go name", ExtMethod, k, m.Request.Fields[k])
				}
			}
		}
		for i, e := range m.Errors {
			if e.Status < 400 || e.Status > 599 {
				return fail("%s.errors[%d].status %d: want an error status", ExtMethod, i, e.Status)
			}
			if !isExported(e.Sentinel) {
				return fail("%s.errors[%d].sentinel %q is not an exported Go name", ExtMethod, i, e.Sentinel)
			}
			if (e.Message == "") != (e.Doc == "") {
				return fail("%s.errors[%d] (%s): message and doc go together (a generated sentinel), or neither (a hand-written one)", ExtMethod, i, e.Sentinel)
			}
			if op.Responses.Status(e.Status) == nil {
				return fail("%s.errors[%d].status %d: the operation declares no such answer", ExtMethod, i, e.Status)
			}
		}
	}
	if err := readShorthands(op, query, &a); err != nil {
		return fail("%v", err)
	}
	return a, nil
}

// readShorthands reads and checks x-respondkit-shorthands.
func readShorthands(op *openapi3.Operation, query map[string]*openapi3.Parameter, a *Operation) error {
	sh := &Shorthands{}
	if ok, err := ext(op.Extensions, ExtShorthands, sh); err != nil || !ok {
		return err
	}
	a.Shorthands = sh
	if a.Paging != nil || a.Method != nil && a.Method.Hand != "" {
		return fmt.Errorf("%s: only for an operation whose method is generated", ExtShorthands)
	}
	q := query[sh.Argument]
	if q == nil || !q.Required || q.Schema == nil || q.Schema.Value == nil || len(q.Schema.Value.Enum) == 0 {
		return fmt.Errorf("%s.argument %q is not a required enum query parameter", ExtShorthands, sh.Argument)
	}
	if sh.IDs == "" || len(sh.Methods) == 0 {
		return fmt.Errorf("%s: ids and methods are required", ExtShorthands)
	}
	if r := sh.Request; r != nil {
		if !isExported(r.Type) || !isExported(r.Field) || !isExported(r.IDs) || r.Parameter == "" || r.Doc == "" || r.Field == r.IDs {
			return fmt.Errorf("%s.request: type, field and ids must be exported Go names (field and ids two different ones), with a parameter and a doc", ExtShorthands)
		}
		if sh.Parameters == "" {
			return fmt.Errorf("%s.request needs parameters (the body's property of the action's parameters)", ExtShorthands)
		}
	}
	seen := map[string]bool{}
	for i, m := range sh.Methods {
		switch {
		case !isExported(m.Name) || m.Doc == "":
			return fmt.Errorf("%s.methods[%d]: name must be an exported Go name, with a doc", ExtShorthands, i)
		case seen[m.Name]:
			return fmt.Errorf("%s.methods[%d]: %s given twice", ExtShorthands, i, m.Name)
		case !slices.Contains(q.Schema.Value.Enum, any(m.Value)):
			return fmt.Errorf("%s.methods[%d] (%s): value %q is not one of %s's enum", ExtShorthands, i, m.Name, m.Value, sh.Argument)
		case m.Request && sh.Request == nil:
			return fmt.Errorf("%s.methods[%d] (%s): request: true, but the annotation declares no request", ExtShorthands, i, m.Name)
		}
		seen[m.Name] = true
	}
	return nil
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func isExported(s string) bool { return isIdent(s) && s[0] >= 'A' && s[0] <= 'Z' }
