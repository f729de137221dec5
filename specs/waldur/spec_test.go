package waldur_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/google/uuid"

	"github.com/respondkit/respondkit/gen/waldurapi"
	"github.com/respondkit/respondkit/specs/internal/spectest"
)

func TestSpecOperations(t *testing.T) {
	doc := spectest.Load(t, "openapi.yaml")
	spectest.AssertOperations(t, doc, []spectest.Op{
		{Method: "GET", Path: "/api/user-actions/", OperationID: "user_actions_list"},
		{Method: "GET", Path: "/api/user-actions/{uuid}/", OperationID: "user_actions_retrieve"},
		{Method: "POST", Path: "/api/user-actions/update_actions/", OperationID: "user_actions_update_actions"},
		{Method: "GET", Path: "/api/user-actions/summary/", OperationID: "user_actions_summary_retrieve"},
		{Method: "POST", Path: "/api/user-actions/bulk_silence/", OperationID: "user_actions_bulk_silence"},
		{Method: "POST", Path: "/api/user-actions/{uuid}/execute_action/", OperationID: "user_actions_execute_action"},
		{Method: "POST", Path: "/api/user-actions/{uuid}/silence/", OperationID: "user_actions_silence"},
		{Method: "POST", Path: "/api/user-actions/{uuid}/unsilence/", OperationID: "user_actions_unsilence"},
	})
	for _, op := range spectest.Operations(doc) {
		if op.Path[len(op.Path)-1] != '/' {
			t.Errorf("%s: path %s lacks the trailing slash", op.OperationID, op.Path)
		}
	}
}

// TestFiltersShared checks that summary and bulk_silence declare the same
// filters as the list, since the server honours them there.
func TestFiltersShared(t *testing.T) {
	doc := spectest.Load(t, "openapi.yaml")
	names := func(path, method string) map[string]bool {
		m := map[string]bool{}
		for _, p := range doc.Paths.Find(path).GetOperation(method).Parameters {
			m[p.Value.Name] = true
		}
		return m
	}
	list := names("/api/user-actions/", "GET")
	delete(list, "page")
	delete(list, "page_size")
	if len(list) != 10 {
		t.Errorf("list declares %d filters, want 10", len(list))
	}
	for _, op := range []struct{ path, method string }{
		{"/api/user-actions/summary/", "GET"},
		{"/api/user-actions/bulk_silence/", "POST"},
	} {
		if got := names(op.path, op.method); !reflect.DeepEqual(got, list) {
			t.Errorf("%s %s filters %v, want %v", op.method, op.path, got, list)
		}
	}
	for _, path := range []string{"/api/user-actions/{uuid}/", "/api/user-actions/{uuid}/silence/", "/api/user-actions/{uuid}/execute_action/"} {
		if !names(path, map[bool]string{true: "GET", false: "POST"}[path == "/api/user-actions/{uuid}/"])["include_silenced"] {
			t.Errorf("%s lacks include_silenced", path)
		}
	}
}

func example[T any](t *testing.T, doc *openapi3.T, path, method string) T {
	t.Helper()
	_, resp, err := spectest.SuccessResponse(doc.Paths.Find(path).GetOperation(method))
	if err != nil {
		t.Fatal(err)
	}
	_, body, err := spectest.Example(resp)
	if err != nil {
		t.Fatal(err)
	}
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("example of %s %s: %v", method, path, err)
	}
	return v
}

func ptr[T any](v T) *T { return &v }

func check[T any](t *testing.T, status, wantStatus int, got *T, want T) {
	t.Helper()
	if status != wantStatus || got == nil || !reflect.DeepEqual(*got, want) {
		t.Fatalf("status %d (want %d), body %+v, want %+v", status, wantStatus, got, want)
	}
}

