package falcon

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/transport"
)

// rateWindow is the window X-RateLimit-Limit counts requests in; pacing
// state older than that is stale and ignored.
const rateWindow = time.Minute

// limiter holds the rate-limit state every concurrent call of a client
// shares: a cooldown set by a 429's X-RateLimit-RetryAfter or Retry-After,
// which every request waits out before it is sent, and the last limit and
// remaining counts, which space requests out when few remain.
//
// No state can block calls for long: the cooldown is capped by the retry
// policy's MaxDelay, so is the spacing between two paced requests, pacing
// state expires after a window, and a pacing wait the caller's deadline
// cannot afford is skipped (the request is sent).
type limiter struct {
	mu               sync.Mutex
	until            time.Time
	limit, remaining int64
	seen             time.Time // when limit and remaining were read
	nextSlot         time.Time // the earliest send time of the next paced request
	lowWater         int64
	maxDelay         time.Duration
	now              func() time.Time
}

func newLimiter(lowWater int64, maxDelay time.Duration) *limiter {
	return &limiter{limit: -1, remaining: -1, lowWater: lowWater, maxDelay: maxDelay, now: time.Now}
}

// pressure reports that the service signals pressure: a cooldown is on, or
// fresh counts say fewer than the low-water mark of requests remain (a
// quarter of the window's limit when no WithSlowDown mark is set). The
// iterators then keep one request in flight.
func (l *limiter) pressure() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Before(l.until) {
		return true
	}
	if now.Sub(l.seen) >= rateWindow || l.remaining < 0 || l.limit <= 0 {
		return false
	}
	low := l.lowWater
	if low <= 0 {
		low = l.limit / 4
	}
	return l.remaining < low
}

func (l *limiter) last() (int64, int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limit, l.remaining
}

// reserve returns the cooldown a request must wait out and the pacing wait
// that spaces it from the other paced requests; the pacing slot is taken.
func (l *limiter) reserve() (cooldown, pace time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Before(l.until) {
		cooldown = l.until.Sub(now)
	}
	fresh := now.Sub(l.seen) < rateWindow
	if l.lowWater > 0 && fresh && l.remaining >= 0 && l.remaining < l.lowWater && l.limit > 0 {
		// Few requests left: give each concurrent request its own share
		// of the window, one after the other.
		interval := min(rateWindow/time.Duration(l.limit), max(l.maxDelay, 0))
		slot := now.Add(cooldown)
		if l.nextSlot.After(slot) {
			slot = l.nextSlot
		}
		l.nextSlot = slot.Add(interval)
		pace = slot.Sub(now) - cooldown
	} else {
		l.nextSlot = time.Time{}
	}
	return cooldown, pace
}

func (l *limiter) observe(resp *http.Response) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	limit, lerr := strconv.ParseInt(resp.Header.Get("X-RateLimit-Limit"), 10, 64)
	remaining, rerr := strconv.ParseInt(resp.Header.Get("X-RateLimit-Remaining"), 10, 64)
	if lerr == nil && rerr == nil && limit >= 0 && remaining >= 0 {
		l.limit, l.remaining, l.seen = limit, remaining, now
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		if d, ok := retryAfter(resp, now); ok {
			d = min(d, max(l.maxDelay, 0)) // never longer than the policy may wait
			if t := now.Add(d); t.After(l.until) {
				l.until = t
			}
		}
	}
}

func (l *limiter) layer(next http.RoundTripper) http.RoundTripper {
	return transport.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		ctx := r.Context()
		if cooldown, pace := l.reserve(); cooldown+pace > 0 {
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < cooldown {
				// The cooldown outlives the caller: say so at once, with
				// the wait the service asked for.
				closeBody(r)
				return nil, &apierror.Error{API: api, StatusCode: http.StatusTooManyRequests, Method: r.Method, Path: r.URL.Path,
					Message:    "rate limited: the service asked to wait " + cooldown.Round(time.Millisecond).String() + ", past the call's deadline",
					RetryAfter: cooldown}
			}
			d := cooldown + pace
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
				d = cooldown // pacing is a courtesy the deadline cannot afford
			}
			if err := transport.Sleep(ctx, d); err != nil {
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
