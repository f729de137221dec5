// Package ratelimit holds the rate-limit state every concurrent call of one
// client shares, for all three clients: a cooldown set by a 429's wait, which
// every request waits out before it is sent; pacing, which spaces requests
// out after a 429 (at the rate the service let through before it) and, for
// services that send X-RateLimit-Limit and X-RateLimit-Remaining, when few
// remain; the pressure signal that makes the iterators keep one request in
// flight; and, when the client is given one, a respondkit.RateBudget shared
// beyond the process.
package ratelimit

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/respondkit/respondkit"
	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/transport"
)

// Window is the window X-RateLimit-Limit counts requests in, and how long
// pacing learnt from a 429 lasts after the last one; state older than that is
// stale and ignored.
const Window = time.Minute

// assumedWait is the wait a 429 without a wait header is taken to ask for,
// to estimate the rate the service allows.
const assumedWait = time.Second

// Config configures a Limiter.
type Config struct {
	// API prefixes the errors ("falcon").
	API string
	// LowWater is how low X-RateLimit-Remaining may fall before requests
	// are spaced out a window's share of X-RateLimit-Limit apart (0: no
	// such spacing). Pressure uses it too (a quarter of the limit when 0).
	LowWater int64
	// MaxDelay caps the cooldown and the spacing between two requests
	// (the retry policy's MaxDelay as it applies).
	MaxDelay time.Duration
	// RetryAfter reads the wait a 429 asks for; nil: Retry-After.
	RetryAfter func(resp *http.Response, now time.Time) (time.Duration, bool)
	// Budget, when set, is taken from before every request and told of
	// every 429's wait.
	Budget respondkit.RateBudget
}

// Limiter is the shared state of one client. No state can block calls for
// long: the cooldown is capped by MaxDelay, so is the spacing between two
// paced requests, pacing expires after a Window, and a pacing wait the
// caller's deadline cannot afford is skipped (the request is sent).
type Limiter struct {
	cfg Config
	now func() time.Time

	mu               sync.Mutex
	until            time.Time // the cooldown's end
	limit, remaining int64
	seen             time.Time // when limit and remaining were read
	nextSlot         time.Time // the earliest send time of the next paced request

	// Pacing learnt from 429s: the interval between two requests, until
	// pacedUntil; lastLimited is when the last 429 that set it arrived.
	interval    time.Duration
	pacedUntil  time.Time
	lastLimited time.Time
	// The requests the service let through (any answer but 429) since
	// epoch, to estimate the rate it allows when it answers 429.
	epoch    time.Time
	accepted int64
}

// New returns a limiter.
func New(c Config) *Limiter {
	if c.RetryAfter == nil {
		c.RetryAfter = transport.RetryAfterHeader
	}
	c.MaxDelay = max(c.MaxDelay, 0)
	return &Limiter{cfg: c, limit: -1, remaining: -1, now: time.Now}
}

// SetClock replaces the limiter's clock, for tests.
func (l *Limiter) SetClock(now func() time.Time) { l.now = now }

// Pressure reports that the service signals pressure: a cooldown is on,
// pacing learnt from a 429 is on, or fresh counts say fewer than the
// low-water mark of requests remain (a quarter of the window's limit when no
// mark is set). The iterators then keep one request in flight.
func (l *Limiter) Pressure() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Before(l.until) || now.Before(l.pacedUntil) {
		return true
	}
	if now.Sub(l.seen) >= Window || l.remaining < 0 || l.limit <= 0 {
		return false
	}
	low := l.cfg.LowWater
	if low <= 0 {
		low = l.limit / 4
	}
	return l.remaining < low
}

// Last returns the last X-RateLimit-Limit and X-RateLimit-Remaining seen
// (-1 before any).
func (l *Limiter) Last() (int64, int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limit, l.remaining
}

// Interval returns the spacing learnt from 429s, 0 when none is in force.
func (l *Limiter) Interval() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.now().Before(l.pacedUntil) {
		return 0
	}
	return l.interval
}

