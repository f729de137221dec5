package sysdigtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/respondkit/respondkit/clients/internal/fake"
	"github.com/respondkit/respondkit/clients/sysdig/sysdigtest"
)

const prefix = "/secure/response-actions/v1alpha1"

// call sends a request as any HTTP client would, with the server's token
// unless token says otherwise, and decodes the JSON answer.
func call(t *testing.T, srv *sysdigtest.Server, method, path, token, body string) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if token != "-" {
		if token == "" {
			token = srv.Token()
		}
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if len(raw) > 0 && json.Unmarshal(raw, &out) != nil {
		out = map[string]any{"raw": string(raw)}
	}
	return resp.StatusCode, out
}

func submit(t *testing.T, srv *sysdigtest.Server, body string) string {
	t.Helper()
	status, e := call(t, srv, "POST", prefix+"/action-executions", "", body)
	if status != http.StatusCreated {
		t.Fatalf("submit %s: %d %v", body, status, e)
	}
	id, _ := e["id"].(string)
	return id
}

// Each rule in "What this fake enforces", with a request it accepts next to
// one it refuses.
func TestEnforces(t *testing.T) {
	srv := sysdigtest.NewServer()
	defer srv.Close()
	for _, tc := range []struct {
		name, method, path, token, body string
		want                            int
		wantMsg                         string
	}{
		{"required parameters present", "POST", "/action-executions", "", `{"actionType":"KILL_CONTAINER","parameters":{"host.id":"h","container.id":"c"}}`, 201, ""},
		{"required parameter missing", "POST", "/action-executions", "", `{"actionType":"KILL_CONTAINER","parameters":{}}`, 400, `missing required parameter "host.id"`},
		{"only an undeclared parameter", "POST", "/action-executions", "", `{"actionType":"FILE_ACQUIRE","parameters":{"bogus":1}}`, 400, "missing required parameter"},
		{"integer as declared", "POST", "/action-executions", "", `{"actionType":"KILL_PROCESS","parameters":{"host.id":"h","process.id":42,"startTime":-1}}`, 201, ""},
		{"integer sent as a string", "POST", "/action-executions", "", `{"actionType":"KILL_PROCESS","parameters":{"host.id":"h","process.id":"42"}}`, 400, "must be of type integer, not string"},
		{"string sent as a boolean", "POST", "/action-executions", "", `{"actionType":"FILE_ACQUIRE","parameters":{"host.id":true,"path.absolute":"/f"}}`, 400, "must be of type string, not boolean"},
		{"optional parameter of the wrong type", "POST", "/action-executions", "", `{"actionType":"KILL_PROCESS","parameters":{"host.id":"h","process.id":1,"startTime":"now"}}`, 400, `"startTime"`},
		{"undo type submitted", "POST", "/action-executions", "", `{"actionType":"START_CONTAINER","parameters":{"host.id":"h","container.id":"c"}}`, 400, "undo action"},
		{"unknown action type", "POST", "/action-executions", "", `{"actionType":"REBOOT","parameters":{}}`, 400, "unknown action type"},
		{"parameters missing altogether", "POST", "/action-executions", "", `{"actionType":"KILL_CONTAINER"}`, 400, ""},
		{"parameters null: one line, naming the property", "POST", "/action-executions", "", `{"actionType":"KILL_CONTAINER","parameters":null}`, 400, `Error at "/parameters": Value is not nullable`},
		{"wrong token", "GET", "/actions", "nope", "", 401, ""},
		{"no token", "GET", "/actions", "-", "", 401, ""},
		{"window of two weeks", "GET", "/action-executions?from=0&to=1209600000000000", "", "", 200, ""},
		{"window over two weeks", "GET", "/action-executions?from=0&to=1209600000000001", "", "", 400, "2 weeks"},
		{"limit over 200", "GET", "/action-executions?limit=201", "", "", 400, ""},
		{"unknown execution", "GET", "/action-executions/nope", "", "", 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := call(t, srv, tc.method, prefix+tc.path, tc.token, tc.body)
			if status != tc.want {
				t.Fatalf("%d %v, want %d", status, body, tc.want)
			}
			msg, _ := body["message"].(string)
			if tc.wantMsg != "" && !strings.Contains(msg, tc.wantMsg) {
				t.Errorf("message %q, want it to contain %q", msg, tc.wantMsg)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("message %q spans lines (a schema dump?), where the service's is one line", msg)
			}
			if status >= 400 && body["type"] == nil {
				t.Errorf("error body %v lacks the service's type", body)
			}
		})
	}
}

