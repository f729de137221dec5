// Package fake holds what the three fake servers (sysdigtest, falcontest,
// waldurtest) share: an httptest server on loopback that counts requests and
// connection states, request validation against an OpenAPI spec, and fault
// injection (status answers such as 429 and 5xx, dropped connections, stalls,
// truncated bodies).
package fake

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	middleware "github.com/oapi-codegen/nethttp-middleware"
)

// Server is an httptest server on loopback with fault injection in front of
// its handler and counters for requests and connections.
type Server struct {
	*httptest.Server

	// Faults holds the faults the next requests will meet.
	Faults *Injector

	requests atomic.Int64

	mu    sync.Mutex
	conns map[net.Conn]http.ConnState
}

// NewServer starts a server for h. Faults are applied before h sees a request,
// as a gateway in front of the real service would. Close it when done.
func NewServer(h http.Handler) *Server {
	s := &Server{Faults: &Injector{}, conns: map[net.Conn]http.ConnState{}}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		s.Faults.serve(w, r, h)
	}))
	s.Config.ConnState = s.trackConn
	s.Start()
	return s
}

func (s *Server) trackConn(c net.Conn, state http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch state {
	case http.StateClosed, http.StateHijacked:
		delete(s.conns, c)
	default:
		s.conns[c] = state
	}
}

// Requests reports how many requests reached the server, faults included.
func (s *Server) Requests() int64 { return s.requests.Load() }

// ConnStates counts the open connections by state (new, active, idle).
func (s *Server) ConnStates() map[http.ConnState]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[http.ConnState]int{}
	for _, st := range s.conns {
		out[st]++
	}
	return out
}

// FaultKind says what an injected fault does.
type FaultKind int

const (
	// Status answers with Fault.Status, Fault.Header and Fault.Body.
	Status FaultKind = iota
	// Drop closes the connection after reading the request, without an answer.
	Drop
	// Stall waits Fault.Delay (or until the client goes away), then serves
	// the request normally: a slow server.
	Stall
	// Truncate answers 200 with a JSON Content-Type and a Content-Length
	// larger than the body it sends, then closes the connection.
	Truncate
)

// Fault is one injected failure.
type Fault struct {
	Kind   FaultKind
	Status int
	Header http.Header
	Body   []byte
	Delay  time.Duration
}

// StatusFault answers status with a JSON body.
func StatusFault(status int, body string) Fault {
	return Fault{Kind: Status, Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)}
}

// RetryAfterFault answers 429 with Retry-After in whole seconds.
func RetryAfterFault(seconds int, body string) Fault {
	f := StatusFault(http.StatusTooManyRequests, body)
	f.Header.Set("Retry-After", strconv.Itoa(seconds))
	return f
}

// Injector queues faults for the next requests. The zero value is ready.
type Injector struct {
	mu    sync.Mutex
	queue []Fault
	hit   int
}

// Inject makes the next n requests meet f (after any faults already queued).
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

func (in *Injector) next() (Fault, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.queue) == 0 {
		return Fault{}, false
	}
	f := in.queue[0]
	in.queue = in.queue[1:]
	in.hit++
	return f, true
}

func (in *Injector) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	f, ok := in.next()
	if !ok {
		next.ServeHTTP(w, r)
		return
	}
	switch f.Kind {
	case Status:
		for k, v := range f.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(f.Status)
		_, _ = w.Write(f.Body)
	case Drop:
		hijackClose(w)
	case Stall:
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
			next.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	case Truncate:
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
	}
}

func hijackClose(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("fake: connection cannot be hijacked")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// ValidationError describes a request the spec refused.
type ValidationError struct {
	// Status is 400 for a malformed request, 401 for missing or refused
	// credentials, 404 or 405 for a path or method the spec lacks.
	Status int
	Err    error
}

// Validator returns middleware that validates every request against doc with
// openapi3filter before the handler sees it. authenticate checks the
// credentials of operations that have security requirements; onError writes
// the vendor's error answer. doc is copied, not changed.
func Validator(doc *openapi3.T, authenticate openapi3filter.AuthenticationFunc, onError func(w http.ResponseWriter, r *http.Request, e ValidationError)) func(http.Handler) http.Handler {
	local := *doc
	local.Servers = nil // match any host: the fake listens on 127.0.0.1
	return middleware.OapiRequestValidatorWithOptions(&local, &middleware.Options{
		Options: openapi3filter.Options{
			AuthenticationFunc:                authenticate,
			RejectWhenRequestBodyNotSpecified: true,
		},
		DoNotValidateServers:  true,
		SilenceServersWarning: true,
		DiscardValidatedValue: true,
		ErrorHandlerWithOpts: func(_ context.Context, err error, w http.ResponseWriter, r *http.Request, opts middleware.ErrorHandlerOpts) {
			onError(w, r, ValidationError{Status: opts.StatusCode, Err: err})
		},
	})
}

// WriteJSON answers status with v encoded as JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
