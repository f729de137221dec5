package sysdig

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/gen/sysdigapi"
)

const api = "sysdig"

// Types of the API, as generated from its spec.
type (
	// Status is an execution's status; COMPLETED and FAILED are terminal.
	Status = sysdigapi.ActionExecutionStatus
	// ActionType is the type of a response action, e.g. ActionKillContainer.
	// The set is open: other types are sent and received as they are.
	ActionType = sysdigapi.ActionType
)

// Execution statuses. The service may add others: they are not rejected.
const (
	StatusEnqueued   = sysdigapi.ActionExecutionStatusENQUEUED
	StatusInProgress = sysdigapi.ActionExecutionStatusINPROGRESS
	StatusCompleted  = sysdigapi.ActionExecutionStatusCOMPLETED
	StatusFailed     = sysdigapi.ActionExecutionStatusFAILED
)

// Known action types. The set is open: other types are sent and received as
// they are.
const (
	ActionKillProcess                    ActionType = "KILL_PROCESS"
	ActionKillContainer                  ActionType = "KILL_CONTAINER"
	ActionStopContainer                  ActionType = "STOP_CONTAINER"
	ActionPauseContainer                 ActionType = "PAUSE_CONTAINER"
	ActionFileQuarantine                 ActionType = "FILE_QUARANTINE"
	ActionFileAcquire                    ActionType = "FILE_ACQUIRE"
	ActionUnpauseContainer               ActionType = "UNPAUSE_CONTAINER"
	ActionFileUnquarantine               ActionType = "FILE_UNQUARANTINE"
	ActionStartContainer                 ActionType = "START_CONTAINER"
	ActionDeletePod                      ActionType = "DELETE_POD"
	ActionRolloutRestart                 ActionType = "ROLLOUT_RESTART"
	ActionKubernetesVolumeSnapshot       ActionType = "KUBERNETES_VOLUME_SNAPSHOT"
	ActionKubernetesDeleteVolumeSnapshot ActionType = "KUBERNETES_DELETE_VOLUME_SNAPSHOT"
	ActionGetLogs                        ActionType = "GET_LOGS"
	ActionIsolateNetwork                 ActionType = "ISOLATE_NETWORK"
	ActionDeleteNetworkPolicy            ActionType = "DELETE_NETWORK_POLICY"
)

// undoTypes are reached through Undo, never submitted.
var undoTypes = map[ActionType]bool{
	ActionStartContainer: true, ActionUnpauseContainer: true, ActionFileUnquarantine: true,
	ActionKubernetesDeleteVolumeSnapshot: true, ActionDeleteNetworkPolicy: true,
}

// Limits the service enforces, checked before sending.
const (
	MaxWindow    = 14 * 24 * time.Hour
	maxIDLen     = 128
	maxCallerLen = 128
	maxParamLen  = 512
)

// ListActions lists the actions the caller may execute. A non-empty context
// (e.g. {"host.id": "...", "container.id": "..."}) narrows the list to the
// actions that apply there.
func (c *Client) ListActions(ctx context.Context, where map[string]string) ([]Action, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	params := &sysdigapi.GetActionsV1Params{Context: where}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.GetActionsV1(ctx, params)
	out, err := httpclient.Decode[sysdigapi.Actions](api, resp, err, http.StatusOK)
	if err != nil {
		return nil, err
	}
	return out.Data, nil
}

// checkWindow is ListOptions' rule across fields: the time window (either
// end may be open; an open end is now) ends after it starts and spans at
// most two weeks.
func (o ListOptions) checkWindow() error {
	if o.From.IsZero() {
		return nil
	}
	if o.To.IsZero() {
		// The service ends an open window now: the same 2-week bound holds.
		if d := time.Since(o.From); d > MaxWindow {
			return fmt.Errorf("sysdig: time window from %s with no To spans %s up to now, more than the 2-week maximum: set To", o.From.UTC().Format(time.RFC3339), d.Round(time.Second))
		}
		return nil
	}
	if o.To.Before(o.From) {
		return fmt.Errorf("sysdig: time window ends (%s) before it starts (%s)", o.To.Format(time.RFC3339), o.From.Format(time.RFC3339))
	}
	if o.To.Sub(o.From) > MaxWindow {
		return fmt.Errorf("sysdig: time window of %s exceeds the 2-week maximum", o.To.Sub(o.From))
	}
	return nil
}

