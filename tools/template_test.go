package tools_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/oapi-codegen/runtime"

	"github.com/respondkit/respondkit/gen/sysdigapi"
)

// The generated clients use respondkit's copy of oapi-codegen's client
// template (specs/templates/client.tmpl). These tests keep the copy honest:
// it must name the oapi-codegen version go.mod pins, and the URLs it builds
// must be the ones the upstream template builds.

// TestClientTemplateMatchesPinnedVersion fails after an oapi-codegen upgrade
// until the template copy is re-based on the new version's client.tmpl.
func TestClientTemplateMatchesPinnedVersion(t *testing.T) {
	mod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*github\.com/oapi-codegen/oapi-codegen/v2 (v\S+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod does not require github.com/oapi-codegen/oapi-codegen/v2")
	}
	tmpl, err := os.ReadFile("../specs/templates/client.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	if want := "copy of oapi-codegen " + string(m[1]) + " pkg/codegen/templates/client.tmpl"; !strings.Contains(string(tmpl), want) {
		t.Errorf("specs/templates/client.tmpl is not marked as a copy of the pinned oapi-codegen (want %q in its header): "+
			"re-apply respondkit's changes to that version's client.tmpl and update the header", want)
	}
}

// upstreamRequest is how oapi-codegen's own template builds a request: parse
// the server, resolve "."+path against it, and parse the result again in
// http.NewRequest.
func upstreamRequest(server, id string) (*http.Request, error) {
	p, err := runtime.StyleParamWithOptions("simple", false, "actionExecutionId", id,
		runtime.StyleParamOptions{ParamLocation: runtime.ParamLocationPath, Type: "string"})
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(server)
	if err != nil {
		return nil, err
	}
	u, err = u.Parse("./secure/response-actions/v1alpha1/action-executions/" + p)
	if err != nil {
		return nil, err
	}
	return http.NewRequest(http.MethodGet, u.String(), nil)
}

func checkSameURL(t *testing.T, server, id string) {
	t.Helper()
	want, wantErr := upstreamRequest(server, id)
	req, err := sysdigapi.NewGetActionExecutionV1Request(server, id)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("server %q id %q: error %v, upstream template's error %v", server, id, err, wantErr)
	}
	if err != nil {
		return
	}
	if got := req.URL.String(); got != want.URL.String() {
		t.Errorf("server %q id %q: URL %q, upstream template builds %q", server, id, got, want.URL)
	}
	// The URL is handed to the request as operationURL parsed it, not
	// printed and parsed again: every field must be what the second parse
	// gives, so that the request line and any later use of the URL agree.
	if got, want := urlFields(req.URL), urlFields(want.URL); got != want {
		t.Errorf("server %q id %q: URL fields %s, upstream template's %s", server, id, got, want)
	}
	if got := req.URL.RequestURI(); got != want.URL.RequestURI() {
		t.Errorf("server %q id %q: request URI %q, upstream template's %q", server, id, got, want.URL.RequestURI())
	}
	if req.Host != want.Host {
		t.Errorf("server %q id %q: Host %q, upstream template sets %q", server, id, req.Host, want.Host)
	}
}

// urlFields prints every field of u, the user info as its string.
func urlFields(u *url.URL) string {
	c := *u
	c.User = nil
	return fmt.Sprintf("%#v user %q", c, u.User.String())
}

var (
	templateServers = []string{
		"https://secure.sysdig.com/", "https://secure.sysdig.com", "http://127.0.0.1:8080/",
		"https://proxy.example.com/sysdig/", "https://proxy.example.com/sysdig", "https://proxy.example.com/a%20b/",
		"https://proxy.example.com/a/./b/", "https://proxy.example.com/a/../", "https://[::1]:443/", "https://h:/",
		"https://h/?q=1", "https://h/#frag", "https://h//", "HTTPS://H/", "", "/relative/", "http://[::1/",
		"https://u:p@h/", "https://h/a%2Fb/", "https://[::1]:/",
	}
	templateIDs = []string{
		"b137bf86-399f-43f7-8d2b-53060af4da9f", ".", "..", "a/b", "a/../b", "a?b", "a#b", "%", "%2e%2e",
		"a b", "ünï", "", "./x",
	}
)

// TestOperationURLMatchesUpstream: for every server and id in the table the
// request's URL and Host are what the upstream template produces, through
// both the fast path (server ending in "/", no dot segments) and the
// fallback.
func TestOperationURLMatchesUpstream(t *testing.T) {
	for _, server := range templateServers {
		for _, id := range templateIDs {
			checkSameURL(t, server, id)
		}
	}
}

func FuzzOperationURLMatchesUpstream(f *testing.F) {
	for _, server := range templateServers {
		f.Add(server, templateIDs[0])
	}
	for _, id := range templateIDs {
		f.Add(templateServers[0], id)
	}
	f.Fuzz(checkSameURL)
}
