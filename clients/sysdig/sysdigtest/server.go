// Package sysdigtest is an in-memory, stateful fake of the Sysdig Secure
// Response Actions API on loopback, for testing code that uses
// clients/sysdig (or any other client of the API) without the real service.
//
// Start one with NewServer, point the client at Server.URL with the token
// Server.Token, and Close it when done. Seed history with AddExecution (and
// Params for its parameters), read state back with Execution, inspect what
// the client sent with Received, drive time with WithClock (a
// faketest.Clock), and make the next requests fail through Server.Faults:
// status answers (429 with Retry-After, 5xx), delays, dropped connections and
// truncated bodies, built with the faketest package.
//
// # What this fake models
//
// The six operations under /secure/response-actions/v1alpha1. A catalog of
// actions (KILL_PROCESS, KILL_CONTAINER, STOP_CONTAINER, PAUSE_CONTAINER,
// FILE_QUARANTINE, FILE_ACQUIRE, DELETE_POD, ISOLATE_NETWORK) with their
// declared parameters. Executions move ENQUEUED → IN_PROGRESS → COMPLETED (or
// FAILED, see FailActions) one step per read of the execution; undo creates a
// new execution of the undo type pointing at the original; a completed
// FILE_ACQUIRE execution has a downloadable file generated on the fly
// (PatternByte tells its content). Lists are newest first, filtered by
// callerId, from/to (Unix nanoseconds) and the query-language clauses
// `attr = "v"`, `attr != "v"`, `attr in ("a","b")` on actionType, status and
// callerId, optionally negated with `not` and joined by `and`. Every answer
// carries X-RateLimit-Limit.
//
// # What this fake enforces
//
//   - Every request conforms to the API's OpenAPI spec (parameters, bodies,
//     bounds); otherwise 400 with the service's error body
//     {"type":"bad_request","message":...}.
//   - Authorization: Bearer <token> with the server's token; otherwise 401.
//   - The list window (from to to) is at most two weeks.
//   - A submitted action type is in the catalog and is not an undo type
//     (START_CONTAINER, UNPAUSE_CONTAINER, ...): those are reached by undo.
//   - Submitted parameters match the action's declared ones (as GET /actions
//     reports them): every required parameter is present, and each declared
//     parameter has the declared type (string, integer or boolean).
//   - Only an action whose isUndoable is true can be undone. As on the
//     service, every undo request creates a new undo execution: an undo sent
//     twice undoes twice (Undone lists them), which is why a client must
//     never resend one.
//   - The acquired file exists only for a COMPLETED FILE_ACQUIRE execution.
//
// # What it does not model
//
// Parameters the action does not declare are accepted and stored. There is no
// permission model (every token may do everything), no rate limit of its own
// (inject one through Faults), no freeText filter, no outputs, and no
// retention limit on history.
package sysdigtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/respondkit/respondkit/clients/faketest"
	"github.com/respondkit/respondkit/clients/internal/fake"
	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/gen/sysdigapi"
)

// DefaultToken is the API token the server accepts unless told otherwise.
const DefaultToken = "sysdigtest-token"

const prefix = "/secure/response-actions/v1alpha1"

// undoOf maps an undoable action type to the type that undoes it.
var undoOf = map[string]string{
	"STOP_CONTAINER":             "START_CONTAINER",
	"PAUSE_CONTAINER":            "UNPAUSE_CONTAINER",
	"FILE_QUARANTINE":            "FILE_UNQUARANTINE",
	"KUBERNETES_VOLUME_SNAPSHOT": "KUBERNETES_DELETE_VOLUME_SNAPSHOT",
	"ISOLATE_NETWORK":            "DELETE_NETWORK_POLICY",
}

func isUndoType(t string) bool {
	for _, u := range undoOf {
		if u == t {
			return true
		}
	}
	return false
}

