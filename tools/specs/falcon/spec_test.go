package falcon_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/respondkit/respondkit/gen/falconapi"
	"github.com/respondkit/respondkit/tools/internal/spectest"
)

// specPath is the spec under test, kept beside the generated code at the
// repository root.
const specPath = "../../../specs/falcon/openapi.yaml"

func TestSpecOperations(t *testing.T) {
	doc := spectest.Load(t, specPath)
	spectest.AssertOperations(t, doc, []spectest.Op{
		{Method: "POST", Path: "/oauth2/token", OperationID: "oauth2AccessToken"},
		{Method: "POST", Path: "/oauth2/revoke", OperationID: "oauth2RevokeToken"},
		{Method: "GET", Path: "/policy/combined/response-members/v1", OperationID: "queryCombinedRTResponsePolicyMembers"},
		{Method: "GET", Path: "/policy/combined/response/v1", OperationID: "queryCombinedRTResponsePolicies"},
		{Method: "POST", Path: "/policy/entities/response-actions/v1", OperationID: "performRTResponsePoliciesAction"},
		{Method: "POST", Path: "/policy/entities/response-precedence/v1", OperationID: "setRTResponsePoliciesPrecedence"},
		{Method: "GET", Path: "/policy/entities/response/v1", OperationID: "getRTResponsePolicies"},
		{Method: "POST", Path: "/policy/entities/response/v1", OperationID: "createRTResponsePolicies"},
		{Method: "DELETE", Path: "/policy/entities/response/v1", OperationID: "deleteRTResponsePolicies"},
		{Method: "PATCH", Path: "/policy/entities/response/v1", OperationID: "updateRTResponsePolicies"},
		{Method: "GET", Path: "/policy/queries/response-members/v1", OperationID: "queryRTResponsePolicyMembers"},
		{Method: "GET", Path: "/policy/queries/response/v1", OperationID: "queryRTResponsePolicies"},
	})
}

