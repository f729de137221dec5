package httpclient

import (
	"strings"
	"testing"
)

func TestParseBaseURL(t *testing.T) {
	const sysdigRoot = "/secure/response-actions/v1alpha1"
	for _, tc := range []struct {
		raw, root string
		want      string // the parsed URL, or the error's text
		err       bool
	}{
		{"https://h", "", "https://h", false},
		{"https://h/", "", "https://h", false},
		{"https://h/falcon/", "", "https://h/falcon", false},
		{"https://h/secure", sysdigRoot, "https://h", false},
		{"https://h/secure/", sysdigRoot, "https://h", false},
		{"https://h/p/secure/response-actions", sysdigRoot, "https://h/p", false},
		{"https://h/p/secure/response-actions/v1alpha1/", sysdigRoot, "https://h/p", false},
		{"https://h/notsecure", sysdigRoot, "https://h/notsecure", false},
		{"https://h/api/", "/api/user-actions", "https://h", false},
		{"http://127.0.0.1:8080", "", "http://127.0.0.1:8080", false},
		{"", "", "no base URL", true},
		{"127.0.0.1:8080", "", "base URL (14 bytes) has no scheme", true},
		{"waldur.example.com/api", "", "base URL (22 bytes) has no scheme", true},
		{"s3cr3t-token-value", "", "base URL (18 bytes) has no scheme", true},
		{"https://h/a b", "", "holds whitespace or a control character at byte 11", true},
		{"ftp://h", "", `has scheme "ftp"`, true},
		{"https://", "", "has no host", true},
		{"https://u:s3cr3t@h", "", "holds user info", true},
		{"https://h/?k=s3cr3t", "", `base URL "https://h/" has a query`, true},
		{"http://api.example.com", "", "refusing to send credentials over plain http", true},
		{"https://h/%zz", "", "does not parse as a URL", true},
		{"https://h:443", "", "https://h:443", false},
		{"https://h:65536", "", `has port "65536": a port is 1..65535`, true},
		{"https://h:0", "", `has port "0"`, true},
		{"htps://h", "", `has scheme "htps"`, true},
	} {
		u, err := ParseBaseURL(tc.raw, false, tc.root)
		switch {
		case tc.err && err == nil:
			t.Errorf("%q: parsed as %s, want an error with %q", tc.raw, u, tc.want)
		case tc.err && !strings.Contains(err.Error(), tc.want):
			t.Errorf("%q: %v, want %q", tc.raw, err, tc.want)
		case tc.err && strings.Contains(err.Error(), "s3cr3t"):
			t.Errorf("%q: %v shows the value", tc.raw, err)
		case !tc.err && err != nil:
			t.Errorf("%q: %v", tc.raw, err)
		case !tc.err && u.String() != tc.want:
			t.Errorf("%q: %s, want %s", tc.raw, u, tc.want)
		}
	}
}

func TestCommonRoot(t *testing.T) {
	for _, tc := range []struct {
		paths []string
		want  string
	}{
		{[]string{"/secure/response-actions/v1alpha1/actions", "/secure/response-actions/v1alpha1/action-executions/{id}"}, "/secure/response-actions/v1alpha1"},
		{[]string{"/api/user-actions/", "/api/user-actions/{uuid}/silence/"}, "/api/user-actions"},
		{[]string{"/oauth2/token", "/policy/entities/response/v1"}, ""},
		{[]string{"/{id}"}, ""},
		{nil, ""},
	} {
		if got := CommonRoot(tc.paths); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.paths, got, tc.want)
		}
	}
}

func TestPlacement(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func(p *Placement) error
		want string
	}{
		{"one region", func(p *Placement) error { return p.Region("x", "eu1") }, ""},
		{"the same region twice", func(p *Placement) error { _ = p.Region("x", "eu1"); return p.Region("x", "eu1") }, ""},
		{"two regions", func(p *Placement) error { _ = p.Region("x", "eu1"); return p.Region("x", "us2") }, `x: WithRegion("us2") after WithRegion("eu1")`},
		{"region after base URL", func(p *Placement) error { _ = p.BaseURL("x", "https://h"); return p.Region("x", "eu1") }, "after WithBaseURL"},
		{"base URL after region", func(p *Placement) error { _ = p.Region("x", "eu1"); return p.BaseURL("x", "https://h") }, "WithBaseURL after WithRegion"},
		{"two base URLs", func(p *Placement) error { _ = p.BaseURL("x", "https://h"); return p.BaseURL("x", "https://s3cr3t") }, "given twice with different URLs"},
		{"an empty base URL", func(p *Placement) error { return p.BaseURL("x", "") }, "x: WithBaseURL with an empty URL"},
	} {
		var p Placement
		err := tc.set(&p)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		case err != nil && strings.Contains(err.Error(), "s3cr3t"):
			t.Errorf("%s: %v shows the URL", tc.name, err)
		}
	}
}
