package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/respondkit/respondkit"
)

// RetryPolicy is respondkit.RetryPolicy, the public type.
type RetryPolicy = respondkit.RetryPolicy

// DefaultRetryPolicy is respondkit.DefaultRetryPolicy.
func DefaultRetryPolicy() RetryPolicy { return respondkit.DefaultRetryPolicy() }

// NoRetries is respondkit.NoRetries.
func NoRetries() RetryPolicy { return respondkit.NoRetries() }

// clock is what the retry layer needs of time; tests replace it.
type clock struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
	rand  func() float64
}

var realClock = clock{now: time.Now, sleep: sleepCtx, rand: rand.Float64}

// Sleep waits d, or less if ctx ends first (its cause is returned). A wait
// that would outlast ctx's deadline returns context.DeadlineExceeded at once
// instead of sleeping in vain.
func Sleep(ctx context.Context, d time.Duration) error {
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return context.DeadlineExceeded
	}
	return sleepCtx(ctx, d)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

type attemptKey struct{}

// AttemptFrom reports which attempt (1, 2, ...) a request is, as set by the
// retry layer; 1 when there is no retry layer.
func AttemptFrom(ctx context.Context) int {
	if n, ok := ctx.Value(attemptKey{}).(int); ok { // absent on the first attempt
		return n
	}
	return 1
}

// Retry retries on 429, 502, 503, 504 and connection errors with exponential
// backoff and jitter, honouring the wait a response advertises. It is
// RetryWith without a table of operations: GET, HEAD and OPTIONS are the
// requests it may resend after the service may have processed them.
func Retry(p RetryPolicy) Layer { return retryWithClock(p, nil, realClock) }

// RetryWith is Retry with a table saying, per operation, whether a request
// may be resent (from the spec's x-respondkit-resend).
//
// Every request is retried when the server certainly did not process it: on
// 429 or 503, or on a connection error before the request was written. A
// request the table marks safe is also retried on 502 and 504 and on a
// connection error after it was written; an unsafe one is not, since the
// service may have acted. A body is replayed with GetBody; a request whose
// body cannot be replayed is sent once.
//
// The layer never sleeps past the context's deadline, nor longer than the
// policy's MaxDelay: when the wait a response asks for is longer than
// either allows, that response is returned at once for the caller to report
// (as a typed error that carries the wait). An unexpected 1xx answer (a 101
// Switching Protocols to a plain request) is an error, and its connection
// is closed.
func RetryWith(p RetryPolicy, resend *Resend) Layer { return retryWithClock(p, resend, realClock) }

func retryWithClock(p RetryPolicy, resend *Resend, c clock) Layer {
	p = p.WithDefaults()
	if p.RetryAfter == nil {
		p.RetryAfter = RetryAfterHeader
	}
	return func(next http.RoundTripper) http.RoundTripper {
		return RoundTripFunc(func(r *http.Request) (*http.Response, error) {
			return retryRoundTrip(next, r, p, resend, c)
		})
	}
}

// ErrUnexpectedInformational is returned for a 1xx answer other than the
// 100 Continue and 103 Early Hints net/http handles itself.
var ErrUnexpectedInformational = errors.New("unexpected 1xx answer")

func retryRoundTrip(next http.RoundTripper, r *http.Request, p RetryPolicy, resend *Resend, c clock) (*http.Response, error) {
	ctx := r.Context()
	if ctx.Err() != nil {
		closeBody(r)
		return nil, context.Cause(ctx)
	}
	safe := resend.Safe(r)
	replayable := r.Body == nil || r.Body == http.NoBody || r.GetBody != nil
	for attempt := 1; ; attempt++ {
		var wrote atomic.Bool
		// Only the attempts after the first carry their number, and only
		// requests unsafe to resend need to know whether they were
		// written: a GET costs no context values or trace.
		actx := ctx
		if attempt > 1 {
			actx = context.WithValue(actx, attemptKey{}, attempt)
		}
		if !safe {
			actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { wrote.Store(true) }})
		}
		// A shallow copy when the attempt needs its own context or body
		// (the layers below copy the request before they change its
		// headers); a first safe attempt sends the request as is.
		req := r
		if actx != ctx {
			req = r.WithContext(actx)
		}
		if attempt > 1 && r.Body != nil && r.Body != http.NoBody {
			body, err := r.GetBody()
			if err != nil {
				return nil, err
			}
			req.Body = body
		}

		resp, err := next.RoundTrip(req)
		if err == nil && resp.StatusCode < 200 {
			// A 101 hands the connection over: closing the body closes it.
			_ = resp.Body.Close()
			// No method or path: net/http's *url.Error names the request.
			resp, err = nil, fmt.Errorf("%d %s: %w", resp.StatusCode, http.StatusText(resp.StatusCode), ErrUnexpectedInformational)
			wrote.Store(true) // the server read the request
		}

		last := attempt >= p.MaxAttempts || !replayable
		if err != nil {
			if ctx.Err() != nil || last || !retryableError(err) || (!safe && wrote.Load()) {
				return nil, err
			}
			if werr := wait(ctx, c, backoff(p, c, attempt)); werr != nil {
				return nil, err
			}
			continue
		}
		if last || !retryableStatus(resp.StatusCode, safe) {
			return resp, nil
		}
		d := backoff(p, c, attempt)
		if ra, ok := p.RetryAfter(resp, c.now()); ok {
			if ra > p.MaxDelay {
				return resp, nil // the server asks for more than we may wait
			}
			d = ra
		}
		if dl, ok := ctx.Deadline(); ok && c.now().Add(d).After(dl) {
			return resp, nil // waiting would outlive the caller's deadline
		}
		discard(resp)
		if werr := wait(ctx, c, d); werr != nil {
			return nil, werr
		}
	}
}

