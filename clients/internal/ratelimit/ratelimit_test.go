package ratelimit

import (
	"net/http"
	"testing"
	"time"
)

func answer(status int, limit, remaining, retryAfter string) *http.Response {
	h := http.Header{}
	if limit != "" {
		h.Set("X-RateLimit-Limit", limit)
		h.Set("X-RateLimit-Remaining", remaining)
	}
	if retryAfter != "" {
		h.Set("Retry-After", retryAfter)
	}
	return &http.Response{StatusCode: status, Header: h}
}

// TestPressure: the iterators keep one request in flight while a cooldown
// or pacing learnt from a 429 is on, or fresh counts run low, and not on
// stale or absent counts.
func TestPressure(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		lowWater int64
		resp     *http.Response
		later    time.Duration
		want     bool
	}{
		{"no answer yet", 0, nil, 0, false},
		{"plenty left", 0, answer(200, "600", "500", ""), 0, false},
		{"under a quarter of the limit", 0, answer(200, "600", "149", ""), 0, true},
		{"under the slow-down mark", 300, answer(200, "600", "250", ""), 0, true},
		{"stale counts", 0, answer(200, "600", "1", ""), 2 * time.Minute, false},
		{"cooldown on", 0, answer(429, "", "", "5"), time.Second, true},
		{"paced after the cooldown", 0, answer(429, "", "", "5"), 6 * time.Second, true},
		{"429 without a wait: paced", 0, answer(429, "", "", ""), time.Second, true},
		{"pacing over after a window", 0, answer(429, "", "", "5"), 5*time.Second + Window, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := t0
			l := New(Config{API: "x", LowWater: tc.lowWater, MaxDelay: 30 * time.Second})
			l.SetClock(func() time.Time { return now })
			if tc.resp != nil {
				l.Observe(tc.resp, now)
			}
			now = now.Add(tc.later)
			if got := l.Pressure(); got != tc.want {
				t.Errorf("Pressure() = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestPacingFrom429: after a 429 the next requests are spaced at the rate
// the service let through before it; a burst of 429s for requests sent
// before the first one came back counts once; a 429 despite pacing slows
// it further; the spacing never exceeds MaxDelay.
func TestPacingFrom429(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		accepted int           // answers before the 429, all sent at t0
		elapsed  time.Duration // from t0 to the 429
		wait     string        // the 429's Retry-After; 1 when empty
		burst    int           // more 429s for requests sent at t0
		again    bool          // a paced request gets a 429 too
		maxDelay time.Duration
		want     time.Duration
	}{
		{name: "10 in 50ms, then wait 1s", accepted: 10, elapsed: 50 * time.Millisecond, maxDelay: 30 * time.Second, want: 105 * time.Millisecond},
		{name: "the burst counts once", accepted: 10, elapsed: 50 * time.Millisecond, burst: 7, maxDelay: 30 * time.Second, want: 105 * time.Millisecond},
		{name: "none let through: one a wait", accepted: 0, elapsed: 0, maxDelay: 30 * time.Second, want: time.Second},
		{name: "none let through, a long wait: one a second", accepted: 0, elapsed: 0, wait: "20", maxDelay: 30 * time.Second, want: time.Second},
		{name: "a 429 despite pacing", accepted: 10, elapsed: 50 * time.Millisecond, again: true, maxDelay: 30 * time.Second, want: 157500 * time.Microsecond},
		{name: "capped by MaxDelay", accepted: 0, elapsed: 0, maxDelay: 200 * time.Millisecond, want: 200 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := t0
			l := New(Config{API: "x", MaxDelay: tc.maxDelay})
			l.SetClock(func() time.Time { return now })
			for range tc.accepted {
				l.Observe(answer(200, "", "", ""), t0)
			}
			now = now.Add(tc.elapsed)
			wait := tc.wait
			if wait == "" {
				wait = "1"
			}
			l.Observe(answer(429, "", "", wait), t0)
			for range tc.burst {
				now = now.Add(time.Millisecond)
				l.Observe(answer(429, "", "", "1"), t0)
			}
			if tc.again {
				now = now.Add(2 * time.Second)
				for range 19 { // let through at the pace set
					l.Observe(answer(200, "", "", ""), now.Add(-time.Millisecond))
				}
				l.Observe(answer(429, "", "", "1"), now.Add(-time.Millisecond))
			}
			if got := l.Interval(); got != tc.want {
				t.Errorf("Interval() = %v, want %v", got, tc.want)
			}
			// Three requests reserved at once leave one interval apart,
			// after the cooldown.
			var last time.Duration
			for i := range 3 {
				cd, pace := l.reserve()
				if i > 0 && cd+pace-last != tc.want {
					t.Errorf("request %d waits %v after the one before, want %v", i, cd+pace-last, tc.want)
				}
				last = cd + pace
			}
		})
	}
}
