package falcon_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/falcon/falcontest"
	"github.com/respondkit/respondkit/clients/falcon/fql"
	"github.com/respondkit/respondkit/gen/falconapi"
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
	if _, err := c.Enable(ctx, []string{created[0].ID}); err != nil {
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

// Call an operation through the generated client, for its raw answer, and
// turn an answer that is not 2xx into the typed error.
func ExampleCheckResponse() {
	srv := falcontest.NewServer()
	defer srv.Close()
	c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret()}, falcon.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	defer c.Close(ctx)
	resp, err := c.Generated().GetRTResponsePolicies(ctx, &falconapi.GetRTResponsePoliciesParams{IDs: falconapi.IDs{"no-such-policy"}})
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	// CheckResponse is nil for a 2xx answer: then decode resp.Body.
	if err := falcon.CheckResponse(resp); err != nil {
		var e *falcon.Error
		if errors.As(err, &e) {
			fmt.Println(falcon.IsNotFound(err), e.StatusCode, e.Method, e.Path)
			fmt.Println(e.Message, e.RequestID != "") // and err reads "falcon: GET /policy/...: 404 Not Found: ... (request id ...)"
		}
	}
	// Output:
	// true 404 GET /policy/entities/response/v1
	// policy not found true
}

// Tell the errors apart: a mistake in the input is refused before anything
// is sent, ids that are not found come back as a *falcon.PartialError beside
// the policies that were, and an answer that is not 2xx is a *falcon.Error
// (IsForbidden here: a wrong secret).
func Example_errors() {
	srv := falcontest.NewServer()
	defer srv.Close()
	c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret()}, falcon.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	defer c.Close(ctx)

	created, err := c.CreatePolicies(ctx, []falcon.PolicyCreate{{Name: "responders", PlatformName: falcon.PlatformLinux}})
	if err != nil {
		panic(err)
	}
	id, missing := created[0].ID, strings.Repeat("0", 32)
	_, err = c.DeletePolicies(ctx, []string{missing, missing})
	fmt.Println(err)

	policies, err := c.GetPolicies(ctx, []string{id, missing})
	var partial *falcon.PartialError
	if errors.As(err, &partial) {
		fmt.Println(len(policies), "found;", partial.Errors[0].Code, partial.Errors[0].ID == missing)
	}

	wrong, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: "not-the-secret"}, falcon.WithBaseURL(srv.URL))
	if err != nil {
		panic(err)
	}
	_, err = wrong.GetPolicies(ctx, []string{id})
	var e *falcon.Error
	if falcon.IsForbidden(err) && errors.As(err, &e) {
		fmt.Println(e.StatusCode, e.Method, e.Path)
	}
	// Output:
	// falcon: ids[1] repeats ids[0] ("00000000000000000000000000000000"): list each id once
	// 1 found; 404 true
	// 403 POST /oauth2/token
}