// Server is the fake. Its methods are safe for concurrent use.
type Server struct {
	// URL is the server's base URL (http://127.0.0.1:<port>): pass it to
	// sysdig.WithBaseURL.
	URL string

	// Faults queues faults that the next requests meet before the fake
	// handles them, e.g.
	//
	//	srv.Faults.Inject(1, faketest.RetryAfterFault(2, `{"message":"slow down"}`))
	Faults *faketest.Injector

	http  *faketest.Server
	token string

	mu       sync.Mutex
	execs    []*execution // in creation order
	byID     map[string]*execution
	undone   map[string][]string // original execution id -> ids of its undo executions
	failing  map[string]string   // action type -> failure reason
	fileSize int64
	now      func() time.Time
}

type execution struct {
	e     sysdigapi.ActionExecution
	reads int
}

// Option configures a Server.
type Option func(*Server)

// WithToken sets the API token the server accepts.
func WithToken(token string) Option { return func(s *Server) { s.token = token } }

// WithFileSize sets the size of every acquired file (1 MiB by default).
func WithFileSize(n int64) Option { return func(s *Server) { s.fileSize = n } }

// WithClock sets the server's clock, used for createdAt and time windows.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// NewServer starts a fake on loopback. Close it when done.
func NewServer(opts ...Option) *Server {
	s := &Server{
		token:    DefaultToken,
		byID:     map[string]*execution{},
		undone:   map[string][]string{},
		failing:  map[string]string{},
		fileSize: 1 << 20,
		now:      time.Now,
	}
	for _, o := range opts {
		o(s)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+prefix+"/actions", s.listActions)
	mux.HandleFunc("GET "+prefix+"/action-executions", s.listExecutions)
	mux.HandleFunc("POST "+prefix+"/action-executions", s.submit)
	mux.HandleFunc("GET "+prefix+"/action-executions/{id}", s.get)
	mux.HandleFunc("DELETE "+prefix+"/action-executions/{id}", s.undo)
	mux.HandleFunc("GET "+prefix+"/action-executions/{id}/acquired-file", s.download)
	validated := fake.Validator(spec(), s.authenticate, func(w http.ResponseWriter, r *http.Request, e fake.ValidationError) {
		switch e.Status {
		case http.StatusUnauthorized:
			writeError(w, http.StatusUnauthorized, "unauthorized", "invalid or missing API token")
		case http.StatusNotFound, http.StatusMethodNotAllowed:
			writeError(w, e.Status, "resource_not_found", "no such operation")
		default:
			writeError(w, http.StatusBadRequest, "bad_request", e.Message())
		}
	})(mux)
	s.http = faketest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "1000")
		validated.ServeHTTP(w, r)
	}))
	s.URL, s.Faults = s.http.URL, s.http.Faults
	return s
}

// Token returns the API token the server accepts.
func (s *Server) Token() string { return s.token }

// FailActions makes later executions of actionType end FAILED with reason.
func (s *Server) FailActions(actionType sysdig.ActionType, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failing[string(actionType)] = reason
}

// AddExecution stores an execution as if it had been submitted, for tests
// that need history (paging, filters). A missing id, createdAt, status
// (COMPLETED), responderType (the catalog's, or HOST), parameters or
// executionContext is filled in. Build Parameters with Params.
func (s *Server) AddExecution(e sysdig.Execution) sysdig.Execution {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addLocked(e)
}

// addLocked stores e. Callers hold s.mu.
func (s *Server) addLocked(e sysdig.Execution) sysdig.Execution {
	if e.ID == "" {
		e.ID = newID()
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = s.now().UTC()
	}
	if e.Status == "" {
		e.Status = sysdig.StatusCompleted
	}
	if e.Parameters == nil {
		e.Parameters = sysdigapi.ExecutionParameters{}
	}
	if e.ExecutionContext == nil {
		e.ExecutionContext = contextOf(e.Parameters)
	}
	if e.ResponderType == "" {
		e.ResponderType = responderOf(string(e.ActionType))
	}
	x := &execution{e: e}
	s.execs = append(s.execs, x)
	s.byID[e.ID] = x
	return e
}

