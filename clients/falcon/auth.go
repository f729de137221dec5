package falcon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/transport"
	"github.com/respondkit/respondkit/gen/falconapi"
)

// refreshEarly is how long before its expiry a token is replaced.
const refreshEarly = 2 * time.Minute

// tokenCache holds the one token all calls share. Its lock is held while a
// token is fetched, so concurrent callers wait for that fetch instead of
// starting their own.
type tokenCache struct {
	mu    sync.Mutex
	tok   *oauth2.Token
	fetch func(ctx context.Context) (*oauth2.Token, error)
	now   func() time.Time
}

func newTokenCache(fetch func(context.Context) (*oauth2.Token, error)) *tokenCache {
	return &tokenCache{fetch: fetch, now: time.Now}
}

func (t *tokenCache) token(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok != nil && (t.tok.Expiry.IsZero() || t.now().Add(refreshEarly).Before(t.tok.Expiry)) {
		return t.tok.AccessToken, nil
	}
	tok, err := t.fetch(ctx)
	if err != nil {
		return "", err
	}
	if !tok.Expiry.IsZero() {
		// x/oauth2 dates the expiry on the wall clock; keep it on ours.
		tok.Expiry = t.now().Add(time.Until(tok.Expiry))
	}
	t.tok = tok
	return tok.AccessToken, nil
}

// invalidate drops the cached token if it is still the refused one.
func (t *tokenCache) invalidate(access string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok != nil && t.tok.AccessToken == access {
		t.tok = nil
	}
}

// current returns the cached token, if any.
func (t *tokenCache) current() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok == nil {
		return ""
	}
	return t.tok.AccessToken
}

// regionRecorder notes the X-CS-Region of a token answer and the host that
// gave it (after any 308 to the right region).
type regionRecorder struct {
	next   http.RoundTripper
	region string
	final  *url.URL
}

func (rr *regionRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := rr.next.RoundTrip(r)
	if err == nil && resp.StatusCode/100 == 2 {
		rr.region, rr.final = resp.Header.Get("X-CS-Region"), r.URL
	}
	return resp, err
}

// fetchToken gets a token with the client-credentials grant and, with
// autodiscovery on, moves the client to the region the answer names.
func (c *Client) fetchToken(ctx context.Context) (*oauth2.Token, error) {
	if c.creds.AccessToken != "" {
		return &oauth2.Token{AccessToken: c.creds.AccessToken}, nil
	}
	base := c.base.Load()
	cfg := clientcredentials.Config{
		ClientID:     c.creds.ClientID,
		ClientSecret: c.creds.ClientSecret,
		TokenURL:     base.JoinPath("/oauth2/token").String(),
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	if c.creds.MemberCID != "" {
		cfg.EndpointParams = url.Values{"member_cid": {c.creds.MemberCID}}
	}
	rec := &regionRecorder{next: c.hc.HTTP.Transport}
	hc := &http.Client{Transport: rec, Jar: c.hc.HTTP.Jar}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	tok, err := cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, hc))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.Response != nil {
			return nil, apierror.FromResponse(api, &http.Response{
				StatusCode: re.Response.StatusCode, Header: re.Response.Header,
				Body: io.NopCloser(bytes.NewReader(re.Body)), Request: re.Response.Request,
			})
		}
		return nil, fmt.Errorf("falcon: token request: %w", err)
	}
	if c.discover {
		c.moveTo(rec)
	}
	return tok, nil
}

// moveTo switches the base URL to the discovered region: the region the
// token answer named, or the host a 308 led to.
func (c *Client) moveTo(rec *regionRecorder) {
	if u, ok := c.hosts[Region(rec.region)]; ok {
		if nu, err := url.Parse(u); err == nil {
			c.base.Store(nu)
			return
		}
	}
	if rec.final != nil && !transport.SameOrigin(rec.final, c.base.Load()) {
		c.base.Store(&url.URL{Scheme: rec.final.Scheme, Host: rec.final.Host})
	}
}

// Close revokes the client's token, if it fetched one. The client must not
// be used afterwards. Calling Close again does nothing.
func (c *Client) Close(ctx context.Context) error {
	var err error
	c.closeOnce.Do(func() {
		tok := c.tokens.current()
		if tok == "" || c.creds.AccessToken != "" {
			return
		}
		ctx, cancel := c.hc.WithTimeout(ctx)
		defer cancel()
		basic := func(_ context.Context, r *http.Request) error {
			r.SetBasicAuth(c.creds.ClientID, c.creds.ClientSecret)
			base := c.base.Load()
			r.URL.Scheme, r.URL.Host, r.Host = base.Scheme, base.Host, ""
			return nil
		}
		resp, rerr := c.gen.Oauth2RevokeTokenWithFormdataBody(ctx, falconapi.RevokeRequest{Token: tok, ClientID: &c.creds.ClientID}, basic)
		if rerr != nil {
			err = fmt.Errorf("falcon: revoke token: %w", rerr)
			return
		}
		if resp.StatusCode != http.StatusOK {
			err = apierror.FromResponse(api, resp)
			return
		}
		drain(resp)
		c.tokens.invalidate(tok)
	})
	return err
}

// drain reads a little of a response we discard, so its connection can be
// reused, and closes it.
func drain(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	_ = resp.Body.Close()
}
