package clients_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/respondkit/respondkit/clients/faketest"
	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/falcon/falcontest"
	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/clients/sysdig/sysdigtest"
	"github.com/respondkit/respondkit/clients/waldur"
	"github.com/respondkit/respondkit/clients/waldur/waldurtest"
	"github.com/respondkit/respondkit/gen/sysdigapi"
	"github.com/respondkit/respondkit/gen/waldurapi"
)

// The fault matrix: every client meets the same faults on an idempotent call
// (GET) and a non-idempotent one (POST). For each, the test checks the
// number of attempts, the outcome (success or a typed error), that no
// credential appears in the error or the logs, and that no goroutine is left
// behind.

// matrixRetries is the default policy with short waits (the retry policy
// types of the three clients are one type).
var matrixRetries = sysdig.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Second}

// subject is one client on its fake, ready for the matrix.
type subject struct {
	srv     *faketest.Server
	secrets []string // besides the credentials the wire saw
	get     func(ctx context.Context) error
	post    func(ctx context.Context) error
	expire  func() // makes the credential stale
	reauth  bool   // the client recovers from an expired credential
	getPath string // the path the GET call asks for
}

type subjectFunc func(t *testing.T, hc *http.Client, log *slog.Logger) subject

func sysdigSubject(t *testing.T, hc *http.Client, log *slog.Logger) subject {
	srv := sysdigtest.NewServer()
	t.Cleanup(srv.Close)
	c, err := sysdig.New(srv.Token(), sysdig.WithBaseURL(srv.URL), sysdig.WithHTTPClient(hc), sysdig.WithLogger(log), sysdig.WithRetryPolicy(matrixRetries))
	if err != nil {
		t.Fatal(err)
	}
	e := srv.AddExecution(sysdigapi.ActionExecution{ActionType: sysdig.ActionKillProcess})
	return subject{
		srv: srv.HTTP(), secrets: []string{srv.Token()},
		get: func(ctx context.Context) error { _, err := c.GetExecution(ctx, e.ID); return err },
		post: func(ctx context.Context) error {
			_, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: sysdig.ActionKillProcess, Parameters: sysdig.Parameters{"host.id": "h", "process.id": 1}})
			return err
		},
		expire: func() {
			srv.Faults.Inject(1, faketest.StatusFault(http.StatusUnauthorized, `{"type":"unauthorized","message":"token expired"}`))
		},
		getPath: "/secure/response-actions/v1alpha1/action-executions/" + e.ID,
	}
}

func waldurSubject(t *testing.T, hc *http.Client, log *slog.Logger) subject {
	srv := waldurtest.NewServer()
	t.Cleanup(srv.Close)
	c, err := waldur.New(waldur.Config{BaseURL: srv.URL, Token: srv.Token()}, waldur.WithHTTPClient(hc), waldur.WithLogger(log), waldur.WithRetryPolicy(matrixRetries))
	if err != nil {
		t.Fatal(err)
	}
	a := srv.Add(waldurapi.UserAction{ActionType: "pending_order", Title: "t"})
	id := a.UUID
	return subject{
		srv: srv.HTTP(), secrets: []string{srv.Token()},
		get: func(ctx context.Context) error {
			_, err := c.Get(ctx, id, waldur.GetOptions{IncludeSilenced: true})
			return err
		},
		post: func(ctx context.Context) error {
			_, err := c.Silence(ctx, id, waldur.SilenceRequest{For: waldur.ForDays(1), IncludeSilenced: true})
			return err
		},
		expire: func() {
			srv.Faults.Inject(1, faketest.StatusFault(http.StatusUnauthorized, `{"detail":"Invalid token."}`))
		},
		getPath: "/api/user-actions/" + id.String() + "/",
	}
}

func falconSubject(t *testing.T, hc *http.Client, log *slog.Logger) subject {
	srv := falcontest.NewServer(falcontest.WithRateLimit(1<<20, time.Minute))
	t.Cleanup(srv.Close)
	c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret()},
		falcon.WithBaseURL(srv.URL), falcon.WithHTTPClient(hc), falcon.WithLogger(log), falcon.WithRetryPolicy(matrixRetries))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close(context.Background()) })
	get := func(ctx context.Context) error {
		_, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{PageSize: 10}, 0)
		return err
	}
	if err := get(context.Background()); err != nil { // the token, before any fault
		t.Fatal(err)
	}
	return subject{
		srv: srv.HTTP(), secrets: []string{srv.ClientSecret()},
		get: get,
		post: func(ctx context.Context) error {
			_, err := c.CreatePolicies(ctx, []falcon.PolicyCreate{{Name: "m", PlatformName: falcon.PlatformLinux}})
			return err
		},
		expire:  srv.ExpireTokens,
		reauth:  true,
		getPath: "/policy/queries/response/v1",
	}
}

// outcome checks a call's error.
type outcome func(error) error

func success(err error) error { return err }

func status(code int) outcome {
	return func(err error) error {
		var e *apierror.Error
		if !errors.As(err, &e) || e.StatusCode != code {
			return fmt.Errorf("err %v, want a typed error with status %d", err, code)
		}
		return nil
	}
}

