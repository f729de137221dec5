package waldur

import (
	"errors"

	"github.com/respondkit/respondkit"
	"github.com/respondkit/respondkit/clients/internal/ratelimit"
	"github.com/respondkit/respondkit/clients/internal/transport"
)

// budgetOptions hold the rate budget shared beyond the client.
type budgetOptions struct {
	budget    respondkit.RateBudget
	budgetErr error
}

// WithRateBudget takes every request's share from budget (see
// respondkit.RateBudget) besides the client's own rate-limit handling, and
// shares every 429's wait through it: one budget per token (and base URL)
// for a whole fleet of processes. Without it the client's own handling
// applies alone: a 429 lowers the requests in flight and paces the next ones
// for every caller of the client.
func WithRateBudget(budget respondkit.RateBudget) Option {
	return func(o *options) {
		o.budget = budget
		if budget == nil {
			o.budgetErr = errors.New("waldur: WithRateBudget(nil): give a budget, or leave the option out for the client's own")
		}
	}
}

// limiter is the client's rate-limit state, shared by all its calls: the
// cooldown a 429 asks for and the pacing learnt from it, capped by the retry
// policy's MaxDelay.
func (o *options) limiter() *ratelimit.Limiter {
	p := transport.DefaultRetryPolicy()
	if o.Retry != nil {
		p = *o.Retry
	}
	return ratelimit.New(ratelimit.Config{API: api, MaxDelay: p.WithDefaults().MaxDelay, RetryAfter: p.RetryAfter, Budget: o.budget})
}