// TestUndoTwice: as on the service, every undo request creates a new undo
// execution, so an undo sent twice undoes twice.
func TestUndoTwice(t *testing.T) {
	srv := sysdigtest.NewServer()
	defer srv.Close()
	id := submit(t, srv, `{"actionType":"PAUSE_CONTAINER","parameters":{"host.id":"h","container.id":"c"}}`)

	var undos []string
	for i := range 2 {
		status, undo := call(t, srv, "DELETE", prefix+"/action-executions/"+id, "", "")
		if status != 200 || undo["actionExecutionIdBeingUndone"] != id || undo["actionType"] != "UNPAUSE_CONTAINER" {
			t.Fatalf("undo %d: %d %v", i+1, status, undo)
		}
		undos = append(undos, undo["id"].(string))
	}
	if undos[0] == undos[1] {
		t.Fatalf("both undo requests answered the same execution %s", undos[0])
	}
	if got := srv.Undone(id); !slices.Equal(got, undos) {
		t.Errorf("Undone(%s) = %v, want %v", id, got, undos)
	}
}

// Requests written the way other clients of the API write them: the
// seed's Python client, curl, both revisions of undo.
func TestPeerRequests(t *testing.T) {
	srv := sysdigtest.NewServer()
	defer srv.Close()

	// GET /actions with a context object exploded into query pairs.
	status, body := call(t, srv, "GET", prefix+"/actions?host.id=abc&container.id=123", "", "")
	data, _ := body["data"].([]any)
	if status != 200 || len(data) == 0 {
		t.Fatalf("actions for a container context: %d %v", status, body)
	}
	for _, a := range data {
		a := a.(map[string]any)
		if _, ok := a["isUndoable"]; !ok || a["responderType"] == nil {
			t.Errorf("action %v lacks camelCase fields", a)
		}
	}

	id := submit(t, srv, `{"actionType":"STOP_CONTAINER","callerId":"playbook-1","parameters":{"host.id":"abc","container.id":"123"}}`)
	id2 := submit(t, srv, `{"actionType":"FILE_QUARANTINE","parameters":{"host.id":"abc","path.absolute":"/tmp/x"}}`)

	for _, tc := range []struct {
		name, path, body, wantCaller string
	}{
		{"undo with callerId in the query (current revision)", "/action-executions/" + id + "?callerId=undo-q", "", "undo-q"},
		{"undo with callerId in a JSON body (older revision)", "/action-executions/" + id2, `{"callerId":"undo-b"}`, "undo-b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, e := call(t, srv, "DELETE", prefix+tc.path, "", tc.body)
			if status != 200 || e["callerId"] != tc.wantCaller || e["actionExecutionIdBeingUndone"] == nil {
				t.Errorf("%d %v", status, e)
			}
		})
	}

	status, body = call(t, srv, "GET", prefix+`/action-executions?limit=10&offset=0&filter=actionType+in+("STOP_CONTAINER","START_CONTAINER")+and+not+status+%3D+"FAILED"`, "", "")
	data, _ = body["data"].([]any)
	if status != 200 || len(data) != 2 {
		t.Errorf("filtered list: %d, %d executions, want 2", status, len(data))
	}
	status, body = call(t, srv, "GET", prefix+"/action-executions?callerId=playbook-1", "", "")
	if data, _ = body["data"].([]any); status != 200 || len(data) != 1 {
		t.Errorf("list by callerId: %d %v", status, body)
	}

	// The wrapper's recorded request is what it sent.
	got := srv.Received()
	if last := got[len(got)-1]; last.Method != "GET" || last.Query.Get("callerId") != "playbook-1" || last.Header.Get("Authorization") != "Bearer "+srv.Token() {
		t.Errorf("last recorded request %+v", last)
	}
}

