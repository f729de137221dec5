package redis

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/respondkit/respondkit/clients/falcon"
)

// fleetRun is what one run of the multi-process test saw.
type fleetRun struct {
	ok, limitedAtCallers, otherErrors int64
	served429, tokens, revokes        int64
	requests                          int64
	elapsed                           time.Duration
}

// runFleet starts 8 processes (this test binary again), each with its own
// Falcon client, against one Falcon-shaped server that allows 50 requests a
// second per client id, and adds up what they and the server saw.
func runFleet(t *testing.T, rs *redisServer, mode string, perProcess int) fleetRun {
	t.Helper()
	const procs = 8
	srv := newFalconServer(t, 50)
	envs := make([][]string, procs)
	for i := range envs {
		envs[i] = []string{"RK_FLEET_CHILD=load", "RK_MODE=" + mode, "RK_REDIS=" + rs.addr(), "RK_FALCON=" + srv.URL,
			fmt.Sprintf("RK_REQUESTS=%d", perProcess),
			// The fleet module's clock in each process is off by up
			// to ±28 minutes: the fleet's shared state must not
			// depend on any process's clock.
			fmt.Sprintf("RK_SKEW=%dm", (i-procs/2)*7)}
	}
	run := runChildren(t, envs)
	run.served429, run.tokens, run.revokes, run.requests = srv.limited.Load(), srv.tokenRequests.Load(), srv.revokes.Load(), srv.requests.Load()
	return run
}

// runChildren starts a process (this test binary again) for each list of
// environment variables, waits until every one is ready, starts them
// together, and adds up the results they print.
func runChildren(t *testing.T, envs [][]string) fleetRun {
	t.Helper()
	type child struct {
		cmd *exec.Cmd
		in  io.WriteCloser
		out *bufio.Scanner
	}
	var children []child
	for _, env := range envs {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), env...)
		cmd.Stderr = os.Stderr
		in, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_ = cmd.Process.Kill() // a no-op once it has ended
			_ = cmd.Wait()
		})
		children = append(children, child{cmd, in, bufio.NewScanner(out)})
	}
	for i, c := range children {
		if !lines(t, c.out, "ready") {
			t.Fatalf("process %d did not get ready", i)
		}
	}
	start := time.Now()
	for _, c := range children {
		fmt.Fprintln(c.in, "go")
	}
	var run fleetRun
	for i, c := range children {
		found := false
		for c.out.Scan() {
			var ok, lim, other int64
			if _, err := fmt.Sscanf(c.out.Text(), "result %d %d %d", &ok, &lim, &other); err == nil {
				run.ok += ok
				run.limitedAtCallers += lim
				run.otherErrors += other
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("process %d gave no result", i)
		}
		if err := c.cmd.Wait(); err != nil {
			t.Fatalf("process %d: %v", i, err)
		}
	}
	run.elapsed = time.Since(start)
	return run
}

// TestFleetMultiProcess: 8 processes, each with its own client and 26 calls
// (one to start, then 25 four at a time), against an account limit of 50
// requests a second. With the fleet's budget (45 a second) and token store
// in Redis, no 429 reaches a caller and the fleet fetches one token and
// revokes it once; without, every process fetches its own token and the
// service answers a storm of 429s. The fleet module's clock is skewed by up
// to ±28 minutes in the processes.
func TestFleetMultiProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process fleet test: seconds of real time; run without -short")
	}
	rs := startRedis(t)
	const perProcess = 25
	calls := int64(8 * (perProcess + 1))
	fleet := runFleet(t, rs, "fleet", perProcess)
	t.Logf("with the fleet module: %d calls in %v, %d ok, %d 429s at callers, %d other errors; service: %d requests, %d answered 429, %d token requests, %d revokes",
		calls, fleet.elapsed.Round(time.Millisecond), fleet.ok, fleet.limitedAtCallers, fleet.otherErrors, fleet.requests, fleet.served429, fleet.tokens, fleet.revokes)
	if fleet.ok != calls || fleet.limitedAtCallers != 0 || fleet.otherErrors != 0 {
		t.Errorf("with the fleet: %d of %d calls ok, %d 429s and %d other errors at callers; want all ok", fleet.ok, calls, fleet.limitedAtCallers, fleet.otherErrors)
	}
	if fleet.tokens != 1 || fleet.revokes != 1 {
		t.Errorf("with the fleet: %d token requests and %d revokes, want 1 and 1", fleet.tokens, fleet.revokes)
	}
	alone := runFleet(t, rs, "alone", perProcess)
	t.Logf("without the fleet module: %d calls in %v, %d ok, %d 429s at callers, %d other errors; service: %d requests, %d answered 429, %d token requests, %d revokes",
		calls, alone.elapsed.Round(time.Millisecond), alone.ok, alone.limitedAtCallers, alone.otherErrors, alone.requests, alone.served429, alone.tokens, alone.revokes)
	if alone.tokens != 8 || alone.served429 == 0 {
		t.Errorf("without the fleet: %d token requests and %d 429s served, want 8 and a storm", alone.tokens, alone.served429)
	}
}

