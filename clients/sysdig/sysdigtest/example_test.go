package sysdigtest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/respondkit/respondkit/clients/faketest"
	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/clients/sysdig/sysdigtest"
)

// A test of retry handling: the service first answers 429 with Retry-After,
// then 503, then serves the request. The client retries both and the fake's
// record shows the three attempts.
func Example_retries() {
	srv := sysdigtest.NewServer()
	defer srv.Close()
	srv.Faults.Inject(1, faketest.RetryAfterFault(0, `{"type":"too_many_requests","message":"slow down"}`))
	srv.Faults.Inject(1, faketest.StatusFault(503, `{"type":"unavailable","message":"try again"}`))

	c, err := sysdig.New(srv.Token(), sysdig.WithBaseURL(srv.URL),
		sysdig.WithRetryPolicy(sysdig.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Second}))
	if err != nil {
		panic(err)
	}
	actions, err := c.ListActions(context.Background(), sysdig.ActionsOptions{})
	fmt.Println(len(actions) > 0, err)
	for _, r := range srv.Received() {
		fmt.Println(r.Method, r.Path, "faulted:", r.Faulted)
	}
	// Output:
	// true <nil>
	// GET /secure/response-actions/v1alpha1/actions faulted: true
	// GET /secure/response-actions/v1alpha1/actions faulted: true
	// GET /secure/response-actions/v1alpha1/actions faulted: false
}

// Seed history with the wrapper's types and read it back through the client.
func ExampleServer_AddExecution() {
	srv := sysdigtest.NewServer()
	defer srv.Close()
	srv.AddExecution(sysdig.Execution{
		ActionType: sysdig.ActionKillContainer,
		Parameters: sysdigtest.Params(sysdig.Parameters{"host.id": "h-1", "container.id": "c-1"}),
		Status:     sysdig.StatusFailed,
		Failure:    sysdig.Failure{FailureReason: "container_not_found", LogMessage: "no such container"},
	})
	c, _ := sysdig.New(srv.Token(), sysdig.WithBaseURL(srv.URL))
	for e, err := range c.ListExecutions(context.Background(), sysdig.ListOptions{}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(e.ActionType, e.Status, e.Failure.FailureReason, e.ResponderType)
	}
	// Output: KILL_CONTAINER FAILED container_not_found HOST
}
