package faketest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// newTestServer serves GET /items (200 {"ok":"yes"}) and POST /items (201,
// echoing the body length) behind fault injection.
func newTestServer(t *testing.T) *Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":"yes"}`)
	})
	mux.HandleFunc("POST /items", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, strings.Repeat("x", len(b)))
	})
	s := NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func do(t *testing.T, c *http.Client, method, url, body string) (int, http.Header, string, error) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b), err
}

func TestFaultAnswers(t *testing.T) {
	retryAt := time.Unix(1_700_000_000, 0)
	for _, tc := range []struct {
		name       string
		fault      Fault
		wantStatus int
		wantHeader map[string]string
		wantBody   string
	}{
		{"status", StatusFault(503, `{"message":"down"}`), 503, map[string]string{"Content-Type": "application/json"}, `{"message":"down"}`},
		{"retry after", RetryAfterFault(3, `{}`), 429, map[string]string{"Retry-After": "3"}, `{}`},
		{"rate limit", RateLimitHeadersFault(retryAt, 6000, `{"errors":[]}`), 429,
			map[string]string{"X-RateLimit-RetryAfter": "1700000000", "X-RateLimit-Limit": "6000", "X-RateLimit-Remaining": "0"}, `{"errors":[]}`},
		{"delay lets the request through", StallFault(time.Millisecond), 200, nil, `{"ok":"yes"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t)
			s.Faults.Inject(1, tc.fault)
			status, h, body, err := do(t, s.Client(), "GET", s.URL+"/items", "")
			if err != nil {
				t.Fatal(err)
			}
			if status != tc.wantStatus || body != tc.wantBody {
				t.Errorf("got %d %q, want %d %q", status, body, tc.wantStatus, tc.wantBody)
			}
			for k, v := range tc.wantHeader {
				if h.Get(k) != v {
					t.Errorf("%s = %q, want %q", k, h.Get(k), v)
				}
			}
			if status, _, _, _ := do(t, s.Client(), "GET", s.URL+"/items", ""); status != 200 {
				t.Errorf("after the fault: %d, want 200", status)
			}
		})
	}
}

func TestFaults(t *testing.T) {
	s := newTestServer(t)
	c := s.Client()

	s.Faults.Inject(2, RetryAfterFault(3, `{"message":"slow down"}`))
	for i := range 2 {
		status, h, _, err := do(t, c, "GET", s.URL+"/items", "")
		if err != nil {
			t.Fatal(err)
		}
		if status != 429 || h.Get("Retry-After") != "3" {
			t.Errorf("request %d: %d Retry-After %q, want 429 and 3", i, status, h.Get("Retry-After"))
		}
	}
	if status, _, _, _ := do(t, c, "GET", s.URL+"/items", ""); status != 200 {
		t.Errorf("after the faults: %d, want 200", status)
	}

	// On a reused connection net/http resends an idempotent request once
	// when the connection drops before any answer; a fresh connection shows
	// the drop itself.
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	s.Faults.Inject(1, DropFault())
	if _, _, _, err := do(t, fresh, "GET", s.URL+"/items", ""); err == nil {
		t.Error("dropped connection: no error")
	}

	s.Faults.Inject(1, TruncateFault(""))
	if _, _, _, err := do(t, c, "GET", s.URL+"/items", ""); err == nil || !strings.Contains(err.Error(), "EOF") {
		t.Errorf("truncated body: err = %v, want an unexpected EOF", err)
	}

	s.Faults.Inject(1, StallFault(time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/items", nil)
	if _, err := c.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("stall: err = %v, want deadline exceeded", err)
	}

	if got := s.Faults.Served(); got != 5 {
		t.Errorf("faults served = %d, want 5", got)
	}
	if got := s.Faults.Pending(); got != 0 {
		t.Errorf("faults pending = %d, want 0", got)
	}
	if got := s.Requests(); got != 6 {
		t.Errorf("requests = %d, want 6", got)
	}
}

// A fault narrowed with For waits for a matching request; others pass it.
func TestFaultFor(t *testing.T) {
	s := newTestServer(t)
	c := s.Client()
	s.Faults.Inject(1, StatusFault(503, `{}`).For("POST", "/items"))
	s.Faults.Inject(1, StatusFault(502, `{}`))
	for _, tc := range []struct {
		method string
		want   int
	}{
		{"GET", 502}, // the first fault does not match, the second does
		{"GET", 200},
		{"POST", 503},
		{"POST", 201},
	} {
		status, _, _, err := do(t, c, tc.method, s.URL+"/items", "x")
		if err != nil {
			t.Fatal(err)
		}
		if status != tc.want {
			t.Errorf("%s: %d, want %d", tc.method, status, tc.want)
		}
	}
	s.Faults.Inject(3, StatusFault(500, `{}`).For("", "/other"))
	s.Faults.Reset()
	if n := s.Faults.Pending(); n != 0 {
		t.Errorf("pending after Reset: %d", n)
	}
}

func TestReceived(t *testing.T) {
	s := newTestServer(t)
	c := s.Client()
	big := strings.Repeat("b", MaxRecordedBody+10)
	s.Faults.Inject(1, StatusFault(503, `{}`).For("GET", ""))
	if _, _, _, err := do(t, c, "GET", s.URL+"/items?limit=5&ids=a&ids=b", ""); err != nil {
		t.Fatal(err)
	}
	_, _, echoed, err := do(t, c, "POST", s.URL+"/items", big)
	if err != nil {
		t.Fatal(err)
	}
	if len(echoed) != len(big) {
		t.Errorf("the handler read %d body bytes, want %d", len(echoed), len(big))
	}
	got := s.Received()
	if len(got) != 2 {
		t.Fatalf("%d requests recorded, want 2", len(got))
	}
	if r := got[0]; r.Method != "GET" || r.Path != "/items" || r.Query.Get("limit") != "5" || len(r.Query["ids"]) != 2 || !r.Faulted || r.Body != nil {
		t.Errorf("first request recorded as %+v", r)
	}
	if r := got[1]; r.Method != "POST" || len(r.Body) != MaxRecordedBody || r.Faulted || r.Header.Get("Content-Length") == "" {
		t.Errorf("second request: %s, %d body bytes, faulted %v", r.Method, len(r.Body), r.Faulted)
	}
}

// The record keeps the last MaxRecorded requests.
func TestReceivedKeepsTheLatest(t *testing.T) {
	s := newTestServer(t)
	c := s.Client()
	for i := range MaxRecorded + 5 {
		if _, _, _, err := do(t, c, "GET", s.URL+"/items?i="+strconv.Itoa(i), ""); err != nil {
			t.Fatal(err)
		}
	}
	got := s.Received()
	if len(got) != MaxRecorded || got[0].Query.Get("i") != "5" || got[len(got)-1].Query.Get("i") != strconv.Itoa(MaxRecorded+4) {
		t.Errorf("%d recorded, from %s to %s", len(got), got[0].Query.Get("i"), got[len(got)-1].Query.Get("i"))
	}
	if s.Requests() != MaxRecorded+5 {
		t.Errorf("requests = %d", s.Requests())
	}
}

func TestClock(t *testing.T) {
	t0 := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	c := NewClock(t0)
	c.Advance(time.Hour)
	if got := c.Now(); !got.Equal(t0.Add(time.Hour)) {
		t.Errorf("after Advance: %v", got)
	}
	c.Set(t0)
	if got := c.Now(); !got.Equal(t0) {
		t.Errorf("after Set: %v", got)
	}
}

func TestFaultKindString(t *testing.T) {
	for k, want := range map[FaultKind]string{KindStatus: "Status", KindDrop: "Drop", KindStall: "Stall", KindTruncate: "Truncate", 9: "FaultKind(9)"} {
		if k.String() != want {
			t.Errorf("%d: %q, want %q", int(k), k.String(), want)
		}
	}
}

func TestConnStatesReturnToIdle(t *testing.T) {
	s := newTestServer(t)
	c := s.Client()
	for range 3 {
		if status, _, _, err := do(t, c, "GET", s.URL+"/items", ""); err != nil || status != 200 {
			t.Fatalf("%d %v", status, err)
		}
	}
	// The server marks a connection idle right after the response; wait for
	// that state change rather than for a fixed time.
	deadline := time.Now().Add(5 * time.Second)
	for {
		st := s.ConnStates()
		if st[http.StateActive] == 0 && st[http.StateIdle] == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("connection states %v, want one idle connection", st)
		}
		time.Sleep(time.Millisecond)
	}
}
