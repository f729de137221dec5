// Package apierror builds the typed error every respondkit client returns for
// a non-2xx answer. It reads a bounded part of the body and decodes, leniently,
// every error shape the three services are known to send; a body it cannot
// decode still yields an error with the status and a text excerpt.
package apierror

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/respondkit/respondkit"
	"github.com/respondkit/respondkit/clients/internal/transport"
)

// Limits on what is read of an error body and kept of it.
const (
	// MaxBodyRead is the most of an error body that is read.
	MaxBodyRead = 64 << 10
	// MaxExcerpt is the most of a non-JSON body kept in Error.Body.
	MaxExcerpt = 512
)

// Detail is respondkit.Detail.
type Detail = respondkit.Detail

// Error is respondkit.Error, the public type of every client's errors.
type Error = respondkit.Error

// Check returns nil for a 2xx answer, leaving its body open for the caller,
// and the typed error for any other (its body read, at most MaxBodyRead
// bytes, and closed). A nil response is an error too. It is what each
// wrapper's CheckResponse does for answers of its Generated() client.
func Check(api string, resp *http.Response) error {
	if resp == nil {
		return Errorf(api, "no response")
	}
	if resp.StatusCode/100 == 2 {
		return nil
	}
	return FromResponse(api, resp)
}

// TrimPrefix returns msg without its leading "<api>: ", if it has one.
func TrimPrefix(api, msg string) string { return strings.TrimPrefix(msg, api+": ") }

// Errorf is fmt.Errorf for a message under one "<api>: " prefix, as every
// respondkit error reads: the prefix is put before the message once, and
// the messages of the errors among args lose their own. The errors that %w
// wraps are found by errors.Is and errors.As, as with fmt.Errorf.
func Errorf(api, format string, args ...any) error {
	var errs []error
	switch u := fmt.Errorf(format, args...).(type) {
	case interface{ Unwrap() []error }:
		errs = u.Unwrap()
	case interface{ Unwrap() error }:
		errs = []error{u.Unwrap()}
	}
	shown := make([]any, len(args))
	for i, a := range args {
		if e, ok := a.(error); ok && e != nil {
			a = TrimPrefix(api, e.Error())
		}
		shown[i] = a
	}
	msg := fmt.Sprintf(strings.ReplaceAll(format, "%w", "%v"), shown...)
	return WithMessage(api+": "+TrimPrefix(api, msg), errs...)
}

// Panicked turns r, a value recovered from a panic in a goroutine the
// library started, into the error to raise again where a caller can recover
// it: "<what> panicked: <r>", wrapping r when it is an error, followed by the
// stack of the goroutine that panicked (call it from the deferred function).
func Panicked(what string, r any) error {
	cause, ok := r.(error)
	if !ok {
		cause = fmt.Errorf("%v", r)
	}
	return fmt.Errorf("%s panicked: %w\n\n%s", what, cause, debug.Stack())
}

// WithMessage returns an error that reads msg and wraps errs (for
// errors.Is and errors.As), for a message rewritten from theirs.
func WithMessage(msg string, errs ...error) error { return &rewritten{msg: msg, errs: errs} }

type rewritten struct {
	msg  string
	errs []error
}

func (e *rewritten) Error() string   { return e.msg }
func (e *rewritten) Unwrap() []error { return e.errs }

// requestIDHeaders are looked up in order for a trace or request id.
var requestIDHeaders = []string{"X-Cs-Traceid", "X-Request-Id", "X-Trace-Id", "X-Correlation-Id", "X-Amzn-Trace-Id"}

