package falcon

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/clients/internal/jsondec"
	"github.com/respondkit/respondkit/clients/internal/transport"
	"github.com/respondkit/respondkit/gen/falconapi"
	"github.com/respondkit/respondkit/internal/textclip"
)

// refreshEarly is the most a token is replaced before its expiry; a token
// living less than ten times that is replaced a tenth of its lifetime early
// (a 60 s token is reused for 54 s).
const refreshEarly = 2 * time.Minute

// earlyMargin is how long before its expiry a token of that lifetime is
// replaced.
func earlyMargin(life time.Duration) time.Duration { return min(refreshEarly, life/10) }

// ErrClosed is returned by every call on a client after Close.
var ErrClosed = errors.New("falcon: the client is closed")

// tokenCache holds the one token all calls share. Concurrent callers share
// one fetch and its outcome, success or failure; each waits for it only as
// long as its own context allows. The fetch runs under its own timeout and
// stops when every caller waiting for it has given up.
type tokenCache struct {
	mu      sync.Mutex
	tok     httpclient.Secret
	expiry  time.Time // zero: never expires
	margin  time.Duration
	exact   bool // the fetch's lifetime already leaves the early-refresh margin out
	flight  *flight
	closed  bool
	fetch   func(ctx context.Context) (string, time.Duration, error)
	timeout time.Duration
	now     func() time.Time
}

// flight is one token fetch and the callers waiting for it.
type flight struct {
	done    chan struct{}
	tok     httpclient.Secret
	err     error
	panic   error // the fetch panicked: raised again in every waiter
	waiters int
	cancel  context.CancelFunc
}

func newTokenCache(fetch func(context.Context) (string, time.Duration, error), timeout time.Duration) *tokenCache {
	if timeout <= 0 {
		timeout = httpclient.DefaultTimeout
	}
	return &tokenCache{fetch: fetch, timeout: timeout, now: time.Now}
}

func (t *tokenCache) token(ctx context.Context) (string, error) {
	if ctx == nil {
		return "", httpclient.ErrNilContext
	}
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return "", ErrClosed
	}
	if !t.tok.IsZero() && (t.expiry.IsZero() || t.now().Add(t.margin).Before(t.expiry)) {
		tok := t.tok
		t.mu.Unlock()
		return tok.Reveal(), nil
	}
	f := t.flight
	if f == nil {
		// The fetch keeps the first caller's values but not its
		// cancellation: another caller may still want the token.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), t.timeout)
		f = &flight{done: make(chan struct{}), cancel: cancel}
		t.flight = f
		go t.run(fctx, f)
	}
	f.waiters++
	t.mu.Unlock()

	select {
	case <-f.done:
		if f.panic != nil {
			panic(f.panic)
		}
		return f.tok.Reveal(), f.err
	case <-ctx.Done():
		t.mu.Lock()
		f.waiters--
		if f.waiters == 0 && t.flight == f {
			// Nobody waits any more: stop the fetch; the next caller
			// starts a new one.
			t.flight = nil
			f.cancel()
		}
		t.mu.Unlock()
		return "", context.Cause(ctx)
	}
}

// run fetches a token for a flight. A panic in the fetch (a bug in the
// caller's transport, say) does not escape this goroutine, where nobody
// could recover it: it is raised again in every caller waiting for the
// token, as x/sync/singleflight does.
func (t *tokenCache) run(ctx context.Context, f *flight) {
	var tok string
	var life time.Duration
	var err error
	defer func() {
		if r := recover(); r != nil {
			f.panic = apierror.Panicked("falcon: token fetch", r)
			tok, err = "", f.panic
		}
		f.cancel()
		t.mu.Lock()
		if t.flight == f {
			t.flight = nil
		}
		if err == nil && !t.closed {
			t.tok = httpclient.NewSecret(tok)
			t.expiry, t.margin = time.Time{}, 0
			if life > 0 {
				t.expiry = t.now().Add(life)
				t.margin = earlyMargin(life)
				if t.exact {
					t.margin = 0
				}
			}
		}
		f.tok, f.err = httpclient.NewSecret(tok), err
		t.mu.Unlock()
		close(f.done)
	}()
	tok, life, err = t.fetch(ctx)
}

// invalidate drops the cached token if it is still the refused one.
func (t *tokenCache) invalidate(access string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok.Reveal() == access {
		t.tok = httpclient.Secret{}
	}
}