func checkID(id string) error {
	switch {
	case id == "":
		return errors.New("sysdig: empty action execution id")
	case len(id) > maxIDLen:
		return fmt.Errorf("sysdig: action execution id is %d bytes, at most %d allowed", len(id), maxIDLen)
	case id == "." || id == "..":
		// A dot segment survives path escaping and is resolved away by URL
		// resolution, so the request would reach another path.
		return fmt.Errorf("sysdig: action execution id %q is a path dot segment", id)
	}
	return nil
}

// GetExecution returns one execution.
func (c *Client) GetExecution(ctx context.Context, id string) (*Execution, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	if err := checkID(id); err != nil {
		return nil, err
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.GetActionExecutionV1(ctx, id)
	return httpclient.Decode[Execution](api, resp, err, http.StatusOK)
}

// Parameters are an action's parameters by name. Values are strings (at most
// 512 bytes), integers or booleans, e.g.
// {"host.id": "abc", "process.id": 4321, "startTime": -1}.
type Parameters map[string]any

func (p Parameters) encode() (sysdigapi.ExecutionParameters, error) {
	out := make(sysdigapi.ExecutionParameters, len(p))
	for k, v := range p {
		var pv sysdigapi.ActionExecutionParameterValue
		var err error
		switch x := v.(type) {
		case string:
			if len(x) > maxParamLen {
				return nil, fmt.Errorf("sysdig: parameter %q is %d bytes, at most %d allowed", k, len(x), maxParamLen)
			}
			err = pv.FromStringValue(x)
		case bool:
			err = pv.FromBooleanValue(x)
		case int:
			err = pv.FromIntegerValue(int64(x))
		case int32:
			err = pv.FromIntegerValue(int64(x))
		case int64:
			err = pv.FromIntegerValue(x)
		case uint32:
			err = pv.FromIntegerValue(int64(x))
		default:
			return nil, fmt.Errorf("sysdig: parameter %q has type %T; want string, integer or bool", k, v)
		}
		if err != nil {
			return nil, fmt.Errorf("sysdig: parameter %q: %w", k, err)
		}
		out[k] = pv
	}
	return out, nil
}

// SubmitRequest asks for an action to run.
type SubmitRequest struct {
	// ActionType is the action, e.g. ActionKillContainer.
	ActionType ActionType
	// Parameters are the action's parameters.
	Parameters Parameters
	// CallerID identifies the caller (an incident id, a playbook run);
	// it is stored on the execution and usable as a list filter.
	CallerID string
}

// Submit starts an action. The action runs asynchronously: the execution
// returned is usually ENQUEUED; follow it with WaitForExecution. Undo action
// types (START_CONTAINER, UNPAUSE_CONTAINER, ...) are refused: use Undo.
//
// Submit is not retried once the request may have reached the service, so
// an action never runs twice because of a retry.
func (c *Client) Submit(ctx context.Context, r SubmitRequest) (*Execution, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	switch {
	case r.ActionType == "":
		return nil, errors.New("sysdig: empty action type")
	case len(r.ActionType) > 64:
		return nil, fmt.Errorf("sysdig: action type is %d bytes, at most 64 allowed", len(r.ActionType))
	case undoTypes[r.ActionType]:
		return nil, fmt.Errorf("sysdig: %s undoes another action: call Undo on the original execution", r.ActionType)
	case utf8.RuneCountInString(r.CallerID) > maxCallerLen:
		return nil, fmt.Errorf("sysdig: caller id longer than %d characters", maxCallerLen)
	}
	params, err := r.Parameters.encode()
	if err != nil {
		return nil, err
	}
	body := sysdigapi.SubmitActionExecutionRequest{ActionType: r.ActionType, Parameters: params, CallerID: r.CallerID}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.SubmitActionExecutionv1(ctx, body)
	return httpclient.Decode[Execution](api, resp, err, http.StatusCreated)
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
// never resent once the request may have reached it.
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