// Params returns parameters written as the wrapper takes them (strings,
// integers, booleans) as an execution's Parameters, for AddExecution:
// integers become int64, as a decoded execution holds them, and a value of
// another type is stored as its fmt.Sprint text.
func Params(p sysdig.Parameters) sysdigapi.ExecutionParameters {
	out := make(sysdigapi.ExecutionParameters, len(p))
	for k, v := range p {
		switch x := v.(type) {
		case string, bool, int64:
			out[k] = x
		case int:
			out[k] = int64(x)
		case int32:
			out[k] = int64(x)
		case uint32:
			out[k] = int64(x)
		default:
			out[k] = fmt.Sprint(v)
		}
	}
	return out
}

// Execution returns the stored execution with id, without advancing it.
func (s *Server) Execution(id string) (sysdig.Execution, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x, ok := s.byID[id]
	if !ok {
		return sysdig.Execution{}, false
	}
	return x.e, true
}

// Undone returns the ids of the undo executions created for the execution
// id, oldest first: more than one means the execution was undone more than
// once, as happens on the service when an undo request is sent twice.
func (s *Server) Undone(id string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.undone[id])
}

// Actions returns the fake's action catalog, as GET /actions answers it
// without a context.
func Actions() []sysdig.Action { return slices.Clone(catalog) }

func (s *Server) authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.RequestValidationInput.Request.Header.Get("Authorization") != "Bearer "+s.token {
		return errors.New("invalid or missing API token")
	}
	return nil
}

func writeError(w http.ResponseWriter, status int, typ, msg string) {
	fake.WriteJSON(w, status, sysdigapi.Error{Type: typ, Message: msg})
}

var catalog = []sysdigapi.ResponseAction{
	withOptional(action("KILL_PROCESS", "Kill a process.", false, "host.id", "process.id"), "startTime", "integer"),
	action("KILL_CONTAINER", "Kill a running container.", false, "host.id", "container.id"),
	action("STOP_CONTAINER", "Stop a running container.", true, "host.id", "container.id"),
	action("PAUSE_CONTAINER", "Pause all processes of a container.", true, "host.id", "container.id"),
	action("FILE_QUARANTINE", "Move a file to quarantine.", true, "host.id", "path.absolute"),
	action("FILE_ACQUIRE", "Capture a file for download.", false, "host.id", "path.absolute"),
	action("DELETE_POD", "Delete a Kubernetes pod.", false, "kubernetes.cluster.name", "kubernetes.namespace.name", "kubernetes.pod.name"),
	action("ISOLATE_NETWORK", "Isolate a workload's network.", true, "kubernetes.cluster.name", "kubernetes.namespace.name", "kubernetes.pod.name"),
}

func action(typ, desc string, undoable bool, params ...string) sysdigapi.ResponseAction {
	rt := sysdigapi.ResponderTypeHOST
	if strings.HasPrefix(params[0], "kubernetes") {
		rt = sysdigapi.ResponderTypeCLUSTER
	}
	a := sysdigapi.ResponseAction{Type: sysdigapi.ActionType(typ), Description: desc, IsUndoable: undoable, ResponderType: rt}
	for _, p := range params {
		kind := "string"
		if p == "process.id" {
			kind = "integer"
		}
		a.Parameters = append(a.Parameters, sysdigapi.ActionParameterMetadata{Name: p, Description: "The " + p + ".", Type: kind, Required: true})
	}
	return a
}

// withOptional adds an optional parameter to a catalog action.
func withOptional(a sysdigapi.ResponseAction, name, kind string) sysdigapi.ResponseAction {
	a.Parameters = append(a.Parameters, sysdigapi.ActionParameterMetadata{Name: name, Description: "The " + name + ".", Type: kind})
	return a
}