// close marks the cache closed and returns the token to revoke, if any.
func (t *tokenCache) close() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
	if t.flight != nil {
		t.flight.cancel()
	}
	tok := t.tok
	t.tok = httpclient.Secret{}
	return tok.Reveal()
}

// RedirectError is returned when a token or revoke request is redirected
// where its credentials may not go: another host or port, plain http to a
// host not on loopback, or (with autodiscovery) a host that is not one of
// CrowdStrike's region hosts. Location names the refused place, never a
// credential.
type RedirectError struct {
	// Location is the refused redirect target (without user info, at most
	// a few hundred bytes).
	Location string
}

// Error names the refused location.
func (e *RedirectError) Error() string {
	return fmt.Sprintf("falcon: refused to send credentials to %s after a redirect", e.Location)
}

// credOrigin reports whether u may receive the client's credentials: the
// configured origin, the discovered region's, or, with autodiscovery, one
// of the known region hosts.
func (c *Client) credOrigin(u *url.URL) bool {
	if transport.SameOrigin(u, c.initial) || transport.SameOrigin(u, c.base.Load()) {
		return true
	}
	if !c.discover {
		return false
	}
	for _, h := range c.hosts {
		if hu, err := url.Parse(h); err == nil && transport.SameOrigin(u, hu) {
			return true
		}
	}
	return false
}

// newTokenHTTP builds the client of the token and revoke requests: the
// user's transport and redirect policy, retries and logging, and a guard
// that lets the credentials reach only credOrigin over https (or http on
// loopback), on the first request and after every redirect. It has no retry
// layer of its own inside another: the API requests do not retry a failed
// token fetch.
func (c *Client) newTokenHTTP(o options, retry RetryPolicy) *http.Client {
	user := o.HTTPClient
	if user == nil {
		user = &http.Client{}
	}
	guard := func(next http.RoundTripper) http.RoundTripper {
		return transport.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
			if err := c.checkCredTarget(r.URL, o.AllowInsecureHTTP); err != nil {
				if r.Body != nil {
					_ = r.Body.Close()
				}
				return nil, err
			}
			return next.RoundTrip(r)
		})
	}
	rt := transport.Chain(user.Transport,
		transport.UserAgent(o.UserAgent), transport.RetryWith(retry, transport.NewResend(o.Operations)),
		transport.Logging(o.Logger), guard)
	return &http.Client{
		Transport: rt,
		Jar:       user.Jar,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if err := c.checkCredTarget(req.URL, o.AllowInsecureHTTP); err != nil {
				return err
			}
			if user.CheckRedirect != nil {
				return user.CheckRedirect(req, via)
			}
			if len(via) >= 10 {
				return errors.New("stopped after 10 redirects")
			}
			return nil
		},
	}
}

// checkCredTarget refuses a target for credentials that is not credOrigin
// or that is plain http to a host not on loopback.
func (c *Client) checkCredTarget(u *url.URL, allowInsecure bool) error {
	if !c.credOrigin(u) || transport.CheckBaseURL(u, allowInsecure) != nil {
		loc := *u
		loc.User, loc.RawQuery, loc.Fragment = nil, "", ""
		return &RedirectError{Location: textclip.Clip(loc.String())}
	}
	return nil
}

// tokenHint is the advice a refused token request gets: the likely causes,
// naming no credential.
func tokenHint(e *apierror.Error) string {
	if e.StatusCode != http.StatusUnauthorized && e.StatusCode != http.StatusForbidden {
		return ""
	}
	return "check that Credentials.ClientID and ClientSecret are one API client's and not swapped, and that its IP allow-list admits this host"
}

