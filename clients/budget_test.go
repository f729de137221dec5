package clients_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/respondkit/respondkit"
	"github.com/respondkit/respondkit/clients/faketest"
	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/falcon/falcontest"
	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/clients/sysdig/sysdigtest"
	"github.com/respondkit/respondkit/clients/waldur"
	"github.com/respondkit/respondkit/clients/waldur/waldurtest"
)

// countingBudget is an in-process respondkit.RateBudget that lets every
// request go and records what the client told it.
type countingBudget struct {
	takes     atomic.Int64
	mu        sync.Mutex
	cooldowns []time.Duration
}

func (b *countingBudget) Take(ctx context.Context) error {
	b.takes.Add(1)
	return ctx.Err()
}

func (b *countingBudget) Cooldown(_ context.Context, d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.cooldowns = append(b.cooldowns, d)
}

// TestRateBudgetOption: each client given a budget takes from it once per
// request sent, retries included, and passes on the wait a 429 asked for.
func TestRateBudgetOption(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, b respondkit.RateBudget) (sent int)
	}{
		{"sysdig", func(t *testing.T, b respondkit.RateBudget) int {
			srv := sysdigtest.NewServer()
			defer srv.Close()
			srv.Faults.Inject(1, faketest.RetryAfterFault(1, `{"message":"slow down"}`))
			c, err := sysdig.New(srv.Token(), sysdig.WithBaseURL(srv.URL), sysdig.WithRateBudget(b))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.ListExecutionsPage(context.Background(), sysdig.ListOptions{}, 0); err != nil {
				t.Fatal(err)
			}
			return int(srv.Requests())
		}},
		{"waldur", func(t *testing.T, b respondkit.RateBudget) int {
			srv := waldurtest.NewServer()
			defer srv.Close()
			srv.Faults.Inject(1, faketest.RetryAfterFault(1, `{"detail":"slow down"}`))
			c, err := waldur.New(waldur.Config{BaseURL: srv.URL, Token: srv.Token()}, waldur.WithRateBudget(b))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.ListPage(context.Background(), waldur.Filter{}, 0); err != nil {
				t.Fatal(err)
			}
			return int(srv.Requests())
		}},
		{"falcon", func(t *testing.T, b respondkit.RateBudget) int {
			srv := falcontest.NewServer()
			defer srv.Close()
			srv.Faults.Inject(1, falcontest.RateLimitFault(time.Now().Add(time.Second)).For("GET", "/policy/queries/response/v1"))
			c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret()},
				falcon.WithBaseURL(srv.URL), falcon.WithRateBudget(b))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.QueryPolicyIDsPage(context.Background(), falcon.QueryOptions{}, 0); err != nil {
				t.Fatal(err)
			}
			return int(srv.Requests()) - srv.TokenRequests() // the token request is not the account's API budget
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := &countingBudget{}
			sent := tc.run(t, b)
			if got := b.takes.Load(); got != int64(sent) || sent != 2 {
				t.Errorf("%d takes for %d requests sent, want 2 and 2 (the 429 and its retry)", got, sent)
			}
			if len(b.cooldowns) != 1 || b.cooldowns[0] <= 0 || b.cooldowns[0] > 2*time.Second {
				t.Errorf("cooldowns %v, want one of the 429's wait", b.cooldowns)
			}
		})
	}
}

// memoryStore is an in-process falcon.TokenStore shared by several
// clients: one token, fetched once, revoked by the last client to close.
type memoryStore struct {
	mu      sync.Mutex
	tok     string
	holders int
	fetches int
}

func (s *memoryStore) Token(ctx context.Context, fetch func(context.Context) (string, time.Duration, error)) (string, time.Duration, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok == "" {
		tok, _, err := fetch(ctx)
		if err != nil {
			return "", 0, err
		}
		s.tok = tok
		s.fetches++
	}
	s.holders++
	return s.tok, time.Minute, nil
}

func (s *memoryStore) Invalidate(_ context.Context, tok string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok == tok {
		s.tok = ""
	}
	return nil
}

func (s *memoryStore) Release(_ context.Context, tok string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holders--
	return s.holders == 0 && tok == s.tok, nil
}

