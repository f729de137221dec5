package faketest

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// FaultKind says what an injected fault does.
type FaultKind int

const (
	// KindStatus answers with Fault.Status, Fault.Header and Fault.Body.
	KindStatus FaultKind = iota
	// KindDrop closes the connection after reading the request, without an
	// answer.
	KindDrop
	// KindStall waits Fault.Delay (or until the client goes away), then lets the
	// request through to the handler: a slow server.
	KindStall
	// KindTruncate answers 200 with a JSON Content-Type and a Content-Length
	// larger than the body it sends (Fault.Body, or the start of a JSON
	// document), then closes the connection.
	KindTruncate
)

// String returns the kind's name.
func (k FaultKind) String() string {
	switch k {
	case KindStatus:
		return "Status"
	case KindDrop:
		return "Drop"
	case KindStall:
		return "Stall"
	case KindTruncate:
		return "Truncate"
	}
	return "FaultKind(" + strconv.Itoa(int(k)) + ")"
}

// Fault is one injected failure. Build one with StatusFault,
// RetryAfterFault, RateLimitFault, StallFault, DropFault or TruncateFault,
// and narrow it to one operation with For.
type Fault struct {
	// Kind says what the fault does.
	Kind FaultKind
	// Status is the status code a KindStatus fault answers.
	Status int
	// Header holds the headers a KindStatus fault answers.
	Header http.Header
	// Body is the body a KindStatus or KindTruncate fault answers.
	Body []byte
	// Delay is how long a KindStall fault waits.
	Delay time.Duration
	// Method, when set, limits the fault to requests with this method.
	Method string
	// Path, when set, limits the fault to requests for exactly this URL
	// path (e.g. "/api/user-actions/").
	Path string
}

// For returns a copy of f that only requests with this method and path meet;
// an empty method or path matches any.
func (f Fault) For(method, path string) Fault {
	f.Method, f.Path = method, path
	return f
}

func (f Fault) matches(r *http.Request) bool {
	return (f.Method == "" || f.Method == r.Method) && (f.Path == "" || f.Path == r.URL.Path)
}

// StatusFault answers status with body as JSON (Content-Type
// application/json).
func StatusFault(status int, body string) Fault {
	return Fault{Kind: KindStatus, Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)}
}

// RetryAfterFault answers 429 with body as JSON and a Retry-After header of
// whole seconds, as Sysdig, Waldur and most gateways do.
func RetryAfterFault(seconds int, body string) Fault {
	f := StatusFault(http.StatusTooManyRequests, body)
	f.Header.Set("Retry-After", strconv.Itoa(seconds))
	return f
}

// RateLimitHeadersFault answers 429 with body as JSON and the headers CrowdStrike
// Falcon sends when a rate limit runs out: X-RateLimit-RetryAfter (the Unix
// time in seconds when requests are allowed again), X-RateLimit-Limit and
// X-RateLimit-Remaining: 0.
func RateLimitHeadersFault(retryAt time.Time, limit int, body string) Fault {
	f := StatusFault(http.StatusTooManyRequests, body)
	f.Header.Set("X-RateLimit-RetryAfter", strconv.FormatInt(retryAt.Unix(), 10))
	f.Header.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	f.Header.Set("X-RateLimit-Remaining", "0")
	return f
}

// StallFault (a KindStall fault) holds the request for d (or until the
// client gives up), then lets it through: a slow server.
func StallFault(d time.Duration) Fault { return Fault{Kind: KindStall, Delay: d} }

// DropFault closes the connection without an answer.
func DropFault() Fault { return Fault{Kind: KindDrop} }

// TruncateFault answers 200 with the start of body and closes the connection
// before the Content-Length it announced; an empty body sends the start of a
// JSON document.
func TruncateFault(body string) Fault {
	f := Fault{Kind: KindTruncate}
	if body != "" {
		f.Body = []byte(body)
	}
	return f
}

// Injector queues faults for the next requests. The zero value is ready.
type Injector struct {
	mu    sync.Mutex
	queue []Fault
	hit   int
}

// Inject makes the next n matching requests meet f, after the faults
// already queued for them.
func (in *Injector) Inject(n int, f Fault) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for range n {
		in.queue = append(in.queue, f)
	}
}

// Pending reports how many queued faults no request has met yet.
func (in *Injector) Pending() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return len(in.queue)
}

// Served reports how many faults requests have met.
func (in *Injector) Served() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.hit
}

// Reset drops every queued fault.
func (in *Injector) Reset() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.queue = nil
}

// next takes the first queued fault that r matches.
func (in *Injector) next(r *http.Request) (Fault, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for i, f := range in.queue {
		if f.matches(r) {
			in.queue = append(in.queue[:i:i], in.queue[i+1:]...)
			in.hit++
			return f, true
		}
	}
	return Fault{}, false
}

// serve answers r with the next fault it meets, or passes it to next. It
// reports whether a fault answered instead of next.
func (in *Injector) serve(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
	f, ok := in.next(r)
	if !ok {
		next.ServeHTTP(w, r)
		return false
	}
	switch f.Kind {
	case KindStatus:
		for k, v := range f.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(f.Status)
		_, _ = w.Write(f.Body)
	case KindDrop:
		hijackClose(w)
	case KindStall:
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
			next.ServeHTTP(w, r)
			return false
		case <-r.Context().Done():
		}
	case KindTruncate:
		body := f.Body
		if body == nil {
			body = []byte(`{"data":[{"id":"`)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)+1024))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		hijackClose(w)
	default:
		w.WriteHeader(http.StatusInternalServerError)
	}
	return true
}

// hijackClose closes the connection under w. Where the connection cannot be
// taken over, it aborts the response the way net/http documents, which also
// ends it without a complete answer.
func hijackClose(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		_ = conn.Close()
	}
}
