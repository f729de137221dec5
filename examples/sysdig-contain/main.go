// Command sysdig-contain shows a containment round trip with clients/sysdig:
// list the response actions, stop a container, wait for the stop to complete,
// then undo it (which starts the container again) and wait for that too.
// (KILL_CONTAINER cannot be undone, so the reversible STOP_CONTAINER is used.)
//
// Without SYSDIG_API_TOKEN it runs against the in-process fake server from
// clients/sysdig/sysdigtest. With it, it runs against the real service:
//
//	SYSDIG_API_TOKEN=...        API token (required for the real service)
//	SYSDIG_REGION=eu1           region (us1 by default), or
//	SYSDIG_URL=https://...      base URL of an on-premises installation
//	SYSDIG_HOST_ID=...          host running the container (required)
//	SYSDIG_CONTAINER_ID=...     container to stop and start again (required)
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/clients/sysdig/sysdigtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "sysdig-contain:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer, env func(string) string) error {
	token := env("SYSDIG_API_TOKEN")
	hostID, containerID := env("SYSDIG_HOST_ID"), env("SYSDIG_CONTAINER_ID")
	var opts []sysdig.Option
	wait := &sysdig.WaitOptions{Interval: 2 * time.Second}
	if token == "" {
		srv := sysdigtest.NewServer()
		defer srv.Close()
		token, hostID, containerID = srv.Token(), "fake-host", "fake-container"
		opts = append(opts, sysdig.WithBaseURL(srv.URL))
		wait.Interval = 100 * time.Millisecond // the floor: respondkit.MinWaitInterval
		fmt.Fprintln(out, "SYSDIG_API_TOKEN is not set: using the fake server")
	} else {
		if hostID == "" || containerID == "" {
			return errors.New("set SYSDIG_HOST_ID and SYSDIG_CONTAINER_ID to the container to stop")
		}
		if u := env("SYSDIG_URL"); u != "" {
			opts = append(opts, sysdig.WithBaseURL(u))
		} else if r := env("SYSDIG_REGION"); r != "" {
			opts = append(opts, sysdig.WithRegion(sysdig.Region(r)))
		}
	}
	c, err := sysdig.New(token, append(opts, sysdig.WithUserAgent("sysdig-contain-example"))...)
	if err != nil {
		return err
	}

	actions, err := c.ListActions(ctx, sysdig.ActionsOptions{Context: map[string]string{"host.id": hostID, "container.id": containerID}})
	if err != nil {
		return err
	}
	for _, a := range actions {
		fmt.Fprintf(out, "action %-16s undoable=%-5v %s\n", a.Type, a.IsUndoable, a.Description)
	}

	e, err := c.Submit(ctx, sysdig.SubmitRequest{
		ActionType: sysdig.ActionStopContainer,
		Parameters: sysdig.Parameters{"host.id": hostID, "container.id": containerID},
		CallerID:   "sysdig-contain-example",
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "submitted %s: %s\n", e.ActionType, e.Status)
	if e, err = c.WaitForExecution(ctx, e.ID, wait); err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: %s\n", e.ActionType, e.Status)

	u, err := c.Undo(ctx, e.ID, sysdig.UndoOptions{CallerID: "sysdig-contain-example"})
	if err != nil {
		return err
	}
	if u, err = c.WaitForExecution(ctx, u.ID, wait); err != nil {
		return err
	}
	fmt.Fprintf(out, "undo %s: %s\n", u.ActionType, u.Status)
	return nil
}