// TestTokenStoreOption: clients sharing a token store fetch one token and
// revoke it once, when the last of them closes; the store's token is sent
// as the bearer.
func TestTokenStoreOption(t *testing.T) {
	srv := falcontest.NewServer()
	defer srv.Close()
	store := &memoryStore{}
	var clients []*falcon.Client
	for range 3 {
		c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret()},
			falcon.WithBaseURL(srv.URL), falcon.WithTokenStore(store))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.QueryPolicyIDsPage(context.Background(), falcon.QueryOptions{}, 0); err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	if n := srv.TokenRequests(); n != 1 || store.fetches != 1 {
		t.Errorf("%d token requests (%d store fetches) for three clients, want 1", n, store.fetches)
	}
	revokes := func() int {
		n := 0
		for _, r := range srv.Received() {
			if r.Path == "/oauth2/revoke" {
				n++
			}
		}
		return n
	}
	for i, c := range clients {
		if err := c.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		want := 0
		if i == len(clients)-1 {
			want = 1
		}
		if n := revokes(); n != want {
			t.Errorf("after %d closes: %d revokes, want %d", i+1, n, want)
		}
	}
	for _, r := range srv.Received() {
		if r.Path == "/policy/queries/response/v1" && !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			t.Errorf("a request without the store's bearer token")
		}
	}
}

// TestNilFleetOptionsRefused: a nil budget or token store is refused by
// New, naming the option, rather than taken as "none".
func TestNilFleetOptionsRefused(t *testing.T) {
	creds := falcon.Credentials{ClientID: "id", ClientSecret: "secret"}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"sysdig budget", second(sysdig.New("token", sysdig.WithRateBudget(nil))), "sysdig: WithRateBudget(nil)"},
		{"waldur budget", second(waldur.New(waldur.Config{BaseURL: "https://waldur.example.com", Token: "token"}, waldur.WithRateBudget(nil))), "waldur: WithRateBudget(nil)"},
		{"falcon budget", second(falcon.New(creds, falcon.WithRegion(falcon.RegionEU1), falcon.WithRateBudget(nil))), "falcon: WithRateBudget(nil)"},
		{"falcon store", second(falcon.New(creds, falcon.WithRegion(falcon.RegionEU1), falcon.WithTokenStore(nil))), "falcon: WithTokenStore(nil)"},
		{"falcon store with autodiscovery", second(falcon.New(creds, falcon.WithTokenStore(&memoryStore{}))), "WithRegion or WithBaseURL"},
		{"falcon store with an access token", second(falcon.New(falcon.Credentials{AccessToken: "t"}, falcon.WithRegion(falcon.RegionEU1), falcon.WithTokenStore(&memoryStore{}))), "AccessToken"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
				t.Errorf("err %v, want one naming %q", tc.err, tc.want)
			}
		})
	}
}

func second[T any](_ T, err error) error { return err }

// TestRateLimitWaitUnderClockSkew: Falcon's X-RateLimit-RetryAfter is an
// epoch on the server's clock; the wait the client keeps (and passes to the
// budget as the fleet's cooldown) is measured from the answer's Date, so a
// client whose clock runs an hour ahead of the server's still waits, and one
// an hour behind does not wait the hour (or the policy's cap).
func TestRateLimitWaitUnderClockSkew(t *testing.T) {
	for _, tc := range []struct {
		name string
		skew time.Duration // the server's clock minus the client's
	}{
		{"clocks agree", 0},
		{"client an hour ahead", -time.Hour},
		{"client an hour behind", time.Hour},
		{"client 5 s ahead", -5 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := falcontest.NewServer()
			defer srv.Close()
			server := time.Now().Add(tc.skew)
			f := falcontest.RateLimitFault(server.Add(2*time.Second)).For("GET", "/policy/queries/response/v1")
			f.Header.Set("Date", server.UTC().Format(http.TimeFormat))
			srv.Faults.Inject(1, f)
			b := &countingBudget{}
			c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret()},
				falcon.WithBaseURL(srv.URL), falcon.WithRateBudget(b))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close(context.Background())
			if _, err := c.QueryPolicyIDsPage(context.Background(), falcon.QueryOptions{}, 0); err != nil {
				t.Fatal(err)
			}
			// The epoch is 2 s after the server's clock, Date truncated to
			// its second: a wait of 1 to 3 s, whatever the skew.
			if len(b.cooldowns) != 1 || b.cooldowns[0] < time.Second || b.cooldowns[0] > 3*time.Second {
				t.Errorf("cooldowns %v, want one of 1 to 3 s", b.cooldowns)
			}
		})
	}
}

