package falcon

import (
	"net/http"
	"testing"
	"time"
)

// TestLimiterPressure: the iterators keep one request in flight while a
// cooldown is on or fresh counts run low, and not on stale or absent counts.
func TestLimiterPressure(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	answer := func(status int, limit, remaining, retryAfter string) *http.Response {
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
		{"cooldown over", 0, answer(429, "", "", "5"), 6 * time.Second, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := t0
			l := newLimiter(tc.lowWater, 30*time.Second)
			l.now = func() time.Time { return now }
			if tc.resp != nil {
				l.observe(tc.resp)
			}
			now = now.Add(tc.later)
			if got := l.pressure(); got != tc.want {
				t.Errorf("pressure() = %v, want %v", got, tc.want)
			}
		})
	}
}
