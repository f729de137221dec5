// Package falcon is a client for the CrowdStrike Falcon Response Policies API
// (Real Time Response policies): query, create, update and delete policies,
// enable and disable them, attach host and rule groups, set their precedence,
// and list the hosts they apply to.
//
// It wraps the generated client in gen/falconapi with OAuth2 client
// credentials (one shared token, refreshed early, fetched again once on a
// 401), region autodiscovery, a rate-limit cooldown shared by all concurrent
// calls, batching of id lists, iterators over pages and typed errors that keep
// the trace id:
//
//	c, err := falcon.New(falcon.Credentials{ClientID: id, ClientSecret: secret})
//	defer c.Close(ctx)
//	for p, err := range c.QueryPolicies(ctx, falcon.QueryOptions{Sort: falcon.SortPrecedenceAsc}) { ... }
//
// The falcontest package holds a fake server for tests; the fql package
// builds filters.
package falcon

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/clients/internal/ratelimit"
	"github.com/respondkit/respondkit/clients/internal/transport"
	"github.com/respondkit/respondkit/gen/falconapi"
)

const api = "falcon"

// Region is a Falcon cloud region.
type Region string

// The Falcon cloud regions.
const (
	RegionUS1    Region = "us-1"
	RegionUS2    Region = "us-2"
	RegionUS3    Region = "us-3"
	RegionEU1    Region = "eu-1"
	RegionUSGov1 Region = "us-gov-1"
	RegionUSGov2 Region = "us-gov-2"
)

var regionHosts = map[Region]string{
	RegionUS1:    "https://api.crowdstrike.com",
	RegionUS2:    "https://api.us-2.crowdstrike.com",
	RegionUS3:    "https://api.us-3.crowdstrike.com",
	RegionEU1:    "https://api.eu-1.crowdstrike.com",
	RegionUSGov1: "https://api.laggar.gcw.crowdstrike.com",
	RegionUSGov2: "https://api.us-gov-2.crowdstrike.mil",
}

// BaseURL returns the region's base URL, or an error for an unknown region.
func (r Region) BaseURL() (string, error) {
	u, ok := regionHosts[r]
	if !ok {
		return "", fmt.Errorf("falcon: unknown region %q (want us-1, us-2, us-3, eu-1, us-gov-1 or us-gov-2)", string(r))
	}
	return u, nil
}

// Error is the error returned for any non-2xx answer; Details holds the MSA
// envelope's errors and RequestID the X-CS-TRACEID. Find it with errors.As.
// A refused token request is one too: a wrong client id or secret reads
// "falcon: POST /oauth2/token: 403 Forbidden: access denied, authorization
// failed (request id ...)". Every error of the package, typed or not, reads
// "falcon: ..." with that prefix once, and never holds a credential.
type Error = apierror.Error

// IsNotFound reports whether err is a 404 answer.
func IsNotFound(err error) bool { return apierror.IsNotFound(err) }

// IsUnauthorized reports whether err is a 401 answer (a token the API no
// longer accepts).
func IsUnauthorized(err error) bool { return apierror.IsUnauthorized(err) }

// IsForbidden reports whether err is a 403 answer: a client id and secret
// the token endpoint refuses, or an API client without the scope the
// operation needs (Response Policies: read or write).
func IsForbidden(err error) bool { return apierror.IsForbidden(err) }

// CheckResponse turns an answer of the Generated() client into the typed
// error: nil for a 2xx status, leaving the body for the caller, and an
// *Error for any other (its body read, at most 64 KiB, and closed; the MSA
// envelope's errors in Details, the trace id in RequestID).
func CheckResponse(resp *http.Response) error { return apierror.Check(api, resp) }

// IsRateLimited reports whether err is a 429 answer.
func IsRateLimited(err error) bool { return apierror.IsRateLimited(err) }

// RetryPolicy says when and how often requests are retried.
type RetryPolicy = transport.RetryPolicy

// DefaultRetryPolicy is the policy New uses; it honours
// X-RateLimit-RetryAfter (Unix epoch seconds) as well as Retry-After.
func DefaultRetryPolicy() RetryPolicy {
	p := transport.DefaultRetryPolicy()
	p.RetryAfter = retryAfter
	return p
}

// retryAfter reads Falcon's X-RateLimit-RetryAfter (epoch seconds; a time in
// the past means now), then the standard Retry-After.
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	if d, ok := transport.ParseEpochSeconds(resp.Header.Get("X-RateLimit-RetryAfter"), now); ok {
		return d, true
	}
	return transport.ParseRetryAfter(resp.Header, now)
}

// Credentials authenticate the client: an API client's id and secret (and,
// for an MSSP, the child customer's CID), or an access token obtained
// elsewhere.
type Credentials struct {
	ClientID, ClientSecret string
	// MemberCID acts in a child customer (MSSP).
	MemberCID string
	// AccessToken is a pre-obtained token, used instead of the client
	// credentials; it is not refreshed.
	AccessToken string
}

