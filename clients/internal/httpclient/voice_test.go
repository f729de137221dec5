package httpclient

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"

	"github.com/respondkit/respondkit/clients/internal/apierror"
)

// TestNewRefusesQueryAndFragment: a base URL with a query or a fragment is
// refused before anything is sent, with a message that names the URL but
// not what follows ? or #.
func TestNewRefusesQueryAndFragment(t *testing.T) {
	for _, tc := range []struct {
		base, want string
	}{
		{"https://api.example.com?token=s3cret", `base URL "https://api.example.com" has a query`},
		{"https://api.example.com/prefix/?x=1", `base URL "https://api.example.com/prefix/" has a query`},
		{"https://api.example.com/?", `base URL "https://api.example.com/" has a query`},
		{"https://api.example.com/#s3cret", `base URL "https://api.example.com/" has a fragment`},
		{"https://api.example.com#", `base URL "https://api.example.com" has a fragment`},
		{"http://127.0.0.1:1/p?s3cret#s3cret", `base URL "http://127.0.0.1:1/p" has a query`},
	} {
		t.Run(tc.base, func(t *testing.T) {
			var hits int
			srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits++ }))
			defer srv.Close()
			_, err := New(Config{BaseURL: tc.base, HTTPClient: srv.Client()}, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want one containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("err %q shows the query or fragment", err)
			}
		})
	}
}

func TestCheckSecret(t *testing.T) {
	for _, tc := range []struct {
		v, want string // want "" for accepted
	}{
		{"Qz9-123", ""},
		{"a b", "token holds whitespace at byte 1"},
		{"Bearer Qz9", `token starts with the scheme "Bearer": give the token alone`},
		{"token Qz9", `token starts with the scheme "Token"`},
		{"BASIC Qz9", `token starts with the scheme "Basic"`},
		{"Qz9\tx", "token holds whitespace at byte 3"},
		{"", "token is empty"},
		{" ", "token is only whitespace (1 bytes)"},
		{"\t\n \r", "token is only whitespace (4 bytes)"},
		{"Qz9\n", "token has whitespace around it"},
		{" Qz9", "token has whitespace around it"},
		{"Qz\x009", "token holds a control character at byte 2"},
		{"Qz\x7f9", "token holds a control character at byte 2"},
	} {
		err := CheckSecret("token", tc.v)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: %v, want it accepted", tc.v, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: %v, want %q", tc.v, err, tc.want)
		case err != nil && strings.TrimSpace(tc.v) != "" && strings.Contains(err.Error(), strings.TrimSpace(tc.v)):
			t.Errorf("%q: %q shows the value", tc.v, err)
		}
	}
}

// TestCallError: an error of net/http names the method and the path once
// under the API's prefix, and an error that already speaks for the API is
// not prefixed again; the *url.Error and its cause stay reachable.
func TestCallError(t *testing.T) {
	typed := &apierror.Error{API: "falcon", StatusCode: 403, Method: "POST", Path: "/oauth2/token", Message: "access denied, authorization failed", RequestID: "t-1"}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, tc := range []struct {
		name string
		err  error
		want string
		find error
	}{
		{"url.Error with a plain cause", &url.Error{Op: "Get", URL: "https://h.example.com/a/b?secret=1", Err: refused},
			"sysdig: GET /a/b: dial tcp: connection refused", syscall.ECONNREFUSED},
		{"url.Error with the context's error", &url.Error{Op: "Post", URL: "https://h.example.com/x", Err: context.DeadlineExceeded},
			"sysdig: POST /x: context deadline exceeded", context.DeadlineExceeded},
		{"url.Error around a typed error", &url.Error{Op: "Get", URL: "https://h.example.com/policies?x=1", Err: typed},
			"falcon: POST /oauth2/token: 403 Forbidden: access denied, authorization failed (request id t-1)", typed},
		{"url.Error around a prefixed error", &url.Error{Op: "Get", URL: "https://h.example.com/p", Err: errors.New("waldur: the client is closed")},
			"waldur: GET /p: the client is closed", nil},
		{"url.Error around a token fetch's url.Error", &url.Error{Op: "Get", URL: "https://h.example.com/p",
			Err: CallError("falcon", &url.Error{Op: "Post", URL: "https://h.example.com/oauth2/token", Err: refused})},
			"falcon: POST /oauth2/token: dial tcp: connection refused", syscall.ECONNREFUSED},
		{"plain error", errors.New("no such thing"), "sysdig: no such thing", nil},
		{"plain prefixed error", errors.New("sysdig: no such thing"), "sysdig: no such thing", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api, _, _ := strings.Cut(tc.want, ":")
			err := CallError(api, tc.err)
			if err.Error() != tc.want {
				t.Errorf("got %q\nwant %q", err, tc.want)
			}
			if tc.find != nil && !errors.Is(err, tc.find) {
				t.Errorf("errors.Is(%v) false", tc.find)
			}
			var ue *url.Error
			if _, isURL := tc.err.(*url.Error); isURL && !errors.As(err, &ue) {
				t.Error("the *url.Error is not reachable")
			}
		})
	}
	if CallError("sysdig", nil) != nil {
		t.Error("CallError(nil) is not nil")
	}
}

// TestDecodeCallErrors runs the decode helpers against a closed port and a
// typed error from the transport chain: one prefix, no URL, no query.
func TestDecodeCallErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	typed := &apierror.Error{API: "api", StatusCode: 429, Method: "GET", Path: "/p", Message: "slow down"}
	for _, tc := range []struct {
		name string
		rt   http.RoundTripper
		want string
	}{
		{"connection refused", nil, "api: GET /items: dial tcp " + addr + ": connect: connection refused"},
		{"typed error from a layer", roundTrip(func(*http.Request) (*http.Response, error) { return nil, typed }), "api: GET /p: 429 Too Many Requests: slow down"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hc := &http.Client{Transport: tc.rt}
			req, _ := http.NewRequest("GET", "http://"+addr+"/items?q=secret", nil)
			resp, err := hc.Do(req)
			var out struct{}
			for _, got := range []error{DecodeInto("api", resp, err, &out), Check("api", resp, err), DecodeItems[int]("api", resp, err, &out, 1)} {
				if got == nil || got.Error() != tc.want {
					t.Errorf("got %v\nwant %s", got, tc.want)
				}
			}
		})
	}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
