package waldurtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/respondkit/respondkit/clients/faketest"
	"github.com/respondkit/respondkit/clients/internal/fake"
	"github.com/respondkit/respondkit/clients/waldur"
	"github.com/respondkit/respondkit/clients/waldur/waldurtest"
)

// call sends a request as any HTTP client would (Waldur's Python and
// JavaScript clients: "Token" keyword, snake_case, trailing slashes).
func call(t *testing.T, srv *waldurtest.Server, method, path, auth, body string) (int, http.Header, any) {
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
	if auth == "" {
		auth = "Token " + srv.Token()
	}
	req.Header.Set("Authorization", auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, resp.Header, out
}

func TestDateTimeFilters(t *testing.T) {
	clock := faketest.NewClock(time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC))
	srv := waldurtest.NewServer(waldurtest.WithClock(clock.Now))
	defer srv.Close()
	for _, d := range []time.Time{
		time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2025, 3, 1, 12, 30, 0, 0, time.UTC),
		time.Date(2025, 3, 2, 8, 0, 0, 0, time.UTC),
	} {
		srv.Add(waldur.UserAction{ActionType: "pending_order", Created: d})
	}
	for _, tc := range []struct {
		name, query string
		want        int
		wantErr     map[string]any
	}{
		{"RFC 3339 with Z", "created_after=2025-03-01T12:00:00Z", 2, nil},
		{"offset", "created_after=" + url.QueryEscape("2025-03-01T13:30:00+01:00"), 2, nil},
		{"offset without colon", "created_after=" + url.QueryEscape("2025-03-01T13:30:00+0100"), 2, nil},
		{"naive, taken as UTC", "created_after=2025-03-01T12:30:00", 2, nil},
		{"naive with a space", "created_after=" + url.QueryEscape("2025-03-01 12:30:01"), 1, nil},
		{"naive with microseconds", "created_before=2025-03-01T12:30:00.000001", 2, nil},
		{"minutes only", "created_before=2025-03-01T12:29", 1, nil},
		{"date only", "created_after=2025-03-02", 1, nil},
		{"date only, inclusive", "created_before=2025-03-01", 1, nil},
		{"invalid", "created_before=yesterday", 0, map[string]any{"created_before": []any{"Enter a valid date/time."}}},
		{"invalid month", "created_after=2025-13-01", 0, map[string]any{"created_after": []any{"Enter a valid date/time."}}},
		{"invalid number", "due_within_days=soon", 0, map[string]any{"due_within_days": nil}}, // keyed; the spec validator words it
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{"/api/user-actions/?", "/api/user-actions/summary/?"} {
				status, _, body := call(t, srv, "GET", path+tc.query, "", "")
				if tc.wantErr != nil {
					if m, ok := body.(map[string]any); ok && tc.wantErr["due_within_days"] == nil && m["due_within_days"] != nil {
						body = map[string]any{"due_within_days": nil}
					}
					if status != 400 || !reflect.DeepEqual(body, tc.wantErr) {
						t.Errorf("%s: %d %v, want 400 %v", path, status, body, tc.wantErr)
					}
					continue
				}
				if status != 200 {
					t.Fatalf("%s: %d %v", path, status, body)
				}
				n := 0
				switch b := body.(type) {
				case []any:
					n = len(b)
				case map[string]any:
					n = int(b["total"].(float64))
				}
				if n != tc.want {
					t.Errorf("%s: %d actions, want %d", path, n, tc.want)
				}
			}
		})
	}

	berlin := time.FixedZone("CET", 3600)
	srv2 := waldurtest.NewServer(waldurtest.WithClock(clock.Now), waldurtest.WithTimeZone(berlin))
	defer srv2.Close()
	srv2.Add(waldur.UserAction{ActionType: "x", Created: time.Date(2025, 3, 1, 12, 30, 0, 0, time.UTC)})
	if _, _, body := call(t, srv2, "GET", "/api/user-actions/?created_after=2025-03-01T13:30:00", "", ""); len(body.([]any)) != 1 {
		t.Errorf("naive time in the server's zone: %v", body)
	}
	if _, _, body := call(t, srv2, "GET", "/api/user-actions/?created_after=2025-03-01T13:31:00", "", ""); len(body.([]any)) != 0 {
		t.Errorf("naive time in the server's zone: %v", body)
	}
}

