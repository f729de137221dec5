// Package waldur is a client for the Waldur User Actions API: list, count and
// summarise the actions Waldur suggests to a user, silence and unsilence
// them, and execute their corrective actions.
//
// It wraps the generated client in gen/waldurapi with `Token` (or `Bearer`)
// authentication, retries, typed errors, an iterator that follows the `Link`
// header across pages, and one filter type shared by list, count, summary and
// bulk silence:
//
//	c, err := waldur.New("https://waldur.example.com", os.Getenv("WALDUR_TOKEN"))
//	for a, err := range c.List(ctx, waldur.Filter{Urgency: waldur.UrgencyHigh, Overdue: waldur.Bool(true)}) {
//		...
//	}
//
// The waldurtest package holds a fake server for tests.
package waldur

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/clients/internal/transport"
	"github.com/respondkit/respondkit/gen/waldurapi"
)

const api = "waldur"

// Error is the error returned for any non-2xx answer. Find it with
// errors.As; Django REST framework field errors are in Details. Every error
// of the package, typed or not, reads "waldur: ..." with that prefix once,
// and never holds the token.
type Error = apierror.Error

// IsNotFound reports whether err is a 404 answer.
func IsNotFound(err error) bool { return apierror.IsNotFound(err) }

// IsUnauthorized reports whether err is a 401 answer (for example an expired
// token).
func IsUnauthorized(err error) bool { return apierror.IsUnauthorized(err) }

// IsForbidden reports whether err is a 403 answer (a user who may not see
// or change this).
func IsForbidden(err error) bool { return apierror.IsForbidden(err) }

// CheckResponse turns an answer of the Generated() client into the typed
// error: nil for a 2xx status, leaving the body for the caller, and an
// *Error for any other (its body read, at most 64 KiB, and closed).
func CheckResponse(resp *http.Response) error { return apierror.Check(api, resp) }

// IsRateLimited reports whether err is a 429 answer (from a proxy).
func IsRateLimited(err error) bool { return apierror.IsRateLimited(err) }

// RetryPolicy says when and how often requests are retried.
type RetryPolicy = transport.RetryPolicy

// DefaultRetryPolicy is the policy New uses.
func DefaultRetryPolicy() RetryPolicy { return transport.DefaultRetryPolicy() }

type options struct {
	httpclient.Config
	keyword string
	budgetOptions
}

// Option configures a Client.
type Option func(*options)

// WithBearer sends `Authorization: Bearer <token>`, for personal access
// tokens (w_...) and OIDC tokens, instead of `Token <token>`.
func WithBearer() Option { return func(o *options) { o.keyword = "Bearer" } }

// WithHTTPClient sets the client whose transport (proxy, TLS settings),
// redirect policy and cookie jar are used.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.HTTPClient = c } }

// WithUserAgent puts a product token before respondkit's own User-Agent.
func WithUserAgent(product string) Option { return func(o *options) { o.UserAgent = product } }

// WithRetryPolicy replaces the retry policy. Its zero fields take the
// default's values, so RetryPolicy{MaxAttempts: 5} changes the number of
// attempts only; RetryPolicy{MaxAttempts: 1} turns retries off.
func WithRetryPolicy(p RetryPolicy) Option { return func(o *options) { o.Retry = &p } }

// WithLogger logs one debug record per HTTP attempt (never a credential).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.Logger = l } }

// WithTimeout bounds each call (60 s by default; negative for none).
func WithTimeout(d time.Duration) Option { return func(o *options) { o.Timeout = d } }

// WithInsecureHTTP allows sending the token over plain http to a host that
// is not on loopback.
func WithInsecureHTTP() Option { return func(o *options) { o.AllowInsecureHTTP = true } }

// Client calls the User Actions API. It is safe for concurrent use.
type Client struct {
	gen *waldurapi.Client
	hc  *httpclient.Client
}

// New returns a client for the deployment at baseURL that authenticates
// with token. baseURL is the deployment's root, e.g.
// https://waldur.example.com (there is no default host); the API root
// https://waldur.example.com/api/ that Waldur's documentation gives works
// too, since the API's paths start with /api/ already. A token that is
// empty, only whitespace or has whitespace around it, and a base URL with a
// query or a fragment, are refused before anything is sent.
func New(baseURL, token string, opts ...Option) (*Client, error) {
	if baseURL == "" {
		return nil, errors.New("waldur: the deployment's base URL is required")
	}
	if err := httpclient.CheckSecret("token", token); err != nil {
		return nil, fmt.Errorf("waldur: %w", err)
	}
	o := options{keyword: "Token"}
	o.BaseURL = trimAPIRoot(baseURL)
	for _, opt := range opts {
		opt(&o)
	}
	if o.budgetErr != nil {
		return nil, o.budgetErr
	}
	o.Operations = operations()
	o.Limiter = o.limiter()
	hc, err := httpclient.NewStatic(o.Config, "Authorization", o.keyword+" "+token)
	if err != nil {
		return nil, fmt.Errorf("waldur: %w", err)
	}
	gen, err := waldurapi.NewClient(hc.BaseURL.String(), waldurapi.WithHTTPClient(hc.HTTP), waldurapi.WithRequestEditorFn(hc.Prepare))
	if err != nil {
		return nil, fmt.Errorf("waldur: %w", err)
	}
	return &Client{gen: gen, hc: hc}, nil
}

// BaseURL returns the base URL the client sends requests to: the
// deployment's root, without the /api of an API root given to New.
func (c *Client) BaseURL() string { return c.hc.BaseURL.String() }

// trimAPIRoot drops a trailing /api or /api/ from a base URL's path: every
// path of the spec starts with /api/, so the API root given as the base URL
// would send requests to /api/api/.... A URL that does not parse, or has a
// query or a fragment, is left for New's checks to refuse.
func trimAPIRoot(raw string) string {
	if strings.ContainsAny(raw, "?#") {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	p := strings.TrimRight(u.Path, "/")
	if !strings.HasSuffix(p, "/api") {
		return raw
	}
	u.Path, u.RawPath = strings.TrimSuffix(p, "/api"), ""
	return u.String()
}

// Generated returns the generated client the wrapper uses, with the same
// transport (auth, retries, logging).
func (c *Client) Generated() *waldurapi.Client { return c.gen }

// operations reads, from the generated table, whether each operation may be
// resent (the spec's x-respondkit-resend).
func operations() []transport.Operation {
	ops := make([]transport.Operation, len(waldurapi.Operations))
	for i, op := range waldurapi.Operations {
		ops[i] = transport.Operation{Method: op.Method, Path: op.Path, Safe: op.Resend == "safe"}
	}
	return ops
}
