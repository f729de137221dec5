// Package httpclient builds the *http.Client every respondkit wrapper hands
// to its generated client, and turns generated-client answers into results:
// the typed error for an unexpected status, or the decoded JSON body.
package httpclient

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/respondkit/respondkit"
	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/jsondec"
	"github.com/respondkit/respondkit/clients/internal/ratelimit"
	"github.com/respondkit/respondkit/clients/internal/transport"
	"github.com/respondkit/respondkit/internal/textclip"
)

// DefaultTimeout bounds a call that returns a decoded body when the caller
// sets no timeout. Streaming downloads are bounded by the context only.
const DefaultTimeout = 60 * time.Second

// Config is what every wrapper's options set.
type Config struct {
	// BaseURL is the service's root, e.g. https://secure.sysdig.com, or a
	// proxy's prefix under which the spec's paths hang (see ParseBaseURL).
	BaseURL string
	// HTTPClient supplies the transport (proxy, TLS, custom CA), redirect
	// policy and cookie jar. Its Timeout is not used: see Timeout.
	HTTPClient *http.Client
	// UserAgent is a product token put before respondkit's own.
	UserAgent string
	// Retry is the retry policy; nil means transport.DefaultRetryPolicy().
	Retry *transport.RetryPolicy
	// Logger receives one debug record per attempt; nil logs nothing.
	Logger *slog.Logger
	// Timeout bounds each call that decodes a body (DefaultTimeout if 0;
	// negative for none). The caller's context deadline still applies.
	Timeout time.Duration
	// AllowInsecureHTTP permits sending credentials over plain http to a
	// host that is not on loopback.
	AllowInsecureHTTP bool
	// Operations say, per operation of the spec, whether a request may be
	// resent once the service may have processed it. Without them only
	// GET, HEAD and OPTIONS requests are.
	Operations []transport.Operation
	// WaitHeaders reads the wait an answer asks for when the retry policy
	// sets no RetryAfter hook: the service's own headers (nil: the standard
	// Retry-After). The retry layer and the rate limiter read the same
	// one, the policy's hook when it sets one.
	WaitHeaders func(resp *http.Response, now time.Time) (time.Duration, bool)
	// API prefixes the rate limiter's errors ("falcon").
	API string
	// LowWater is the rate limiter's low-water mark of
	// X-RateLimit-Remaining (see ratelimit.Config.LowWater).
	LowWater int64
	// Budget, when set, is the rate budget shared beyond the client.
	Budget respondkit.RateBudget
	// Err is the first error an option recorded (SetErr), and BudgetErr a
	// rate budget option's: Start returns them.
	Err, BudgetErr error
}

// Client is what a wrapper needs to make calls.
type Client struct {
	// HTTP sends requests through the transport chain.
	HTTP *http.Client
	// BaseURL is the parsed, checked base URL.
	BaseURL *url.URL
	// Timeout is the per-call timeout (0 for none).
	Timeout time.Duration
	// Limiter paces requests (a layer between logging and auth): the
	// cooldown and pacing every call of the client shares. Its Pressure
	// (few requests left, a cooldown on) tells the iterators to keep one
	// request in flight.
	Limiter *ratelimit.Limiter
	// Retry is the retry policy as the retry layer applies it: the
	// configured one (or the default), its RetryAfter hook set to
	// Config.WaitHeaders when it had none.
	Retry transport.RetryPolicy

	// Hint, when set, adds advice to the typed errors of the calls made
	// through WithTimeout (see apierror.WithHint).
	Hint func(*apierror.Error) string

	userAgent string
	// credHeader and credValue are a static credential (see NewStatic).
	credHeader string
	credValue  Secret
}

// Prepare is the request editor for the generated clients: it sets the
// User-Agent, and a static credential, where the request is built, so the
// transport chain need not copy the request to set them. The auth layer
// still checks every request's origin and scheme and strips the credential
// from any other origin.
func (c *Client) Prepare(_ context.Context, r *http.Request) error {
	r.Header.Set("User-Agent", c.userAgent)
	if c.credHeader != "" {
		r.Header.Set(c.credHeader, c.credValue.Reveal())
	}
	return nil
}

// NewStatic is New for a credential that never changes (an API token): the
// auth layer sends header: value on requests to the base URL only, and
// Prepare sets it where the request is built.
func NewStatic(c Config, header, value string) (*Client, error) {
	cred := NewSecret(value)
	hc, err := New(c, func(base *url.URL) transport.Layer {
		return transport.Auth(base, header, func(context.Context) (string, error) { return cred.Reveal(), nil }, c.AllowInsecureHTTP)
	})
	if err != nil {
		return nil, err
	}
	hc.credHeader, hc.credValue = header, cred
	return hc, nil
}

