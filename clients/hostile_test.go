package clients_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/jsondec"
	"github.com/respondkit/respondkit/clients/internal/transport"
	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/clients/waldur"
)

// The hostile matrix: one case per rule of "hold under a hostile network",
// each against a server of its own that misbehaves on purpose. Every case
// runs with a logger, then checks that no secret shows in the error (%v,
// %+v, %#v), the log or a panic, and that goroutines and connections come
// back to where they were. Remote-looking hosts are dialled on loopback by
// the test transport: nothing leaves the machine.

const (
	hostileSecret = "s3cr3t-hostile-client-secret-value"
	hostileToken  = "tok-hostile-access-token-value-0001"
	hostileAPIKey = "api-key-hostile-static-token-value"
)

// hostileEnv is what a case gets: a transport that maps every host to
// loopback and counts dials and open connections, and a logger.
type hostileEnv struct {
	t      *testing.T
	hc     *http.Client
	tr     *http.Transport
	dials  atomic.Int64
	open   atomic.Int64
	logger *slog.Logger
	logs   *syncBuffer
	remote map[string]string // host:port -> loopback address
	mu     sync.Mutex
	srvs   []*httptest.Server
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type countedConn struct {
	net.Conn
	once sync.Once
	open *atomic.Int64
}

func (c *countedConn) Close() error {
	c.once.Do(func() { c.open.Add(-1) })
	return c.Conn.Close()
}

func newHostileEnv(t *testing.T) *hostileEnv {
	e := &hostileEnv{t: t, logs: &syncBuffer{}, remote: map[string]string{}}
	e.logger = slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e.tr = http.DefaultTransport.(*http.Transport).Clone()
	var d net.Dialer
	e.tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		e.dials.Add(1)
		e.mu.Lock()
		if to, ok := e.remote[addr]; ok {
			addr = to
		}
		e.mu.Unlock()
		if host, _, _ := net.SplitHostPort(addr); !transport.IsLoopback(host) {
			return nil, fmt.Errorf("test transport: refusing to dial %s off the machine", addr)
		}
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		e.open.Add(1)
		return &countedConn{Conn: c, open: &e.open}, nil
	}
	e.hc = &http.Client{Transport: e.tr}
	return e
}

// mapHost makes hostPort (a remote-looking name) dial srv on loopback.
func (e *hostileEnv) mapHost(hostPort string, srv *httptest.Server) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.remote[hostPort] = srv.Listener.Addr().String()
}

func (e *hostileEnv) server(h http.HandlerFunc) *httptest.Server {
	srv := httptest.NewServer(h)
	e.srvs = append(e.srvs, srv)
	return srv
}

var hostileRetries = falcon.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 200 * time.Millisecond}

