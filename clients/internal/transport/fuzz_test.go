package transport

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzParseRetryAfter: any Retry-After value parses to a wait between 0 and
// maxWait or is refused; whole seconds are taken as they are (capped).
func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"0", "1", "120", " 7 ", "-1", "99999999999999999999", "Wed, 21 Oct 2015 07:28:00 GMT", "soon", ""} {
		f.Add(s, int64(1_700_000_000))
	}
	f.Fuzz(func(t *testing.T, v string, nowUnix int64) {
		now := time.Unix(nowUnix%(1<<40), 0)
		d, ok := ParseRetryAfter(http.Header{"Retry-After": {v}}, now)
		if !ok {
			if d != 0 {
				t.Fatalf("%q refused with wait %v", v, d)
			}
			return
		}
		if d < 0 || d > maxWait {
			t.Fatalf("%q: wait %v outside 0..%v", v, d, maxWait)
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && n >= 0 {
			if want := time.Duration(min(n, int64(maxWait/time.Second))) * time.Second; d != want {
				t.Fatalf("%q: wait %v, want %v", v, d, want)
			}
		}
	})
}

// FuzzParseEpochSeconds: any X-RateLimit-RetryAfter value is a wait between
// 0 and maxWait (a past time is 0) or is refused.
func FuzzParseEpochSeconds(f *testing.F) {
	for _, s := range []string{"1700000001", "1699999999", "0", "-5", " 1700000060 ", "9223372036854775807", "1e9", ""} {
		f.Add(s, int64(1_700_000_000))
	}
	f.Fuzz(func(t *testing.T, v string, nowUnix int64) {
		now := time.Unix(nowUnix%(1<<40), 0)
		d, ok := ParseEpochSeconds(http.Header{"X-Ratelimit-Retryafter": {v}}, "X-RateLimit-RetryAfter", now)
		if !ok {
			return
		}
		if d < 0 || d > maxWait {
			t.Fatalf("%q at %d: wait %v outside 0..%v", v, now.Unix(), d, maxWait)
		}
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			t.Fatalf("%q accepted but is not an integer", v)
		}
		if n <= now.Unix() && d != 0 {
			t.Fatalf("%q is not after %d, yet wait %v", v, now.Unix(), d)
		}
	})
}