// check refuses credentials that cannot authenticate, naming the field
// (never its value).
func (c Credentials) check() error {
	for _, f := range []struct{ name, v string }{
		{"ClientID", c.ClientID}, {"ClientSecret", c.ClientSecret}, {"MemberCID", c.MemberCID}, {"AccessToken", c.AccessToken},
	} {
		if f.v == "" {
			continue
		}
		if err := httpclient.CheckSecret("Credentials."+f.name, f.v); err != nil {
			return fmt.Errorf("falcon: %w", err)
		}
	}
	if c.AccessToken == "" && (c.ClientID == "" || c.ClientSecret == "") {
		return errors.New("falcon: credentials need a client id and secret, or an access token")
	}
	return nil
}

type options struct {
	httpclient.Config
	region      Region
	discover    bool
	lowWater    int64
	regionHosts map[Region]string
	fleetOptions
	err error
}

// Option configures a Client.
type Option func(*options)

// WithRegion selects a region and turns autodiscovery off. By default the
// client starts at us-1 and follows the region the token answer names.
func WithRegion(r Region) Option {
	return func(o *options) {
		u, err := r.BaseURL()
		o.err = err
		o.BaseURL, o.region, o.discover = u, r, false
	}
}

// WithBaseURL sets a custom base URL (a proxy, a test server) and turns
// autodiscovery off.
func WithBaseURL(u string) Option {
	return func(o *options) { o.BaseURL, o.region, o.discover = u, "", false }
}

// WithHTTPClient sets the client whose transport (proxy, TLS settings),
// redirect policy and cookie jar are used, for the token and revoke
// requests too. Whatever that policy, the token and revoke requests are
// never redirected to another origin than the configured one (or, with
// autodiscovery, a known region host): such a redirect is a *RedirectError.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.HTTPClient = c } }

// WithUserAgent puts a product token before respondkit's own User-Agent.
func WithUserAgent(product string) Option { return func(o *options) { o.UserAgent = product } }

// WithRetryPolicy replaces the retry policy. Its zero fields take the
// default's values, so RetryPolicy{MaxAttempts: 5} changes the number of
// attempts only; RetryPolicy{MaxAttempts: 1} turns retries off. A policy
// without a RetryAfter hook gets Falcon's.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(o *options) {
		if p.RetryAfter == nil {
			p.RetryAfter = retryAfter
		}
		o.Retry = &p
	}
}

// WithLogger logs one debug record per HTTP attempt (never a credential).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.Logger = l } }

// WithTimeout bounds each call (60 s by default; negative for none).
func WithTimeout(d time.Duration) Option { return func(o *options) { o.Timeout = d } }

// WithInsecureHTTP allows sending credentials over plain http to a host that
// is not on loopback.
func WithInsecureHTTP() Option { return func(o *options) { o.AllowInsecureHTTP = true } }

// WithSlowDown sets how low X-RateLimit-Remaining may fall before the client
// spaces its requests out (10 by default; 0 turns it off): concurrent
// requests then leave one after the other, a window's share of the limit
// apart (100 ms at 600 a minute). The counts expire after a minute, no
// spacing is longer than the retry policy's MaxDelay, and a request whose
// deadline cannot afford its spacing is sent at once.
func WithSlowDown(remaining int64) Option { return func(o *options) { o.lowWater = remaining } }

// Client calls the Response Policies API. It is safe for concurrent use.
type Client struct {
	gen     *falconapi.Client
	hc      *httpclient.Client
	creds   Credentials
	tokens  *tokenCache
	limiter *ratelimit.Limiter
	store   TokenStore

	initial  *url.URL
	base     atomic.Pointer[url.URL] // moves when the region is discovered
	discover bool
	hosts    map[Region]string

	tokenHTTP *http.Client // token and revoke requests (see newTokenHTTP)
	closeOnce sync.Once
	closeErr  error
}

