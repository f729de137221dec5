// Package transport holds the http.RoundTripper layers every respondkit
// client is built from: user agent, retries with backoff, logging, and
// credentials. Each layer does one thing and is tested alone; Chain stacks
// them in the order DESIGN.md gives (user agent, retry, logging, auth, the
// caller's transport).
package transport

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/respondkit/respondkit"
)

// Layer wraps a RoundTripper in another.
type Layer func(http.RoundTripper) http.RoundTripper

// Chain stacks layers over base: the first layer is the outermost, the one a
// request meets first.
func Chain(base http.RoundTripper, layers ...Layer) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	rt := base
	for i := len(layers) - 1; i >= 0; i-- {
		rt = layers[i](rt)
	}
	return rt
}

// RoundTripFunc adapts a function to http.RoundTripper.
type RoundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f.
func (f RoundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// UserAgentValue is the User-Agent respondkit sends: "[product ]respondkit/<Version>".
func UserAgentValue(product string) string {
	ua := "respondkit/" + respondkit.Version
	if product = strings.TrimSpace(product); product != "" {
		ua = product + " " + ua
	}
	return ua
}

// UserAgent sets UserAgentValue(product) on every request. A request that
// already carries it (set where the request was built) passes unchanged,
// which spares a copy of the request.
func UserAgent(product string) Layer {
	ua := UserAgentValue(product)
	return func(next http.RoundTripper) http.RoundTripper {
		return RoundTripFunc(func(r *http.Request) (*http.Response, error) {
			if vs := r.Header["User-Agent"]; len(vs) == 1 && vs[0] == ua {
				return next.RoundTrip(r)
			}
			r2 := withHeaders(r)
			r2.Header.Set("User-Agent", ua)
			return next.RoundTrip(r2)
		})
	}
}

// Credential returns the value of the credential header for a request, such
// as "Bearer <token>". It is called for every attempt, so a token source can
// refresh between them.
type Credential func(ctx context.Context) (string, error)

// ErrInsecureTransport is returned when a credential would be sent over plain
// HTTP to a host that is not on loopback.
var ErrInsecureTransport = errors.New("refusing to send credentials over plain http to a non-loopback host (allow it explicitly to override)")

// Auth sets header to the credential's value, but only on requests to base's
// scheme and host: http.Client runs redirected requests through the transport
// again, and credentials must not follow a redirect to another host. Unless
// allowInsecure is set, a credential is never sent over plain HTTP to a host
// that is not on loopback.
//
// A same-origin request that already carries the credential's value (set
// where it was built) passes without a copy.
func Auth(base *url.URL, header string, cred Credential, allowInsecure bool) Layer {
	header = http.CanonicalHeaderKey(header)
	return func(next http.RoundTripper) http.RoundTripper {
		return RoundTripFunc(func(r *http.Request) (*http.Response, error) {
			if !SameOrigin(r.URL, base) {
				r2 := withHeaders(r)
				r2.Header.Del(header)
				return next.RoundTrip(r2)
			}
			if err := CheckBaseURL(r.URL, allowInsecure); err != nil {
				closeBody(r)
				return nil, err
			}
			v, err := cred(r.Context())
			if err != nil {
				closeBody(r)
				return nil, err
			}
			if vs := r.Header[header]; len(vs) == 1 && vs[0] == v {
				return next.RoundTrip(r)
			}
			r2 := withHeaders(r)
			r2.Header.Set(header, v)
			return next.RoundTrip(r2)
		})
	}
}

// withHeaders returns a shallow copy of r with its own copy of the headers,
// so a layer can set one without changing the caller's request (which a
// RoundTripper must not do). The rest is shared: no layer changes it.
func withHeaders(r *http.Request) *http.Request {
	r2 := r.WithContext(r.Context())
	r2.Header = r.Header.Clone()
	if r2.Header == nil {
		r2.Header = http.Header{}
	}
	return r2
}

// closeBody honours the RoundTripper contract: the request body is closed
// even when the request is not sent.
func closeBody(r *http.Request) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
}

// SameOrigin reports whether two URLs share scheme, host and port (the
// scheme's default port made explicit).
func SameOrigin(a, b *url.URL) bool {
	if a.Scheme == b.Scheme && a.Host == b.Host {
		return true // the usual case, without building host:port strings
	}
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(hostPort(a), hostPort(b))
}

// hostPort returns host:port with the scheme's default port made explicit.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// CheckBaseURL checks a base URL is absolute http(s) with a host, and refuses
// plain http to a host that is not on loopback unless allowInsecure is set.
func CheckBaseURL(u *url.URL, allowInsecure bool) error {
	switch {
	case u == nil:
		return errors.New("no base URL")
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("base URL %q: scheme must be https (or http on loopback)", redact(u))
	case u.Host == "":
		return fmt.Errorf("base URL %q has no host", redact(u))
	case u.User != nil:
		return fmt.Errorf("base URL %q must not hold credentials", redact(u))
	case u.Scheme == "http" && !allowInsecure && !IsLoopback(u.Hostname()):
		return fmt.Errorf("base URL %q: %w", redact(u), ErrInsecureTransport)
	}
	return nil
}

// redact drops any user info from u for use in messages.
func redact(u *url.URL) string {
	c := *u
	c.User = nil
	return c.String()
}

// IsLoopback reports whether host is "localhost" or a loopback IP address
// (127.0.0.0/8, ::1).
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
