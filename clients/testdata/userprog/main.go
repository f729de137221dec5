// Command userprog is what a user of the three clients writes: it sets the
// options, sends the requests and reads the results of each client without
// importing gen/... (TestNoGenImportNeeded compiles it). It is never run.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/google/uuid"

	"github.com/respondkit/respondkit"
	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/clients/waldur"
)

func main() {
	ctx := context.Background()
	if err := run(ctx); err != nil {
		// One error type for the three APIs; its API field tells them apart.
		var e *respondkit.Error
		if errors.As(err, &e) {
			fmt.Println(e.API, e.StatusCode, e.Code, e.Message, e.RequestID, e.RetryAfter, len(e.Details))
		}
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	if err := useSysdig(ctx); err != nil {
		return err
	}
	if err := useFalcon(ctx); err != nil {
		return err
	}
	return useWaldur(ctx)
}

func useSysdig(ctx context.Context) error {
	c, err := sysdig.New("token", sysdig.WithRegion(sysdig.RegionEU1), sysdig.WithRetryPolicy(sysdig.NoRetries()))
	if err != nil {
		return err
	}
	actions, err := c.ListActions(ctx, sysdig.ActionsOptions{Context: map[string]string{"host.id": "h"}})
	if err != nil {
		return err
	}
	for _, a := range actions {
		var p sysdig.ParameterInfo
		if len(a.Parameters) > 0 {
			p = a.Parameters[0]
		}
		var responder sysdig.ResponderType = a.ResponderType
		fmt.Println(a.Type == sysdig.ActionKillContainer, a.IsUndoable, p.Name, p.Required, responder == sysdig.ResponderHost)
	}
	e, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: sysdig.ActionKillProcess, Parameters: sysdig.Parameters{"host.id": "h", "process.id": 1}})
	if err != nil {
		return err
	}
	e, err = c.WaitForExecution(ctx, e.ID, &sysdig.WaitOptions{Interval: time.Second})
	var failed *sysdig.ExecutionFailedError
	if errors.As(err, &failed) {
		fmt.Println(failed.Failure().FailureReason)
	}
	var ctxs sysdig.ExecutionContext = e.ExecutionContext
	// Parameters and outputs read as Submit takes them: strings, int64, bools.
	var params sysdig.Parameters = e.Parameters
	pid, _ := params["process.id"].(int64)
	path, _ := e.Outputs["quarantined_file_path"].(string)
	fmt.Println(e.Status == sysdig.StatusCompleted, ctxs["host.id"], pid, path, e.CreatedAt, e.Failure.LogMessage)
	for ex, err := range c.ListExecutions(ctx, sysdig.ListOptions{CallerID: "incident", From: time.Now().Add(-time.Hour), PageSize: 50}) {
		if errors.Is(err, sysdig.ErrListChanged) || sysdig.IsNotFound(err) {
			break
		}
		fmt.Println(ex.ID)
	}
	page, err := c.ListExecutionsPage(ctx, sysdig.ListOptions{}, 0)
	if err != nil {
		return err
	}
	var total, next int = page.Total, page.Next
	fmt.Println(total, next)
	_, err = c.Undo(ctx, e.ID, sysdig.UndoOptions{CallerID: "incident"})
	return err
}

func useFalcon(ctx context.Context) error {
	c, err := falcon.New(falcon.Credentials{ClientID: "id", ClientSecret: "secret"})
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	created, err := c.CreatePolicies(ctx, []falcon.PolicyCreate{{Name: "p", PlatformName: falcon.PlatformLinux,
		Settings: []falcon.SettingInput{{ID: "GetCommand", Value: map[string]any{"enabled": true}}}}})
	var partial *falcon.PartialError
	if errors.As(err, &partial) {
		fmt.Println(partial.Errors[0].Code, partial.TraceIDs)
	} else if err != nil {
		return err
	}
	name := "renamed"
	if _, err := c.UpdatePolicies(ctx, []falcon.PolicyUpdate{{ID: created[0].ID, Name: &name}}); err != nil {
		return err
	}
	if _, err := c.PerformAction(ctx, falcon.ActionAddHostGroup, falcon.ActionRequest{IDs: []string{created[0].ID},
		ActionParameters: []falcon.ActionParameter{{Name: "group_id", Value: "g"}}}); err != nil {
		return err
	}
	for p, err := range c.QueryPolicies(ctx, falcon.QueryOptions{Sort: falcon.SortPrecedenceAsc, Concurrency: 4}) {
		if err != nil {
			return err
		}
		var cats []falcon.SettingsCategory = p.Settings
		var groups []falcon.HostGroup = p.Groups
		if len(groups) > 0 {
			fmt.Println(groups[0].GroupType == falcon.GroupTypeStatic)
		}
		fmt.Println(p.PlatformName == falcon.PlatformWindows, len(cats), p.Enabled)
	}
	for d, err := range c.QueryMembers(ctx, created[0].ID, falcon.MemberOptions{Sort: "hostname.asc"}) {
		if err != nil {
			return err
		}
		var meta falcon.DeviceMeta = d.Meta
		var platform falcon.Platform = d.PlatformName
		fmt.Println(d.Hostname, meta, platform)
	}
	deleted, err := c.DeletePolicies(ctx, []string{created[0].ID})
	fmt.Println(deleted)
	return err
}

func useWaldur(ctx context.Context) error {
	c, err := waldur.New(waldur.Config{BaseURL: "https://waldur.example.com", Token: "token"}, waldur.WithBearer())
	if err != nil {
		return err
	}
	f := waldur.Filter{Urgency: waldur.UrgencyHigh, Overdue: waldur.Bool(true), CreatedAfter: time.Now().Add(-24 * time.Hour)}
	n, err := c.Count(ctx, f)
	if err != nil {
		return err
	}
	s, err := c.Summary(ctx, f)
	if err != nil {
		return err
	}
	var byUrgency waldur.UrgencyCounts = s.ByUrgency
	fmt.Println(n, s.Total, byUrgency.High)
	for a, err := range c.List(ctx, f) {
		if err != nil {
			return err
		}
		for _, ca := range a.CorrectiveActions {
			fmt.Println(ca.Category == waldur.CategoryApprove, ca.Severity == waldur.SeverityHigh)
		}
		r, err := c.Execute(ctx, a.UUID, waldur.ExecuteRequest{Label: "Approve"})
		if errors.Is(err, waldur.ErrLabelNotPermitted) {
			continue
		}
		if err != nil {
			return err
		}
		fmt.Println(r.Action == waldur.OutcomeNavigate, r.RedirectURL)
	}
	a, err := c.Get(ctx, uuid.New(), waldur.GetOptions{IncludeSilenced: true})
	if err != nil {
		return err
	}
	if _, err := c.Silence(ctx, a.UUID, waldur.SilenceRequest{For: waldur.ForDays(7)}); err != nil {
		return err
	}
	return c.Unsilence(ctx, a.UUID)
}
