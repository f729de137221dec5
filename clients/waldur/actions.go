package waldur

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/clients/internal/linkheader"
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
	MaxPageSize     = 300
	MaxSilenceDays  = 365
	defaultPageSize = MaxPageSize
)

// orderFields are the fields the list may be ordered by.
var orderFields = map[string]bool{"urgency": true, "due_date": true, "created": true, "modified": true, "action_type": true}

// Bool returns a pointer to b, for the optional boolean filters.
func Bool(b bool) *bool { return &b }

// Filter selects user actions. It is shared by List, ListPage, Count, Summary
// and BulkSilence; the zero value selects every visible action.
type Filter struct {
	// ActionType keeps actions of this type, e.g. "pending_order".
	ActionType string
	// CreatedAfter and CreatedBefore bound the creation time (inclusive).
	CreatedAfter, CreatedBefore time.Time
	// DueWithinDays keeps actions due within this many days (nil: any).
	DueWithinDays *float64
	// IncludeSilenced also returns silenced actions.
	IncludeSilenced bool
	// IsSilenced filters on the permanent silence flag (nil: either).
	IsSilenced *bool
	// Overdue keeps overdue (true) or not overdue (false) actions.
	Overdue *bool
	// Urgency keeps actions of this urgency ("" for any).
	Urgency Urgency
	// UserUUID lists another user's actions (staff only).
	UserUUID string
	// OrderBy orders by these fields (urgency, due_date, created, modified,
	// action_type), each optionally prefixed with "-" for descending.
	OrderBy []string
}

// query encodes the filter as the server expects it: booleans in lower case,
// times in RFC 3339 UTC. It checks every value before anything is sent.
func (f Filter) query() (url.Values, error) {
	q := url.Values{}
	if f.ActionType != "" {
		q.Set("action_type", f.ActionType)
	}
	if !f.CreatedAfter.IsZero() {
		q.Set("created_after", f.CreatedAfter.UTC().Format(time.RFC3339Nano))
	}
	if !f.CreatedBefore.IsZero() {
		q.Set("created_before", f.CreatedBefore.UTC().Format(time.RFC3339Nano))
	}
	if !f.CreatedAfter.IsZero() && !f.CreatedBefore.IsZero() && f.CreatedBefore.Before(f.CreatedAfter) {
		return nil, errors.New("waldur: CreatedBefore is before CreatedAfter")
	}
	if f.DueWithinDays != nil {
		q.Set("due_within_days", strconv.FormatFloat(*f.DueWithinDays, 'f', -1, 64))
	}
	if f.IncludeSilenced {
		q.Set("include_silenced", "true")
	}
	if f.IsSilenced != nil {
		q.Set("is_silenced", strconv.FormatBool(*f.IsSilenced))
	}
	if f.Overdue != nil {
		q.Set("overdue", strconv.FormatBool(*f.Overdue))
	}
	switch f.Urgency {
	case "":
	case UrgencyLow, UrgencyMedium, UrgencyHigh:
		q.Set("urgency", string(f.Urgency))
	default:
		return nil, fmt.Errorf("waldur: unknown urgency %.64q (want low, medium or high)", f.Urgency)
	}
	if f.UserUUID != "" {
		if _, err := uuid.Parse(f.UserUUID); err != nil {
			return nil, fmt.Errorf("waldur: user uuid %.64q: %w", f.UserUUID, err)
		}
		q.Set("user_uuid", f.UserUUID)
	}
	if len(f.OrderBy) > 0 {
		for _, o := range f.OrderBy {
			if !orderFields[strings.TrimPrefix(o, "-")] {
				return nil, fmt.Errorf("waldur: cannot order by %.64q (want urgency, due_date, created, modified or action_type, optionally with -)", o)
			}
		}
		q.Set("o", strings.Join(f.OrderBy, ","))
	}
	return q, nil
}

