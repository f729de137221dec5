package falcontest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/respondkit/respondkit/clients/faketest"
	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/falcon/falcontest"
	"github.com/respondkit/respondkit/clients/falcon/fql"
)

// peer is a client of the API written with net/http only, sending what
// clients generated from CrowdStrike's swagger (gofalcon, go-swagger) send.
type peer struct {
	t     *testing.T
	srv   *falcontest.Server
	token string
}

func newPeer(t *testing.T, srv *falcontest.Server) *peer {
	p := &peer{t: t, srv: srv}
	status, body := p.form("/oauth2/token", url.Values{"client_id": {srv.ClientID()}, "client_secret": {srv.ClientSecret()}}, false)
	if status != http.StatusCreated {
		t.Fatalf("token: %d %v", status, body)
	}
	p.token = body["access_token"].(string)
	return p
}

func (p *peer) form(path string, v url.Values, basic bool) (int, map[string]any) {
	req, _ := http.NewRequest("POST", p.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if basic {
		req.SetBasicAuth(p.srv.ClientID(), p.srv.ClientSecret())
	}
	return p.send(req)
}

func (p *peer) do(method, path, body string) (int, map[string]any) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, p.srv.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+p.token)
	return p.send(req)
}

func (p *peer) send(req *http.Request) (int, map[string]any) {
	p.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	if resp.Header.Get("X-Cs-Traceid") == "" {
		p.t.Errorf("%s %s: answer %d lacks the X-CS-TRACEID header", req.Method, req.URL.Path, resp.StatusCode)
	}
	if resp.StatusCode != http.StatusCreated || !strings.HasPrefix(req.URL.Path, "/oauth2/token") {
		if _, ok := out["meta"]; !ok {
			p.t.Errorf("%s %s: answer %v lacks the envelope's meta", req.Method, req.URL.Path, out)
		}
	}
	return resp.StatusCode, out
}

func firstError(body map[string]any) string {
	errs, _ := body["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	msg, _ := errs[0].(map[string]any)["message"].(string)
	return msg
}

func ids(body map[string]any) []string {
	var out []string
	res, _ := body["resources"].([]any)
	for _, r := range res {
		switch x := r.(type) {
		case string:
			out = append(out, x)
		case map[string]any:
			out = append(out, x["id"].(string))
		}
	}
	return out
}

// Each rule in "What this fake enforces" and each leniency, with raw
// requests.
func TestEnforces(t *testing.T) {
	srv := falcontest.NewServer()
	defer srv.Close()
	p := newPeer(t, srv)
	_, created := p.do("POST", "/policy/entities/response/v1", `{"resources":[{"name":"linux-rtr","platform_name":"Linux","settings":null}]}`)
	linux := ids(created)
	if len(linux) != 1 {
		t.Fatalf("create with null settings: %v", created)
	}
	group := srv.AddHostGroup("responders")

	for _, tc := range []struct {
		name, method, path, body string
		want                     int
		wantMsg                  string
	}{
		{"filter parses", "GET", "/policy/queries/response/v1?filter=" + url.QueryEscape(`name:'linux*'`), "", 200, ""},
		{"unterminated quote", "GET", "/policy/queries/response/v1?filter=" + url.QueryEscape(`name:'unterminated`), "", 400, "Invalid filter"},
		{"unbalanced group", "GET", "/policy/combined/response/v1?filter=" + url.QueryEscape(`(name:'a'`), "", 400, "Invalid filter"},
		{"unknown field", "GET", "/policy/queries/response/v1?filter=" + url.QueryEscape(`colour:'red'`), "", 400, "unknown filter field"},
		{"member filter", "GET", "/policy/queries/response-members/v1?id=" + linux[0] + "&filter=" + url.QueryEscape(`hostname:~'web'`), "", 200, ""},
		{"member filter refused", "GET", "/policy/queries/response-members/v1?id=" + linux[0] + "&filter=" + url.QueryEscape(`hostname:`), "", 400, "Invalid filter"},
		{"offset + limit over 10000", "GET", "/policy/queries/response/v1?offset=9990&limit=11", "", 400, "10000"},
		{"known setting", "PATCH", "/policy/entities/response/v1", `{"resources":[{"id":"` + linux[0] + `","settings":[{"id":"GetCommand","value":{"enabled":true}}]}]}`, 200, ""},
		{"unknown setting", "PATCH", "/policy/entities/response/v1", `{"resources":[{"id":"` + linux[0] + `","settings":[{"id":"NoSuchCommand","value":{"enabled":true}}]}]}`, 400, "invalid setting id"},
		{"setting of another platform", "PATCH", "/policy/entities/response/v1", `{"resources":[{"id":"` + linux[0] + `","settings":[{"id":"XMemDumpCommand","value":{"enabled":true}}]}]}`, 400, "invalid setting id"},
		{"unknown setting on create", "POST", "/policy/entities/response/v1", `{"resources":[{"name":"x","platform_name":"Mac","settings":[{"id":"Bogus","value":{}}]}]}`, 400, "invalid setting id"},
		{"enable with null action_parameters", "POST", "/policy/entities/response-actions/v1?action_name=enable", `{"action_parameters":null,"ids":["` + linux[0] + `"]}`, 200, ""},
		{"disable with null action_parameters", "POST", "/policy/entities/response-actions/v1?action_name=disable", `{"action_parameters":null,"ids":["` + linux[0] + `"]}`, 200, ""},
		{"host-group action without group_id", "POST", "/policy/entities/response-actions/v1?action_name=add-host-group", `{"action_parameters":null,"ids":["` + linux[0] + `"]}`, 400, "group_id"},
		{"host-group action", "POST", "/policy/entities/response-actions/v1?action_name=add-host-group", `{"action_parameters":[{"name":"group_id","value":"` + group.ID + `"}],"ids":["` + linux[0] + `"]}`, 200, ""},
		{"unknown action", "POST", "/policy/entities/response-actions/v1?action_name=explode", `{"ids":["` + linux[0] + `"]}`, 400, ""},
		{"platform name is case-sensitive", "POST", "/policy/entities/response/v1", `{"resources":[{"name":"x","platform_name":"linux"}]}`, 400, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := p.do(tc.method, tc.path, tc.body)
			if status != tc.want {
				t.Fatalf("%d %v, want %d", status, body, tc.want)
			}
			if msg := firstError(body); tc.wantMsg != "" && !strings.Contains(msg, tc.wantMsg) {
				t.Errorf("error %q, want it to contain %q", msg, tc.wantMsg)
			}
		})
	}
	if pol, _ := srv.Policy(linux[0]); len(pol.Groups) != 1 {
		t.Errorf("policy groups %v, want the one added", pol.Groups)
	}
}