func contains(s string) outcome {
	return func(err error) error {
		if err == nil || !strings.Contains(err.Error(), s) {
			return fmt.Errorf("err %v, want one containing %q", err, s)
		}
		return nil
	}
}

func is(target error) outcome {
	return func(err error) error {
		if !errors.Is(err, target) {
			return fmt.Errorf("err %v, want %v", err, target)
		}
		return nil
	}
}

type faultCase struct {
	name   string
	method string // GET or POST
	inject func(s subject, w *wire)
	// attempts the client made (as the wire saw them); server counts the
	// requests that reached the fake.
	attempts, server int
	want             outcome
	timeout          time.Duration // context deadline for the call (5 s if 0)
}

func inject(n int, f faketest.Fault) func(subject, *wire) {
	return func(s subject, _ *wire) { s.srv.Faults.Inject(n, f) }
}

func statusFault(code int) faketest.Fault {
	return faketest.StatusFault(code, `{"message":"injected"}`)
}

// either is g for the GET cases and p for the POST ones.
func either[T any](get bool, g, p T) T {
	if get {
		return g
	}
	return p
}

func faultCases() []faultCase {
	retryAfter := faketest.RetryAfterFault(1, `{"message":"slow down"}`)
	epoch := faketest.StatusFault(http.StatusTooManyRequests, `{"errors":[{"code":429,"message":"API rate limit exceeded."}]}`)
	epoch.Header.Set("X-RateLimit-RetryAfter", strconv.FormatInt(time.Now().Unix()+1, 10))
	html := faketest.Fault{Kind: faketest.KindStatus, Status: http.StatusOK, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte("<html>maintenance</html>")}
	huge := faketest.StatusFault(http.StatusInternalServerError, `{"message":"`+strings.Repeat("x", 64<<20)+`"}`)
	var cases []faultCase
	for _, m := range []string{"GET", "POST"} {
		get := m == "GET"
		cases = append(cases,
			faultCase{name: "429 Retry-After", method: m, inject: inject(1, retryAfter), attempts: 2, server: 2, want: success},
			faultCase{name: "429 X-RateLimit-RetryAfter", method: m, inject: inject(1, epoch), attempts: 2, server: 2, want: success},
			faultCase{name: "500", method: m, inject: inject(1, statusFault(500)), attempts: 1, server: 1, want: status(500)},
			// A POST is not resent after a 502 or 504: the service may have acted.
			faultCase{name: "502", method: m, inject: inject(1, statusFault(502)), attempts: either(get, 2, 1), server: either(get, 2, 1), want: either(get, success, status(502))},
			faultCase{name: "503", method: m, inject: inject(1, statusFault(503)), attempts: 2, server: 2, want: success},
			faultCase{name: "504", method: m, inject: inject(1, statusFault(504)), attempts: either(get, 2, 1), server: either(get, 2, 1), want: either(get, success, status(504))},
			faultCase{name: "503 persists", method: m, inject: inject(3, statusFault(503)), attempts: 3, server: 3, want: status(503)},
			faultCase{name: "refused before the request is written", method: m, inject: func(_ subject, w *wire) {
				w.CloseIdleConnections()
				w.refuse.Store(1)
			}, attempts: 2, server: 1, want: success},
			// Dropped after the request was read: a GET is resent, a POST is
			// not (the outcome is ambiguous), so nothing is done twice.
			// On a fresh connection, so that net/http's own resend of an
			// idempotent request on a reused connection stays out of the count.
			faultCase{name: "reset after the request is written", method: m, inject: func(s subject, w *wire) {
				w.CloseIdleConnections()
				s.srv.Faults.Inject(1, faketest.DropFault())
			}, attempts: either(get, 2, 1), server: either(get, 2, 1),
				want: either(get, success, contains("EOF"))},
			faultCase{name: "enormous error body", method: m, inject: inject(1, huge), attempts: 1, server: 1, want: status(500)},
			faultCase{name: "slow headers against the deadline", method: m, inject: inject(1, faketest.Fault{Kind: faketest.KindStall, Delay: 1500 * time.Millisecond}),
				attempts: 1, server: 1, want: is(context.DeadlineExceeded), timeout: 400 * time.Millisecond},
		)
	}
	// Body faults on the GET (the answers would be the same for a POST).
	cases = append(cases,
		faultCase{name: "truncated body", method: "GET", inject: inject(1, faketest.Fault{Kind: faketest.KindTruncate}), attempts: 1, server: 1, want: contains("EOF")},
		faultCase{name: "malformed JSON", method: "GET", inject: inject(1, faketest.StatusFault(http.StatusOK, `{"id": nope}`)), attempts: 1, server: 1, want: contains("decode JSON")},
		faultCase{name: "wrong Content-Type", method: "GET", inject: inject(1, html), attempts: 1, server: 1, want: contains(`Content-Type "text/html"`)},
	)
	return cases
}

