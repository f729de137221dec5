package waldur

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/gen/waldurapi"
)

// Limits the service enforces, checked before sending.
const (
	MaxSilenceDays = 365
)

// Bool returns a pointer to b, for the optional boolean filters.
func Bool(b bool) *bool { return &b }

// checkUUID refuses the nil UUID, which names no user action. A user action's
// UUID is the UserAction.UUID of a result; parse one from text with
// uuid.Parse.
func checkUUID(id uuid.UUID) error {
	if id == uuid.Nil {
		return errors.New("waldur: uuid is the nil UUID")
	}
	return nil
}

// Duration is how long a silence lasts: a number of days, or, explicitly,
// for ever. The zero Duration is refused, so that no silence is made
// permanent by omission.
type Duration struct {
	// Days is the silence's length: 1..365.
	Days int
	// Permanent silences until Unsilence; Days must then be 0.
	Permanent bool
}

// ForDays is a silence of n days (1..365).
func ForDays(n int) Duration { return Duration{Days: n} }

// Permanently is a silence that lasts until Unsilence.
var Permanently = Duration{Permanent: true}

// body checks the duration and returns the request body.
func (d Duration) body() (waldurapi.SilenceActionRequest, error) {
	switch {
	case d.Permanent && d.Days != 0:
		return waldurapi.SilenceActionRequest{}, fmt.Errorf("waldur: Duration has both Permanent and %d days", d.Days)
	case d.Permanent:
		return waldurapi.SilenceActionRequest{}, nil // no duration_days: permanent
	case d.Days == 0:
		return waldurapi.SilenceActionRequest{}, errors.New("waldur: no silence duration: use ForDays(n) or Permanently")
	case d.Days < 0 || d.Days > MaxSilenceDays:
		return waldurapi.SilenceActionRequest{}, fmt.Errorf("waldur: silence duration %d days out of range 1..%d", d.Days, MaxSilenceDays)
	}
	return waldurapi.SilenceActionRequest{DurationDays: d.Days}, nil
}

// SilenceRequest says how long to silence an action.
type SilenceRequest struct {
	// For is the silence's duration: ForDays(n) or Permanently.
	For Duration
	// IncludeSilenced finds the action even when it is already silenced.
	IncludeSilenced bool
}

// Silence silences one action. A silenced action is found only with
// IncludeSilenced. It is hand-written because a permanent silence must be
// asked for (Permanently), never by omission (user_actions_silence).
func (c *Client) Silence(ctx context.Context, id uuid.UUID, r SilenceRequest) (*SilenceResult, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	if err := checkUUID(id); err != nil {
		return nil, err
	}
	body, err := r.For.body()
	if err != nil {
		return nil, err
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsSilence(ctx, id, &waldurapi.UserActionsSilenceParams{IncludeSilenced: r.IncludeSilenced}, body)
	return httpclient.Decode[SilenceResult](api, resp, err, http.StatusOK)
}

// BulkSilenceRequest says which actions to silence and for how long. Neither
// "every action" nor "for ever" is a default: the zero Filter must be
// confirmed with All, and a permanent silence asked for with Permanently.
type BulkSilenceRequest struct {
	// Filter selects the actions (its PageSize and Concurrency are unused).
	Filter Filter
	// All confirms that a Filter that selects nothing in particular
	// (Filter.Selects is false) is meant: every visible action is
	// silenced. It goes with the Filter's fields that select nothing, such
	// as IncludeSilenced, but not with one that selects.
	All bool
	// For is the silence's duration: ForDays(n) or Permanently.
	For Duration
}

// BulkSilence silences every visible action that the request's filter
// matches. It is hand-written because silencing every action and silencing
// for ever must be asked for (All, Permanently), never by omission
// (user_actions_bulk_silence).
func (c *Client) BulkSilence(ctx context.Context, r BulkSilenceRequest) (*BulkSilenceResult, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	// Selects counts only the parameters the spec declares as selecting
	// (x-respondkit-selects): ordering and IncludeSilenced narrow nothing.
	selective := r.Filter.Selects()
	if !selective && !r.All {
		return nil, errors.New("waldur: BulkSilenceRequest.Filter selects no actions in particular (ordering, IncludeSilenced and UserUUID narrow nothing), so every visible action would be silenced: set All to mean it")
	}
	if selective && r.All {
		return nil, errors.New("waldur: BulkSilenceRequest has both a selecting Filter and All: give one")
	}
	params, err := r.Filter.userActionsBulkSilenceParams()
	if err != nil {
		return nil, err
	}
	body, err := r.For.body()
	if err != nil {
		return nil, err
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsBulkSilence(ctx, params, body)
	return httpclient.Decode[BulkSilenceResult](api, resp, err, http.StatusOK)
}
