// Package spectest holds the checks every spec under specs/ must pass: it loads
// and validates a spec with kin-openapi (examples, patterns and formats
// included), compares its set of operations with an expected table, and runs an
// httptest server that validates each request against the spec and answers with
// the spec's example for the operation's success response.
//
// The example server proves that a spec and the code generated from it agree:
// a generated client's request must pass the spec's own validation, and the
// client must decode the spec's own example.
package spectest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/google/uuid"
)

func init() {
	// kin-openapi checks only date and date-time out of the box; the specs also
	// use uuid and uri, which must be checked in examples and requests alike.
	openapi3.DefineStringFormatValidator("uuid", openapi3.NewCallbackValidator(func(s string) error {
		_, err := uuid.Parse(s)
		return err
	}))
	openapi3.DefineStringFormatValidator("uri", openapi3.NewCallbackValidator(func(s string) error {
		u, err := url.Parse(s)
		if err != nil {
			return err
		}
		if u.Scheme == "" {
			return fmt.Errorf("uri %q has no scheme", s)
		}
		return nil
	}))
}

// Load reads the spec at path (relative to the test's package directory),
// and validates it with examples, patterns and formats checked. It fails the
// test on any error.
func Load(t testing.TB, path string) *openapi3.T {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read spec: %v", err)
	}
	doc, err := LoadData(data)
	if err != nil {
		t.Fatalf("spec %s: %v", path, err)
	}
	return doc
}

// LoadData parses and validates a spec held in memory.
func LoadData(data []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if err := doc.Validate(context.Background(),
		openapi3.EnableExamplesValidation(),
		openapi3.EnableSchemaFormatValidation(),
		openapi3.EnableSchemaPatternValidation(),
		openapi3.EnableSchemaDefaultsValidation(),
	); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	return doc, nil
}

// Op names one operation of a spec.
type Op struct {
	Method      string
	Path        string
	OperationID string
}

func (o Op) String() string { return o.Method + " " + o.Path + " " + o.OperationID }

// Operations lists every operation of doc, sorted by path then method.
func Operations(doc *openapi3.T) []Op {
	var ops []Op
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops = append(ops, Op{Method: method, Path: path, OperationID: op.OperationID})
		}
	}
	sortOps(ops)
	return ops
}

func sortOps(ops []Op) {
	sort.Slice(ops, func(i, j int) bool {
		if ops[i].Path != ops[j].Path {
			return ops[i].Path < ops[j].Path
		}
		return ops[i].Method < ops[j].Method
	})
}

// AssertOperations fails the test unless doc declares exactly the operations in
// want (order does not matter).
func AssertOperations(t testing.TB, doc *openapi3.T, want []Op) {
	t.Helper()
	got := Operations(doc)
	want = slices.Clone(want)
	sortOps(want)
	if !slices.Equal(got, want) {
		t.Errorf("operations differ\n got: %v\nwant: %v", got, want)
	}
}

// Server is an httptest server that validates every request against a spec
// and answers with the example of the operation's success response.
type Server struct {
	*httptest.Server

	doc    *openapi3.T
	router routers.Router

	mu     sync.Mutex
	hits   map[string]int
	errors []string
}

// NewServer starts an example server for doc. The server is closed when the
// test ends, and the test fails if any request did not validate.
//
// Security requirements are checked for presence only: an apiKey or http
// scheme needs its header, an oauth2 scheme a bearer Authorization header.
func NewServer(t testing.TB, doc *openapi3.T) *Server {
	t.Helper()
	s := &Server{hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		s.Close()
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, e := range s.errors {
			t.Errorf("example server: %s", e)
		}
	})

	// Route on this server's address instead of the vendor's hosts.
	local := *doc
	local.Servers = openapi3.Servers{{URL: s.URL}}
	router, err := gorillamux.NewRouter(&local)
	if err != nil {
		t.Fatalf("router: %v", err)
	}
	s.doc, s.router = &local, router
	return s
}

// Hits reports how many valid requests each operationId received.
func (s *Server) Hits() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.hits))
	for k, v := range s.hits {
		out[k] = v
	}
	return out
}

