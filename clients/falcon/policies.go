package falcon

import (
	"context"
	"fmt"
	"net/http"

	"github.com/respondkit/respondkit/clients/internal/msa"
	"github.com/respondkit/respondkit/clients/internal/wrap"
	"github.com/respondkit/respondkit/gen/falconapi"
)

// SortModifiedDesc is SortModifiedTimestampDesc, under its earlier name.
const SortModifiedDesc = SortModifiedTimestampDesc

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