// Each rule in "What this fake enforces" with raw requests.
func TestEnforces(t *testing.T) {
	srv := waldurtest.NewServer()
	defer srv.Close()
	a := srv.Add(waldur.UserAction{ActionType: "pending_order", Urgency: waldur.UrgencyHigh, CorrectiveActions: []waldur.CorrectiveAction{
		{Label: "Approve", Category: waldur.CategoryApprove, Severity: waldur.SeverityLow, APIEndpoint: true},
	}})
	id := a.UUID.String()
	for _, tc := range []struct {
		name, method, path, auth, body string
		want                           int
		wantKey                        string
	}{
		{"token keyword in lower case", "GET", "/api/user-actions/", "token " + waldurtest.DefaultToken, "", 200, ""},
		{"bearer token", "GET", "/api/user-actions/", "Bearer " + waldurtest.DefaultBearer, "", 200, ""},
		{"wrong token", "GET", "/api/user-actions/", "Token nope", "", 401, "detail"},
		{"unknown path", "GET", "/api/user-actionz/", "", "", 404, "detail"},
		{"urgency outside the enum", "GET", "/api/user-actions/?urgency=urgent", "", "", 400, "urgency"},
		{"page past the last", "GET", "/api/user-actions/?page=9", "", "", 404, "detail"},
		{"silence for 400 days", "POST", "/api/user-actions/" + id + "/silence/", "", `{"duration_days":400}`, 400, "duration_days"},
		{"silence with null days", "POST", "/api/user-actions/" + id + "/silence/", "", `{"duration_days":null}`, 400, "duration_days"},
		{"execute an unknown label", "POST", "/api/user-actions/" + id + "/execute_action/", "", `{"action_label":"Reject"}`, 404, "error"},
		{"execute an empty label", "POST", "/api/user-actions/" + id + "/execute_action/", "", `{"action_label":""}`, 400, "action_label"},
		{"execute", "POST", "/api/user-actions/" + id + "/execute_action/", "", `{"action_label":"Approve"}`, 200, "action"},
		{"silence for 7 days", "POST", "/api/user-actions/" + id + "/silence/", "", `{"duration_days":7}`, 200, "status"},
		{"silenced action hidden", "GET", "/api/user-actions/" + id + "/", "", "", 404, "detail"},
		{"unless include_silenced=true", "GET", "/api/user-actions/" + id + "/?include_silenced=true", "", "", 200, "uuid"},
		{"unsilence finds it", "POST", "/api/user-actions/" + id + "/unsilence/", "", "", 200, "status"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := call(t, srv, tc.method, tc.path, tc.auth, tc.body)
			if status != tc.want {
				t.Fatalf("%d %v, want %d", status, body, tc.want)
			}
			if m, ok := body.(map[string]any); tc.wantKey != "" && (!ok || m[tc.wantKey] == nil) {
				t.Errorf("answer %v lacks %q", body, tc.wantKey)
			}
		})
	}
}

// What other clients send and read: HEAD for a count, Link pages, bulk
// silence with filters in the query and an optional body.
func TestPeerRequests(t *testing.T) {
	srv := waldurtest.NewServer(waldurtest.WithExternalURL("https://waldur.example.com"))
	defer srv.Close()
	for range 12 {
		srv.Add(waldur.UserAction{ActionType: "expiring_resource", Urgency: waldur.UrgencyLow})
	}
	srv.Add(waldur.UserAction{ActionType: "pending_order", Urgency: waldur.UrgencyHigh})

	status, h, _ := call(t, srv, "HEAD", "/api/user-actions/?urgency=low", "", "")
	if status != 200 || h.Get("X-Result-Count") != "12" {
		t.Errorf("HEAD: %d, X-Result-Count %q", status, h.Get("X-Result-Count"))
	}
	_, h, body := call(t, srv, "GET", "/api/user-actions/?urgency=low&page_size=5&page=2", "", "")
	if len(body.([]any)) != 5 || !strings.Contains(h.Get("Link"), `<https://waldur.example.com/api/user-actions/?page=3&page_size=5&urgency=low>; rel="next"`) {
		t.Errorf("page 2: %d items, Link %s", len(body.([]any)), h.Get("Link"))
	}
	status, _, body = call(t, srv, "POST", "/api/user-actions/bulk_silence/?urgency=low", "", `{"duration_days":14}`)
	if m, _ := body.(map[string]any); status != 200 || m["count"] != float64(12) || m["status"] != "bulk_silenced" {
		t.Errorf("bulk silence: %d %v", status, body)
	}
	status, _, body = call(t, srv, "POST", "/api/user-actions/update_actions/", "", `{"provider_action_type":null}`)
	if status != 202 {
		t.Errorf("update_actions with a null provider: %d %v", status, body)
	}
	_, _, body = call(t, srv, "GET", "/api/user-actions/summary/", "", "")
	if m, _ := body.(map[string]any); m["total"] != float64(1) {
		t.Errorf("summary after the bulk silence: %v", body)
	}
}