// TestRetryAfterHookSetsCooldown: a retry policy's RetryAfter hook is how
// every client reads a 429's wait, for its shared rate-limit cooldown as for
// its retries: the 429 below asks for a second in its headers (Falcon's
// X-RateLimit-RetryAfter and Retry-After, the others' Retry-After), the hook
// says 20 minutes, and the cooldown the client shares (seen by the rate
// budget) is the hook's; a later call whose deadline is shorter is refused
// at once with that wait, sending nothing.
func TestRetryAfterHookSetsCooldown(t *testing.T) {
	const hookWait = 20 * time.Minute
	type call func(ctx context.Context) error
	for _, tc := range []struct {
		name string
		// start returns a call of the client, made with policy and budget,
		// and the count of API requests the server answered.
		start func(t *testing.T, policy respondkit.RetryPolicy, b respondkit.RateBudget) (call, func() int)
	}{
		{"sysdig", func(t *testing.T, p respondkit.RetryPolicy, b respondkit.RateBudget) (call, func() int) {
			srv := sysdigtest.NewServer()
			t.Cleanup(srv.Close)
			srv.Faults.Inject(1, faketest.RetryAfterFault(1, `{"message":"slow down"}`))
			c, err := sysdig.New(srv.Token(), sysdig.WithBaseURL(srv.URL), sysdig.WithRetryPolicy(p), sysdig.WithRateBudget(b))
			if err != nil {
				t.Fatal(err)
			}
			return func(ctx context.Context) error { return second(c.ListExecutionsPage(ctx, sysdig.ListOptions{}, 0)) },
				func() int { return int(srv.Requests()) }
		}},
		{"waldur", func(t *testing.T, p respondkit.RetryPolicy, b respondkit.RateBudget) (call, func() int) {
			srv := waldurtest.NewServer()
			t.Cleanup(srv.Close)
			srv.Faults.Inject(1, faketest.RetryAfterFault(1, `{"detail":"slow down"}`))
			c, err := waldur.New(waldur.Config{BaseURL: srv.URL, Token: srv.Token()}, waldur.WithRetryPolicy(p), waldur.WithRateBudget(b))
			if err != nil {
				t.Fatal(err)
			}
			return func(ctx context.Context) error { return second(c.ListPage(ctx, waldur.Filter{}, 0)) },
				func() int { return int(srv.Requests()) }
		}},
		{"falcon", func(t *testing.T, p respondkit.RetryPolicy, b respondkit.RateBudget) (call, func() int) {
			srv := falcontest.NewServer()
			t.Cleanup(srv.Close)
			f := falcontest.RateLimitFault(time.Now().Add(time.Second))
			f.Header.Set("Retry-After", "1")
			srv.Faults.Inject(1, f.For("GET", "/policy/queries/response/v1"))
			c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret()},
				falcon.WithBaseURL(srv.URL), falcon.WithRetryPolicy(p), falcon.WithRateBudget(b))
			if err != nil {
				t.Fatal(err)
			}
			return func(ctx context.Context) error { return second(c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{}, 0)) },
				func() int { return int(srv.Requests()) - srv.TokenRequests() }
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var seen []int // the statuses the hook was asked about
			hook := func(resp *http.Response, _ time.Time) (time.Duration, bool) {
				mu.Lock()
				defer mu.Unlock()
				seen = append(seen, resp.StatusCode)
				return hookWait, true
			}
			b := &countingBudget{}
			// One attempt: the 429 comes back to the caller, and only the
			// rate limiter reads its wait.
			call, requests := tc.start(t, respondkit.RetryPolicy{MaxAttempts: 1, MaxDelay: time.Hour, RetryAfter: hook}, b)
			if err := call(context.Background()); !respondkit.IsRateLimited(err) {
				t.Fatalf("first call: %v, want the 429", err)
			}
			mu.Lock()
			if len(seen) != 1 || seen[0] != http.StatusTooManyRequests {
				t.Errorf("hook asked about %v, want the one 429", seen)
			}
			mu.Unlock()
			b.mu.Lock()
			if len(b.cooldowns) != 1 || b.cooldowns[0] != hookWait {
				t.Errorf("cooldowns %v, want the hook's %v", b.cooldowns, hookWait)
			}
			b.mu.Unlock()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			err := call(ctx)
			var ae *respondkit.Error
			if !errors.As(err, &ae) || ae.StatusCode != http.StatusTooManyRequests || ae.RetryAfter <= hookWait-time.Minute || ae.RetryAfter > hookWait {
				t.Errorf("call within the cooldown: %v, want a 429 asking for the rest of the hook's %v", err, hookWait)
			}
			if n := requests(); n != 1 {
				t.Errorf("the server answered %d API requests, want the one 429 (the later call waits the cooldown out)", n)
			}
		})
	}
}