// peer is a client of the API written with net/http only, sending exactly
// what Sysdig's own generated clients send: the Go client (oapi-codegen)
// with no Accept header, the query from url.Values (context exploded into
// one pair per key, from/to as decimal int64) and undo as a DELETE with
// callerId in the query and no body; the Python client (openapi-generator)
// with Accept: application/json (also for the acquired file: it picks the
// JSON one of the two types), its User-Agent, and undo as a DELETE with
// Content-Type: application/json and an optional {"callerId"} body.
type peer struct {
	t      *testing.T
	srv    *sysdigtest.Server
	python bool
}

// object decodes an answer that must be a JSON object.
func object(t *testing.T, a fake.Answer) map[string]any {
	t.Helper()
	var m map[string]any
	a.JSON(t, &m)
	return m
}

func (p *peer) do(method, path string, q url.Values, body string) fake.Answer {
	p.t.Helper()
	return fake.Send(p.t, method, p.srv.URL+prefix+path, q, body, func(h http.Header) {
		h.Set("Authorization", "Bearer "+p.srv.Token())
		switch {
		case p.python:
			h.Set("Accept", "application/json")
			h.Set("User-Agent", "OpenAPI-Generator/1.0.0/python")
			if method == http.MethodPost || method == http.MethodDelete {
				h.Set("Content-Type", "application/json")
			}
		case method == http.MethodPost:
			h.Set("Content-Type", "application/json")
		}
	})
}

