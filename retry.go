package respondkit

import (
	"fmt"
	"net/http"
	"time"
)

// RetryPolicy says when and how often a client retries a request (each
// client's WithRetryPolicy takes one). A zero field takes
// DefaultRetryPolicy's value, so RetryPolicy{MaxAttempts: 5} is the default
// policy with five attempts; a negative one means "none" where that is
// meaningful (see each field). Requests that may not be resent once the
// service may have processed them are never retried after that point,
// whatever the policy.
type RetryPolicy struct {
	// MaxAttempts is the total number of attempts, the first included:
	// 0..10, 4 if 0; 1 disables retries.
	MaxAttempts int
	// BaseDelay is the backoff before the second attempt (500 ms if 0); it
	// doubles for each further attempt, with jitter. Negative: no backoff,
	// retries go at once (a wait the response asks for is still honoured).
	BaseDelay time.Duration
	// MaxDelay caps every wait, an advertised Retry-After included: a
	// server asking for a longer wait gets its answer returned as is
	// (30 s if 0). Negative: never wait, so only the failures that ask
	// for no wait are retried, at once.
	MaxDelay time.Duration
	// RetryAfter reads the wait a response asks for, in every client both
	// for the retries and for the rate-limit cooldown that a 429 sets for
	// every call of the client. Nil means the client's own reading: the
	// standard Retry-After header, and first, for Falcon, its
	// X-RateLimit-RetryAfter. Error.RetryAfter is read from the headers,
	// whatever the hook.
	RetryAfter func(resp *http.Response, now time.Time) (time.Duration, bool)
}

// DefaultRetryPolicy retries up to 4 attempts with backoff from 500 ms,
// waiting at most 30 s at a time.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 4, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second}
}

// Bounds of a RetryPolicy's fields, checked by Check (and by each client's
// New).
const (
	MaxRetryAttempts  = 10
	MaxRetryBaseDelay = time.Minute
	MaxRetryDelay     = time.Hour
)

// Check refuses a policy whose fields are out of range, naming the field and
// the range: MaxAttempts 0..10 (0 for the default), BaseDelay at most a
// minute and MaxDelay at most an hour (negative for none).
func (p RetryPolicy) Check() error {
	switch {
	case p.MaxAttempts < 0 || p.MaxAttempts > MaxRetryAttempts:
		return fmt.Errorf("RetryPolicy.MaxAttempts %d out of range 0..%d (0: the default, 1: no retries)", p.MaxAttempts, MaxRetryAttempts)
	case p.BaseDelay > MaxRetryBaseDelay:
		return fmt.Errorf("RetryPolicy.BaseDelay %v out of range (at most %v; 0: the default, negative: no backoff)", p.BaseDelay, MaxRetryBaseDelay)
	case p.MaxDelay > MaxRetryDelay:
		return fmt.Errorf("RetryPolicy.MaxDelay %v out of range (at most %v; 0: the default, negative: never wait)", p.MaxDelay, MaxRetryDelay)
	}
	return nil
}

// NoRetries makes exactly one attempt.
func NoRetries() RetryPolicy { return RetryPolicy{MaxAttempts: 1} }

// WithDefaults returns the policy as it applies: each zero field set to
// DefaultRetryPolicy's value, a negative MaxAttempts made 1, and a
// negative BaseDelay or MaxDelay made 0 (no wait).
func (p RetryPolicy) WithDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	switch {
	case p.MaxAttempts == 0:
		p.MaxAttempts = d.MaxAttempts
	case p.MaxAttempts < 0:
		p.MaxAttempts = 1
	}
	switch {
	case p.BaseDelay == 0:
		p.BaseDelay = d.BaseDelay
	case p.BaseDelay < 0:
		p.BaseDelay = 0
	}
	switch {
	case p.MaxDelay == 0:
		p.MaxDelay = d.MaxDelay
	case p.MaxDelay < 0:
		p.MaxDelay = 0
	}
	return p
}
