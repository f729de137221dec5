package redis

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/respondkit/respondkit"
	"github.com/respondkit/respondkit/clients/falcon"
)

// TestMain runs the test binary as a child process of a multi-process test
// when RK_FLEET_CHILD says so, and the tests otherwise.
func TestMain(m *testing.M) {
	goredis.SetLogger(quiet{}) // the tests stop Redis on purpose: no dial errors on stderr
	switch os.Getenv("RK_FLEET_CHILD") {
	case "":
		os.Exit(m.Run())
	case "load":
		os.Exit(loadChild())
	case "holdlock":
		os.Exit(holdLockChild())
	case "rest":
		os.Exit(restChild())
	default:
		fmt.Fprintln(os.Stderr, "unknown RK_FLEET_CHILD")
		os.Exit(2)
	}
}

// childCreds are the credentials every process of a test fleet shares; the
// test server accepts the secret "secret-<id>".
var childCreds = falcon.Credentials{ClientID: "acme", ClientSecret: "secret-acme"}

// childFleet is a child's fleet handle, its clock skewed by RK_SKEW.
func childFleet() *Fleet {
	rdb := goredis.NewClient(&goredis.Options{Addr: os.Getenv("RK_REDIS"), MaxRetries: -1, DialTimeout: 200 * time.Millisecond,
		ReadTimeout: 200 * time.Millisecond, WriteTimeout: 200 * time.Millisecond})
	f := New(rdb, WithLockTimeout(2*time.Second))
	if d, err := time.ParseDuration(os.Getenv("RK_SKEW")); err == nil {
		f.now = func() time.Time { return time.Now().Add(d) }
	}
	return f
}

// loadChild is one process of the fleet test: a Falcon client of its own
// (with the fleet's budget and token store when RK_MODE=fleet), one request
// to get going, "ready", then on "go" from the parent RK_REQUESTS requests
// four at a time, Close, and a "result ok limited other" line.
func loadChild() int {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	opts := []falcon.Option{falcon.WithBaseURL(os.Getenv("RK_FALCON"))}
	if os.Getenv("RK_MODE") == "fleet" {
		f := childFleet()
		budget, err := f.Budget(BudgetConfig{Name: "falcon:acme", Limit: 45, Per: time.Second, LocalShare: 1.0 / 8})
		if err != nil {
			fmt.Println("error", err)
			return 1
		}
		tokens, err := f.FalconTokens(childCreds)
		if err != nil {
			fmt.Println("error", err)
			return 1
		}
		opts = append(opts, falcon.WithRateBudget(budget), falcon.WithTokenStore(tokens))
	}
	c, err := falcon.New(childCreds, opts...)
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	var t tally
	if !t.run(func() error { _, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{}, 0); return err }) {
		return 1
	}
	if err := c.Close(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "child: close:", err)
		t.other.Add(1)
	}
	t.report()
	return 0
}

// holdLockChild takes the token-fetch lock and never finishes its fetch:
// the parent kills it while it holds the lock.
func holdLockChild() int {
	f := childFleet()
	s, err := f.FalconTokens(childCreds)
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	_, _, err = s.Token(context.Background(), func(ctx context.Context) (string, time.Duration, error) {
		fmt.Println("locked")
		time.Sleep(time.Hour) // the parent kills this process first
		return "", 0, ctx.Err()
	})
	fmt.Println("error", err)
	return 1
}

// quiet drops go-redis's own log lines.
type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

// tally counts a child's calls by outcome.
type tally struct{ ok, limited, other atomic.Int64 }

func (t *tally) count(err error) {
	switch {
	case err == nil:
		t.ok.Add(1)
	case respondkit.IsRateLimited(err):
		t.limited.Add(1)
	default:
		t.other.Add(1)
		fmt.Fprintln(os.Stderr, "child:", err)
	}
}

// run makes one call, says "ready", waits for "go" on stdin, then makes
// RK_REQUESTS calls four at a time; false when no "go" came.
func (t *tally) run(call func() error) bool {
	t.count(call())
	fmt.Println("ready")
	in := bufio.NewScanner(os.Stdin)
	if !in.Scan() || in.Text() != "go" {
		return false
	}
	n, _ := strconv.Atoi(os.Getenv("RK_REQUESTS"))
	work := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range work {
				t.count(call())
			}
		})
	}
	for range n {
		work <- struct{}{}
	}
	close(work)
	wg.Wait()
	return true
}

// report prints the tally as the parent reads it.
func (t *tally) report() {
	fmt.Printf("result %d %d %d\n", t.ok.Load(), t.limited.Load(), t.other.Load())
}