// recorder counts the log records of each level.
type recorder struct {
	mu     sync.Mutex
	levels map[slog.Level]int
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.levels == nil {
		r.levels = map[slog.Level]int{}
	}
	r.levels[rec.Level]++
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }
func (r *recorder) count(l slog.Level) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.levels[l]
}

// fleetClient is a Falcon client of srv with the fleet's budget and token
// store.
func fleetClient(t testing.TB, f *Fleet, srv *falconServer, limit int) *falcon.Client {
	t.Helper()
	b := mustBudget(t, f, BudgetConfig{Name: "falcon:acme", Limit: limit, Per: time.Second, LocalShare: 0.5})
	s, err := f.FalconTokens(childCreds)
	if err != nil {
		t.Fatal(err)
	}
	c, err := falcon.New(childCreds, falcon.WithBaseURL(srv.URL), falcon.WithRateBudget(b), falcon.WithTokenStore(s))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// calls makes n calls, four at a time, and returns the errors.
func calls(c *falcon.Client, n int) []error {
	var mu sync.Mutex
	var errs []error
	work := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range work {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				_, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{}, 0)
				cancel()
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	for range n {
		work <- struct{}{}
	}
	close(work)
	wg.Wait()
	return errs
}

// TestRedisRestartedMidRun: Redis stopped for 300 ms and started again
// (its state lost) while two clients call: no call fails, the outage is
// logged once, no request is answered 429, and the token is fetched again
// once at most.
func TestRedisRestartedMidRun(t *testing.T) {
	rs := startRedis(t)
	srv := newFalconServer(t, 50)
	rec := &recorder{}
	f := New(rs.client(t), WithLogger(slog.New(rec)), WithProbe(100*time.Millisecond))
	a, b := fleetClient(t, f, srv, 40), fleetClient(t, f, srv, 40)
	var errs []error
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, c := range []*falcon.Client{a, b} {
		wg.Go(func() {
			e := calls(c, 40)
			mu.Lock()
			errs = append(errs, e...)
			mu.Unlock()
		})
	}
	time.Sleep(300 * time.Millisecond)
	rs.stop()
	time.Sleep(300 * time.Millisecond) // down long enough for calls to notice
	rs.start()
	wg.Wait()
	if len(errs) > 0 {
		t.Errorf("%d calls failed across the restart, first: %v", len(errs), errs[0])
	}
	if n := srv.tokenRequests.Load(); n > 2 {
		t.Errorf("%d token requests, want 1, or 2 when the restart lost the token", n)
	}
	if n := srv.limited.Load(); n != 0 {
		t.Errorf("%d requests answered 429", n)
	}
	// One warning per outage, not per call. A restart can look like two
	// outages when a probe reaches the new server before it serves (a slow,
	// loaded machine): each is then logged once, with its return.
	if w, back := rec.count(slog.LevelWarn), rec.count(slog.LevelInfo); w < 1 || w > 2 || back != w {
		t.Errorf("%d warnings and %d returns for one restart, want one of each (two on a restart seen twice)", w, back)
	}
	t.Logf("restart: %d requests, %d token requests, %d answered 429, warned %d times, back %d times", srv.requests.Load(), srv.tokenRequests.Load(), srv.limited.Load(), rec.count(slog.LevelWarn), rec.count(slog.LevelInfo))
}

// TestRedisKilledDegraded: with Redis gone, calls go on with the process's
// local budget and a token of its own, the fleet says so once (not once per
// call), and says once that it is back when Redis returns; with a Redis that
// accepts connections but never answers, a call waits no longer than the
// fleet's timeout before going local.
func TestRedisKilledDegraded(t *testing.T) {
	rs := startRedis(t)
	srv := newFalconServer(t, 50)
	rec := &recorder{}
	f := New(rs.client(t), WithLogger(slog.New(rec)), WithProbe(200*time.Millisecond))
	c := fleetClient(t, f, srv, 40)
	if errs := calls(c, 10); len(errs) > 0 {
		t.Fatal(errs[0])
	}
	rs.stop()
	if errs := calls(c, 30); len(errs) > 0 {
		t.Errorf("%d calls failed with Redis down, first: %v", len(errs), errs[0])
	}
	if !f.Degraded() {
		t.Error("Degraded() = false with Redis down")
	}
	if n := rec.count(slog.LevelWarn); n != 1 {
		t.Errorf("%d warnings with Redis down, want 1", n)
	}
	rs.start()
	time.Sleep(300 * time.Millisecond) // past the probe interval
	if errs := calls(c, 10); len(errs) > 0 {
		t.Errorf("%d calls failed once Redis was back, first: %v", len(errs), errs[0])
	}
	if f.Degraded() || rec.count(slog.LevelInfo) != 1 {
		t.Errorf("Degraded() = %v and %d back-notices once Redis answered; want false and 1", f.Degraded(), rec.count(slog.LevelInfo))
	}

	// A Redis that accepts and never answers.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var conns []net.Conn
	var cmu sync.Mutex
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			cmu.Lock()
			conns = append(conns, conn)
			cmu.Unlock()
		}
	}()
	defer func() {
		cmu.Lock()
		defer cmu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}()
	silent := goredis.NewClient(&goredis.Options{Addr: l.Addr().String(), MaxRetries: -1})
	defer silent.Close()
	sf := New(silent, WithTimeout(100*time.Millisecond))
	budget := mustBudget(t, sf, BudgetConfig{Name: "x", Limit: 10, Per: time.Second, LocalShare: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := budget.Take(ctx); err != nil {
		t.Errorf("Take with a silent Redis: %v, want the local budget's nil", err)
	}
	if !sf.Degraded() {
		t.Error("a silent Redis did not make the process go local")
	}
}

// TestLockHolderKilled: a process killed while it holds the token-fetch
// lock delays the others by the lock timeout at most: another process's
// client then fetches the token itself, once.
func TestLockHolderKilled(t *testing.T) {
	rs := startRedis(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "RK_FLEET_CHILD=holdlock", "RK_REDIS="+rs.addr())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	if !lines(t, bufio.NewScanner(out), "locked") {
		t.Fatal("the child never took the lock")
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()

	srv := newFalconServer(t, 50)
	f := New(rs.client(t), WithLockTimeout(2*time.Second))
	c := fleetClient(t, f, srv, 40)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{}, 0); err != nil {
		t.Fatalf("after the lock holder died: %v", err)
	}
	if n := srv.tokenRequests.Load(); n != 1 {
		t.Errorf("%d token requests, want 1", n)
	}
}

// TestTokenUnusableWithoutSecret: what Redis holds never shows the token;
// a reader with another secret for the same client id, or an entry that was
// tampered with, finds no usable token there (the reader fetches its own)
// and never uses or hands out the stored one.
func TestTokenUnusableWithoutSecret(t *testing.T) {
	rs := startRedis(t)
	rdb := rs.client(t)
	f := New(rdb)
	ctx := context.Background()
	s, err := f.FalconTokens(childCreds)
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := s.Token(ctx, func(context.Context) (string, time.Duration, error) { return "the-bearer-token", time.Minute, nil })
	if err != nil || tok != "the-bearer-token" {
		t.Fatalf("Token() = %q, %v", tok, err)
	}
	keys, err := rdb.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if strings.Contains(k, "acme") || strings.Contains(k, "secret") {
			t.Errorf("key %q names the client id or secret", k)
		}
		if typ, _ := rdb.Type(ctx, k).Result(); typ == "string" {
			v, _ := rdb.Get(ctx, k).Result()
			if strings.Contains(v, "the-bearer-token") || strings.Contains(v, "secret-acme") {
				t.Errorf("key %q holds the token or the secret in the clear", k)
			}
		}
	}
	for _, tc := range []struct {
		name   string
		creds  falcon.Credentials
		tamper bool
	}{
		{"another secret", falcon.Credentials{ClientID: "acme", ClientSecret: "rotated"}, false},
		{"tampered entry", childCreds, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.tamper {
				v, err := rdb.Get(ctx, s.tokenKey).Result()
				if err != nil {
					t.Fatal(err)
				}
				b := []byte(v)
				b[len(b)/2] ^= 1
				rdb.Set(ctx, s.tokenKey, string(b), time.Minute)
			}
			r, err := f.FalconTokens(tc.creds)
			if err != nil {
				t.Fatal(err)
			}
			fetched := 0
			got, _, err := r.Token(ctx, func(context.Context) (string, time.Duration, error) {
				fetched++
				return "own-token", time.Minute, nil
			})
			if err != nil || got != "own-token" || fetched != 1 {
				t.Errorf("Token() = %q, %v after %d fetches; want its own token, fetched once", got, err, fetched)
			}
		})
	}
}

