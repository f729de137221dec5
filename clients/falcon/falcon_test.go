package falcon_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/respondkit/respondkit/clients/faketest"
	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/falcon/falcontest"
	"github.com/respondkit/respondkit/clients/falcon/fql"
	"github.com/respondkit/respondkit/gen/falconapi"
)

var fastRetries = falcon.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Second}

func newPair(t *testing.T, srvOpts []falcontest.Option, opts ...falcon.Option) (*falcon.Client, *falcontest.Server) {
	t.Helper()
	srv := falcontest.NewServer(srvOpts...)
	t.Cleanup(srv.Close)
	opts = append([]falcon.Option{falcon.WithBaseURL(srv.URL), falcon.WithRetryPolicy(fastRetries)}, opts...)
	c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret()}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

func create(t *testing.T, c *falcon.Client, platform falcon.Platform, names ...string) []falcon.Policy {
	t.Helper()
	var in []falcon.PolicyCreate
	for _, n := range names {
		in = append(in, falcon.PolicyCreate{Name: n, PlatformName: platform})
	}
	out, err := c.CreatePolicies(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func ids(ps []falcon.Policy) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		name  string
		creds falcon.Credentials
		opts  []falcon.Option
		base  string
	}{
		{"discovery starts at us-1", falcon.Credentials{ClientID: "a", ClientSecret: "b"}, nil, "https://api.crowdstrike.com"},
		{"eu-1", falcon.Credentials{ClientID: "a", ClientSecret: "b"}, []falcon.Option{falcon.WithRegion(falcon.RegionEU1)}, "https://api.eu-1.crowdstrike.com"},
		{"gov", falcon.Credentials{AccessToken: "t"}, []falcon.Option{falcon.WithRegion(falcon.RegionUSGov1)}, "https://api.laggar.gcw.crowdstrike.com"},
		{"no secret", falcon.Credentials{ClientID: "a"}, nil, ""},
		{"unknown region", falcon.Credentials{AccessToken: "t"}, []falcon.Option{falcon.WithRegion("mars-1")}, ""},
		{"plain http", falcon.Credentials{AccessToken: "t"}, []falcon.Option{falcon.WithBaseURL("http://proxy.corp")}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := falcon.New(tc.creds, tc.opts...)
			if tc.base == "" {
				if err == nil {
					t.Fatal("New succeeded")
				}
				return
			}
			if err != nil || c.BaseURL() != tc.base {
				t.Fatalf("New: %v, want base %s", err, tc.base)
			}
		})
	}
}

