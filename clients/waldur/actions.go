package waldur

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/clients/internal/paging"
	"github.com/respondkit/respondkit/gen/waldurapi"
)

// Types of the API, as generated from its spec.
type (
	// UserAction is an action Waldur suggests to the user.
	UserAction = waldurapi.UserAction
	// CorrectiveAction is something the user can do about a user action.
	CorrectiveAction = waldurapi.CorrectiveAction
	// Summary counts user actions: in all, overdue, by urgency and by type.
	Summary = waldurapi.ActionSummary
	// Urgency is how urgent a user action is.
	Urgency = waldurapi.Urgency
	// ExecuteResult is the outcome of a corrective action.
	ExecuteResult = waldurapi.ExecuteActionResponse
	// UpdateResult acknowledges a scheduled update of user actions.
	UpdateResult = waldurapi.UpdateActionsResponse
	// BulkSilenceResult says how many actions a bulk silence silenced.
	BulkSilenceResult = waldurapi.BulkSilenceResponse
	// SilenceResult is the outcome of silencing one action.
	SilenceResult = waldurapi.SilenceResponse
)

// Urgencies.
const (
	UrgencyLow    = waldurapi.UrgencyLow
	UrgencyMedium = waldurapi.UrgencyMedium
	UrgencyHigh   = waldurapi.UrgencyHigh
)

// Outcomes of a corrective action.
const (
	OutcomeNavigate  = waldurapi.ExecuteActionResponseActionNavigate
	OutcomeCompleted = waldurapi.ExecuteActionResponseActionCompleted
)

// Limits the service enforces, checked before sending.
const (
	MaxSilenceDays = 365
)

// Bool returns a pointer to b, for the optional boolean filters.
func Bool(b bool) *bool { return &b }

// check is Filter's rule across fields: the creation window does not end
// before it starts.
func (f Filter) check() error {
	if !f.CreatedAfter.IsZero() && !f.CreatedBefore.IsZero() && f.CreatedBefore.Before(f.CreatedAfter) {
		return errors.New("waldur: Filter.CreatedBefore is before Filter.CreatedAfter")
	}
	return nil
}

// Count returns how many actions match, from a HEAD request's X-Result-Count:
// no body is transferred.
func (c *Client) Count(ctx context.Context, f Filter) (int, error) {
	params, err := f.userActionsListParams()
	if err != nil {
		return 0, err
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	// The list request as generated, sent as HEAD: the same query, no body.
	resp, err := c.gen.UserActionsList(ctx, params, func(_ context.Context, r *http.Request) error {
		r.Method = http.MethodHead
		return nil
	})
	if err := httpclient.Check(api, resp, err, http.StatusOK); err != nil {
		return 0, err
	}
	resp.Body.Close()
	n, err := paging.HeaderTotal(api, resp.Header, "X-Result-Count")
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, fmt.Errorf("waldur: HEAD %s: no X-Result-Count header", resp.Request.URL.Path)
	}
	return int(n), nil
}

// checkUUID refuses the nil UUID, which names no user action. A user action's
// UUID is the UserAction.UUID of a result; parse one from text with
// uuid.Parse.
func checkUUID(id uuid.UUID) error {
	if id == uuid.Nil {
		return errors.New("waldur: empty user action uuid")
	}
	return nil
}