// TestRefusedConfigs: values that cannot work are refused, naming them.
func TestRefusedConfigs(t *testing.T) {
	rdb := goredis.NewClient(&goredis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	for _, tc := range []struct {
		name string
		make func() error
		want string
	}{
		{"nil client", func() error {
			_, err := New(nil).Budget(BudgetConfig{Name: "x", Limit: 1, Per: time.Second, LocalShare: 1})
			return err
		}, "New(nil)"},
		{"no name", func() error {
			_, err := New(rdb).Budget(BudgetConfig{Limit: 1, Per: time.Second, LocalShare: 1})
			return err
		}, "Name"},
		{"no limit", func() error {
			_, err := New(rdb).Budget(BudgetConfig{Name: "x", Per: time.Second, LocalShare: 1})
			return err
		}, "Limit"},
		{"no period", func() error { _, err := New(rdb).Budget(BudgetConfig{Name: "x", Limit: 1, LocalShare: 1}); return err }, "Per"},
		{"share 0", func() error {
			_, err := New(rdb).Budget(BudgetConfig{Name: "x", Limit: 1, Per: time.Second})
			return err
		}, "LocalShare"},
		{"share 2", func() error {
			_, err := New(rdb).Budget(BudgetConfig{Name: "x", Limit: 1, Per: time.Second, LocalShare: 2})
			return err
		}, "LocalShare"},
		{"negative timeout", func() error {
			_, err := New(rdb, WithTimeout(-1)).Budget(BudgetConfig{Name: "x", Limit: 1, Per: time.Second, LocalShare: 1})
			return err
		}, "WithTimeout"},
		{"no secret", func() error { _, err := New(rdb).FalconTokens(falcon.Credentials{ClientID: "acme"}); return err }, "secret"},
		{"access token", func() error {
			_, err := New(rdb).FalconTokens(falcon.Credentials{ClientID: "a", ClientSecret: "b", AccessToken: "c"})
			return err
		}, "AccessToken"},
		{"store with autodiscovery", func() error {
			s, err := New(rdb).FalconTokens(childCreds)
			if err != nil {
				return err
			}
			_, err = falcon.New(childCreds, falcon.WithTokenStore(s))
			return err
		}, "WithRegion or WithBaseURL"},
		{"nil store", func() error {
			_, err := falcon.New(childCreds, falcon.WithBaseURL("http://127.0.0.1:1"), falcon.WithTokenStore(nil))
			return err
		}, "WithTokenStore(nil)"},
		{"nil budget", func() error {
			_, err := falcon.New(childCreds, falcon.WithBaseURL("http://127.0.0.1:1"), falcon.WithRateBudget(nil))
			return err
		}, "WithRateBudget(nil)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.make()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want one naming %q", err, tc.want)
			}
			if err != nil && strings.Contains(err.Error(), "secret-acme") {
				t.Errorf("err %v shows the secret", err)
			}
		})
	}
}

