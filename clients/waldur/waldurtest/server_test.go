package waldurtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/respondkit/respondkit/clients/faketest"
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
		{"missing trailing slash", "GET", "/api/user-actions", "", "", 404, "detail"},
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
