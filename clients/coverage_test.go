// Package clients_test holds the wrapper coverage check: every operation of
// every spec is served by a wrapper method (or is marked as reachable only
// through the generated client, with the reason), and every wrapper method
// that sends requests is in the table.
package clients_test

import (
	"context"
	"errors"
	"io"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/uuid"

	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/falcon/falcontest"
	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/clients/sysdig/sysdigtest"
	"github.com/respondkit/respondkit/clients/waldur"
	"github.com/respondkit/respondkit/clients/waldur/waldurtest"
	"github.com/respondkit/respondkit/gen/falconapi"
	"github.com/respondkit/respondkit/gen/waldurapi"
)

// row says which wrapper method serves an operation. Exactly one of method,
// via and generatedOnly is set.
type row struct {
	op string
	// method is the *Client method; call calls it, and the request it
	// sends must be the operation.
	method string
	// via explains an operation the wrapper sends on its own (a token
	// request); call triggers it.
	via string
	// generatedOnly is why only the generated client reaches the
	// operation; there is no call.
	generatedOnly string
	call          func(ctx context.Context) error
}

// api is one client under test, set up on its fake behind a recording
// transport.
type api struct {
	name    string
	spec    string
	client  any      // the *Client, for the method checks
	noCalls []string // exported *Client methods that send no request
	rows    []row
	// unset explains each parameter ("<operationId> query|body <name>")
	// that no row sends, and how a caller sets it.
	unset map[string]string
}

func each[T any](seq func(func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

func sysdigAPI(t *testing.T, hc *http.Client) api {
	srv := sysdigtest.NewServer(sysdigtest.WithFileSize(1024))
	t.Cleanup(srv.Close)
	c, err := sysdig.New(srv.Token(), sysdig.WithBaseURL(srv.URL), sysdig.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	e, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: sysdig.ActionFileAcquire, Parameters: sysdig.Parameters{"host.id": "h", "path.absolute": "/tmp/f"}})
	if err != nil {
		t.Fatal(err)
	}
	pause, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: sysdig.ActionPauseContainer, Parameters: sysdig.Parameters{"host.id": "h", "container.id": "c"}})
	if err != nil {
		t.Fatal(err)
	}
	wait := &sysdig.WaitOptions{Interval: 100 * time.Millisecond}
	for _, id := range []string{e.ID, pause.ID} {
		if _, err := c.WaitForExecution(ctx, id, wait); err != nil {
			t.Fatal(err)
		}
	}
	return api{
		name: "sysdig", spec: "../specs/sysdig/openapi.yaml", client: c,
		noCalls: []string{"BaseURL", "Generated", "Format", "LogValue", "String"},
		rows: []row{
			{op: "getActionsV1", method: "ListActions", call: func(ctx context.Context) error {
				_, err := c.ListActions(ctx, sysdig.ActionsOptions{Context: map[string]string{"host.id": "h"}})
				return err
			}},
			{op: "getActionExecutionsv1", method: "ListExecutions", call: func(ctx context.Context) error {
				return each(c.ListExecutions(ctx, sysdig.ListOptions{}))
			}},
			{op: "getActionExecutionsv1", method: "ListExecutionsPage", call: func(ctx context.Context) error {
				now := time.Now()
				_, err := c.ListExecutionsPage(ctx, sysdig.ListOptions{CallerID: "cov", Filter: `actionType = "FILE_ACQUIRE"`,
					From: now.Add(-time.Hour), To: now, PageSize: 10}, 0)
				return err
			}},
			{op: "submitActionExecutionv1", method: "Submit", call: func(ctx context.Context) error {
				_, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: sysdig.ActionKillProcess, Parameters: sysdig.Parameters{"host.id": "h", "process.id": 1}, CallerID: "cov"})
				return err
			}},
			{op: "getActionExecutionV1", method: "GetExecution", call: func(ctx context.Context) error { _, err := c.GetExecution(ctx, e.ID); return err }},
			{op: "getActionExecutionV1", method: "WaitForExecution", call: func(ctx context.Context) error { _, err := c.WaitForExecution(ctx, e.ID, wait); return err }},
			{op: "undoActionExecutionV1", method: "Undo", call: func(ctx context.Context) error {
				_, err := c.Undo(ctx, pause.ID, sysdig.UndoOptions{CallerID: "cov"})
				return err
			}},
			{op: "getActionExecutionFileAcquireV1", method: "DownloadAcquiredFile", call: func(ctx context.Context) error {
				_, err := c.DownloadAcquiredFile(ctx, e.ID, io.Discard)
				return err
			}},
			{op: "getActionExecutionFileAcquireV1", method: "OpenAcquiredFile", call: func(ctx context.Context) error {
				rc, err := c.OpenAcquiredFile(ctx, e.ID)
				if err != nil {
					return err
				}
				_, err = io.Copy(io.Discard, rc)
				return errors.Join(err, rc.Close())
			}},
		},
	}
}

