package falcon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/clients/internal/jsondec"
	"github.com/respondkit/respondkit/gen/falconapi"
	"github.com/respondkit/respondkit/internal/jsonfast"
)

// Types of the API, as generated from its spec.
type (
	// Platform is an operating system platform.
	Platform = falconapi.PlatformName
	// Sort orders policy queries.
	Sort = falconapi.PolicySort
	// Action is an action on policies.
	Action = falconapi.PolicyActionName
)

// Platforms.
const (
	PlatformWindows = falconapi.PlatformNameWindows
	PlatformMac     = falconapi.PlatformNameMac
	PlatformLinux   = falconapi.PlatformNameLinux
)

// Common sorts; every falconapi.PolicySort value is accepted.
const (
	SortPrecedenceAsc = falconapi.PolicySortPrecedenceAsc
	SortNameAsc       = falconapi.PolicySortNameAsc
	SortModifiedDesc  = falconapi.PolicySortModifiedTimestampDesc
)

// Actions on policies, for PerformAction.
const (
	ActionEnable          = falconapi.PolicyActionNameEnable
	ActionDisable         = falconapi.PolicyActionNameDisable
	ActionAddHostGroup    = falconapi.PolicyActionNameAddHostGroup
	ActionRemoveHostGroup = falconapi.PolicyActionNameRemoveHostGroup
	ActionAddRuleGroup    = falconapi.PolicyActionNameAddRuleGroup
	ActionRemoveRuleGroup = falconapi.PolicyActionNameRemoveRuleGroup
)

// envelope is the MSA answer, decoded into the generated item type.
type envelope[T any] struct {
	Errors    []falconapi.APIError `json:"errors"`
	Meta      falconapi.MetaInfo   `json:"meta"`
	Resources []T                  `json:"resources"`
}

// DecodeJSON decodes the envelope with the generated decoder of the answer
// type of the same fields (falconapi.PoliciesResponse for policies,
// falconapi.QueryResponse for ids), so that batch answers are decoded as
// pages are.
func (e *envelope[T]) DecodeJSON(d *jsonfast.Decoder) error {
	switch e := any(e).(type) {
	case *envelope[Policy]:
		return (*falconapi.PoliciesResponse)(e).DecodeJSON(d)
	case *envelope[string]:
		return (*falconapi.QueryResponse)(e).DecodeJSON(d)
	}
	return jsonfast.Reflect(d, e)
}

// PartialError reports a 2xx answer whose errors[] was not empty: some of
// the resources asked for failed. The results that succeeded are returned
// beside it.
type PartialError struct {
	// Errors are the envelope's errors (ID names the resource).
	Errors []APIError
	// TraceIDs are the trace ids of the answers that carried them.
	TraceIDs []string
}

// Error summarises the failures.
func (e *PartialError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "falcon: %d of the resources failed", len(e.Errors))
	for i, x := range e.Errors {
		if i == 3 {
			fmt.Fprintf(&b, "; ... (%d more)", len(e.Errors)-3)
			break
		}
		b.WriteString("; ")
		if x.ID != "" {
			b.WriteString(apierror.Clip(x.ID) + ": ")
		}
		fmt.Fprintf(&b, "%d %s", x.Code, apierror.Clip(x.Message))
	}
	if len(e.TraceIDs) > 0 {
		fmt.Fprintf(&b, " (trace id %s)", apierror.Clip(strings.Join(e.TraceIDs, ", ")))
	}
	return b.String()
}

func (e *PartialError) add(errs []APIError, trace string) {
	if len(errs) == 0 {
		return
	}
	e.Errors = append(e.Errors, errs...)
	e.TraceIDs = append(e.TraceIDs, trace)
}

func (e *PartialError) orNil() error {
	if len(e.Errors) == 0 {
		return nil
	}
	return e
}

// call decodes an answer with a wanted status into its envelope.
func call[T any](resp *http.Response, err error, want ...int) (*envelope[T], error) {
	return httpclient.Decode[envelope[T]](api, resp, err, want...)
}

// callN is call for an answer expected to hold about n resources (a page
// size, a batch): the slice is sized once instead of grown while decoding.
//
// An answer with more than n resources is an error, found while decoding.
func callN[T any](n int, resp *http.Response, err error, want ...int) (*envelope[T], error) {
	env := &envelope[T]{Resources: httpclient.Presize[T](n)}
	if err := httpclient.DecodeItems[T](api, resp, err, env, n, want...); err != nil {
		return nil, err
	}
	return env, nil
}