func (e *hostileEnv) falcon(base string, opts ...falcon.Option) *falcon.Client {
	c, err := falcon.New(falcon.Credentials{ClientID: "cid-hostile", ClientSecret: hostileSecret},
		append([]falcon.Option{falcon.WithBaseURL(base), falcon.WithHTTPClient(e.hc), falcon.WithLogger(e.logger), falcon.WithRetryPolicy(hostileRetries)}, opts...)...)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *hostileEnv) sysdig(base string, opts ...sysdig.Option) *sysdig.Client {
	c, err := sysdig.New(hostileAPIKey, append([]sysdig.Option{sysdig.WithBaseURL(base), sysdig.WithHTTPClient(e.hc), sysdig.WithLogger(e.logger), sysdig.WithRetryPolicy(hostileRetries)}, opts...)...)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *hostileEnv) waldur(base string) *waldur.Client {
	c, err := waldur.New(waldur.Config{BaseURL: base, Token: hostileAPIKey}, waldur.WithHTTPClient(e.hc), waldur.WithLogger(e.logger), waldur.WithRetryPolicy(hostileRetries))
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// tokenHandler answers the token endpoint like Falcon, with a lifetime.
func tokenHandler(life int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"access_token":%q,"expires_in":%d,"token_type":"bearer"}`, hostileToken, life)
	}
}

const emptyEnvelope = `{"meta":{"query_time":0.1,"trace_id":"tr"},"errors":[],"resources":[]}`

func jsonAnswer(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func queryIDs(ctx context.Context, c *falcon.Client) error {
	_, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{PageSize: 10}, 0)
	return err
}

type hostileCase struct {
	name string
	run  func(e *hostileEnv) error // nil when the case holds
}

func hostileCases() []hostileCase {
	return []hostileCase{
		{"falcon token 307 to another port is refused", func(e *hostileEnv) error {
			var stolen atomic.Int64
			other := e.server(func(w http.ResponseWriter, r *http.Request) { stolen.Add(1) })
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.URL+"/oauth2/token", http.StatusTemporaryRedirect)
			})
			c := e.falcon(srv.URL)
			err := queryIDs(context.Background(), c)
			var re *falcon.RedirectError
			if !errors.As(err, &re) || !strings.Contains(re.Location, other.Listener.Addr().String()) {
				return fmt.Errorf("err %v, want a *RedirectError naming %s", err, other.URL)
			}
			if stolen.Load() != 0 {
				return errors.New("the other port received the token request")
			}
			return nil
		}},
		{"falcon token 308 to plain http on a remote host is refused", func(e *hostileEnv) error {
			var stolen atomic.Int64
			sink := e.server(func(w http.ResponseWriter, r *http.Request) { stolen.Add(1) })
			e.mapHost("api.evil.example:80", sink)
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "http://api.evil.example/oauth2/token", http.StatusPermanentRedirect)
			})
			err := queryIDs(context.Background(), e.falcon(srv.URL))
			var re *falcon.RedirectError
			if !errors.As(err, &re) || !strings.Contains(re.Location, "api.evil.example") || stolen.Load() != 0 {
				return fmt.Errorf("err %v (%d stolen), want a *RedirectError naming api.evil.example", err, stolen.Load())
			}
			return nil
		}},
		{"falcon token requests follow the caller's redirect policy", func(e *hostileEnv) error {
			refused := errors.New("caller's policy: no redirects")
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/oauth2/token" {
					http.Redirect(w, r, "/oauth2/token2", http.StatusTemporaryRedirect)
					return
				}
				tokenHandler(1799)(w, r)
			})
			hc := &http.Client{Transport: e.tr, CheckRedirect: func(*http.Request, []*http.Request) error { return refused }}
			c, err := falcon.New(falcon.Credentials{ClientID: "cid", ClientSecret: hostileSecret}, falcon.WithBaseURL(srv.URL), falcon.WithHTTPClient(hc))
			if err != nil {
				return err
			}
			if err := queryIDs(context.Background(), c); !errors.Is(err, refused) {
				return fmt.Errorf("err %v, want the caller's redirect policy's", err)
			}
			return nil
		}},
		{"falcon Close fails loudly and a closed client fetches nothing", func(e *hostileEnv) error {
			var tokens atomic.Int64
			other := e.server(func(w http.ResponseWriter, r *http.Request) {})
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/oauth2/token":
					tokens.Add(1)
					tokenHandler(1799)(w, r)
				case "/oauth2/revoke":
					http.Redirect(w, r, other.URL+"/oauth2/revoke", http.StatusTemporaryRedirect)
				default:
					jsonAnswer(w, 200, emptyEnvelope)
				}
			})
			c := e.falcon(srv.URL)
			if err := queryIDs(context.Background(), c); err != nil {
				return err
			}
			var re *falcon.RedirectError
			if err := c.Close(context.Background()); !errors.As(err, &re) {
				return fmt.Errorf("Close: %v, want the refused redirect", err)
			}
			if err := queryIDs(context.Background(), c); !errors.Is(err, falcon.ErrClosed) || tokens.Load() != 1 {
				return fmt.Errorf("after Close: %v and %d token requests, want ErrClosed and 1", err, tokens.Load())
			}
			return nil
		}},
		{"falcon token wait honours each caller's deadline", func(e *hostileEnv) error {
			release := make(chan struct{})
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-release:
				case <-r.Context().Done():
				}
			})
			defer close(release)
			c := e.falcon(srv.URL)
			go func() { _ = queryIDs(context.Background(), c) }() // a stuck fetch
			time.Sleep(50 * time.Millisecond)
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := queryIDs(ctx, c)
			if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 3*time.Second {
				return fmt.Errorf("err %v after %v, want the deadline within about 300 ms", err, time.Since(start))
			}
			_ = c.Close(context.Background())
			return nil
		}},
		{"falcon 16 callers share one token fetch sequence against a 503", func(e *hostileEnv) error {
			var tokens atomic.Int64
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				tokens.Add(1)
				time.Sleep(20 * time.Millisecond)
				jsonAnswer(w, 503, `{"errors":[{"code":503,"message":"down"}]}`)
			})
			c := e.falcon(srv.URL)
			var wg sync.WaitGroup
			errs := make([]error, 16)
			for i := range errs {
				wg.Add(1)
				go func() { defer wg.Done(); errs[i] = queryIDs(context.Background(), c) }()
			}
			wg.Wait()
			for _, err := range errs {
				var ae *apierror.Error
				if !errors.As(err, &ae) || ae.StatusCode != 503 {
					return fmt.Errorf("err %v, want the token endpoint's 503", err)
				}
			}
			if n := tokens.Load(); n > int64(hostileRetries.MaxAttempts) {
				return fmt.Errorf("%d token requests for 16 callers, want one sequence of at most %d", n, hostileRetries.MaxAttempts)
			}
			return nil
		}},
		{"falcon refused connection costs the policy's attempts in all", func(e *hostileEnv) error {
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return err
			}
			addr := l.Addr().String()
			l.Close()
			c := e.falcon("http://" + addr)
			err = queryIDs(context.Background(), c)
			if err == nil || e.dials.Load() > int64(hostileRetries.MaxAttempts) {
				return fmt.Errorf("err %v after %d dials, want an error after at most %d", err, e.dials.Load(), hostileRetries.MaxAttempts)
			}
			return nil
		}},
		{"falcon a 60 s token is reused", func(e *hostileEnv) error {
			var tokens atomic.Int64
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/oauth2/token" {
					tokens.Add(1)
					tokenHandler(60)(w, r)
					return
				}
				jsonAnswer(w, 200, emptyEnvelope)
			})
			c := e.falcon(srv.URL)
			for range 5 {
				if err := queryIDs(context.Background(), c); err != nil {
					return err
				}
			}
			if tokens.Load() != 1 {
				return fmt.Errorf("%d token requests for 5 calls, want 1", tokens.Load())
			}
			return nil
		}},
		{"a Retry-After past the deadline is a typed rate-limit error at once", func(e *hostileEnv) error {
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "3600")
				jsonAnswer(w, 429, `{"message":"slow down"}`)
			})
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			_, err := e.sysdig(srv.URL).GetExecution(ctx, "e1")
			var ae *apierror.Error
			if !errors.As(err, &ae) || ae.StatusCode != 429 || ae.RetryAfter != time.Hour || errors.Is(err, context.DeadlineExceeded) {
				return fmt.Errorf("err %v, want a 429 stating the hour asked for", err)
			}
			return nil
		}},
		{"falcon cooldown six hours ahead does not block later calls", func(e *hostileEnv) error {
			var n atomic.Int64
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/oauth2/token" {
					tokenHandler(1799)(w, r)
					return
				}
				if n.Add(1) == 1 {
					w.Header().Set("X-RateLimit-RetryAfter", fmt.Sprint(time.Now().Add(6*time.Hour).Unix()))
					jsonAnswer(w, 429, `{"errors":[{"code":429,"message":"API rate limit exceeded."}]}`)
					return
				}
				jsonAnswer(w, 200, emptyEnvelope)
			})
			c := e.falcon(srv.URL, falcon.WithRetryPolicy(falcon.RetryPolicy{MaxAttempts: 1, MaxDelay: 200 * time.Millisecond}))
			if err := queryIDs(context.Background(), c); !falcon.IsRateLimited(err) {
				return fmt.Errorf("first call: %v, want the 429", err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := queryIDs(ctx, c); err != nil || n.Load() != 2 {
				return fmt.Errorf("later call: %v after %d requests, want success after the capped cooldown", err, n.Load())
			}
			// A deadline shorter than the cooldown fails at once, typed.
			n.Store(0)
			_ = queryIDs(context.Background(), c)
			short, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel2()
			err := queryIDs(short, c)
			var ae *apierror.Error
			if !errors.As(err, &ae) || ae.StatusCode != 429 || ae.RetryAfter <= 0 {
				return fmt.Errorf("call within the cooldown: %v, want a typed 429 with its wait", err)
			}
			return nil
		}},
		{"falcon Limit 1 Remaining 0 does not stop later calls", func(e *hostileEnv) error {
			var n atomic.Int64
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/oauth2/token" {
					tokenHandler(1799)(w, r)
					return
				}
				n.Add(1)
				w.Header().Set("X-RateLimit-Limit", "1")
				w.Header().Set("X-RateLimit-Remaining", "0")
				jsonAnswer(w, 200, emptyEnvelope)
			})
			c := e.falcon(srv.URL)
			for range 3 {
				ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
				err := queryIDs(ctx, c)
				cancel()
				if err != nil {
					return fmt.Errorf("call after Limit 1 Remaining 0: %v", err)
				}
			}
			if n.Load() != 3 {
				return fmt.Errorf("%d requests sent, want 3", n.Load())
			}
			return nil
		}},
		{"falcon WithSlowDown spaces 20 concurrent callers", func(e *hostileEnv) error {
			var mu sync.Mutex
			var sent []time.Time
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/oauth2/token" {
					tokenHandler(1799)(w, r)
					return
				}
				mu.Lock()
				sent = append(sent, time.Now())
				mu.Unlock()
				w.Header().Set("X-RateLimit-Limit", "600")
				w.Header().Set("X-RateLimit-Remaining", "5")
				jsonAnswer(w, 200, emptyEnvelope)
			})
			c := e.falcon(srv.URL, falcon.WithSlowDown(10))
			if err := queryIDs(context.Background(), c); err != nil {
				return err
			}
			mu.Lock()
			sent = nil
			mu.Unlock()
			var wg sync.WaitGroup
			for range 20 {
				wg.Add(1)
				go func() { defer wg.Done(); _ = queryIDs(context.Background(), c) }()
			}
			wg.Wait()
			mu.Lock()
			defer mu.Unlock()
			if len(sent) != 20 {
				return fmt.Errorf("%d requests, want 20", len(sent))
			}
			first, last := sent[0], sent[0]
			for _, s := range sent {
				if s.Before(first) {
					first = s
				}
				if s.After(last) {
					last = s
				}
			}
			// 100 ms apart at 600 a minute: 19 gaps, generously halved.
			if spread := last.Sub(first); spread < 900*time.Millisecond {
				return fmt.Errorf("20 requests sent within %v: not spaced", spread)
			}
			return nil
		}},
		{"sysdig Undo is not resent after a reset once the server read it", func(e *hostileEnv) error {
			var n atomic.Int64
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					if tc, ok := conn.(*net.TCPConn); ok {
						_ = tc.SetLinger(0) // a reset, not a clean close
					}
					conn.Close()
				}
			})
			_, err := e.sysdig(srv.URL).Undo(context.Background(), "e1", sysdig.UndoOptions{})
			if err == nil || n.Load() != 1 {
				return fmt.Errorf("err %v after %d requests, want an error after one", err, n.Load())
			}
			return nil
		}},
		{"sysdig Submit answered 200 instead of 201 is success", func(e *hostileEnv) error {
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				jsonAnswer(w, 200, `{"id":"e1","actionType":"KILL_PROCESS","status":"ENQUEUED","parameters":{}}`)
			})
			ex, err := e.sysdig(srv.URL).Submit(context.Background(), sysdig.SubmitRequest{ActionType: sysdig.ActionKillProcess, Parameters: sysdig.Parameters{"host.id": "h", "process.id": 1}})
			if err != nil || ex.ID != "e1" {
				return fmt.Errorf("Submit: %v, want the execution", err)
			}
			return nil
		}},
		{"falcon GetPolicies and DeletePolicies keep a 404 envelope's results and messages", func(e *hostileEnv) error {
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.URL.Path == "/oauth2/token":
					tokenHandler(1799)(w, r)
				case r.Method == http.MethodGet:
					jsonAnswer(w, 404, `{"meta":{"trace_id":"t404"},"errors":[{"code":404,"message":"vendor says: policy gone","id":"p2"}],"resources":[{"id":"p1","name":"one","platform_name":"Linux"}]}`)
				default:
					jsonAnswer(w, 404, `{"meta":{"trace_id":"t404"},"errors":[{"code":404,"message":"vendor says: no such policy","id":"p2"}],"resources":["p1"]}`)
				}
			})
			c := e.falcon(srv.URL)
			ps, err := c.GetPolicies(context.Background(), []string{"p1", "p2"})
			var pe *falcon.PartialError
			if !errors.As(err, &pe) || len(ps) != 1 || ps[0].ID != "p1" || !strings.Contains(err.Error(), "vendor says: policy gone") {
				return fmt.Errorf("GetPolicies: %d policies, %v; want p1 and the vendor's message", len(ps), err)
			}
			ids, err := c.DeletePolicies(context.Background(), []string{"p1", "p2"})
			if !errors.As(err, &pe) || len(ids) != 1 || !strings.Contains(err.Error(), "vendor says: no such policy") {
				return fmt.Errorf("DeletePolicies: %v, %v; want p1 and the vendor's message", ids, err)
			}
			return nil
		}},
		{"101 Switching Protocols then silence is an error and the connection closes", func(e *hostileEnv) error {
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				conn, buf, err := w.(http.Hijacker).Hijack()
				if err != nil {
					return
				}
				defer conn.Close()
				_, _ = buf.WriteString("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: evil\r\n\r\n")
				_ = buf.Flush()
				_, _ = io.Copy(io.Discard, conn) // silence until the client hangs up
			})
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_, err := e.sysdig(srv.URL).GetExecution(ctx, "e1")
			if !errors.Is(err, transport.ErrUnexpectedInformational) {
				return fmt.Errorf("err %v, want ErrUnexpectedInformational", err)
			}
			return nil
		}},
		{"sysdig download stalled without a deadline fails after the idle period", func(e *hostileEnv) error {
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/octet-stream")
				_, _ = w.Write([]byte("first bytes"))
				w.(http.Flusher).Flush()
				<-r.Context().Done()
			})
			c := e.sysdig(srv.URL, sysdig.WithDownloadIdleTimeout(300*time.Millisecond))
			n, err := c.DownloadAcquiredFile(context.Background(), "e1", io.Discard)
			if !errors.Is(err, sysdig.ErrDownloadIdle) || n != int64(len("first bytes")) {
				return fmt.Errorf("%d bytes, err %v; want ErrDownloadIdle after the first bytes", n, err)
			}
			return nil
		}},
		{"a 1 MiB page of {} beyond the limit is an error within 8x its size", func(e *hostileEnv) error {
			page := `{"data":[{}` + strings.Repeat(`,{}`, (1<<20)/3) + `]}`
			srv := e.server(func(w http.ResponseWriter, r *http.Request) { jsonAnswer(w, 200, page) })
			c := e.sysdig(srv.URL)
			var ms0, ms1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms0)
			_, err := c.ListExecutionsPage(context.Background(), sysdig.ListOptions{PageSize: 200}, 0)
			runtime.ReadMemStats(&ms1)
			if !errors.Is(err, jsondec.ErrTooManyItems) {
				return fmt.Errorf("err %v, want ErrTooManyItems", err)
			}
			if grew := ms1.TotalAlloc - ms0.TotalAlloc; grew > 8*uint64(len(page)) {
				return fmt.Errorf("the page allocated %d B for a %d B body", grew, len(page))
			}
			return nil
		}},
		{"a 1 MiB vendor message and id make a bounded error", func(e *hostileEnv) error {
			huge := strings.Repeat("x", 1<<20)
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/oauth2/token" {
					tokenHandler(1799)(w, r)
					return
				}
				jsonAnswer(w, 200, `{"meta":{"trace_id":"`+huge+`"},"errors":[{"code":404,"message":"`+huge+`","id":"`+huge+`"}],"resources":[]}`)
			})
			_, err := e.falcon(srv.URL).GetPolicies(context.Background(), []string{"p1"})
			if err == nil || len(err.Error()) > 4096 {
				return fmt.Errorf("error of %d bytes", len(fmt.Sprint(err)))
			}
			return nil
		}},
		{"waldur empty pages with an endless next link end the walk", func(e *hostileEnv) error {
			var n atomic.Int64
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				w.Header().Set("Link", fmt.Sprintf(`<%s/api/user-actions/?page=%d>; rel="next"`, "http://"+r.Host, n.Load()+1))
				jsonAnswer(w, 200, `[]`)
			})
			for _, err := range e.waldur(srv.URL).List(context.Background(), waldur.Filter{}) {
				if err != nil {
					return err
				}
			}
			if n.Load() != 1 {
				return fmt.Errorf("%d pages fetched, want 1", n.Load())
			}
			return nil
		}},
		{"waldur Count rejects a negative X-Result-Count", func(e *hostileEnv) error {
			srv := e.server(func(w http.ResponseWriter, r *http.Request) { w.Header().Set("X-Result-Count", "-5") })
			if n, err := e.waldur(srv.URL).Count(context.Background(), waldur.Filter{}); err == nil {
				return fmt.Errorf("count %d, want an error", n)
			}
			return nil
		}},
		{"nil contexts are errors, never panics", func(e *hostileEnv) error {
			srv := e.server(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/oauth2/token" {
					tokenHandler(1799)(w, r)
					return
				}
				jsonAnswer(w, 200, emptyEnvelope)
			})
			var nilCtx context.Context
			fc := e.falcon(srv.URL)
			if _, err := fc.GetPolicies(nilCtx, []string{"a", "b"}); err == nil {
				return errors.New("falcon GetPolicies: no error")
			}
			if err := queryIDs(nilCtx, fc); err == nil {
				return errors.New("falcon QueryPolicyIDsPage: no error")
			}
			sc := e.sysdig(srv.URL)
			if _, err := sc.GetExecution(nilCtx, "e1"); err == nil {
				return errors.New("sysdig GetExecution: no error")
			}
			if _, err := sc.OpenAcquiredFile(nilCtx, "e1"); err == nil {
				return errors.New("sysdig OpenAcquiredFile: no error")
			}
			for _, err := range e.waldur(srv.URL).List(nilCtx, waldur.Filter{}) {
				if err == nil {
					return errors.New("waldur List: an item without error")
				}
			}
			return nil
		}},
	}
}

func TestHostileMatrix(t *testing.T) {
	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			e := newHostileEnv(t)
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("panic: %v", r)
						checkNoSecrets(t, []string{hostileSecret, hostileToken, hostileAPIKey}, fmt.Errorf("%v", r), "")
					}
				}()
				err = tc.run(e)
			}()
			if err != nil {
				t.Error(err)
			}
			checkNoSecrets(t, []string{hostileSecret, hostileToken, hostileAPIKey}, err, e.logs.String())
			e.tr.CloseIdleConnections()
			deadline := time.Now().Add(3 * time.Second)
			for e.open.Load() > 0 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
				e.tr.CloseIdleConnections()
			}
			if n := e.open.Load(); n > 0 {
				t.Errorf("%d connections left open", n)
			}
			for _, srv := range e.srvs {
				srv.CloseClientConnections()
				srv.Close()
			}
			if after := settle(before); after > before {
				t.Errorf("%d goroutines before, %d after: a leak", before, after)
			}
		})
	}
}