// TestGeneratedClientAgainstSpec sends one real request per operation through
// the generated client to a server that validates it against the spec and
// answers with the spec's example, which the generated client must decode.
func TestGeneratedClientAgainstSpec(t *testing.T) {
	doc := spectest.Load(t, "openapi.yaml")
	srv := spectest.NewServer(t, doc)
	token := waldurapi.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Token 0123456789abcdef0123456789abcdef01234567")
		return nil
	})
	c, err := waldurapi.NewClientWithResponses(srv.URL, token)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id := uuid.MustParse("a1b2c3d4-e5f6-7890-abcd-ef1234567890")
	after := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	urgency := waldurapi.UrgencyHigh

	t.Run("user_actions_list", func(t *testing.T) {
		resp, err := c.UserActionsListWithResponse(ctx, &waldurapi.UserActionsListParams{
			ActionType: ptr("pending_order"), CreatedAfter: &after, CreatedBefore: ptr(after.Add(24 * time.Hour)),
			DueWithinDays: ptr(float32(7)), IncludeSilenced: ptr(true), IsSilenced: ptr(false), Ordering: ptr("-urgency,due_date"),
			Overdue: ptr(true), Urgency: &urgency, UserUUID: &id, Page: ptr(2), PageSize: ptr(300),
		})
		if err != nil {
			t.Fatal(err)
		}
		check(t, resp.StatusCode(), 200, resp.JSON200, example[[]waldurapi.UserAction](t, doc, "/api/user-actions/", "GET"))
		a := (*resp.JSON200)[0]
		if a.DueDate == nil || a.SilencedUntil != nil || a.ResourceUUID != nil || len(a.CorrectiveActions) != 2 {
			t.Errorf("nullable fields decoded wrongly: %+v", a)
		}
		if resp.Headers200.XResultCount == nil || *resp.Headers200.XResultCount != 25 || resp.Headers200.Link == nil {
			t.Errorf("paging headers not decoded: %+v", resp.Headers200)
		}
		q, _ := url.ParseQuery(resp.HTTPResponse.Request.URL.RawQuery)
		if q.Get("include_silenced") != "true" || q.Get("created_after") != "2020-01-01T00:00:00Z" {
			t.Errorf("filters sent as %q", resp.HTTPResponse.Request.URL.RawQuery)
		}
	})
	t.Run("user_actions_retrieve", func(t *testing.T) {
		resp, err := c.UserActionsRetrieveWithResponse(ctx, id, &waldurapi.UserActionsRetrieveParams{IncludeSilenced: ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		check(t, resp.StatusCode(), 200, resp.JSON200, example[waldurapi.UserAction](t, doc, "/api/user-actions/{uuid}/", "GET"))
		if resp.JSON200.DaysUntilDue != nil {
			t.Errorf("days_until_due null decoded as %v", *resp.JSON200.DaysUntilDue)
		}
	})
	t.Run("user_actions_update_actions", func(t *testing.T) {
		resp, err := c.UserActionsUpdateActionsWithResponse(ctx, waldurapi.UpdateActionsRequest{ProviderActionType: ptr("pending_order")})
		if err != nil {
			t.Fatal(err)
		}
		check(t, resp.StatusCode(), 202, resp.JSON202, example[waldurapi.UpdateActionsResponse](t, doc, "/api/user-actions/update_actions/", "POST"))
	})
	t.Run("user_actions_summary_retrieve", func(t *testing.T) {
		resp, err := c.UserActionsSummaryRetrieveWithResponse(ctx, &waldurapi.UserActionsSummaryRetrieveParams{Urgency: &urgency, Overdue: ptr(false)})
		if err != nil {
			t.Fatal(err)
		}
		check(t, resp.StatusCode(), 200, resp.JSON200, example[waldurapi.ActionSummary](t, doc, "/api/user-actions/summary/", "GET"))
		if resp.JSON200.ByUrgency.High != 1 || resp.JSON200.ByType["pending_order"] != 3 {
			t.Errorf("summary decoded as %+v", resp.JSON200)
		}
	})
	t.Run("user_actions_bulk_silence", func(t *testing.T) {
		resp, err := c.UserActionsBulkSilenceWithResponse(ctx, &waldurapi.UserActionsBulkSilenceParams{Urgency: &urgency},
			waldurapi.SilenceActionRequest{DurationDays: ptr(14)})
		if err != nil {
			t.Fatal(err)
		}
		check(t, resp.StatusCode(), 200, resp.JSON200, example[waldurapi.BulkSilenceResponse](t, doc, "/api/user-actions/bulk_silence/", "POST"))
	})
	t.Run("user_actions_execute_action", func(t *testing.T) {
		resp, err := c.UserActionsExecuteActionWithResponse(ctx, id, &waldurapi.UserActionsExecuteActionParams{},
			waldurapi.ExecuteActionRequest{ActionLabel: "Approve"})
		if err != nil {
			t.Fatal(err)
		}
		check(t, resp.StatusCode(), 200, resp.JSON200, example[waldurapi.ExecuteActionResponse](t, doc, "/api/user-actions/{uuid}/execute_action/", "POST"))
		if resp.JSON200.Action != waldurapi.ExecuteActionResponseActionNavigate {
			t.Errorf("action = %q", resp.JSON200.Action)
		}
	})
	t.Run("user_actions_silence", func(t *testing.T) {
		resp, err := c.UserActionsSilenceWithResponse(ctx, id, &waldurapi.UserActionsSilenceParams{}, waldurapi.SilenceActionRequest{DurationDays: ptr(7)})
		if err != nil {
			t.Fatal(err)
		}
		check(t, resp.StatusCode(), 200, resp.JSON200, example[waldurapi.SilenceResponse](t, doc, "/api/user-actions/{uuid}/silence/", "POST"))
	})
	t.Run("user_actions_unsilence", func(t *testing.T) {
		resp, err := c.UserActionsUnsilenceWithResponse(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		check(t, resp.StatusCode(), 200, resp.JSON200, example[waldurapi.UnsilenceResponse](t, doc, "/api/user-actions/{uuid}/unsilence/", "POST"))
	})

	hits := srv.Hits()
	for _, op := range spectest.Operations(doc) {
		if hits[op.OperationID] != 1 {
			t.Errorf("%s: %d valid requests, want 1", op.OperationID, hits[op.OperationID])
		}
	}
}

// TestValidationErrorDecodes checks DRF field errors land in the generated type.
func TestValidationErrorDecodes(t *testing.T) {
	var v waldurapi.ValidationError
	if err := json.Unmarshal([]byte(`{"duration_days":["Ensure this value is less than or equal to 365."],"non_field_errors":["bad"]}`), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.AdditionalProperties["duration_days"]) != 1 || v.NonFieldErrors == nil || (*v.NonFieldErrors)[0] != "bad" {
		t.Errorf("decoded as %+v", v)
	}
}

// TestSpecConstraintsBite proves the spec refuses what the service refuses.
func TestSpecConstraintsBite(t *testing.T) {
	doc := spectest.Load(t, "openapi.yaml")
	local := *doc
	local.Servers = openapi3.Servers{{URL: "https://waldur.example.com"}}
	router, err := gorillamux.NewRouter(&local)
	if err != nil {
		t.Fatal(err)
	}
	const one = "/api/user-actions/a1b2c3d4-e5f6-7890-abcd-ef1234567890"
	for _, tc := range []struct {
		name, method, target, body string
		valid                      bool
	}{
		{"list", "GET", "/api/user-actions/?o=-urgency,due_date&urgency=high&page_size=1000", "", true},
		{"unknown ordering field", "GET", "/api/user-actions/?o=title", "", false},
		{"unknown urgency", "GET", "/api/user-actions/?urgency=urgent", "", false},
		{"page 0", "GET", "/api/user-actions/?page=0", "", false},
		{"bad date", "GET", "/api/user-actions/?created_after=yesterday", "", false},
		{"summary filter", "GET", "/api/user-actions/summary/?overdue=true", "", true},
		{"retrieve bad uuid", "GET", "/api/user-actions/not-a-uuid/", "", false},
		{"silence 0 days", "POST", one + "/silence/", `{"duration_days":0}`, false},
		{"silence 366 days", "POST", one + "/silence/", `{"duration_days":366}`, false},
		{"silence null days", "POST", one + "/silence/", `{"duration_days":null}`, false},
		{"silence 365 days", "POST", one + "/silence/", `{"duration_days":365}`, true},
		{"silence permanently", "POST", one + "/silence/", `{}`, true},
		{"execute empty label", "POST", one + "/execute_action/", `{"action_label":""}`, false},
		{"execute without label", "POST", one + "/execute_action/", `{}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body io.Reader
			if tc.body != "" {
				body = bytes.NewBufferString(tc.body)
			}
			req, _ := http.NewRequest(tc.method, "https://waldur.example.com"+tc.target, body)
			req.Header.Set("Authorization", "Token x")
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			route, params, err := router.FindRoute(req)
			if err != nil {
				if tc.valid {
					t.Fatal(err)
				}
				return
			}
			err = openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
				Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
			})
			if (err == nil) != tc.valid {
				t.Errorf("valid = %v, want %v (err %v)", err == nil, tc.valid, err)
			}
		})
	}
}
