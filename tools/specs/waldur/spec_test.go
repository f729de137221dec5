package waldur_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/respondkit/respondkit/gen/waldurapi"
	"github.com/respondkit/respondkit/tools/internal/spectest"
)

// specPath is the spec under test, kept beside the generated code at the
// repository root.
const specPath = "../../../specs/waldur/openapi.yaml"

func TestSpecOperations(t *testing.T) {
	doc := spectest.Load(t, specPath)
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
	doc := spectest.Load(t, specPath)
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

func ptr[T any](v T) *T { return &v }

// TestGeneratedClientAgainstSpec sends one real request per operation through
// the generated client to a server that validates it against the spec and
// answers with the spec's example, which the generated client must decode.
func TestGeneratedClientAgainstSpec(t *testing.T) {
	doc := spectest.Load(t, specPath)
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
			ActionType: "pending_order", CreatedAfter: after, CreatedBefore: after.Add(24 * time.Hour),
			DueWithinDays: ptr(float32(7)), IncludeSilenced: true, IsSilenced: ptr(false), OrderBy: []waldurapi.Ordering{waldurapi.OrderingMinusUrgency, waldurapi.OrderingDueDate},
			Overdue: ptr(true), Urgency: urgency, UserUUID: id, Page: 2, PageSize: 300,
		})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, spectest.ExampleOf[[]waldurapi.UserAction](t, doc, "/api/user-actions/", "GET"))
		a := (*resp.JSON200)[0]
		if a.DueDate == nil || a.SilencedUntil != nil || a.ResourceUUID != nil || len(a.CorrectiveActions) != 2 {
			t.Errorf("nullable fields decoded wrongly: %+v", a)
		}
		if resp.Headers200.XResultCount == nil || *resp.Headers200.XResultCount != 25 || resp.Headers200.Link == "" {
			t.Errorf("paging headers not decoded: %+v", resp.Headers200)
		}
		q, _ := url.ParseQuery(resp.HTTPResponse.Request.URL.RawQuery)
		if q.Get("include_silenced") != "true" || q.Get("created_after") != "2020-01-01T00:00:00Z" {
			t.Errorf("filters sent as %q", resp.HTTPResponse.Request.URL.RawQuery)
		}
	})
	t.Run("user_actions_retrieve", func(t *testing.T) {
		resp, err := c.UserActionsRetrieveWithResponse(ctx, id, &waldurapi.UserActionsRetrieveParams{IncludeSilenced: true})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, spectest.ExampleOf[waldurapi.UserAction](t, doc, "/api/user-actions/{uuid}/", "GET"))
		if resp.JSON200.DaysUntilDue != nil {
			t.Errorf("days_until_due null decoded as %v", *resp.JSON200.DaysUntilDue)
		}
	})
	t.Run("user_actions_update_actions", func(t *testing.T) {
		resp, err := c.UserActionsUpdateActionsWithResponse(ctx, waldurapi.UpdateActionsRequest{ProviderActionType: ptr("pending_order")})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 202, resp.JSON202, spectest.ExampleOf[waldurapi.UpdateActionsResponse](t, doc, "/api/user-actions/update_actions/", "POST"))
	})
	t.Run("user_actions_summary_retrieve", func(t *testing.T) {
		resp, err := c.UserActionsSummaryRetrieveWithResponse(ctx, &waldurapi.UserActionsSummaryRetrieveParams{Urgency: urgency, Overdue: ptr(false)})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, spectest.ExampleOf[waldurapi.ActionSummary](t, doc, "/api/user-actions/summary/", "GET"))
		if resp.JSON200.ByUrgency.High != 1 || resp.JSON200.ByType["pending_order"] != 3 {
			t.Errorf("summary decoded as %+v", resp.JSON200)
		}
	})
	t.Run("user_actions_bulk_silence", func(t *testing.T) {
		resp, err := c.UserActionsBulkSilenceWithResponse(ctx, &waldurapi.UserActionsBulkSilenceParams{Urgency: urgency},
			waldurapi.SilenceActionRequest{DurationDays: 14})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, spectest.ExampleOf[waldurapi.BulkSilenceResponse](t, doc, "/api/user-actions/bulk_silence/", "POST"))
	})
	t.Run("user_actions_execute_action", func(t *testing.T) {
		resp, err := c.UserActionsExecuteActionWithResponse(ctx, id, &waldurapi.UserActionsExecuteActionParams{},
			waldurapi.ExecuteActionRequest{ActionLabel: "Approve"})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, spectest.ExampleOf[waldurapi.ExecuteActionResponse](t, doc, "/api/user-actions/{uuid}/execute_action/", "POST"))
		if resp.JSON200.Action != waldurapi.ExecuteActionResponseActionNavigate {
			t.Errorf("action = %q", resp.JSON200.Action)
		}
	})
	t.Run("user_actions_silence", func(t *testing.T) {
		resp, err := c.UserActionsSilenceWithResponse(ctx, id, &waldurapi.UserActionsSilenceParams{}, waldurapi.SilenceActionRequest{DurationDays: 7})
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, spectest.ExampleOf[waldurapi.SilenceResponse](t, doc, "/api/user-actions/{uuid}/silence/", "POST"))
	})
	t.Run("user_actions_unsilence", func(t *testing.T) {
		resp, err := c.UserActionsUnsilenceWithResponse(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		spectest.CheckDecoded(t, resp.StatusCode(), 200, resp.JSON200, spectest.ExampleOf[waldurapi.UnsilenceResponse](t, doc, "/api/user-actions/{uuid}/unsilence/", "POST"))
	})

	srv.AssertAllHit(t, doc)
}