func falconAPI(t *testing.T, hc *http.Client) api {
	srv := falcontest.NewServer()
	t.Cleanup(srv.Close)
	c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret(), MemberCID: "0123456789abcdef0123456789abcdef"},
		falcon.WithBaseURL(srv.URL), falcon.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	group := srv.AddHostGroup("cov")
	var id string // the policy created by the CreatePolicies row, used by later rows
	policy := func(ctx context.Context) (string, error) {
		if id != "" {
			return id, nil
		}
		ps, err := c.CreatePolicies(ctx, []falcon.PolicyCreate{{Name: "setup", PlatformName: falcon.PlatformLinux}})
		if err != nil {
			return "", err
		}
		id = ps[0].ID
		srv.AddDevice(falconapi.Device{Hostname: "h-1"}, id)
		return id, nil
	}
	if _, err := policy(ctx); err != nil {
		t.Fatal(err)
	}
	act := func(f func(ctx context.Context, ids []string) ([]falcon.Policy, error)) func(ctx context.Context) error {
		return func(ctx context.Context) error { _, err := f(ctx, []string{id}); return err }
	}
	grouped := func(f func(ctx context.Context, ch falcon.GroupChange) ([]falcon.Policy, error)) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			_, err := f(ctx, falcon.GroupChange{GroupID: group.ID, PolicyIDs: []string{id}})
			return err
		}
	}
	return api{
		name: "falcon", spec: "../specs/falcon/openapi.yaml", client: c,
		noCalls: []string{"BaseURL", "Generated", "RateLimit", "Format", "LogValue", "String"},
		rows: []row{
			{op: "oauth2AccessToken", via: "the token layer fetches a token before the first call and when it nears expiry or meets a 401 (auth.go)",
				call: func(ctx context.Context) error {
					srv.ExpireTokens()
					_, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{PageSize: 1}, 0)
					return err
				}},
			{op: "queryRTResponsePolicies", method: "QueryPolicyIDs", call: func(ctx context.Context) error { return each(c.QueryPolicyIDs(ctx, falcon.QueryOptions{})) }},
			{op: "queryRTResponsePolicies", method: "QueryPolicyIDsPage", call: func(ctx context.Context) error {
				_, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{Filter: "platform_name:'Linux'", Sort: falcon.SortNameAsc, PageSize: 10}, 0)
				return err
			}},
			{op: "queryCombinedRTResponsePolicies", method: "QueryPolicies", call: func(ctx context.Context) error { return each(c.QueryPolicies(ctx, falcon.QueryOptions{})) }},
			{op: "queryCombinedRTResponsePolicies", method: "QueryPoliciesPage", call: func(ctx context.Context) error {
				_, err := c.QueryPoliciesPage(ctx, falcon.QueryOptions{Filter: "platform_name:'Linux'", Sort: falcon.SortPrecedenceAsc, PageSize: 10}, 0)
				return err
			}},
			{op: "queryRTResponsePolicyMembers", method: "QueryMemberIDs", call: func(ctx context.Context) error {
				return each(c.QueryMemberIDs(ctx, id, falcon.MemberOptions{}))
			}},
			{op: "queryRTResponsePolicyMembers", method: "QueryMemberIDsPage", call: func(ctx context.Context) error {
				_, err := c.QueryMemberIDsPage(ctx, id, falcon.MemberOptions{Filter: "hostname:'h-1'", Sort: "hostname.asc", PageSize: 10}, 0)
				return err
			}},
			{op: "queryCombinedRTResponsePolicyMembers", method: "QueryMembers", call: func(ctx context.Context) error {
				return each(c.QueryMembers(ctx, id, falcon.MemberOptions{}))
			}},
			{op: "queryCombinedRTResponsePolicyMembers", method: "QueryMembersPage", call: func(ctx context.Context) error {
				_, err := c.QueryMembersPage(ctx, id, falcon.MemberOptions{Filter: "hostname:'h-1'", Sort: "hostname.desc", PageSize: 10}, 0)
				return err
			}},
			{op: "getRTResponsePolicies", method: "GetPolicies", call: func(ctx context.Context) error { _, err := c.GetPolicies(ctx, []string{id}); return err }},
			{op: "createRTResponsePolicies", method: "CreatePolicies", call: func(ctx context.Context) error {
				_, err := c.CreatePolicies(ctx, []falcon.PolicyCreate{{Name: "cov", PlatformName: falcon.PlatformMac}})
				return err
			}},
			{op: "updateRTResponsePolicies", method: "UpdatePolicies", call: func(ctx context.Context) error {
				_, err := c.UpdatePolicies(ctx, []falcon.PolicyUpdate{{ID: id, Name: ptr("renamed")}})
				return err
			}},
			{op: "performRTResponsePoliciesAction", method: "PerformAction", call: func(ctx context.Context) error {
				_, err := c.PerformAction(ctx, falcon.ActionEnable, falcon.ActionRequest{IDs: []string{id}})
				return err
			}},
			{op: "performRTResponsePoliciesAction", method: "Enable", call: act(c.Enable)},
			{op: "performRTResponsePoliciesAction", method: "Disable", call: act(c.Disable)},
			{op: "performRTResponsePoliciesAction", method: "AddHostGroup", call: grouped(c.AddHostGroup)},
			{op: "performRTResponsePoliciesAction", method: "RemoveHostGroup", call: grouped(c.RemoveHostGroup)},
			{op: "performRTResponsePoliciesAction", method: "AddRuleGroup", call: grouped(c.AddRuleGroup)},
			{op: "performRTResponsePoliciesAction", method: "RemoveRuleGroup", call: grouped(c.RemoveRuleGroup)},
			{op: "setRTResponsePoliciesPrecedence", method: "SetPrecedence", call: func(ctx context.Context) error {
				order := srv.Precedence(falcon.PlatformLinux)
				return c.SetPrecedence(ctx, falcon.PlatformLinux, order[:len(order)-1])
			}},
			{op: "deleteRTResponsePolicies", method: "DeletePolicies", call: func(ctx context.Context) error { _, err := c.DeletePolicies(ctx, []string{id}); return err }},
			{op: "oauth2RevokeToken", method: "Close", call: func(ctx context.Context) error { return c.Close(ctx) }},
		},
	}
}