// New returns a client. With client credentials the token is fetched on the
// first call and shared by all calls. A credential that is set but only
// whitespace, has whitespace around it or holds a control character, and a
// base URL with a query or a fragment, are refused before anything is sent.
func New(creds Credentials, opts ...Option) (*Client, error) {
	if err := creds.check(); err != nil {
		return nil, err
	}
	o := options{discover: true, lowWater: 10, regionHosts: regionHosts}
	o.BaseURL = regionHosts[RegionUS1]
	for _, opt := range opts {
		opt(&o)
	}
	if o.err != nil {
		return nil, o.err
	}
	if o.Retry == nil {
		p := DefaultRetryPolicy()
		o.Retry = &p
	}
	if err := o.checkFleet(creds); err != nil {
		return nil, err
	}
	c := &Client{creds: creds, discover: o.discover && creds.AccessToken == "", hosts: o.regionHosts, store: o.store,
		limiter: ratelimit.New(ratelimit.Config{API: api, LowWater: o.lowWater, MaxDelay: cooldownCap(*o.Retry), RetryAfter: retryAfter, Budget: o.budget})}
	o.Operations = operations()
	hc, err := httpclient.New(o.Config, func(base *url.URL) transport.Layer {
		return func(next http.RoundTripper) http.RoundTripper {
			return c.limiter.Layer(c.authLayer(next, o.AllowInsecureHTTP))
		}
	})
	if err != nil {
		return nil, fmt.Errorf("falcon: %w", err)
	}
	c.hc, c.initial = hc, hc.BaseURL
	hc.Pressure = c.limiter.Pressure
	c.base.Store(hc.BaseURL)
	c.tokenHTTP = c.newTokenHTTP(o)
	c.tokens = c.newTokens(hc.Timeout)
	gen, err := falconapi.NewClient(hc.BaseURL.String(), falconapi.WithHTTPClient(hc.HTTP), falconapi.WithRequestEditorFn(hc.Prepare))
	if err != nil {
		return nil, fmt.Errorf("falcon: %w", err)
	}
	c.gen = gen
	return c, nil
}

// BaseURL returns the base URL requests go to now (after autodiscovery, the
// discovered region's).
func (c *Client) BaseURL() string { return c.base.Load().String() }

// RateLimit returns the last X-RateLimit-Limit and X-RateLimit-Remaining the
// service sent (-1 before any answer).
func (c *Client) RateLimit() (limit, remaining int64) { return c.limiter.Last() }

// Generated returns the generated client the wrapper uses, with the same
// transport (OAuth2, rate limits, retries, logging).
func (c *Client) Generated() *falconapi.Client { return c.gen }

// authLayer sends the bearer token to the API's origin (never elsewhere,
// never over plain http to a host not on loopback, whatever the path),
// moves requests to the discovered region, and on a 401 fetches a new token
// once and resends once. A failed token fetch is not retried by the retry
// layer above: the fetch made its own attempts, shared by every caller.
func (c *Client) authLayer(next http.RoundTripper, allowInsecure bool) http.RoundTripper {
	return transport.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		if !(transport.SameOrigin(r.URL, c.initial) || transport.SameOrigin(r.URL, c.base.Load())) {
			r2 := r.Clone(r.Context())
			r2.Header.Del("Authorization")
			return next.RoundTrip(r2)
		}
		if err := transport.CheckBaseURL(r.URL, allowInsecure); err != nil {
			closeBody(r)
			return nil, err
		}
		if isOAuthPath(r.URL.Path) {
			// The OAuth2 endpoints carry their own credentials: no bearer.
			return next.RoundTrip(r)
		}
		tok, err := c.tokens.token(r.Context())
		if err != nil {
			closeBody(r)
			return nil, transport.NoRetry(err)
		}
		send := func(tok string, body bool) (*http.Response, error) {
			r2 := r.Clone(r.Context())
			base := c.base.Load()
			r2.URL.Scheme, r2.URL.Host, r2.Host = base.Scheme, base.Host, ""
			if err := transport.CheckBaseURL(r2.URL, allowInsecure); err != nil {
				closeBody(r)
				return nil, err
			}
			if body && r.GetBody != nil {
				b, err := r.GetBody()
				if err != nil {
					return nil, err
				}
				r2.Body = b
			}
			r2.Header.Set("Authorization", "Bearer "+tok)
			return next.RoundTrip(r2)
		}
		resp, err := send(tok, false)
		replayable := r.Body == nil || r.Body == http.NoBody || r.GetBody != nil
		if err != nil || resp.StatusCode != http.StatusUnauthorized || c.creds.AccessToken != "" || !replayable {
			return resp, err
		}
		// The token was refused (expired early, revoked): fetch one
		// new token and try once more. A 401 means the request was
		// not processed, so the resend is safe.
		drain(resp)
		c.tokens.invalidate(tok)
		c.invalidateShared(r.Context(), tok)
		if tok, err = c.tokens.token(r.Context()); err != nil {
			return nil, transport.NoRetry(err)
		}
		return send(tok, true)
	})
}

func closeBody(r *http.Request) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
}

// operations reads, from the generated table, whether each operation may be
// resent (the spec's x-respondkit-resend).
func operations() []transport.Operation {
	ops := make([]transport.Operation, len(falconapi.Operations))
	for i, op := range falconapi.Operations {
		ops[i] = transport.Operation{Method: op.Method, Path: op.Path, Safe: op.Resend == "safe"}
	}
	return ops
}

// cooldownCap is the longest shared rate-limit wait: the policy's MaxDelay
// as it applies (the default's when it sets none, 0 when it says never wait).
func cooldownCap(p RetryPolicy) time.Duration { return p.WithDefaults().MaxDelay }