// callFound is callN for GetPolicies and DeletePolicies, whose 404 answers
// use the 200 envelope: the resources found or deleted and the vendor's
// per-id errors. A 404 whose body is not such an envelope (a proxy's page)
// is the typed error, and notFound reports the batch as not found.
func callFound[T any](n int, batch []string, resp *http.Response, err error) (*envelope[T], error) {
	if err != nil || resp.StatusCode != http.StatusNotFound {
		return callN[T](n, resp, err, http.StatusOK)
	}
	trace := resp.Header.Get("X-CS-TRACEID")
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, jsondec.DefaultLimit))
	_ = resp.Body.Close()
	if rerr != nil {
		return nil, fmt.Errorf("falcon: %s %s: 404 answer: %w", resp.Request.Method, resp.Request.URL.Path, rerr)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	env, derr := callN[T](n, resp, nil, http.StatusNotFound)
	if derr == nil && (len(env.Errors) > 0 || len(env.Resources) > 0) {
		if env.Meta.TraceID == "" {
			env.Meta.TraceID = trace
		}
		return env, nil
	}
	// Not the envelope: none of the batch exists, as far as we can tell.
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if e := apierror.FromResponse(api, resp); e.RequestID != "" {
		trace = e.RequestID
	}
	return &envelope[T]{Errors: notFound(batch), Meta: falconapi.MetaInfo{TraceID: trace}}, nil
}

func checkIDs(ids []string) error {
	if len(ids) == 0 {
		return errors.New("falcon: no policy ids")
	}
	for i, id := range ids {
		if strings.TrimSpace(id) == "" {
			return fmt.Errorf("falcon: policy id %d is empty", i)
		}
	}
	return nil
}

// GetPolicies returns the policies with the given ids, in the order asked
// for, fetching them in batches of 100 (four batches at a time). Ids the
// service reports as failed are left out and reported in a *PartialError
// with the service's own per-id messages; the policies found are returned
// beside it, from a 404 answer too.
func (c *Client) GetPolicies(ctx context.Context, ids []string) ([]Policy, error) {
	if err := checkIDs(ids); err != nil {
		return nil, err
	}
	envs, err := getRTResponsePoliciesBatches(ctx, c, &falconapi.GetRTResponsePoliciesParams{IDs: ids},
		func(resp *http.Response, err error, batch []string) (*envelope[Policy], error) {
			return callFound[Policy](len(batch), batch, resp, err)
		})
	if err != nil {
		return nil, err
	}
	byID := map[string]Policy{}
	partial := &PartialError{}
	for _, env := range envs {
		for _, p := range env.Resources {
			byID[p.ID] = p
		}
		partial.add(env.Errors, env.Meta.TraceID)
	}
	out := make([]Policy, 0, len(ids))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, p)
		}
	}
	return out, partial.orNil()
}

func notFound(ids []string) []APIError {
	errs := make([]APIError, len(ids))
	for i, id := range ids {
		errs[i] = APIError{Code: http.StatusNotFound, Message: "not found", ID: id}
	}
	return errs
}

// DeletePolicies deletes policies in batches of 100 and returns the ids the
// service deleted; failures are reported in a *PartialError with the
// service's own per-id messages, beside the ids deleted (from a 404 answer
// too). A batch is never resent once the service may have acted on it.
func (c *Client) DeletePolicies(ctx context.Context, ids []string) ([]string, error) {
	if err := checkIDs(ids); err != nil {
		return nil, err
	}
	envs, err := deleteRTResponsePoliciesBatches(ctx, c, &falconapi.DeleteRTResponsePoliciesParams{IDs: ids},
		func(resp *http.Response, err error, batch []string) (*envelope[string], error) {
			return callFound[string](len(batch), batch, resp, err)
		})
	return collect(envs, err)
}

func collect[T any](envs []*envelope[T], err error) ([]T, error) {
	var out []T
	partial := &PartialError{}
	for _, env := range envs {
		if env == nil {
			continue
		}
		out = append(out, env.Resources...)
		partial.add(env.Errors, env.Meta.TraceID)
	}
	if err != nil {
		return out, err
	}
	return out, partial.orNil()
}

// CreatePolicies creates policies in batches of 100, one batch at a time (a
// create is never resent once it may have reached the service). New
// policies are disabled: enable them with Enable.
func (c *Client) CreatePolicies(ctx context.Context, policies []PolicyCreate) ([]Policy, error) {
	if len(policies) == 0 {
		return nil, errors.New("falcon: no policies to create")
	}
	for i, p := range policies {
		switch {
		case strings.TrimSpace(p.Name) == "":
			return nil, fmt.Errorf("falcon: policy %d has no name", i)
		case !p.PlatformName.Valid():
			return nil, fmt.Errorf("falcon: policy %d: unknown platform %q (want Windows, Mac or Linux)", i, p.PlatformName)
		}
	}
	envs, err := createRTResponsePoliciesBatches(ctx, c, falconapi.CreatePoliciesRequest{Resources: policies},
		func(resp *http.Response, err error, _ []PolicyCreate) (*envelope[Policy], error) {
			return call[Policy](resp, err, http.StatusCreated)
		})
	return collect(envs, err)
}

// UpdatePolicies updates policies in batches of 100, one batch at a time.
func (c *Client) UpdatePolicies(ctx context.Context, updates []PolicyUpdate) ([]Policy, error) {
	if len(updates) == 0 {
		return nil, errors.New("falcon: no policy updates")
	}
	for i, u := range updates {
		if strings.TrimSpace(u.ID) == "" {
			return nil, fmt.Errorf("falcon: update %d has no policy id", i)
		}
		if u.Settings == nil {
			updates[i].Settings = []SettingInput{} // required by the service, may be empty
		}
	}
	envs, err := updateRTResponsePoliciesBatches(ctx, c, falconapi.UpdatePoliciesRequest{Resources: updates},
		func(resp *http.Response, err error, _ []PolicyUpdate) (*envelope[Policy], error) {
			return call[Policy](resp, err, http.StatusOK)
		})
	return collect(envs, err)
}