// catalogAction returns the catalog entry of an action type.
func catalogAction(typ string) (sysdigapi.ResponseAction, bool) {
	i := slices.IndexFunc(catalog, func(a sysdigapi.ResponseAction) bool { return string(a.Type) == typ })
	if i < 0 {
		return sysdigapi.ResponseAction{}, false
	}
	return catalog[i], true
}

// responderOf returns the responder type of an action type: the catalog's,
// the original's for an undo type, HOST for an unknown type.
func responderOf(typ string) sysdigapi.ResponderType {
	for orig, undo := range undoOf {
		if undo == typ {
			typ = orig
		}
	}
	if a, ok := catalogAction(typ); ok && a.ResponderType != "" {
		return a.ResponderType
	}
	return sysdigapi.ResponderTypeHOST
}

// checkParameters holds submitted parameters against the action's declared
// ones: every required parameter present, every declared one of its type.
func checkParameters(a sysdigapi.ResponseAction, p sysdigapi.ExecutionParameters) error {
	for _, d := range a.Parameters {
		v, ok := p[d.Name]
		if !ok {
			if d.Required {
				return fmt.Errorf("missing required parameter %q for action %s", d.Name, a.Type)
			}
			continue
		}
		if got := kindOf(v); got != d.Type {
			return fmt.Errorf("parameter %q of action %s must be of type %s, not %s", d.Name, a.Type, d.Type, got)
		}
	}
	return nil
}

// kindOf names the JSON type of a parameter value as the catalog does.
func kindOf(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case int64, int, int32, uint32:
		return "integer"
	case nil:
		return "null"
	}
	return "nothing"
}

func (s *Server) listActions(w http.ResponseWriter, r *http.Request) {
	// With a context, only actions whose parameters the context provides.
	q := r.URL.Query()
	out := []sysdigapi.ResponseAction{}
	for _, a := range catalog {
		ok := true
		for key := range q {
			if !slices.ContainsFunc(a.Parameters, func(p sysdigapi.ActionParameterMetadata) bool { return p.Name == key }) {
				ok = false
			}
		}
		if ok {
			out = append(out, a)
		}
	}
	fake.WriteJSON(w, http.StatusOK, sysdigapi.Actions{Data: out})
}

const twoWeeks = 14 * 24 * time.Hour

func (s *Server) listExecutions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, offset := 25, 0
	if v := q.Get("limit"); v != "" {
		limit, _ = strconv.Atoi(v)
	}
	if v := q.Get("offset"); v != "" {
		offset, _ = strconv.Atoi(v)
	}
	var from, to int64 = 0, 1<<63 - 1
	if v := q.Get("from"); v != "" {
		from, _ = strconv.ParseInt(v, 10, 64)
	}
	if v := q.Get("to"); v != "" {
		to, _ = strconv.ParseInt(v, 10, 64)
	}
	if q.Get("from") != "" && q.Get("to") != "" && time.Duration(to-from) > twoWeeks {
		writeError(w, http.StatusBadRequest, "bad_request", "the time window may not exceed 2 weeks")
		return
	}
	match, err := parseFilter(q.Get("filter"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	caller := q.Get("callerId")

	s.mu.Lock()
	defer s.mu.Unlock()
	var hits []sysdigapi.ActionExecution
	for i := len(s.execs) - 1; i >= 0; i-- { // newest first
		e := s.execs[i].e
		ns := e.CreatedAt.UnixNano()
		if ns < from || ns > to || (caller != "" && e.CallerID != caller) || !match(e) {
			continue
		}
		hits = append(hits, e)
	}
	page := []sysdigapi.ActionExecution{}
	if offset < len(hits) {
		page = hits[offset:min(offset+limit, len(hits))]
	}
	fake.WriteJSON(w, http.StatusOK, sysdigapi.ActionExecutions{Data: page})
}

// clause matches `attr = "v"`, `attr != "v"`, `attr in ("a","b")`, each
// optionally preceded by `not`.
var clause = regexp.MustCompile(`^\s*(not\s+)?(actionType|status|callerId)\s*(=|!=|in)\s*(.+?)\s*$`)
var quoted = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)

