package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"gopkg.in/yaml.v3"
)

var apis = []string{"sysdig", "falcon", "waldur"}

// TestCommittedOutputIsCurrent: each wrapper's operations.gen.go is what
// respondgen makes of the spec and the generated package today (CI checks
// the same through go generate; this fails in go test already).
func TestCommittedOutputIsCurrent(t *testing.T) {
	for _, api := range apis {
		t.Run(api, func(t *testing.T) {
			got, err := generate("../../../specs/"+api+"/openapi.yaml", "github.com/respondkit/respondkit/gen/"+api+"api", "../../../clients/"+api, "../../..")
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join("../../../clients", api, output))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("clients/%s/%s is out of date: run go generate ./...", api, output)
			}
		})
	}
}

// TestAnnotatedOperationIsGenerated adds a list operation to a copy of the
// Sysdig spec, as a maintainer would, regenerates the low-level client with
// the project's oapi-codegen settings and runs respondgen: the new
// operation gets its options conversion, page method and iterator, with no
// hand-written line.
func TestAnnotatedOperationIsGenerated(t *testing.T) {
	spec, err := os.ReadFile("../../../specs/sysdig/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const newOp = `  /secure/response-actions/v1alpha1/archived-executions:
    get:
      operationId: getArchivedExecutionsV1
      x-respondkit-resend: safe
      x-respondkit-options: {name: ArchiveOptions}
      x-respondkit-paging: {name: ListArchived, style: offset, offset: offset, limit: limit, items: data, fullPages: true}
      tags: [Response actions]
      summary: List archived executions
      description: Archived executions, oldest first.
      parameters:
        - {name: region, in: query, description: Only this region., schema: {type: string, enum: [eu, us]}}
        - {name: minAge, in: query, description: Only executions at least this many days old., schema: {type: integer, minimum: 1, maximum: 365}}
        - {name: host, in: query, description: Only this host., schema: {type: string, maxLength: 64, pattern: '^[a-z0-9.-]+$'}}
        - {name: offset, in: query, description: Items to skip., schema: {type: integer, format: int32, minimum: 0}}
        - {name: limit, in: query, description: Page size., schema: {type: integer, format: int32, minimum: 1, maximum: 50}}
      responses:
        '200':
          description: A page.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ActionExecutions'}
`
	modified := strings.Replace(string(spec), "paths:\n", "paths:\n"+newOp, 1)
	doc, err := openapi3.NewLoader().LoadFromData([]byte(modified))
	if err != nil {
		t.Fatal(err)
	}

	// The low-level client, generated with the project's settings.
	var cfg codegen.Configuration
	raw, err := os.ReadFile("../../../specs/sysdig/oapi-codegen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	cfg.OutputOptions.UserTemplates = nil        // the template copy changes how requests are built, not names
	if err := openSetsAsTypes(doc); err != nil { // as the driver does
		t.Fatal(err)
	}
	code, err := codegen.Generate(doc, cfg.UpdateDefaults())
	if err != nil {
		t.Fatal(err)
	}

	// A module of its own holding it, with this module's requirements.
	root := t.TempDir()
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	mod = regexp.MustCompile(`(?m)^module .*$`).ReplaceAll(mod, []byte("module example.com/maintainer"))
	// The generated package imports the library's root package
	// (respondkit.Values): this checkout stands in for it.
	repo, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	mod = regexp.MustCompile(`(?m)^replace .*$`).ReplaceAll(mod, []byte("replace github.com/respondkit/respondkit => "+repo))
	sum, err := os.ReadFile("../../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	write(t, root, "go.mod", mod)
	write(t, root, "go.sum", sum)
	write(t, root, "gen/sysdigapi/sysdigapi.gen.go", []byte(code))
	write(t, root, "spec.yaml", []byte(modified))
	wrapper := filepath.Join(root, "wrapper")
	// The wrapper's hand-written part: the methods the spec says are
	// written by hand (x-respondkit-method.hand).
	write(t, root, "wrapper/types.go", []byte("package sysdig\n\ntype Client struct{}\n\n"+

		"func (c *Client) Undo()             {}\nfunc (c *Client) OpenAcquiredFile() {}\n"))
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOSUMDB", "off")

	out, err := generate(filepath.Join(root, "spec.yaml"), "example.com/maintainer/gen/sysdigapi", wrapper, root)
	if err != nil {
		t.Fatal(err)
	}
	src := string(out)
	for _, want := range []string{
		"type ArchiveOptions struct {",
		"\tRegion sysdigapi.GetArchivedExecutionsV1ParamsRegion\n",
		"\tMinAge int\n",
		"\tPageSize int\n",
		"func (o ArchiveOptions) getArchivedExecutionsV1Params() (*sysdigapi.GetArchivedExecutionsV1Params, error) {",
		`if v < 1 || v > 365 {`,
		`is not one of eu, us`,
		"var patternArchiveOptionsHost = regexp.MustCompile(`^[a-z0-9.-]+$`)",
		"if !patternArchiveOptionsHost.MatchString(v) {",
		"if n := utf8.RuneCountInString(v); n > 64 {",
		"func (c *Client) ListArchivedPage(ctx context.Context, opts ArchiveOptions, at int) (*Page[Execution], error) {",
		`paging.Size(api, "ArchiveOptions.PageSize", opts.PageSize, 50)`,
		"resp, err := c.gen.GetArchivedExecutionsV1(ctx, params)",
		"func (c *Client) ListArchived(ctx context.Context, opts ArchiveOptions) iter.Seq2[Execution, error] {",
		// The existing annotated operations are still there.
		"func (c *Client) ListExecutions(ctx context.Context, opts ListOptions) iter.Seq2[Execution, error] {",
		"func (c *Client) WaitForExecution(",
		// The model types the spec names, with their fields; the
		// hand-written alias is used in the field list.
		"type Execution = sysdigapi.ActionExecution",
		"Status                       Status",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("generated code lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("generated:\n%s", src)
	}
}

func write(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestAnnotationErrorsNameTheOperation: a wrong annotation stops the
// generator with an error that names the operation and the field.
func TestAnnotationErrorsNameTheOperation(t *testing.T) {
	spec, err := os.ReadFile("../../../specs/falcon/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ old, new, want string }{
		{"items: resources\n        total: meta.pagination.total\n        end: 10000\n", "items: devices\n        total: meta.pagination.total\n        end: 10000\n",
			`operation queryCombinedRTResponsePolicyMembers: x-respondkit-paging.items "devices" is not a property of the answer`},
		{"x-respondkit-batch: {items: ids, max: 100, parallel: 4}\n", "x-respondkit-batch: {items: id, max: 100, parallel: 4}\n",
			`x-respondkit-batch.items "id" is not an array query parameter`},
		// Names the generator would declare twice, or over a hand-written
		// declaration, are refused: the wrapper would not compile.
		{"        name: QueryMemberIDs\n", "        name: QueryMembers\n",
			`operation queryRTResponsePolicyMembers (x-respondkit-paging.name): the method QueryMembers is taken by operation queryCombinedRTResponsePolicyMembers (x-respondkit-paging.name)`},
		{"x-respondkit-method: {name: GetPolicies,", "x-respondkit-method: {name: RateLimit,",
			`operation getRTResponsePolicies (x-respondkit-method.name): the method RateLimit is declared by hand in the wrapper package`},
		{"x-respondkit-method: {name: GetPolicies,", "x-respondkit-method: {name: Enable,",
			`the method Enable is taken by operation`},
		// Shorthands: a value the enum lacks, a request not declared, a
		// body without the ids, a request type over a hand-written name.
		{"{name: Disable, value: disable,", "{name: Disable, value: disabled,",
			`operation performRTResponsePoliciesAction: x-respondkit-shorthands.methods[1] (Disable): value "disabled" is not one of action_name's enum`},
		{"        request: {type: GroupChange,", "        unused: {type: GroupChange,",
			`operation performRTResponsePoliciesAction: x-respondkit-shorthands: json: unknown field "unused"`},
		{"        ids: ids\n        parameters: action_parameters\n", "        ids: resources\n        parameters: action_parameters\n",
			`operation performRTResponsePoliciesAction (x-respondkit-shorthands.ids): "resources" is not an array of strings of the body ActionRequest`},
		{"request: {type: GroupChange,", "request: {type: Credentials,",
			`operation performRTResponsePoliciesAction (x-respondkit-shorthands.request.type): the name Credentials is declared by hand in the wrapper package`},
		{"x-respondkit-method: {name: DeletePolicies,", "x-respondkit-method: {name: CreatePolicies,",
			`the method CreatePolicies is taken by operation`},
		{"x-respondkit-options: {name: QueryOptions, check: checkFilter}", "x-respondkit-options: {name: Policy, check: checkFilter}",
			`(x-respondkit-options.name): the name Policy is taken by schema Policy (x-respondkit-type)`},
		{"x-respondkit-type: {name: Platform,", "x-respondkit-type: {name: Credentials,",
			`schema PlatformName (x-respondkit-type): the name Credentials is declared by hand in the wrapper package`},
		{"x-respondkit-type: {name: Platform,", "x-respondkit-type: {name: GroupChange,",
			`the name GroupChange is taken by`},
		{"x-respondkit-method: {name: SetPrecedence, hand:", "x-respondkit-method: {name: SetOrder, hand:",
			`operation setRTResponsePoliciesPrecedence: x-respondkit-method.hand, but the wrapper package declares no method SetOrder by hand`},
	}
	for _, tt := range tests {
		if !strings.Contains(string(spec), tt.old) {
			t.Fatalf("the spec lacks %q", tt.old)
		}
		dir := t.TempDir()
		write(t, dir, "openapi.yaml", []byte(strings.Replace(string(spec), tt.old, tt.new, 1)))
		_, err := generate(filepath.Join(dir, "openapi.yaml"), "github.com/respondkit/respondkit/gen/falconapi", "../../../clients/falcon", "../../..")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("error %v, want one containing %q", err, tt.want)
		}
	}
}