func TestPolicyLifecycle(t *testing.T) {
	c, srv := newPair(t, nil)
	ctx := context.Background()
	ps := create(t, c, falcon.PlatformLinux, "responders", "forensics", "on-call")
	if len(ps) != 3 || ps[0].Enabled || ps[0].PlatformName != falcon.PlatformLinux {
		t.Fatalf("created %+v", ps)
	}
	enabled, err := c.Enable(ctx, []string{ps[0].ID})
	if err != nil || !enabled[0].Enabled {
		t.Fatalf("enable: %v %+v", err, enabled)
	}
	g := srv.AddHostGroup("web servers")
	withGroup, err := c.AddHostGroup(ctx, falcon.GroupChange{GroupID: g.ID, PolicyIDs: []string{ps[0].ID}})
	if err != nil || len(withGroup[0].Groups) != 1 || withGroup[0].Groups[0].ID != g.ID {
		t.Fatalf("add host group: %v %+v", err, withGroup)
	}
	if out, err := c.RemoveHostGroup(ctx, falcon.GroupChange{GroupID: g.ID, PolicyIDs: []string{ps[0].ID}}); err != nil || len(out[0].Groups) != 0 {
		t.Fatalf("remove host group: %v %+v", err, out)
	}
	if out, err := c.Disable(ctx, []string{ps[0].ID}); err != nil || out[0].Enabled {
		t.Fatalf("disable: %v", err)
	}
	updated, err := c.UpdatePolicies(ctx, []falcon.PolicyUpdate{{ID: ps[1].ID, Name: ptr("forensics team"),
		Settings: []falcon.SettingInput{{ID: "GetCommand", Value: map[string]any{"enabled": true}}}}})
	if err != nil || updated[0].Name != "forensics team" {
		t.Fatalf("update: %v %+v", err, updated)
	}

	// Precedence: reverse the three, then read it back in order.
	want := []string{ps[2].ID, ps[1].ID, ps[0].ID}
	if err := c.SetPrecedence(ctx, falcon.PlatformLinux, want); err != nil {
		t.Fatal(err)
	}
	var got []string
	for p, err := range c.QueryPolicies(ctx, falcon.QueryOptions{Filter: fql.Eq("platform_name", "Linux").String(), Sort: falcon.SortPrecedenceAsc}) {
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != "platform_default" {
			got = append(got, p.ID)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("precedence %v, want %v", got, want)
	}

	deleted, err := c.DeletePolicies(ctx, ids(ps))
	if err != nil || len(deleted) != 3 {
		t.Fatalf("delete: %v %v", err, deleted)
	}
	if _, ok := srv.Policy(ps[0].ID); ok {
		t.Error("deleted policy still stored")
	}
}

func TestPrecedenceChecks(t *testing.T) {
	c, srv := newPair(t, nil)
	ctx := context.Background()
	linux := create(t, c, falcon.PlatformLinux, "a", "b")
	win := create(t, c, falcon.PlatformWindows, "w")
	def := srv.Precedence(falcon.PlatformLinux)
	for _, tc := range []struct {
		name     string
		platform falcon.Platform
		ids      []string
		want     string
	}{
		{"unknown platform", "linux", ids(linux), `unknown platform "linux"`},
		{"default policy", falcon.PlatformLinux, append(ids(linux), def[len(def)-1]), "default policy"},
		{"other platform", falcon.PlatformLinux, append(ids(linux), win[0].ID), "is a Windows policy"},
		{"duplicate", falcon.PlatformLinux, []string{linux[0].ID, linux[0].ID}, "policy ids[1] repeats policy ids[0]"},
		{"no ids", falcon.PlatformLinux, nil, "no policy ids"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := c.SetPrecedence(ctx, tc.platform, tc.ids); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
		})
	}
	if got := srv.Precedence(falcon.PlatformLinux); !slices.Equal(got, def) {
		t.Errorf("precedence changed: %v, want %v", got, def)
	}
	// Leaving a policy out is refused by the service, typed.
	err := c.SetPrecedence(ctx, falcon.PlatformLinux, ids(linux)[:1])
	var apiErr *falcon.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.RequestID == "" {
		t.Errorf("incomplete precedence: %v", err)
	}
}

func TestBatchingKeepsOrderAndReportsPartialFailure(t *testing.T) {
	c, srv := newPair(t, nil)
	ctx := context.Background()
	names := make([]string, 250)
	for i := range names {
		names[i] = "p" + strconv.Itoa(i)
	}
	ps := create(t, c, falcon.PlatformMac, names...)
	if len(ps) != 250 {
		t.Fatalf("created %d policies in batches, want 250", len(ps))
	}
	want := ids(ps)
	slices.Reverse(want)
	before := srv.Requests()
	got, err := c.GetPolicies(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids(got), want) {
		t.Error("policies not in the order asked for")
	}
	if n := srv.Requests() - before; n != 3 {
		t.Errorf("%d requests for 250 ids, want 3 batches", n)
	}

	missing := "ffffffffffffffffffffffffffffffff"
	got, err = c.GetPolicies(ctx, []string{want[0], missing, want[1]})
	var partial *falcon.PartialError
	if !errors.As(err, &partial) || len(partial.Errors) != 1 || partial.Errors[0].ID != missing || len(partial.TraceIDs) != 1 {
		t.Fatalf("err %v, want a partial failure naming %s", err, missing)
	}
	if len(got) != 2 || got[0].ID != want[0] || got[1].ID != want[1] {
		t.Errorf("found policies %v", ids(got))
	}
	if _, err := c.GetPolicies(ctx, []string{missing}); !errors.As(err, &partial) {
		t.Errorf("all missing: %v, want a partial failure", err)
	}
}

