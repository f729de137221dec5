package redis

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/go-redis/redis_rate/v10"
	goredis "github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"

	"github.com/respondkit/respondkit"
)

// HashName returns a name for a budget made from values that must not
// appear in Redis (a Sysdig or Waldur token, with the base URL): a SHA-256
// of them, in hex.
func HashName(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// BudgetConfig describes one account's budget.
type BudgetConfig struct {
	// Name names the account: one budget per Falcon customer (CID), per
	// Sysdig token, per Waldur deployment and token. It is part of a Redis
	// key: never put a secret in it (HashName(token, baseURL)).
	Name string
	// Limit requests per Per for the whole fleet. Keep it a little under
	// the service's limit (5 400 of CrowdStrike's 6 000 a minute), since
	// requests arrive with network jitter.
	Limit int
	Per   time.Duration
	// LocalShare is the share of Limit one process takes on its own while
	// Redis cannot be reached (0 < LocalShare <= 1; 1/number of processes
	// keeps the fleet within the limit).
	LocalShare float64
}

// Budget is one account's request budget, shared by the fleet through
// Redis (see respondkit.RateBudget). Give it to every client of that account
// with the client's WithRateBudget option.
type Budget struct {
	f           *Fleet
	key         string
	cooldownKey string
	limit       redis_rate.Limit
	limiter     *redis_rate.Limiter
	local       *rate.Limiter
}

var _ respondkit.RateBudget = (*Budget)(nil)

// Budget returns the budget of the account c names. Values out of range are
// refused.
func (f *Fleet) Budget(c BudgetConfig) (*Budget, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	switch {
	case strings.TrimSpace(c.Name) == "":
		return nil, fmt.Errorf("fleet/redis: BudgetConfig.Name is empty: name the account")
	case c.Limit <= 0:
		return nil, fmt.Errorf("fleet/redis: BudgetConfig.Limit %d: want at least 1", c.Limit)
	case c.Per <= 0:
		return nil, fmt.Errorf("fleet/redis: BudgetConfig.Per %v: want a positive period", c.Per)
	case !(c.LocalShare > 0 && c.LocalShare <= 1):
		return nil, fmt.Errorf("fleet/redis: BudgetConfig.LocalShare %v: want a share in (0, 1]", c.LocalShare)
	}
	key := f.prefix + "budget:" + c.Name
	perSecond := float64(c.Limit) / c.Per.Seconds()
	return &Budget{
		f: f, key: key, cooldownKey: key + ":cooldown",
		// Burst 1: requests are spaced Per/Limit apart fleet-wide, so
		// that no window of the service's sees more than Limit.
		limit:   redis_rate.Limit{Rate: c.Limit, Period: c.Per, Burst: 1},
		limiter: redis_rate.NewLimiter(f.rdb),
		local:   rate.NewLimiter(rate.Limit(perSecond*c.LocalShare), 1),
	}, nil
}

// Take returns once the fleet's budget allows one more request (waiting out
// a shared cooldown first), or with the context's error. When Redis fails or
// is slower than the fleet's timeout it takes from the process's local
// share instead.
func (b *Budget) Take(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return context.Cause(ctx)
		}
		if !b.f.usable() {
			return b.local.Wait(ctx)
		}
		wait, err := b.try(ctx)
		if redisFailure(ctx, err) {
			b.f.failed(err)
			return b.local.Wait(ctx)
		}
		if err != nil {
			return context.Cause(ctx)
		}
		b.f.ok()
		if wait == 0 {
			return nil
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// try asks Redis once: the cooldown's time left, or the limiter's answer.
// It returns 0 when the request may go, or how long to wait.
func (b *Budget) try(ctx context.Context) (time.Duration, error) {
	// wait is not a named result: a round trip that outlived the fleet's
	// timeout may still write it, so the error return must not.
	var wait time.Duration
	err := b.f.run(ctx, func(octx context.Context) error {
		left, err := b.f.rdb.PTTL(octx, b.cooldownKey).Result()
		if err != nil {
			return err
		}
		if left > 0 {
			wait = left
			return nil
		}
		res, err := b.limiter.Allow(octx, b.key, b.limit)
		if err != nil {
			return err
		}
		if res.Allowed == 0 {
			wait = max(res.RetryAfter, time.Millisecond)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return wait, nil
}

// cooldownScript sets the cooldown unless a longer one is on (all times
// Redis's own).
var cooldownScript = goredis.NewScript(`
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 1`)

// Cooldown makes every process of the fleet wait d before its next request
// on this budget. Without Redis the process's own client still waits it
// out.
func (b *Budget) Cooldown(ctx context.Context, d time.Duration) {
	ms := d.Milliseconds()
	if ms <= 0 || !b.f.usable() {
		return
	}
	err := b.f.run(ctx, func(octx context.Context) error {
		return cooldownScript.Run(octx, b.f.rdb, []string{b.cooldownKey}, ms).Err()
	})
	if redisFailure(ctx, err) {
		b.f.failed(err)
	}
}
