package falcon

import "time"

// WithRegionHosts points the regions at test servers, for autodiscovery tests.
func WithRegionHosts(hosts map[Region]string) Option {
	return func(o *options) {
		o.regionHosts = hosts
		o.BaseURL = hosts[RegionUS1] // not placed: autodiscovery stays on
	}
}

// SetTokenClock replaces the clock that decides when the token is refreshed.
func (c *Client) SetTokenClock(now func() time.Time) { c.tokens.now = now }