func ptr[T any](v T) *T { return &v }

func waldurAPI(t *testing.T, hc *http.Client) api {
	srv := waldurtest.NewServer()
	t.Cleanup(srv.Close)
	c, err := waldur.New(waldur.Config{BaseURL: srv.URL, Token: srv.Token()}, waldur.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	a := srv.Add(waldurapi.UserAction{
		ActionType: "pending_order", Title: "Approve",
		CorrectiveActions: []waldurapi.CorrectiveAction{{Label: "Approve", Category: waldurapi.CorrectiveActionCategoryApprove,
			Severity: waldurapi.CorrectiveActionSeverityLow, APIEndpoint: true}},
	})
	id := a.UUID
	// every sets each filter: the rows below send every parameter.
	now := time.Now()
	every := waldur.Filter{ActionType: "pending_order", CreatedAfter: now.Add(-time.Hour), CreatedBefore: now, DueWithinDays: ptr(30.0),
		IncludeSilenced: true, IsSilenced: ptr(false), OrderBy: []waldur.Ordering{waldur.OrderCreatedDesc}, Overdue: ptr(false), Urgency: waldur.UrgencyLow,
		UserUUID: uuid.MustParse("1c2d3e4f-5061-4283-94a5-b6c7d8e9f0a1")}
	return api{
		name: "waldur", spec: "../specs/waldur/openapi.yaml", client: c,
		noCalls: []string{"BaseURL", "Generated", "Format", "LogValue", "String"},
		rows: []row{
			{op: "user_actions_list", method: "List", call: func(ctx context.Context) error { return each(c.List(ctx, waldur.Filter{})) }},
			{op: "user_actions_list", method: "ListPage", call: func(ctx context.Context) error {
				f := every
				f.PageSize = 10
				_, err := c.ListPage(ctx, f, 0)
				return err
			}},
			// HEAD is not in the spec: the service answers it as the GET it mirrors.
			{op: "user_actions_list", method: "Count", call: func(ctx context.Context) error { _, err := c.Count(ctx, waldur.Filter{}); return err }},
			{op: "user_actions_retrieve", method: "Get", call: func(ctx context.Context) error {
				_, err := c.Get(ctx, id, waldur.GetOptions{IncludeSilenced: true})
				return err
			}},
			{op: "user_actions_update_actions", method: "UpdateActions", call: func(ctx context.Context) error {
				_, err := c.UpdateActions(ctx, waldur.UpdateRequest{ProviderActionType: "pending_order"})
				return err
			}},
			{op: "user_actions_summary_retrieve", method: "Summary", call: func(ctx context.Context) error { _, err := c.Summary(ctx, every); return err }},
			{op: "user_actions_execute_action", method: "Execute", call: func(ctx context.Context) error {
				_, err := c.Execute(ctx, id, waldur.ExecuteRequest{Label: "Approve", IncludeSilenced: true})
				return err
			}},
			{op: "user_actions_silence", method: "Silence", call: func(ctx context.Context) error {
				_, err := c.Silence(ctx, id, waldur.SilenceRequest{For: waldur.ForDays(1), IncludeSilenced: true})
				return err
			}},
			{op: "user_actions_unsilence", method: "Unsilence", call: func(ctx context.Context) error { return c.Unsilence(ctx, id) }},
			{op: "user_actions_bulk_silence", method: "BulkSilence", call: func(ctx context.Context) error {
				_, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{Filter: every, For: waldur.ForDays(1)})
				return err
			}},
		},
	}
}

