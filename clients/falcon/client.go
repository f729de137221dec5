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
// Every list has a page method too ([Client.QueryPoliciesPage]: a [Page] and its
// Next position). Input the spec or the client can tell is wrong (an empty
// or repeated id, a value out of range, an unknown enum value, a nil
// context) is refused before anything is sent; an answer that is not 2xx is
// an [*Error] (test it with [IsNotFound], [IsUnauthorized], [IsForbidden],
// [IsRateLimited], or read it with errors.As), and per-id failures of a batch a [*PartialError] beside the results. The package's
// examples (Example, Example_errors) run against the fake server.
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

	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/clients/internal/transport"
	"github.com/respondkit/respondkit/gen/falconapi"
)

const api = "falcon"

// DefaultRetryPolicy is the policy New uses: up to 4 attempts, backoff from
// 500 ms with jitter, waits capped at 30 s; its RetryAfter hook reads
// X-RateLimit-RetryAfter (Unix epoch seconds) as well as Retry-After, as New
// does for any policy without a hook.
func DefaultRetryPolicy() RetryPolicy {
	p := transport.DefaultRetryPolicy()
	p.RetryAfter = retryAfter
	return p
}

// retryAfter reads Falcon's X-RateLimit-RetryAfter (epoch seconds; a time in
// the past means now), then the standard Retry-After.
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	return transport.ParseWait(resp.Header, now)
}

// Credentials authenticate the client: an API client's id and secret (and,
// for an MSSP, the child customer's CID), or an access token obtained
// elsewhere.
type Credentials struct {
	ClientID, ClientSecret string
	// MemberCID acts in a child customer (MSSP).
	MemberCID string
	// AccessToken is a pre-obtained token, given instead of the client
	// credentials (not with them); it is not refreshed or revoked.
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
	if c.AccessToken != "" && (c.ClientID != "" || c.ClientSecret != "" || c.MemberCID != "") {
		// Which one would authenticate? Say one.
		return errors.New("falcon: credentials hold both an access token and client credentials (ClientID, ClientSecret or MemberCID): give one or the other")
	}
	return nil
}

type options struct {
	httpclient.Config
	place       httpclient.Placement
	regionHosts map[Region]string
	fleetOptions
}

// Option configures a Client.
type Option func(*options)

// WithHTTPClient sets the client whose transport (proxy, TLS settings),
// redirect policy and cookie jar are used, for the token and revoke
// requests too. Whatever that policy, the token and revoke requests are
// never redirected to another origin than the configured one (or, with
// autodiscovery, a known region host): such a redirect is a *RedirectError.
// nil, like leaving the option out, uses net/http's default transport.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.HTTPClient = c } }

// WithRetryPolicy replaces the retry policy. Its zero fields take the
// default's values, so RetryPolicy{MaxAttempts: 5} changes the number of
// attempts only; RetryPolicy{MaxAttempts: 1} turns retries off. New refuses
// a policy out of range (RetryPolicy.Check). A policy's RetryAfter hook reads
// the wait of every answer, for the retries and for the rate-limit cooldown
// every call shares alike; without one the client reads
// X-RateLimit-RetryAfter, then Retry-After.
func WithRetryPolicy(p RetryPolicy) Option { return func(o *options) { o.Retry = &p } }

// MaxSlowDown is the largest value WithSlowDown takes: the account's limit
// per minute.
const MaxSlowDown = 6000

// WithSlowDown sets how low X-RateLimit-Remaining may fall before the client
// spaces its requests out (10 by default; 0 turns it off; at most
// MaxSlowDown, and New refuses a negative value): concurrent
// requests then leave one after the other, a window's share of the limit
// apart (100 ms at 600 a minute). The counts expire after a minute, no
// spacing is longer than the retry policy's MaxDelay, and a request whose
// deadline cannot afford its spacing is sent at once.
func WithSlowDown(remaining int64) Option {
	return func(o *options) {
		if remaining < 0 || remaining > MaxSlowDown {
			o.SetErr(fmt.Errorf("falcon: WithSlowDown(%d) out of range 0..%d", remaining, MaxSlowDown))
		}
		o.LowWater = remaining
	}
}

// Client calls the Response Policies API. It is safe for concurrent use.
type Client struct {
	gen    *falconapi.Client
	hc     *httpclient.Client
	creds  secrets
	tokens *tokenCache
	store  TokenStore

	initial  *url.URL
	base     atomic.Pointer[url.URL] // moves when the region is discovered
	discover bool
	hosts    map[Region]string

	tokenHTTP *http.Client // token and revoke requests (see newTokenHTTP)

	closing *closeState // behind a pointer: fmt prints an address, not a token
}

// closeState is what Close knows between calls.
type closeState struct {
	mu       sync.Mutex
	closed   bool
	toRevoke httpclient.Secret // a token Close has yet to revoke
}

