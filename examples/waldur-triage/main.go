// Command waldur-triage triages a user's Waldur actions with clients/waldur:
// print the summary, list the high-urgency overdue actions, silence the
// low-urgency ones for 7 days, and execute the first corrective action of the
// most urgent overdue action.
//
// Without WALDUR_URL and WALDUR_TOKEN it runs against the in-process fake
// server from clients/waldur/waldurtest, seeded with a few actions. With them
// it runs against that deployment (WALDUR_BEARER=1 sends the token as a
// Bearer token, for personal access tokens). Against a real deployment the
// corrective action is executed only when WALDUR_EXECUTE=1.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/respondkit/respondkit/clients/waldur"
	"github.com/respondkit/respondkit/clients/waldur/waldurtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "waldur-triage:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer, env func(string) string) error {
	base, token := env("WALDUR_URL"), env("WALDUR_TOKEN")
	var opts []waldur.Option
	execute := env("WALDUR_EXECUTE") == "1"
	if base == "" || token == "" {
		srv := waldurtest.NewServer()
		defer srv.Close()
		seed(srv)
		base, token, execute = srv.URL, srv.Token(), true
		fmt.Fprintln(out, "WALDUR_URL or WALDUR_TOKEN is not set: using the fake server")
	} else if env("WALDUR_BEARER") == "1" {
		opts = append(opts, waldur.WithBearer())
	}
	c, err := waldur.New(waldur.Config{BaseURL: base, Token: token}, append(opts, waldur.WithUserAgent("waldur-triage-example"))...)
	if err != nil {
		return err
	}

	sum, err := c.Summary(ctx, waldur.Filter{})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%d actions, %d overdue (high %d, medium %d, low %d)\n",
		sum.Total, sum.Overdue, sum.ByUrgency.High, sum.ByUrgency.Medium, sum.ByUrgency.Low)

	var first *waldur.UserAction
	urgent := waldur.Filter{Urgency: waldur.UrgencyHigh, Overdue: waldur.Bool(true), OrderBy: []waldur.Ordering{waldur.OrderDueDate}}
	for a, err := range c.List(ctx, urgent) {
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "overdue: %s (%s)\n", a.Title, a.ActionType)
		if first == nil {
			first = &a
		}
	}

	r, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{Filter: waldur.Filter{Urgency: waldur.UrgencyLow}, For: waldur.ForDays(7)})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "silenced %d low-urgency actions for 7 days\n", r.Count)

	if first == nil || len(first.CorrectiveActions) == 0 {
		fmt.Fprintln(out, "nothing to execute")
		return nil
	}
	label := first.CorrectiveActions[0].Label
	if !execute {
		fmt.Fprintf(out, "would execute %q on %s (set WALDUR_EXECUTE=1)\n", label, first.Title)
		return nil
	}
	res, err := c.Execute(ctx, first.UUID, waldur.ExecuteRequest{Label: label})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "executed %q: %s\n", label, res.Action)
	return nil
}

// seed fills the fake with a few actions.
func seed(srv *waldurtest.Server) {
	now := time.Now()
	due := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	approve := waldur.CorrectiveAction{Label: "Approve order", Category: waldur.CategoryApprove,
		Severity: waldur.SeverityLow, APIEndpoint: true}
	srv.Add(waldur.UserAction{ActionType: "pending_order", Title: `Approve the order for VM "db-01"`, Urgency: waldur.UrgencyHigh,
		DueDate: due(-48 * time.Hour), CorrectiveActions: []waldur.CorrectiveAction{approve}})
	srv.Add(waldur.UserAction{ActionType: "expiring_resource", Title: `Resource "vm-7" expired`, Urgency: waldur.UrgencyHigh, DueDate: due(-time.Hour)})
	srv.Add(waldur.UserAction{ActionType: "expiring_resource", Title: `Resource "vm-9" expires next month`, Urgency: waldur.UrgencyLow, DueDate: due(30 * 24 * time.Hour)})
	srv.Add(waldur.UserAction{ActionType: "pending_order", Title: "Review a small order", Urgency: waldur.UrgencyLow})
}