// TestValidationErrorDecodes checks DRF field errors land in the generated type.
func TestValidationErrorDecodes(t *testing.T) {
	var v waldurapi.ValidationError
	if err := json.Unmarshal([]byte(`{"duration_days":["Ensure this value is less than or equal to 365."],"non_field_errors":["bad"]}`), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.AdditionalProperties["duration_days"]) != 1 || len(v.NonFieldErrors) != 1 || v.NonFieldErrors[0] != "bad" {
		t.Errorf("decoded as %+v", v)
	}
}

// TestZeroValuesLeftOut: optional fields and parameters are plain values,
// and a zero one is left out of the request as a nil pointer was; the
// pointers the spec keeps send what they point to, false and 0 included
// (overdue=false is a filter, no overdue is none).
func TestZeroValuesLeftOut(t *testing.T) {
	const server = "https://waldur.example.com/"
	id := uuid.MustParse("a1b2c3d4-e5f6-7890-abcd-ef1234567890")
	for _, tc := range []struct {
		name  string
		req   func() (*http.Request, error)
		query string
		body  string
	}{
		{"list without filters", func() (*http.Request, error) {
			return waldurapi.NewUserActionsListRequest(server, &waldurapi.UserActionsListParams{})
		}, "", ""},
		{"filters that are false or 0", func() (*http.Request, error) {
			return waldurapi.NewUserActionsSummaryRetrieveRequest(server, &waldurapi.UserActionsSummaryRetrieveParams{
				DueWithinDays: ptr(float32(0)), IncludeSilenced: false, IsSilenced: ptr(false), Overdue: ptr(false)})
		}, "due_within_days=0&is_silenced=false&overdue=false", ""},
		{"retrieve without include_silenced", func() (*http.Request, error) {
			return waldurapi.NewUserActionsRetrieveRequest(server, id, &waldurapi.UserActionsRetrieveParams{})
		}, "", ""},
		{"permanent silence", func() (*http.Request, error) {
			return waldurapi.NewUserActionsSilenceRequest(server, id, &waldurapi.UserActionsSilenceParams{}, waldurapi.SilenceActionRequest{})
		}, "", `{}`},
		{"update for every provider", func() (*http.Request, error) {
			return waldurapi.NewUserActionsUpdateActionsRequest(server, waldurapi.UpdateActionsRequest{})
		}, "", `{}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			query, body := spectest.Sent(t, tc.req)
			if query != tc.query {
				t.Errorf("query %q, want %q", query, tc.query)
			}
			if string(body) != tc.body {
				t.Errorf("body %s, want %s", body, tc.body)
			}
		})
	}
}

// TestSpecConstraintsBite proves the spec refuses what the service refuses.
func TestSpecConstraintsBite(t *testing.T) {
	doc := spectest.Load(t, specPath)
	const one = "/api/user-actions/a1b2c3d4-e5f6-7890-abcd-ef1234567890"
	spectest.ValidateRequests(t, doc, "Token x", []spectest.Refusal{
		{Name: "list", Method: "GET", Target: "/api/user-actions/?o=-urgency,due_date&urgency=high&page_size=1000", Valid: true},
		{Name: "unknown ordering field", Method: "GET", Target: "/api/user-actions/?o=title"},
		{Name: "unknown urgency", Method: "GET", Target: "/api/user-actions/?urgency=urgent"},
		{Name: "page 0", Method: "GET", Target: "/api/user-actions/?page=0"},
		{Name: "bad date", Method: "GET", Target: "/api/user-actions/?created_after=yesterday"},
		{Name: "summary filter", Method: "GET", Target: "/api/user-actions/summary/?overdue=true", Valid: true},
		{Name: "retrieve bad uuid", Method: "GET", Target: "/api/user-actions/not-a-uuid/"},
		{Name: "silence 0 days", Method: "POST", Target: one + "/silence/", ContentType: "application/json", Body: `{"duration_days":0}`},
		{Name: "silence 366 days", Method: "POST", Target: one + "/silence/", ContentType: "application/json", Body: `{"duration_days":366}`},
		{Name: "silence null days", Method: "POST", Target: one + "/silence/", ContentType: "application/json", Body: `{"duration_days":null}`},
		{Name: "silence 365 days", Method: "POST", Target: one + "/silence/", ContentType: "application/json", Body: `{"duration_days":365}`, Valid: true},
		{Name: "silence permanently", Method: "POST", Target: one + "/silence/", ContentType: "application/json", Body: `{}`, Valid: true},
		{Name: "execute empty label", Method: "POST", Target: one + "/execute_action/", ContentType: "application/json", Body: `{"action_label":""}`},
		{Name: "execute without label", Method: "POST", Target: one + "/execute_action/", ContentType: "application/json", Body: `{}`},
	})
}

// TestLint holds the spec to the house rules (spectest.Lint).
func TestLint(t *testing.T) {
	spectest.AssertLint(t, specPath)
}
