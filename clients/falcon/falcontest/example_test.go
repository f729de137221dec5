package falcontest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/respondkit/respondkit/clients/faketest"
	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/falcon/falcontest"
)

// A test of retry handling: the policy query first meets Falcon's 429 (with
// X-RateLimit-RetryAfter), then a 503, then succeeds. The faults are narrowed
// to the query, so the token request passes them by.
func Example_retries() {
	srv := falcontest.NewServer()
	defer srv.Close()
	const query = "/policy/queries/response/v1"
	srv.Faults.Inject(1, falcontest.RateLimitFault(time.Now()).For("GET", query))
	srv.Faults.Inject(1, faketest.StatusFault(503, `{"errors":[{"code":503,"message":"unavailable"}],"meta":{"query_time":0,"trace_id":"t"},"resources":[]}`).For("GET", query))

	c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret()},
		falcon.WithBaseURL(srv.URL),
		falcon.WithRetryPolicy(falcon.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Second}))
	if err != nil {
		panic(err)
	}
	page, err := c.QueryPolicyIDsPage(context.Background(), falcon.QueryOptions{PageSize: 10}, 0)
	fmt.Println(len(page.Items), err)
	for _, r := range srv.Received() {
		fmt.Println(r.Method, r.Path, "faulted:", r.Faulted)
	}
	// Output:
	// 3 <nil>
	// POST /oauth2/token faulted: false
	// GET /policy/queries/response/v1 faulted: true
	// GET /policy/queries/response/v1 faulted: true
	// GET /policy/queries/response/v1 faulted: false
}
