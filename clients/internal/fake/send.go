package fake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Answer is what a test's own request got back: the status, the headers and
// the whole body.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing t if it is not that JSON.
func (a Answer) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(a.Body, v); err != nil {
		t.Fatalf("answer %d is not the JSON expected: %v: %q", a.Status, err, a.Body)
	}
}

// Send is a request as a client other than respondkit's sends it (the
// vendors' SDKs, in the fakes' peer tests): method to target with q as its
// query and body, unless empty, as its body, the headers header sets, sent
// with http.DefaultClient; it fails t on any error but the answer's status.
func Send(t testing.TB, method, target string, q url.Values, body string, header func(http.Header)) Answer {
	t.Helper()
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, target, rd)
	if err != nil {
		t.Fatal(err)
	}
	header(req.Header)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return Answer{resp.StatusCode, resp.Header, b}
}
