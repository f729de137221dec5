package httpclient

import (
	"context"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/respondkit/respondkit"
	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/transport"
)

func TestNewChecksBaseURL(t *testing.T) {
	for _, tc := range []struct {
		cfg Config
		ok  bool
	}{
		{Config{}, false},
		{Config{BaseURL: "https://secure.sysdig.com/"}, true},
		{Config{BaseURL: "http://sysdig.corp"}, false},
		{Config{BaseURL: "http://sysdig.corp", AllowInsecureHTTP: true}, true},
		{Config{BaseURL: "http://127.0.0.1:1234"}, true},
		{Config{BaseURL: "::nope"}, false},
	} {
		c, err := New(tc.cfg, nil)
		if (err == nil) != tc.ok {
			t.Errorf("%+v: err %v, want ok=%v", tc.cfg, err, tc.ok)
		}
		if err == nil && strings.HasSuffix(c.BaseURL.String(), "/") {
			t.Errorf("base URL %q keeps its trailing slash", c.BaseURL)
		}
	}
}

func TestChainAndDecode(t *testing.T) {
	var ua, auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua, auth = r.UserAgent(), r.Header.Get("Authorization")
		switch r.URL.Path {
		case "/ok":
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"name":"x"}`)
		case "/html":
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, `<html/>`)
		case "/bad":
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"name":`)
		default:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(404)
			_, _ = io.WriteString(w, `{"message":"gone"}`)
		}
	}))
	defer srv.Close()
	bearer := func(base *url.URL) transport.Layer {
		return transport.Auth(base, "Authorization", func(context.Context) (string, error) { return "Bearer t", nil }, false)
	}
	c, err := New(Config{BaseURL: srv.URL, UserAgent: "bot/1", Timeout: time.Second}, bearer)
	if err != nil {
		t.Fatal(err)
	}
	type body struct{ Name string }
	get := func(path string) (*body, error) {
		ctx, cancel := c.WithTimeout(context.Background())
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+path, nil)
		resp, err := c.HTTP.Do(req)
		return Decode[body]("test", resp, err, 200)
	}
	if b, err := get("/ok"); err != nil || b.Name != "x" {
		t.Fatalf("ok: %+v %v", b, err)
	}
	if ua != "bot/1 respondkit/"+respondkit.Version || auth != "Bearer t" {
		t.Errorf("User-Agent %q, Authorization %q", ua, auth)
	}
	_, err = get("/missing")
	var ae *apierror.Error
	if !errors.As(err, &ae) || ae.StatusCode != 404 || ae.Message != "gone" || !respondkit.IsNotFound(err) {
		t.Errorf("missing: %v", err)
	}
	for _, p := range []string{"/html", "/bad"} {
		if _, err := get(p); err == nil || !strings.Contains(err.Error(), "200 answer") {
			t.Errorf("%s: err %v, want a decode error naming the status", p, err)
		}
	}
}

// TestStaticCredential: NewStatic's Prepare sets the User-Agent and the
// credential where the request is built; the auth layer still keeps the
// credential from another origin, even when Prepare put it on the request;
// New's Prepare sets no credential.
func TestStaticCredential(t *testing.T) {
	seen := map[string]string{}
	handler := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			seen[name] = r.Header.Get("Authorization") + " | " + r.UserAgent()
		})
	}
	home, other := httptest.NewServer(handler("home")), httptest.NewServer(handler("other"))
	defer home.Close()
	defer other.Close()
	ua := "respondkit/" + respondkit.Version
	static, err := NewStatic(Config{BaseURL: home.URL}, "Authorization", "Token t")
	if err != nil {
		t.Fatal(err)
	}
	plain, err := New(Config{BaseURL: home.URL}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		c    *Client
		url  string
		want map[string]string
	}{
		{"static, home", static, home.URL, map[string]string{"home": "Token t | " + ua}},
		{"static, other origin", static, other.URL, map[string]string{"other": " | " + ua}},
		{"plain, home", plain, home.URL, map[string]string{"home": " | " + ua}},
	} {
		clear(seen)
		req, _ := http.NewRequest("GET", tc.url+"/x", nil)
		if err := tc.c.Prepare(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		resp, err := tc.c.HTTP.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		resp.Body.Close()
		if !maps.Equal(seen, tc.want) {
			t.Errorf("%s: servers saw %q, want %q", tc.name, seen, tc.want)
		}
	}
}

func TestPresize(t *testing.T) {
	for _, tc := range []struct{ n, want int }{{-1, 0}, {0, 0}, {200, 200}, {1000, 1000}, {5000, 1000}} {
		if s := Presize[int](tc.n); len(s) != 0 || cap(s) != tc.want {
			t.Errorf("Presize(%d): len %d cap %d, want 0 and %d", tc.n, len(s), cap(s), tc.want)
		}
	}
}

// TestStart: the shared start of every wrapper's New returns the first
// error in the order the wrappers always checked them (a nil option, then an
// option's own, then a rate budget option's), and names the client only when
// all options are good.
func TestStart(t *testing.T) {
	type opts struct{ Config }
	errOpt, errBudget := errors.New("falcon: bad option"), errors.New("falcon: WithRateBudget(nil)")
	setErr := func(o *opts) { o.SetErr(errOpt) }
	setErr2 := func(o *opts) { o.SetErr(errors.New("second")) }
	setBudget := func(o *opts) { o.BudgetErr = errBudget }
	ops := []transport.Operation{{Method: "GET", Path: "/a"}}
	for _, tc := range []struct {
		name string
		opts []func(*opts)
		want string
	}{
		{"good", []func(*opts){func(o *opts) { o.UserAgent = "bot/1" }}, ""},
		{"nil option first", []func(*opts){setErr, setBudget, nil}, "falcon: option 3 of 3 is nil"},
		{"option error before budget error", []func(*opts){setBudget, setErr, setErr2}, errOpt.Error()},
		{"budget error", []func(*opts){setBudget}, errBudget.Error()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var o opts
			err := Start("falcon", ops, &o, tc.opts)
			switch {
			case tc.want == "" && (err != nil || o.API != "falcon" || len(o.Operations) != 1 || o.UserAgent != "bot/1"):
				t.Errorf("err %v, config %+v: want the options applied and the client named", err, o.Config)
			case tc.want != "" && (err == nil || err.Error() != tc.want || o.API != ""):
				t.Errorf("err %v (API %q), want %q and the client not named", err, o.API, tc.want)
			}
		})
	}
}
