package sysdig_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/respondkit/respondkit/gen/sysdigapi"
	"github.com/respondkit/respondkit/tools/internal/spectest"
)

// specPath is the spec under test, kept beside the generated code at the
// repository root.
const specPath = "../../../specs/sysdig/openapi.yaml"

const prefix = "/secure/response-actions/v1alpha1"

func TestSpecOperations(t *testing.T) {
	doc := spectest.Load(t, specPath)
	spectest.AssertOperations(t, doc, []spectest.Op{
		{Method: "GET", Path: prefix + "/actions", OperationID: "getActionsV1"},
		{Method: "GET", Path: prefix + "/action-executions", OperationID: "getActionExecutionsv1"},
		{Method: "POST", Path: prefix + "/action-executions", OperationID: "submitActionExecutionv1"},
		{Method: "GET", Path: prefix + "/action-executions/{actionExecutionId}", OperationID: "getActionExecutionV1"},
		{Method: "DELETE", Path: prefix + "/action-executions/{actionExecutionId}", OperationID: "undoActionExecutionV1"},
		{Method: "GET", Path: prefix + "/action-executions/{actionExecutionId}/acquired-file", OperationID: "getActionExecutionFileAcquireV1"},
	})
}

// TestErrorStatuses pins the documented error statuses of each operation,
// which differ between operations in the vendor's tables.
func TestErrorStatuses(t *testing.T) {
	doc := spectest.Load(t, specPath)
	want := map[string][]string{
		"getActionsV1":                    {"200", "401", "403", "404", "429", "500"},
		"getActionExecutionsv1":           {"200", "400", "401", "403", "429", "500"},
		"submitActionExecutionv1":         {"201", "400", "401", "403", "429", "500"},
		"getActionExecutionV1":            {"200", "401", "403", "404", "429", "500"},
		"undoActionExecutionV1":           {"200", "400", "401", "403", "404", "429", "500"},
		"getActionExecutionFileAcquireV1": {"200", "400", "401", "403", "404", "429", "500"},
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			var got []string
			for code, ref := range op.Responses.Map() {
				got = append(got, code)
				_, hasLimit := ref.Value.Headers["X-RateLimit-Limit"]
				if hasLimit == (code == "500") {
					t.Errorf("%s %s: X-RateLimit-Limit declared = %v", op.OperationID, code, hasLimit)
				}
				_, hasRetry := ref.Value.Headers["Retry-After"]
				if hasRetry != (code == "429") {
					t.Errorf("%s %s: Retry-After declared = %v", op.OperationID, code, hasRetry)
				}
			}
			if !spectest.SameSet(got, want[op.OperationID]) {
				t.Errorf("%s: statuses %v, want %v", op.OperationID, got, want[op.OperationID])
			}
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
	bearer := sysdigapi.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer test-token")
		return nil
	})
	c, err := sysdigapi.NewClientWithResponses(srv.URL, bearer)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sysdigapi.NewClient(srv.URL, bearer)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const id = "b137bf86-399f-43f7-8d2b-53060af4da9f"

	t.Run("getActionsV1", func(t *testing.T) {
		ctxParam := sysdigapi.Context{"host.id": "abc", "container.id": "123"}
		resp, err := c.GetActionsV1WithResponse(ctx, &sysdigapi.GetActionsV1Params{Context: ctxParam})
		if err != nil {
			t.Fatal(err)
		}
		want := spectest.ExampleOf[sysdigapi.Actions](t, doc, prefix+"/actions", "GET")
		if resp.StatusCode() != 200 || !reflect.DeepEqual(resp.JSON200, &want) {
			t.Fatalf("status %d, body %+v, want %+v", resp.StatusCode(), resp.JSON200, want)
		}
		q, _ := url.ParseQuery(resp.HTTPResponse.Request.URL.RawQuery)
		if q.Get("host.id") != "abc" || q.Get("container.id") != "123" {
			t.Errorf("context sent as %q, want one query pair per key", resp.HTTPResponse.Request.URL.RawQuery)
		}
		if resp.Headers200.XRateLimitLimit == nil || *resp.Headers200.XRateLimitLimit != 1000 {
			t.Errorf("X-RateLimit-Limit not decoded: %v", resp.Headers200.XRateLimitLimit)
		}
	})

	t.Run("getActionExecutionsv1", func(t *testing.T) {
		resp, err := c.GetActionExecutionsv1WithResponse(ctx, &sysdigapi.GetActionExecutionsv1Params{
			CallerID: "incident-4242",
			Filter:   `actionType = "KILL_CONTAINER"`,
			Limit:    200,
			Offset:   ptr(int32(400)),
			From:     1577836800000000000,
			To:       1578441600000000000,
		})
		if err != nil {
			t.Fatal(err)
		}
		want := spectest.ExampleOf[sysdigapi.ActionExecutions](t, doc, prefix+"/action-executions", "GET")
		if resp.StatusCode() != 200 || !reflect.DeepEqual(resp.JSON200, &want) {
			t.Fatalf("status %d, body %+v, want %+v", resp.StatusCode(), resp.JSON200, want)
		}
		if got := want.Data[0].Parameters["host.id"]; got != "abc123" {
			t.Errorf("parameter decoded as %#v", got)
		}
	})

	t.Run("submitActionExecutionv1", func(t *testing.T) {
		params := sysdigapi.ExecutionParameters{"container.id": "1a2b3c4d5e6f", "process.id": 4321, "force": true}
		resp, err := c.SubmitActionExecutionv1WithResponse(ctx, sysdigapi.SubmitActionExecutionRequest{
			ActionType: "KILL_CONTAINER",
			CallerID:   "incident-4242",
			Parameters: params,
		})
		if err != nil {
			t.Fatal(err)
		}
		want := spectest.ExampleOf[sysdigapi.ActionExecution](t, doc, prefix+"/action-executions", "POST")
		if resp.StatusCode() != 201 || !reflect.DeepEqual(resp.JSON201, &want) {
			t.Fatalf("status %d, body %+v, want %+v", resp.StatusCode(), resp.JSON201, want)
		}
	})

	t.Run("getActionExecutionV1", func(t *testing.T) {
		resp, err := c.GetActionExecutionV1WithResponse(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want := spectest.ExampleOf[sysdigapi.ActionExecution](t, doc, prefix+"/action-executions/{actionExecutionId}", "GET")
		if resp.StatusCode() != 200 || !reflect.DeepEqual(resp.JSON200, &want) {
			t.Fatalf("status %d, body %+v, want %+v", resp.StatusCode(), resp.JSON200, want)
		}
		if want.Failure.FailureReason == "" || want.Status != sysdigapi.ActionExecutionStatusFAILED {
			t.Errorf("failed execution example lost its failure: %+v", want)
		}
	})

	t.Run("undoActionExecutionV1", func(t *testing.T) {
		// Both revisions: the query parameter (current) and the body (older).
		resp, err := c.UndoActionExecutionV1WithResponse(ctx, id,
			&sysdigapi.UndoActionExecutionV1Params{CallerID: "incident-4242"},
			sysdigapi.SubmitUndoActionExecutionRequest{CallerID: "incident-4242"})
		if err != nil {
			t.Fatal(err)
		}
		want := spectest.ExampleOf[sysdigapi.ActionExecution](t, doc, prefix+"/action-executions/{actionExecutionId}", "DELETE")
		if resp.StatusCode() != 200 || !reflect.DeepEqual(resp.JSON200, &want) {
			t.Fatalf("status %d, body %+v, want %+v", resp.StatusCode(), resp.JSON200, want)
		}
		if want.ActionExecutionIDBeingUndone != id {
			t.Errorf("undo example does not point at the original: %+v", want.ActionExecutionIDBeingUndone)
		}
	})

	t.Run("getActionExecutionFileAcquireV1", func(t *testing.T) {
		// The plain client streams the body; ClientWithResponses would read it whole.
		resp, err := raw.GetActionExecutionFileAcquireV1(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		got, _ := io.ReadAll(resp.Body)
		op := doc.Paths.Find(prefix + "/action-executions/{actionExecutionId}/acquired-file").Get
		_, r, _ := spectest.SuccessResponse(op)
		_, want, _ := spectest.Example(r)
		if resp.StatusCode != 200 || !bytes.Equal(got, want) || resp.Header.Get("Content-Type") != "application/octet-stream" {
			t.Fatalf("status %d, type %q, body %q, want %q", resp.StatusCode, resp.Header.Get("Content-Type"), got, want)
		}
	})

	srv.AssertAllHit(t, doc)
}

// TestZeroValuesLeftOut: optional fields and parameters are plain values,
// and a zero one is left out of the request as a nil pointer was: an empty
// context, a zero window bound, an empty caller id.
func TestZeroValuesLeftOut(t *testing.T) {
	const server = "https://secure.sysdig.com/"
	for _, tc := range []struct {
		name  string
		req   func() (*http.Request, error)
		query string
		body  string
	}{
		{"actions without a context", func() (*http.Request, error) {
			return sysdigapi.NewGetActionsV1Request(server, &sysdigapi.GetActionsV1Params{Context: sysdigapi.Context{}})
		}, "", ""},
		{"no offset", func() (*http.Request, error) {
			return sysdigapi.NewGetActionExecutionsv1Request(server, &sysdigapi.GetActionExecutionsv1Params{Limit: 25})
		}, "limit=25", ""},
		{"first page (the offset keeps a pointer: 0 is sent)", func() (*http.Request, error) {
			return sysdigapi.NewGetActionExecutionsv1Request(server, &sysdigapi.GetActionExecutionsv1Params{Limit: 25, Offset: ptr(int32(0))})
		}, "limit=25&offset=0", ""},
		{"window without a start", func() (*http.Request, error) {
			return sysdigapi.NewGetActionExecutionsv1Request(server, &sysdigapi.GetActionExecutionsv1Params{Limit: 1, To: 3, CallerID: "c"})
		}, "callerId=c&limit=1&to=3", ""},
		{"submit without a caller id", func() (*http.Request, error) {
			return sysdigapi.NewSubmitActionExecutionv1Request(server, sysdigapi.SubmitActionExecutionRequest{
				ActionType: "KILL_CONTAINER", Parameters: sysdigapi.ExecutionParameters{}})
		}, "", `{"actionType":"KILL_CONTAINER","parameters":{}}`},
		{"undo without a caller id", func() (*http.Request, error) {
			return sysdigapi.NewUndoActionExecutionV1Request(server, "e1", &sysdigapi.UndoActionExecutionV1Params{}, sysdigapi.SubmitUndoActionExecutionRequest{})
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
	longID := string(bytes.Repeat([]byte("a"), 129))
	spectest.ValidateRequests(t, doc, "Bearer x", []spectest.Refusal{
		{Name: "list within bounds", Method: "GET", Target: prefix + "/action-executions?limit=200&offset=0", Valid: true},
		{Name: "limit 0", Method: "GET", Target: prefix + "/action-executions?limit=0"},
		{Name: "limit 201", Method: "GET", Target: prefix + "/action-executions?limit=201"},
		{Name: "negative offset", Method: "GET", Target: prefix + "/action-executions?offset=-1"},
		{Name: "from not an integer", Method: "GET", Target: prefix + "/action-executions?from=yesterday"},
		{Name: "submit without parameters", Method: "POST", Target: prefix + "/action-executions", ContentType: "application/json", Body: `{"actionType":"KILL_CONTAINER"}`},
		{Name: "submit with a list parameter", Method: "POST", Target: prefix + "/action-executions", ContentType: "application/json", Body: `{"actionType":"KILL_CONTAINER","parameters":{"a":[1]}}`},
		{Name: "submit", Method: "POST", Target: prefix + "/action-executions", ContentType: "application/json", Body: `{"actionType":"KILL_CONTAINER","parameters":{"a":1,"b":"x","c":false}}`, Valid: true},
		{Name: "id too long", Method: "GET", Target: prefix + "/action-executions/" + longID},
		{Name: "undo without body", Method: "DELETE", Target: prefix + "/action-executions/abc?callerId=me", Valid: true},
	})
}

// TestLint holds the spec to the house rules (spectest.Lint).
func TestLint(t *testing.T) {
	spectest.AssertLint(t, specPath)
}