// withQuery adds query values to the generated request.
func withQuery(q url.Values) waldurapi.RequestEditorFn {
	return func(_ context.Context, r *http.Request) error {
		rq := r.URL.Query()
		for k, v := range q {
			rq[k] = v
		}
		r.URL.RawQuery = rq.Encode()
		return nil
	}
}

// Page is one page of user actions.
type Page struct {
	// Items are the page's actions.
	Items []UserAction
	// Total is the number of matching actions across all pages
	// (X-Result-Count), or -1 when the server did not say.
	Total int
	// Next is the number of the next page, or 0 on the last page.
	Next int
}

// ListPage returns one page (from 1) of at most pageSize (1..300) actions. A
// page with more than pageSize actions is an error, found while decoding.
func (c *Client) ListPage(ctx context.Context, f Filter, page, pageSize int) (*Page, error) {
	if page < 1 {
		return nil, fmt.Errorf("waldur: page %d out of range (pages start at 1)", page)
	}
	if pageSize < 1 || pageSize > MaxPageSize {
		return nil, fmt.Errorf("waldur: page size %d out of range 1..%d", pageSize, MaxPageSize)
	}
	q, err := f.query()
	if err != nil {
		return nil, err
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsList(ctx, &waldurapi.UserActionsListParams{Page: &page, PageSize: &pageSize}, withQuery(q))
	var header http.Header
	if err == nil {
		header = resp.Header
	}
	items := httpclient.Presize[UserAction](pageSize)
	if err := httpclient.DecodeItems[UserAction](api, resp, err, &items, pageSize, http.StatusOK); err != nil {
		return nil, err
	}
	p := &Page{Items: items, Total: -1}
	if n, err := strconv.Atoi(header.Get("X-Result-Count")); err == nil && n >= 0 {
		p.Total = n
	}
	// The next link's host is the server's view of itself, which behind a
	// proxy may not be reachable: take only its page number.
	if next, ok := linkheader.Rel(header.Values("Link"), "next"); ok {
		if u, err := url.Parse(next); err == nil {
			if n, err := strconv.Atoi(u.Query().Get("page")); err == nil && n > page {
				p.Next = n
			}
		}
	}
	return p, nil
}

// List iterates over every matching action across all pages, fetching pages
// of 300 as the loop needs them. It stops at the first error, which it yields
// once, and at the first empty page whatever its next link says.
func (c *Client) List(ctx context.Context, f Filter) iter.Seq2[UserAction, error] {
	return paging.Seq(ctx, 1, func(ctx context.Context, page int) (paging.Page[UserAction, int], error) {
		p, err := c.ListPage(ctx, f, page, defaultPageSize)
		if err != nil {
			return paging.Page[UserAction, int]{}, err
		}
		return paging.Page[UserAction, int]{Items: p.Items, Next: p.Next, More: p.Next > 0}, nil
	})
}

// Count returns how many actions match, from a HEAD request's X-Result-Count:
// no body is transferred.
func (c *Client) Count(ctx context.Context, f Filter) (int, error) {
	q, err := f.query()
	if err != nil {
		return 0, err
	}
	u := c.hc.BaseURL.JoinPath("/api/user-actions/")
	u.RawQuery = q.Encode()
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, u.String(), nil)
	if err != nil {
		return 0, fmt.Errorf("waldur: %w", err)
	}
	resp, err := c.hc.HTTP.Do(req)
	if err := httpclient.Check(api, resp, err, http.StatusOK); err != nil {
		return 0, err
	}
	resp.Body.Close()
	n, err := strconv.Atoi(resp.Header.Get("X-Result-Count"))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("waldur: HEAD %s: no usable X-Result-Count header (%.64q)", u.Path, resp.Header.Get("X-Result-Count"))
	}
	return n, nil
}

func parseUUID(id string) (uuid.UUID, error) {
	if id == "" {
		return uuid.Nil, errors.New("waldur: empty user action uuid")
	}
	u, err := uuid.Parse(id)
	if err != nil {
		return uuid.Nil, fmt.Errorf("waldur: user action uuid %.64q: %w", id, err)
	}
	return u, nil
}