// TestPeer runs every operation as each of Sysdig's clients sends it and
// holds the answers to what the service gives: the status, X-RateLimit-Limit,
// the JSON shapes with every required field and integer parameters as
// numbers, the file as octet-stream and errors as JSON.
func TestPeer(t *testing.T) {
	for _, python := range []bool{false, true} {
		name := "Go client"
		if python {
			name = "Python client"
		}
		t.Run(name, func(t *testing.T) {
			srv := sysdigtest.NewServer(sysdigtest.WithFileSize(4096))
			defer srv.Close()
			p := &peer{t: t, srv: srv, python: python}
			execution := []string{"id", "actionType", "responderType", "executionContext", "parameters", "status", "createdAt"}
			ids := map[string]string{}
			now := time.Now().UnixNano()
			for _, tc := range []struct {
				name, method, path string
				q                  url.Values
				body               string
				status             int
				want               []string // keys the answer must have
				check              func(t *testing.T, m map[string]any)
			}{
				{"list actions", "GET", "/actions", nil, "", 200, []string{"data"}, func(t *testing.T, m map[string]any) {
					for _, a := range m["data"].([]any) {
						for _, k := range []string{"type", "responderType", "parameters", "description", "isUndoable"} {
							if _, ok := a.(map[string]any)[k]; !ok {
								t.Errorf("action lacks %q: %v", k, a)
							}
						}
					}
				}},
				{"list actions in a context", "GET", "/actions", url.Values{"host.id": {"abc"}, "container.id": {"123"}}, "", 200, []string{"data"}, nil},
				{"submit KILL_PROCESS", "POST", "/action-executions", nil,
					`{"actionType":"KILL_PROCESS","callerId":"c1","parameters":{"host.id":"abc","process.id":42,"startTime":-1}}`, 201, execution,
					func(t *testing.T, m map[string]any) {
						ids["kill"] = m["id"].(string)
						if p := m["parameters"].(map[string]any); p["process.id"] != float64(42) || p["startTime"] != float64(-1) || m["status"] != "ENQUEUED" {
							t.Errorf("integer parameters or status: %v", m)
						}
					}},
				{"submit PAUSE_CONTAINER", "POST", "/action-executions", nil,
					`{"actionType":"PAUSE_CONTAINER","parameters":{"host.id":"abc","container.id":"123456789012"}}`, 201, execution,
					func(_ *testing.T, m map[string]any) { ids["pause"] = m["id"].(string) }},
				{"submit FILE_ACQUIRE", "POST", "/action-executions", nil,
					`{"actionType":"FILE_ACQUIRE","parameters":{"host.id":"abc","path.absolute":"/etc/passwd"}}`, 201, execution,
					func(_ *testing.T, m map[string]any) { ids["file"] = m["id"].(string) }},
				{"submit an undo type", "POST", "/action-executions", nil,
					`{"actionType":"START_CONTAINER","parameters":{"host.id":"abc","container.id":"1"}}`, 400, []string{"type", "message"}, nil},
				{"get (ENQUEUED → IN_PROGRESS)", "GET", "/action-executions/{file}", nil, "", 200, execution, nil},
				{"get (IN_PROGRESS → COMPLETED)", "GET", "/action-executions/{file}", nil, "", 200, execution, func(t *testing.T, m map[string]any) {
					if m["status"] != "COMPLETED" {
						t.Errorf("status %v after two reads", m["status"])
					}
				}},
				{"get a missing execution", "GET", "/action-executions/" + strings.Repeat("0", 64), nil, "", 404, []string{"type", "message"}, nil},
				{"list with every parameter", "GET", "/action-executions", url.Values{"callerId": {"c1"}, "filter": {`actionType = "KILL_PROCESS"`},
					"limit": {"10"}, "offset": {"0"}, "from": {strconv.FormatInt(now-int64(time.Hour), 10)}, "to": {strconv.FormatInt(now+int64(time.Hour), 10)}},
					"", 200, []string{"data"}, func(t *testing.T, m map[string]any) {
						if d := m["data"].([]any); len(d) != 1 || d[0].(map[string]any)["id"] != ids["kill"] {
							t.Errorf("filtered list: %v", d)
						}
					}},
				{"list without parameters", "GET", "/action-executions", nil, "", 200, []string{"data"}, func(t *testing.T, m map[string]any) {
					if len(m["data"].([]any)) != 3 {
						t.Errorf("%d executions, want 3", len(m["data"].([]any)))
					}
				}},
				{"undo", "DELETE", "/action-executions/{pause}", url.Values{"callerId": {"c2"}}, "", 200, execution, func(t *testing.T, m map[string]any) {
					if m["actionExecutionIdBeingUndone"] != ids["pause"] || m["actionType"] != "UNPAUSE_CONTAINER" || m["callerId"] != "c2" {
						t.Errorf("undo answer %v", m)
					}
				}},
				{"undo a non-undoable action", "DELETE", "/action-executions/{kill}", nil, "", 400, []string{"type", "message"}, nil},
			} {
				t.Run(tc.name, func(t *testing.T) {
					path := tc.path
					for k, v := range ids {
						path = strings.ReplaceAll(path, "{"+k+"}", v)
					}
					a := p.do(tc.method, path, tc.q, tc.body)
					if a.Status != tc.status {
						t.Fatalf("%d %s, want %d", a.Status, a.Body, tc.status)
					}
					if a.Header.Get("X-RateLimit-Limit") == "" || !strings.HasPrefix(a.Header.Get("Content-Type"), "application/json") {
						t.Errorf("headers %v lack X-RateLimit-Limit or a JSON Content-Type", a.Header)
					}
					m := object(t, a)
					for _, k := range tc.want {
						if _, ok := m[k]; !ok {
							t.Errorf("answer lacks %q: %s", k, a.Body)
						}
					}
					if tc.check != nil {
						tc.check(t, m)
					}
				})
			}
			if python {
				// The Python client's optional undo body (the older revision).
				a := p.do("DELETE", "/action-executions/"+ids["pause"], nil, `{"callerId":"c3"}`)
				if m := object(t, a); a.Status != 200 || m["callerId"] != "c3" {
					t.Errorf("undo with a body: %d %s", a.Status, a.Body)
				}
			}
			a := p.do("GET", "/action-executions/"+ids["file"]+"/acquired-file", nil, "")
			if a.Status != 200 || len(a.Body) != 4096 || a.Header.Get("Content-Type") != "application/octet-stream" || a.Header.Get("X-RateLimit-Limit") == "" {
				t.Errorf("acquired file: %d, %d bytes, %v", a.Status, len(a.Body), a.Header)
			}
			a = p.do("GET", "/action-executions/"+ids["kill"]+"/acquired-file", nil, "")
			if a.Status < 400 || !strings.HasPrefix(a.Header.Get("Content-Type"), "application/json") || object(t, a)["message"] == nil {
				t.Errorf("acquired file of a KILL_PROCESS: %d %v %s, want a JSON error", a.Status, a.Header, a.Body)
			}
		})
	}
}
