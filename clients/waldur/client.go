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
	"time"

	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/clients/internal/transport"
	"github.com/respondkit/respondkit/gen/waldurapi"
)

const api = "waldur"

// Error is the error returned for any non-2xx answer. Find it with
// errors.As; Django REST framework field errors are in Details.
type Error = apierror.Error

// IsNotFound reports whether err is a 404 answer.
func IsNotFound(err error) bool { return apierror.IsNotFound(err) }

// IsUnauthorized reports whether err is a 401 answer (for example an expired
// token).
func IsUnauthorized(err error) bool { return apierror.IsUnauthorized(err) }

// IsRateLimited reports whether err is a 429 answer (from a proxy).
func IsRateLimited(err error) bool { return apierror.IsRateLimited(err) }

// RetryPolicy says when and how often requests are retried.
type RetryPolicy = transport.RetryPolicy

// DefaultRetryPolicy is the policy New uses.
func DefaultRetryPolicy() RetryPolicy { return transport.DefaultRetryPolicy() }

type options struct {
	httpclient.Config
	keyword string
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

// WithRetryPolicy replaces the retry policy.
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

// New returns a client for the deployment at baseURL (its host root, e.g.
// https://waldur.example.com: there is no default host) that authenticates
// with token.
func New(baseURL, token string, opts ...Option) (*Client, error) {
	if baseURL == "" {
		return nil, errors.New("waldur: the deployment's base URL is required")
	}
	if token == "" {
		return nil, errors.New("waldur: empty token")
	}
	o := options{keyword: "Token"}
	o.BaseURL = baseURL
	for _, opt := range opts {
		opt(&o)
	}
	o.Operations = operations()
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

// BaseURL returns the base URL the client sends requests to.
func (c *Client) BaseURL() string { return c.hc.BaseURL.String() }

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