func TestMembers(t *testing.T) {
	c, srv := newPair(t, nil)
	ctx := context.Background()
	p := create(t, c, falcon.PlatformLinux, "members")[0]
	for i := range 120 {
		srv.AddDevice(falconapi.Device{Hostname: fmt.Sprintf("web-%03d", i)}, p.ID)
	}
	before := srv.Requests()
	n := 0
	for d, err := range c.QueryMembers(ctx, p.ID, falcon.MemberOptions{PageSize: 50}) {
		if err != nil {
			t.Fatal(err)
		}
		if d.Hostname == "" || d.DeviceID == "" {
			t.Fatalf("device %+v", d)
		}
		n++
	}
	if n != 120 || srv.Requests()-before != 3 {
		t.Errorf("%d devices in %d requests, want 120 in 3", n, srv.Requests()-before)
	}
	var idsSeen []string
	for id, err := range c.QueryMemberIDs(ctx, p.ID, falcon.MemberOptions{Filter: fql.Eq("hostname", "web-007").String()}) {
		if err != nil {
			t.Fatal(err)
		}
		idsSeen = append(idsSeen, id)
	}
	if len(idsSeen) != 1 {
		t.Errorf("filtered members %v", idsSeen)
	}
	if _, err := c.QueryMemberIDsPage(ctx, "0000", falcon.MemberOptions{PageSize: 10}, 0); !falcon.IsNotFound(err) {
		t.Errorf("members of a missing policy: %v", err)
	}
}

func TestBadInput(t *testing.T) {
	c, srv := newPair(t, nil)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"no ids", func() error { _, err := c.GetPolicies(ctx, nil); return err }, "falcon: no ids"},
		{"empty id", func() error { _, err := c.DeletePolicies(ctx, []string{"a", " "}); return err }, "ids[1] is empty"},
		{"negative page size", func() error { _, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{PageSize: -1}, 0); return err }, "falcon: QueryOptions.PageSize -1 out of range 1..5000"},
		{"page size 5001", func() error { _, err := c.QueryPoliciesPage(ctx, falcon.QueryOptions{PageSize: 5001}, 0); return err }, "QueryOptions.PageSize 5001 out of range"},
		{"negative page size, iterator", func() error {
			for _, err := range c.QueryMembers(ctx, "p", falcon.MemberOptions{PageSize: -3}) {
				return err
			}
			return nil
		}, "falcon: MemberOptions.PageSize -3 out of range"},
		{"negative offset", func() error { _, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{}, -1); return err }, "offset -1 out of range"},
		{"at 10000", func() error { _, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{}, 10000); return err }, "pages no further than 10000"},
		{"unknown sort", func() error {
			_, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{Sort: "name", PageSize: 10}, 0)
			return err
		}, `QueryOptions.Sort "name" is not one of`},
		{"empty policy id in a member query", func() error {
			_, err := c.QueryMemberIDsPage(ctx, "", falcon.MemberOptions{}, 0)
			return err
		}, "falcon: policyID is empty"},
		{"empty policy id in a member iterator", func() error {
			for _, err := range c.QueryMemberIDs(ctx, "", falcon.MemberOptions{}) {
				return err
			}
			return nil
		}, "falcon: policyID is empty"},
		{"unknown action", func() error {
			_, err := c.PerformAction(ctx, "explode", falcon.ActionRequest{IDs: []string{"a"}})
			return err
		}, `action "explode" is not one of`},
		{"group action without group", func() error {
			_, err := c.AddHostGroup(ctx, falcon.GroupChange{PolicyIDs: []string{"a"}})
			return err
		}, "falcon: GroupChange.GroupID is empty"},
		{"group action without policies", func() error {
			_, err := c.RemoveRuleGroup(ctx, falcon.GroupChange{GroupID: "g"})
			return err
		}, "no ActionRequest.IDs"},
		{"wrong platform", func() error {
			_, err := c.CreatePolicies(ctx, []falcon.PolicyCreate{{Name: "x", PlatformName: "linux"}})
			return err
		}, `item 0: PlatformName "linux" is not one of Windows, Mac, Linux`},
		{"nameless policy", func() error {
			_, err := c.CreatePolicies(ctx, []falcon.PolicyCreate{{PlatformName: falcon.PlatformMac}})
			return err
		}, "item 0: Name is empty"},
		{"update without id", func() error { _, err := c.UpdatePolicies(ctx, []falcon.PolicyUpdate{{}}); return err }, "item 0: ID is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
		})
	}
	if n := srv.Requests(); n != 0 {
		t.Errorf("%d requests reached the server, want 0", n)
	}
}

