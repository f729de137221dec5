package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"gopkg.in/yaml.v3"
)

// newOps are a plain GET by id and a POST action, added to a copy of the
// Sysdig spec with nothing but the resend annotation every operation needs.
const newOps = `  /secure/response-actions/v1alpha1/widgets/{widgetId}:
    get:
      operationId: getWidgetV1
      x-respondkit-resend: safe
      summary: Get a widget
      parameters:
        - {name: widgetId, in: path, required: true, description: The widget., schema: {type: string, maxLength: 16}}
      responses:
        '200':
          description: The widget.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Widget'}
  /secure/response-actions/v1alpha1/action-executions/{actionExecutionId}/archive:
    post:
      operationId: archiveActionExecutionV1
      x-respondkit-resend: unsafe
      summary: Archive an action execution
      parameters:
        - $ref: '#/components/parameters/ActionExecutionId'
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ArchiveRequest'}
      responses:
        '201':
          description: The archived execution.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ActionExecution'}
`

const newSchemas = `    Widget:
      type: object
      required: [id]
      properties:
        id: {type: string}
        size: {type: integer}
    ArchiveRequest:
      type: object
      required: [reason]
      properties:
        reason: {type: string, maxLength: 64}
`

// callTest is the scratch wrapper's test: both new operations called
// through the generated methods against a test server, and bad input
// refused before anything is sent.
const callTest = `package sysdig

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestNewOperations(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == "GET" && r.URL.Path == "/secure/response-actions/v1alpha1/widgets/w1":
			w.Write([]byte(` + "`" + `{"id":"w1","size":3}` + "`" + `))
		case r.Method == "POST" && r.URL.Path == "/secure/response-actions/v1alpha1/action-executions/e1/archive":
			var body map[string]string
			if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body["reason"] != "done" {
				w.WriteHeader(400)
				return
			}
			w.WriteHeader(201)
			w.Write([]byte(` + "`" + `{"id":"e1","actionType":"KILL_PROCESS","status":"COMPLETED","createdAt":"2020-01-01T00:00:00Z","updatedAt":"2020-01-01T00:00:00Z","userId":1,"executionContext":{},"parameters":{},"outputs":{}}` + "`" + `))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c, err := New("token", WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	wd, err := c.GetWidgetV1(ctx, "w1")
	if err != nil || wd.ID != "w1" || wd.Size != 3 {
		t.Fatalf("GetWidgetV1: %+v, %v", wd, err)
	}
	ex, err := c.ArchiveActionExecutionV1(ctx, "e1", ArchiveActionExecutionV1Request{Reason: "done"})
	if err != nil || ex.ID != "e1" || ex.Status != StatusCompleted {
		t.Fatalf("ArchiveActionExecutionV1: %+v, %v", ex, err)
	}
	if _, err := c.GetWidgetV1(ctx, "nope"); !IsNotFound(err) {
		t.Fatalf("missing widget: %v, want a 404 *Error", err)
	}
	before := requests.Load()
	for _, tc := range []struct {
		err  error
		want string
	}{
		{func() error { _, err := c.GetWidgetV1(ctx, ""); return err }(), "widgetID is empty"},
		{func() error { _, err := c.GetWidgetV1(ctx, strings.Repeat("w", 17)); return err }(), "at most 16 allowed"},
		{func() error { _, err := c.ArchiveActionExecutionV1(ctx, "..", ArchiveActionExecutionV1Request{Reason: "x"}); return err }(), "dot segment"},
		{func() error { _, err := c.ArchiveActionExecutionV1(ctx, "e1", ArchiveActionExecutionV1Request{}); return err }(), "Reason is empty"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("err %v, want one containing %q", tc.err, tc.want)
		}
	}
	if n := requests.Load(); n != before {
		t.Errorf("%d requests sent for bad input", n-before)
	}
}
`

// TestEveryOperationIsGenerated adds a plain GET by id and a POST action to a
// copy of the Sysdig spec, regenerates the low-level client with the
// project's settings, runs respondgen over a copy of the Sysdig wrapper's
// hand-written files and runs, in that scratch module, a test that calls
// both new operations through their generated methods against a test
// server: a new operation needs no hand-written line.
func TestEveryOperationIsGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a scratch module")
	}
	spec, err := os.ReadFile("../../../specs/sysdig/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	modified := strings.Replace(string(spec), "paths:\n", "paths:\n"+newOps, 1)
	modified = strings.Replace(modified, "  schemas:\n", "  schemas:\n"+newSchemas, 1)
	doc, err := openapi3.NewLoader().LoadFromData([]byte(modified))
	if err != nil {
		t.Fatal(err)
	}
	var cfg codegen.Configuration
	raw, err := os.ReadFile("../../../specs/sysdig/oapi-codegen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	// The project's client template (it writes the Operations table the
	// resend layer reads), given inline.
	tmpl, err := os.ReadFile("../../../specs/templates/client.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	cfg.OutputOptions.UserTemplates = map[string]string{"client.tmpl": string(tmpl)}
	if err := openSetsAsTypes(doc); err != nil { // as the driver does
		t.Fatal(err)
	}
	code, err := codegen.Generate(doc, cfg.UpdateDefaults())
	if err != nil {
		t.Fatal(err)
	}

	// A module under the library's path, so that the wrapper's copy may
	// import the library's internal packages, replaced by this checkout.
	repo, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	const modPath = "github.com/respondkit/respondkit/clients/scratch"
	root := t.TempDir()
	libMod, err := os.ReadFile(filepath.Join(repo, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mod := regexp.MustCompile(`(?m)^module .*$`).ReplaceAll(libMod, []byte("module "+modPath))
	mod = append(mod, []byte("\nrequire github.com/respondkit/respondkit v0.0.0\n\nreplace github.com/respondkit/respondkit => "+repo+"\n")...)
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, root, "go.mod", mod)
	write(t, root, "go.sum", sum)
	write(t, root, "gen/sysdigapi/sysdigapi.gen.go", []byte(code))
	write(t, root, "spec.yaml", []byte(modified))
	files, err := filepath.Glob("../../../clients/sysdig/*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, output) {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src = []byte(strings.ReplaceAll(string(src), "github.com/respondkit/respondkit/gen/sysdigapi", modPath+"/gen/sysdigapi"))
		write(t, root, "wrapper/"+filepath.Base(f), src)
	}
	write(t, root, "wrapper/new_test.go", []byte(callTest))
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOSUMDB", "off")
	t.Setenv("GOWORK", "off")

	out, err := generate(filepath.Join(root, "spec.yaml"), modPath+"/gen/sysdigapi", filepath.Join(root, "wrapper"), root)
	if err != nil {
		t.Fatal(err)
	}
	write(t, root, "wrapper/"+output, out)
	for _, want := range []string{
		"// GetWidgetV1 gets a widget (getWidgetV1).",
		"func (c *Client) GetWidgetV1(ctx context.Context, id string) (*GetWidgetV1Result, error) {",
		"func (c *Client) ArchiveActionExecutionV1(ctx context.Context, id string, body ArchiveActionExecutionV1Request) (*Execution, error) {",
		"It is never resent once the request may",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("generated code lacks %q", want)
		}
	}
	cmd := exec.Command("go", "test", "-count=1", "./wrapper")
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test in the scratch module: %v\n%s", err, b)
	}
}
