package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/respondkit/respondkit"
)

// fakeClock records sleeps instead of sleeping.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func (f *fakeClock) clock() clock {
	return clock{
		now: func() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.t },
		sleep: func(ctx context.Context, d time.Duration) error {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.sleeps = append(f.sleeps, d)
			f.t = f.t.Add(d)
			return ctx.Err()
		},
		rand: func() float64 { return 1 },
	}
}

// scripted answers each request with the next status in the script (200
// after it ends), recording the bodies it received.
type scripted struct {
	mu      sync.Mutex
	script  []int
	headers map[int]http.Header
	hits    int
	bodies  []string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.bodies = append(s.bodies, string(b))
	status := http.StatusOK
	if s.hits < len(s.script) {
		status = s.script[s.hits]
	}
	s.hits++
	s.mu.Unlock()
	if status == 0 { // drop the connection after reading the request
		conn, _, _ := w.(http.Hijacker).Hijack()
		_ = conn.Close()
		return
	}
	for k, v := range s.headers[status] {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`{"status":` + strconv.Itoa(status) + `}`))
}

func (s *scripted) attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits
}

func TestRetry(t *testing.T) {
	retryAfter := map[int]http.Header{429: {"Retry-After": {"7"}}}
	for _, tc := range []struct {
		name       string
		method     string
		script     []int
		wantStatus int // 0: an error
		wantHits   int
		wantSleeps []time.Duration
	}{
		{"success at once", "GET", nil, 200, 1, nil},
		{"429 honours Retry-After", "GET", []int{429, 200}, 200, 2, []time.Duration{7 * time.Second}},
		{"503 then 502 then 504 then give up", "GET", []int{503, 502, 504, 503}, 503, 4, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}},
		{"plain 400 is not retried", "GET", []int{400}, 400, 1, nil},
		{"500 is not retried", "GET", []int{500}, 500, 1, nil},
		{"POST retried on 429", "POST", []int{429, 201}, 201, 2, []time.Duration{7 * time.Second}},
		{"POST retried on 503", "POST", []int{503, 201}, 201, 2, []time.Duration{100 * time.Millisecond}},
		{"POST not retried on 502", "POST", []int{502}, 502, 1, nil},
		{"POST not retried on 504", "POST", []int{504}, 504, 1, nil},
		{"PATCH not retried on 502", "PATCH", []int{502}, 502, 1, nil},
		// Without a table declaring it safe, a DELETE may have effects (a
		// Sysdig undo creates an execution per request).
		{"DELETE not retried on 502", "DELETE", []int{502}, 502, 1, nil},
		{"GET retried after a dropped connection", "GET", []int{0, 200}, 200, 2, []time.Duration{100 * time.Millisecond}},
		{"POST not resent after the request was written", "POST", []int{0}, 0, 1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &scripted{script: tc.script, headers: retryAfter}
			srv := httptest.NewServer(s)
			defer srv.Close()
			fc := &fakeClock{t: time.Unix(1_700_000_000, 0)}
			p := RetryPolicy{MaxAttempts: 4, BaseDelay: 100 * time.Millisecond, MaxDelay: 10 * time.Second}
			// Keep-alives off: net/http itself resends idempotent requests
			// once on a reused connection, which would blur the counts.
			base := &http.Transport{DisableKeepAlives: true}
			c := &http.Client{Transport: Chain(base, retryWithClock(p, nil, fc.clock()))}
			body := `{"actionType":"KILL_CONTAINER"}`
			req, _ := http.NewRequest(tc.method, srv.URL, strings.NewReader(body))
			resp, err := c.Do(req)
			if tc.wantStatus == 0 {
				if err == nil {
					t.Fatalf("status %d, want an error", resp.StatusCode)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != tc.wantStatus {
					t.Errorf("status %d, want %d", resp.StatusCode, tc.wantStatus)
				}
			}
			if s.attempts() != tc.wantHits {
				t.Errorf("%d attempts, want %d", s.attempts(), tc.wantHits)
			}
			if !equalDurations(fc.sleeps, tc.wantSleeps) {
				t.Errorf("slept %v, want %v", fc.sleeps, tc.wantSleeps)
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			for i, b := range s.bodies {
				if b != body {
					t.Errorf("attempt %d sent body %q, want %q", i+1, b, body)
				}
			}
		})
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRetryRespectsDeadlineAndMaxDelay(t *testing.T) {
	for _, tc := range []struct {
		name       string
		retryAfter string
		deadline   time.Duration
	}{
		{"advertised wait beyond the deadline", "30", 10 * time.Second},
		{"advertised wait beyond MaxDelay", "3600", time.Hour * 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &scripted{script: []int{429, 200}, headers: map[int]http.Header{429: {"Retry-After": {tc.retryAfter}}}}
			srv := httptest.NewServer(s)
			defer srv.Close()
			fc := &fakeClock{t: time.Now()}
			p := RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: time.Minute}
			c := &http.Client{Transport: Chain(nil, retryWithClock(p, nil, fc.clock()))}
			ctx, cancel := context.WithTimeout(context.Background(), tc.deadline)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 429 || s.attempts() != 1 || len(fc.sleeps) != 0 {
				t.Errorf("status %d after %d attempts and sleeps %v; want the 429 at once", resp.StatusCode, s.attempts(), fc.sleeps)
			}
		})
	}
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	s := &scripted{script: []int{503, 503, 503, 503}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	c := clock{now: time.Now, rand: func() float64 { return 0 }, sleep: func(ctx context.Context, d time.Duration) error {
		cancel() // the caller gives up while we wait
		return sleepCtx(ctx, d)
	}}
	hc := &http.Client{Transport: Chain(nil, retryWithClock(DefaultRetryPolicy(), nil, c))}
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	if _, err := hc.Do(req); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if s.attempts() != 1 {
		t.Errorf("%d attempts, want 1", s.attempts())
	}
}

func TestPOSTRetriedWhenConnectionFailedBeforeWriting(t *testing.T) {
	var dials atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(201) }))
	defer srv.Close()
	base := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 1 {
			return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused")}
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	fc := &fakeClock{t: time.Now()}
	c := &http.Client{Transport: Chain(base, retryWithClock(DefaultRetryPolicy(), nil, fc.clock()))}
	resp, err := c.Post(srv.URL, "application/json", bytes.NewReader([]byte(`{}`)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 || dials.Load() != 2 {
		t.Errorf("status %d after %d dials, want 201 after 2", resp.StatusCode, dials.Load())
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"12", 12 * time.Second, true},
		{"0", 0, true},
		{"-3", 0, false},
		{"soon", 0, false},
		{"Wed, 01 Jan 2020 00:00:30 GMT", 30 * time.Second, true},
		{"Tue, 31 Dec 2019 23:00:00 GMT", 0, true},
		{"99999999999999999", maxWait, true},
	} {
		got, ok := ParseRetryAfter(http.Header{"Retry-After": {tc.in}}, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParseEpochSeconds(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"1700000005", 5 * time.Second, true},
		{"1699999990", 0, true}, // in the past: now
		{"", 0, false},
		{"x", 0, false},
		{"-1", 0, false},
		{"9223372036854775807", maxWait, true},
	} {
		got, ok := ParseEpochSeconds(http.Header{"X-Ratelimit-Retryafter": {tc.in}}, "X-RateLimit-RetryAfter", now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseEpochSeconds(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestParseWait: Falcon's epoch header comes first, Retry-After is read
// when it is absent or invalid, and neither means no wait asked for.
func TestParseWait(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	for _, tc := range []struct {
		epoch, retryAfter string
		want              time.Duration
		ok                bool
	}{
		{"1700000005", "20", 5 * time.Second, true},
		{"", "20", 20 * time.Second, true},
		{"soon", "20", 20 * time.Second, true},
		{"1700000005", "", 5 * time.Second, true},
		{"", "", 0, false},
	} {
		h := http.Header{}
		if tc.epoch != "" {
			h.Set("X-RateLimit-RetryAfter", tc.epoch)
		}
		if tc.retryAfter != "" {
			h.Set("Retry-After", tc.retryAfter)
		}
		if got, ok := ParseWait(h, now); got != tc.want || ok != tc.ok {
			t.Errorf("ParseWait(%q, %q) = %v, %v; want %v, %v", tc.epoch, tc.retryAfter, got, ok, tc.want, tc.ok)
		}
	}
}

// TestWaitUnderClockSkew: an absolute wait (Falcon's epoch, a Retry-After
// date) is measured from the server's clock, the answer's Date, when the
// local clock disagrees with it: a client whose clock runs ahead does not
// skip the wait (a storm of retries) and one behind does not wait too long.
// A local clock that agrees with Date to its one-second resolution is used
// for its finer reading; without a valid Date the local clock is all there
// is. The bounds stay: a time past Date is 0, a wait is at most maxWait.
func TestWaitUnderClockSkew(t *testing.T) {
	server := time.Unix(1_700_000_000, 0) // the server's clock when it answered
	date := server.UTC().Format(http.TimeFormat)
	for _, tc := range []struct {
		name  string
		date  string        // the answer's Date header
		local time.Duration // the local clock minus the server's
		epoch int64         // X-RateLimit-RetryAfter, from the server's clock
		want  time.Duration
	}{
		{"no Date, clocks agree", "", 0, 5, 5 * time.Second},
		{"no Date, local ahead: the local clock is all there is", "", 3 * time.Second, 5, 2 * time.Second},
		{"clocks agree", date, 0, 5, 5 * time.Second},
		{"clocks agree within Date's second: the finer local reading", date, 400 * time.Millisecond, 5, 4600 * time.Millisecond},
		{"local 3 s ahead", date, 3 * time.Second, 5, 5 * time.Second},
		{"local 10 min ahead", date, 10 * time.Minute, 5, 5 * time.Second},
		{"local 2 h behind", date, -2 * time.Hour, 5, 5 * time.Second},
		{"local 1 s behind", date, -time.Second, 5, 5 * time.Second},
		{"past by the server's clock, local far behind", date, -time.Hour, -10, 0},
		{"an invalid Date: the local clock", "yesterday", 10 * time.Minute, 5, 0},
		{"far ahead of the server's clock: capped", date, -48 * time.Hour, 1 << 40, maxWait},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			if tc.date != "" {
				h.Set("Date", tc.date)
			}
			now := server.Add(tc.local)
			h.Set("X-RateLimit-RetryAfter", strconv.FormatInt(server.Unix()+tc.epoch, 10))
			if got, ok := ParseEpochSeconds(h, "X-RateLimit-RetryAfter", now); !ok || got != tc.want {
				t.Errorf("epoch: wait %v, %v; want %v", got, ok, tc.want)
			}
			if tc.epoch > 1<<30 {
				return // no HTTP-date that far
			}
			h.Set("Retry-After", server.Add(time.Duration(tc.epoch)*time.Second).UTC().Format(http.TimeFormat))
			if got, ok := ParseRetryAfter(h, now); !ok || got != tc.want {
				t.Errorf("Retry-After date: wait %v, %v; want %v", got, ok, tc.want)
			}
		})
	}
}

func TestUserAgent(t *testing.T) {
	var got string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.UserAgent() }))
	defer srv.Close()
	for _, tc := range []struct{ product, want string }{
		{"", "respondkit/" + respondkit.Version},
		{"soar-bot/2.1", "soar-bot/2.1 respondkit/" + respondkit.Version},
	} {
		c := &http.Client{Transport: Chain(nil, UserAgent(tc.product))}
		req, _ := http.NewRequest("GET", srv.URL, nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got != tc.want {
			t.Errorf("User-Agent %q, want %q", got, tc.want)
		}
		if req.Header.Get("User-Agent") != "" {
			t.Error("the caller's request was changed")
		}
	}
}

const secret = "sekret-token-ABC123"

func TestAuthStaysOnItsHost(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]string{}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen["other"] = r.Header.Get("Authorization")
		mu.Unlock()
	}))
	defer other.Close()
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen["home"] = r.Header.Get("Authorization")
		mu.Unlock()
		http.Redirect(w, r, other.URL+"/elsewhere", http.StatusFound)
	}))
	defer home.Close()
	base, _ := url.Parse(home.URL)
	cred := func(context.Context) (string, error) { return "Bearer " + secret, nil }
	c := &http.Client{Transport: Chain(nil, Auth(base, "Authorization", cred, false))}
	resp, err := c.Get(home.URL + "/start")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if seen["home"] != "Bearer "+secret {
		t.Errorf("home got %q", seen["home"])
	}
	if seen["other"] != "" {
		t.Errorf("credential followed the redirect to another host: %q", seen["other"])
	}
}

