package clients_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/respondkit/respondkit"
	"github.com/respondkit/respondkit/clients/faketest"
	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/falcon/falcontest"
	"github.com/respondkit/respondkit/clients/falcon/fql"
	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/clients/internal/transport"
	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/clients/sysdig/sysdigtest"
	"github.com/respondkit/respondkit/clients/waldur"
	"github.com/respondkit/respondkit/clients/waldur/waldurtest"
)

// The misuse matrix: one case per ordinary mistake a user of the clients
// makes (swapped arguments, conflicting options, a typo'd URL, a value out of
// range, printing a client), each saying what must happen instead. Every
// case runs with a transport that refuses to leave loopback and records
// every address dialled, and then checks that nothing was dialled but the
// loopback servers the case set up, and that no secret shows in the error
// (%v, %+v, %#v), the log or a panic. A new mistake found is a new row.

const (
	misuseToken  = "misuse-static-token-value-0001"
	misuseSecret = "misuse-client-secret-value-0002"
	misuseOnPrem = "https://sysdig.onprem.example.com"
)

// misuseEnv is what a case gets.
type misuseEnv struct {
	t      *testing.T
	hc     *http.Client
	logger *slog.Logger
	logs   *syncBuffer
	output bytes.Buffer // what the case printed (fmt, slog)

	mu      sync.Mutex
	dialled []string // every address a connection was asked for
	allowed map[string]bool
}

func newMisuseEnv(t *testing.T) *misuseEnv {
	e := &misuseEnv{t: t, logs: &syncBuffer{}, allowed: map[string]bool{}}
	e.logger = slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tr := http.DefaultTransport.(*http.Transport).Clone()
	var d net.Dialer
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		e.mu.Lock()
		e.dialled = append(e.dialled, addr)
		e.mu.Unlock()
		if host, _, _ := net.SplitHostPort(addr); !transport.IsLoopback(host) {
			return nil, fmt.Errorf("test transport: refusing to dial %s off the machine", addr)
		}
		return d.DialContext(ctx, network, addr)
	}
	e.hc = &http.Client{Transport: tr}
	t.Cleanup(tr.CloseIdleConnections)
	return e
}

// allow lets the case reach a loopback server of its own.
func (e *misuseEnv) allow(rawURL string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.allowed[strings.TrimPrefix(strings.TrimPrefix(rawURL, "http://"), "https://")] = true
}

// stray returns the addresses dialled that the case did not allow.
func (e *misuseEnv) stray() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, a := range e.dialled {
		if !e.allowed[a] {
			out = append(out, a)
		}
	}
	return out
}

// recorder is a loopback server that records each request's method and path
// and hands it to h (a fake behind a proxy prefix, a canned answer).
type recorder struct {
	*httptest.Server
	mu    sync.Mutex
	paths []string
}

func (e *misuseEnv) recorder(h http.Handler) *recorder {
	r := &recorder{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.paths = append(r.paths, req.Method+" "+req.URL.Path)
		r.mu.Unlock()
		h.ServeHTTP(w, req)
	}))
	e.t.Cleanup(r.Close)
	e.allow(r.URL)
	return r
}

func (r *recorder) seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.paths...)
}

// proxied serves a fake under a path prefix, as a reverse proxy would.
func proxied(prefix string, fake http.Handler) http.Handler {
	return http.StripPrefix(prefix, fake)
}

// fakeHandler forwards to a fake server started on loopback.
func fakeHandler(base string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, _ := http.NewRequestWithContext(r.Context(), r.Method, base+r.URL.RequestURI(), r.Body)
		req.Header = r.Header.Clone()
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, vs := range resp.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	})
}

type misuseCase struct {
	name string
	// run makes the mistake and returns the error the user sees (nil when
	// the mistake is harmless once handled); it may check more itself.
	run func(t *testing.T, e *misuseEnv) error
	// want is a part of the error that must be there ("" for none).
	want string
}

