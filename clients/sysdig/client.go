// Package sysdig is a client for the Sysdig Secure Response Actions API: run
// containment and data-gathering actions on hosts and clusters, follow their
// executions, undo them, and download the files that FILE_ACQUIRE actions
// capture.
//
// It wraps the generated client in gen/sysdigapi with authentication,
// regions, retries with backoff (honouring Retry-After), typed errors,
// iterators over pages, streaming downloads and a wait helper:
//
//	c, err := sysdig.New(os.Getenv("SYSDIG_API_TOKEN"), sysdig.WithRegion(sysdig.RegionEU1))
//	exec, err := c.Submit(ctx, sysdig.SubmitRequest{
//		ActionType: sysdig.ActionKillContainer,
//		Parameters: sysdig.Parameters{"host.id": hostID, "container.id": containerID},
//	})
//	exec, err = c.WaitForExecution(ctx, exec.ID, nil)
//
// The sysdigtest package holds a fake server for tests.
package sysdig

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/clients/internal/transport"
	"github.com/respondkit/respondkit/gen/sysdigapi"
)

// Region is a Sysdig Secure SaaS region.
type Region string

// The Sysdig Secure SaaS regions.
const (
	RegionUS1 Region = "us1"
	RegionUS2 Region = "us2"
	RegionUS3 Region = "us3"
	RegionUS4 Region = "us4"
	RegionEU1 Region = "eu1"
	RegionEU2 Region = "eu2"
	RegionAU1 Region = "au1"
	RegionME2 Region = "me2"
	RegionIN1 Region = "in1"
	RegionJP1 Region = "jp1"
)

// regionHosts are the regions' Secure hosts (note the two naming styles).
var regionHosts = map[Region]string{
	RegionUS1: "secure.sysdig.com",
	RegionUS2: "us2.app.sysdig.com",
	RegionUS3: "app.us3.sysdig.com",
	RegionUS4: "app.us4.sysdig.com",
	RegionEU1: "eu1.app.sysdig.com",
	RegionEU2: "app.eu2.sysdig.com",
	RegionAU1: "app.au1.sysdig.com",
	RegionME2: "app.me2.sysdig.com",
	RegionIN1: "app.in1.sysdig.com",
	RegionJP1: "app.jp1.sysdig.com",
}

// BaseURL returns the region's base URL, or an error for an unknown region.
func (r Region) BaseURL() (string, error) {
	h, ok := regionHosts[r]
	if !ok {
		return "", fmt.Errorf("sysdig: unknown region %q (want us1, us2, us3, us4, eu1, eu2, au1, me2, in1 or jp1)", string(r))
	}
	return "https://" + h, nil
}

// Error is the error returned for any non-2xx answer. Find it with errors.As;
// IsNotFound, IsUnauthorized, IsForbidden and IsRateLimited test for common
// statuses. Every error of the package, typed or not, reads "sysdig: ..."
// with that prefix once, and never holds the token.
type Error = apierror.Error

// IsNotFound reports whether err is a 404 answer.
func IsNotFound(err error) bool { return apierror.IsNotFound(err) }

// IsUnauthorized reports whether err is a 401 answer (a missing, wrong or
// expired token).
func IsUnauthorized(err error) bool { return apierror.IsUnauthorized(err) }

// IsForbidden reports whether err is a 403 answer (a token whose team or
// role may not do this).
func IsForbidden(err error) bool { return apierror.IsForbidden(err) }

// CheckResponse turns an answer of the Generated() client into the typed
// error: nil for a 2xx status, leaving the body for the caller, and an
// *Error for any other (its body read, at most 64 KiB, and closed).
func CheckResponse(resp *http.Response) error { return apierror.Check(api, resp) }

// IsRateLimited reports whether err is a 429 answer.
func IsRateLimited(err error) bool { return apierror.IsRateLimited(err) }

// RetryPolicy says when and how often requests are retried; see
// DefaultRetryPolicy.
type RetryPolicy = transport.RetryPolicy

// DefaultRetryPolicy is the policy New uses: up to 4 attempts, backoff from
// 500 ms with jitter, waits capped at 30 s.
func DefaultRetryPolicy() RetryPolicy { return transport.DefaultRetryPolicy() }

type options struct {
	httpclient.Config
	region Region
	idle   time.Duration
	err    error
	budgetOptions
}

// Option configures a Client.
type Option func(*options)