// TestAuthWithPresetHeader: a credential set where the request was built
// passes same-origin requests through uncopied, is corrected if
// it is not the credential's value, is stripped from other origins and never
// leaves over plain http to a remote host; the caller's request is never
// changed.
func TestAuthWithPresetHeader(t *testing.T) {
	base, _ := url.Parse("https://api.example.com")
	cred := func(context.Context) (string, error) { return "Bearer " + secret, nil }
	for _, tc := range []struct {
		name, url, preset string
		wantHeader        string // at the next transport
		wantSame          bool   // next gets the caller's own request
	}{
		{"same origin, preset", "https://api.example.com/x", "Bearer " + secret, "Bearer " + secret, true},
		{"same origin, other value", "https://api.example.com/x", "Bearer stale", "Bearer " + secret, false},
		{"same origin, none", "https://api.example.com/x", "", "Bearer " + secret, false},
		{"other host", "https://evil.example.com/x", "Bearer " + secret, "", false},
		{"other scheme", "http://api.example.com/x", "Bearer " + secret, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *http.Request
			next := RoundTripFunc(func(r *http.Request) (*http.Response, error) {
				got = r
				return &http.Response{StatusCode: 204, Body: http.NoBody, Request: r}, nil
			})
			req, _ := http.NewRequest("GET", tc.url, nil)
			if tc.preset != "" {
				req.Header.Set("Authorization", tc.preset)
			}
			if _, err := Chain(next, Auth(base, "authorization", cred, false)).RoundTrip(req); err != nil {
				t.Fatal(err)
			}
			if h := got.Header.Get("Authorization"); h != tc.wantHeader {
				t.Errorf("next transport got Authorization %q, want %q", h, tc.wantHeader)
			}
			if (got == req) != tc.wantSame {
				t.Errorf("next got the caller's request: %v, want %v", got == req, tc.wantSame)
			}
			if h := req.Header.Get("Authorization"); h != tc.preset {
				t.Errorf("the caller's request was changed: Authorization %q, was %q", h, tc.preset)
			}
		})
	}
}