func TestOneTokenUnderConcurrency(t *testing.T) {
	const calls = 1000
	c, srv := newPair(t, []falcontest.Option{falcontest.WithRateLimit(1<<20, time.Minute)})
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{PageSize: 10}, 0); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := srv.TokenRequests(); n != 1 {
		t.Errorf("%d token requests from %d concurrent calls, want 1", n, calls)
	}
	if err := c.Close(ctx); err != nil || srv.Revocations() != 1 {
		t.Errorf("close: %v, %d revocations", err, srv.Revocations())
	}
	if err := c.Close(ctx); err != nil || srv.Revocations() != 1 {
		t.Errorf("second close: %v, %d revocations", err, srv.Revocations())
	}
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeClock) now() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.t }
func (f *fakeClock) advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}

func TestTokenRefreshAndReauth(t *testing.T) {
	clk := &fakeClock{t: time.Now()}
	c, srv := newPair(t, []falcontest.Option{falcontest.WithClock(clk.now)})
	c.SetTokenClock(clk.now)
	ctx := context.Background()
	call := func() {
		t.Helper()
		if _, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{PageSize: 10}, 0); err != nil {
			t.Fatal(err)
		}
	}
	call()
	clk.advance(25 * time.Minute) // still fresh (expires at 29m59s)
	call()
	if n := srv.TokenRequests(); n != 1 {
		t.Fatalf("%d token requests, want 1", n)
	}
	clk.advance(3 * time.Minute) // within 2 minutes of expiry: refresh early
	call()
	if n := srv.TokenRequests(); n != 2 {
		t.Fatalf("%d token requests after nearing expiry, want 2", n)
	}

	// The server forgets every token: one 401, one new token, one resend.
	srv.ExpireTokens()
	before := srv.Requests()
	call()
	if n := srv.TokenRequests(); n != 3 {
		t.Errorf("%d token requests after a 401, want 3", n)
	}
	if n := srv.Requests() - before; n != 3 {
		t.Errorf("%d requests for a re-authenticated call, want 3 (401, token, resend)", n)
	}
}

