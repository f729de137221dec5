package falcon

import "time"

// WithRegionHosts points the regions at test servers, for autodiscovery tests.
func WithRegionHosts(hosts map[Region]string) Option {
	return func(o *options) {
		o.regionHosts = hosts
		o.BaseURL, o.discover = hosts[RegionUS1], true
	}
}

// SetTokenClock replaces the clock that decides when the token is refreshed.
func (c *Client) SetTokenClock(now func() time.Time) { c.tokens.now = now }