// PerformAction runs an action on policies, in batches of 100; params are
// the action's parameters (group_id for the group actions).
func (c *Client) PerformAction(ctx context.Context, action Action, ids []string, params map[string]string) ([]Policy, error) {
	if !action.Valid() {
		return nil, fmt.Errorf("falcon: unknown action %q", action)
	}
	if err := checkIDs(ids); err != nil {
		return nil, err
	}
	if strings.HasSuffix(string(action), "-group") && params["group_id"] == "" {
		return nil, fmt.Errorf("falcon: action %s needs a group_id", action)
	}
	var ap []falconapi.ActionParameter
	for k, v := range params {
		ap = append(ap, falconapi.ActionParameter{Name: k, Value: v})
	}
	body := falconapi.EntityActionRequest{IDs: ids, ActionParameters: ap}
	envs, err := performRTResponsePoliciesActionBatches(ctx, c, &falconapi.PerformRTResponsePoliciesActionParams{ActionName: action}, body,
		func(resp *http.Response, err error, _ []string) (*envelope[Policy], error) {
			return call[Policy](resp, err, http.StatusOK)
		})
	return collect(envs, err)
}

// Enable enables the policies with the given ids.
func (c *Client) Enable(ctx context.Context, ids []string) ([]Policy, error) {
	return c.PerformAction(ctx, falconapi.PolicyActionNameEnable, ids, nil)
}

// Disable disables the policies with the given ids.
func (c *Client) Disable(ctx context.Context, ids []string) ([]Policy, error) {
	return c.PerformAction(ctx, falconapi.PolicyActionNameDisable, ids, nil)
}

// GroupChange names a host or rule group and the policies to attach it to or
// detach it from.
type GroupChange struct {
	// GroupID is the group's id.
	GroupID string
	// PolicyIDs are the policies' ids.
	PolicyIDs []string
}

func (c *Client) group(ctx context.Context, action Action, ch GroupChange) ([]Policy, error) {
	if strings.TrimSpace(ch.GroupID) == "" {
		return nil, fmt.Errorf("falcon: GroupChange.GroupID is empty (action %s)", action)
	}
	return c.PerformAction(ctx, action, ch.PolicyIDs, map[string]string{"group_id": ch.GroupID})
}

// AddHostGroup attaches a host group to policies.
func (c *Client) AddHostGroup(ctx context.Context, ch GroupChange) ([]Policy, error) {
	return c.group(ctx, falconapi.PolicyActionNameAddHostGroup, ch)
}

// RemoveHostGroup detaches a host group from policies.
func (c *Client) RemoveHostGroup(ctx context.Context, ch GroupChange) ([]Policy, error) {
	return c.group(ctx, falconapi.PolicyActionNameRemoveHostGroup, ch)
}

// AddRuleGroup attaches a rule group to policies.
func (c *Client) AddRuleGroup(ctx context.Context, ch GroupChange) ([]Policy, error) {
	return c.group(ctx, falconapi.PolicyActionNameAddRuleGroup, ch)
}

// RemoveRuleGroup detaches a rule group from policies.
func (c *Client) RemoveRuleGroup(ctx context.Context, ch GroupChange) ([]Policy, error) {
	return c.group(ctx, falconapi.PolicyActionNameRemoveRuleGroup, ch)
}

// SetPrecedence orders a platform's policies: the first id has the highest
// precedence. Every non-default policy of the platform must be listed. The
// platform is checked, and the policies are looked up first so that the
// platform's default policy (platform_default) or another platform's policy
// is refused before anything changes.
func (c *Client) SetPrecedence(ctx context.Context, platform Platform, ids []string) error {
	if !platform.Valid() {
		return fmt.Errorf("falcon: unknown platform %q (want Windows, Mac or Linux)", platform)
	}
	if err := checkIDs(ids); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			return fmt.Errorf("falcon: policy %s listed twice", id)
		}
		seen[id] = true
	}
	policies, err := c.GetPolicies(ctx, ids)
	if err != nil {
		return err
	}
	for _, p := range policies {
		switch {
		case p.Name == "platform_default":
			return fmt.Errorf("falcon: policy %s is the %s default policy, which has no precedence", p.ID, p.PlatformName)
		case p.PlatformName != platform:
			return fmt.Errorf("falcon: policy %s is a %s policy, not %s", p.ID, p.PlatformName, platform)
		}
	}
	ctx, cancel := c.hc.WithTimeout(ctx)
	defer cancel()
	resp, err := c.gen.SetRTResponsePoliciesPrecedence(ctx, falconapi.SetPrecedenceRequest{IDs: ids, PlatformName: platform})
	env, err := call[string](resp, err, http.StatusOK)
	if err != nil {
		return err
	}
	partial := &PartialError{}
	partial.add(env.Errors, env.Meta.TraceID)
	return partial.orNil()
}
