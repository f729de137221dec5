package waldurtest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/respondkit/respondkit/clients/faketest"
	"github.com/respondkit/respondkit/clients/waldur"
	"github.com/respondkit/respondkit/clients/waldur/waldurtest"
)

// A test of retry handling: a proxy in front of Waldur first answers 429
// with Retry-After, then 503, then the request goes through. Seeding uses the
// wrapper's types only.
func Example_retries() {
	srv := waldurtest.NewServer()
	defer srv.Close()
	srv.Add(waldur.UserAction{
		ActionType: "pending_order",
		Title:      "Approve the order",
		Urgency:    waldur.UrgencyHigh,
		CorrectiveActions: []waldur.CorrectiveAction{
			{Label: "Approve", Category: waldur.CategoryApprove, Severity: waldur.SeverityLow},
		},
	})
	srv.Faults.Inject(1, faketest.RetryAfterFault(0, `{"detail":"Request was throttled."}`))
	srv.Faults.Inject(1, faketest.StatusFault(503, `{"detail":"Service unavailable."}`))

	c, err := waldur.New(waldur.Config{BaseURL: srv.URL, Token: srv.Token()},
		waldur.WithRetryPolicy(waldur.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Second}))
	if err != nil {
		panic(err)
	}
	sum, err := c.Summary(context.Background(), waldur.Filter{Urgency: waldur.UrgencyHigh})
	fmt.Println(sum.Total, err)
	for _, r := range srv.Received() {
		fmt.Println(r.Method, r.Path, r.Query.Get("urgency"), "faulted:", r.Faulted)
	}
	// Output:
	// 1 <nil>
	// GET /api/user-actions/summary/ high faulted: true
	// GET /api/user-actions/summary/ high faulted: true
	// GET /api/user-actions/summary/ high faulted: false
}