func TestAuthRefusesPlainHTTPToRemoteHosts(t *testing.T) {
	var sent atomic.Bool
	base, _ := url.Parse("http://api.example.com")
	cred := func(context.Context) (string, error) { return "Bearer " + secret, nil }
	next := RoundTripFunc(func(*http.Request) (*http.Response, error) {
		sent.Store(true)
		return nil, errors.New("not reached")
	})
	rt := Chain(next, Auth(base, "Authorization", cred, false))
	req, _ := http.NewRequest("GET", "http://api.example.com/x", nil)
	_, err := rt.RoundTrip(req)
	if !errors.Is(err, ErrInsecureTransport) || sent.Load() {
		t.Fatalf("err = %v, sent = %v; want ErrInsecureTransport and nothing sent", err, sent.Load())
	}
	if strings.Contains(err.Error(), secret) {
		t.Error("the error holds the credential")
	}
	// Allowed explicitly, it goes through.
	rt = Chain(next, Auth(base, "Authorization", cred, true))
	if _, err := rt.RoundTrip(req); err == nil || !sent.Load() {
		t.Errorf("allowed insecure request was not sent (err %v)", err)
	}
}

func TestCheckBaseURL(t *testing.T) {
	for _, tc := range []struct {
		url      string
		insecure bool
		ok       bool
	}{
		{"https://secure.sysdig.com", false, true},
		{"http://127.0.0.1:8080", false, true},
		{"http://127.9.9.9", false, true},
		{"http://[::1]:80", false, true},
		{"http://localhost", false, true},
		{"http://sysdig.internal", false, false},
		{"http://sysdig.internal", true, true},
		{"http://10.0.0.1", false, false},
		{"ftp://example.com", false, false},
		{"https://", false, false},
		{"https://user:pass@example.com", false, false},
	} {
		u, _ := url.Parse(tc.url)
		err := CheckBaseURL(u, tc.insecure)
		if (err == nil) != tc.ok {
			t.Errorf("CheckBaseURL(%q, %v) = %v, want ok=%v", tc.url, tc.insecure, err, tc.ok)
		}
		if err != nil && strings.Contains(err.Error(), "pass") {
			t.Errorf("error shows the URL's password: %v", err)
		}
	}
}

func TestLoggingNeverLogsCredentials(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := &scripted{script: []int{503, 200}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	base, _ := url.Parse(srv.URL)
	cred := func(context.Context) (string, error) { return "Bearer " + secret, nil }
	fc := &fakeClock{t: time.Now()}
	c := &http.Client{Transport: Chain(nil,
		retryWithClock(DefaultRetryPolicy(), nil, fc.clock()),
		Logging(l),
		Auth(base, "Authorization", cred, false))}
	resp, err := c.Get(srv.URL + "/secure/x?token=" + secret)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	out := buf.String()
	if strings.Contains(out, secret) {
		t.Fatalf("log holds the credential:\n%s", out)
	}
	for _, want := range []string{"attempt=1", "status=503", "attempt=2", "status=200", "path=/secure/x", "method=GET"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}