// peer is a client of the API written with net/http only, sending what
// Waldur's own generated clients send: the Python client (httpx) puts
// filters in the query with booleans as true/false and date-times from
// isoformat() (an offset only for aware values), sends a JSON body ({} for
// an empty model) with Content-Type: application/json on every POST,
// "Authorization: Token <key>" (or its configured prefix), and reads
// X-Result-Count from HEAD; the JavaScript client sends the same requests.
type peer struct {
	t    *testing.T
	srv  *waldurtest.Server
	auth string
}

// decoded decodes an answer that must be JSON.
func decoded(t *testing.T, a fake.Answer) any {
	t.Helper()
	var v any
	a.JSON(t, &v)
	return v
}

func (p *peer) do(method, path string, q url.Values, body string) fake.Answer {
	p.t.Helper()
	return fake.Send(p.t, method, p.srv.URL+path, q, body, func(h http.Header) {
		h.Set("Accept", "*/*")
		h.Set("User-Agent", "python-httpx/0.28.1")
		if method == http.MethodPost {
			h.Set("Content-Type", "application/json")
		}
		if p.auth != "" {
			h.Set("Authorization", p.auth)
		}
	})
}

// TestPeer holds the fake to what the real server answers the requests
// Waldur's own clients send, where a Django REST framework server reads
// them more leniently than the spec is written (ordering, page, page_size),
// and where it always sends a field (null rather than left out).
func TestPeer(t *testing.T) {
	clock := faketest.NewClock(time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC))
	srv := waldurtest.NewServer(waldurtest.WithClock(clock.Now), waldurtest.WithExternalURL("https://waldur.example.com"))
	defer srv.Close()
	route := "marketplace-order-details"
	due := clock.Now().Add(48 * time.Hour)
	var ids []string
	for i := range 23 {
		a := waldur.UserAction{ActionType: "pending_order", Urgency: waldur.UrgencyHigh, Created: clock.Now().Add(-time.Duration(i) * time.Hour),
			CorrectiveActions: []waldur.CorrectiveAction{
				{Label: "Approve", Category: waldur.CategoryApprove, Severity: waldur.SeverityLow, Method: "POST", APIEndpoint: true},
				{Label: "View", Category: waldur.CategoryView, Severity: waldur.SeveritySafe, RouteName: &route},
			}}
		if i%2 == 0 {
			a.DueDate, a.Urgency, a.ActionType = &due, waldur.UrgencyLow, "expiring_resource"
		}
		// The server writes uuids as 32 hex digits; the Python client
		// formats the UUID it parsed with hyphens: paths take both.
		id := srv.Add(a).UUID.String()
		if i%2 == 1 {
			id = strings.ReplaceAll(id, "-", "")
		}
		ids = append(ids, id)
	}
	p := &peer{t: t, srv: srv, auth: "Token " + srv.Token()}
	hexID := func(id string) string { return strings.ReplaceAll(id, "-", "") }
	const list = "/api/user-actions/"
	items := func(a fake.Answer) int {
		v, ok := decoded(t, a).([]any)
		if !ok {
			t.Fatalf("list answer is not a bare array: %s", a.Body)
		}
		return len(v)
	}

	t.Run("list pages", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			q     url.Values
			items int
			link  []string // wanted Link entries, in order
		}{
			{"defaults", nil, 10, []string{
				`<https://waldur.example.com/api/user-actions/>; rel="first"`,
				`<https://waldur.example.com/api/user-actions/?page=2>; rel="next"`,
				`<https://waldur.example.com/api/user-actions/?page=3>; rel="last"`}},
			{"page 2: prev is the first page, without page", url.Values{"page": {"2"}, "urgency": {"high"}, "page_size": {"5"}}, 5, []string{
				`<https://waldur.example.com/api/user-actions/?page_size=5&urgency=high>; rel="first"`,
				`<https://waldur.example.com/api/user-actions/?page_size=5&urgency=high>; rel="prev"`,
				`<https://waldur.example.com/api/user-actions/?page=3&page_size=5&urgency=high>; rel="next"`,
				`<https://waldur.example.com/api/user-actions/?page=3&page_size=5&urgency=high>; rel="last"`}},
			{"one page: first and last without page", url.Values{"page_size": {"100"}}, 23, []string{
				`<https://waldur.example.com/api/user-actions/?page_size=100>; rel="first"`,
				`<https://waldur.example.com/api/user-actions/?page_size=100>; rel="last"`}},
			{"page last", url.Values{"page": {"last"}}, 3, nil},
			{"page_size 0 means the default", url.Values{"page_size": {"0"}}, 10, nil},
			{"negative page_size means the default", url.Values{"page_size": {"-5"}}, 10, nil},
			{"page_size not a number means the default", url.Values{"page_size": {"many"}}, 10, nil},
			{"page_size above 300 is clamped", url.Values{"page_size": {"1000"}}, 23, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a := p.do("GET", list, tc.q, "")
				if a.Status != 200 || items(a) != tc.items || a.Header.Get("X-Result-Count") == "" {
					t.Fatalf("%d, %d items, X-Result-Count %q: %s", a.Status, items(a), a.Header.Get("X-Result-Count"), a.Body)
				}
				if tc.link != nil && a.Header.Get("Link") != strings.Join(tc.link, ", ") {
					t.Errorf("Link\n%s\nwant\n%s", a.Header.Get("Link"), strings.Join(tc.link, ", "))
				}
			})
		}
	})

	t.Run("invalid pages answer 404", func(t *testing.T) {
		for _, page := range []string{"0", "-1", "abc", "1.5", "4"} {
			a := p.do("GET", list, url.Values{"page": {page}}, "")
			if a.Status != 404 || !reflect.DeepEqual(decoded(t, a), map[string]any{"detail": "Invalid page."}) {
				t.Errorf("page=%s: %d %s, want 404 Invalid page.", page, a.Status, a.Body)
			}
		}
	})

	t.Run("ordering", func(t *testing.T) {
		first := func(q url.Values) string {
			a := p.do("GET", list, q, "")
			v, _ := decoded(t, a).([]any)
			if a.Status != 200 || len(v) == 0 {
				t.Fatalf("o=%s: %d %s", q.Get("o"), a.Status, a.Body)
			}
			return v[0].(map[string]any)["uuid"].(string)
		}
		def := first(nil)
		for _, tc := range []struct {
			o, want string
		}{
			{"created", ids[22]},
			{"-created", ids[0]},
			{" created , title", ids[22]}, // trimmed; the unknown field dropped
			{"title", def},                // nothing known left: the default ordering
			{"-urgency,due_date,-created", def},
			{"", def},
		} {
			if got := first(url.Values{"o": {tc.o}}); got != hexID(tc.want) {
				t.Errorf("o=%q: first %s, want %s", tc.o, got, tc.want)
			}
		}
	})

	t.Run("filters as the Python client sends them", func(t *testing.T) {
		q := url.Values{
			"created_after": {"2025-03-01T00:00:00"}, "created_before": {"2025-03-11T00:00:00.123456+00:00"},
			"due_within_days": {"3.5"}, "include_silenced": {"false"}, "is_silenced": {"false"}, "overdue": {"false"},
			"o": {"-created"}, "urgency": {"low"}, "user_uuid": {"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"}, "page": {"1"}, "page_size": {"5"},
		}
		if a := p.do("GET", list, q, ""); a.Status != 200 || items(a) != 5 || a.Header.Get("X-Result-Count") != "12" {
			t.Errorf("%d, %d items, X-Result-Count %q: %s", a.Status, items(a), a.Header.Get("X-Result-Count"), a.Body)
		}
	})

	t.Run("boolean filters", func(t *testing.T) {
		// 12 of the 23 are low and due in two days (not overdue), none is silenced yet.
		for _, tc := range []struct {
			q     string
			count string
		}{
			{"overdue=false", "23"},
			{"overdue=False", "23"},
			{"overdue=true", "0"},
			{"overdue=True", "0"},
			{"overdue=yes", "23"}, // not a boolean: no filter
			{"is_silenced=false", "23"},
			{"is_silenced=true", "0"},
			{"is_silenced=maybe", "23"},
			{"include_silenced=True", "23"},    // only exactly true includes silenced ones; none is silenced
			{"urgency=high&urgency=low", "12"}, // the last value counts
		} {
			q, _ := url.ParseQuery(tc.q)
			if a := p.do("HEAD", list, q, ""); a.Status != 200 || a.Header.Get("X-Result-Count") != tc.count {
				t.Errorf("%s: %d, X-Result-Count %q, want %s", tc.q, a.Status, a.Header.Get("X-Result-Count"), tc.count)
			}
		}
	})

	t.Run("HEAD", func(t *testing.T) {
		a := p.do("HEAD", list, url.Values{"urgency": {"high"}}, "")
		if a.Status != 200 || a.Header.Get("X-Result-Count") != "11" || len(a.Body) != 0 {
			t.Errorf("HEAD list: %d, X-Result-Count %q, %d body bytes", a.Status, a.Header.Get("X-Result-Count"), len(a.Body))
		}
		// HEAD runs the summary's GET handler, which sets no count.
		a = p.do("HEAD", list+"summary/", nil, "")
		if a.Status != 200 || a.Header.Get("X-Result-Count") != "" || len(a.Body) != 0 {
			t.Errorf("HEAD summary: %d, X-Result-Count %q, %d body bytes", a.Status, a.Header.Get("X-Result-Count"), len(a.Body))
		}
	})

	t.Run("every field is sent, null when empty", func(t *testing.T) {
		a := p.do("GET", list+ids[1]+"/", nil, "")
		m, _ := decoded(t, a).(map[string]any)
		for _, k := range []string{"uuid", "action_type", "title", "description", "urgency", "due_date", "is_silenced", "silenced_until",
			"is_temporarily_silenced", "is_effectively_silenced", "created", "modified", "related_object_name", "related_object_type",
			"corrective_actions", "days_until_due", "route_name", "route_params", "project_name", "project_uuid", "organization_name",
			"organization_uuid", "offering_name", "offering_uuid", "offering_type", "resource_name", "resource_uuid", "order_type"} {
			if _, ok := m[k]; !ok {
				t.Errorf("retrieve: %q missing from %s", k, a.Body)
			}
		}
		if c, _ := m["created"].(string); !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$`).MatchString(c) {
			t.Errorf("created %q is not UTC to the microsecond", c)
		}
		if m["uuid"] != hexID(ids[1]) {
			t.Errorf("uuid %v, want the 32 hex digits %s", m["uuid"], hexID(ids[1]))
		}
		for _, k := range []string{"due_date", "silenced_until", "days_until_due", "project_uuid", "organization_uuid", "offering_uuid", "resource_uuid"} {
			if v, ok := m[k]; !ok || v != nil {
				t.Errorf("retrieve: %q is %v, want null", k, v)
			}
		}
		proj := uuid.MustParse("1c2d3e4f-5061-7283-94a5-b6c7d8e9f0a1")
		created := time.Date(2025, 3, 1, 12, 0, 0, 123456789, time.FixedZone("CET", 3600))
		other := srv.Add(waldur.UserAction{ActionType: "x", ProjectUUID: &proj, Created: created})
		if m := decoded(t, p.do("GET", list+other.UUID.String()+"/", nil, "")).(map[string]any); m["project_uuid"] != "1c2d3e4f5061728394a5b6c7d8e9f0a1" ||
			m["created"] != "2025-03-01T11:00:00.123456Z" {
			t.Errorf("project_uuid %v, created %v: want 32 hex digits, UTC to the microsecond", m["project_uuid"], m["created"])
		}
		ca, _ := m["corrective_actions"].([]any)
		if len(ca) != 2 || !reflect.DeepEqual(ca[0].(map[string]any)["route_name"], nil) || !hasKey(ca[0], "route_name") {
			t.Errorf("corrective action without a route: route_name not sent as null: %v", ca)
		}
	})

	for _, tc := range []struct {
		name, method, path string
		q                  url.Values
		body               string
		status             int
		want               any
	}{
		{"update_actions with an empty model", "POST", list + "update_actions/", nil, `{}`, 202,
			map[string]any{"status": "scheduled", "message": "User actions update has been scheduled.", "provider_action_type": nil}},
		{"update_actions for one provider", "POST", list + "update_actions/", nil, `{"provider_action_type":"pending_order"}`, 202,
			map[string]any{"status": "scheduled", "message": "User actions update has been scheduled.", "provider_action_type": "pending_order"}},
		{"update_actions with a blank provider", "POST", list + "update_actions/", nil, `{"provider_action_type":""}`, 400,
			map[string]any{"provider_action_type": []any{"This field may not be blank."}}},
		{"silence for 400 days", "POST", list + ids[11] + "/silence/", nil, `{"duration_days":400}`, 400,
			map[string]any{"duration_days": []any{"Ensure this value is less than or equal to 365."}}},
		{"silence for 0 days", "POST", list + ids[11] + "/silence/", nil, `{"duration_days":0}`, 400,
			map[string]any{"duration_days": []any{"Ensure this value is greater than or equal to 1."}}},
		{"silence for null days", "POST", list + ids[11] + "/silence/", nil, `{"duration_days":null}`, 400,
			map[string]any{"duration_days": []any{"This field may not be null."}}},
		{"silence for a string of days", "POST", list + ids[11] + "/silence/", nil, `{"duration_days":"week"}`, 400,
			map[string]any{"duration_days": []any{"A valid integer is required."}}},
		{"execute without a label", "POST", list + ids[11] + "/execute_action/", nil, `{}`, 400,
			map[string]any{"action_label": []any{"This field is required."}}},
		{"execute with a blank label", "POST", list + ids[11] + "/execute_action/", nil, `{"action_label":""}`, 400,
			map[string]any{"action_label": []any{"This field may not be blank."}}},
		{"urgency outside the choices", "GET", list, url.Values{"urgency": {"urgent"}}, "", 400,
			map[string]any{"urgency": []any{"Select a valid choice. urgent is not one of the available choices."}}},
		{"due_within_days not a number", "GET", list, url.Values{"due_within_days": {"soon"}}, "", 400,
			map[string]any{"due_within_days": []any{"Enter a number."}}},
		{"silence permanently with an empty model", "POST", list + ids[3] + "/silence/", nil, `{}`, 200,
			map[string]any{"status": "silenced", "duration_days": nil}},
		{"silence for 7 days", "POST", list + ids[5] + "/silence/", nil, `{"duration_days":7}`, 200,
			map[string]any{"status": "silenced", "duration_days": float64(7)}},
		{"unsilence without a body", "POST", list + ids[3] + "/unsilence/", nil, "", 200, map[string]any{"status": "unsilenced"}},
		// The JavaScript client sends Content-Type: application/json with no body when the body is left out.
		{"silence with a JSON type and no body", "POST", list + ids[9] + "/silence/", nil, "", 200,
			map[string]any{"status": "silenced", "duration_days": nil}},
		{"update_actions with a JSON type and no body", "POST", list + "update_actions/", nil, "", 202,
			map[string]any{"status": "scheduled", "message": "User actions update has been scheduled.", "provider_action_type": nil}},
		{"execute an API corrective action", "POST", list + ids[7] + "/execute_action/", nil, `{"action_label":"Approve"}`, 200, "action"},
		{"execute an unknown label", "POST", list + ids[7] + "/execute_action/", nil, `{"action_label":"Reject"}`, 404,
			map[string]any{"error": "Action not found or not permitted"}},
		{"bulk silence by filter, permanently", "POST", list + "bulk_silence/", url.Values{"urgency": {"high"}, "created_after": {"2025-03-10T00:00:00"}}, `{}`, 200,
			map[string]any{"status": "bulk_silenced", "count": float64(4), "duration_days": nil}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := p.do(tc.method, tc.path, tc.q, tc.body)
			got := decoded(t, a)
			if a.Status != tc.status {
				t.Fatalf("%d %s, want %d", a.Status, a.Body, tc.status)
			}
			if key, ok := tc.want.(string); ok {
				if !hasKey(got, key) {
					t.Errorf("answer %s lacks %q", a.Body, key)
				}
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("answer %s, want %v", a.Body, tc.want)
			}
		})
	}

	t.Run("include_silenced only when exactly true", func(t *testing.T) {
		count := func(v string) string {
			return p.do("HEAD", list, url.Values{"include_silenced": {v}}, "").Header.Get("X-Result-Count")
		}
		if all, hidden := count("true"), count("True"); all == hidden || hidden != count("1") || hidden != count("false") {
			t.Errorf("include_silenced: true %s, True %s, 1 %s, false %s: only true may include the silenced", all, hidden, count("1"), count("false"))
		}
	})

	t.Run("a missing slash is redirected, as APPEND_SLASH does", func(t *testing.T) {
		noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		for _, tc := range []struct{ method, path, want string }{
			{"GET", "/api/user-actions?urgency=high", "/api/user-actions/?urgency=high"},
			{"GET", "/api/user-actions/summary", "/api/user-actions/summary/"},
			{"POST", "/api/user-actions/" + ids[0] + "/silence", "/api/user-actions/" + ids[0] + "/silence/"},
			{"GET", "/api/user-actions/" + ids[0], "/api/user-actions/" + ids[0] + "/"},
		} {
			req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(`{}`))
			resp, err := noFollow.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != tc.want {
				t.Errorf("%s %s: %d Location %q, want 301 %q", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Location"), tc.want)
			}
		}
		// A client that follows it turns the POST into a GET, which the action refuses.
		a := p.do("POST", list+ids[0]+"/silence", nil, `{}`)
		if a.Status != http.StatusMethodNotAllowed {
			t.Errorf("POST without the slash, redirect followed: %d %s, want 405", a.Status, a.Body)
		}
	})

	t.Run("a method the route does not take", func(t *testing.T) {
		for _, tc := range []struct{ method, path, allow string }{
			{"PUT", list + ids[0] + "/", "GET, HEAD, OPTIONS"},
			{"DELETE", list, "GET, HEAD, OPTIONS"},
			{"POST", list + "summary/", "GET, HEAD, OPTIONS"},
			{"GET", list + ids[0] + "/execute_action/", "POST, OPTIONS"},
			{"PATCH", list + "bulk_silence/", "POST, OPTIONS"},
		} {
			a := p.do(tc.method, tc.path, nil, "")
			want := map[string]any{"detail": `Method "` + tc.method + `" not allowed.`}
			if a.Status != 405 || !reflect.DeepEqual(decoded(t, a), want) || a.Header.Get("Allow") != tc.allow {
				t.Errorf("%s %s: %d %s Allow %q, want 405 %v Allow %q", tc.method, tc.path, a.Status, a.Body, a.Header.Get("Allow"), want, tc.allow)
			}
		}
		if a := (&peer{t: t, srv: srv}).do("PUT", list+ids[0]+"/", nil, ""); a.Status != 401 {
			t.Errorf("PUT without credentials: %d %s, want 401 (the view authenticates first)", a.Status, a.Body)
		}
	})

	t.Run("authentication", func(t *testing.T) {
		for _, tc := range []struct {
			auth, detail string
		}{
			{"", "Authentication credentials were not provided."},
			{"Basic dXNlcjpwYXNz", "Authentication credentials were not provided."},
			{"Token 0000000000000000000000000000000000000000", "Invalid token."},
			{"Bearer w_0_nope", "Invalid token."},
			{"Token", "Invalid token. No credentials provided."},
			// What Waldur's JavaScript client sends when given auth: "Token <key>" as a string.
			{"Bearer Token " + srv.Token(), "Invalid token. Token string should not contain spaces."},
		} {
			a := (&peer{t: t, srv: srv, auth: tc.auth}).do("GET", list, nil, "")
			if a.Status != 401 || !reflect.DeepEqual(decoded(t, a), map[string]any{"detail": tc.detail}) || a.Header.Get("WWW-Authenticate") != "Token" {
				t.Errorf("Authorization %q: %d %s (WWW-Authenticate %q), want 401 %q", tc.auth, a.Status, a.Body, a.Header.Get("WWW-Authenticate"), tc.detail)
			}
		}
		for _, auth := range []string{"Token " + srv.Token(), "token " + srv.Token(), "Bearer " + srv.Bearer()} {
			if a := (&peer{t: t, srv: srv, auth: auth}).do("GET", list, nil, ""); a.Status != 200 {
				t.Errorf("%s...: %d %s", auth[:6], a.Status, a.Body)
			}
		}
	})
}

func hasKey(v any, k string) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, ok = m[k]
	return ok
}