// parseFilter understands the part of the Sysdig query language the fake
// needs: clauses on actionType, status and callerId joined by "and".
func parseFilter(f string) (func(sysdigapi.ActionExecution) bool, error) {
	if strings.TrimSpace(f) == "" {
		return func(sysdigapi.ActionExecution) bool { return true }, nil
	}
	var preds []func(sysdigapi.ActionExecution) bool
	for _, part := range regexp.MustCompile(`\s+and\s+`).Split(f, -1) {
		m := clause.FindStringSubmatch(part)
		if m == nil {
			return nil, fmt.Errorf("unsupported filter clause %q", part)
		}
		negate, attr, op := m[1] != "", m[2], m[3]
		var values []string
		for _, v := range quoted.FindAllStringSubmatch(m[4], -1) {
			values = append(values, strings.ReplaceAll(v[1], `\"`, `"`))
		}
		if len(values) == 0 || (op != "in" && len(values) != 1) {
			return nil, fmt.Errorf("bad value in filter clause %q", part)
		}
		if op == "!=" {
			negate = !negate
		}
		preds = append(preds, func(e sysdigapi.ActionExecution) bool {
			var got string
			switch attr {
			case "actionType":
				got = string(e.ActionType)
			case "status":
				got = string(e.Status)
			case "callerId":
				got = e.CallerID
			}
			return slices.Contains(values, got) != negate
		})
	}
	return func(e sysdigapi.ActionExecution) bool {
		for _, p := range preds {
			if !p(e) {
				return false
			}
		}
		return true
	}, nil
}

func (s *Server) submit(w http.ResponseWriter, r *http.Request) {
	var req sysdigapi.SubmitActionExecutionRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeInvalid(w, err.Error())
		return
	}
	if isUndoType(string(req.ActionType)) {
		writeInvalid(w, string(req.ActionType)+" is an undo action: undo the original execution instead")
		return
	}
	a, known := catalogAction(string(req.ActionType))
	if !known {
		writeInvalid(w, "unknown action type "+string(req.ActionType))
		return
	}
	if err := checkParameters(a, req.Parameters); err != nil {
		writeInvalid(w, err.Error())
		return
	}
	e := s.AddExecution(sysdigapi.ActionExecution{
		ActionType:       req.ActionType,
		CallerID:         req.CallerID,
		Parameters:       req.Parameters,
		ExecutionContext: contextOf(req.Parameters),
		Status:           sysdigapi.ActionExecutionStatusENQUEUED,
		UserID:           1,
		ResponderType:    a.ResponderType,
	})
	fake.WriteJSON(w, http.StatusCreated, e)
}

// writeInvalid answers with the submit operation's stricter 400 shape.
func writeInvalid(w http.ResponseWriter, msg string) {
	if len(msg) > 256 {
		msg = msg[:256]
	}
	fake.WriteJSON(w, http.StatusBadRequest, sysdigapi.InvalidRequest{Type: "bad_request", Message: msg})
}

func contextOf(p sysdigapi.ExecutionParameters) sysdigapi.ExecutionContext {
	c := sysdigapi.ExecutionContext{}
	if v, ok := p["host.id"]; ok {
		if s, ok := v.(string); ok {
			c["host.id"] = s
			c["host.hostName"] = "host-" + s
		}
	}
	return c
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	x, ok := s.byID[r.PathValue("id")]
	if ok {
		s.advance(x)
	}
	var e sysdigapi.ActionExecution
	if ok {
		e = x.e
	}
	s.mu.Unlock()
	if !ok {
		writeError(w, http.StatusNotFound, "resource_not_found", "action execution not found")
		return
	}
	fake.WriteJSON(w, http.StatusOK, e)
}