func TestPreObtainedTokenIsNotRefreshed(t *testing.T) {
	srv := falcontest.NewServer()
	defer srv.Close()
	c, err := falcon.New(falcon.Credentials{AccessToken: "not-a-real-token"}, falcon.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.QueryPolicyIDsPage(context.Background(), falcon.QueryOptions{PageSize: 10}, 0)
	if !falcon.IsUnauthorized(err) || strings.Contains(err.Error(), "not-a-real-token") {
		t.Fatalf("err %v, want a 401 without the token", err)
	}
	if srv.TokenRequests() != 0 || srv.Requests() != 1 {
		t.Errorf("%d token requests, %d requests", srv.TokenRequests(), srv.Requests())
	}
}

func TestBadCredentialsAreTypedAndNotLeaked(t *testing.T) {
	srv := falcontest.NewServer()
	defer srv.Close()
	var logs bytes.Buffer
	const secret = "very-secret-value"
	c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: secret}, falcon.WithBaseURL(srv.URL),
		falcon.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.QueryPolicyIDsPage(context.Background(), falcon.QueryOptions{PageSize: 10}, 0)
	var apiErr *falcon.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || !strings.Contains(apiErr.Message, "authorization failed") {
		t.Fatalf("err %v, want the token endpoint's 403", err)
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(logs.String(), secret) {
		t.Error("the client secret leaked")
	}
}

func TestRegionDiscoveryFollowsThe308(t *testing.T) {
	us2 := falcontest.NewServer(falcontest.WithRegion("us-2"))
	defer us2.Close()
	us1 := falcontest.NewServer(falcontest.WithRedirect(us2.URL))
	defer us1.Close()
	c, err := falcon.New(falcon.Credentials{ClientID: us2.ClientID(), ClientSecret: us2.ClientSecret()},
		falcon.WithRegionHosts(map[falcon.Region]string{falcon.RegionUS1: us1.URL, falcon.RegionUS2: us2.URL}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.QueryPolicyIDsPage(context.Background(), falcon.QueryOptions{PageSize: 10}, 0); err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != us2.URL {
		t.Errorf("base URL %s, want the discovered region's %s", c.BaseURL(), us2.URL)
	}
	if us1.Requests() != 1 || us2.TokenRequests() != 1 || us2.Requests() != 2 {
		t.Errorf("us-1 saw %d requests, us-2 %d (%d token)", us1.Requests(), us2.Requests(), us2.TokenRequests())
	}
}

func TestRateLimitCooldownIsShared(t *testing.T) {
	c, srv := newPair(t, nil, falcon.WithRetryPolicy(falcon.RetryPolicy{MaxAttempts: 1}))
	ctx := context.Background()
	if _, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{PageSize: 10}, 0); err != nil { // token first
		t.Fatal(err)
	}
	f := faketest.StatusFault(429, `{"meta":{"query_time":0,"trace_id":"t"},"errors":[{"code":429,"message":"API rate limit exceeded."}]}`)
	until := time.Now().Add(2 * time.Second).Truncate(time.Second)
	f.Header.Set("X-RateLimit-RetryAfter", strconv.FormatInt(until.Unix(), 10))
	srv.Faults.Inject(1, f)
	_, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{PageSize: 10}, 0)
	var apiErr *falcon.Error
	if !falcon.IsRateLimited(err) || !errors.As(err, &apiErr) || apiErr.RetryAfter <= 0 {
		t.Fatalf("err %v, want a 429 with its wait", err)
	}
	// Every goroutine's next request waits out the same cooldown.
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{PageSize: 10}, 0); err != nil {
				t.Error(err)
			}
			if now := time.Now(); now.Before(until) {
				t.Errorf("a request finished %v before the cooldown ended", until.Sub(now))
			}
		}()
	}
	wg.Wait()
	limit, remaining := c.RateLimit()
	if limit != 6000 || remaining <= 0 || remaining >= 6000 {
		t.Errorf("RateLimit() = %d, %d", limit, remaining)
	}
}

func TestServerRateLimitIsRetried(t *testing.T) {
	c, srv := newPair(t, []falcontest.Option{falcontest.WithRateLimit(3, time.Second)}, falcon.WithSlowDown(0))
	ctx := context.Background()
	for range 4 { // the token and two calls fit; the fourth request waits for the next window
		if _, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{PageSize: 10}, 0); err != nil {
			t.Fatal(err)
		}
	}
	if srv.Requests() < 6 {
		t.Errorf("%d requests: the 429 was not retried", srv.Requests())
	}
}

