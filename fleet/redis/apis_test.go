package redis

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/respondkit/respondkit"
	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/clients/waldur"
)

// restServer is a Sysdig- and Waldur-shaped loopback server: the execution
// list and the user-action list, which allow limit requests per second per
// Authorization header (a sliding window, one per token as the services
// count) and answer 429 with Retry-After past it; it counts requests and
// 429s.
type restServer struct {
	*httptest.Server
	limit int

	mu      sync.Mutex
	windows windows

	requests, limited atomic.Int64
}

func newRESTServer(t testing.TB, limit int) *restServer {
	s := &restServer{limit: limit, windows: windows{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *restServer) serve(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	w.Header().Set("Content-Type", "application/json")
	key := r.Header.Get("Authorization")
	s.mu.Lock()
	_, ok := s.windows.allow(key, s.limit, time.Now())
	s.mu.Unlock()
	if !ok {
		s.limited.Add(1)
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"message":"slow down","detail":"Request was throttled."}`)
		return
	}
	switch {
	case strings.HasPrefix(r.URL.Path, "/secure/response-actions/"):
		fmt.Fprint(w, `{"data":[]}`)
	case r.URL.Path == "/api/user-actions/":
		w.Header().Set("X-Result-Count", "0")
		fmt.Fprint(w, `[]`)
	default:
		http.NotFound(w, r)
	}
}

// restToken is the token every process of a Sysdig or Waldur test fleet
// shares: one account, one budget.
const restToken = "fleet-token-0123456789"

// restChild is one process of the Sysdig or Waldur fleet test (RK_API):
// its own client (with the fleet's budget, named by a hash of the token and
// base URL, when RK_MODE=fleet), one request to get going, "ready", then on
// "go" RK_REQUESTS requests four at a time and a "result ok limited other"
// line.
func restChild() int {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	url := os.Getenv("RK_URL")
	var budget respondkit.RateBudget
	if os.Getenv("RK_MODE") == "fleet" {
		b, err := childFleet().Budget(BudgetConfig{Name: HashName(restToken, url), Limit: 18, Per: time.Second, LocalShare: 1.0 / 6})
		if err != nil {
			fmt.Println("error", err)
			return 1
		}
		budget = b
	}
	var call func() error
	switch os.Getenv("RK_API") {
	case "sysdig":
		opts := []sysdig.Option{sysdig.WithBaseURL(url)}
		if budget != nil {
			opts = append(opts, sysdig.WithRateBudget(budget))
		}
		c, err := sysdig.New(restToken, opts...)
		if err != nil {
			fmt.Println("error", err)
			return 1
		}
		call = func() error { _, err := c.ListExecutionsPage(ctx, sysdig.ListOptions{}, 0); return err }
	case "waldur":
		opts := []waldur.Option{}
		if budget != nil {
			opts = append(opts, waldur.WithRateBudget(budget))
		}
		c, err := waldur.New(waldur.Config{BaseURL: url, Token: restToken}, opts...)
		if err != nil {
			fmt.Println("error", err)
			return 1
		}
		call = func() error { _, err := c.ListPage(ctx, waldur.Filter{}, 0); return err }
	default:
		fmt.Println("error: RK_API")
		return 1
	}
	var t tally
	if !t.run(call) {
		return 1
	}
	t.report()
	return 0
}

// runRESTFleet starts procs processes (this test binary again), each with
// its own client of api, against one server that allows 20 requests a
// second per token, and adds up what they and the server saw.
func runRESTFleet(t *testing.T, rs *redisServer, api, mode string, procs, perProcess int) fleetRun {
	t.Helper()
	srv := newRESTServer(t, 20)
	envs := make([][]string, procs)
	for i := range envs {
		envs[i] = []string{"RK_FLEET_CHILD=rest", "RK_API=" + api, "RK_MODE=" + mode, "RK_REDIS=" + rs.addr(), "RK_URL=" + srv.URL,
			fmt.Sprintf("RK_REQUESTS=%d", perProcess), fmt.Sprintf("RK_SKEW=%dm", (i-procs/2)*9)}
	}
	run := runChildren(t, envs)
	run.served429, run.requests = srv.limited.Load(), srv.requests.Load()
	return run
}

// TestFleetSysdigWaldur: 6 processes, each with its own Sysdig (or Waldur)
// client on the same token and base URL and 21 calls (one to start, then 20
// four at a time), against a service allowing 20 requests a second per
// token. With the fleet's budget (18 a second, named by a hash of the token
// and base URL) the service answers no 429; without, each process keeps
// its own budget and the service answers the fleet's bursts with 429s.
func TestFleetSysdigWaldur(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process fleet test: seconds of real time; run without -short")
	}
	rs := startRedis(t)
	const procs, perProcess = 6, 20
	calls := int64(procs * (perProcess + 1))
	for _, api := range []string{"sysdig", "waldur"} {
		t.Run(api, func(t *testing.T) {
			fleet := runRESTFleet(t, rs, api, "fleet", procs, perProcess)
			t.Logf("%s with the fleet module: %d calls in %v, %d ok, %d 429s at callers, %d other errors; service: %d requests, %d answered 429",
				api, calls, fleet.elapsed.Round(time.Millisecond), fleet.ok, fleet.limitedAtCallers, fleet.otherErrors, fleet.requests, fleet.served429)
			if fleet.ok != calls || fleet.limitedAtCallers != 0 || fleet.otherErrors != 0 {
				t.Errorf("with the fleet: %d of %d calls ok, %d 429s and %d other errors at callers; want all ok", fleet.ok, calls, fleet.limitedAtCallers, fleet.otherErrors)
			}
			if fleet.served429 != 0 {
				t.Errorf("with the fleet: the service answered %d requests 429, want none", fleet.served429)
			}
			alone := runRESTFleet(t, rs, api, "alone", procs, perProcess)
			t.Logf("%s without the fleet module: %d calls in %v, %d ok, %d 429s at callers, %d other errors; service: %d requests, %d answered 429",
				api, calls, alone.elapsed.Round(time.Millisecond), alone.ok, alone.limitedAtCallers, alone.otherErrors, alone.requests, alone.served429)
			if alone.served429 == 0 {
				t.Errorf("without the fleet: no 429 served, want the fleet's bursts refused")
			}
		})
	}
}