// advance moves an execution one step on each read. Callers hold s.mu.
func (s *Server) advance(x *execution) {
	x.reads++
	switch x.e.Status {
	case sysdigapi.ActionExecutionStatusENQUEUED:
		x.e.Status = sysdigapi.ActionExecutionStatusINPROGRESS
	case sysdigapi.ActionExecutionStatusINPROGRESS:
		if reason, fail := s.failing[string(x.e.ActionType)]; fail {
			x.e.Status = sysdigapi.ActionExecutionStatusFAILED
			x.e.Failure = sysdigapi.Failure{FailureReason: reason, LogMessage: "the action failed on the host: " + reason}
		} else {
			x.e.Status = sysdigapi.ActionExecutionStatusCOMPLETED
		}
	default:
		return
	}
	x.e.UpdatedAt = s.now().UTC()
}

func (s *Server) undo(w http.ResponseWriter, r *http.Request) {
	caller := r.URL.Query().Get("callerId")
	if r.ContentLength != 0 && r.Body != nil {
		var body sysdigapi.SubmitUndoActionExecutionRequest
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil && !errors.Is(err, io.EOF) {
			writeError(w, http.StatusBadRequest, "bad_request", err.Error())
			return
		}
		if caller == "" {
			caller = body.CallerID
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	x, ok := s.byID[r.PathValue("id")]
	if !ok {
		writeError(w, http.StatusNotFound, "resource_not_found", "action execution not found")
		return
	}
	orig := x.e
	undoType, undoable := undoOf[string(orig.ActionType)]
	if !undoable {
		writeError(w, http.StatusBadRequest, "bad_request", string(orig.ActionType)+" cannot be undone")
		return
	}
	e := sysdigapi.ActionExecution{
		ActionType:                   sysdigapi.ActionType(undoType),
		Parameters:                   orig.Parameters,
		ExecutionContext:             orig.ExecutionContext,
		Status:                       sysdigapi.ActionExecutionStatusENQUEUED,
		ActionExecutionIDBeingUndone: orig.ID,
		UserID:                       1,
		ResponderType:                orig.ResponderType,
		CallerID:                     caller,
	}
	e = s.addLocked(e)
	s.undone[orig.ID] = append(s.undone[orig.ID], e.ID)
	fake.WriteJSON(w, http.StatusOK, e)
}

func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	x, ok := s.byID[r.PathValue("id")]
	var e sysdigapi.ActionExecution
	if ok {
		e = x.e
	}
	size := s.fileSize
	s.mu.Unlock()
	switch {
	case !ok:
		writeError(w, http.StatusNotFound, "resource_not_found", "action execution not found")
		return
	case e.ActionType != "FILE_ACQUIRE":
		writeError(w, http.StatusBadRequest, "bad_request", "the execution is not a FILE_ACQUIRE action")
		return
	case e.Status != sysdigapi.ActionExecutionStatusCOMPLETED:
		writeError(w, http.StatusNotFound, "resource_not_found", "the acquired file is not available yet")
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.WriteHeader(http.StatusOK)
	_, _ = io.CopyN(w, &patternReader{}, size)
}

// PatternByte is the byte at offset i of every acquired file the fake serves,
// so tests can check a download without the server holding the file.
func PatternByte(i int64) byte { return byte((i % patternPeriod) * 7) }

// patternPeriod is prime, so the pattern does not line up with buffer sizes.
const patternPeriod = 251

// patternBlock holds the pattern many times over, so reads are copies.
var patternBlock = func() []byte {
	b := make([]byte, patternPeriod*128)
	for i := range b {
		b[i] = PatternByte(int64(i))
	}
	return b
}()

type patternReader struct{ off int64 }

func (p *patternReader) Read(b []byte) (int, error) {
	n := 0
	for n < len(b) {
		start := int(p.off % patternPeriod)
		c := copy(b[n:], patternBlock[start:len(patternBlock)-patternPeriod+start])
		n += c
		p.off += int64(c)
	}
	return n, nil
}

func newID() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
