package waldur_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/respondkit/respondkit/clients/waldur"
	"github.com/respondkit/respondkit/clients/waldur/waldurtest"
)

// List the overdue high-urgency actions and silence the low ones for a week.
// The fake server stands in for a Waldur deployment.
func Example() {
	srv := waldurtest.NewServer()
	defer srv.Close()
	yesterday := time.Now().Add(-24 * time.Hour)
	srv.Add(waldur.UserAction{ActionType: "pending_order", Title: "Approve db-01", Urgency: waldur.UrgencyHigh, DueDate: &yesterday})
	srv.Add(waldur.UserAction{ActionType: "pending_order", Title: "Review a small order", Urgency: waldur.UrgencyLow})

	c, err := waldur.New(waldur.Config{BaseURL: srv.URL, Token: srv.Token()})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	for a, err := range c.List(ctx, waldur.Filter{Urgency: waldur.UrgencyHigh, Overdue: waldur.Bool(true)}) {
		if err != nil {
			panic(err)
		}
		fmt.Println("overdue:", a.Title)
	}
	r, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{Filter: waldur.Filter{Urgency: waldur.UrgencyLow}, For: waldur.ForDays(7)})
	if err != nil {
		panic(err)
	}
	n, _ := c.Count(ctx, waldur.Filter{})
	fmt.Println("silenced", r.Count, "- still visible", n)
	// Output:
	// overdue: Approve db-01
	// silenced 1 - still visible 1
}

// Call an operation through the generated client, for its raw answer, and
// turn an answer that is not 2xx into the typed error.
func ExampleCheckResponse() {
	srv := waldurtest.NewServer()
	defer srv.Close()
	c, err := waldur.New(waldur.Config{BaseURL: srv.URL, Token: srv.Token()})
	if err != nil {
		panic(err)
	}
	missing := uuid.MustParse("00000000-0000-4000-8000-000000000001")
	resp, err := c.Generated().UserActionsRetrieve(context.Background(), missing, nil)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	// CheckResponse is nil for a 2xx answer: then decode resp.Body.
	if err := waldur.CheckResponse(resp); err != nil {
		var e *waldur.Error
		if errors.As(err, &e) {
			fmt.Println(waldur.IsNotFound(err), e.StatusCode, e.Method, e.Path)
		}
		fmt.Println(err)
	}
	// Output:
	// true 404 GET /api/user-actions/00000000-0000-4000-8000-000000000001/
	// waldur: GET /api/user-actions/00000000-0000-4000-8000-000000000001/: 404 Not Found: Not found.
}

// Read a list page by page, for a caller that keeps its place between
// calls: Next is the position of the next page, 0 after the last.
func ExampleClient_ListPage() {
	srv := waldurtest.NewServer()
	defer srv.Close()
	for i := range 5 {
		srv.Add(waldur.UserAction{ActionType: "pending_order", Title: fmt.Sprint("order ", i), Urgency: waldur.UrgencyMedium})
	}
	c, err := waldur.New(waldur.Config{BaseURL: srv.URL, Token: srv.Token()})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	for at := 0; ; {
		page, err := c.ListPage(ctx, waldur.Filter{PageSize: 2}, at)
		if err != nil {
			panic(err)
		}
		fmt.Println(at, len(page.Items), page.Total, page.Next)
		if page.Next == 0 {
			break
		}
		at = page.Next
	}
	// Output:
	// 0 2 5 2
	// 2 2 5 4
	// 4 1 5 0
}

// Tell the errors apart: a mistake in the input is refused before anything
// is sent, and an answer that is not 2xx is a *waldur.Error, tested with
// IsNotFound and its kin or read with errors.As.
func Example_errors() {
	srv := waldurtest.NewServer()
	defer srv.Close()
	c, err := waldur.New(waldur.Config{BaseURL: srv.URL, Token: srv.Token()})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	_, err = c.Count(ctx, waldur.Filter{Urgency: "HIGH"})
	fmt.Println(err)

	_, err = c.Get(ctx, uuid.New(), waldur.GetOptions{})
	var e *waldur.Error
	if waldur.IsNotFound(err) && errors.As(err, &e) {
		fmt.Println(e.StatusCode, e.Method)
	}
	fmt.Println(srv.Requests(), "request sent")
	// Output:
	// waldur: Filter.Urgency "HIGH" is not one of low, medium, high
	// 404 GET
	// 1 request sent
}