// TestStatusesAndHeaders pins the documented statuses of each policy
// operation and the headers every answer carries.
func TestStatusesAndHeaders(t *testing.T) {
	doc := spectest.Load(t, specPath)
	// 400: ops 1, 2, 3, 4, 6, 8, 9, 10. 404: ops 1, 3, 5, 6, 7, 8, 9.
	// 403, 429, 500 and default: all.
	want := map[string]string{
		"queryCombinedRTResponsePolicyMembers": "200 400 403 404 429 500 default",
		"queryCombinedRTResponsePolicies":      "200 400 403 429 500 default",
		"performRTResponsePoliciesAction":      "200 400 403 404 429 500 default",
		"setRTResponsePoliciesPrecedence":      "200 400 403 429 500 default",
		"getRTResponsePolicies":                "200 403 404 429 500 default",
		"createRTResponsePolicies":             "201 400 403 404 429 500 default",
		"deleteRTResponsePolicies":             "200 403 404 429 500 default",
		"updateRTResponsePolicies":             "200 400 403 404 429 500 default",
		"queryRTResponsePolicyMembers":         "200 400 403 404 429 500 default",
		"queryRTResponsePolicies":              "200 400 403 429 500 default",
		"oauth2AccessToken":                    "201 308 400 403 429 500",
		"oauth2RevokeToken":                    "200 400 403 429 500",
	}
	for _, op := range spectest.Operations(doc) {
		o := doc.Paths.Find(op.Path).GetOperation(op.Method)
		var got []string
		for code, ref := range o.Responses.Map() {
			got = append(got, code)
			if code == "308" {
				continue
			}
			for _, h := range []string{"X-CS-TRACEID", "X-RateLimit-Limit", "X-RateLimit-Remaining"} {
				if _, ok := ref.Value.Headers[h]; !ok {
					t.Errorf("%s %s: no %s header", op.OperationID, code, h)
				}
			}
			if _, ok := ref.Value.Headers["X-RateLimit-RetryAfter"]; ok != (code == "429") {
				t.Errorf("%s %s: X-RateLimit-RetryAfter declared = %v", op.OperationID, code, ok)
			}
		}
		if !spectest.SameSet(got, strings.Fields(want[op.OperationID])) {
			t.Errorf("%s: statuses %v, want %s", op.OperationID, got, want[op.OperationID])
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestGeneratedClientAgainstSpec sends one real request per operation through
// the generated client to a server that validates it against the spec and
// answers with the spec's example, which the generated client must decode.
func TestGeneratedClientAgainstSpec(t *testing.T) {
	doc := spectest.Load(t, specPath)
	srv := spectest.NewServer(t, doc)
	bearer := falconapi.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		if r.URL.Path != "/oauth2/token" && r.URL.Path != "/oauth2/revoke" {
			r.Header.Set("Authorization", "Bearer test-token")
		}
		return nil
	})
	c, err := falconapi.NewClientWithResponses(srv.URL, bearer)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const policies = "/policy/entities/response/v1"
	ids := []string{"0a1b2c3d4e5f60718293a4b5c6d7e8f9", "1b2c3d4e5f60718293a4b5c6d7e8f90a"}

	t.Run("oauth2AccessToken", func(t *testing.T) {
		resp, err := c.Oauth2AccessTokenWithFormdataBodyWithResponse(ctx, falconapi.TokenRequest{
			ClientID: "id", ClientSecret: "secret", MemberCID: "child",
		})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 201, resp.JSON201, spectest.ExampleOf[falconapi.TokenResponse](t, doc, "/oauth2/token", "POST"))
		if resp.Headers201.XCSRegion != "us-1" {
			t.Errorf("X-CS-Region not decoded: %v", resp.Headers201.XCSRegion)
		}
	})
	t.Run("oauth2RevokeToken", func(t *testing.T) {
		resp, err := c.Oauth2RevokeTokenWithFormdataBodyWithResponse(ctx, falconapi.RevokeRequest{Token: "tok", ClientID: "id"},
			falconapi.RequestEditorFn(func(_ context.Context, r *http.Request) error {
				r.SetBasicAuth("id", "secret")
				return nil
			}))
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, spectest.ExampleOf[falconapi.ReplyMetaOnly](t, doc, "/oauth2/revoke", "POST"))
	})
	t.Run("queryCombinedRTResponsePolicyMembers", func(t *testing.T) {
		resp, err := c.QueryCombinedRTResponsePolicyMembersWithResponse(ctx, &falconapi.QueryCombinedRTResponsePolicyMembersParams{
			PolicyID: ids[0], Filter: "platform_name:'Linux'", Offset: ptr(int32(0)), Limit: 5000, Sort: "hostname.asc",
		})
		if err != nil {
			t.Fatal(err)
		}
		want := spectest.ExampleOf[falconapi.PolicyMembersResponse](t, doc, "/policy/combined/response-members/v1", "GET")
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, want)
		d := resp.JSON200.Resources[0]
		if d.DevicePolicies.RemoteResponse == nil || d.DevicePolicies.RemoteResponse.PolicyID != "0a1b2c3d4e5f60718293a4b5c6d7e8f9" {
			t.Errorf("device policies not decoded: %+v", d.DevicePolicies)
		}
		if resp.Headers200.XRateLimitRemaining == nil || *resp.Headers200.XRateLimitRemaining != 5999 {
			t.Errorf("X-RateLimit-Remaining not decoded: %v", resp.Headers200.XRateLimitRemaining)
		}
	})
	t.Run("queryCombinedRTResponsePolicies", func(t *testing.T) {
		resp, err := c.QueryCombinedRTResponsePoliciesWithResponse(ctx, &falconapi.QueryCombinedRTResponsePoliciesParams{
			Filter: "enabled:true", Offset: ptr(int32(100)), Limit: 100, Sort: falconapi.PolicySortPrecedenceAsc,
		})
		if err != nil {
			t.Fatal(err)
		}
		want := spectest.ExampleOf[falconapi.PoliciesResponse](t, doc, "/policy/combined/response/v1", "GET")
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, want)
		if p := want.Resources[0]; p.PlatformName != falconapi.PlatformNameLinux || len(p.Settings[0].Settings) != 2 {
			t.Errorf("policy example decoded as %+v", p)
		}
	})
	t.Run("performRTResponsePoliciesAction", func(t *testing.T) {
		resp, err := c.PerformRTResponsePoliciesActionWithResponse(ctx,
			&falconapi.PerformRTResponsePoliciesActionParams{ActionName: falconapi.PolicyActionNameAddHostGroup},
			falconapi.EntityActionRequest{IDs: ids[:1], ActionParameters: []falconapi.ActionParameter{{Name: "group_id", Value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, spectest.ExampleOf[falconapi.PoliciesResponse](t, doc, "/policy/entities/response-actions/v1", "POST"))
	})
	t.Run("setRTResponsePoliciesPrecedence", func(t *testing.T) {
		resp, err := c.SetRTResponsePoliciesPrecedenceWithResponse(ctx, falconapi.SetPrecedenceRequest{IDs: ids, PlatformName: falconapi.PlatformNameWindows})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, spectest.ExampleOf[falconapi.QueryResponse](t, doc, "/policy/entities/response-precedence/v1", "POST"))
	})
	t.Run("getRTResponsePolicies", func(t *testing.T) {
		resp, err := c.GetRTResponsePoliciesWithResponse(ctx, &falconapi.GetRTResponsePoliciesParams{IDs: ids})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, spectest.ExampleOf[falconapi.PoliciesResponse](t, doc, policies, "GET"))
		if got := resp.HTTPResponse.Request.URL.RawQuery; got != "ids="+ids[0]+"&ids="+ids[1] {
			t.Errorf("ids sent as %q, want repeated pairs", got)
		}
	})
	t.Run("createRTResponsePolicies", func(t *testing.T) {
		resp, err := c.CreateRTResponsePoliciesWithResponse(ctx, falconapi.CreatePoliciesRequest{Resources: []falconapi.PolicyCreate{{
			Name: "Linux responders", PlatformName: falconapi.PlatformNameLinux, Description: "RTR for the on-call team",
			Settings: []falconapi.SettingInput{{ID: "RealTimeFunctionality", Value: map[string]any{"enabled": true}}},
		}}})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 201, resp.JSON201, spectest.ExampleOf[falconapi.PoliciesResponse](t, doc, policies, "POST"))
	})
	t.Run("deleteRTResponsePolicies", func(t *testing.T) {
		resp, err := c.DeleteRTResponsePoliciesWithResponse(ctx, &falconapi.DeleteRTResponsePoliciesParams{IDs: ids})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, spectest.ExampleOf[falconapi.QueryResponse](t, doc, policies, "DELETE"))
	})
	t.Run("updateRTResponsePolicies", func(t *testing.T) {
		resp, err := c.UpdateRTResponsePoliciesWithResponse(ctx, falconapi.UpdatePoliciesRequest{Resources: []falconapi.PolicyUpdate{{
			ID: ids[0], Name: ptr("renamed"), Settings: []falconapi.SettingInput{{ID: "GetCommand", Value: map[string]any{"enabled": true}}},
		}}})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, spectest.ExampleOf[falconapi.PoliciesResponse](t, doc, policies, "PATCH"))
	})
	t.Run("queryRTResponsePolicyMembers", func(t *testing.T) {
		resp, err := c.QueryRTResponsePolicyMembersWithResponse(ctx, &falconapi.QueryRTResponsePolicyMembersParams{
			PolicyID: ids[0], Offset: ptr(int32(0)), Limit: 1,
		})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, spectest.ExampleOf[falconapi.QueryResponse](t, doc, "/policy/queries/response-members/v1", "GET"))
	})
	t.Run("queryRTResponsePolicies", func(t *testing.T) {
		resp, err := c.QueryRTResponsePoliciesWithResponse(ctx, &falconapi.QueryRTResponsePoliciesParams{Sort: falconapi.PolicySortNameDesc})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, spectest.ExampleOf[falconapi.QueryResponse](t, doc, "/policy/queries/response/v1", "GET"))
	})

	srv.AssertAllHit(t, doc)
}