// FromResponse builds an Error from a non-2xx response. It reads at most
// MaxBodyRead bytes of the body and closes it.
func FromResponse(api string, resp *http.Response) *Error {
	e := &Error{API: api, StatusCode: resp.StatusCode}
	if resp.Request != nil {
		e.Method = resp.Request.Method
		e.Path = resp.Request.URL.Path
	}
	for _, h := range requestIDHeaders {
		if v := resp.Header.Get(h); v != "" {
			e.RequestID = v
			break
		}
	}
	if d, ok := transport.ParseWait(resp.Header, time.Now()); ok {
		e.RetryAfter = d
	}
	var body []byte
	if resp.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(resp.Body, MaxBodyRead))
		_ = resp.Body.Close()
	}
	decodeBody(e, body)
	if resp.Request != nil {
		if hint, ok := resp.Request.Context().Value(hintKey{}).(func(*Error) string); ok {
			e.Hint = hint(e)
		}
	}
	return e
}

type hintKey struct{}

// WithHint returns a context whose requests' typed errors carry
// hint(err) as their Hint: a client's advice on a likely cause that only
// the client can know (how it was configured).
func WithHint(ctx context.Context, hint func(*Error) string) context.Context {
	return context.WithValue(ctx, hintKey{}, hint)
}

func decodeBody(e *Error, body []byte) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return
	}
	var obj map[string]json.RawMessage
	if trimmed[0] != '{' || json.Unmarshal(trimmed, &obj) != nil {
		e.Body = excerpt(trimmed)
		return
	}
	e.Raw = json.RawMessage(trimmed)

	// Sysdig {type, message, details}; Spring {timestamp, status, error,
	// path}; DRF {detail}; Waldur {error}.
	e.Code = str(obj["type"])
	e.Message = firstNonEmpty(str(obj["message"]), str(obj["detail"]), str(obj["error"]))
	if raw, ok := obj["details"]; ok {
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) == nil {
			for _, it := range items {
				e.Details = append(e.Details, detail(it))
			}
		}
	}
	// Falcon {errors: [{code, message, id}], meta: {trace_id}}; Sysdig
	// {errors: [{reason, message}]}.
	if raw, ok := obj["errors"]; ok {
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) == nil {
			for _, it := range items {
				e.Details = append(e.Details, detail(it))
			}
		}
	}
	if e.RequestID == "" {
		var meta struct {
			TraceID string `json:"trace_id"`
		}
		if raw, ok := obj["meta"]; ok && json.Unmarshal(raw, &meta) == nil {
			e.RequestID = meta.TraceID
		}
	}
	// DRF field errors: {"field": ["msg", ...]}, non_field_errors.
	fields := make([]string, 0, len(obj))
	for k := range obj {
		fields = append(fields, k)
	}
	sort.Strings(fields)
	for _, k := range fields {
		var msgs []string
		if k == "details" || k == "errors" || json.Unmarshal(obj[k], &msgs) != nil {
			continue
		}
		field := k
		if k == "non_field_errors" {
			field = ""
		}
		for _, m := range msgs {
			e.Details = append(e.Details, Detail{Field: field, Message: m})
		}
	}
	if e.Message == "" && len(e.Details) == 1 && e.Details[0].Field == "" {
		e.Message = e.Details[0].Message
		if e.Code == "" {
			e.Code = e.Details[0].Code
		}
		e.Details = nil
	}
}

// detail decodes one error item: an object with code/reason, message, id or
// field, or a bare string.
func detail(raw json.RawMessage) Detail {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		if s := str(raw); s != "" {
			return Detail{Message: s}
		}
		return Detail{Message: excerpt(raw)}
	}
	return Detail{
		Code:    firstNonEmpty(str(obj["code"]), str(obj["reason"]), str(obj["type"])),
		Message: firstNonEmpty(str(obj["message"]), str(obj["detail"]), str(obj["error"])),
		Field:   firstNonEmpty(str(obj["field"]), str(obj["attr"])),
		ID:      str(obj["id"]),
	}
}

// str returns a JSON string's value, a number's text, or "".
func str(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// excerpt keeps the start of a body as printable text.
func excerpt(b []byte) string {
	if len(b) > MaxExcerpt {
		return strings.ToValidUTF8(string(b[:MaxExcerpt]), "?") + "…"
	}
	return strings.ToValidUTF8(string(b), "?")
}