func TestMisuseMatrix(t *testing.T) {
	ctx := context.Background()
	cases := []misuseCase{
		// Credentials in the wrong place.
		{"waldur: URL and token swapped", func(t *testing.T, e *misuseEnv) error {
			_, err := waldur.New(waldur.Config{BaseURL: misuseToken, Token: "https://waldur.example.com"}, waldur.WithHTTPClient(e.hc))
			return err
		}, "waldur: Config.Token is a URL (it starts with https://): is it the base URL?"},
		{"sysdig: token given as the base URL", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, sysdig.WithBaseURL(misuseToken), sysdig.WithHTTPClient(e.hc))
			return err
		}, "base URL (30 bytes) has no scheme"},
		{"falcon: secret given as the base URL", func(t *testing.T, e *misuseEnv) error {
			_, err := falcon.New(falcon.Credentials{ClientID: "cid", ClientSecret: misuseSecret}, falcon.WithBaseURL("x"+misuseSecret+" y"))
			return err
		}, "holds whitespace or a control character at byte 32"},
		{"base URL without a scheme", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, sysdig.WithBaseURL("127.0.0.1:8080"))
			return err
		}, "sysdig: base URL (14 bytes) has no scheme: write it as https://host"},
		{"base URL with another scheme", func(t *testing.T, e *misuseEnv) error {
			_, err := waldur.New(waldur.Config{BaseURL: "ftp://waldur.example.com", Token: misuseToken})
			return err
		}, `has scheme "ftp": it must be https`},
		{"base URL with user info", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, sysdig.WithBaseURL("https://me:"+misuseSecret+"@sysdig.example.com"))
			return err
		}, "holds user info"},
		{"sysdig: empty WithBaseURL does not fall back to SaaS", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, sysdig.WithBaseURL(""), sysdig.WithHTTPClient(e.hc))
			return err
		}, "sysdig: WithBaseURL with an empty URL"},
		{"sysdig: token pasted with its scheme", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New("Bearer " + misuseToken)
			return err
		}, `sysdig: API token starts with the scheme "Bearer": give the token alone`},
		{"waldur: token pasted with its scheme", func(t *testing.T, e *misuseEnv) error {
			_, err := waldur.New(waldur.Config{BaseURL: "https://waldur.example.com", Token: "Token " + misuseToken})
			return err
		}, `waldur: Config.Token starts with the scheme "Token"`},
		{"falcon: an access token and client credentials", func(t *testing.T, e *misuseEnv) error {
			_, err := falcon.New(falcon.Credentials{ClientID: "cid", ClientSecret: misuseSecret, AccessToken: misuseToken})
			return err
		}, "falcon: credentials hold both an access token and client credentials"},
		{"falcon: access token pasted with its scheme", func(t *testing.T, e *misuseEnv) error {
			_, err := falcon.New(falcon.Credentials{AccessToken: "bearer " + misuseToken})
			return err
		}, `falcon: Credentials.AccessToken starts with the scheme "Bearer"`},
		{"waldur: personal access token without WithBearer gets a hint", func(t *testing.T, e *misuseEnv) error {
			srv := waldurtest.NewServer()
			defer srv.Close()
			e.allow(srv.URL)
			c, err := waldur.New(waldur.Config{BaseURL: srv.URL, Token: waldurtest.DefaultBearer}, waldur.WithHTTPClient(e.hc))
			if err != nil {
				return err
			}
			_, err = c.Count(ctx, waldur.Filter{})
			if !waldur.IsUnauthorized(err) {
				t.Errorf("err %v, want a 401", err)
			}
			// The same token with WithBearer works.
			c, _ = waldur.New(waldur.Config{BaseURL: srv.URL, Token: waldurtest.DefaultBearer}, waldur.WithHTTPClient(e.hc), waldur.WithBearer())
			if _, err := c.Count(ctx, waldur.Filter{}); err != nil {
				t.Errorf("with WithBearer: %v", err)
			}
			return err
		}, "(hint: the token looks like a personal access token (w_...), which Waldur takes as Bearer: use waldur.WithBearer())"},

		// Conflicting options: refused, never resolved by order.
		{"sysdig: base URL then region", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, sysdig.WithBaseURL(misuseOnPrem), sysdig.WithRegion(sysdig.RegionEU1), sysdig.WithHTTPClient(e.hc))
			if !errors.Is(err, httpclient.ErrConflictingPlacement) {
				t.Errorf("err %v does not wrap the conflict", err)
			}
			return err
		}, `sysdig: WithRegion("eu1") after WithBaseURL`},
		{"sysdig: region then base URL", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, sysdig.WithRegion(sysdig.RegionEU1), sysdig.WithBaseURL(misuseOnPrem), sysdig.WithHTTPClient(e.hc))
			return err
		}, `sysdig: WithBaseURL after WithRegion("eu1")`},
		{"sysdig: two regions", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, sysdig.WithRegion(sysdig.RegionEU1), sysdig.WithRegion(sysdig.RegionUS2))
			return err
		}, `WithRegion("us2") after WithRegion("eu1")`},
		{"sysdig: two base URLs", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, sysdig.WithBaseURL(misuseOnPrem), sysdig.WithBaseURL("https://other.example.com"))
			return err
		}, "WithBaseURL given twice with different URLs"},
		{"sysdig: the same region twice is fine", func(t *testing.T, e *misuseEnv) error {
			c, err := sysdig.New(misuseToken, sysdig.WithRegion(sysdig.RegionEU1), sysdig.WithRegion(sysdig.RegionEU1))
			if err == nil && c.BaseURL() != "https://eu1.app.sysdig.com" {
				t.Errorf("BaseURL %s", c.BaseURL())
			}
			return err
		}, ""},
		{"falcon: base URL then region", func(t *testing.T, e *misuseEnv) error {
			_, err := falcon.New(falcon.Credentials{ClientID: "cid", ClientSecret: misuseSecret}, falcon.WithBaseURL("https://falcon-proxy.example.com"), falcon.WithRegion(falcon.RegionEU1))
			return err
		}, `falcon: WithRegion("eu-1") after WithBaseURL`},
		{"falcon: region then base URL", func(t *testing.T, e *misuseEnv) error {
			_, err := falcon.New(falcon.Credentials{ClientID: "cid", ClientSecret: misuseSecret}, falcon.WithRegion(falcon.RegionUS2), falcon.WithBaseURL("https://falcon-proxy.example.com"))
			return err
		}, `falcon: WithBaseURL after WithRegion("us-2")`},
		{"falcon: two regions", func(t *testing.T, e *misuseEnv) error {
			_, err := falcon.New(falcon.Credentials{ClientID: "cid", ClientSecret: misuseSecret}, falcon.WithRegion(falcon.RegionUS2), falcon.WithRegion(falcon.RegionEU1))
			return err
		}, "conflicting options"},
		{"sysdig: a nil option", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, nil)
			return err
		}, "sysdig: option 1 of 1 is nil"},
		{"falcon: a nil option", func(t *testing.T, e *misuseEnv) error {
			_, err := falcon.New(falcon.Credentials{ClientID: "cid", ClientSecret: misuseSecret}, falcon.WithRegion(falcon.RegionEU1), nil)
			return err
		}, "falcon: option 2 of 2 is nil"},
		{"waldur: a nil option", func(t *testing.T, e *misuseEnv) error {
			_, err := waldur.New(waldur.Config{BaseURL: "https://waldur.example.com", Token: misuseToken}, nil)
			return err
		}, "waldur: option 1 of 1 is nil"},

		// Settings out of range.
		{"falcon: negative slow-down", func(t *testing.T, e *misuseEnv) error {
			_, err := falcon.New(falcon.Credentials{ClientID: "cid", ClientSecret: misuseSecret}, falcon.WithSlowDown(-5))
			return err
		}, "falcon: WithSlowDown(-5) out of range 0..6000"},
		{"sysdig: a million attempts", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, sysdig.WithRetryPolicy(sysdig.RetryPolicy{MaxAttempts: 1e6}))
			return err
		}, "sysdig: RetryPolicy.MaxAttempts 1000000 out of range 0..10"},
		{"waldur: negative attempts", func(t *testing.T, e *misuseEnv) error {
			_, err := waldur.New(waldur.Config{BaseURL: "https://waldur.example.com", Token: misuseToken}, waldur.WithRetryPolicy(waldur.RetryPolicy{MaxAttempts: -1}))
			return err
		}, "waldur: RetryPolicy.MaxAttempts -1 out of range"},
		{"falcon: a backoff of an hour", func(t *testing.T, e *misuseEnv) error {
			_, err := falcon.New(falcon.Credentials{ClientID: "cid", ClientSecret: misuseSecret}, falcon.WithRetryPolicy(falcon.RetryPolicy{BaseDelay: time.Hour}))
			return err
		}, "falcon: RetryPolicy.BaseDelay 1h0m0s out of range"},
		{"sysdig: download stall protection cannot be turned off", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, sysdig.WithDownloadIdleTimeout(-1))
			return err
		}, "sysdig: WithDownloadIdleTimeout(-1ns) is negative: a stalled download must end"},
		{"sysdig: a zero download idle timeout is the default", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, sysdig.WithDownloadIdleTimeout(0))
			return err
		}, ""},

		// Paths under a proxy prefix: one rule for every client.
		{"falcon: token, API and revoke under the base URL's prefix", func(t *testing.T, e *misuseEnv) error {
			for _, suffix := range []string{"/falcon", "/falcon/"} {
				fake := falcontest.NewServer()
				defer fake.Close()
				r := e.recorder(proxied("/falcon", fakeHandler(fake.URL)))
				c, err := falcon.New(falcon.Credentials{ClientID: fake.ClientID(), ClientSecret: fake.ClientSecret()},
					falcon.WithBaseURL(r.URL+suffix), falcon.WithHTTPClient(e.hc))
				if err != nil {
					return err
				}
				if _, err := c.QueryPoliciesPage(ctx, falcon.QueryOptions{}, 0); err != nil {
					return err
				}
				if err := c.Close(ctx); err != nil {
					return err
				}
				want := []string{"POST /falcon/oauth2/token", "GET /falcon/policy/combined/response/v1", "POST /falcon/oauth2/revoke"}
				if got := r.seen(); !reflect.DeepEqual(got, want) {
					t.Errorf("base %s: requests %q, want %q", suffix, got, want)
				}
			}
			return nil
		}, ""},
		{"sysdig: a trailing /secure is the API's, not a prefix", func(t *testing.T, e *misuseEnv) error {
			for _, suffix := range []string{"/secure", "/secure/", "/secure/response-actions/v1alpha1", "/p/secure"} {
				fake := sysdigtest.NewServer()
				defer fake.Close()
				prefix := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(suffix, "/"), "/response-actions/v1alpha1"), "/secure")
				r := e.recorder(proxied(prefix, fakeHandler(fake.URL)))
				c, err := sysdig.New(fake.Token(), sysdig.WithBaseURL(r.URL+suffix), sysdig.WithHTTPClient(e.hc))
				if err != nil {
					return err
				}
				if _, err := c.ListActions(ctx, sysdig.ActionsOptions{}); err != nil {
					return err
				}
				want := []string{"GET " + prefix + "/secure/response-actions/v1alpha1/actions"}
				if got := r.seen(); !reflect.DeepEqual(got, want) {
					t.Errorf("base %s: requests %q, want %q", suffix, got, want)
				}
			}
			return nil
		}, ""},
		{"waldur: a trailing /api is the API's, not a prefix", func(t *testing.T, e *misuseEnv) error {
			for _, suffix := range []string{"", "/", "/api", "/api/", "/waldur/api/"} {
				fake := waldurtest.NewServer()
				defer fake.Close()
				prefix := strings.TrimSuffix(strings.TrimSuffix(suffix, "/"), "/api")
				r := e.recorder(proxied(prefix, fakeHandler(fake.URL)))
				c, err := waldur.New(waldur.Config{BaseURL: r.URL + suffix, Token: fake.Token()}, waldur.WithHTTPClient(e.hc))
				if err != nil {
					return err
				}
				if _, err := c.Summary(ctx, waldur.Filter{}); err != nil {
					return err
				}
				want := []string{"GET " + prefix + "/api/user-actions/summary/"}
				if got := r.seen(); !reflect.DeepEqual(got, want) {
					t.Errorf("base %q: requests %q, want %q", suffix, got, want)
				}
			}
			return nil
		}, ""},

		// Guards that must hold.
		{"waldur: bulk silence with only IncludeSilenced is everything", func(t *testing.T, e *misuseEnv) error {
			c, r := misuseWaldur(t, e)
			_, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{Filter: waldur.Filter{IncludeSilenced: true}, For: waldur.ForDays(1)})
			if n := len(r.seen()); n != 0 {
				t.Errorf("%d requests sent", n)
			}
			return err
		}, "set All to mean it"},
		{"waldur: bulk silence with only an ordering is everything", func(t *testing.T, e *misuseEnv) error {
			c, r := misuseWaldur(t, e)
			_, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{Filter: waldur.Filter{OrderBy: []waldur.Ordering{waldur.OrderCreatedDesc}}, For: waldur.ForDays(1)})
			if n := len(r.seen()); n != 0 {
				t.Errorf("%d requests sent", n)
			}
			return err
		}, "set All to mean it"},
		{"waldur: bulk silence of another user's actions is everything of theirs", func(t *testing.T, e *misuseEnv) error {
			c, _ := misuseWaldur(t, e)
			_, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{Filter: waldur.Filter{UserUUID: uuid.New()}, For: waldur.ForDays(1)})
			return err
		}, "set All to mean it"},
		{"waldur: All together with IncludeSilenced", func(t *testing.T, e *misuseEnv) error {
			c, r := misuseWaldur(t, e)
			res, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{Filter: waldur.Filter{IncludeSilenced: true}, All: true, For: waldur.ForDays(1)})
			if err == nil && (res.Count != 2 || len(r.seen()) != 1) {
				t.Errorf("silenced %d with %d requests, want 2 with 1", res.Count, len(r.seen()))
			}
			return err
		}, ""},
		{"waldur: All together with a selecting filter", func(t *testing.T, e *misuseEnv) error {
			c, _ := misuseWaldur(t, e)
			_, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{Filter: waldur.Filter{Urgency: waldur.UrgencyHigh}, All: true, For: waldur.ForDays(1)})
			return err
		}, "both a selecting Filter and All"},
		{"sysdig: polling every nanosecond", func(t *testing.T, e *misuseEnv) error {
			c, fake := misuseSysdig(t, e)
			_, err := c.WaitForExecution(ctx, "any", &sysdig.WaitOptions{Interval: time.Nanosecond})
			if n := fake.Requests(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
			return err
		}, "sysdig: WaitOptions.Interval 1ns is below the floor of 100ms between polls"},
		{"sysdig: a negative poll interval", func(t *testing.T, e *misuseEnv) error {
			c, _ := misuseSysdig(t, e)
			_, err := c.WaitForExecution(ctx, "any", &sysdig.WaitOptions{MaxInterval: -time.Second})
			return err
		}, "sysdig: WaitOptions.MaxInterval -1s is negative"},
		{"sysdig: a status the client does not know ends the wait", func(t *testing.T, e *misuseEnv) error {
			c, fake := misuseSysdig(t, e)
			ex := fake.AddExecution(sysdig.Execution{ActionType: sysdig.ActionStopContainer, Status: "PAUSED"})
			ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			_, err := c.WaitForExecution(ctx, ex.ID, &sysdig.WaitOptions{Interval: respondkit.MinWaitInterval})
			var unknown *respondkit.UnknownStatusError
			if !errors.As(err, &unknown) || unknown.Status != "PAUSED" {
				t.Errorf("err %v, want an *UnknownStatusError for PAUSED", err)
			}
			if n := fake.Requests(); n != respondkit.MaxUnknownStatusPolls {
				t.Errorf("%d polls, want %d", n, respondkit.MaxUnknownStatusPolls)
			}
			return err
		}, `unknown status "PAUSED"`},
		{"sysdig: a window from a month ago to now", func(t *testing.T, e *misuseEnv) error {
			c, fake := misuseSysdig(t, e)
			_, err := c.ListExecutionsPage(ctx, sysdig.ListOptions{From: time.Now().Add(-30 * 24 * time.Hour)}, 0)
			if n := fake.Requests(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
			return err
		}, "ListOptions.From with no To spans 720h0m0s up to now, more than the 336h0m0s the service allows"},
		{"falcon: a field name that would inject a clause", func(t *testing.T, e *misuseEnv) error {
			c, fake := misuseFalcon(t, e)
			_, err := c.QueryPoliciesPage(ctx, falcon.QueryOptions{Filter: fql.Eq("name:'x',platform_name", "Windows").String()}, 0)
			if n := fake.Requests(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
			return err
		}, `falcon: Filter is an invalid fql expression: invalid expression: field name "name:'x',platform_name"`},
		{"falcon: an empty In is not everything", func(t *testing.T, e *misuseEnv) error {
			c, _ := misuseFalcon(t, e)
			for _, err := range c.QueryPolicies(ctx, falcon.QueryOptions{Filter: fql.In[string]("platform_name").String()}) {
				return err
			}
			t.Error("the walk yielded nothing")
			return nil
		}, "In(platform_name) with no values"},
		{"falcon: Close with an ended context can be retried", func(t *testing.T, e *misuseEnv) error {
			c, fake := misuseFalcon(t, e)
			if _, err := c.QueryPoliciesPage(ctx, falcon.QueryOptions{}, 0); err != nil {
				return err
			}
			ended, cancel := context.WithCancel(ctx)
			cancel()
			if err := c.Close(ended); !errors.Is(err, context.Canceled) {
				t.Errorf("first Close: %v, want context.Canceled", err)
			}
			if fake.Revocations() != 0 {
				t.Error("revoked with an ended context")
			}
			if _, err := c.QueryPoliciesPage(ctx, falcon.QueryOptions{}, 0); !errors.Is(err, falcon.ErrClosed) {
				t.Errorf("a call after Close: %v, want ErrClosed", err)
			}
			if err := c.Close(ctx); err != nil {
				t.Errorf("second Close: %v", err)
			}
			if err := c.Close(ctx); err != nil {
				t.Errorf("third Close: %v", err)
			}
			if n := fake.Revocations(); n != 1 {
				t.Errorf("%d revocations, want 1", n)
			}
			return nil
		}, ""},
		{"falcon: a panic in a batch is a panic", func(t *testing.T, e *misuseEnv) error {
			fake := falcontest.NewServer()
			defer fake.Close()
			e.allow(fake.URL)
			boom := &http.Client{Transport: panicOn("/policy/entities/response/v1", e.hc.Transport)}
			c, err := falcon.New(falcon.Credentials{ClientID: fake.ClientID(), ClientSecret: fake.ClientSecret()}, falcon.WithBaseURL(fake.URL), falcon.WithHTTPClient(boom))
			if err != nil {
				return err
			}
			defer c.Close(ctx)
			var recovered any
			func() {
				defer func() { recovered = recover() }()
				_, err = c.GetPolicies(ctx, []string{strings.Repeat("a", 32)})
			}()
			if recovered == nil || !strings.Contains(fmt.Sprint(recovered), "transport bug") {
				t.Errorf("recovered %v (err %v), want the transport's panic raised again", recovered, err)
			}
			return nil
		}, ""},
		{"falcon: a panic in the token fetch is a panic in every waiter", func(t *testing.T, e *misuseEnv) error {
			fake := falcontest.NewServer()
			defer fake.Close()
			e.allow(fake.URL)
			boom := &http.Client{Transport: panicOn("/oauth2/token", e.hc.Transport)}
			c, err := falcon.New(falcon.Credentials{ClientID: fake.ClientID(), ClientSecret: fake.ClientSecret()}, falcon.WithBaseURL(fake.URL), falcon.WithHTTPClient(boom))
			if err != nil {
				return err
			}
			defer c.Close(ctx)
			// Two callers share the fetch: both see its panic.
			var wg sync.WaitGroup
			recovered := make([]any, 2)
			for i := range recovered {
				wg.Go(func() {
					defer func() { recovered[i] = recover() }()
					_, _ = c.GetPolicies(ctx, []string{strings.Repeat("a", 32)})
				})
			}
			wg.Wait()
			for i, r := range recovered {
				if r == nil || !strings.Contains(fmt.Sprint(r), "transport bug") {
					t.Errorf("caller %d recovered %v, want the transport's panic raised again", i, r)
				}
				checkNoSecrets(t, []string{misuseToken, misuseSecret, fake.ClientSecret()}, fmt.Errorf("%v", r), "")
			}
			return nil
		}, ""},
	}
	cases = append(cases, printingCases()...)
	cases = append(cases, zeroClientCases()...)
	cases = append(cases, ordinaryMistakeCases()...)

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newMisuseEnv(t)
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("panic: %v", r)
						checkNoSecrets(t, []string{misuseToken, misuseSecret}, fmt.Errorf("%v", r), "")
					}
				}()
				err = tc.run(t, e)
			}()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.want != "" && err == nil:
				t.Errorf("no error, want one containing %q", tc.want)
			case tc.want != "" && !strings.Contains(err.Error(), tc.want):
				t.Errorf("error %q\nwant one containing %q", err, tc.want)
			}
			checkNoSecrets(t, []string{misuseToken, misuseSecret}, err, e.logs.String()+e.output.String())
			if s := e.stray(); len(s) > 0 {
				t.Errorf("dialled %q, which the case did not set up", s)
			}
		})
	}
}

