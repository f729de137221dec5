package httpclient

import (
	"errors"
	"fmt"

	"github.com/respondkit/respondkit/clients/internal/transport"
)

// SetErr keeps the first error an option records, which Start returns.
func (c *Config) SetErr(err error) {
	if c.Err == nil {
		c.Err = err
	}
}

func (c *Config) config() *Config { return c }

// Start is the start every wrapper's New shares once it has checked its
// credentials: it runs the options over o (whose embedded Config is theirs
// to set) and returns the first error, under the api's prefix: a nil option
// (Apply), then the first an option recorded (Config.Err), then a rate
// budget option's (Config.BudgetErr). It then names the client (Config.API)
// and sets its operations (Config.Operations) for New or NewStatic.
func Start[O any, P interface {
	*O
	config() *Config
}, F ~func(*O)](api string, ops []transport.Operation, o P, opts []F) error {
	if err := Apply(api, (*O)(o), opts); err != nil {
		return err
	}
	c := o.config()
	if c.Err != nil {
		return c.Err
	}
	if c.BudgetErr != nil {
		return c.BudgetErr
	}
	c.API, c.Operations = api, ops
	return nil
}

// Apply runs a wrapper's options over o in order, refusing a nil option
// (which would otherwise panic) by its position among the options.
func Apply[O any, F ~func(*O)](api string, o *O, opts []F) error {
	for i, opt := range opts {
		if opt == nil {
			return fmt.Errorf("%s: option %d of %d is nil", api, i+1, len(opts))
		}
		opt(o)
	}
	return nil
}

// Placement records where a client's options point it — a region or a base
// URL — so that conflicting options are refused instead of the last one
// silently winning (a token meant for an on-premises host must not go to a
// SaaS region because WithRegion came after WithBaseURL).
type Placement struct {
	region, base       string
	hasRegion, hasBase bool
}

// ErrConflictingPlacement is the error of options that point a client at two
// places.
var ErrConflictingPlacement = errors.New("conflicting options: a region and a base URL, or two different ones, say two different places to send credentials; give one")

// Region records a region option.
func (p *Placement) Region(api, r string) error {
	switch {
	case p.hasBase:
		return fmt.Errorf("%s: WithRegion(%.32q) after WithBaseURL: %w", api, r, ErrConflictingPlacement)
	case p.hasRegion && p.region != r:
		return fmt.Errorf("%s: WithRegion(%.32q) after WithRegion(%.32q): %w", api, r, p.region, ErrConflictingPlacement)
	}
	p.region, p.hasRegion = r, true
	return nil
}

// BaseURL records a base URL option. The URL is not quoted in the error: it
// could be a credential given in the wrong place.
func (p *Placement) BaseURL(api, u string) error {
	switch {
	case u == "":
		// An unset environment variable must not fall back to a SaaS
		// region's host.
		return fmt.Errorf("%s: WithBaseURL with an empty URL", api)
	case p.hasRegion:
		return fmt.Errorf("%s: WithBaseURL after WithRegion(%.32q): %w", api, p.region, ErrConflictingPlacement)
	case p.hasBase && p.base != u:
		return fmt.Errorf("%s: WithBaseURL given twice with different URLs: %w", api, ErrConflictingPlacement)
	}
	p.base, p.hasBase = u, true
	return nil
}

// Placed reports whether an option placed the client (a region or a base
// URL); without one a client may find its place itself (Falcon's region
// autodiscovery).
func (p *Placement) Placed() bool { return p.hasRegion || p.hasBase }

// ErrNotNew is the error of a method called on a client that New did not
// make: a zero Client{} or a nil *Client.
var ErrNotNew = errors.New("the client was not made by New (a zero or nil Client): create it with New")

// NotNew is ErrNotNew under the api's prefix.
func NotNew(api string) error { return fmt.Errorf("%s: %w", api, ErrNotNew) }
