package sysdig

import (
	"context"
	"fmt"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/respondkit/respondkit"
	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/clients/internal/wrap"
	"github.com/respondkit/respondkit/gen/sysdigapi"
)

const api = "sysdig"

// undoTypes are reached through Undo, never submitted.
var undoTypes = map[ActionType]bool{
	ActionStartContainer: true, ActionUnpauseContainer: true, ActionFileUnquarantine: true,
	ActionKubernetesDeleteVolumeSnapshot: true, ActionDeleteNetworkPolicy: true,
}

// Limits the service enforces, checked before sending (MaxWindow by
// ListOptions, from the spec's x-respondkit-options.window).
const (
	MaxWindow    = 14 * 24 * time.Hour
	maxIDLen     = 128
	maxCallerLen = 128
	maxParamLen  = 512
)

func checkID(id string) error { return wrap.PathID(api, "action execution id", id, maxIDLen) }

// Parameters are an action's parameters by name (respondkit.Values): strings
// (at most 512 bytes), integers or booleans, e.g.
// {"host.id": "abc", "process.id": 4321, "startTime": -1}. An execution's
// Parameters and Outputs read the same way, integers as int64.
type Parameters = respondkit.Values

// checkSubmit is Submit's rule beyond the spec's checks: undo types are
// reached through Undo, and each parameter is a string of at most 512 bytes,
// an integer or a boolean.
func checkSubmit(r SubmitRequest) error {
	if undoTypes[r.ActionType] {
		return fmt.Errorf("sysdig: %s undoes another action: call Undo on the original execution", r.ActionType)
	}
	for k, v := range r.Parameters {
		switch x := v.(type) {
		case string:
			if len(x) > maxParamLen {
				return fmt.Errorf("sysdig: parameter %q is %d bytes, at most %d allowed", k, len(x), maxParamLen)
			}
		case bool, int, int32, int64, uint32:
		default:
			return fmt.Errorf("sysdig: parameter %q has type %T; want string, integer or bool", k, v)
		}
	}
	return nil
}

// UndoOptions are the optional parts of an undo.
type UndoOptions struct {
	// CallerID identifies the caller (an incident id, a playbook run); it
	// is stored on the undo execution. At most 128 characters.
	CallerID string
}

// Undo undoes an execution of an undoable action and returns the new
// execution, whose ActionExecutionIDBeingUndone is id. The caller id is sent
// both as the query parameter the current service reads and in the body an
// older revision reads.
//
// Every undo request creates a new undo execution on the service, so Undo is
// never resent once the request may have reached it. It is hand-written
// because the body is sent only with a caller id (undoActionExecutionV1).
func (c *Client) Undo(ctx context.Context, id string, opts UndoOptions) (*Execution, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	if err := checkID(id); err != nil {
		return nil, err
	}
	callerID := opts.CallerID
	if utf8.RuneCountInString(callerID) > maxCallerLen {
		return nil, fmt.Errorf("sysdig: caller id longer than %d characters", maxCallerLen)
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	var resp *http.Response
	var err error
	if callerID == "" {
		resp, err = c.gen.UndoActionExecutionV1WithBody(ctx, id, &sysdigapi.UndoActionExecutionV1Params{}, "", nil)
	} else {
		resp, err = c.gen.UndoActionExecutionV1(ctx, id,
			&sysdigapi.UndoActionExecutionV1Params{CallerID: callerID},
			sysdigapi.SubmitUndoActionExecutionRequest{CallerID: callerID})
	}
	return httpclient.Decode[Execution](api, resp, err, http.StatusOK)
}
