package apierror

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/respondkit/respondkit"
)

func TestStatusHelpers(t *testing.T) {
	for _, tc := range []struct {
		status                                   int
		notFound, unauthorized, forbidden, limit bool
	}{
		{401, false, true, false, false},
		{403, false, false, true, false},
		{404, true, false, false, false},
		{429, false, false, false, true},
		{500, false, false, false, false},
	} {
		err := Errorf("sysdig", "getting it: %w", &Error{API: "sysdig", StatusCode: tc.status})
		got := [4]bool{respondkit.IsNotFound(err), respondkit.IsUnauthorized(err), respondkit.IsForbidden(err), respondkit.IsRateLimited(err)}
		if want := [4]bool{tc.notFound, tc.unauthorized, tc.forbidden, tc.limit}; got != want {
			t.Errorf("%d: IsNotFound, IsUnauthorized, IsForbidden, IsRateLimited = %v, want %v", tc.status, got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		status int
		want   string // "" for nil
	}{
		{200, ""},
		{202, ""},
		{204, ""},
		{301, "waldur: GET /secure/response-actions/v1alpha1/action-executions/abc: 301 Moved Permanently"},
		{403, "waldur: GET /secure/response-actions/v1alpha1/action-executions/abc: 403 Forbidden: no"},
	} {
		resp := response(tc.status, nil, `{"message":"no"}`)
		err := Check("waldur", resp)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%d: %v, want nil", tc.status, err)
			}
			if b := make([]byte, 1); err == nil {
				if n, _ := resp.Body.Read(b); n != 1 {
					t.Errorf("%d: the body was read", tc.status)
				}
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.StatusCode != tc.status || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%d: %v, want an *Error reading %q", tc.status, err, tc.want)
		}
	}
	if err := Check("falcon", nil); err == nil || err.Error() != "falcon: no response" {
		t.Errorf("nil response: %v", err)
	}
}

// TestErrorf: the API's prefix once, whatever the wrapped errors carry, and
// errors.Is and errors.As see what %w wraps.
func TestErrorf(t *testing.T) {
	sentinel := errors.New("sysdig: download received no bytes")
	typed := &Error{API: "sysdig", StatusCode: 404, Method: "GET", Path: "/f"}
	for _, tc := range []struct {
		name   string
		format string
		args   []any
		want   string
		find   []error
	}{
		{"two prefixed errors", "%w: %w", []any{sentinel, typed}, "sysdig: download received no bytes: GET /f: 404 Not Found", []error{sentinel, typed}},
		{"text and an error", "file %s stopped after %d bytes: %w", []any{"f1", 3, context.Canceled}, "sysdig: file f1 stopped after 3 bytes: context canceled", []error{context.Canceled}},
		{"format already prefixed", "sysdig: %w", []any{typed}, "sysdig: GET /f: 404 Not Found", []error{typed}},
		{"%v is shown, not wrapped", "%v", []any{sentinel}, "sysdig: download received no bytes", nil},
		{"another API's prefix is kept", "%w", []any{errors.New("falcon: x")}, "sysdig: falcon: x", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Errorf("sysdig", tc.format, tc.args...)
			if err.Error() != tc.want {
				t.Errorf("got %q, want %q", err, tc.want)
			}
			for _, f := range tc.find {
				if !errors.Is(err, f) {
					t.Errorf("errors.Is(%v) false", f)
				}
			}
			if tc.find == nil && errors.Is(err, sentinel) {
				t.Error("a v verb wrapped the error")
			}
		})
	}
}
