package falcon

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/respondkit/respondkit/clients/internal/transport"
)

// limiter holds the rate-limit state every concurrent call of a client
// shares: a cooldown set by a 429's X-RateLimit-RetryAfter, which every
// request waits out before it is sent, and the last limit and remaining
// counts, which space requests out when few remain.
type limiter struct {
	mu               sync.Mutex
	until            time.Time
	limit, remaining int64
	lowWater         int64
	now              func() time.Time
}

func newLimiter(lowWater int64) *limiter {
	return &limiter{limit: -1, remaining: -1, lowWater: lowWater, now: time.Now}
}

func (l *limiter) last() (int64, int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limit, l.remaining
}

// delay is how long a request must wait before it is sent.
func (l *limiter) delay() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var d time.Duration
	if now.Before(l.until) {
		d = l.until.Sub(now)
	}
	if l.lowWater > 0 && l.remaining >= 0 && l.remaining < l.lowWater && l.limit > 0 {
		// Few requests left: spread them as the window refills, one
		// request's share of the minute each.
		d = max(d, time.Minute/time.Duration(l.limit))
	}
	return d
}

func (l *limiter) observe(resp *http.Response) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if v, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Limit"), 10, 64); err == nil {
		l.limit = v
	}
	if v, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Remaining"), 10, 64); err == nil {
		l.remaining = v
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		if d, ok := transport.ParseEpochSeconds(resp.Header.Get("X-RateLimit-RetryAfter"), l.now()); ok {
			if t := l.now().Add(d); t.After(l.until) {
				l.until = t
			}
		}
	}
}

func (l *limiter) layer(next http.RoundTripper) http.RoundTripper {
	return transport.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		if d := l.delay(); d > 0 {
			if err := transport.Sleep(r.Context(), d); err != nil { // the cooldown may outlive the caller
				closeBody(r)
				return nil, err
			}
		}
		resp, err := next.RoundTrip(r)
		if err == nil {
			l.observe(resp)
		}
		return resp, err
	})
}
