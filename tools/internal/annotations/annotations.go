// Package annotations reads and checks the x-respondkit extensions of a
// spec: what the generator cannot infer, said once in the spec (how an
// operation pages, what to poll and until when, how ids are batched, whether
// a request may be resent). respondgen generates from them and spectest.Lint
// reports the wrong ones, naming the operation and the field.
package annotations

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Operation extensions.
const (
	ExtOptions = "x-respondkit-options"
	ExtPaging  = "x-respondkit-paging"
	ExtWait    = "x-respondkit-wait"
	ExtBatch   = "x-respondkit-batch"
	ExtResend  = "x-respondkit-resend"
)

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
	if !s.Type.Is("object") {
		return a, true, fmt.Errorf("schema %s: %s is for object schemas (their fields are listed)", name, ExtType)
	}
	return a, true, nil
}

// Parameter extensions.
const (
	// ExtTime "unix-nano": an integer parameter presented as time.Time.
	ExtTime = "x-respondkit-time"
	// ExtRequired true: required by the client though optional on the wire.
	ExtRequired = "x-respondkit-required"
)

// Options is x-respondkit-options: the operation's query parameters become
// the fields of a generated options struct.
type Options struct {
	// Name is the struct's name; operations with the same parameters may
	// share it.
	Name string `json:"name"`
	// Check names a hand-written method of the struct, func() error, for
	// rules across fields (a time window); it runs after the field checks.
	Check string `json:"check,omitempty"`
}

// Paging is x-respondkit-paging: how a list operation pages.
type Paging struct {
	// Name is the iterator's name; the page method is Name+"Page".
	Name string `json:"name"`
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
	// Success and Failure are the terminal statuses.
	Success []string `json:"success"`
	Failure []string `json:"failure"`
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
		case w.Status == "" || len(w.Success) == 0 || len(w.Failure) == 0:
			return fail("%s: status, success and failure are required", ExtWait)
		case !isIdent(w.OnFailure):
			return fail("%s.onFailure %q is not a Go name", ExtWait, w.OnFailure)
		case w.What == "":
			return fail("%s.what is required (it names the resource in messages)", ExtWait)
		}
		for _, s := range w.Success {
			if slices.Contains(w.Failure, s) {
				return fail("%s: status %q is both success and failure", ExtWait, s)
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
	return a, nil
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