// TestEnvelopeDecodesLeniently checks the generated envelope accepts what the
// service sends for errors: an empty list, null, or nothing.
func TestEnvelopeDecodesLeniently(t *testing.T) {
	for _, body := range []string{
		`{"meta":{"query_time":0.1,"trace_id":"t"},"resources":[],"errors":[]}`,
		`{"meta":{"query_time":0.1,"trace_id":"t"},"resources":[],"errors":null}`,
		`{"meta":{"query_time":0.1,"trace_id":"t"},"resources":[]}`,
	} {
		var r falconapi.QueryResponse
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Errorf("%s: %v", body, err)
		}
		if len(r.Errors) != 0 {
			t.Errorf("%s: errors %v", body, r.Errors)
		}
	}
}

// TestZeroValuesLeftOut: optional fields and parameters are plain values,
// and a zero one is left out of the request as a nil pointer was, in query
// strings, JSON bodies and form bodies alike; the pointers the spec keeps
// (the offset, PolicyUpdate's name and description) send what they point
// to, even 0 and "".
func TestZeroValuesLeftOut(t *testing.T) {
	const server = "https://api.example.com/"
	for _, tc := range []struct {
		name  string
		req   func() (*http.Request, error)
		query string
		body  string
		form  string
	}{
		{"query without options", func() (*http.Request, error) {
			return falconapi.NewQueryRTResponsePoliciesRequest(server, &falconapi.QueryRTResponsePoliciesParams{})
		}, "", "", ""},
		{"query with options", func() (*http.Request, error) {
			return falconapi.NewQueryCombinedRTResponsePolicyMembersRequest(server, &falconapi.QueryCombinedRTResponsePolicyMembersParams{
				PolicyID: "p1", Offset: ptr(int32(0)), Limit: 50, Sort: "hostname.asc"})
		}, "id=p1&offset=0&limit=50&sort=hostname.asc", "", ""},
		{"create without the optional fields", func() (*http.Request, error) {
			return falconapi.NewCreateRTResponsePoliciesRequest(server, falconapi.CreatePoliciesRequest{Resources: []falconapi.PolicyCreate{
				{Name: "p", PlatformName: falconapi.PlatformNameLinux}}})
		}, "", `{"resources":[{"name":"p","platform_name":"Linux"}]}`, ""},
		{"update with an empty description and no name", func() (*http.Request, error) {
			empty := ""
			return falconapi.NewUpdateRTResponsePoliciesRequest(server, falconapi.UpdatePoliciesRequest{Resources: []falconapi.PolicyUpdate{
				{ID: "p1", Description: &empty, Settings: []falconapi.SettingInput{}}}})
		}, "", `{"resources":[{"description":"","id":"p1","settings":[]}]}`, ""},
		{"action without parameters", func() (*http.Request, error) {
			return falconapi.NewPerformRTResponsePoliciesActionRequest(server,
				&falconapi.PerformRTResponsePoliciesActionParams{ActionName: falconapi.PolicyActionNameEnable},
				falconapi.EntityActionRequest{IDs: []string{"p1"}})
		}, "action_name=enable", `{"ids":["p1"]}`, ""},
		{"token without a member cid", func() (*http.Request, error) {
			return falconapi.NewOauth2AccessTokenRequestWithFormdataBody(server, falconapi.TokenRequest{ClientID: "id", ClientSecret: "s"})
		}, "", "", "client_id=id&client_secret=s"},
		{"token with a member cid", func() (*http.Request, error) {
			return falconapi.NewOauth2AccessTokenRequestWithFormdataBody(server, falconapi.TokenRequest{ClientID: "id", ClientSecret: "s", MemberCID: "c"})
		}, "", "", "client_id=id&client_secret=s&member_cid=c"},
		{"revoke without a client id", func() (*http.Request, error) {
			return falconapi.NewOauth2RevokeTokenRequestWithFormdataBody(server, falconapi.RevokeRequest{Token: "t"})
		}, "", "", "token=t"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			query, body := spectest.Sent(t, tc.req)
			if query != tc.query {
				t.Errorf("query %q, want %q", query, tc.query)
			}
			switch {
			case tc.form != "":
				form, err := url.ParseQuery(string(body))
				if err != nil || form.Encode() != tc.form {
					t.Errorf("form body %q, want %q", body, tc.form)
				}
			case tc.body != "":
				var got, want any
				if json.Unmarshal(body, &got) != nil || json.Unmarshal([]byte(tc.body), &want) != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("body %s, want %s", body, tc.body)
				}
			case len(body) != 0:
				t.Errorf("body %q, want none", body)
			}
		})
	}
}