// settle waits for the goroutine count to come back to at most n.
func settle(n int) int {
	deadline := time.Now().Add(3 * time.Second)
	for {
		g := runtime.NumGoroutine()
		if g <= n || time.Now().After(deadline) {
			return g
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestFaultMatrix(t *testing.T) {
	subjects := map[string]subjectFunc{"sysdig": sysdigSubject, "falcon": falconSubject, "waldur": waldurSubject}
	for _, name := range []string{"sysdig", "falcon", "waldur"} {
		for _, tc := range faultCases() {
			t.Run(name+"/"+tc.method+"/"+tc.name, func(t *testing.T) {
				before := runtime.NumGoroutine()
				var logs bytes.Buffer
				log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
				w := newWire(t)
				s := subjects[name](t, &http.Client{Transport: w}, log)
				w.reset()
				requestsBefore := s.srv.Requests()
				tc.inject(s, w)

				timeout := tc.timeout
				if timeout == 0 {
					timeout = 5 * time.Second
				}
				ctx, cancel := context.WithTimeout(context.Background(), timeout)
				call := s.get
				if tc.method == "POST" {
					call = s.post
				}
				var ms0, ms1 runtime.MemStats
				runtime.ReadMemStats(&ms0)
				err := call(ctx)
				runtime.ReadMemStats(&ms1)
				cancel()

				if problem := tc.want(err); problem != nil {
					t.Error(problem)
				}
				if got := w.count(tc.method); got != tc.attempts {
					t.Errorf("%d attempts, want %d", got, tc.attempts)
				}
				if got := s.srv.Requests() - requestsBefore; got != int64(tc.server) {
					t.Errorf("%d requests reached the server, want %d", got, tc.server)
				}
				if grew := ms1.TotalAlloc - ms0.TotalAlloc; tc.name == "enormous error body" && grew > 8<<20 {
					t.Errorf("reading a 64 MiB error body allocated %d B: the read is not bounded", grew)
				}
				if err != nil && len(err.Error()) > 4096 {
					t.Errorf("error message is %d bytes long", len(err.Error()))
				}
				checkNoSecrets(t, append(s.secrets, w.secrets()...), err, logs.String())

				w.CloseIdleConnections()
				s.srv.Close()
				if after := settle(before); after > before {
					t.Errorf("%d goroutines before, %d after: a leak", before, after)
				}
			})
		}
	}
}

// checkNoSecrets fails when a credential shows in the error (as printed in
// every usual way) or in the logs.
func checkNoSecrets(t *testing.T, secrets []string, err error, logs string) {
	t.Helper()
	var texts []string
	if err != nil {
		texts = append(texts, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
	}
	texts = append(texts, logs)
	for _, s := range secrets {
		if len(s) < 8 {
			continue
		}
		for _, text := range texts {
			if strings.Contains(text, s) {
				t.Errorf("a credential (%d bytes) appears in %q", len(s), text[:min(len(text), 200)])
			}
		}
	}
}

// TestExpiredCredential: Sysdig and Waldur report a typed 401 after one
// attempt; Falcon fetches a new token once and resends.
func TestExpiredCredential(t *testing.T) {
	for name, setup := range map[string]subjectFunc{"sysdig": sysdigSubject, "falcon": falconSubject, "waldur": waldurSubject} {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			w := newWire(t)
			s := setup(t, &http.Client{Transport: w}, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
			w.reset()
			s.expire()
			err := s.get(context.Background())
			if s.reauth {
				if err != nil || w.count("GET") != 2 || w.count("POST") != 1 {
					t.Errorf("err %v after %d GET and %d token requests, want success after 2 and 1", err, w.count("GET"), w.count("POST"))
				}
			} else if e := status(http.StatusUnauthorized)(err); e != nil || w.count("GET") != 1 {
				t.Errorf("%v after %d attempts, want one", e, w.count("GET"))
			}
			checkNoSecrets(t, append(s.secrets, w.secrets()...), err, logs.String())
		})
	}
}

// TestRedirectKeepsCredentials: a redirect to another host is followed
// without the credentials.
func TestRedirectKeepsCredentials(t *testing.T) {
	for name, setup := range map[string]subjectFunc{"sysdig": sysdigSubject, "falcon": falconSubject, "waldur": waldurSubject} {
		t.Run(name, func(t *testing.T) {
			var got []string
			var mu sync.Mutex
			other := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
				mu.Lock()
				got = append(got, r.Header.Get("Authorization")+r.Header.Get("X-Api-Key"))
				mu.Unlock()
				http.Error(rw, `{"message":"who are you"}`, http.StatusUnauthorized)
			}))
			defer other.Close()
			// Another host: localhost instead of 127.0.0.1, and another port.
			elsewhere := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
			w := newWire(t)
			s := setup(t, &http.Client{Transport: w}, slog.New(slog.DiscardHandler))
			f := faketest.StatusFault(http.StatusTemporaryRedirect, "")
			f.Header.Set("Location", elsewhere+s.getPath)
			s.srv.Faults.Inject(1, f)
			err := s.get(context.Background())
			if err == nil {
				t.Error("the redirected call succeeded, want the other host's 401")
			}
			mu.Lock()
			defer mu.Unlock()
			if len(got) != 1 || got[0] != "" {
				t.Errorf("the other host saw credentials %q, want one request without any", got)
			}
		})
	}
}