func (s *Server) fail(w http.ResponseWriter, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.mu.Lock()
	s.errors = append(s.errors, msg)
	s.mu.Unlock()
	http.Error(w, msg, http.StatusTeapot)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	route, params, err := s.router.FindRoute(r)
	if err != nil {
		s.fail(w, "%s %s: no route: %v", r.Method, r.URL, err)
		return
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			MultiError:                        true,
			RejectWhenRequestBodyNotSpecified: true,
			AuthenticationFunc:                checkCredentialsPresent,
		},
	}
	if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
		s.fail(w, "%s %s (%s): invalid request: %v", r.Method, r.URL, route.Operation.OperationID, err)
		return
	}
	status, resp, err := SuccessResponse(route.Operation)
	if err != nil {
		s.fail(w, "%s: %v", route.Operation.OperationID, err)
		return
	}
	s.mu.Lock()
	s.hits[route.Operation.OperationID]++
	s.mu.Unlock()

	for name, h := range resp.Headers {
		if h.Value != nil && h.Value.Schema != nil && h.Value.Schema.Value != nil {
			if ex := headerExample(h.Value); ex != "" {
				w.Header().Set(name, ex)
			}
		}
	}
	if r.Method == http.MethodHead || len(resp.Content) == 0 {
		w.WriteHeader(status)
		return
	}
	ctype, body, err := Example(resp)
	if err != nil {
		s.fail(w, "%s: %v", route.Operation.OperationID, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// SuccessResponse returns the lowest 2xx status an operation declares and its
// response.
func SuccessResponse(op *openapi3.Operation) (int, *openapi3.Response, error) {
	best := 0
	var resp *openapi3.Response
	for code, ref := range op.Responses.Map() {
		n, err := strconv.Atoi(code)
		if err != nil || n < 200 || n > 299 {
			continue
		}
		if best == 0 || n < best {
			best, resp = n, ref.Value
		}
	}
	if resp == nil {
		return 0, nil, fmt.Errorf("no 2xx response declared")
	}
	return best, resp, nil
}

// Example returns the content type and encoded body of the first example a
// response declares (media-type example, then named examples, then the
// schema's example), preferring application/json.
func Example(resp *openapi3.Response) (string, []byte, error) {
	types := make([]string, 0, len(resp.Content))
	for ct := range resp.Content {
		types = append(types, ct)
	}
	sort.Slice(types, func(i, j int) bool {
		return types[i] == "application/json" || (types[j] != "application/json" && types[i] < types[j])
	})
	for _, ct := range types {
		mt := resp.Content[ct]
		var ex any
		switch {
		case mt.Example != nil:
			ex = mt.Example
		case len(mt.Examples) > 0:
			names := make([]string, 0, len(mt.Examples))
			for n := range mt.Examples {
				names = append(names, n)
			}
			sort.Strings(names)
			if v := mt.Examples[names[0]].Value; v != nil {
				ex = v.Value
			}
		case mt.Schema != nil && mt.Schema.Value != nil && mt.Schema.Value.Example != nil:
			ex = mt.Schema.Value.Example
		}
		if ex == nil {
			continue
		}
		if strings.HasPrefix(ct, "application/json") {
			b, err := json.Marshal(ex)
			return ct, b, err
		}
		if s, ok := ex.(string); ok {
			return ct, []byte(s), nil
		}
		return "", nil, fmt.Errorf("example for %s is not a string", ct)
	}
	return "", nil, fmt.Errorf("no example in the success response")
}

func headerExample(h *openapi3.Header) string {
	if h.Example != nil {
		return fmt.Sprint(h.Example)
	}
	if s := h.Schema.Value; s.Example != nil {
		return fmt.Sprint(s.Example)
	}
	return ""
}

// checkCredentialsPresent accepts a request when it carries the credential a
// security scheme names; the example server does not judge its value.
func checkCredentialsPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	scheme := in.SecurityScheme
	r := in.RequestValidationInput.Request
	switch scheme.Type {
	case "http":
		auth := r.Header.Get("Authorization")
		prefix := strings.ToLower(scheme.Scheme) + " "
		if !strings.HasPrefix(strings.ToLower(auth), prefix) || len(auth) == len(prefix) {
			return fmt.Errorf("missing %s Authorization header", scheme.Scheme)
		}
	case "oauth2", "openIdConnect":
		if !strings.HasPrefix(strings.ToLower(r.Header.Get("Authorization")), "bearer ") {
			return fmt.Errorf("missing bearer token")
		}
	case "apiKey":
		var v string
		switch scheme.In {
		case "header":
			v = r.Header.Get(scheme.Name)
		case "query":
			v = r.URL.Query().Get(scheme.Name)
		case "cookie":
			if c, err := r.Cookie(scheme.Name); err == nil {
				v = c.Value
			}
		}
		if v == "" {
			return fmt.Errorf("missing %s %s", scheme.In, scheme.Name)
		}
	default:
		return fmt.Errorf("unsupported security scheme type %q", scheme.Type)
	}
	return nil
}

// ExampleOf decodes the success example of the operation at path and method
// into T, the type the generated client decodes that answer into.
func ExampleOf[T any](t testing.TB, doc *openapi3.T, path, method string) T {
	t.Helper()
	item := doc.Paths.Find(path)
	if item == nil || item.GetOperation(method) == nil {
		t.Fatalf("no operation %s %s", method, path)
	}
	_, resp, err := SuccessResponse(item.GetOperation(method))
	if err != nil {
		t.Fatal(err)
	}
	_, body, err := Example(resp)
	if err != nil {
		t.Fatal(err)
	}
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("example of %s %s: %v", method, path, err)
	}
	return v
}