// panicOn panics in the transport for requests to path: a bug in the
// caller's transport.
func panicOn(path string, next http.RoundTripper) http.RoundTripper {
	return transport.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		if r.URL.Path == path {
			panic("transport bug")
		}
		return next.RoundTrip(r)
	})
}

func misuseWaldur(t *testing.T, e *misuseEnv) (*waldur.Client, *recorder) {
	fake := waldurtest.NewServer()
	t.Cleanup(fake.Close)
	for range 2 {
		fake.Add(waldur.UserAction{Title: "t", Urgency: waldur.UrgencyLow})
	}
	r := e.recorder(fakeHandler(fake.URL))
	c, err := waldur.New(waldur.Config{BaseURL: r.URL, Token: fake.Token()}, waldur.WithHTTPClient(e.hc), waldur.WithLogger(e.logger))
	if err != nil {
		t.Fatal(err)
	}
	return c, r
}

func misuseSysdig(t *testing.T, e *misuseEnv) (*sysdig.Client, *sysdigtest.Server) {
	fake := sysdigtest.NewServer()
	t.Cleanup(fake.Close)
	e.allow(fake.URL)
	c, err := sysdig.New(fake.Token(), sysdig.WithBaseURL(fake.URL), sysdig.WithHTTPClient(e.hc), sysdig.WithLogger(e.logger))
	if err != nil {
		t.Fatal(err)
	}
	return c, fake
}