// Get returns one user action. A silenced action is found only with
// includeSilenced.
func (c *Client) Get(ctx context.Context, id string, includeSilenced bool) (*UserAction, error) {
	u, err := parseUUID(id)
	if err != nil {
		return nil, err
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsRetrieve(ctx, u, &waldurapi.UserActionsRetrieveParams{IncludeSilenced: includeParam(includeSilenced)})
	return httpclient.Decode[UserAction](api, resp, err, http.StatusOK)
}

// includeParam sends include_silenced=true only when asked: the server
// honours exactly that value.
func includeParam(b bool) *bool {
	if b {
		return &b
	}
	return nil
}

// Summary counts the matching actions.
func (c *Client) Summary(ctx context.Context, f Filter) (*Summary, error) {
	q, err := f.query()
	if err != nil {
		return nil, err
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsSummaryRetrieve(ctx, &waldurapi.UserActionsSummaryRetrieveParams{}, withQuery(q))
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
	return waldurapi.SilenceActionRequest{DurationDays: &days}, nil
}

// Silence silences one action for days (1..365), or permanently when days is
// 0. A silenced action is found only with includeSilenced.
func (c *Client) Silence(ctx context.Context, id string, days int, includeSilenced bool) (*SilenceResult, error) {
	u, err := parseUUID(id)
	if err != nil {
		return nil, err
	}
	body, err := silenceBody(days)
	if err != nil {
		return nil, err
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsSilence(ctx, u, &waldurapi.UserActionsSilenceParams{IncludeSilenced: includeParam(includeSilenced)}, body)
	return httpclient.Decode[SilenceResult](api, resp, err, http.StatusOK)
}

// BulkSilence silences every visible action that matches f (all of them for
// the zero Filter) for days (1..365), or permanently when days is 0.
func (c *Client) BulkSilence(ctx context.Context, f Filter, days int) (*BulkSilenceResult, error) {
	q, err := f.query()
	if err != nil {
		return nil, err
	}
	body, err := silenceBody(days)
	if err != nil {
		return nil, err
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsBulkSilence(ctx, &waldurapi.UserActionsBulkSilenceParams{}, body, withQuery(q))
	return httpclient.Decode[BulkSilenceResult](api, resp, err, http.StatusOK)
}

// Unsilence removes any silence from an action; silenced actions are found
// without asking.
func (c *Client) Unsilence(ctx context.Context, id string) error {
	u, err := parseUUID(id)
	if err != nil {
		return err
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsUnsilence(ctx, u)
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
func (c *Client) Execute(ctx context.Context, id, label string, includeSilenced bool) (*ExecuteResult, error) {
	u, err := parseUUID(id)
	if err != nil {
		return nil, err
	}
	if label == "" {
		return nil, errors.New("waldur: empty corrective action label")
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.UserActionsExecuteAction(ctx, u,
		&waldurapi.UserActionsExecuteActionParams{IncludeSilenced: includeParam(includeSilenced)},
		waldurapi.ExecuteActionRequest{ActionLabel: label})
	out, err := httpclient.Decode[ExecuteResult](api, resp, err, http.StatusOK)
	var apiErr *apierror.Error
	if err != nil && errors.As(err, &apiErr) {
		// The two 404s differ by body: {detail} for the user action,
		// {error} for the label.
		var body waldurapi.ExecuteActionError
		_ = json.Unmarshal(apiErr.Raw, &body)
		switch {
		case apiErr.StatusCode == http.StatusNotFound && body.Error != nil:
			return nil, fmt.Errorf("waldur: %w: %w", ErrLabelNotPermitted, apiErr)
		case apiErr.StatusCode == http.StatusNotFound:
			return nil, fmt.Errorf("waldur: %w: %w", ErrActionNotFound, apiErr)
		case apiErr.StatusCode == http.StatusInternalServerError && body.Error != nil:
			return nil, fmt.Errorf("waldur: %w: %w", ErrActionFailed, apiErr)
		}
	}
	return out, err
}