// TestBudgetSharedCooldown: a 429's wait given to one process's budget
// holds every process of the fleet back until it ends; the context ends a
// wait early.
func TestBudgetSharedCooldown(t *testing.T) {
	rs := startRedis(t)
	a, b := New(rs.client(t)), New(rs.client(t))
	cfg := BudgetConfig{Name: "shared", Limit: 1000, Per: time.Second, LocalShare: 1}
	ba := mustBudget(t, a, cfg)
	bb := mustBudget(t, b, cfg)
	ba.Cooldown(context.Background(), time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := bb.Take(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Take during another process's cooldown: %v, want the deadline", err)
	}
	ba.Cooldown(context.Background(), 10*time.Millisecond) // a shorter one does not cut the longer
	if left, _ := rs.client(t).PTTL(context.Background(), bb.cooldownKey).Result(); left < 30*time.Second {
		t.Errorf("cooldown left %v after a shorter one, want the minute's", left)
	}
}

// TestRefusedTokenReplacedOnce: when the service stops accepting the
// fleet's token (revoked elsewhere), the first client to see the 401 drops
// it from Redis and fetches one new token, which the other client then
// finds there: two token requests in all, and no call fails.
func TestRefusedTokenReplacedOnce(t *testing.T) {
	rs := startRedis(t)
	srv := newFalconServer(t, 50)
	f := New(rs.client(t))
	a, b := fleetClient(t, f, srv, 40), fleetClient(t, f, srv, 40)
	ctx := context.Background()
	for _, c := range []*falcon.Client{a, b} {
		if _, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{}, 0); err != nil {
			t.Fatal(err)
		}
	}
	srv.mu.Lock()
	clear(srv.tokens) // the service forgets every token
	srv.mu.Unlock()
	for _, c := range []*falcon.Client{a, b} {
		if _, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{}, 0); err != nil {
			t.Errorf("after the token was refused: %v", err)
		}
	}
	if n := srv.tokenRequests.Load(); n != 2 {
		t.Errorf("%d token requests, want 2 (the first and one replacement)", n)
	}
}