func wait(ctx context.Context, c clock, d time.Duration) error {
	if dl, ok := ctx.Deadline(); ok && c.now().Add(d).After(dl) {
		return context.DeadlineExceeded
	}
	return c.sleep(ctx, d)
}

// backoff is the equal-jitter exponential delay after the given attempt.
func backoff(p RetryPolicy, c clock, attempt int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < attempt && d < p.MaxDelay; i++ {
		d *= 2
	}
	if d > p.MaxDelay {
		d = p.MaxDelay
	}
	half := d / 2
	return half + time.Duration(c.rand()*float64(d-half))
}

func retryableStatus(status int, safe bool) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return true // the server did not process the request
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		return safe // the request may have been processed
	}
	return false
}

// noRetry marks an error the retry layer passes on as is.
type noRetry struct{ err error }

func (e *noRetry) Error() string { return e.err.Error() }
func (e *noRetry) Unwrap() error { return e.err }

// NoRetry marks err as final for the retry layer, e.g. a token fetch that
// ran its own retries already: retrying it again would multiply attempts.
// errors.Is and errors.As see through the mark.
func NoRetry(err error) error {
	if err == nil {
		return nil
	}
	return &noRetry{err}
}

// retryableError reports whether err is a transport failure worth another
// attempt, as opposed to a refusal made before anything was sent. It looks
// at the error's types only, never at its text, which a server can
// influence.
func retryableError(err error) bool {
	var nr *noRetry
	if errors.As(err, &nr) || errors.Is(err, ErrInsecureTransport) || errors.Is(err, ErrUnexpectedInformational) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED),
		errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ETIMEDOUT), errors.Is(err, syscall.EHOSTUNREACH),
		errors.Is(err, syscall.ENETUNREACH):
		return true
	}
	var te interface{ Timeout() bool }
	if errors.As(err, &te) && te.Timeout() {
		return true
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		return true // nothing was sent
	}
	var de *net.DNSError
	return errors.As(err, &de) && (de.IsTemporary || de.IsTimeout)
}

// discard drains a little of a response we will not return, so its
// connection can be reused, and closes it.
func discard(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	_ = resp.Body.Close()
}

// ParseRetryAfter reads a Retry-After header in delta-seconds or HTTP-date
// form. A date in the past means "now" (0); a date is measured from the
// server's clock (ServerNow).
func ParseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(maxWait/time.Second) {
			return maxWait, true
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(untilOrZero(t, ServerNow(h, now)), maxWait), true // a date far ahead is capped too
	}
	return 0, false
}

// RetryAfterHeader is what a nil RetryPolicy.RetryAfter stands for, in the
// retry layer and the rate limiter alike: the answer's Retry-After.
func RetryAfterHeader(resp *http.Response, now time.Time) (time.Duration, bool) {
	return ParseRetryAfter(resp.Header, now)
}

// ParseEpochSeconds reads the header key of h, a Unix-epoch-seconds
// timestamp (Falcon's X-RateLimit-RetryAfter), as a wait measured from the
// server's clock (ServerNow); a time in the past means 0.
func ParseEpochSeconds(h http.Header, key string, now time.Time) (time.Duration, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(h.Get(key)), 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	now = ServerNow(h, now)
	if n > now.Unix()+int64(maxWait/time.Second) {
		return maxWait, true
	}
	return untilOrZero(time.Unix(n, 0), now), true
}

// ParseWait reads the wait an answer asks for: Falcon's
// X-RateLimit-RetryAfter (ParseEpochSeconds), then the standard Retry-After
// (ParseRetryAfter). The typed error's RetryAfter and Falcon's retries and
// limiter read it alike; the other services send only Retry-After.
func ParseWait(h http.Header, now time.Time) (time.Duration, bool) {
	if d, ok := ParseEpochSeconds(h, "X-RateLimit-RetryAfter", now); ok {
		return d, true
	}
	return ParseRetryAfter(h, now)
}

// ServerNow returns the time an answer's absolute wait (an epoch, an
// HTTP-date) is measured from: the server's clock, read from the answer's
// Date header, unless the local clock now agrees with it to the header's
// one-second resolution (now within a second after Date), in which case the
// finer local reading; the local clock when there is no valid Date. A client
// whose clock runs ahead of the server's would otherwise wait nothing, and
// one behind too long. Measured from Date, the wait errs on the long side
// by at most the second Date truncates and the answer's time in flight.
func ServerNow(h http.Header, now time.Time) time.Time {
	date, err := http.ParseTime(h.Get("Date"))
	if err != nil || !now.Before(date) && now.Before(date.Add(time.Second)) {
		return now
	}
	return date
}

// maxWait bounds parsed waits so that absurd values cannot overflow.
const maxWait = 24 * time.Hour

func untilOrZero(t, now time.Time) time.Duration {
	if d := t.Sub(now); d > 0 {
		return d
	}
	return 0
}
