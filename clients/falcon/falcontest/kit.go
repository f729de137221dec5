package falcontest

import (
	"net/http"

	"github.com/respondkit/respondkit/clients/faketest"
)

// Close shuts the server down and waits for the requests in flight.
func (s *Server) Close() { s.http.Close() }

// Client returns an HTTP client for the server (falcon.WithHTTPClient takes
// it, though any client reaches the loopback URL).
func (s *Server) Client() *http.Client { return s.http.Client() }

// Requests reports how many requests reached the server, those answered by
// an injected fault included.
func (s *Server) Requests() int64 { return s.http.Requests() }

// Received returns the requests the server received (method, path, query,
// headers, body), oldest first; see faketest.Server.Received.
func (s *Server) Received() []faketest.Request { return s.http.Received() }

// HTTP returns the server kit under the fake, the same type for the three
// fakes, for code that handles them alike (connection states, counters).
func (s *Server) HTTP() *faketest.Server { return s.http }