// TestHashName: a budget name made from a token does not show it, and
// differs for another token or base URL.
func TestHashName(t *testing.T) {
	a := HashName("sysdig-token", "https://secure.sysdig.com")
	for _, other := range []string{HashName("other-token", "https://secure.sysdig.com"), HashName("sysdig-token", "https://eu1.app.sysdig.com"), HashName("sysdig-tokenhttps://secure.sysdig.com")} {
		if other == a {
			t.Errorf("two accounts share the name %s", a)
		}
	}
	if strings.Contains(a, "sysdig-token") || len(a) != 64 {
		t.Errorf("HashName = %q, want 64 hex digits without the token", a)
	}
}

// TestCooldownUnderClockSkew: two processes' fleet handles whose clocks are
// an hour apart (each half an hour off), and a service whose clock is an
// hour behind the real one (as if the process ran an hour ahead), allowing
// one request a second. The first process's second call gets a 429 whose
// X-RateLimit-RetryAfter is 1 to 2 s after the service's clock: the
// cooldown it sets in Redis is that wait (measured from the answer's Date,
// and kept as a time to live on Redis's clock, not as an absolute time),
// and it holds the other process back; the call is retried after it.
func TestCooldownUnderClockSkew(t *testing.T) {
	rs := startRedis(t)
	a, b := New(rs.client(t)), New(rs.client(t))
	a.now = func() time.Time { return time.Now().Add(30 * time.Minute) }
	b.now = func() time.Time { return time.Now().Add(-30 * time.Minute) }
	cfg := BudgetConfig{Name: "falcon:skew", Limit: 1000, Per: time.Second, LocalShare: 1}
	ba := mustBudget(t, a, cfg)
	bb := mustBudget(t, b, cfg)
	srv := newFalconServer(t, 1)
	srv.skew = -time.Hour
	c, err := falcon.New(childCreds, falcon.WithBaseURL(srv.URL), falcon.WithRateBudget(ba))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	if _, err := c.QueryPolicyIDsPage(context.Background(), falcon.QueryOptions{}, 0); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := c.QueryPolicyIDsPage(context.Background(), falcon.QueryOptions{}, 0)
		done <- err
	}()
	rdb := rs.client(t)
	var left time.Duration
	for deadline := time.Now().Add(5 * time.Second); left <= 0 && time.Now().Before(deadline); {
		left, _ = rdb.PTTL(context.Background(), bb.cooldownKey).Result()
		time.Sleep(5 * time.Millisecond)
	}
	if left < 500*time.Millisecond || left > 3*time.Second {
		t.Errorf("cooldown in Redis %v, want the 1 to 2 s the service asked for", left)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := bb.Take(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the other process's Take during the cooldown: %v, want it held back to its deadline", err)
	}
	if err := <-done; err != nil {
		t.Errorf("the call that met the 429: %v, want it retried after the wait", err)
	}
	if n := srv.limited.Load(); n != 1 {
		t.Errorf("the service answered %d requests 429, want 1", n)
	}
}

