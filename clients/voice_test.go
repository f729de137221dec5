package clients_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/respondkit/respondkit/clients/faketest"
	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/falcon/falcontest"
	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/clients/sysdig/sysdigtest"
	"github.com/respondkit/respondkit/clients/waldur"
	"github.com/respondkit/respondkit/clients/waldur/waldurtest"
	"github.com/respondkit/respondkit/gen/falconapi"
	"github.com/respondkit/respondkit/gen/sysdigapi"
	"github.com/respondkit/respondkit/gen/waldurapi"
)

// Errors with one voice: every failure of the three clients, from the
// service, the network, the decoder or the caller's input, reads
// "<api>: ..." with that prefix once, names no URL twice and shows no
// credential. Each case runs on the wire against the API's fake.

// voiceRetries retries a little and never waits long: a 429 asking for an
// hour is returned at once.
var voiceRetries = sysdig.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Second}

// voiceSubject is one client on its fake, with a call of each kind.
type voiceSubject struct {
	api      string
	faults   *faketest.Injector
	requests func() int64
	secrets  []string
	getPath  string // the path get and generated ask for
	listPath string // the path list asks for
	// get reads one resource that exists; notFound one that does not.
	get, notFound func(context.Context) error
	// list walks the iterator and returns its first error.
	list func(context.Context) error
	// bad is a call with input the client refuses before sending.
	bad func(context.Context) error
	// generated calls the Generated() client and returns CheckResponse's
	// error.
	generated func(context.Context) error
	// wrongCreds is get by a client with a wrong credential; refused is
	// get by a client whose base URL is a closed port.
	wrongCreds, refused func(context.Context) error
	// getWith is get by a client with the retry policy p.
	getWith func(p sysdig.RetryPolicy) func(context.Context) error
	// the wrapper's status helpers
	isNotFound, isUnauthorized, isForbidden, isRateLimited func(error) bool
}

// closedPort returns a loopback base URL nothing listens on.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