func misuseFalcon(t *testing.T, e *misuseEnv) (*falcon.Client, *falcontest.Server) {
	fake := falcontest.NewServer()
	t.Cleanup(fake.Close)
	e.allow(fake.URL)
	c, err := falcon.New(falcon.Credentials{ClientID: fake.ClientID(), ClientSecret: fake.ClientSecret()},
		falcon.WithBaseURL(fake.URL), falcon.WithHTTPClient(e.hc), falcon.WithLogger(e.logger))
	if err != nil {
		t.Fatal(err)
	}
	return c, fake
}

// printingCases print every value that holds a secret with every fmt verb
// and both slog handlers; the matrix then checks the output for secrets.
func printingCases() []misuseCase {
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%10.3v", "%T"}
	print := func(e *misuseEnv, name string, v any) {
		for _, verb := range verbs {
			fmt.Fprintf(&e.output, verb+"\n", v)
		}
		fmt.Fprintln(&e.output, v)
		fmt.Fprint(&e.output, v)
		slog.New(slog.NewJSONHandler(&e.output, nil)).Info("cfg", name, v)
		slog.New(slog.NewTextHandler(&e.output, nil)).Info("cfg", name, v)
		slog.New(slog.NewTextHandler(&e.output, nil)).Info("cfg", slog.Any(name, v))
		if b, err := json.Marshal(v); err == nil { // MarshalJSON: the redacted form
			e.output.Write(b)
		}
	}
	return []misuseCase{
		{"printing falcon credentials and client", func(t *testing.T, e *misuseEnv) error {
			creds := falcon.Credentials{ClientID: "cid-" + misuseToken, ClientSecret: misuseSecret, MemberCID: "member-" + misuseToken, AccessToken: ""}
			print(e, "creds", creds)
			print(e, "creds", &creds)
			print(e, "creds", []falcon.Credentials{creds})
			print(e, "creds", map[string]any{"c": creds})
			c, err := falcon.New(creds, falcon.WithBaseURL("https://falcon.example.com"))
			if err != nil {
				return err
			}
			print(e, "client", c)
			print(e, "client", struct{ C *falcon.Client }{c})
			print(e, "client", struct{ c *falcon.Client }{c})
			if !strings.Contains(e.output.String(), "ClientSecret: <redacted>") || !strings.Contains(e.output.String(), `"ClientSecret":"<redacted>"`) {
				t.Errorf("the output does not show the redacted form: %.300s", e.output.String())
			}
			return nil
		}, ""},
		{"printing a falcon client holding a token to revoke", func(t *testing.T, e *misuseEnv) error {
			c, fake := misuseFalcon(t, e)
			if _, err := c.QueryPoliciesPage(context.Background(), falcon.QueryOptions{}, 0); err != nil {
				return err
			}
			fake.Faults.Inject(1, faketest.StatusFault(http.StatusInternalServerError, `{"errors":[],"meta":{}}`).For(http.MethodPost, "/oauth2/revoke"))
			if err := c.Close(context.Background()); err == nil {
				t.Fatal("Close succeeded through a 500")
			}
			print(e, "client", c)
			print(e, "client", struct{ C *falcon.Client }{c})
			print(e, "client", struct{ c *falcon.Client }{c})
			var tokens int
			for _, r := range fake.Received() {
				if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
					tokens++
					if strings.Contains(e.output.String(), tok) {
						t.Error("the output shows the access token")
					}
				}
			}
			if tokens == 0 {
				t.Error("no bearer token seen: the check checked nothing")
			}
			return c.Close(context.Background())
		}, ""},
		{"printing a waldur config and client", func(t *testing.T, e *misuseEnv) error {
			cfg := waldur.Config{BaseURL: "https://waldur.example.com/api/?key=" + misuseSecret, Token: misuseToken}
			print(e, "cfg", cfg)
			print(e, "cfg", &cfg)
			print(e, "cfg", waldur.Config{BaseURL: misuseToken, Token: "https://waldur.example.com"})
			c, err := waldur.New(waldur.Config{BaseURL: "https://waldur.example.com", Token: misuseToken})
			if err != nil {
				return err
			}
			print(e, "client", c)
			print(e, "client", *c)
			return nil
		}, ""},
		{"printing a sysdig client", func(t *testing.T, e *misuseEnv) error {
			c, err := sysdig.New(misuseToken)
			if err != nil {
				return err
			}
			print(e, "client", c)
			print(e, "client", *c)
			print(e, "gen", c.Generated())
			return nil
		}, ""},
	}
}

