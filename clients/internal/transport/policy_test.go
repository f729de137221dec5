package transport

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestRetryPolicyZeroFieldsTakeDefaults: a zero field means "the default",
// a negative one "none"; only MaxAttempts 1 (or negative) turns retries off.
func TestRetryPolicyZeroFieldsTakeDefaults(t *testing.T) {
	def := DefaultRetryPolicy()
	for _, tc := range []struct {
		name string
		in   RetryPolicy
		want RetryPolicy
	}{
		{"zero value is the default", RetryPolicy{}, def},
		{"attempts alone", RetryPolicy{MaxAttempts: 5}, RetryPolicy{MaxAttempts: 5, BaseDelay: def.BaseDelay, MaxDelay: def.MaxDelay}},
		{"one attempt stays one", RetryPolicy{MaxAttempts: 1}, RetryPolicy{MaxAttempts: 1, BaseDelay: def.BaseDelay, MaxDelay: def.MaxDelay}},
		{"negative attempts are one", RetryPolicy{MaxAttempts: -1}, RetryPolicy{MaxAttempts: 1, BaseDelay: def.BaseDelay, MaxDelay: def.MaxDelay}},
		{"base delay alone", RetryPolicy{BaseDelay: time.Second}, RetryPolicy{MaxAttempts: def.MaxAttempts, BaseDelay: time.Second, MaxDelay: def.MaxDelay}},
		{"max delay alone", RetryPolicy{MaxDelay: time.Minute}, RetryPolicy{MaxAttempts: def.MaxAttempts, BaseDelay: def.BaseDelay, MaxDelay: time.Minute}},
		{"negative delays are none", RetryPolicy{MaxAttempts: 3, BaseDelay: -1, MaxDelay: -1}, RetryPolicy{MaxAttempts: 3}},
		{"everything set is kept", RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Second}, RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.in.WithDefaults()
			if got.MaxAttempts != tc.want.MaxAttempts || got.BaseDelay != tc.want.BaseDelay || got.MaxDelay != tc.want.MaxDelay {
				t.Errorf("%+v.WithDefaults() = %+v, want %+v", tc.in, got, tc.want)
			}
		})
	}
}

// TestRetryPolicyOnTheWire runs partial policies against a server that
// answers 503 until the script ends: the attempts and the waits are the
// policy's, with the defaults filling what it leaves out.
func TestRetryPolicyOnTheWire(t *testing.T) {
	ra := map[int]http.Header{429: {"Retry-After": {"2"}}}
	for _, tc := range []struct {
		name       string
		p          RetryPolicy
		script     []int
		wantHits   int
		wantStatus int
		wantSleeps []time.Duration
	}{
		// rand is 1: each backoff is the full delay (500 ms, 1 s, 2 s, ...).
		{"MaxAttempts 5 alone: default backoff", RetryPolicy{MaxAttempts: 5}, []int{503, 503, 503, 503, 503}, 5, 503,
			[]time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second}},
		{"MaxAttempts 1: no retries", RetryPolicy{MaxAttempts: 1}, []int{503}, 1, 503, nil},
		{"MaxAttempts -1: no retries", RetryPolicy{MaxAttempts: -1}, []int{503}, 1, 503, nil},
		{"zero policy: four attempts", RetryPolicy{}, []int{503, 503, 503, 503, 503}, 4, 503,
			[]time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second}},
		{"negative BaseDelay: retries at once", RetryPolicy{MaxAttempts: 3, BaseDelay: -1}, []int{503, 503}, 3, 200,
			[]time.Duration{0, 0}},
		{"negative BaseDelay still honours Retry-After", RetryPolicy{MaxAttempts: 3, BaseDelay: -1}, []int{429}, 2, 200,
			[]time.Duration{2 * time.Second}},
		{"negative MaxDelay: a Retry-After is not waited", RetryPolicy{MaxAttempts: 3, MaxDelay: -1}, []int{429}, 1, 429, nil},
		{"MaxDelay alone caps the default backoff", RetryPolicy{MaxDelay: 700 * time.Millisecond}, []int{503, 503, 503}, 4, 200,
			[]time.Duration{500 * time.Millisecond, 700 * time.Millisecond, 700 * time.Millisecond}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &scripted{script: tc.script, headers: ra}
			srv := httptest.NewServer(s)
			defer srv.Close()
			fc := &fakeClock{t: time.Unix(1_700_000_000, 0)}
			c := &http.Client{Transport: Chain(&http.Transport{DisableKeepAlives: true}, retryWithClock(tc.p, nil, fc.clock()))}
			resp, err := c.Get(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.wantStatus || s.attempts() != tc.wantHits {
				t.Errorf("status %d after %d attempts, want %d after %d", resp.StatusCode, s.attempts(), tc.wantStatus, tc.wantHits)
			}
			if !equalDurations(fc.sleeps, tc.wantSleeps) {
				t.Errorf("slept %v, want %v", fc.sleeps, tc.wantSleeps)
			}
		})
	}
}
