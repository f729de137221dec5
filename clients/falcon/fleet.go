package falcon

import (
	"context"
	"errors"
	"time"

	"github.com/respondkit/respondkit"
)

// TokenStore shares one token between the clients of one API client (client
// id and member CID) beyond one process, so that a fleet of processes fetches
// one token instead of one each, and revokes it once. The optional module
// github.com/respondkit/respondkit/fleet/redis keeps one in Redis, encrypted.
// Without one (the default) each client keeps its own token in memory.
//
// A store serves one client: give each client its own (the Redis module's
// constructor is cheap). Implementations must be safe for concurrent use and
// must not block past the context.
type TokenStore interface {
	// Token returns the shared token and how much longer it may be used
	// (until its early-refresh point; 0: no limit), calling fetch when the
	// store holds no usable token. fetch gets a token from the service
	// and returns it with how long it may be used. Callers across the
	// fleet should share one fetch.
	Token(ctx context.Context, fetch func(context.Context) (token string, usable time.Duration, err error)) (token string, usable time.Duration, err error)
	// Invalidate drops token from the store if it still holds it: the
	// service refused it (401).
	Invalidate(ctx context.Context, token string) error
	// Release says that this client is done with token (its Close) and
	// reports whether the client should revoke it: true when no other
	// client of the fleet uses it any more.
	Release(ctx context.Context, token string) (revoke bool, err error)
}

// fleetOptions are the options a fleet of processes shares its token and
// rate budget through.
type fleetOptions struct {
	store      TokenStore
	fleetError error
}

// WithTokenStore shares the token through store (see TokenStore) instead of
// keeping it in the client alone. It needs client credentials (not an
// AccessToken) and a region or base URL set with WithRegion or WithBaseURL:
// a token fetched by another process does not say which region it belongs
// to, so autodiscovery cannot be used with a store.
func WithTokenStore(store TokenStore) Option {
	return func(o *options) {
		o.store = store
		if store == nil {
			o.fleetError = errors.New("falcon: WithTokenStore(nil): give a store, or leave the option out for the client's own token")
		}
	}
}

// WithRateBudget takes every request's share from budget (see
// respondkit.RateBudget) besides the client's own rate-limit handling, and
// shares every 429's wait through it: one budget per customer account (CID)
// for the whole fleet. Without it the client's own handling applies alone.
func WithRateBudget(budget respondkit.RateBudget) Option {
	return func(o *options) {
		o.Budget = budget
		if budget == nil {
			o.fleetError = errors.New("falcon: WithRateBudget(nil): give a budget, or leave the option out for the client's own")
		}
	}
}

// checkFleet refuses fleet options that cannot work together with the
// rest.
func (o *options) checkFleet(creds Credentials) error {
	if o.fleetError != nil {
		return o.fleetError
	}
	if o.store == nil {
		return nil
	}
	if creds.AccessToken != "" {
		return errors.New("falcon: WithTokenStore shares a token fetched with client credentials, and Credentials.AccessToken is set: use one or the other")
	}
	if !o.place.Placed() {
		return errors.New("falcon: WithTokenStore needs WithRegion or WithBaseURL: a token fetched by another process does not name its region, so autodiscovery is off")
	}
	return nil
}

// newTokens returns the client's token cache: over the store when there is
// one (the store says how long a token may be used), over fetchToken
// otherwise.
func (c *Client) newTokens(timeout time.Duration) *tokenCache {
	if c.store == nil {
		return newTokenCache(c.fetchToken, timeout)
	}
	fetch := func(ctx context.Context) (string, time.Duration, error) {
		tok, life, err := c.fetchToken(ctx)
		if err != nil || life <= 0 {
			return tok, 0, err
		}
		return tok, life - earlyMargin(life), nil
	}
	t := newTokenCache(func(ctx context.Context) (string, time.Duration, error) {
		return c.store.Token(ctx, fetch)
	}, timeout)
	t.exact = true
	return t
}

// invalidateShared drops a refused token from the store, if any.
func (c *Client) invalidateShared(ctx context.Context, tok string) {
	if c.store != nil {
		_ = c.store.Invalidate(ctx, tok)
	}
}

// lastHolder reports whether the client should revoke its token on Close:
// always without a store, and with one when the store says no other client
// uses it. A store that cannot say keeps the token (it expires by itself).
func (c *Client) lastHolder(ctx context.Context, tok string) bool {
	if c.store == nil {
		return true
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	revoke, err := c.store.Release(ctx, tok)
	return err == nil && revoke
}
