package falcon_test

import (
	"context"
	"fmt"

	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/falcon/falcontest"
	"github.com/respondkit/respondkit/clients/falcon/fql"
)

// Create and enable a policy, then walk the platform's policies in
// precedence order. The fake server stands in for the Falcon API.
func Example() {
	srv := falcontest.NewServer()
	defer srv.Close()
	c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret()}, falcon.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	defer c.Close(ctx) // revokes the token

	created, err := c.CreatePolicies(ctx, []falcon.PolicyCreate{{Name: "on-call responders", PlatformName: falcon.PlatformMac}})
	if err != nil {
		panic(err)
	}
	if _, err := c.Enable(ctx, created[0].ID); err != nil {
		panic(err)
	}
	mac := fql.Eq("platform_name", "Mac").String()
	for p, err := range c.QueryPolicies(ctx, falcon.QueryOptions{Filter: mac, Sort: falcon.SortPrecedenceAsc}) {
		if err != nil {
			panic(err)
		}
		fmt.Println(p.Name, p.Enabled)
	}
	// Output:
	// on-call responders true
	// platform_default true
}