// New checks the configuration and builds the transport chain: user agent,
// retries, logging, the rate limiter, then auth (which holds the
// credentials back from other hosts and from plain http), over the caller's
// transport. The retry layer and the limiter read a 429's wait the same
// way: with the policy's RetryAfter hook, or Config.WaitHeaders without
// one; the limiter's cooldown is capped by the policy's MaxDelay.
func New(c Config, auth func(base *url.URL) transport.Layer) (*Client, error) {
	paths := make([]string, len(c.Operations))
	for i, op := range c.Operations {
		paths[i] = op.Path
	}
	base, err := ParseBaseURL(c.BaseURL, c.AllowInsecureHTTP, CommonRoot(paths))
	if err != nil {
		return nil, err
	}
	for i := 0; i < len(c.UserAgent); i++ {
		if b := c.UserAgent[i]; b < 0x20 || b == 0x7f {
			return nil, fmt.Errorf("WithUserAgent: the product (%d bytes) holds a control character at byte %d, which a header cannot carry", len(c.UserAgent), i)
		}
	}
	retry := transport.DefaultRetryPolicy()
	if c.Retry != nil {
		if err := c.Retry.Check(); err != nil {
			return nil, err
		}
		retry = *c.Retry
	}
	if retry.RetryAfter == nil {
		retry.RetryAfter = c.WaitHeaders
	}
	limiter := ratelimit.New(ratelimit.Config{API: c.API, LowWater: c.LowWater, MaxDelay: retry.WithDefaults().MaxDelay, RetryAfter: retry.RetryAfter, Budget: c.Budget})
	hc := c.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	layers := []transport.Layer{transport.UserAgent(c.UserAgent), transport.RetryWith(retry, transport.NewResend(c.Operations)), transport.Logging(c.Logger), limiter.Layer}
	if auth != nil {
		layers = append(layers, auth(base))
	}
	timeout := c.Timeout
	switch {
	case timeout == 0:
		timeout = DefaultTimeout
	case timeout < 0:
		timeout = 0
	}
	return &Client{
		HTTP: &http.Client{
			Transport:     transport.Chain(hc.Transport, layers...),
			CheckRedirect: hc.CheckRedirect,
			Jar:           hc.Jar,
		},
		BaseURL:   base,
		Timeout:   timeout,
		Limiter:   limiter,
		Retry:     retry,
		userAgent: transport.UserAgentValue(c.UserAgent),
	}, nil
}

// CheckSecret refuses, before anything is sent, a credential that cannot
// be right: empty, only whitespace, with whitespace around or inside it, or
// holding a control character (a line break read from a file, say), which a
// header cannot carry. A token pasted with its scheme ("Bearer abc",
// "Token abc") gets a hint, and a URL (a base URL given in its place) is
// refused. The message names the credential (what), never
// its value.
func CheckSecret(what, v string) error {
	switch {
	case v == "":
		return fmt.Errorf("%s is empty", what)
	case strings.TrimSpace(v) == "":
		return fmt.Errorf("%s is only whitespace (%d bytes)", what, len(v))
	case strings.TrimSpace(v) != v:
		return fmt.Errorf("%s has whitespace around it (a line break read from a file?): trim it", what)
	}
	if l := strings.ToLower(v); strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") {
		return fmt.Errorf("%s is a URL (it starts with %s): is it the base URL? give the credential here", what, v[:strings.Index(v, ":")+3])
	}
	if scheme, _, ok := strings.Cut(v, " "); ok {
		for _, s := range []string{"Bearer", "Token", "Basic"} {
			if strings.EqualFold(scheme, s) {
				return fmt.Errorf("%s starts with the scheme %q: give the token alone, the client adds the scheme", what, s)
			}
		}
	}
	for i := 0; i < len(v); i++ {
		switch b := v[i]; {
		case b == ' ' || b == '\t':
			return fmt.Errorf("%s holds whitespace at byte %d: a token has none", what, i)
		case b < 0x20 || b == 0x7f:
			return fmt.Errorf("%s holds a control character at byte %d", what, i)
		}
	}
	return nil
}

// checkRoot refuses a base URL with a query or a fragment: the generated
// clients join paths to the base URL, and a query or fragment there would
// be dropped or sent in the wrong place. The message names the URL without
// the query's or fragment's value, which may hold a secret.
func checkRoot(base *url.URL, raw string) error {
	var what string
	switch {
	case base.RawQuery != "" || base.ForceQuery:
		what = "a query (?...)"
	case base.Fragment != "" || strings.Contains(raw, "#"):
		what = "a fragment (#...)"
	default:
		return nil
	}
	shown := *base
	shown.User, shown.RawQuery, shown.ForceQuery, shown.Fragment, shown.RawFragment = nil, "", false, "", ""
	return fmt.Errorf("base URL %q has %s: give the service's root only, such as https://host or https://host/prefix", shown.String(), what)
}