// zeroClientCases call every exported method of a zero Client and a nil
// *Client of each package: each returns an error that says to use New, and
// none panics.
func zeroClientCases() []misuseCase {
	var out []misuseCase
	for _, c := range []struct {
		name    string
		clients []any
	}{
		{"sysdig", []any{&sysdig.Client{}, (*sysdig.Client)(nil)}},
		{"falcon", []any{&falcon.Client{}, (*falcon.Client)(nil)}},
		{"waldur", []any{&waldur.Client{}, (*waldur.Client)(nil)}},
	} {
		out = append(out, misuseCase{c.name + ": a client not made by New", func(t *testing.T, e *misuseEnv) error {
			for _, client := range c.clients {
				v := reflect.ValueOf(client)
				for i := range v.NumMethod() {
					m, name := v.Method(i), v.Type().Method(i).Name
					switch name {
					case "Format", "String", "LogValue":
						continue
					}
					args := make([]reflect.Value, m.Type().NumIn())
					for j := range args {
						args[j] = reflect.New(m.Type().In(j)).Elem()
						if m.Type().In(j).String() == "context.Context" {
							args[j] = reflect.ValueOf(context.Background())
						}
					}
					outs := m.Call(args)
					if len(outs) == 1 && outs[0].Type().String() == "iter.Seq2" {
						continue
					}
					var err error
					for _, o := range outs {
						if e, ok := o.Interface().(error); ok {
							err = e
						}
						if o.Kind() == reflect.Func && o.Type().NumIn() == 1 { // an iterator
							o.Call([]reflect.Value{reflect.MakeFunc(o.Type().In(0), func(a []reflect.Value) []reflect.Value {
								if e, ok := a[1].Interface().(error); ok {
									err = e
								}
								return []reflect.Value{reflect.ValueOf(false)}
							})})
						}
					}
					returnsError := false
					for j := range m.Type().NumOut() {
						returnsError = returnsError || m.Type().Out(j).String() == "error" || m.Type().Out(j).Kind() == reflect.Func
					}
					if returnsError && (err == nil || !strings.Contains(err.Error(), "not made by New")) {
						t.Errorf("%T.%s: err %v, want one saying to use New", client, name, err)
					}
				}
			}
			return nil
		}, ""})
	}
	return out
}

