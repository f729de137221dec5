// Package redis shares respondkit's rate budget and Falcon token across a
// fleet of processes through Redis: SOAR runners, Kubernetes jobs, one
// process per incident, all calling the same account.
//
// CrowdStrike counts 6 000 requests a minute per customer account, whatever
// the process or API client sending them, and each process that fetches its
// own token spends the token endpoint's budget too. With this module every
// process of the fleet takes its requests from one budget per account (a
// GCRA limiter kept in Redis by github.com/go-redis/redis_rate), waits out
// one shared cooldown when the service answers 429, and uses one Falcon token
// per client id, fetched by one process and stored encrypted.
//
//	rdb := goredis.NewClient(&goredis.Options{Addr: "redis:6379"})
//	fl := fleetredis.New(rdb, fleetredis.WithLogger(logger))
//	budget, err := fl.Budget(fleetredis.BudgetConfig{Name: "falcon:" + cid, Limit: 5400, Per: time.Minute, LocalShare: 0.1})
//	tokens, err := fl.FalconTokens(creds)
//	c, err := falcon.New(creds, falcon.WithRegion(falcon.RegionUS2), falcon.WithRateBudget(budget), falcon.WithTokenStore(tokens))
//
// When Redis cannot be reached, or answers slower than the fleet's timeout,
// each process falls back to a local budget (a configured share of the
// account's limit) and its own token, logs it once, and rejoins the fleet
// when Redis answers again: no call fails, and none waits longer than the
// timeout, only because Redis is down.
//
// What it keeps in Redis, under the prefix (respondkit: by default): per
// budget, the limiter's state (rate:<prefix>budget:<name>, expiring after a
// period without requests) and the cooldown (<prefix>budget:<name>:cooldown,
// expiring when the cooldown ends); per Falcon client id (named by a hash of
// the client id and member CID), the token encrypted with AES-GCM under a key
// derived from the client secret (…:token, expiring at the token's
// early-refresh point), the fetch lock (…:lock, expiring after the lock
// timeout) and a count of the processes using the token (…:holders:<hash>,
// expiring with the token). Every expiry is Redis's own (PX), so the
// processes' clocks play no part.
package redis

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// DefaultTimeout bounds each Redis round trip; past it the process uses its
// local budget and token.
const DefaultTimeout = 250 * time.Millisecond

// DefaultProbe is how long a process that found Redis unreachable keeps to
// its local budget and token before it tries Redis again.
const DefaultProbe = time.Second

// DefaultLockTimeout is how long one process may hold the token-fetch lock;
// a process that dies holding it delays the others by at most that.
const DefaultLockTimeout = 10 * time.Second

// Fleet is one process's handle on the state its fleet shares in Redis. It is
// safe for concurrent use; one per process is enough.
type Fleet struct {
	rdb         goredis.UniversalClient
	prefix      string
	timeout     time.Duration
	probe       time.Duration
	lockTimeout time.Duration
	poll        time.Duration
	logger      *slog.Logger
	now         func() time.Time

	mu        sync.Mutex
	downUntil time.Time // Redis is skipped until then
	down      bool      // logged as unreachable, not yet as back
}

// Option configures a Fleet.
type Option func(*Fleet)

// WithPrefix sets the prefix of every key the fleet writes ("respondkit:"
// by default), to share one Redis between fleets or environments.
func WithPrefix(p string) Option { return func(f *Fleet) { f.prefix = p } }

// WithTimeout bounds each Redis round trip (DefaultTimeout by default).
func WithTimeout(d time.Duration) Option { return func(f *Fleet) { f.timeout = d } }

// WithProbe sets how long a process keeps to its local budget and token
// after Redis failed it, before trying Redis again (DefaultProbe by
// default).
func WithProbe(d time.Duration) Option { return func(f *Fleet) { f.probe = d } }

// WithLockTimeout sets how long one process may hold the token-fetch lock
// (DefaultLockTimeout by default); its token fetch is bounded by it too.
func WithLockTimeout(d time.Duration) Option { return func(f *Fleet) { f.lockTimeout = d } }

// WithLogger logs, once each, that Redis became unreachable (the process
// goes local) and that it is back (never a credential).
func WithLogger(l *slog.Logger) Option { return func(f *Fleet) { f.logger = l } }

// New returns the fleet's handle over rdb. Options with out-of-range values
// are refused when the budget or token store is made.
func New(rdb goredis.UniversalClient, opts ...Option) *Fleet {
	f := &Fleet{rdb: rdb, prefix: "respondkit:", timeout: DefaultTimeout, probe: DefaultProbe,
		lockTimeout: DefaultLockTimeout, poll: 20 * time.Millisecond, now: time.Now}
	for _, o := range opts {
		o(f)
	}
	return f
}

// check refuses a fleet that cannot work.
func (f *Fleet) check() error {
	switch {
	case f.rdb == nil:
		return errors.New("fleet/redis: New(nil): give a Redis client")
	case f.timeout <= 0:
		return errors.New("fleet/redis: WithTimeout: want a positive timeout")
	case f.probe <= 0:
		return errors.New("fleet/redis: WithProbe: want a positive interval")
	case f.lockTimeout <= 0:
		return errors.New("fleet/redis: WithLockTimeout: want a positive timeout")
	}
	return nil
}

// Degraded reports whether the process is on its local budget and token
// now, Redis having failed it.
func (f *Fleet) Degraded() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.down
}

// usable reports whether Redis may be tried now.
func (f *Fleet) usable() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return !f.now().Before(f.downUntil)
}

// failed records that Redis failed a round trip: the process goes local
// until the probe interval passes, and says so once.
func (f *Fleet) failed(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.downUntil = f.now().Add(f.probe)
	if !f.down {
		f.down = true
		if f.logger != nil {
			f.logger.Warn("respondkit fleet: Redis unreachable; using this process's local budget and token until it answers", "error", err.Error())
		}
	}
}

// ok records that Redis answered: a process that was local rejoins the
// fleet, and says so once.
func (f *Fleet) ok() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		f.down = false
		f.downUntil = time.Time{}
		if f.logger != nil {
			f.logger.Info("respondkit fleet: Redis answers again; back on the fleet's budget and token")
		}
	}
}

// errSlow is the error of a Redis round trip that outlived the fleet's
// timeout.
var errSlow = errors.New("no answer from Redis within the fleet's timeout")

// run makes Redis round trips with the caller's context bounded by the
// fleet's timeout, and returns errSlow once the timeout passes even when the
// Redis client does not heed contexts (go-redis without
// ContextTimeoutEnabled waits for its own read timeout): the round trip then
// ends in the background, within the client's own timeouts.
func (f *Fleet) run(ctx context.Context, op func(context.Context) error) error {
	octx, cancel := context.WithTimeout(ctx, f.timeout)
	done := make(chan error, 1)
	go func() {
		defer cancel()
		done <- op(octx)
	}()
	t := time.NewTimer(f.timeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return errSlow
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// redisFailure reports whether err is Redis (or the way to it) failing,
// rather than the caller's context ending or a key being absent.
func redisFailure(ctx context.Context, err error) bool {
	return err != nil && !errors.Is(err, goredis.Nil) && ctx.Err() == nil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}
