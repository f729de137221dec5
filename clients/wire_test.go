package clients_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// wire is the base transport under a client's chain in the cross-client
// tests: it records every attempt (method and URL) and the credentials sent,
// and can fail the next dials with a real "connection refused" (a connection
// error before the request is written).
type wire struct {
	*http.Transport
	mu          sync.Mutex
	sent        []sent
	credentials []string
	refuse      atomic.Int32
}

// sent is one attempt as it left the client.
type sent struct {
	method string
	url    *url.URL
	// bodyKeys are the top-level keys of a JSON object or form body.
	bodyKeys []string
}

// bodyKeys reads the top-level keys of a request's JSON object or form body
// through GetBody, leaving the body to be sent untouched.
func bodyKeys(r *http.Request) []string {
	if r.GetBody == nil {
		return nil
	}
	rc, err := r.GetBody()
	if err != nil {
		return nil
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, 1<<20))
	if err != nil {
		return nil
	}
	var keys []string
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		form, _ := url.ParseQuery(string(data))
		for k := range form {
			keys = append(keys, k)
		}
		return keys
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(data, &obj) == nil {
		for k := range obj {
			keys = append(keys, k)
		}
	}
	return keys
}

func newWire(t *testing.T) *wire {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := closed.Addr().String()
	closed.Close() // nothing listens there now: dials are refused
	w := &wire{}
	w.Transport = http.DefaultTransport.(*http.Transport).Clone()
	var d net.Dialer
	w.Transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if w.refuse.Add(-1) >= 0 {
			return d.DialContext(ctx, network, refused)
		}
		return d.DialContext(ctx, network, addr)
	}
	return w
}

func (w *wire) RoundTrip(r *http.Request) (*http.Response, error) {
	u := *r.URL
	w.mu.Lock()
	w.sent = append(w.sent, sent{method: r.Method, url: &u, bodyKeys: bodyKeys(r)})
	for _, h := range []string{"Authorization", "X-Api-Key"} {
		if v := r.Header.Get(h); v != "" {
			_, cred, _ := strings.Cut(v, " ")
			w.credentials = append(w.credentials, cred)
		}
	}
	w.mu.Unlock()
	return w.Transport.RoundTrip(r)
}

// count is the number of attempts with method since the last reset or take.
func (w *wire) count(method string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, s := range w.sent {
		if s.method == method {
			n++
		}
	}
	return n
}

// take returns the attempts since the last reset or take, and forgets them.
func (w *wire) take() []sent {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.sent
	w.sent = nil
	return out
}

func (w *wire) reset() { w.take() }

// secrets are the credentials sent so far.
func (w *wire) secrets() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.credentials...)
}
