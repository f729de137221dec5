// Package faketest is the server kit under respondkit's fake services
// (sysdigtest, falcontest, waldurtest): an HTTP server on loopback that
// records the requests it receives and can be told to fail, so that a test
// can check how its code handles rate limits, outages, slow answers and
// broken connections.
//
// A test uses it through the fake of the API it calls:
//
//	srv := sysdigtest.NewServer()
//	defer srv.Close()
//	srv.Faults.Inject(1, faketest.RetryAfterFault(1, `{"message":"slow down"}`))
//	srv.Faults.Inject(1, faketest.StatusFault(503, `{"message":"unavailable"}`))
//	// ... call the code under test with srv.URL, then look at srv.Received().
//
// or wraps any handler of its own with NewServer. Faults are met in the
// order they were queued, by the next requests that match them (a Fault's
// Method and Path narrow it to one operation), before the handler sees the
// request, as a gateway in front of the real service would answer.
//
// The package has no dependency on the generated code or on any OpenAPI
// library, and everything in it is safe for concurrent use.
package faketest

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
)

// MaxRecorded is how many requests a Server keeps for Received: the most
// recent ones. Older requests are still counted by Requests.
const MaxRecorded = 1000

// MaxRecordedBody is how many bytes of each request body a Server keeps for
// Received. The handler always reads the whole body.
const MaxRecordedBody = 64 << 10

// Request is a request a Server received, as the client sent it.
type Request struct {
	// Method is the HTTP method, e.g. "GET".
	Method string
	// Path is the URL path, e.g. "/api/user-actions/".
	Path string
	// Query holds the decoded query parameters.
	Query url.Values
	// Header holds the request headers (credentials included).
	Header http.Header
	// Body holds the request body, at most MaxRecordedBody bytes of it.
	Body []byte
	// Faulted says whether an injected fault answered the request instead
	// of the handler (a Delay fault that let the request through does not
	// count).
	Faulted bool
}

// Server is an HTTP server on loopback (an httptest server) with fault
// injection in front of its handler, a record of the requests it received,
// and counters for requests and connections.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:<port>, without a
	// trailing slash.
	URL string

	// Faults holds the faults the next requests will meet.
	Faults *Injector

	hs       *httptest.Server
	requests atomic.Int64

	mu    sync.Mutex
	conns map[net.Conn]http.ConnState
	log   []entry // ring of the last MaxRecorded requests
	next  int     // where the next request goes once log is full
	seq   int64
}

type entry struct {
	req Request
	seq int64
}

// NewServer starts a server for h on a loopback port. Faults are applied
// before h sees a request. Close it when done.
func NewServer(h http.Handler) *Server {
	s := &Server{Faults: &Injector{}, conns: map[net.Conn]http.ConnState{}}
	if h == nil {
		h = http.NotFoundHandler()
	}
	s.hs = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		i := s.record(r)
		if s.Faults.serve(w, r, h) {
			s.markFaulted(i)
		}
	}))
	s.hs.Config.ConnState = s.trackConn
	s.hs.Start()
	s.URL = s.hs.URL
	return s
}

// Close shuts the server down, closing every connection, and waits for the
// requests in flight to end.
func (s *Server) Close() { s.hs.Close() }

// Client returns an HTTP client for the server: its own transport, closed
// with the server.
func (s *Server) Client() *http.Client { return s.hs.Client() }

// Requests reports how many requests reached the server, those answered by a
// fault included.
func (s *Server) Requests() int64 { return s.requests.Load() }

// Received returns the requests the server received, oldest first: all of
// them, or the last MaxRecorded when there were more.
func (s *Server) Received() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, 0, len(s.log))
	for _, e := range s.log[s.next:] {
		out = append(out, e.req)
	}
	for _, e := range s.log[:s.next] {
		out = append(out, e.req)
	}
	return out
}

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

// record keeps a copy of r (its body read up to MaxRecordedBody, then handed
// on whole) and returns its sequence number.
func (s *Server) record(r *http.Request) int64 {
	req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone()}
	if r.Body != nil && r.Body != http.NoBody {
		head, _ := io.ReadAll(io.LimitReader(r.Body, MaxRecordedBody))
		req.Body = head
		r.Body = readCloser{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	e := entry{req: req, seq: s.seq}
	if len(s.log) < MaxRecorded {
		s.log = append(s.log, e)
	} else {
		s.log[s.next] = e
		s.next = (s.next + 1) % MaxRecorded
	}
	return s.seq
}

// markFaulted flags the recorded request with sequence number seq, unless
// newer requests pushed it out of the record.
func (s *Server) markFaulted(seq int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.log {
		if s.log[i].seq == seq {
			s.log[i].req.Faulted = true
			return
		}
	}
}

type readCloser struct {
	io.Reader
	io.Closer
}