func firstErr[T any](seq func(func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

func voiceSysdig(t *testing.T) *voiceSubject {
	const wrong = "wrong-sysdig-token-0123456789"
	srv := sysdigtest.NewServer()
	t.Cleanup(srv.Close)
	newClient := func(token, base string, opts ...sysdig.Option) *sysdig.Client {
		c, err := sysdig.New(token, append([]sysdig.Option{sysdig.WithBaseURL(base), sysdig.WithRetryPolicy(voiceRetries)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := newClient(srv.Token(), srv.URL)
	e := srv.AddExecution(sysdigapi.ActionExecution{ActionType: sysdig.ActionKillProcess})
	get := func(c *sysdig.Client) func(context.Context) error {
		return func(ctx context.Context) error { _, err := c.GetExecution(ctx, e.ID); return err }
	}
	return &voiceSubject{
		api: "sysdig", faults: srv.Faults, requests: srv.Requests, secrets: []string{srv.Token(), wrong},
		getPath:  "/secure/response-actions/v1alpha1/action-executions/" + e.ID,
		listPath: "/secure/response-actions/v1alpha1/action-executions",
		get:      get(c),
		notFound: func(ctx context.Context) error { _, err := c.GetExecution(ctx, "no-such-execution"); return err },
		list: func(ctx context.Context) error {
			return firstErr(c.ListExecutions(ctx, sysdig.ListOptions{}))
		},
		bad: func(ctx context.Context) error { _, err := c.GetExecution(ctx, ""); return err },
		generated: func(ctx context.Context) error {
			resp, err := c.Generated().GetActionExecutionV1(ctx, e.ID)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			return sysdig.CheckResponse(resp)
		},
		wrongCreds: get(newClient(wrong, srv.URL)),
		refused:    get(newClient(srv.Token(), closedPort(t))),
		getWith: func(p sysdig.RetryPolicy) func(context.Context) error {
			return get(newClient(srv.Token(), srv.URL, sysdig.WithRetryPolicy(p)))
		},
		isNotFound: sysdig.IsNotFound, isUnauthorized: sysdig.IsUnauthorized, isForbidden: sysdig.IsForbidden, isRateLimited: sysdig.IsRateLimited,
	}
}

func voiceWaldur(t *testing.T) *voiceSubject {
	const wrong = "wrong-waldur-token-0123456789"
	srv := waldurtest.NewServer()
	t.Cleanup(srv.Close)
	newClient := func(base, token string, opts ...waldur.Option) *waldur.Client {
		c, err := waldur.New(waldur.Config{BaseURL: base, Token: token}, append([]waldur.Option{waldur.WithRetryPolicy(voiceRetries)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := newClient(srv.URL, srv.Token())
	a := srv.Add(waldurapi.UserAction{ActionType: "pending_order", Title: "t"})
	id := a.UUID.String()
	get := func(c *waldur.Client) func(context.Context) error {
		return func(ctx context.Context) error {
			_, err := c.Get(ctx, a.UUID, waldur.GetOptions{IncludeSilenced: true})
			return err
		}
	}
	return &voiceSubject{
		api: "waldur", faults: srv.Faults, requests: srv.Requests, secrets: []string{srv.Token(), wrong},
		getPath:  "/api/user-actions/" + id + "/",
		listPath: "/api/user-actions/",
		get:      get(c),
		notFound: func(ctx context.Context) error {
			_, err := c.Get(ctx, uuid.New(), waldur.GetOptions{IncludeSilenced: true})
			return err
		},
		list: func(ctx context.Context) error { return firstErr(c.List(ctx, waldur.Filter{})) },
		bad: func(ctx context.Context) error {
			_, err := c.Get(ctx, uuid.Nil, waldur.GetOptions{IncludeSilenced: true})
			return err
		},
		generated: func(ctx context.Context) error {
			resp, err := c.Generated().UserActionsRetrieve(ctx, a.UUID, nil)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			return waldur.CheckResponse(resp)
		},
		wrongCreds: get(newClient(srv.URL, wrong)),
		refused:    get(newClient(closedPort(t), srv.Token())),
		getWith: func(p waldur.RetryPolicy) func(context.Context) error {
			return get(newClient(srv.URL, srv.Token(), waldur.WithRetryPolicy(p)))
		},
		isNotFound: waldur.IsNotFound, isUnauthorized: waldur.IsUnauthorized, isForbidden: waldur.IsForbidden, isRateLimited: waldur.IsRateLimited,
	}
}

func voiceFalcon(t *testing.T) *voiceSubject {
	const wrong = "wrong-falcon-secret-0123456789"
	srv := falcontest.NewServer(falcontest.WithRateLimit(1<<20, time.Minute))
	t.Cleanup(srv.Close)
	newClient := func(secret, base string, opts ...falcon.Option) *falcon.Client {
		c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: secret},
			append([]falcon.Option{falcon.WithBaseURL(base), falcon.WithRetryPolicy(voiceRetries)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close(context.Background()) })
		return c
	}
	c := newClient(srv.ClientSecret(), srv.URL)
	get := func(c *falcon.Client) func(context.Context) error {
		return func(ctx context.Context) error {
			_, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{PageSize: 10}, 0)
			return err
		}
	}
	return &voiceSubject{
		api: "falcon", faults: srv.Faults, requests: srv.Requests, secrets: []string{srv.ClientSecret(), wrong},
		getPath:  "/policy/queries/response/v1",
		listPath: "/policy/queries/response/v1",
		get:      get(c),
		notFound: func(ctx context.Context) error {
			_, err := c.QueryMemberIDsPage(ctx, "no-such-policy", falcon.MemberOptions{PageSize: 10}, 0)
			return err
		},
		list: func(ctx context.Context) error { return firstErr(c.QueryPolicyIDs(ctx, falcon.QueryOptions{})) },
		bad:  func(ctx context.Context) error { _, err := c.GetPolicies(ctx, []string{""}); return err },
		generated: func(ctx context.Context) error {
			resp, err := c.Generated().QueryRTResponsePolicies(ctx, &falconapi.QueryRTResponsePoliciesParams{})
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			return falcon.CheckResponse(resp)
		},
		wrongCreds: get(newClient(wrong, srv.URL)),
		refused:    get(newClient(srv.ClientSecret(), closedPort(t))),
		getWith: func(p falcon.RetryPolicy) func(context.Context) error {
			return get(newClient(srv.ClientSecret(), srv.URL, falcon.WithRetryPolicy(p)))
		},
		isNotFound: falcon.IsNotFound, isUnauthorized: falcon.IsUnauthorized, isForbidden: falcon.IsForbidden, isRateLimited: falcon.IsRateLimited,
	}
}

var voiceSubjects = []func(*testing.T) *voiceSubject{voiceSysdig, voiceWaldur, voiceFalcon}

// voiceCheck checks a case's error beyond the common rules.
type voiceCheck func(s *voiceSubject, err error) error

func voiceStatus(code int, helper func(s *voiceSubject) func(error) bool) voiceCheck {
	return func(s *voiceSubject, err error) error {
		var e *apierror.Error
		if !errors.As(err, &e) || e.StatusCode != code || e.API != s.api {
			return fmt.Errorf("want a typed %s error with status %d", s.api, code)
		}
		if helper != nil && !helper(s)(err) {
			return fmt.Errorf("the wrapper's helper for %d says no", code)
		}
		return nil
	}
}

func voiceIs(target error) voiceCheck {
	return func(_ *voiceSubject, err error) error {
		if !errors.Is(err, target) {
			return fmt.Errorf("want errors.Is %v", target)
		}
		return nil
	}
}

// voiceUntyped checks an error made before any answer (or of an answer that
// did not decode) is not the typed error of a status.
func voiceUntyped(_ *voiceSubject, err error) error {
	var e *apierror.Error
	if errors.As(err, &e) {
		return errors.New("want an error from before any answer, got a typed one")
	}
	return nil
}

func TestErrorsWithOneVoice(t *testing.T) {
	forbidden := `{"message":"denied by the injected fault","errors":[{"code":403,"message":"denied"}]}`
	for _, tc := range []struct {
		name   string
		inject func(s *voiceSubject) // faults before the call
		call   func(s *voiceSubject) func(context.Context) error
		ctx    func() (context.Context, context.CancelFunc)
		check  voiceCheck
		// want, per API, is the start of the message, when it is fixed.
		want map[string]string
	}{
		{name: "wrong credentials", call: func(s *voiceSubject) func(context.Context) error { return s.wrongCreds },
			check: func(s *voiceSubject, err error) error {
				if s.api == "falcon" { // the token endpoint refuses with 403
					return voiceStatus(403, func(s *voiceSubject) func(error) bool { return s.isForbidden })(s, err)
				}
				return voiceStatus(401, func(s *voiceSubject) func(error) bool { return s.isUnauthorized })(s, err)
			},
			want: map[string]string{"falcon": "falcon: POST /oauth2/token: 403 Forbidden: access denied, authorization failed (request id "}},
		{name: "403", inject: func(s *voiceSubject) {
			s.faults.Inject(1, faketest.StatusFault(403, forbidden).For("GET", s.getPath))
		}, call: func(s *voiceSubject) func(context.Context) error { return s.get },
			check: voiceStatus(403, func(s *voiceSubject) func(error) bool { return s.isForbidden })},
		{name: "404", call: func(s *voiceSubject) func(context.Context) error { return s.notFound },
			check: voiceStatus(404, func(s *voiceSubject) func(error) bool { return s.isNotFound })},
		{name: "429 asking for longer than the policy waits", inject: func(s *voiceSubject) {
			s.faults.Inject(3, faketest.RetryAfterFault(3600, `{"message":"slow down"}`).For("GET", s.getPath))
		}, call: func(s *voiceSubject) func(context.Context) error { return s.get },
			check: voiceStatus(429, func(s *voiceSubject) func(error) bool { return s.isRateLimited })},
		{name: "500 with a vendor message", inject: func(s *voiceSubject) {
			s.faults.Inject(1, faketest.StatusFault(500, `{"message":"it broke"}`).For("GET", s.getPath))
		}, call: func(s *voiceSubject) func(context.Context) error { return s.get },
			check: voiceStatus(500, nil)},
		{name: "connection refused", call: func(s *voiceSubject) func(context.Context) error { return s.refused },
			check: voiceIs(syscall.ECONNREFUSED)},
		{name: "deadline", inject: func(s *voiceSubject) {
			s.faults.Inject(1, faketest.StallFault(10*time.Second).For("GET", s.getPath))
		}, call: func(s *voiceSubject) func(context.Context) error { return s.get },
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 200*time.Millisecond)
			},
			check: voiceIs(context.DeadlineExceeded)},
		{name: "dropped connection", inject: func(s *voiceSubject) {
			s.faults.Inject(3, faketest.DropFault().For("GET", s.getPath))
		}, call: func(s *voiceSubject) func(context.Context) error { return s.get },
			check: voiceUntyped},
		{name: "decode error", inject: func(s *voiceSubject) {
			s.faults.Inject(1, faketest.StatusFault(200, `{"resources": [`).For("GET", s.getPath))
		}, call: func(s *voiceSubject) func(context.Context) error { return s.get },
			check: voiceUntyped},
		{name: "bad input", call: func(s *voiceSubject) func(context.Context) error { return s.bad },
			check: voiceUntyped},
		{name: "nil context", call: func(s *voiceSubject) func(context.Context) error { return s.get },
			ctx: func() (context.Context, context.CancelFunc) { return nil, func() {} }, check: voiceUntyped},
		{name: "iterator: 403", inject: func(s *voiceSubject) {
			s.faults.Inject(1, faketest.StatusFault(403, forbidden).For("GET", s.listPath))
		}, call: func(s *voiceSubject) func(context.Context) error { return s.list },
			check: voiceStatus(403, func(s *voiceSubject) func(error) bool { return s.isForbidden })},
		{name: "iterator: context canceled", call: func(s *voiceSubject) func(context.Context) error { return s.list },
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx, cancel
			},
			check: voiceIs(context.Canceled)},
		{name: "iterator: nil context", call: func(s *voiceSubject) func(context.Context) error { return s.list },
			ctx: func() (context.Context, context.CancelFunc) { return nil, func() {} }, check: voiceUntyped},
		{name: "iterator: decode error", inject: func(s *voiceSubject) {
			s.faults.Inject(1, faketest.StatusFault(200, `[{"broken": `).For("GET", s.listPath))
		}, call: func(s *voiceSubject) func(context.Context) error { return s.list },
			check: voiceUntyped},
		{name: "generated client through CheckResponse: 403", inject: func(s *voiceSubject) {
			s.faults.Inject(1, faketest.StatusFault(403, forbidden).For("GET", s.getPath))
		}, call: func(s *voiceSubject) func(context.Context) error { return s.generated },
			check: voiceStatus(403, func(s *voiceSubject) func(error) bool { return s.isForbidden })},
	} {
		for _, newSubject := range voiceSubjects {
			s := newSubject(t)
			t.Run(s.api+"/"+tc.name, func(t *testing.T) {
				if tc.inject != nil {
					tc.inject(s)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				if tc.ctx != nil {
					cancel()
					ctx, cancel = tc.ctx()
				}
				defer cancel()
				err := tc.call(s)(ctx)
				if err == nil {
					t.Fatal("no error")
				}
				msg := err.Error()
				t.Log(msg)
				prefix := s.api + ": "
				if !strings.HasPrefix(msg, prefix) || strings.Count(msg, prefix) != 1 {
					t.Errorf("%q: want %q at the start and only there", msg, prefix)
				}
				for _, other := range []string{"sysdig: ", "falcon: ", "waldur: ", "paging: "} {
					if other != prefix && strings.Contains(msg, other) {
						t.Errorf("%q holds another prefix, %q", msg, other)
					}
				}
				// net/http's *url.Error quotes the whole URL: it must not
				// show through.
				if strings.Contains(msg, `"http`) || strings.Contains(msg, "://") {
					t.Errorf("%q shows a URL", msg)
				}
				for _, v := range []string{msg, fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
					for _, secret := range s.secrets {
						if strings.Contains(v, secret) {
							t.Errorf("%q shows a credential", v)
						}
					}
				}
				if want := tc.want[s.api]; want != "" && !strings.HasPrefix(msg, want) {
					t.Errorf("%q\nwant it to start with %q", msg, want)
				}
				if tc.check != nil {
					if cerr := tc.check(s, err); cerr != nil {
						t.Errorf("%q: %v", msg, cerr)
					}
				}
			})
		}
	}
}

// TestNewRefusesBadValues: a credential that is set but cannot be right
// and a base URL with a query or a fragment are refused by New, with a
// message that names the value (never a credential's content), and nothing
// reaches the server.
func TestNewRefusesBadValues(t *testing.T) {
	srv := faketest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	base := srv.URL
	type newFunc func(cred, base string) error
	sysdigNew := func(token, base string) error { _, err := sysdig.New(token, sysdig.WithBaseURL(base)); return err }
	waldurNew := func(token, base string) error {
		_, err := waldur.New(waldur.Config{BaseURL: base, Token: token})
		return err
	}
	falconNew := func(field string) newFunc {
		return func(v, base string) error {
			creds := falcon.Credentials{ClientID: "cid-0123", ClientSecret: "secret-0123"}
			switch field {
			case "ClientID":
				creds.ClientID = v
			case "ClientSecret":
				creds.ClientSecret = v
			case "AccessToken":
				creds = falcon.Credentials{AccessToken: v}
			case "MemberCID":
				creds.MemberCID = v
			}
			c, err := falcon.New(creds, falcon.WithBaseURL(base))
			if err == nil {
				_ = c.Close(context.Background())
			}
			return err
		}
	}
	clients := []struct {
		api, what string
		new       newFunc
		good      string
	}{
		{"sysdig", "API token", sysdigNew, "tok-0123"},
		{"waldur", "Config.Token", waldurNew, "tok-0123"},
		{"falcon", "Credentials.ClientID", falconNew("ClientID"), "cid-0123"},
		{"falcon", "Credentials.ClientSecret", falconNew("ClientSecret"), "secret-0123"},
		{"falcon", "Credentials.AccessToken", falconNew("AccessToken"), "access-0123"},
		{"falcon", "Credentials.MemberCID", falconNew("MemberCID"), "member-0123"},
	}
	for _, cl := range clients {
		for _, tc := range []struct {
			name, cred, base, want string
		}{
			{"accepted", cl.good, base, ""},
			{"only spaces", "   ", base, cl.what + " is only whitespace (3 bytes)"},
			{"only a line break", "\n", base, cl.what + " is only whitespace (1 bytes)"},
			{"a trailing line break", cl.good + "\n", base, cl.what + " has whitespace around it"},
			{"a control character", "Q\x00" + cl.good, base, cl.what + " holds a control character at byte 1"},
			{"base URL with a query", cl.good, base + "/?api_key=Qz9", `base URL "` + base + `/" has a query`},
			{"base URL with a fragment", cl.good, base + "#Qz9", `base URL "` + base + `" has a fragment`},
		} {
			t.Run(cl.api+"/"+cl.what+"/"+tc.name, func(t *testing.T) {
				before := srv.Requests()
				err := cl.new(tc.cred, tc.base)
				if tc.want == "" {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					return
				}
				if err == nil {
					t.Fatal("accepted")
				}
				msg := err.Error()
				if want := cl.api + ": " + tc.want; !strings.HasPrefix(msg, want) || strings.Count(msg, cl.api+": ") != 1 {
					t.Errorf("%q\nwant it to start with %q", msg, want)
				}
				if strings.Contains(msg, "Qz9") || strings.Contains(msg, cl.good) {
					t.Errorf("%q shows the value", msg)
				}
				if n := srv.Requests() - before; n != 0 {
					t.Errorf("%d requests sent", n)
				}
			})
		}
	}
	// Falcon: either complete client credentials or an access token.
	if _, err := falcon.New(falcon.Credentials{ClientID: "cid"}); err == nil || !strings.HasPrefix(err.Error(), "falcon: credentials need") {
		t.Errorf("a client id alone: %v", err)
	}
}

// TestWaldurAPIRoot: the API root Waldur's documentation gives
// (https://host/api/) works as the base URL, as does the deployment's root:
// requests go to /api/..., never /api/api/....
func TestWaldurAPIRoot(t *testing.T) {
	for _, suffix := range []string{"", "/", "/api", "/api/", "/api//"} {
		t.Run("base URL ending "+suffix, func(t *testing.T) {
			srv := waldurtest.NewServer()
			defer srv.Close()
			a := srv.Add(waldurapi.UserAction{ActionType: "pending_order", Title: "t"})
			c, err := waldur.New(waldur.Config{BaseURL: srv.URL + suffix, Token: srv.Token()})
			if err != nil {
				t.Fatal(err)
			}
			if c.BaseURL() != srv.URL {
				t.Errorf("BaseURL() = %q, want %q", c.BaseURL(), srv.URL)
			}
			ctx := context.Background()
			if _, err := c.Get(ctx, a.UUID, waldur.GetOptions{IncludeSilenced: true}); err != nil {
				t.Fatal(err)
			}
			if n, err := c.Count(ctx, waldur.Filter{}); err != nil || n != 1 {
				t.Fatalf("Count: %d, %v", n, err)
			}
			if err := firstErr(c.List(ctx, waldur.Filter{})); err != nil {
				t.Fatal(err)
			}
			for _, r := range srv.Received() {
				if !strings.HasPrefix(r.Path, "/api/user-actions/") {
					t.Errorf("%s %s: want a path under /api/user-actions/", r.Method, r.Path)
				}
			}
			if len(srv.Received()) != 3 {
				t.Errorf("%d requests, want 3", len(srv.Received()))
			}
		})
	}
	// A path prefix before /api is kept: a deployment behind a proxy.
	// Only a whole /api segment is the API root.
	for in, want := range map[string]string{
		"https://example.com/waldur/api/": "https://example.com/waldur",
		"https://example.com/myapi":       "https://example.com/myapi",
		"https://api":                     "https://api",
		"https://api.example.com/api":     "https://api.example.com",
	} {
		c, err := waldur.New(waldur.Config{BaseURL: in, Token: "tok-0123"})
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if c.BaseURL() != want {
			t.Errorf("%s: BaseURL() %q, want %q", in, c.BaseURL(), want)
		}
	}
}

// TestPartialRetryPolicy: RetryPolicy{MaxAttempts: 5} alone keeps the
// default waits, so a 429 asking for a second is waited out and retried
// (with no MaxDelay the answer used to come back at once); MaxAttempts 1
// still turns retries off.
func TestPartialRetryPolicy(t *testing.T) {
	for _, newSubject := range voiceSubjects {
		for _, tc := range []struct {
			p        sysdig.RetryPolicy
			attempts int64
			ok       bool
		}{
			{sysdig.RetryPolicy{MaxAttempts: 5}, 2, true},
			{sysdig.RetryPolicy{MaxAttempts: 1}, 1, false},
		} {
			s := newSubject(t)
			t.Run(fmt.Sprintf("%s/MaxAttempts %d", s.api, tc.p.MaxAttempts), func(t *testing.T) {
				t.Parallel()
				get := s.getWith(tc.p)
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				if err := get(ctx); err != nil { // a Falcon token, before the fault
					t.Fatal(err)
				}
				s.faults.Inject(1, faketest.RetryAfterFault(1, `{"message":"slow down"}`).For("GET", s.getPath))
				before := s.requests()
				err := get(ctx)
				if n := s.requests() - before; n != tc.attempts {
					t.Errorf("%d attempts, want %d", n, tc.attempts)
				}
				if tc.ok && err != nil {
					t.Errorf("err %v, want the retry to succeed", err)
				}
				if !tc.ok && !s.isRateLimited(err) {
					t.Errorf("err %v, want the 429", err)
				}
			})
		}
	}
}

// TestOneVoiceWrappedErrors: errors built on other errors (a stalled
// download, Execute's classes, a refused protocol switch) keep one prefix
// and their sentinels.
func TestOneVoiceWrappedErrors(t *testing.T) {
	stall := func(headers bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if !headers {
				w.Header().Set("Content-Type", "application/octet-stream")
				_, _ = w.Write([]byte("first bytes"))
				w.(http.Flusher).Flush()
			}
			<-r.Context().Done()
		}
	}
	switchProtocols := func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		_, _ = buf.WriteString("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\n")
		_ = buf.Flush()
	}
	sysdigOn := func(t *testing.T, h http.HandlerFunc) *sysdig.Client {
		srv := faketest.NewServer(h)
		t.Cleanup(srv.Close)
		c, err := sysdig.New("tok-0123", sysdig.WithBaseURL(srv.URL), sysdig.WithDownloadIdleTimeout(200*time.Millisecond), sysdig.WithRetryPolicy(voiceRetries))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	waldurSrv := waldurtest.NewServer()
	defer waldurSrv.Close()
	wc, err := waldur.New(waldur.Config{BaseURL: waldurSrv.URL + "/api/", Token: waldurSrv.Token()})
	if err != nil {
		t.Fatal(err)
	}
	a := waldurSrv.Add(waldurapi.UserAction{ActionType: "pending_order", Title: "t"})

	for _, tc := range []struct {
		name, want string
		call       func(t *testing.T) error
		is         error
	}{
		{"sysdig download: no headers", "sysdig: GET /secure/response-actions/v1alpha1/action-executions/e1/acquired-file: download received no bytes for the idle timeout",
			func(t *testing.T) error {
				_, err := sysdigOn(t, stall(true)).OpenAcquiredFile(context.Background(), "e1")
				return err
			}, sysdig.ErrDownloadIdle},
		{"sysdig download: body stalls", "sysdig: download of acquired file e1 stopped after 11 bytes: download received no bytes for the idle timeout",
			func(t *testing.T) error {
				var b strings.Builder
				_, err := sysdigOn(t, stall(false)).DownloadAcquiredFile(context.Background(), "e1", &b)
				return err
			}, sysdig.ErrDownloadIdle},
		{"protocol switch", "sysdig: GET /secure/response-actions/v1alpha1/action-executions/e1: 101 Switching Protocols: unexpected 1xx answer",
			func(t *testing.T) error {
				_, err := sysdigOn(t, switchProtocols).GetExecution(context.Background(), "e1")
				return err
			}, nil},
		{"waldur execute: unknown label", "waldur: corrective action not found or not permitted: POST /api/user-actions/" + a.UUID.String() + "/execute_action/: 404 Not Found",
			func(*testing.T) error {
				_, err := wc.Execute(context.Background(), a.UUID, waldur.ExecuteRequest{Label: "Teleport"})
				return err
			}, waldur.ErrLabelNotPermitted},
		{"waldur execute: unknown action", "waldur: user action not found: POST /api/user-actions/00000000-0000-4000-8000-000000000001/execute_action/: 404 Not Found",
			func(*testing.T) error {
				_, err := wc.Execute(context.Background(), uuid.MustParse("00000000-0000-4000-8000-000000000001"), waldur.ExecuteRequest{Label: "Approve"})
				return err
			}, waldur.ErrActionNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(t)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			t.Log(msg)
			api, _, _ := strings.Cut(tc.want, ":")
			if !strings.HasPrefix(msg, tc.want) || strings.Count(msg, api+": ") != 1 || strings.Count(msg, "idle timeout") > 1 {
				t.Errorf("%q\nwant it to start with %q, with one prefix", msg, tc.want)
			}
			if strings.Contains(msg, "://") || strings.Contains(msg, "tok-0123") {
				t.Errorf("%q shows a URL or the token", msg)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("not %v", tc.is)
			}
		})
	}
}
