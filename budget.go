package respondkit

import (
	"context"
	"time"
)

// RateBudget is a request budget shared beyond one client: by the clients
// of one account across a fleet of processes (the optional module
// github.com/respondkit/respondkit/fleet/redis keeps one in Redis). A client
// given one with its WithRateBudget option calls Take before every request it
// sends, retries included, and Cooldown when the service answers 429 with a
// wait, so that every user of the budget waits it out.
//
// Without one, a client keeps its own budget in the process: a 429 slows
// every caller of that client (fewer requests in flight, paced), and
// Falcon's X-RateLimit-Remaining spaces requests out when few remain.
//
// Implementations must be safe for concurrent use, must not block past the
// context, and should not fail a request only because their shared store is
// unreachable: a local budget is the better answer then.
type RateBudget interface {
	// Take returns nil once one more request may be sent, or the
	// context's error when it ends first.
	Take(ctx context.Context) error
	// Cooldown tells every user of the budget that the service asked
	// for a wait of d before the next request.
	Cooldown(ctx context.Context, d time.Duration)
}