func TestCredentialsDoNotFollowRedirects(t *testing.T) {
	var mu sync.Mutex
	got := "unset"
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = r.Header.Get("Authorization")
		mu.Unlock()
		w.WriteHeader(http.StatusTeapot)
	}))
	defer other.Close()
	c, srv := newPair(t, nil)
	if _, err := c.QueryPolicyIDsPage(context.Background(), falcon.QueryOptions{PageSize: 10}, 0); err != nil { // the token first
		t.Fatal(err)
	}
	srv.Faults.Inject(1, faketest.Fault{Kind: faketest.KindStatus, Status: http.StatusFound, Header: http.Header{"Location": {other.URL + "/steal"}}})
	_, err := c.QueryPolicyIDsPage(context.Background(), falcon.QueryOptions{PageSize: 10}, 0)
	var apiErr *falcon.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTeapot {
		t.Fatalf("err %v, want the other host's answer", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if got != "" {
		t.Errorf("credentials followed the redirect to another host: %q", got)
	}
}

func ptr[T any](v T) *T { return &v }

// TestRegionDiscoveryStaysWithinKnownRegions: whatever X-CS-Region or a 308
// says, autodiscovery moves the client only to a known region's host, and
// never sends the credentials anywhere else.
func TestRegionDiscoveryStaysWithinKnownRegions(t *testing.T) {
	t.Run("unknown region named", func(t *testing.T) {
		us1 := falcontest.NewServer(falcontest.WithRegion("evil-1"))
		defer us1.Close()
		c, err := falcon.New(falcon.Credentials{ClientID: us1.ClientID(), ClientSecret: us1.ClientSecret()},
			falcon.WithRegionHosts(map[falcon.Region]string{falcon.RegionUS1: us1.URL}))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.QueryPolicyIDsPage(context.Background(), falcon.QueryOptions{PageSize: 10}, 0); err != nil {
			t.Fatal(err)
		}
		if c.BaseURL() != us1.URL {
			t.Errorf("base URL %s after X-CS-Region: evil-1, want %s", c.BaseURL(), us1.URL)
		}
	})
	t.Run("308 to a host outside the regions", func(t *testing.T) {
		elsewhere := falcontest.NewServer()
		defer elsewhere.Close()
		us1 := falcontest.NewServer(falcontest.WithRedirect(elsewhere.URL))
		defer us1.Close()
		c, err := falcon.New(falcon.Credentials{ClientID: us1.ClientID(), ClientSecret: us1.ClientSecret()},
			falcon.WithRegionHosts(map[falcon.Region]string{falcon.RegionUS1: us1.URL}))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.QueryPolicyIDsPage(context.Background(), falcon.QueryOptions{PageSize: 10}, 0)
		var redirect *falcon.RedirectError
		if !errors.As(err, &redirect) || !strings.Contains(redirect.Location, elsewhere.URL) {
			t.Fatalf("err %v, want a *RedirectError naming %s", err, elsewhere.URL)
		}
		if strings.Contains(err.Error(), us1.ClientSecret()) {
			t.Error("the error holds the client secret")
		}
		if n := elsewhere.Requests(); n != 0 {
			t.Errorf("the host outside the regions got %d requests, want none", n)
		}
		if c.BaseURL() != us1.URL {
			t.Errorf("base URL %s, want %s", c.BaseURL(), us1.URL)
		}
	})
}

// Every API request carries Content-Type: application/json, the bodiless GET
// and DELETE ones included (the service refuses some requests without one;
// CrowdStrike's SDKs always send it), and ids travel as repeated query pairs
// (the swagger's collectionFormat multi), never joined with commas.
func TestRequestsCarryContentTypeAndRepeatedIDs(t *testing.T) {
	c, srv := newPair(t, nil)
	ctx := context.Background()
	ps := create(t, c, falcon.PlatformMac, "a", "b")
	for _, tc := range []struct {
		name, method, path string
		wantIDs            int
		run                func() error
	}{
		{"get", "GET", "/policy/entities/response/v1", 2, func() error { _, err := c.GetPolicies(ctx, ids(ps)); return err }},
		{"query ids", "GET", "/policy/queries/response/v1", 0, func() error { _, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{}, 0); return err }},
		{"query combined", "GET", "/policy/combined/response/v1", 0, func() error { _, err := c.QueryPoliciesPage(ctx, falcon.QueryOptions{}, 0); return err }},
		{"member ids", "GET", "/policy/queries/response-members/v1", 0, func() error { _, err := c.QueryMemberIDsPage(ctx, ps[0].ID, falcon.MemberOptions{}, 0); return err }},
		{"members", "GET", "/policy/combined/response-members/v1", 0, func() error { _, err := c.QueryMembersPage(ctx, ps[0].ID, falcon.MemberOptions{}, 0); return err }},
		{"enable", "POST", "/policy/entities/response-actions/v1", 0, func() error { _, err := c.Enable(ctx, ids(ps)); return err }},
		{"delete", "DELETE", "/policy/entities/response/v1", 2, func() error { _, err := c.DeletePolicies(ctx, ids(ps)); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(srv.Received())
			if err := tc.run(); err != nil {
				t.Fatal(err)
			}
			seen := 0
			for _, r := range srv.Received()[before:] {
				if r.Method != tc.method || r.Path != tc.path {
					continue
				}
				seen++
				if ct := r.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type %q, want application/json", ct)
				}
				if got := r.Query["ids"]; len(got) != tc.wantIDs || slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, ",") }) {
					t.Errorf("ids %q, want %d repeated pairs", got, tc.wantIDs)
				}
			}
			if seen == 0 {
				t.Fatalf("no %s %s sent", tc.method, tc.path)
			}
		})
	}
}
