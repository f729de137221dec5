// Package sysdig is a client for the Sysdig Secure Response Actions API: run
// containment and data-gathering actions on hosts and clusters, follow their
// executions, undo them, and download the files that FILE_ACQUIRE actions
// capture.
//
// It wraps the generated client in gen/sysdigapi with authentication,
// regions, retries with backoff (honouring Retry-After), typed errors,
// iterators over pages, streaming downloads and a wait helper:
//
//	c, err := sysdig.New(os.Getenv("SYSDIG_API_TOKEN"), sysdig.WithRegion(sysdig.RegionEU1))
//	exec, err := c.Submit(ctx, sysdig.SubmitRequest{
//		ActionType: sysdig.ActionKillContainer,
//		Parameters: sysdig.Parameters{"host.id": hostID, "container.id": containerID},
//	})
//	exec, err = c.WaitForExecution(ctx, exec.ID, nil)
//
// Every list has a page method too ([Client.ListExecutionsPage]: a [Page] and its
// Next position). Input the spec or the client can tell is wrong (an empty
// id or one with a line break, a value out of range, an unknown enum value,
// a nil context) is refused before anything is sent; an answer that is not 2xx is
// an [*Error] (test it with [IsNotFound], [IsUnauthorized], [IsForbidden],
// [IsRateLimited], or read it with errors.As). The package's
// examples (Example, Example_errors) run against the fake server.
//
// The sysdigtest package holds a fake server for tests.
package sysdig

import (
	"fmt"
	"time"

	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/gen/sysdigapi"
)

type options struct {
	httpclient.Config
	place httpclient.Placement
	idle  time.Duration
}

// Option configures a Client.
type Option func(*options)

// WithTimeout bounds each call that answers JSON (60 s by default; negative
// for none). Downloads have no total timeout: see WithDownloadIdleTimeout.
func WithTimeout(d time.Duration) Option { return func(o *options) { o.Timeout = d } }

// DefaultDownloadIdleTimeout is how long a download may receive no bytes
// (headers included) before it fails.
const DefaultDownloadIdleTimeout = 60 * time.Second

// WithDownloadIdleTimeout sets how long an acquired-file download may receive
// no bytes before it fails with ErrDownloadIdle (DefaultDownloadIdleTimeout
// when 0, as when the option is not given), whatever the context: a
// download keeps streaming as long as bytes arrive, but a stalled one always
// ends. There is no way to turn this off: New refuses a negative value.
func WithDownloadIdleTimeout(d time.Duration) Option {
	return func(o *options) {
		switch {
		case d < 0:
			o.SetErr(fmt.Errorf("sysdig: WithDownloadIdleTimeout(%v) is negative: a stalled download must end (0 for the default, %v)", d, DefaultDownloadIdleTimeout))
		case d > 0:
			o.idle = d
		}
	}
}

// Client calls the Response Actions API. It is safe for concurrent use.
type Client struct {
	gen  *sysdigapi.Client
	hc   *httpclient.Client
	idle time.Duration
}

// New returns a client that authenticates with an API token (a team-scoped
// Secure API token or a service-account token), for the us1 region unless
// WithRegion or WithBaseURL (an on-premises installation) says otherwise. A token that is empty, only
// whitespace or has whitespace around it, and a base URL with a query or a
// fragment, are refused before anything is sent.
func New(token string, opts ...Option) (*Client, error) {
	if err := httpclient.CheckSecret("API token", token); err != nil {
		return nil, fmt.Errorf("sysdig: %w", err)
	}
	o := options{idle: DefaultDownloadIdleTimeout}
	o.BaseURL = regionURLs[RegionUS1] // unless an option places the client
	if err := httpclient.Start(api, operations(), &o, opts); err != nil {
		return nil, err
	}
	hc, gen, err := withGenerated(httpclient.NewStatic(o.Config, "Authorization", "Bearer "+token))
	if err != nil {
		return nil, err
	}
	return &Client{gen: gen, hc: hc, idle: o.idle}, nil
}