// The OAuth2 endpoints as gofalcon and the Python SDK use them.
func TestPeerAuth(t *testing.T) {
	srv := falcontest.NewServer()
	defer srv.Close()
	p := newPeer(t, srv)
	if status, body := p.form("/oauth2/token", url.Values{"client_id": {srv.ClientID()}, "client_secret": {"wrong"}}, false); status != http.StatusForbidden {
		t.Errorf("bad secret: %d %v", status, body)
	}
	if status, _ := p.form("/oauth2/revoke", url.Values{"token": {p.token}}, false); status != http.StatusUnauthorized {
		t.Errorf("revoke without Basic auth: %d, want 401", status)
	}
	if status, body := p.form("/oauth2/revoke", url.Values{"token": {p.token}, "client_id": {srv.ClientID()}}, true); status != http.StatusOK {
		t.Fatalf("revoke with Basic auth: %d %v", status, body)
	}
	if srv.Revocations() != 1 {
		t.Errorf("%d revocations", srv.Revocations())
	}
	if status, _ := p.do("GET", "/policy/queries/response/v1", ""); status != http.StatusUnauthorized {
		t.Errorf("revoked token: %d, want 401", status)
	}
}

// Filters the fql package builds, sent by the wrapper, select what they say.
func TestFiltersThroughTheClient(t *testing.T) {
	clock := faketest.NewClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	srv := falcontest.NewServer(falcontest.WithClock(clock.Now))
	defer srv.Close()
	clock.Advance(time.Hour) // the default policies are an hour older
	c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret()}, falcon.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	created, err := c.CreatePolicies(ctx, []falcon.PolicyCreate{
		{Name: "responders-linux", PlatformName: falcon.PlatformLinux},
		{Name: "responders-win", PlatformName: falcon.PlatformWindows},
		{Name: "it's-mac", PlatformName: falcon.PlatformMac},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Enable(ctx, []string{created[0].ID}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"web-1", "web-2", "db-1"} {
		srv.AddDevice(falcon.Device{Hostname: d}, created[0].ID)
	}
	for _, tc := range []struct {
		name   string
		filter fql.Expr
		want   int
	}{
		{"eq", fql.Eq("platform_name", "Linux"), 2}, // with the default policy
		{"ne", fql.Ne("platform_name", "Linux"), 4},
		{"like", fql.Like("name", "responders"), 2},
		{"in", fql.In("name", "responders-win", "it's-mac"), 2},
		{"and", fql.And(fql.Eq("enabled", true), fql.Like("name", "responders")), 1},
		{"or", fql.Or(fql.Eq("name", "it's-mac"), fql.Eq("name", "responders-win")), 2},
		{"grouped", fql.And(fql.Or(fql.Eq("platform_name", "Mac"), fql.Eq("platform_name", "Linux")), fql.Ne("name", "platform_default")), 2},
		{"time", fql.Ge("created_timestamp", created[0].CreatedTimestamp), 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := 0
			for _, err := range c.QueryPolicies(ctx, falcon.QueryOptions{Filter: tc.filter.String()}) {
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
			if n != tc.want {
				t.Errorf("%s: %d policies, want %d", tc.filter, n, tc.want)
			}
		})
	}
	n := 0
	for _, err := range c.QueryMembers(ctx, created[0].ID, falcon.MemberOptions{Filter: fql.Like("hostname", "web").String()}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 {
		t.Errorf("%d members like web, want 2", n)
	}
}

// Each answer as gofalcon's generated readers take it: the headers they
// parse (X-CS-TRACEID on every answer, the token's included; X-RateLimit-*
// as int64; X-CS-Region on the token) and the fields CrowdStrike's models
// require (meta.query_time and meta.trace_id; code and message on each
// error; offset, limit and total in meta.pagination on the queries).
func TestAnswersAsCrowdStrikeModelsRequire(t *testing.T) {
	srv := falcontest.NewServer()
	defer srv.Close()
	p := newPeer(t, srv)
	_, created := p.do("POST", "/policy/entities/response/v1", `{"resources":[{"name":"mac-rtr","platform_name":"Mac","settings":null}]}`)
	mac := ids(created)
	if len(mac) != 1 {
		t.Fatalf("create: %v", created)
	}
	const unknown = "0123456789abcdef0123456789abcdef"
	send := func(method, path, body, contentType string, basic bool) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		// gofalcon's transport sets Content-Type on every request, GET
		// included; the Python SDK writes the Basic scheme in lower case.
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Accept", "application/json")
		if basic {
			req.Header.Set("Authorization", "basic "+base64.StdEncoding.EncodeToString([]byte(srv.ClientID()+":"+srv.ClientSecret())))
		} else if !strings.HasPrefix(path, "/oauth2/") {
			req.Header.Set("Authorization", "Bearer "+p.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	const js, form = "application/json", "application/x-www-form-urlencoded"
	tokenForm := url.Values{"client_id": {srv.ClientID()}, "client_secret": {srv.ClientSecret()}}.Encode()
	for _, tc := range []struct {
		name, method, path, body, contentType string
		basic                                 bool
		inject                                bool // a 429 from the fault injector
		want                                  int
		paged                                 bool
	}{
		{"token", "POST", "/oauth2/token", tokenForm, form, false, false, 201, false},
		{"token refused", "POST", "/oauth2/token", url.Values{"client_id": {"x"}, "client_secret": {"y"}}.Encode(), form, false, false, 403, false},
		{"token rate-limited", "POST", "/oauth2/token", tokenForm, form, false, true, 429, false},
		{"query", "GET", "/policy/queries/response/v1?limit=2&sort=precedence.asc", "", js, false, false, 200, true},
		{"query combined", "GET", "/policy/combined/response/v1?offset=1", "", js, false, false, 200, true},
		{"query bad filter", "GET", "/policy/queries/response/v1?filter=" + url.QueryEscape("name:'x"), "", js, false, false, 400, false},
		{"members", "GET", "/policy/queries/response-members/v1?id=" + mac[0], "", js, false, false, 200, true},
		{"members combined", "GET", "/policy/combined/response-members/v1?id=" + mac[0], "", js, false, false, 200, true},
		{"members of an unknown policy", "GET", "/policy/queries/response-members/v1?id=" + unknown, "", js, false, false, 404, false},
		{"get", "GET", "/policy/entities/response/v1?ids=" + mac[0], "", js, false, false, 200, false},
		{"get unknown", "GET", "/policy/entities/response/v1?ids=" + unknown, "", js, false, false, 404, false},
		{"update", "PATCH", "/policy/entities/response/v1", `{"resources":[{"id":"` + mac[0] + `","name":"mac2","settings":[]}]}`, js, false, false, 200, false},
		{"action", "POST", "/policy/entities/response-actions/v1?action_name=enable", `{"action_parameters":null,"ids":["` + mac[0] + `"]}`, js, false, false, 200, false},
		{"precedence", "POST", "/policy/entities/response-precedence/v1", `{"ids":["` + mac[0] + `"],"platform_name":"Mac"}`, js, false, false, 200, false},
		{"precedence refused", "POST", "/policy/entities/response-precedence/v1", `{"ids":[],"platform_name":"Mac"}`, js, false, false, 400, false},
		{"api rate-limited", "GET", "/policy/queries/response/v1", "", js, false, true, 429, false},
		{"delete", "DELETE", "/policy/entities/response/v1?ids=" + mac[0], "", js, false, false, 200, false},
		{"delete unknown", "DELETE", "/policy/entities/response/v1?ids=" + unknown, "", js, false, false, 404, false},
		{"revoke", "POST", "/oauth2/revoke", url.Values{"token": {"not-a-token"}, "client_id": {srv.ClientID()}}.Encode(), form, true, false, 200, false},
		{"bad bearer", "GET", "/policy/queries/response/v1", "", js, true, false, 401, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.inject {
				srv.Faults.Inject(1, falcontest.RateLimitFault(time.Now().Add(time.Minute)))
			}
			resp := send(tc.method, tc.path, tc.body, tc.contentType, tc.basic)
			defer resp.Body.Close()
			var body map[string]any
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatalf("%d: body does not decode: %v", resp.StatusCode, err)
			}
			if resp.StatusCode != tc.want {
				t.Fatalf("status %d %v, want %d", resp.StatusCode, body, tc.want)
			}
			headers := []string{"X-CS-TRACEID", "X-RateLimit-Limit", "X-RateLimit-Remaining"}
			if tc.want == 429 {
				headers = append(headers, "X-RateLimit-RetryAfter")
			}
			for _, h := range headers {
				v := resp.Header.Get(h)
				if v == "" {
					t.Errorf("no %s header", h)
				} else if _, err := strconv.ParseInt(v, 10, 64); h != "X-CS-TRACEID" && err != nil {
					t.Errorf("%s %q is not an int64", h, v)
				}
			}
			if tc.name == "token" {
				if resp.Header.Get("X-CS-Region") == "" || body["access_token"] == "" || body["token_type"] != "bearer" || body["expires_in"] != 1799.0 {
					t.Errorf("token answer %v, region %q", body, resp.Header.Get("X-CS-Region"))
				}
				return
			}
			meta, _ := body["meta"].(map[string]any)
			if _, ok := meta["query_time"].(float64); !ok {
				t.Errorf("meta %v lacks a numeric query_time", meta)
			}
			if s, _ := meta["trace_id"].(string); s == "" {
				t.Errorf("meta %v lacks trace_id", meta)
			}
			errs, ok := body["errors"].([]any)
			if !ok && tc.want != 429 {
				t.Errorf("errors %v is not an array", body["errors"])
			}
			for _, e := range errs {
				e, _ := e.(map[string]any)
				if _, ok := e["code"].(float64); !ok {
					t.Errorf("error %v lacks a numeric code", e)
				}
				if s, _ := e["message"].(string); s == "" {
					t.Errorf("error %v lacks a message", e)
				}
			}
			if (tc.want >= 400) != (len(errs) > 0) {
				t.Errorf("status %d with errors %v", tc.want, errs)
			}
			if tc.paged {
				pg, _ := meta["pagination"].(map[string]any)
				for _, k := range []string{"offset", "limit", "total"} {
					if _, ok := pg[k].(float64); !ok {
						t.Errorf("meta.pagination %v lacks %s", pg, k)
					}
				}
			}
		})
	}
}

// Every value of the policy queries' sort enum orders the answer by that
// field, as CrowdStrike's SDKs may ask (sort=platform_name.asc, ...).
func TestPolicySortFields(t *testing.T) {
	srv := falcontest.NewServer()
	defer srv.Close()
	p := newPeer(t, srv)
	_, created := p.do("POST", "/policy/entities/response/v1", `{"resources":[{"name":"b-mac","platform_name":"Mac"},{"name":"a-linux","platform_name":"Linux"},{"name":"c-win","platform_name":"Windows"}]}`)
	if len(ids(created)) != 3 {
		t.Fatalf("create: %v", created)
	}
	// Every policy is the fake's own "falcontest" otherwise: give the
	// created ones authors to order (created_by and modified_by in
	// opposite orders).
	for i, id := range ids(created) {
		srv.SetAuthors(id, fmt.Sprintf("author-%d", i), fmt.Sprintf("editor-%d", 2-i))
	}
	field := func(r map[string]any, f string) string {
		switch v := r[f].(type) {
		case bool:
			return strconv.FormatBool(v) // "false" < "true", as the service orders
		case string:
			if ts, err := time.Parse(time.RFC3339Nano, v); err == nil {
				return ts.UTC().Format("2006-01-02T15:04:05.000000000") // fixed width: compares as text
			}
			return v
		}
		return fmt.Sprint(r[f])
	}
	for _, f := range []string{"created_by", "created_timestamp", "enabled", "modified_by", "modified_timestamp", "name", "platform_name"} {
		for _, dir := range []string{"asc", "desc"} {
			t.Run(f+"."+dir, func(t *testing.T) {
				status, body := p.do("GET", "/policy/combined/response/v1?sort="+f+"."+dir, "")
				if status != http.StatusOK {
					t.Fatalf("%d %v", status, body)
				}
				res, _ := body["resources"].([]any)
				if len(res) != 6 {
					t.Fatalf("%d policies, want 6", len(res))
				}
				values := map[string]bool{}
				for _, r := range res {
					values[field(r.(map[string]any), f)] = true
				}
				if len(values) < 2 {
					t.Fatalf("every policy has the same %s %v: nothing to order", f, values)
				}
				for i := 1; i < len(res); i++ {
					a, b := field(res[i-1].(map[string]any), f), field(res[i].(map[string]any), f)
					if c := strings.Compare(a, b); (dir == "asc" && c > 0) || (dir == "desc" && c < 0) {
						t.Errorf("%s before %s in a %s.%s answer", a, b, f, dir)
					}
				}
			})
		}
	}
}

// Member queries sort by a device field (the member queries' sort is a free
// string in CrowdStrike's swagger): field.asc, field.desc, field|desc, and
// the order kept for no sort or an unknown field.
func TestMemberSort(t *testing.T) {
	srv := falcontest.NewServer()
	defer srv.Close()
	p := newPeer(t, srv)
	_, created := p.do("POST", "/policy/entities/response/v1", `{"resources":[{"name":"linux-rtr","platform_name":"Linux"}]}`)
	pol := ids(created)
	if len(pol) != 1 {
		t.Fatalf("create: %v", created)
	}
	for _, d := range []falcon.Device{
		{Hostname: "web-2", FirstSeen: "2025-01-03T00:00:00Z"},
		{Hostname: "DB-1", FirstSeen: "2025-01-01T00:00:00Z"},
		{Hostname: "web-10", FirstSeen: "2025-01-02T00:00:00Z"},
	} {
		srv.AddDevice(d, pol[0])
	}
	for _, tc := range []struct {
		sort string
		want []string
	}{
		{"", []string{"web-2", "DB-1", "web-10"}},
		{"hostname.asc", []string{"DB-1", "web-10", "web-2"}},
		{"hostname.desc", []string{"web-2", "web-10", "DB-1"}},
		{"hostname|desc", []string{"web-2", "web-10", "DB-1"}},
		{"first_seen.asc", []string{"DB-1", "web-10", "web-2"}},
		{"first_seen.desc", []string{"web-2", "web-10", "DB-1"}},
		{"colour.asc", []string{"web-2", "DB-1", "web-10"}},
	} {
		t.Run(tc.sort, func(t *testing.T) {
			status, body := p.do("GET", "/policy/combined/response-members/v1?id="+pol[0]+"&sort="+url.QueryEscape(tc.sort), "")
			if status != http.StatusOK {
				t.Fatalf("%d %v", status, body)
			}
			var got []string
			res, _ := body["resources"].([]any)
			for _, r := range res {
				got = append(got, r.(map[string]any)["hostname"].(string))
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("hosts %v, want %v", got, tc.want)
			}
		})
	}
}
