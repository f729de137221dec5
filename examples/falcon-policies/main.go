// Command falcon-policies walks through Real Time Response policy management
// with clients/falcon: create a policy, enable it, attach a host group, put
// it first in its platform's precedence, and list its members.
//
// Without FALCON_CLIENT_ID and FALCON_CLIENT_SECRET it runs against the
// in-process fake server from clients/falcon/falcontest. With them it runs
// against the real service (the region is discovered; FALCON_CLOUD, e.g.
// eu-1 or us-gov-1, sets it) and needs FALCON_HOST_GROUP_ID, the host group to
// attach; FALCON_MEMBER_CID names an MSSP child CID to act in. It deletes the
// policy it created before it exits.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/falcon/falcontest"
	"github.com/respondkit/respondkit/clients/falcon/fql"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "falcon-policies:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer, env func(string) string) (err error) {
	creds := falcon.Credentials{ClientID: env("FALCON_CLIENT_ID"), ClientSecret: env("FALCON_CLIENT_SECRET"), MemberCID: env("FALCON_MEMBER_CID")}
	groupID := env("FALCON_HOST_GROUP_ID")
	var opts []falcon.Option
	var seedMembers func(policyID string) // gives the fake hosts to list
	if creds.ClientID == "" || creds.ClientSecret == "" {
		srv := falcontest.NewServer()
		defer srv.Close()
		creds = falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret()}
		opts = append(opts, falcon.WithBaseURL(srv.URL))
		groupID = srv.AddHostGroup("web servers").ID
		fmt.Fprintln(out, "FALCON_CLIENT_ID or FALCON_CLIENT_SECRET is not set: using the fake server")
		seedMembers = func(policyID string) {
			for _, h := range []string{"web-01", "web-02"} {
				srv.AddDevice(falcon.Device{Hostname: h}, policyID)
			}
		}
	} else {
		if groupID == "" {
			return errors.New("set FALCON_HOST_GROUP_ID to the host group to attach")
		}
		if cloud := env("FALCON_CLOUD"); cloud != "" {
			opts = append(opts, falcon.WithRegion(falcon.Region(cloud)))
		}
	}
	c, err := falcon.New(creds, append(opts, falcon.WithUserAgent("falcon-policies-example"))...)
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = errors.Join(err, c.Close(ctx)) // revoke the token
	}()

	created, err := c.CreatePolicies(ctx, []falcon.PolicyCreate{{
		Name: "respondkit example " + time.Now().UTC().Format("20060102T150405"), PlatformName: falcon.PlatformLinux,
		Description: "created by examples/falcon-policies",
		Settings:    []falcon.SettingInput{{ID: "RealTimeFunctionality", Value: map[string]any{"enabled": true}}},
	}})
	if err != nil {
		return err
	}
	p := created[0]
	fmt.Fprintf(out, "created %q (%s)\n", p.Name, p.PlatformName)
	defer func() {
		_, _ = c.Disable(context.Background(), []string{p.ID})
		if _, derr := c.DeletePolicies(context.Background(), []string{p.ID}); derr != nil {
			err = errors.Join(err, derr)
		} else {
			fmt.Fprintln(out, "deleted the policy")
		}
	}()

	if _, err := c.Enable(ctx, []string{p.ID}); err != nil {
		return err
	}
	fmt.Fprintln(out, "enabled")
	if _, err := c.AddHostGroup(ctx, falcon.GroupChange{GroupID: groupID, PolicyIDs: []string{p.ID}}); err != nil {
		return err
	}
	fmt.Fprintln(out, "attached host group", groupID)

	// Precedence: the new policy first, the others as they were.
	order := []string{p.ID}
	linux := fql.Eq("platform_name", string(falcon.PlatformLinux)).String()
	for q, err := range c.QueryPolicies(ctx, falcon.QueryOptions{Filter: linux, Sort: falcon.SortPrecedenceAsc}) {
		if err != nil {
			return err
		}
		if q.ID != p.ID && q.Name != "platform_default" {
			order = append(order, q.ID)
		}
	}
	if err := c.SetPrecedence(ctx, falcon.PlatformLinux, order); err != nil {
		return err
	}
	fmt.Fprintf(out, "precedence set: %d Linux policies, the new one first\n", len(order))

	if seedMembers != nil {
		seedMembers(p.ID)
	}
	n := 0
	for d, err := range c.QueryMembers(ctx, p.ID, falcon.MemberOptions{}) {
		if err != nil {
			return err
		}
		n++
		fmt.Fprintf(out, "member %s %s\n", d.DeviceID, d.Hostname)
	}
	fmt.Fprintf(out, "%d members\n", n)
	return nil
}
