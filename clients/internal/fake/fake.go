// Package fake holds what the three fake servers (sysdigtest, falcontest,
// waldurtest) share beyond the public kit in clients/faketest: request
// validation against an OpenAPI spec and JSON answers, plus helpers for the
// wrappers' iterator tests and benchmarks.
package fake

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	middleware "github.com/oapi-codegen/nethttp-middleware"
)

// ValidationError describes a request the spec refused.
type ValidationError struct {
	// Status is 400 for a malformed request, 401 for missing or refused
	// credentials, 404 or 405 for a path or method the spec lacks.
	Status int
	// Param names the parameter (query, path or header) the spec refused,
	// or is empty when the refusal is about something else (body,
	// credentials, path).
	Param string
	// In says where Param is: "query", "path" or "header".
	In  string
	Err error
}

// Message is Err's first line: what was refused and where, without the
// schema and the value kin-openapi adds on the lines after it, which an
// error message of the service would not hold.
func (e ValidationError) Message() string {
	m, _, _ := strings.Cut(e.Err.Error(), "\n")
	return strings.TrimSpace(m)
}

// Validator returns middleware that validates every request against doc with
// openapi3filter before the handler sees it. authenticate checks the
// credentials of operations that have security requirements; onError writes
// the vendor's error answer. doc is copied, not changed.
func Validator(doc *openapi3.T, authenticate openapi3filter.AuthenticationFunc, onError func(w http.ResponseWriter, r *http.Request, e ValidationError)) func(http.Handler) http.Handler {
	local := *doc
	local.Servers = nil // match any host: the fake listens on 127.0.0.1
	return middleware.OapiRequestValidatorWithOptions(&local, &middleware.Options{
		Options: openapi3filter.Options{
			AuthenticationFunc:                authenticate,
			RejectWhenRequestBodyNotSpecified: true,
			// The spec's defaults describe the service; the fake must not
			// write them into the requests it records and echoes.
			SkipSettingDefaults: true,
		},
		DoNotValidateServers:  true,
		SilenceServersWarning: true,
		DiscardValidatedValue: true,
		ErrorHandlerWithOpts: func(_ context.Context, err error, w http.ResponseWriter, r *http.Request, opts middleware.ErrorHandlerOpts) {
			e := ValidationError{Status: opts.StatusCode, Err: err}
			var re *openapi3filter.RequestError
			if errors.As(err, &re) && re.Parameter != nil {
				e.Param, e.In = re.Parameter.Name, re.Parameter.In
			}
			onError(w, r, e)
		},
	})
}

// WriteJSON answers status with v encoded as JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