// slowProxy forwards TCP to addr and holds every answer back by delay: a
// Redis that answers after the fleet's timeout. answered counts the
// answers it has passed on.
type slowProxy struct {
	net.Listener
	answered atomic.Int64
}

func newSlowProxy(t *testing.T, addr string, delay time.Duration) *slowProxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &slowProxy{Listener: l}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", addr)
			if err != nil {
				c.Close()
				continue
			}
			t.Cleanup(func() { c.Close(); up.Close() })
			go func() { _, _ = io.Copy(up, c) }()
			go func() {
				buf := make([]byte, 32<<10)
				for {
					n, err := up.Read(buf)
					if err != nil {
						return
					}
					time.Sleep(delay)
					if _, err := c.Write(buf[:n]); err != nil {
						return
					}
					p.answered.Add(1)
				}
			}()
		}
	}()
	return p
}

// TestBudgetRedisSlowerThanTimeout: when Redis answers only after the
// fleet's timeout, Take goes on under the local budget and the fleet is
// degraded; the round trip that outlived the timeout finishes in the
// background without touching what Take returned (the race detector, which
// CI runs, reports it if it does).
func TestBudgetRedisSlowerThanTimeout(t *testing.T) {
	rs := startRedis(t)
	proxy := newSlowProxy(t, rs.addr(), 100*time.Millisecond)
	rdb := goredis.NewClient(&goredis.Options{Addr: proxy.Addr().String(), MaxRetries: -1})
	t.Cleanup(func() { rdb.Close() })
	f := New(rdb, WithTimeout(20*time.Millisecond))
	b := mustBudget(t, f, BudgetConfig{Name: "slow", Limit: 1000, Per: time.Second, LocalShare: 1})
	// A cooldown on in Redis: the late answer carries a wait to write.
	if err := rs.client(t).Set(context.Background(), b.cooldownKey, "1", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	if err := b.Take(context.Background()); err != nil {
		t.Fatalf("Take with a slow Redis: %v, want the local budget's go-ahead", err)
	}
	if !f.Degraded() {
		t.Error("fleet not degraded after a Redis round trip outlived its timeout")
	}
	// Let the outlived round trip end: wait until the proxy has passed on
	// no further answer for three times its delay.
	for last := int64(-1); ; {
		time.Sleep(300 * time.Millisecond)
		n := proxy.answered.Load()
		if n == last {
			break
		}
		last = n
	}
	if proxy.answered.Load() == 0 {
		t.Error("no answer came through the slow proxy: the test did not reach Redis")
	}
}
