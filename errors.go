package respondkit

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/respondkit/respondkit/internal/textclip"
)

// The APIs an Error can come from, as its API field names them.
const (
	APISysdig = "sysdig"
	APIFalcon = "falcon"
	APIWaldur = "waldur"
)

// Sentinel errors matched by errors.Is against an *Error's status, whichever
// API answered.
var (
	// ErrNotFound matches a 404 answer.
	ErrNotFound = errors.New("not found")
	// ErrUnauthorized matches a 401 answer.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden matches a 403 answer.
	ErrForbidden = errors.New("forbidden")
	// ErrRateLimited matches a 429 answer.
	ErrRateLimited = errors.New("rate limited")
)

// Detail is one item of an error answer: a field error, one error of a list,
// or one entry of a details array.
type Detail struct {
	// Code is the item's code or reason, when it has one.
	Code string `json:"code,omitempty"`
	// Message is the item's message.
	Message string `json:"message,omitempty"`
	// Field names the request field the item is about (Django REST
	// framework field errors).
	Field string `json:"field,omitempty"`
	// ID names the resource the item is about (Falcon's per-id errors).
	ID string `json:"id,omitempty"`
}

// Error is the error every respondkit client returns for a non-2xx answer.
// It is one type for the three APIs (sysdig.Error, falcon.Error and
// waldur.Error are aliases of it): find it with errors.As, and tell the
// APIs apart by its API field (APISysdig, APIFalcon, APIWaldur).
type Error struct {
	// API names the service ("sysdig", "falcon", "waldur").
	API string
	// StatusCode is the HTTP status.
	StatusCode int
	// Method and Path identify the request (no query string, no host).
	Method, Path string
	// Code is the service's error type or code, e.g. "resource_not_found".
	Code string
	// Message is the service's message, when it sent one.
	Message string
	// Details lists field errors and further error items.
	Details []Detail
	// RequestID is the trace or request id, from the headers or the body.
	RequestID string
	// RetryAfter is the wait the service asked for, if it did.
	RetryAfter time.Duration
	// Body is an excerpt of a body that was not JSON.
	Body string
	// Raw is the JSON body as received (at most 64 KiB).
	Raw json.RawMessage
	// Hint is the client's advice on a likely cause (never the service's
	// words), such as a token used with the wrong scheme.
	Hint string
}

// Error reads like "sysdig: GET /path: 404 Not Found: resource_not_found: no such execution (request id abc)",
// with the code left out when it only repeats the status.
func (e *Error) Error() string {
	var b strings.Builder
	if e.API != "" {
		b.WriteString(e.API)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%s %s: %d %s", e.Method, textclip.Clip(e.Path), e.StatusCode, http.StatusText(e.StatusCode))
	if e.Code != "" && e.Code != strconv.Itoa(e.StatusCode) { // Falcon's codes repeat the status
		b.WriteString(": ")
		b.WriteString(textclip.Clip(e.Code))
	}
	msg := e.Message
	if msg == "" && len(e.Details) > 0 {
		msg = e.Details[0].Message
		if f := e.Details[0].Field; f != "" {
			msg = f + ": " + msg
		}
	}
	if msg == "" {
		msg = e.Body
	}
	if msg != "" {
		b.WriteString(": ")
		b.WriteString(textclip.Clip(msg))
	}
	if extra := len(e.Details) - 1; extra > 0 {
		fmt.Fprintf(&b, " (+%d more)", extra)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", textclip.Clip(e.RequestID))
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, " (hint: %s)", e.Hint)
	}
	return b.String()
}

// Is matches the sentinel errors by status: ErrNotFound 404, ErrUnauthorized
// 401, ErrForbidden 403, ErrRateLimited 429.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	}
	return false
}

// IsNotFound reports whether err is a 404 answer.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// IsUnauthorized reports whether err is a 401 answer.
func IsUnauthorized(err error) bool { return errors.Is(err, ErrUnauthorized) }

// IsForbidden reports whether err is a 403 answer.
func IsForbidden(err error) bool { return errors.Is(err, ErrForbidden) }

// IsRateLimited reports whether err is a 429 answer.
func IsRateLimited(err error) bool { return errors.Is(err, ErrRateLimited) }