// ordinaryMistakeCases are the mistakes a user makes on an ordinary day:
// a credential read from a file with its line break, swapped credentials,
// a typo'd scheme, region or enum, a nil context, a page size out of range,
// an id list with a repeat, an iterator used after a break. Each gets an
// error naming what was wrong before anything is sent, or behaves as the
// docs say.
func ordinaryMistakeCases() []misuseCase {
	ctx := context.Background()
	var nilCtx context.Context // a context the caller forgot to set
	noRequests := func(t *testing.T, n int64) {
		t.Helper()
		if n != 0 {
			t.Errorf("%d requests sent", n)
		}
	}
	return []misuseCase{
		// Credentials read from a file or the environment.
		{"sysdig: a token of spaces", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New("   ")
			return err
		}, "sysdig: API token is only whitespace (3 bytes)"},
		{"sysdig: a token with the file's line break", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken + "\n")
			return err
		}, "sysdig: API token has whitespace around it (a line break read from a file?): trim it"},
		{"waldur: a token with a CRLF line break", func(t *testing.T, e *misuseEnv) error {
			_, err := waldur.New(waldur.Config{BaseURL: "https://waldur.example.com", Token: misuseToken + "\r\n"})
			return err
		}, "waldur: Config.Token has whitespace around it"},
		{"falcon: a secret with the file's line break", func(t *testing.T, e *misuseEnv) error {
			_, err := falcon.New(falcon.Credentials{ClientID: "cid", ClientSecret: misuseSecret + "\n"})
			return err
		}, "falcon: Credentials.ClientSecret has whitespace around it"},
		{"falcon: an empty client id", func(t *testing.T, e *misuseEnv) error {
			_, err := falcon.New(falcon.Credentials{ClientSecret: misuseSecret})
			return err
		}, "falcon: credentials need a client id and secret, or an access token"},
		{"sysdig: the base URL given as the token", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New("https://secure.sysdig.com")
			return err
		}, "sysdig: API token is a URL (it starts with https://): is it the base URL?"},
		{"waldur: the base URL given as the token", func(t *testing.T, e *misuseEnv) error {
			_, err := waldur.New(waldur.Config{BaseURL: "https://waldur.example.com", Token: "HTTPS://waldur.example.com/api/"})
			return err
		}, "waldur: Config.Token is a URL (it starts with HTTPS://)"},
		{"falcon: client id and secret swapped get a hint", func(t *testing.T, e *misuseEnv) error {
			fake := falcontest.NewServer()
			defer fake.Close()
			e.allow(fake.URL)
			c, err := falcon.New(falcon.Credentials{ClientID: fake.ClientSecret(), ClientSecret: fake.ClientID()}, falcon.WithBaseURL(fake.URL), falcon.WithHTTPClient(e.hc))
			if err != nil {
				return err
			}
			_, err = c.QueryPoliciesPage(ctx, falcon.QueryOptions{}, 0)
			if !falcon.IsForbidden(err) && !falcon.IsUnauthorized(err) {
				t.Errorf("err %v, want a 401 or 403", err)
			}
			checkNoSecrets(t, []string{fake.ClientSecret()}, err, "")
			return err
		}, "(hint: check that Credentials.ClientID and ClientSecret are one API client's and not swapped"},

		// Base URLs and regions with a typo.
		{"base URL with the scheme misspelt", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, sysdig.WithBaseURL("htps://secure.sysdig.com"))
			return err
		}, `sysdig: base URL (24 bytes) has scheme "htps": it must be https`},
		{"base URL with one slash", func(t *testing.T, e *misuseEnv) error {
			_, err := falcon.New(falcon.Credentials{ClientID: "cid", ClientSecret: misuseSecret}, falcon.WithBaseURL("https:/api.crowdstrike.com"))
			return err
		}, "falcon: base URL (26 bytes) has no scheme"},
		{"base URL with a port out of range", func(t *testing.T, e *misuseEnv) error {
			_, err := waldur.New(waldur.Config{BaseURL: "https://waldur.example.com:84430", Token: misuseToken})
			return err
		}, `waldur: base URL (32 bytes) has port "84430": a port is 1..65535`},
		{"plain http to a host off the machine", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, sysdig.WithBaseURL("http://sysdig.example.com"), sysdig.WithHTTPClient(e.hc))
			return err
		}, "refusing to send credentials over plain http to a non-loopback host"},
		{"base URL with an upper-case host and a trailing slash", func(t *testing.T, e *misuseEnv) error {
			fake := sysdigtest.NewServer()
			defer fake.Close()
			e.allow(fake.URL)
			upper := strings.Replace(fake.URL, "127.0.0.1", "LOCALHOST", 1) + "/"
			e.allow(strings.TrimSuffix(strings.Replace(upper, "LOCALHOST", "localhost", 1), "/"))
			e.allow(strings.TrimSuffix(upper, "/"))
			c, err := sysdig.New(fake.Token(), sysdig.WithBaseURL(upper), sysdig.WithHTTPClient(e.hc))
			if err != nil {
				return err
			}
			_, err = c.ListActions(ctx, sysdig.ActionsOptions{})
			if n := fake.Requests(); err == nil && n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
			return err
		}, ""},
		{"sysdig: a region written as Falcon's", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, sysdig.WithRegion("eu-1"))
			return err
		}, `sysdig: unknown region "eu-1" (want us1, us2, us3, us4, eu1, eu2, au1, me2, in1 or jp1)`},
		{"falcon: a region written as Sysdig's", func(t *testing.T, e *misuseEnv) error {
			_, err := falcon.New(falcon.Credentials{ClientID: "cid", ClientSecret: misuseSecret}, falcon.WithRegion("EU1"))
			return err
		}, `falcon: unknown region "EU1" (want us-1, us-2, us-3, eu-1, us-gov-1 or us-gov-2)`},
		{"sysdig: an empty region (an unset variable)", func(t *testing.T, e *misuseEnv) error {
			_, err := sysdig.New(misuseToken, sysdig.WithRegion(""))
			return err
		}, `sysdig: unknown region ""`},
		{"a user agent with a line break", func(t *testing.T, e *misuseEnv) error {
			_, err := waldur.New(waldur.Config{BaseURL: "https://waldur.example.com", Token: misuseToken}, waldur.WithUserAgent("soar\r\nX-Injected: 1"))
			return err
		}, "waldur: WithUserAgent: the product (19 bytes) holds a control character at byte 4"},
		{"sysdig: a redirect-following HTTP client keeps the token home", func(t *testing.T, e *misuseEnv) error {
			var leaked sync.Map
			other := e.recorder(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if h := r.Header.Get("Authorization"); h != "" {
					leaked.Store(h, true)
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, `{"data":[]}`)
			}))
			home := e.recorder(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
			}))
			hc := &http.Client{Transport: e.hc.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
			c, err := sysdig.New(misuseToken, sysdig.WithBaseURL(home.URL), sysdig.WithHTTPClient(hc))
			if err != nil {
				return err
			}
			_, err = c.ListActions(ctx, sysdig.ActionsOptions{})
			leaked.Range(func(k, _ any) bool { t.Errorf("the other origin got Authorization %q", k); return true })
			if len(other.seen()) != 1 {
				t.Errorf("the redirect was not followed: %q", other.seen())
			}
			return err
		}, ""},

		// Calls made wrong.
		{"a nil context in each client", func(t *testing.T, e *misuseEnv) error {
			sc, sf := misuseSysdig(t, e)
			fc, ff := misuseFalcon(t, e)
			wc, wr := misuseWaldur(t, e)
			var errs []error
			_, err := sc.GetExecution(nilCtx, "x")
			errs = append(errs, err)
			for _, err := range sc.ListExecutions(nilCtx, sysdig.ListOptions{}) {
				errs = append(errs, err)
				break
			}
			_, err = fc.GetPolicies(nilCtx, []string{"x"})
			errs = append(errs, err)
			_, err = wc.Count(nilCtx, waldur.Filter{})
			errs = append(errs, err)
			for i, err := range errs {
				if !errors.Is(err, httpclient.ErrNilContext) {
					t.Errorf("call %d: %v, want the nil-context error", i, err)
				}
			}
			noRequests(t, sf.Requests()+ff.Requests()+int64(len(wr.seen())))
			return errors.Join(errs...)
		}, "nil context"},
		{"page sizes out of range", func(t *testing.T, e *misuseEnv) error {
			sc, sf := misuseSysdig(t, e)
			fc, ff := misuseFalcon(t, e)
			wc, wr := misuseWaldur(t, e)
			var errs []error
			for _, tc := range []struct {
				err  error
				want string
			}{
				{second(sc.ListExecutionsPage(ctx, sysdig.ListOptions{PageSize: -1}, 0)), "sysdig: ListOptions.PageSize -1 out of range 1..200 (0 for 200)"},
				{second(fc.QueryPoliciesPage(ctx, falcon.QueryOptions{PageSize: 5001}, 0)), "falcon: QueryOptions.PageSize 5001 out of range 1..5000 (0 for 5000)"},
				{second(wc.ListPage(ctx, waldur.Filter{PageSize: 1000}, 0)), "waldur: Filter.PageSize 1000 out of range 1..300 (0 for 300)"},
				{second(sc.ListExecutionsPage(ctx, sysdig.ListOptions{}, -1)), "sysdig: offset -1 out of range"},
				{second(fc.QueryPoliciesPage(ctx, falcon.QueryOptions{}, 10001)), "falcon: offset 10001: the service pages no further than 10000 items"},
				{firstErr(wc.List(ctx, waldur.Filter{Concurrency: 100})), "waldur: Concurrency 100 out of range 0..16"},
				{firstErr(sc.ListExecutions(ctx, sysdig.ListOptions{Concurrency: -1})), "sysdig: Concurrency -1 out of range 0..16"},
			} {
				if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
					t.Errorf("err %v, want %q", tc.err, tc.want)
				}
				errs = append(errs, tc.err)
			}
			noRequests(t, sf.Requests()+ff.Requests()+int64(len(wr.seen())))
			return errors.Join(errs...)
		}, "out of range"},
		{"falcon: id lists empty, with a repeat, with a line break", func(t *testing.T, e *misuseEnv) error {
			c, fake := misuseFalcon(t, e)
			id := strings.Repeat("a", 32)
			var errs []error
			for _, tc := range []struct {
				err  error
				want string
			}{
				{second(c.GetPolicies(ctx, nil)), "falcon: no ids"},
				{second(c.DeletePolicies(ctx, []string{})), "falcon: no ids"},
				{second(c.Enable(ctx, []string{id, "b", id})), "falcon: ActionRequest.IDs[2] repeats ActionRequest.IDs[0]"},
				{second(c.DeletePolicies(ctx, []string{id, id})), `falcon: ids[1] repeats ids[0] ("` + id + `"): list each id once`},
				{c.SetPrecedence(ctx, falcon.PlatformLinux, []string{id, id}), "falcon: policy ids[1] repeats policy ids[0]"},
				{second(c.GetPolicies(ctx, []string{id + "\r"})), `falcon: ids[0] "` + id + `\r" has whitespace around it (a line break read from a file?)`},
				{second(c.QueryMembersPage(ctx, id+"\n", falcon.MemberOptions{}, 0)), `falcon: policyID "` + id + `\n" has whitespace around it`},
				{second(c.AddHostGroup(ctx, falcon.GroupChange{PolicyIDs: []string{id}})), "falcon: GroupChange.GroupID is empty"},
			} {
				if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
					t.Errorf("err %v, want %q", tc.err, tc.want)
				}
				errs = append(errs, tc.err)
			}
			noRequests(t, fake.Requests())
			return errors.Join(errs...)
		}, "falcon:"},
		{"sysdig: an execution id with a line break", func(t *testing.T, e *misuseEnv) error {
			c, fake := misuseSysdig(t, e)
			_, err := c.GetExecution(ctx, "abc\n")
			noRequests(t, fake.Requests())
			return err
		}, `sysdig: actionExecutionID "abc\n" has whitespace around it`},
		{"sysdig: a submit with no parameters sends {} and gets the missing one named", func(t *testing.T, e *misuseEnv) error {
			c, fake := misuseSysdig(t, e)
			_, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: sysdig.ActionKillContainer})
			if rs := fake.Received(); len(rs) != 1 || !strings.Contains(string(rs[0].Body), `"parameters":{}`) {
				t.Errorf("sent %d requests; want one with \"parameters\":{}", len(rs))
			}
			return err
		}, `missing required parameter "host.id" for action KILL_CONTAINER`},
		{"sysdig: a blank key in a free-form query parameter", func(t *testing.T, e *misuseEnv) error {
			c, fake := misuseSysdig(t, e)
			_, err := c.ListActions(ctx, sysdig.ActionsOptions{Context: map[string]string{"host.id": "h", " container.id": "c"}})
			noRequests(t, fake.Requests())
			return err
		}, `sysdig: ActionsOptions.Context key " container.id" is blank or has whitespace around it`},
		{"falcon: Close with a nil context is refused and can be retried", func(t *testing.T, e *misuseEnv) error {
			c, fake := misuseFalcon(t, e)
			if _, err := c.QueryPoliciesPage(ctx, falcon.QueryOptions{}, 0); err != nil {
				return err
			}
			err := c.Close(nilCtx)
			if !errors.Is(err, httpclient.ErrNilContext) || fake.Revocations() != 0 {
				t.Errorf("Close(nil): %v with %d revocations, want the nil-context error and none", err, fake.Revocations())
			}
			if err := c.Close(ctx); err != nil || fake.Revocations() != 1 {
				t.Errorf("Close again: %v with %d revocations, want 1", err, fake.Revocations())
			}
			return err
		}, "falcon: POST /oauth2/revoke: nil context"},
		{"waldur: an enum typo", func(t *testing.T, e *misuseEnv) error {
			c, r := misuseWaldur(t, e)
			_, err := c.Count(ctx, waldur.Filter{Urgency: "HIGH"})
			noRequests(t, int64(len(r.seen())))
			return err
		}, `waldur: Filter.Urgency "HIGH" is not one of low, medium, high`},
		{"falcon: a sort typo", func(t *testing.T, e *misuseEnv) error {
			c, fake := misuseFalcon(t, e)
			_, err := c.QueryPoliciesPage(ctx, falcon.QueryOptions{Sort: "name.up"}, 0)
			noRequests(t, fake.Requests())
			return err
		}, `falcon: QueryOptions.Sort "name.up" is not one of`},
		{"falcon: a field name typo in a filter is the service's 400, naming it", func(t *testing.T, e *misuseEnv) error {
			c, _ := misuseFalcon(t, e)
			_, err := c.QueryPoliciesPage(ctx, falcon.QueryOptions{Filter: "platfrom_name:'Linux'"}, 0)
			return err
		}, `400 Bad Request: Invalid filter: unknown filter field "platfrom_name"`},

		// Iterators.
		{"waldur: canceling the context mid-walk ends it with the context's error", func(t *testing.T, e *misuseEnv) error {
			c, _ := misuseWaldur(t, e)
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			var n, after int
			var walkErr error
			for _, err := range c.List(cctx, waldur.Filter{PageSize: 1}) {
				switch {
				case walkErr != nil:
					after++ // the walk must end with its error
				case err != nil:
					walkErr = err
				default:
					n++
					cancel()
				}
			}
			if n != 1 || after != 0 {
				t.Errorf("%d items before the error and %d after, want 1 and 0", n, after)
			}
			if !errors.Is(walkErr, context.Canceled) {
				t.Errorf("err %v, want context.Canceled", walkErr)
			}
			return walkErr
		}, "waldur: context canceled"},
		{"waldur: ranging again after a break walks from the start", func(t *testing.T, e *misuseEnv) error {
			c, _ := misuseWaldur(t, e)
			seq := c.List(ctx, waldur.Filter{PageSize: 1})
			for _, err := range seq {
				if err != nil {
					return err
				}
				break
			}
			var n int
			for _, err := range seq {
				if err != nil {
					return err
				}
				n++
			}
			if n != 2 {
				t.Errorf("the second range yielded %d actions, want all 2", n)
			}
			return nil
		}, ""},
	}
}
