package sysdig_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/clients/sysdig/sysdigtest"
)

// Contain a container, wait for the action, then undo it. The fake server
// stands in for Sysdig; against the real service use sysdig.WithRegion.
func Example() {
	srv := sysdigtest.NewServer()
	defer srv.Close()
	c, err := sysdig.New(srv.Token(), sysdig.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	e, err := c.Submit(ctx, sysdig.SubmitRequest{
		ActionType: sysdig.ActionPauseContainer,
		Parameters: sysdig.Parameters{"host.id": "h-1", "container.id": "c-1"},
		CallerID:   "incident-42",
	})
	if err != nil {
		panic(err)
	}
	e, err = c.WaitForExecution(ctx, e.ID, &sysdig.WaitOptions{Interval: 100 * time.Millisecond})
	if err != nil {
		panic(err)
	}
	fmt.Println(e.ActionType, e.Status)

	undo, err := c.Undo(ctx, e.ID, sysdig.UndoOptions{CallerID: "incident-42"})
	if err != nil {
		panic(err)
	}
	fmt.Println(undo.ActionType, undo.ActionExecutionIDBeingUndone == e.ID)
	// Output:
	// PAUSE_CONTAINER COMPLETED
	// UNPAUSE_CONTAINER true
}

// Walk every execution of an incident; pages are fetched as the loop needs them.
func ExampleClient_ListExecutions() {
	srv := sysdigtest.NewServer()
	defer srv.Close()
	caller := "incident-42"
	for range 3 {
		srv.AddExecution(sysdig.Execution{ActionType: sysdig.ActionKillProcess, CallerID: caller})
	}
	c, _ := sysdig.New(srv.Token(), sysdig.WithBaseURL(srv.URL))

	n := 0
	for e, err := range c.ListExecutions(context.Background(), sysdig.ListOptions{CallerID: caller}) {
		if err != nil {
			panic(err)
		}
		n++
		_ = e
	}
	fmt.Println(n, "executions")
	// Output: 3 executions
}

// Stream an acquired file without holding it in memory.
func ExampleClient_DownloadAcquiredFile() {
	srv := sysdigtest.NewServer(sysdigtest.WithFileSize(10 << 20))
	defer srv.Close()
	c, _ := sysdig.New(srv.Token(), sysdig.WithBaseURL(srv.URL))
	ctx := context.Background()

	e, _ := c.Submit(ctx, sysdig.SubmitRequest{
		ActionType: sysdig.ActionFileAcquire,
		Parameters: sysdig.Parameters{"host.id": "h-1", "path.absolute": "/tmp/dropper"},
	})
	if _, err := c.WaitForExecution(ctx, e.ID, &sysdig.WaitOptions{Interval: 100 * time.Millisecond}); err != nil {
		panic(err)
	}
	n, err := c.DownloadAcquiredFile(ctx, e.ID, io.Discard) // an *os.File in real use
	fmt.Println(n, err)
	// Output: 10485760 <nil>
}

// Tell a failed action apart from a failed call.
func ExampleExecutionFailedError() {
	srv := sysdigtest.NewServer()
	defer srv.Close()
	srv.FailActions(sysdig.ActionKillProcess, "process_not_found")
	c, _ := sysdig.New(srv.Token(), sysdig.WithBaseURL(srv.URL))
	ctx := context.Background()

	e, _ := c.Submit(ctx, sysdig.SubmitRequest{
		ActionType: sysdig.ActionKillProcess,
		Parameters: sysdig.Parameters{"host.id": "h-1", "process.id": 4242},
	})
	_, err := c.WaitForExecution(ctx, e.ID, &sysdig.WaitOptions{Interval: 100 * time.Millisecond})
	var failed *sysdig.ExecutionFailedError
	var apiErr *sysdig.Error
	switch {
	case errors.As(err, &failed):
		fmt.Println("action failed:", failed.Failure().FailureReason)
	case errors.As(err, &apiErr):
		fmt.Println("call failed with status", apiErr.StatusCode)
	}
	// Output: action failed: process_not_found
}

// Call an operation through the generated client, for its raw answer, and
// turn an answer that is not 2xx into the typed error.
func ExampleCheckResponse() {
	srv := sysdigtest.NewServer()
	defer srv.Close()
	c, err := sysdig.New(srv.Token(), sysdig.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	resp, err := c.Generated().GetActionExecutionV1(context.Background(), "no-such-execution")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	// CheckResponse is nil for a 2xx answer: then decode resp.Body.
	if err := sysdig.CheckResponse(resp); err != nil {
		var e *sysdig.Error
		if errors.As(err, &e) {
			fmt.Println(sysdig.IsNotFound(err), e.StatusCode, e.Method, e.Path)
		}
		fmt.Println(err)
	}
	// Output:
	// true 404 GET /secure/response-actions/v1alpha1/action-executions/no-such-execution
	// sysdig: GET /secure/response-actions/v1alpha1/action-executions/no-such-execution: 404 Not Found: resource_not_found: action execution not found
}

// Tell the errors apart: a mistake in the input is refused before anything
// is sent, and an answer that is not 2xx is a *sysdig.Error, tested with
// IsNotFound and its kin or read with errors.As.
func Example_errors() {
	srv := sysdigtest.NewServer()
	defer srv.Close()
	c, err := sysdig.New(srv.Token(), sysdig.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	_, err = c.GetExecution(ctx, "exec-1\n") // an id read from a file, line break and all
	fmt.Println(err)

	_, err = c.GetExecution(ctx, "no-such-execution")
	var e *sysdig.Error
	if sysdig.IsNotFound(err) && errors.As(err, &e) {
		fmt.Println(e.StatusCode, e.Method, e.Code)
	}
	fmt.Println(srv.Requests(), "request sent")
	// Output:
	// sysdig: actionExecutionID "exec-1\n" has whitespace around it (a line break read from a file?): trim it
	// 404 GET resource_not_found
	// 1 request sent
}
