package fake

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

const spec = `
openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: "https://api.example.com"}]
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: bearer}
security: [{bearerAuth: []}]
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 10}}
      responses:
        "200": {description: ok}
`

func TestValidator(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	auth := func(_ context.Context, in *openapi3filter.AuthenticationInput) error {
		if in.RequestValidationInput.Request.Header.Get("Authorization") != "Bearer good" {
			return errors.New("bad token")
		}
		return nil
	}
	onError := func(w http.ResponseWriter, _ *http.Request, e ValidationError) {
		WriteJSON(w, e.Status, map[string]string{"param": e.Param, "in": e.In})
	}
	h := Validator(doc, auth, onError)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteJSON(w, http.StatusOK, map[string]string{"ok": "yes"})
	}))
	s := httptest.NewServer(h)
	defer s.Close()
	for _, tc := range []struct {
		name, path, token string
		want              int
		wantParam         string
	}{
		{"valid", "/items?limit=5", "good", 200, ""},
		{"limit over maximum", "/items?limit=11", "good", 400, "limit"},
		{"bad token", "/items", "bad", 401, ""},
		{"no token", "/items", "", 401, ""},
		{"unknown path", "/nothing", "good", 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, s.URL+tc.path, nil)
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			resp, err := s.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body map[string]string
			_ = json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != tc.want || body["param"] != tc.wantParam {
				t.Errorf("status %d %v, want %d and param %q", resp.StatusCode, body, tc.want, tc.wantParam)
			}
		})
	}
}
