package falcon

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/respondkit/respondkit/clients/internal/msa"
	"github.com/respondkit/respondkit/clients/internal/wrap"
	"github.com/respondkit/respondkit/gen/falconapi"
)

// SortModifiedDesc is SortModifiedTimestampDesc, under its earlier name.
const SortModifiedDesc = SortModifiedTimestampDesc

// checkAction is PerformAction's rule across arguments: the group actions
// name their group.
func checkAction(action Action, body ActionRequest) error {
	if !strings.HasSuffix(string(action), "-group") {
		return nil
	}
	if !slices.ContainsFunc(body.ActionParameters, func(p ActionParameter) bool { return p.Name == "group_id" && strings.TrimSpace(p.Value) != "" }) {
		return fmt.Errorf("falcon: action %s needs a group_id parameter", action)
	}
	return nil
}

// Enable enables the policies with the given ids: PerformAction with
// ActionEnable, kept by hand as a shorthand.
func (c *Client) Enable(ctx context.Context, ids []string) ([]Policy, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	return c.PerformAction(ctx, ActionEnable, ActionRequest{IDs: ids})
}

// Disable disables the policies with the given ids: PerformAction with
// ActionDisable, kept by hand as a shorthand.
func (c *Client) Disable(ctx context.Context, ids []string) ([]Policy, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	return c.PerformAction(ctx, ActionDisable, ActionRequest{IDs: ids})
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
	return c.PerformAction(ctx, action, ActionRequest{IDs: ch.PolicyIDs, ActionParameters: []ActionParameter{{Name: "group_id", Value: ch.GroupID}}})
}

// AddHostGroup attaches a host group to policies (PerformAction with
// ActionAddHostGroup and its group_id, kept by hand as a shorthand).
func (c *Client) AddHostGroup(ctx context.Context, ch GroupChange) ([]Policy, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	return c.group(ctx, ActionAddHostGroup, ch)
}

// RemoveHostGroup detaches a host group from policies (PerformAction, as
// AddHostGroup).
func (c *Client) RemoveHostGroup(ctx context.Context, ch GroupChange) ([]Policy, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	return c.group(ctx, ActionRemoveHostGroup, ch)
}

// AddRuleGroup attaches a rule group to policies (PerformAction, as
// AddHostGroup).
func (c *Client) AddRuleGroup(ctx context.Context, ch GroupChange) ([]Policy, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	return c.group(ctx, ActionAddRuleGroup, ch)
}

// RemoveRuleGroup detaches a rule group from policies (PerformAction, as
// AddHostGroup).
func (c *Client) RemoveRuleGroup(ctx context.Context, ch GroupChange) ([]Policy, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	return c.group(ctx, ActionRemoveRuleGroup, ch)
}

// SetPrecedence orders a platform's policies: the first id has the highest
// precedence. Every non-default policy of the platform must be listed. It
// is hand-written (setRTResponsePoliciesPrecedence) because the policies are
// looked up first, so that the platform's default policy
// (platform_default) or another platform's policy is refused before
// anything changes.
func (c *Client) SetPrecedence(ctx context.Context, platform Platform, ids []string) error {
	if err := c.ready(); err != nil {
		return err
	}
	if !platform.Valid() {
		return fmt.Errorf("falcon: unknown platform %q (want Windows, Mac or Linux)", platform)
	}
	if err := wrap.IDs(api, "policy ids", ids); err != nil {
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
	env, err := msa.Decode[string](0, resp, err, http.StatusOK)
	if err != nil {
		return err
	}
	return partialError(env.Errors, []string{env.Meta.TraceID})
}
