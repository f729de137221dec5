// Package wait polls a resource until it reaches a terminal state: the engine
// behind the generated wait helpers (x-respondkit-wait in the specs).
package wait

import (
	"context"
	"fmt"
	"time"

	"github.com/respondkit/respondkit"
)

// State is where a polled resource stands.
type State int

// The states a resource can be in.
const (
	// Pending: poll again.
	Pending State = iota
	// Succeeded: done, no error.
	Succeeded
	// Failed: done, with the failure's error.
	Failed
	// Unknown: a status the client does not know; polled again at most
	// respondkit.MaxUnknownStatusPolls times in a row.
	Unknown
)

// Default intervals, used for the zero fields of respondkit.WaitOptions.
const (
	DefaultInterval    = time.Second
	DefaultMaxInterval = 15 * time.Second
)

// Until calls get until state says the resource is terminal, waiting
// between polls (growing by half each time, up to the maximum), and returns
// the last resource read. A Failed resource comes back with failed's error;
// an ended context with an error that names what (e.g. "action execution
// 42") and the last status read. A nil opts takes the defaults.
func Until[T any](ctx context.Context, api, what string, opts *respondkit.WaitOptions,
	get func(context.Context) (*T, error), state func(*T) (State, string), failed func(*T) error) (*T, error) {
	interval, maxInterval := DefaultInterval, DefaultMaxInterval
	if opts != nil {
		var err error
		if interval, err = pick(api, "Interval", opts.Interval, interval); err != nil {
			return nil, err
		}
		if maxInterval, err = pick(api, "MaxInterval", opts.MaxInterval, maxInterval); err != nil {
			return nil, err
		}
	}
	interval = min(interval, maxInterval)
	unknown := 0
	for {
		r, err := get(ctx)
		if err != nil {
			return nil, err
		}
		s, status := state(r)
		switch s {
		case Succeeded:
			return r, nil
		case Failed:
			return r, failed(r)
		case Unknown:
			if unknown++; unknown >= respondkit.MaxUnknownStatusPolls {
				return r, &respondkit.UnknownStatusError{API: api, What: what, Status: status}
			}
		default:
			unknown = 0
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return r, fmt.Errorf("%s: waiting for %s (last status %s): %w", api, what, status, context.Cause(ctx))
		case <-t.C:
		}
		interval = min(interval+interval/2, maxInterval)
	}
}

// pick returns the option's value, def when it is zero, and refuses a
// negative value or one below the floor.
func pick(api, field string, v, def time.Duration) (time.Duration, error) {
	switch {
	case v == 0:
		return def, nil
	case v < 0:
		return 0, fmt.Errorf("%s: WaitOptions.%s %v is negative", api, field, v)
	case v < respondkit.MinWaitInterval:
		return 0, fmt.Errorf("%s: WaitOptions.%s %v is below the floor of %v between polls", api, field, v, respondkit.MinWaitInterval)
	}
	return v, nil
}