// reserve returns the cooldown a request must wait out and the pacing wait
// that spaces it from the other paced requests; the pacing slot is taken.
func (l *Limiter) reserve() (cooldown, pace time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Before(l.until) {
		cooldown = l.until.Sub(now)
	}
	var interval time.Duration
	fresh := now.Sub(l.seen) < Window
	if l.cfg.LowWater > 0 && fresh && l.remaining >= 0 && l.remaining < l.cfg.LowWater && l.limit > 0 {
		// Few requests left: give each concurrent request its own
		// share of the window, one after the other.
		interval = Window / time.Duration(l.limit)
	}
	if now.Before(l.pacedUntil) {
		interval = max(interval, l.interval)
	}
	interval = min(interval, l.cfg.MaxDelay)
	if interval <= 0 {
		l.nextSlot = time.Time{}
		return cooldown, 0
	}
	slot := now.Add(cooldown)
	if l.nextSlot.After(slot) {
		slot = l.nextSlot
	}
	l.nextSlot = slot.Add(interval)
	return cooldown, slot.Sub(now) - cooldown
}

// Observe reads the rate-limit headers of an answer to a request sent at
// sent: the counts, and for a 429 the wait it asks for (shared as a
// cooldown) and the rate the service let through before it (kept as pacing
// for a Window). It returns the cooldown a 429 set, 0 otherwise.
func (l *Limiter) Observe(resp *http.Response, sent time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if limit, ok := headerCount(resp.Header, "X-RateLimit-Limit"); ok {
		if remaining, ok := headerCount(resp.Header, "X-RateLimit-Remaining"); ok {
			l.limit, l.remaining, l.seen = limit, remaining, now
		}
	}
	if l.epoch.IsZero() || now.Sub(l.epoch) >= Window {
		l.epoch, l.accepted = sent, 0
	}
	if resp.StatusCode != http.StatusTooManyRequests {
		if !sent.Before(l.epoch) {
			l.accepted++
		}
		return 0
	}
	d, ok := l.cfg.RetryAfter(resp, now)
	wait := d
	if !ok {
		wait = assumedWait
	}
	d = min(max(d, 0), l.cfg.MaxDelay) // never longer than the policy may wait
	if t := now.Add(d); t.After(l.until) {
		l.until = t
	}
	if sent.Before(l.lastLimited) {
		// Sent before the last 429 came back: part of the burst that
		// one answered, which set the pacing already.
		return d
	}
	// The service let accepted requests through from epoch until now and
	// asks for wait: space the next ones at that rate. When none went
	// through (other clients spent the budget), one a wait, at most one a
	// second: a long wait is the cooldown's to keep, not the pace's. A 429
	// despite pacing means the pace was too fast.
	est := min(wait, assumedWait)
	if l.accepted > 0 {
		est = (now.Sub(l.epoch) + wait) / time.Duration(l.accepted)
	}
	if now.Before(l.pacedUntil) {
		est = max(est, l.interval*3/2)
	}
	l.interval = min(est, max(l.cfg.MaxDelay, time.Millisecond))
	l.lastLimited = now
	l.pacedUntil = now.Add(Window)
	// Count afresh from the cooldown's end.
	l.epoch, l.accepted = now.Add(d), 0
	return d
}

// Layer waits out the cooldown and the pacing before each request (and
// takes from the shared budget, if any), and observes each answer.
func (l *Limiter) Layer(next http.RoundTripper) http.RoundTripper {
	return transport.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		ctx := r.Context()
		if cooldown, pace := l.reserve(); cooldown+pace > 0 {
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < cooldown {
				// The cooldown outlives the caller: say so at once, with
				// the wait the service asked for.
				closeBody(r)
				return nil, &apierror.Error{API: l.cfg.API, StatusCode: http.StatusTooManyRequests, Method: r.Method, Path: r.URL.Path,
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
		if b := l.cfg.Budget; b != nil {
			if err := b.Take(ctx); err != nil {
				closeBody(r)
				return nil, err
			}
		}
		sent := l.now()
		resp, err := next.RoundTrip(r)
		if err == nil {
			if d := l.Observe(resp, sent); d > 0 && l.cfg.Budget != nil {
				l.cfg.Budget.Cooldown(context.WithoutCancel(ctx), d)
			}
		}
		return resp, err
	})
}

func closeBody(r *http.Request) {
	if r.Body != nil {
		_ = r.Body.Close()
	}
}

// headerCount reads a header holding a count (a non-negative integer). An
// absent header is no count without strconv's error, which allocates: most
// answers of Sysdig and Waldur carry none.
func headerCount(h http.Header, key string) (int64, bool) {
	v := h.Get(key)
	if v == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n >= 0
}