// operations maps "METHOD /path" of a request to the spec's operationId,
// matching path templates as path suffixes (servers may carry a prefix). A
// HEAD matches the GET of the same path.
type operations struct {
	byID   map[string]*openapi3.Operation
	ids    []string
	re     []*regexp.Regexp
	op     []string
	params []int // path parameters of each template: a literal segment wins
}

func loadOperations(t *testing.T, spec string) operations {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	ops := operations{byID: map[string]*openapi3.Operation{}}
	param := regexp.MustCompile(`\\\{[^}]+\\\}`)
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			pattern := param.ReplaceAllString(regexp.QuoteMeta(path), `[^/]+`)
			ops.re = append(ops.re, regexp.MustCompile("^"+method+" (.*)"+pattern+"$"))
			ops.op = append(ops.op, op.OperationID)
			ops.params = append(ops.params, strings.Count(path, "{"))
			ops.ids = append(ops.ids, op.OperationID)
			ops.byID[op.OperationID] = op
		}
	}
	sort.Strings(ops.ids)
	return ops
}

func (o operations) match(request string) string {
	if rest, ok := strings.CutPrefix(request, "HEAD "); ok {
		request = "GET " + rest
	}
	best := -1
	for i, re := range o.re {
		if re.MatchString(request) && (best < 0 || o.params[i] < o.params[best]) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return o.op[best]
}

func TestWrapperCoverage(t *testing.T) {
	for _, setup := range []func(*testing.T, *http.Client) api{sysdigAPI, falconAPI, waldurAPI} {
		rec := newWire(t)
		a := setup(t, &http.Client{Transport: rec})
		t.Run(a.name, func(t *testing.T) {
			ops := loadOperations(t, a.spec)

			// The table covers exactly the spec's operations.
			var covered []string
			for _, r := range a.rows {
				if !slices.Contains(covered, r.op) {
					covered = append(covered, r.op)
				}
				set := 0
				for _, s := range []string{r.method, r.via, r.generatedOnly} {
					if s != "" {
						set++
					}
				}
				if set != 1 || (r.generatedOnly == "") != (r.call != nil) {
					t.Errorf("row %s/%s: set exactly one of method, via, generatedOnly, and a call unless generatedOnly", r.op, r.method)
				}
			}
			sort.Strings(covered)
			for _, id := range ops.ids {
				if !slices.Contains(covered, id) {
					t.Errorf("operation %s is in the spec but no wrapper method serves it: add it to the wrapper and this table, or mark it generatedOnly with the reason", id)
				}
			}
			for _, id := range covered {
				if !slices.Contains(ops.ids, id) {
					t.Errorf("operation %s is in the table but not in the spec", id)
				}
			}

			// Every exported method is in the table or sends nothing.
			typ := reflect.TypeOf(a.client)
			for i := range typ.NumMethod() {
				name := typ.Method(i).Name
				inTable := slices.ContainsFunc(a.rows, func(r row) bool { return r.method == name })
				if !inTable && !slices.Contains(a.noCalls, name) {
					t.Errorf("method %s is neither in the table nor listed as sending no request", name)
				}
			}

			// Each row's call sends its operation.
			ctx := context.Background()
			seen := map[string]bool{}
			rec.take()
			for _, r := range a.rows {
				if r.call == nil {
					continue
				}
				if r.method != "" {
					if _, ok := typ.MethodByName(r.method); !ok {
						t.Errorf("%s: no method %s on %v", r.op, r.method, typ)
						continue
					}
				}
				if err := r.call(ctx); err != nil {
					t.Errorf("%s via %s: %v", r.op, r.method, err)
					continue
				}
				var sent []string
				for _, req := range rec.take() {
					op := ops.match(req.method + " " + req.url.Path)
					sent = append(sent, op)
					for k := range req.url.Query() {
						seen[op+" query "+k] = true
					}
					for _, k := range req.bodyKeys {
						seen[op+" body "+k] = true
					}
				}
				if !slices.Contains(sent, r.op) {
					t.Errorf("%s: calling %s sent %q, not the operation", r.op, r.method+r.via, sent)
				}
			}

			// Every parameter and top-level body property of every
			// operation a wrapper serves reached the wire in some row.
			for _, id := range ops.ids {
				if slices.ContainsFunc(a.rows, func(r row) bool { return r.op == id && r.generatedOnly != "" }) {
					continue
				}
				for _, p := range wireParams(ops.byID[id]) {
					if seen[p.key(id, seen)] {
						continue
					}
					if reason, ok := a.unset[id+" "+p.in+" "+p.name]; ok && reason != "" {
						continue
					}
					t.Errorf("%s: %s parameter %q never reaches the wire through the wrapper: make it settable (options, request struct) "+
						"and set it in a row, or list it in unset with how a caller sets it", id, p.in, p.name)
				}
			}
		})
	}
}

// wireParam is a query parameter or a top-level body property.
type wireParam struct {
	in, name string
	// free: an exploded object parameter, whose keys are the caller's
	// (Sysdig's context): any query key that is no other parameter's.
	free   bool
	others []string
}

func (p wireParam) key(op string, seen map[string]bool) string {
	if !p.free {
		return op + " " + p.in + " " + p.name
	}
	for k := range seen {
		if name, ok := strings.CutPrefix(k, op+" query "); ok && !slices.Contains(p.others, name) {
			return k
		}
	}
	return ""
}

// wireParams lists an operation's query parameters and the top-level
// properties of its request body.
func wireParams(op *openapi3.Operation) []wireParam {
	var out []wireParam
	var names []string
	for _, p := range op.Parameters {
		if p.Value.In == "query" {
			names = append(names, p.Value.Name)
		}
	}
	for _, p := range op.Parameters {
		v := p.Value
		if v.In != "query" {
			continue
		}
		free := v.Schema != nil && v.Schema.Value.Type.Is("object") && v.Explode != nil && *v.Explode
		out = append(out, wireParam{in: "query", name: v.Name, free: free, others: names})
	}
	if rb := op.RequestBody; rb != nil {
		for _, mt := range rb.Value.Content {
			if mt.Schema == nil {
				continue
			}
			props := slices.Sorted(maps.Keys(mt.Schema.Value.Properties))
			for _, name := range props {
				if !slices.ContainsFunc(out, func(w wireParam) bool { return w.in == "body" && w.name == name }) {
					out = append(out, wireParam{in: "body", name: name})
				}
			}
		}
	}
	return out
}