// TestRequestAndSentinelAnnotations: a wrong x-respondkit-method.request or
// a wrong generated sentinel (Waldur's Execute) stops the generator with an
// error naming the operation and the annotation.
func TestRequestAndSentinelAnnotations(t *testing.T) {
	spec, err := os.ReadFile("../../../specs/waldur/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ old, new, want string }{
		{"fields: {action_label: Label}", "fields: {label: Label}",
			`operation user_actions_execute_action: x-respondkit-method.request.fields[label]: no body property or query parameter of that name`},
		{"fields: {action_label: Label}", "fields: {action_label: label}",
			`operation user_actions_execute_action: x-respondkit-method.request.fields[action_label] "label" is not an exported Go name`},
		{"confirm: {field: All,", "confirm: {field: all,",
			`operation user_actions_update_actions: x-respondkit-method.request.confirm: field must be an exported Go name, with a doc`},
		{"confirm: {field: All,", "confirm: {field: ProviderActionType,",
			`operation user_actions_update_actions: x-respondkit-method.request.confirm: the field ProviderActionType is a field of UpdateRequest already`},
		{"request: {name: ExecuteRequest,", "request: {name: UserAction,",
			`the request of operation user_actions_execute_action (x-respondkit-method.request): the name UserAction is taken by`},
		{"sentinel: ErrActionFailed, message:", "sentinel: MaxSilenceDays, message:",
			`operation user_actions_execute_action (x-respondkit-method.errors): the name MaxSilenceDays is declared by hand in the wrapper package`},
		{"sentinel: ErrActionNotFound, message: user action not found,", "sentinel: ErrLabelNotPermitted, message: user action not found,",
			`operation user_actions_execute_action: x-respondkit-method.errors: ErrLabelNotPermitted is given two messages or docs`},
		{"message: corrective action failed,\n             doc: the corrective action ran and failed on the server}", "message: corrective action failed}",
			`operation user_actions_execute_action: x-respondkit-method.errors[2] (ErrActionFailed): message and doc go together`},
	}
	for _, tt := range tests {
		if !strings.Contains(string(spec), tt.old) {
			t.Fatalf("the spec lacks %q", tt.old)
		}
		dir := t.TempDir()
		write(t, dir, "openapi.yaml", []byte(strings.Replace(string(spec), tt.old, tt.new, 1)))
		_, err := generate(filepath.Join(dir, "openapi.yaml"), "github.com/respondkit/respondkit/gen/waldurapi", "../../../clients/waldur", "../../..")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("error %v, want one containing %q", err, tt.want)
		}
	}
}
