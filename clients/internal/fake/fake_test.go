package fake

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

const spec = `
openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: "https://api.example.com"}]
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: bearer}
security: [{bearerAuth: []}]
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 10}}
      responses:
        "200": {description: ok}
`

func newTestServer(t *testing.T) *Server {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	auth := func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
		if in.RequestValidationInput.Request.Header.Get("Authorization") != "Bearer good" {
			return errors.New("bad token")
		}
		return nil
	}
	onError := func(w http.ResponseWriter, _ *http.Request, e ValidationError) {
		WriteJSON(w, e.Status, map[string]string{"message": e.Err.Error()})
	}
	h := Validator(doc, auth, onError)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteJSON(w, http.StatusOK, map[string]string{"ok": "yes"})
	}))
	s := NewServer(h)
	t.Cleanup(s.Close)
	return s
}

func get(t *testing.T, c *http.Client, url, token string) (int, string, error) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

func TestValidator(t *testing.T) {
	s := newTestServer(t)
	for _, tc := range []struct {
		name, path, token string
		want              int
	}{
		{"valid", "/items?limit=5", "good", 200},
		{"limit over maximum", "/items?limit=11", "good", 400},
		{"bad token", "/items", "bad", 401},
		{"no token", "/items", "", 401},
		{"unknown path", "/nothing", "good", 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body, err := get(t, s.Client(), s.URL+tc.path, tc.token)
			if err != nil {
				t.Fatal(err)
			}
			if status != tc.want {
				t.Errorf("status %d, want %d (%s)", status, tc.want, body)
			}
		})
	}
}

func TestFaults(t *testing.T) {
	s := newTestServer(t)
	c := s.Client()

	s.Faults.Inject(2, RetryAfterFault(3, `{"message":"slow down"}`))
	for i := range 2 {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/items", nil)
		req.Header.Set("Authorization", "Bearer good")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
			t.Errorf("request %d: %d Retry-After %q, want 429 and 3", i, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	if status, _, _ := get(t, c, s.URL+"/items", "good"); status != 200 {
		t.Errorf("after the faults: %d, want 200", status)
	}

	// On a reused connection net/http resends an idempotent request once
	// when the connection drops before any answer; a fresh connection shows
	// the drop itself.
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	s.Faults.Inject(1, Fault{Kind: Drop})
	if _, _, err := get(t, fresh, s.URL+"/items", "good"); err == nil {
		t.Error("dropped connection: no error")
	}

	s.Faults.Inject(1, Fault{Kind: Truncate})
	if _, _, err := get(t, c, s.URL+"/items", "good"); err == nil || !strings.Contains(err.Error(), "EOF") {
		t.Errorf("truncated body: err = %v, want an unexpected EOF", err)
	}

	s.Faults.Inject(1, Fault{Kind: Stall, Delay: time.Hour})
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

func TestConnStatesReturnToIdle(t *testing.T) {
	s := newTestServer(t)
	c := s.Client()
	for range 3 {
		if status, _, err := get(t, c, s.URL+"/items", "good"); err != nil || status != 200 {
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