// ErrNilContext is the error of a call made with a nil context.
var ErrNilContext = errors.New("nil context")

// WithTimeout derives the context for one call that decodes a body. A nil
// ctx yields a context already ended with ErrNilContext as its cause, which
// the transport chain returns before sending anything.
func (c *Client) WithTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx == nil {
		return NilContext()
	}
	if c.Hint != nil {
		ctx = apierror.WithHint(ctx, c.Hint)
	}
	if c.Timeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, c.Timeout)
}

// NilContext returns a context already ended with ErrNilContext as its
// cause, for a call given a nil context: the call fails with that error
// instead of panicking.
func NilContext() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(ErrNilContext)
	return ctx, func() {}
}

// Decode turns a generated-client answer into its decoded JSON body: an
// error from the call is returned as CallError makes it, a status that is
// neither 2xx nor in want becomes an *apierror.Error (any 2xx whose body decodes is success:
// an action that ran is not reported as failed because the service answered
// 200 where the spec says 201), and a body that does not decode is an error naming the
// operation and status. The body is always closed.
func Decode[T any](api string, resp *http.Response, err error, want ...int) (*T, error) {
	var out T
	if err := DecodeInto(api, resp, err, &out, want...); err != nil {
		return nil, err
	}
	return &out, nil
}

// DecodeInto is Decode into a value the caller prepared: a slice given
// capacity up front (the page size asked for) is filled in place instead of
// grown while decoding.
func DecodeInto[T any](api string, resp *http.Response, err error, out *T, want ...int) error {
	if err != nil {
		return CallError(api, err)
	}
	if resp.StatusCode/100 != 2 && !slices.Contains(want, resp.StatusCode) {
		return apierror.FromResponse(api, resp)
	}
	if err := jsondec.DecodeResponse(resp, jsondec.DefaultLimit, out); err != nil {
		return fmt.Errorf("%s: %s %s: %d answer: %w", api, resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, err)
	}
	return nil
}

// DecodeItems is DecodeInto for a page asked with a limit of maxItems items
// of type E: a page holding more is an error (jsondec.ErrTooManyItems),
// found before the rest of the body is read or decoded.
func DecodeItems[E, T any](api string, resp *http.Response, err error, out *T, maxItems int, want ...int) error {
	if err != nil {
		return CallError(api, err)
	}
	if resp.StatusCode/100 != 2 && !slices.Contains(want, resp.StatusCode) {
		return apierror.FromResponse(api, resp)
	}
	if err := jsondec.DecodeResponseItems[E](resp, jsondec.DefaultLimit, out, maxItems); err != nil {
		return fmt.Errorf("%s: %s %s: %d answer: %w", api, resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, err)
	}
	return nil
}

// CallError is the error of a call that got no answer, under one "<api>: "
// prefix. A *url.Error (net/http's, naming the method and the whole URL)
// reads "<api>: METHOD /path: cause", the cause losing its own prefix; a
// cause that names a request of its own (the typed error, or a transport
// error, of a token fetch made for the call) is the message alone:
// "falcon: POST /oauth2/token: 403 Forbidden: ...". The query string and
// host are left out, as in the typed error. errors.Is and errors.As still
// find the *url.Error and its cause.
func CallError(api string, err error) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if !errors.As(err, &ue) {
		return apierror.Errorf(api, "%w", err)
	}
	cause := "<nil>"
	if ue.Err != nil {
		cause = apierror.TrimPrefix(api, ue.Err.Error())
	}
	var typed *apierror.Error
	var inner *url.Error
	if errors.As(ue.Err, &typed) || errors.As(ue.Err, &inner) {
		return apierror.WithMessage(api+": "+cause, err)
	}
	where := strings.ToUpper(ue.Op)
	if u, perr := url.Parse(ue.URL); perr == nil && u.Path != "" {
		where += " " + textclip.Clip(u.Path)
	}
	return apierror.WithMessage(api+": "+where+": "+cause, err)
}

// Presize returns an empty slice with room for n elements, n capped at
// 1000 so a large page size asked for a short answer costs little.
func Presize[E any](n int) []E {
	return make([]E, 0, min(max(n, 0), 1000))
}

// Check returns the typed error for an answer whose status is neither 2xx
// nor in want, leaving the body open for the caller otherwise. An error
// from the call is returned as CallError makes it.
func Check(api string, resp *http.Response, err error, want ...int) error {
	if err != nil {
		return CallError(api, err)
	}
	if resp.StatusCode/100 != 2 && !slices.Contains(want, resp.StatusCode) {
		return apierror.FromResponse(api, resp)
	}
	return nil
}
