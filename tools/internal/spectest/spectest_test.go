package spectest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

const miniSpec = `
openapi: 3.0.3
info: {title: mini, version: "1"}
servers: [{url: "https://{host}", variables: {host: {default: example.com}}}]
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: bearer}
security: [{bearerAuth: []}]
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 10}}
      responses:
        "404": {description: missing}
        "200":
          description: ok
          headers:
            X-Count: {schema: {type: integer, example: 3}}
          content:
            application/json:
              schema:
                type: object
                required: [id]
                properties: {id: {type: string, format: uuid}}
              example: {id: "a1b2c3d4-e5f6-7890-abcd-ef1234567890"}
`

func TestServerValidatesAndAnswersExample(t *testing.T) {
	doc, err := LoadData([]byte(miniSpec))
	if err != nil {
		t.Fatal(err)
	}
	AssertOperations(t, doc, []Op{{"GET", "/things/{id}", "getThing"}})

	s := NewServer(t, doc)
	get := func(path, auth string) (*http.Response, string) {
		req, _ := http.NewRequest("GET", s.URL+path, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}

	resp, body := get("/things/a1b2c3d4-e5f6-7890-abcd-ef1234567890?limit=2", "Bearer x")
	if resp.StatusCode != 200 || !strings.Contains(body, `"id":"a1b2c3d4-e5f6-7890-abcd-ef1234567890"`) {
		t.Fatalf("valid request: %d %s", resp.StatusCode, body)
	}
	if got := resp.Header.Get("X-Count"); got != "3" {
		t.Errorf("X-Count = %q, want 3", got)
	}
	if got := s.Hits()["getThing"]; got != 1 {
		t.Errorf("hits = %d, want 1", got)
	}

	// Invalid requests are answered 418 and recorded as errors; check them
	// here and then clear them so the cleanup does not fail this test.
	for _, tc := range []struct{ path, auth string }{
		{"/things/not-a-uuid", "Bearer x"},
		{"/things/a1b2c3d4-e5f6-7890-abcd-ef1234567890?limit=11", "Bearer x"},
		{"/things/a1b2c3d4-e5f6-7890-abcd-ef1234567890", ""},
		{"/nothing", "Bearer x"},
	} {
		if resp, _ := get(tc.path, tc.auth); resp.StatusCode != http.StatusTeapot {
			t.Errorf("%s (auth %q): status %d, want 418", tc.path, tc.auth, resp.StatusCode)
		}
	}
	s.mu.Lock()
	if len(s.errors) != 4 {
		t.Errorf("recorded %d errors, want 4: %q", len(s.errors), s.errors)
	}
	s.errors = nil
	s.mu.Unlock()
	if got := s.Hits()["getThing"]; got != 1 {
		t.Errorf("hits after invalid requests = %d, want 1", got)
	}
}

func TestLoadDataRejectsBadExample(t *testing.T) {
	bad := strings.Replace(miniSpec, `example: {id: "a1b2c3d4-e5f6-7890-abcd-ef1234567890"}`, `example: {id: "nope"}`, 1)
	if _, err := LoadData([]byte(bad)); err == nil {
		t.Fatal("spec with an example that breaks its uuid format loaded without error")
	}
}