// fetchToken gets a token with the client-credentials grant and, with
// autodiscovery on, moves the client to the region the answer names (only
// ever one of the known region hosts).
func (c *Client) fetchToken(ctx context.Context) (string, time.Duration, error) {
	if !c.creds.accessToken.IsZero() {
		return c.creds.accessToken.Reveal(), 0, nil
	}
	body := falconapi.TokenRequest{ClientID: c.creds.clientID.Reveal(), ClientSecret: c.creds.clientSecret.Reveal(), MemberCID: c.creds.memberCID.Reveal()}
	req, err := falconapi.NewOauth2AccessTokenRequestWithFormdataBody(server(c.base.Load()), body)
	if err != nil {
		return "", 0, fmt.Errorf("falcon: token request: %w", err)
	}
	resp, err := c.tokenHTTP.Do(req.WithContext(apierror.WithHint(ctx, tokenHint)))
	if err != nil {
		return "", 0, httpclient.CallError(api, err)
	}
	if resp.StatusCode/100 != 2 {
		return "", 0, apierror.FromResponse(api, resp)
	}
	var tr falconapi.TokenResponse
	if err := jsondec.DecodeResponse(resp, 1<<20, &tr); err != nil {
		return "", 0, fmt.Errorf("falcon: POST /oauth2/token: %d answer: %w", resp.StatusCode, err)
	}
	if tr.AccessToken == "" {
		return "", 0, fmt.Errorf("falcon: POST /oauth2/token: %d answer without an access token", resp.StatusCode)
	}
	if c.discover {
		c.moveTo(resp.Header.Get("X-CS-Region"), resp.Request.URL)
	}
	return tr.AccessToken, time.Duration(max(tr.ExpiresIn, 0)) * time.Second, nil
}

// moveTo switches the base URL to the discovered region: the known region
// the token answer named, or the known region host a redirect led to.
func (c *Client) moveTo(region string, final *url.URL) {
	if u, ok := c.hosts[Region(region)]; ok {
		if nu, err := url.Parse(u); err == nil {
			c.base.Store(nu)
			return
		}
	}
	if final != nil && c.credOrigin(final) && !transport.SameOrigin(final, c.base.Load()) {
		c.base.Store(&url.URL{Scheme: final.Scheme, Host: final.Host})
	}
}

// Close revokes the client's token, if it fetched one, and closes the
// client: every later call returns ErrClosed instead of fetching a new
// token. A revoke that did not happen (an error, a refused redirect, a
// non-200 answer, a context that ended) is an error, and Close may be called
// again, with a new context, until the revoke succeeds; once it has (or when
// there was nothing to revoke) Close returns nil. It is hand-written because
// the token revoked is the client's own (oauth2RevokeToken), and with a
// TokenStore only its last holder revokes it.
func (c *Client) Close(ctx context.Context) error {
	if err := c.ready(); err != nil {
		return err
	}
	s := c.closing
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		// With a token store, only the token's last holder revokes it.
		if tok := c.tokens.close(); tok != "" && c.creds.accessToken.IsZero() && c.lastHolder(ctx, tok) {
			s.toRevoke = httpclient.NewSecret(tok)
		}
	}
	if s.toRevoke.IsZero() {
		return nil
	}
	if err := c.revoke(ctx, s.toRevoke.Reveal()); err != nil {
		return err
	}
	s.toRevoke = httpclient.Secret{}
	return nil
}

// revoke asks the service to revoke tok.
func (c *Client) revoke(ctx context.Context, tok string) error {
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	req, err := falconapi.NewOauth2RevokeTokenRequestWithFormdataBody(server(c.base.Load()),
		falconapi.RevokeRequest{Token: tok, ClientID: c.creds.clientID.Reveal()})
	if err != nil {
		return fmt.Errorf("falcon: revoke token: %w", err)
	}
	req = req.WithContext(ctx)
	req.SetBasicAuth(c.creds.clientID.Reveal(), c.creds.clientSecret.Reveal())
	resp, err := c.tokenHTTP.Do(req)
	if err != nil {
		return httpclient.CallError(api, err)
	}
	if resp.StatusCode != http.StatusOK {
		return apierror.FromResponse(api, resp)
	}
	drain(resp)
	return nil
}

// server is u as the generated request builders take it: with a trailing
// slash, so that a path prefix (a proxy's https://host/falcon) is kept and
// /oauth2/token goes to https://host/falcon/oauth2/token, as every API
// request does.
func server(u *url.URL) string {
	s := u.String()
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s
}

// drain reads a little of a response we discard, so its connection can be
// reused, and closes it.
func drain(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	_ = resp.Body.Close()
}

// isOAuthPath reports whether a path is one of the OAuth2 endpoints, which
// carry their own credentials, under the base URL's path prefix if any.
func (c *Client) isOAuthPath(p string) bool {
	return strings.HasPrefix(strings.TrimPrefix(p, c.initial.Path), "/oauth2/")
}