// TestSpecConstraintsBite proves the spec refuses what the service refuses.
func TestSpecConstraintsBite(t *testing.T) {
	doc := spectest.Load(t, specPath)
	spectest.ValidateRequests(t, doc, "Bearer x", []spectest.Refusal{
		{Name: "limit 5000", Method: "GET", Target: "/policy/queries/response/v1?limit=5000", Valid: true},
		{Name: "limit 0", Method: "GET", Target: "/policy/queries/response/v1?limit=0"},
		{Name: "limit 5001", Method: "GET", Target: "/policy/combined/response/v1?limit=5001"},
		{Name: "negative offset", Method: "GET", Target: "/policy/queries/response-members/v1?offset=-1"},
		{Name: "unknown sort", Method: "GET", Target: "/policy/queries/response/v1?sort=precedence"},
		{Name: "free member sort", Method: "GET", Target: "/policy/queries/response-members/v1?sort=hostname.asc", Valid: true},
		{Name: "get without ids", Method: "GET", Target: "/policy/entities/response/v1"},
		{Name: "unknown action", Method: "POST", Target: "/policy/entities/response-actions/v1?action_name=explode", ContentType: "application/json", Body: `{"ids":["a"]}`},
		{Name: "action", Method: "POST", Target: "/policy/entities/response-actions/v1?action_name=enable", ContentType: "application/json", Body: `{"ids":["a"]}`, Valid: true},
		{Name: "wrong platform case", Method: "POST", Target: "/policy/entities/response-precedence/v1", ContentType: "application/json", Body: `{"ids":["a"],"platform_name":"linux"}`},
		{Name: "create without platform", Method: "POST", Target: "/policy/entities/response/v1", ContentType: "application/json", Body: `{"resources":[{"name":"x"}]}`},
		{Name: "token without secret", Method: "POST", Target: "/oauth2/token", ContentType: "application/x-www-form-urlencoded", Body: `client_id=a`},
		{Name: "token", Method: "POST", Target: "/oauth2/token", ContentType: "application/x-www-form-urlencoded", Body: `client_id=a&client_secret=b`, Valid: true},
	})
}

// TestLint holds the spec to the house rules (spectest.Lint).
func TestLint(t *testing.T) {
	spectest.AssertLint(t, specPath)
}