// New returns a client. With client credentials the token is fetched on the
// first call and shared by all calls. Without WithRegion or WithBaseURL
// (under which every request goes, the token and revoke requests included)
// the client starts at us-1 and follows the region the token answer names
// (autodiscovery); either option turns autodiscovery off. A credential that is set but only
// whitespace, has whitespace around it or holds a control character, and a
// base URL with a query or a fragment, are refused before anything is sent.
func New(creds Credentials, opts ...Option) (*Client, error) {
	if err := creds.check(); err != nil {
		return nil, err
	}
	o := options{regionHosts: regionURLs}
	o.BaseURL, o.LowWater, o.WaitHeaders = regionURLs[RegionUS1], 10, retryAfter
	if err := httpclient.Start(api, operations(), &o, opts); err != nil {
		return nil, err
	}
	if err := o.checkFleet(creds); err != nil {
		return nil, err
	}
	c := &Client{creds: creds.secrets(), closing: &closeState{}, discover: !o.place.Placed() && creds.AccessToken == "", hosts: o.regionHosts, store: o.store}
	hc, gen, err := withGenerated(httpclient.New(o.Config, func(*url.URL) transport.Layer {
		return func(next http.RoundTripper) http.RoundTripper { return c.authLayer(next, o.AllowInsecureHTTP) }
	}))
	if err != nil {
		return nil, err
	}
	c.hc, c.gen, c.initial = hc, gen, hc.BaseURL
	c.base.Store(hc.BaseURL)
	c.tokenHTTP = c.newTokenHTTP(o, hc.Retry)
	c.tokens = c.newTokens(hc.Timeout)
	return c, nil
}

// BaseURL returns the base URL requests go to now (after autodiscovery, the
// discovered region's). It is hand-written because that URL moves with
// autodiscovery, where the other clients' (generated) is the one configured.
func (c *Client) BaseURL() string {
	if c.ready() != nil {
		return ""
	}
	return c.base.Load().String()
}

// RateLimit returns the last X-RateLimit-Limit and X-RateLimit-Remaining the
// service sent (-1 before any answer). It is hand-written: only Falcon sends
// these headers, read by the client's rate limiter, not by an operation.
func (c *Client) RateLimit() (limit, remaining int64) {
	if c.ready() != nil {
		return -1, -1
	}
	return c.hc.Limiter.Last()
}

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
		if c.isOAuthPath(r.URL.Path) {
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
			if r2.Header.Get("Content-Type") == "" {
				// Bodiless ones (GET, DELETE) too: the service refuses some
				// requests without one even when the body is empty, and
				// CrowdStrike's SDKs send application/json on all of them.
				r2.Header.Set("Content-Type", "application/json")
			}
			return next.RoundTrip(r2)
		}
		resp, err := send(tok, false)
		replayable := r.Body == nil || r.Body == http.NoBody || r.GetBody != nil
		if err != nil || resp.StatusCode != http.StatusUnauthorized || !c.creds.accessToken.IsZero() || !replayable {
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

// secrets are the credentials as the client keeps them: as Secrets, which
// no fmt verb prints.
type secrets struct {
	clientID, clientSecret, memberCID, accessToken httpclient.Secret
}

func (c Credentials) secrets() secrets {
	return secrets{clientID: httpclient.NewSecret(c.ClientID), clientSecret: httpclient.NewSecret(c.ClientSecret),
		memberCID: httpclient.NewSecret(c.MemberCID), accessToken: httpclient.NewSecret(c.AccessToken)}
}

func (c Credentials) shown() []httpclient.Shown {
	return []httpclient.Shown{
		{Name: "ClientID", Value: httpclient.ShowSecret(c.ClientID)}, {Name: "ClientSecret", Value: httpclient.ShowSecret(c.ClientSecret)},
		{Name: "MemberCID", Value: httpclient.ShowSecret(c.MemberCID)}, {Name: "AccessToken", Value: httpclient.ShowSecret(c.AccessToken)},
	}
}

// String shows which credentials are set, never their values.
func (c Credentials) String() string { return httpclient.Redacted("falcon.Credentials", c.shown()...) }

// GoString is String, for %#v.
func (c Credentials) GoString() string { return c.String() }

// Format prints String for every verb, so no verb or flag shows a secret.
func (c Credentials) Format(f fmt.State, _ rune) { httpclient.Format(f, c.String()) }

// LogValue shows which credentials are set to slog, never their values.
func (c Credentials) LogValue() slog.Value { return httpclient.LogGroup(c.shown()...) }

// MarshalJSON encodes the redacted form: no secret leaves in JSON.
func (c Credentials) MarshalJSON() ([]byte, error) { return httpclient.MarshalJSON(c.shown()...) }