// CheckDecoded fails the test unless an answer had the wanted status and
// decoded to want (the spec's example).
func CheckDecoded[T any](t testing.TB, status, wantStatus int, got *T, want T) {
	t.Helper()
	if status != wantStatus || got == nil || !reflect.DeepEqual(*got, want) {
		t.Fatalf("status %d (want %d), body %+v, want %+v", status, wantStatus, got, want)
	}
}

// AssertAllHit fails the test unless the server received exactly one valid
// request for every operation of doc.
func (s *Server) AssertAllHit(t testing.TB, doc *openapi3.T) {
	t.Helper()
	hits := s.Hits()
	for _, op := range Operations(doc) {
		if hits[op.OperationID] != 1 {
			t.Errorf("%s: %d valid requests, want 1", op.OperationID, hits[op.OperationID])
		}
	}
}

// SameSet reports whether a and b hold the same strings, counting repeats.
func SameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// Statuses lists the response codes an operation declares.
func Statuses(op *openapi3.Operation) []string {
	var out []string
	for code := range op.Responses.Map() {
		out = append(out, code)
	}
	return out
}

// Refusal is a raw request for ValidateRequests, and whether the spec must
// accept it.
type Refusal struct {
	Name, Method, Target, ContentType, Body string
	Valid                                   bool
}

// Sent builds a request with build and returns its query and body, failing
// t if it cannot be built or its body read: what a generated request builder
// puts on the wire.
func Sent(t *testing.T, build func() (*http.Request, error)) (query string, body []byte) {
	t.Helper()
	req, err := build()
	if err != nil {
		t.Fatal(err)
	}
	if req.Body != nil {
		if body, err = io.ReadAll(req.Body); err != nil {
			t.Fatal(err)
		}
	}
	return req.URL.RawQuery, body
}

// ValidateRequests checks each raw request against doc with openapi3filter
// (credentials not judged), failing the test when the spec accepts what it
// should refuse or refuses what it should accept. A request no route matches
// counts as refused.
func ValidateRequests(t *testing.T, doc *openapi3.T, auth string, cases []Refusal) {
	t.Helper()
	const host = "https://spec.example"
	local := *doc
	local.Servers = openapi3.Servers{{URL: host}}
	router, err := gorillamux.NewRouter(&local)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			var body io.Reader
			if tc.Body != "" {
				body = strings.NewReader(tc.Body)
			}
			req, _ := http.NewRequest(tc.Method, host+tc.Target, body)
			req.Header.Set("Authorization", auth)
			if tc.ContentType != "" {
				req.Header.Set("Content-Type", tc.ContentType)
			}
			route, params, err := router.FindRoute(req)
			if err == nil {
				err = openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
					Request: req, PathParams: params, Route: route,
					Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
				})
			}
			if (err == nil) != tc.Valid {
				t.Errorf("valid = %v, want %v (err %v)", err == nil, tc.Valid, err)
			}
		})
	}
}
