package apierror

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/respondkit/respondkit"
)

func response(status int, header http.Header, body string) *http.Response {
	if header == nil {
		header = http.Header{}
	}
	u, _ := url.Parse("https://api.example.com/secure/response-actions/v1alpha1/action-executions/abc?limit=5")
	return &http.Response{
		StatusCode: status,
		Header:     header,
		Body:       io.NopCloser(strings.NewReader(body)),
		Request:    &http.Request{Method: "GET", URL: u},
	}
}

func TestFromResponseShapes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		status  int
		header  http.Header
		body    string
		code    string
		message string
		details []Detail
		reqID   string
		text    string // Error() must contain this
	}{
		{name: "sysdig", status: 404, body: `{"type":"resource_not_found","message":"execution abc not found","details":["x"]}`,
			code: "resource_not_found", message: "execution abc not found", details: []Detail{{Message: "x"}},
			text: "sysdig: GET /secure/response-actions/v1alpha1/action-executions/abc: 404 Not Found: resource_not_found: execution abc not found"},
		{name: "spring", status: 401, body: `{"timestamp":"2020-01-01T00:00:00Z","status":401,"error":"Unauthorized","path":"/secure"}`,
			message: "Unauthorized", text: "401 Unauthorized: Unauthorized"},
		{name: "sysdig errors list", status: 400, body: `{"errors":[{"reason":"bad_filter","message":"filter is invalid"}]}`,
			code: "bad_filter", message: "filter is invalid", text: "bad_filter: filter is invalid"},
		{name: "falcon msa", status: 403, header: http.Header{"X-Cs-Traceid": {"trace-1"}},
			body: `{"meta":{"query_time":0.1,"trace_id":"trace-body"},"errors":[{"code":403,"message":"access denied, authorization failed"}]}`,
			code: "403", message: "access denied, authorization failed", reqID: "trace-1", text: "(request id trace-1)"},
		{name: "falcon trace id from body", status: 500, body: `{"meta":{"trace_id":"trace-body"},"errors":[{"code":500,"message":"a"},{"code":404,"message":"b","id":"p1"}]}`,
			details: []Detail{{Code: "500", Message: "a"}, {Code: "404", Message: "b", ID: "p1"}}, reqID: "trace-body", text: "a (+1 more)"},
		{name: "drf detail", status: 404, body: `{"detail":"Not found."}`, message: "Not found.", text: "404 Not Found: Not found."},
		{name: "waldur error", status: 500, body: `{"error":"backend exploded"}`, message: "backend exploded"},
		{name: "drf field errors", status: 400, body: `{"duration_days":["Ensure this value is less than or equal to 365."],"non_field_errors":["x","y"]}`,
			details: []Detail{{Field: "duration_days", Message: "Ensure this value is less than or equal to 365."}, {Message: "x"}, {Message: "y"}},
			text:    "duration_days: Ensure this value"},
		{name: "html", status: 401, body: "<html><body>Session expired</body></html>", text: "401 Unauthorized: <html><body>Session expired</body></html>"},
		{name: "empty", status: 502, body: "", text: "502 Bad Gateway"},
		{name: "json array", status: 400, body: `["a"]`, text: `["a"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := FromResponse("sysdig", response(tc.status, tc.header, tc.body))
			if e.StatusCode != tc.status || e.Method != "GET" || e.Path != "/secure/response-actions/v1alpha1/action-executions/abc" {
				t.Errorf("status/method/path: %d %s %s", e.StatusCode, e.Method, e.Path)
			}
			if e.Code != tc.code || e.Message != tc.message || e.RequestID != tc.reqID {
				t.Errorf("code %q message %q request id %q; want %q %q %q", e.Code, e.Message, e.RequestID, tc.code, tc.message, tc.reqID)
			}
			if fmt.Sprint(e.Details) != fmt.Sprint(tc.details) {
				t.Errorf("details %+v, want %+v", e.Details, tc.details)
			}
			if !strings.Contains(e.Error(), tc.text) {
				t.Errorf("Error() = %q, want it to contain %q", e.Error(), tc.text)
			}
			if strings.Contains(e.Error(), "limit=5") {
				t.Errorf("Error() shows the query string: %q", e.Error())
			}
		})
	}
}

func TestRetryAfterAndSentinels(t *testing.T) {
	e := FromResponse("falcon", response(429, http.Header{"Retry-After": {"12"}}, `{}`))
	if e.RetryAfter != 12*time.Second {
		t.Errorf("RetryAfter %v", e.RetryAfter)
	}
	epoch := fmt.Sprint(time.Now().Add(time.Minute).Unix())
	e = FromResponse("falcon", response(429, http.Header{"X-Ratelimit-Retryafter": {epoch}}, `{}`))
	if e.RetryAfter < 58*time.Second || e.RetryAfter > time.Minute {
		t.Errorf("RetryAfter from epoch header %v", e.RetryAfter)
	}
	var err error = fmt.Errorf("wrapped: %w", e)
	if !respondkit.IsRateLimited(err) || respondkit.IsNotFound(err) || respondkit.IsUnauthorized(err) {
		t.Error("sentinels do not match a wrapped 429")
	}
	var target *Error
	if !errors.As(err, &target) || target.StatusCode != 429 {
		t.Error("errors.As did not find the *Error")
	}
	for status, sentinel := range map[int]error{404: respondkit.ErrNotFound, 401: respondkit.ErrUnauthorized, 403: respondkit.ErrForbidden} {
		if !errors.Is(FromResponse("x", response(status, nil, "")), sentinel) {
			t.Errorf("%d does not match %v", status, sentinel)
		}
	}
}

func TestBodyReadIsBounded(t *testing.T) {
	big := strings.Repeat("x", 10<<20)
	r := &countingReader{r: strings.NewReader(big)}
	resp := response(500, nil, "")
	resp.Body = io.NopCloser(r)
	e := FromResponse("sysdig", resp)
	if r.n > MaxBodyRead {
		t.Errorf("read %d bytes of the body, want at most %d", r.n, MaxBodyRead)
	}
	if len(e.Body) > MaxExcerpt+len("…") {
		t.Errorf("excerpt is %d bytes", len(e.Body))
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func FuzzFromResponse(f *testing.F) {
	for _, s := range []string{
		`{"type":"t","message":"m","details":[1,{"a":2},"s"]}`,
		`{"errors":[{"code":"x","message":1}],"meta":{"trace_id":5}}`,
		`{"errors":null,"detail":["a"],"f":[1,2]}`,
		`{"non_field_errors":"x","details":{}}`,
		"<html>\xff\xfe</html>",
		`{`,
	} {
		f.Add(500, s)
	}
	f.Fuzz(func(t *testing.T, status int, body string) {
		e := FromResponse("fuzz", response(status, http.Header{"Retry-After": {body}}, body))
		_ = e.Error() // must not panic
		if e.StatusCode != status {
			t.Fatalf("status %d, want %d", e.StatusCode, status)
		}
	})
}

// TestPanicked: a recovered error is wrapped, any other value is shown, and
// the message names what panicked and carries the stack.
func TestPanicked(t *testing.T) {
	cause := errors.New("boom")
	err := Panicked("api: batch 2", cause)
	if !errors.Is(err, cause) {
		t.Errorf("%v does not wrap %v", err, cause)
	}
	if !strings.HasPrefix(err.Error(), "api: batch 2 panicked: boom\n\n") || !strings.Contains(err.Error(), "TestPanicked") {
		t.Errorf("error %q, want what panicked, the value and the stack", err)
	}
	if err := Panicked("api", 42); !strings.HasPrefix(err.Error(), "api panicked: 42\n\n") {
		t.Errorf("error %q, want the value shown", err)
	}
}