// Get returns one user action. A silenced action is found only with
// includeSilenced (sent as include_silenced=true, the only value the server
// honours; false is left out).
func (c *Client) Get(ctx context.Context, id uuid.UUID, includeSilenced bool) (*UserAction, error) {
	if err := checkUUID(id); err != nil {
		return nil, err
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsRetrieve(ctx, id, &waldurapi.UserActionsRetrieveParams{IncludeSilenced: includeSilenced})
	return httpclient.Decode[UserAction](api, resp, err, http.StatusOK)
}

// Summary counts the matching actions.
func (c *Client) Summary(ctx context.Context, f Filter) (*Summary, error) {
	params, err := f.userActionsSummaryRetrieveParams()
	if err != nil {
		return nil, err
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsSummaryRetrieve(ctx, params)
	return httpclient.Decode[Summary](api, resp, err, http.StatusOK)
}

// UpdateActions asks the server to recompute user actions for one provider
// action type, or for all when it is "". The work is scheduled: the answer
// (202) only acknowledges it.
func (c *Client) UpdateActions(ctx context.Context, providerActionType string) (*UpdateResult, error) {
	body := waldurapi.UpdateActionsRequest{}
	if providerActionType != "" {
		body.ProviderActionType = &providerActionType
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsUpdateActions(ctx, body)
	return httpclient.Decode[UpdateResult](api, resp, err, http.StatusAccepted)
}

// silenceBody checks a duration: 0 means permanent, else 1..365 days.
func silenceBody(days int) (waldurapi.SilenceActionRequest, error) {
	switch {
	case days == 0:
		return waldurapi.SilenceActionRequest{}, nil
	case days < 0 || days > MaxSilenceDays:
		return waldurapi.SilenceActionRequest{}, fmt.Errorf("waldur: silence duration %d days out of range 1..%d (0 silences permanently)", days, MaxSilenceDays)
	}
	return waldurapi.SilenceActionRequest{DurationDays: days}, nil
}

// Silence silences one action for days (1..365), or permanently when days is
// 0. A silenced action is found only with includeSilenced.
func (c *Client) Silence(ctx context.Context, id uuid.UUID, days int, includeSilenced bool) (*SilenceResult, error) {
	if err := checkUUID(id); err != nil {
		return nil, err
	}
	body, err := silenceBody(days)
	if err != nil {
		return nil, err
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsSilence(ctx, id, &waldurapi.UserActionsSilenceParams{IncludeSilenced: includeSilenced}, body)
	return httpclient.Decode[SilenceResult](api, resp, err, http.StatusOK)
}

// BulkSilence silences every visible action that matches f (all of them for
// the zero Filter) for days (1..365), or permanently when days is 0.
func (c *Client) BulkSilence(ctx context.Context, f Filter, days int) (*BulkSilenceResult, error) {
	params, err := f.userActionsBulkSilenceParams()
	if err != nil {
		return nil, err
	}
	body, err := silenceBody(days)
	if err != nil {
		return nil, err
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsBulkSilence(ctx, params, body)
	return httpclient.Decode[BulkSilenceResult](api, resp, err, http.StatusOK)
}

// Unsilence removes any silence from an action; silenced actions are found
// without asking.
func (c *Client) Unsilence(ctx context.Context, id uuid.UUID) error {
	if err := checkUUID(id); err != nil {
		return err
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsUnsilence(ctx, id)
	_, err = httpclient.Decode[waldurapi.UnsilenceResponse](api, resp, err, http.StatusOK)
	return err
}

// Errors of Execute, matched with errors.Is; the *Error is there too.
var (
	// ErrActionNotFound: no such user action (or a silenced one asked
	// for without includeSilenced).
	ErrActionNotFound = errors.New("user action not found")
	// ErrLabelNotPermitted: the action has no corrective action with this
	// label, or the caller may not run it.
	ErrLabelNotPermitted = errors.New("corrective action not found or not permitted")
	// ErrActionFailed: the corrective action ran and failed on the server.
	ErrActionFailed = errors.New("corrective action failed")
)

// Execute runs the corrective action labelled label of a user action. Its
// errors tell apart ErrActionNotFound, ErrLabelNotPermitted and
// ErrActionFailed (use errors.Is); each also wraps the *Error. Execute is not
// retried once the request may have reached the server.
func (c *Client) Execute(ctx context.Context, id uuid.UUID, label string, includeSilenced bool) (*ExecuteResult, error) {
	if err := checkUUID(id); err != nil {
		return nil, err
	}
	if label == "" {
		return nil, errors.New("waldur: empty corrective action label")
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsExecuteAction(ctx, id,
		&waldurapi.UserActionsExecuteActionParams{IncludeSilenced: includeSilenced},
		waldurapi.ExecuteActionRequest{ActionLabel: label})
	out, err := httpclient.Decode[ExecuteResult](api, resp, err, http.StatusOK)
	var apiErr *apierror.Error
	if err != nil && errors.As(err, &apiErr) {
		// The two 404s differ by body: {detail} for the user action,
		// {error} for the label.
		var body waldurapi.ExecuteActionError
		_ = json.Unmarshal(apiErr.Raw, &body)
		switch {
		case apiErr.StatusCode == http.StatusNotFound && body.Error != "":
			return nil, apierror.Errorf(api, "%w: %w", ErrLabelNotPermitted, apiErr)
		case apiErr.StatusCode == http.StatusNotFound:
			return nil, apierror.Errorf(api, "%w: %w", ErrActionNotFound, apiErr)
		case apiErr.StatusCode == http.StatusInternalServerError && body.Error != "":
			return nil, apierror.Errorf(api, "%w: %w", ErrActionFailed, apiErr)
		}
	}
	return out, err
}