// WithRegion selects a SaaS region (us1 by default).
func WithRegion(r Region) Option {
	return func(o *options) {
		u, err := r.BaseURL()
		if err != nil {
			o.err = err
		}
		o.BaseURL, o.region = u, r
	}
}

// WithBaseURL sets the base URL of an on-premises installation or a proxy,
// e.g. https://sysdig.example.com. It overrides WithRegion.
func WithBaseURL(u string) Option { return func(o *options) { o.BaseURL, o.region = u, "" } }

// WithHTTPClient sets the client whose transport (proxy, TLS settings,
// custom CA), redirect policy and cookie jar are used.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.HTTPClient = c } }

// WithUserAgent puts a product token before respondkit's own User-Agent.
func WithUserAgent(product string) Option { return func(o *options) { o.UserAgent = product } }

// WithRetryPolicy replaces the retry policy. Its zero fields take the
// default's values, so RetryPolicy{MaxAttempts: 5} changes the number of
// attempts only; RetryPolicy{MaxAttempts: 1} turns retries off.
func WithRetryPolicy(p RetryPolicy) Option { return func(o *options) { o.Retry = &p } }

// WithLogger logs one debug record per HTTP attempt (method, path, status,
// attempt, duration; never a credential).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.Logger = l } }

// WithTimeout bounds each call that answers JSON (60 s by default; negative
// for none). Downloads have no total timeout: see WithDownloadIdleTimeout.
func WithTimeout(d time.Duration) Option { return func(o *options) { o.Timeout = d } }

// DefaultDownloadIdleTimeout is how long a download may receive no bytes
// (headers included) before it fails.
const DefaultDownloadIdleTimeout = 60 * time.Second

// WithDownloadIdleTimeout sets how long an acquired-file download may receive
// no bytes before it fails with ErrDownloadIdle (DefaultDownloadIdleTimeout
// by default), whatever the context: a download keeps streaming as long as
// bytes arrive, but a stalled one always ends.
func WithDownloadIdleTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.idle = d
		}
	}
}

// WithInsecureHTTP allows sending the token over plain http to a host that is
// not on loopback. Never use it across a network you do not control.
func WithInsecureHTTP() Option { return func(o *options) { o.AllowInsecureHTTP = true } }

// Client calls the Response Actions API. It is safe for concurrent use.
type Client struct {
	gen  *sysdigapi.Client
	hc   *httpclient.Client
	idle time.Duration
}

// New returns a client that authenticates with an API token (a team-scoped
// Secure API token or a service-account token). A token that is empty, only
// whitespace or has whitespace around it, and a base URL with a query or a
// fragment, are refused before anything is sent.
func New(token string, opts ...Option) (*Client, error) {
	if err := httpclient.CheckSecret("API token", token); err != nil {
		return nil, fmt.Errorf("sysdig: %w", err)
	}
	o := options{idle: DefaultDownloadIdleTimeout}
	WithRegion(RegionUS1)(&o)
	for _, opt := range opts {
		opt(&o)
	}
	if o.err != nil {
		return nil, o.err
	}
	if o.budgetErr != nil {
		return nil, o.budgetErr
	}
	o.Operations = operations()
	o.Limiter = o.limiter()
	hc, err := httpclient.NewStatic(o.Config, "Authorization", "Bearer "+token)
	if err != nil {
		return nil, fmt.Errorf("sysdig: %w", err)
	}
	gen, err := sysdigapi.NewClient(hc.BaseURL.String(), sysdigapi.WithHTTPClient(hc.HTTP), sysdigapi.WithRequestEditorFn(hc.Prepare))
	if err != nil {
		return nil, fmt.Errorf("sysdig: %w", err)
	}
	return &Client{gen: gen, hc: hc, idle: o.idle}, nil
}

// BaseURL returns the base URL the client sends requests to.
func (c *Client) BaseURL() string { return c.hc.BaseURL.String() }

// Generated returns the generated client the wrapper uses, with the same
// transport (auth, retries, logging), for operations' raw answers.
func (c *Client) Generated() *sysdigapi.Client { return c.gen }

// operations reads, from the generated table, whether each operation may be
// resent (the spec's x-respondkit-resend).
func operations() []transport.Operation {
	ops := make([]transport.Operation, len(sysdigapi.Operations))
	for i, op := range sysdigapi.Operations {
		ops[i] = transport.Operation{Method: op.Method, Path: op.Path, Safe: op.Resend == "safe"}
	}
	return ops
}
