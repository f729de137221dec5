package httpclient

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/respondkit/respondkit/clients/internal/transport"
)

// ParseBaseURL checks and parses a base URL given to New. One rule for every
// client: the base URL is the root the spec's paths hang from — a scheme, a
// host and, behind a proxy, a path prefix — and every request, token and
// revoke requests included, goes under it. Users often paste the API's root
// instead (Sysdig's https://host/secure, Waldur's https://host/api/): a
// trailing part of the path that repeats the start of the path every
// operation shares (root, from the spec) is dropped, so requests never go to
// /secure/secure/... or /api/api/....
//
// Errors describe what is wrong without quoting a value that could be a
// credential: the value is quoted only once it parses as an http(s) URL with
// a host and no user info, and then without query or fragment.
func ParseBaseURL(raw string, allowInsecure bool, root string) (*url.URL, error) {
	if raw == "" {
		return nil, fmt.Errorf("no base URL: choose a region or give a base URL")
	}
	if err := shapeOf(raw); err != nil {
		return nil, err
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("base URL (%d bytes) does not parse as a URL: give it as https://host or https://host/prefix", len(raw))
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("base URL (%d bytes) has scheme %.16q: it must be https (or http on loopback)", len(raw), u.Scheme)
	case u.Host == "":
		return nil, fmt.Errorf("base URL (%d bytes) has no host: give it as https://host", len(raw))
	case u.User != nil:
		return nil, fmt.Errorf("base URL (%d bytes) holds user info (user:password@): give credentials to New, not in the URL", len(raw))
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("base URL (%d bytes) has port %.8q: a port is 1..65535", len(raw), p)
		}
	}
	if err := checkRoot(u, raw); err != nil {
		return nil, err
	}
	u.Path = trimRoot(strings.TrimRight(u.Path, "/"), root)
	u.RawPath = ""
	if err := transport.CheckBaseURL(u, allowInsecure); err != nil {
		return nil, err
	}
	return u, nil
}

// shapeOf refuses, with a description, a value that cannot be a base URL:
// one with whitespace or control characters (a token, a pasted line) or
// without a scheme ("127.0.0.1:8080", "example.com").
func shapeOf(raw string) error {
	for i := 0; i < len(raw); i++ {
		if b := raw[i]; b <= ' ' || b == 0x7f {
			return fmt.Errorf("base URL (%d bytes) holds whitespace or a control character at byte %d: is it the URL?", len(raw), i)
		}
	}
	scheme, _, ok := strings.Cut(raw, "://")
	if !ok || scheme == "" || strings.ContainsAny(scheme, "/?#.:@") {
		return fmt.Errorf("base URL (%d bytes) has no scheme: write it as https://host (or http://127.0.0.1:port on loopback)", len(raw))
	}
	return nil
}

// CommonRoot returns the leading path segments every one of paths shares,
// before any templated segment: "/secure/response-actions/v1alpha1" for
// Sysdig's operations, "/api/user-actions" for Waldur's, "" for Falcon's.
func CommonRoot(paths []string) string {
	var common []string
	for i, p := range paths {
		segs := strings.Split(strings.Trim(p, "/"), "/")
		for j, s := range segs {
			if strings.Contains(s, "{") {
				segs = segs[:j]
				break
			}
		}
		if i == 0 {
			common = segs
			continue
		}
		n := 0
		for n < len(common) && n < len(segs) && common[n] == segs[n] {
			n++
		}
		common = common[:n]
	}
	if len(common) == 0 || (len(common) == 1 && common[0] == "") {
		return ""
	}
	return "/" + strings.Join(common, "/")
}

// trimRoot drops from path a trailing run of segments that is the start of
// root: "/p/secure" and "/p/secure/response-actions/v1alpha1" become "/p"
// for root "/secure/response-actions/v1alpha1".
func trimRoot(path, root string) string {
	if root == "" {
		return path
	}
	segs := strings.Split(strings.Trim(root, "/"), "/")
	for k := len(segs); k > 0; k-- {
		suffix := "/" + strings.Join(segs[:k], "/")
		if path == suffix || strings.HasSuffix(path, suffix) {
			return strings.TrimSuffix(path, suffix)
		}
	}
	return path
}
