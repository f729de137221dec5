// Package waldurtest is an in-memory, stateful fake of the Waldur User
// Actions API on loopback, for testing code that uses clients/waldur (or any
// other client of the API) without a Waldur deployment.
//
// Start one with NewServer, give the client Server.URL and Token (or Bearer
// with waldur.WithBearer), and Close it when done. Seed user actions with
// Add (the wrapper's types: waldur.UserAction, waldur.CorrectiveAction,
// waldur.Urgency, waldur.Category, waldur.Severity), make corrective actions
// fail with FailLabel, inspect what the client sent with Received, drive time
// with WithClock (a faketest.Clock), and make the next requests fail through
// Server.Faults: status answers (429 with Retry-After from a proxy, 5xx),
// delays, dropped connections and truncated bodies, built with the faketest
// package.
//
// # What this fake models
//
// The eight user-actions operations and HEAD on every GET (answered by the
// GET's handler without a body, as the server's router maps it: only the
// list's carries X-Result-Count). Lists are bare JSON arrays paginated with
// page (a number or "last") and page_size (default 10, also for a value that
// is not a positive integer; clamped to 300) and Link (first, prev, next,
// last) and X-Result-Count headers whose absolute URLs use a configurable
// external host (WithExternalURL, as behind a proxy); as Django REST
// framework builds them, the links to the first page carry no page
// parameter. Every field of a user action is sent, null or "" when empty,
// its uuids as Waldur writes them, 32 hex digits without hyphens (paths
// take either form), and its date-times in UTC to the microsecond. Filters: action_type, urgency, is_silenced, include_silenced,
// overdue, due_within_days, created_after, created_before, and ordering with
// o (default -urgency,due_date,-created; urgency sorts as text; unknown
// fields are dropped, the default used when none is left, as
// OrderingFilter does; is_silenced and overdue take true or false,
// capitalised or not, and ignore other values, as the filters' widgets do);
// summary and bulk_silence honour them too. A repeated parameter counts
// with its last value, as the server reads it. Silences are permanent or temporary (expiring
// by the server's clock); days_until_due and the silence flags are derived on
// every read; corrective actions execute as "completed" (API endpoints) or
// "navigate" (UI routes).
//
// # What this fake enforces
//
//   - A path without its trailing slash answers 301 to the path with it, as
//     Django's APPEND_SLASH does (before authentication, for any method); a
//     route asked with a method it does not take answers 405 {"detail":
//     "Method \"PUT\" not allowed."} with Allow (after authentication).
//   - Every request conforms to the API's OpenAPI spec (paths with their
//     trailing slash, parameters, bodies: duration_days 1..365 and not null,
//     action_label not empty). A refused parameter or body field answers 400
//     keyed by its name as Django REST framework and django-filter do
//     ({"created_before": ["Enter a valid date/time."]}), worded as they
//     word the common cases (out of range, null, blank, missing, not a
//     choice, not an integer or a number), other refusals
//     {"non_field_errors": [...]}.
//   - Authorization: Token <token> (keyword in any case) or Bearer <token>;
//     otherwise 401 with WWW-Authenticate: Token and {"detail": "Invalid
//     token."}, or as Waldur's TokenAuthentication words a header it cannot
//     read ({"detail": "Authentication credentials were not provided."}
//     when no Token or Bearer credentials were sent, "Invalid token. No
//     credentials provided." for a keyword alone, "Invalid token. Token
//     string should not contain spaces." for a token with spaces).
//   - created_after and created_before take what django-filter's
//     DateTimeFilter takes: ISO 8601 with or without an offset, with T or a
//     space, seconds and fractions optional, or a date alone; a value without
//     an offset is in the server's time zone (UTC, or WithTimeZone).
//   - Silenced actions are hidden from lists, retrieve, silence and
//     execute_action unless include_silenced=true; unsilence finds them.
//   - A page past the last, below 1 or not a number answers 404
//     {"detail": "Invalid page."}.
//   - execute_action needs the label of one of the action's corrective
//     actions: 404 {"error": "Action not found or not permitted"} otherwise.
//
// # What it does not model
//
// Users and permissions (user_uuid is accepted and ignored; every token sees
// every action), token expiry, update_actions doing anything but being
// recorded (Updates), and corrective actions' own side effects.
package waldurtest

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/google/uuid"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/respondkit/respondkit/clients/faketest"

	"github.com/respondkit/respondkit/clients/internal/fake"
	"github.com/respondkit/respondkit/clients/waldur"
	"github.com/respondkit/respondkit/gen/waldurapi"
)

// DefaultToken is the API token accepted with the `Token` keyword, and
// DefaultBearer the token accepted with `Bearer`, unless set otherwise.
const (
	DefaultToken  = "0123456789abcdef0123456789abcdef01234567"
	DefaultBearer = "w_4102444800_waldurtest"
)

const maxPageSize = 300

// Server is the fake. Its methods are safe for concurrent use.
type Server struct {
	// URL is the server's base URL (http://127.0.0.1:<port>): use it as the
	// base URL of waldur.New.
	URL string

	// Faults queues faults that the next requests meet before the fake
	// handles them, e.g.
	//
	//	srv.Faults.Inject(1, faketest.StatusFault(503, `{}`))
	Faults *faketest.Injector

	http *faketest.Server

	token, bearer string
	external      string // scheme://host used in Link URLs

	mu      sync.Mutex
	actions []*waldurapi.UserAction
	failing map[string]string // corrective action label -> error
	now     func() time.Time
	tz      *time.Location // the zone of date-times without an offset
	updates []string       // provider action types of update_actions calls
}

// Option configures a Server.
type Option func(*Server)

// WithToken sets the token accepted as `Authorization: Token <token>`.
func WithToken(t string) Option { return func(s *Server) { s.token = t } }

// WithBearer sets the token accepted as `Authorization: Bearer <token>`.
func WithBearer(t string) Option { return func(s *Server) { s.bearer = t } }

// WithExternalURL makes Link headers use this scheme and host instead of the
// server's own, as a deployment behind a proxy does.
func WithExternalURL(u string) Option {
	return func(s *Server) { s.external = strings.TrimRight(u, "/") }
}

// WithClock sets the clock that decides when temporary silences end and
// what is overdue.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithTimeZone sets the server's time zone, in which created_after and
// created_before values without an offset are read (UTC by default).
func WithTimeZone(loc *time.Location) Option {
	return func(s *Server) {
		if loc != nil {
			s.tz = loc
		}
	}
}

// NewServer starts a fake on loopback. Close it when done.
func NewServer(opts ...Option) *Server {
	s := &Server{token: DefaultToken, bearer: DefaultBearer, failing: map[string]string{}, now: time.Now, tz: time.UTC}
	for _, o := range opts {
		o(s)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/user-actions/{$}", s.list) // also serves HEAD
	mux.HandleFunc("GET /api/user-actions/summary/{$}", s.summary)
	mux.HandleFunc("POST /api/user-actions/update_actions/{$}", s.updateActions)
	mux.HandleFunc("POST /api/user-actions/bulk_silence/{$}", s.bulkSilence)
	mux.HandleFunc("GET /api/user-actions/{uuid}/{$}", s.retrieve)
	mux.HandleFunc("POST /api/user-actions/{uuid}/silence/{$}", s.silence)
	mux.HandleFunc("POST /api/user-actions/{uuid}/unsilence/{$}", s.unsilence)
	mux.HandleFunc("POST /api/user-actions/{uuid}/execute_action/{$}", s.execute)
	validate := fake.Validator(spec(), s.authenticate, func(w http.ResponseWriter, r *http.Request, e fake.ValidationError) {
		switch e.Status {
		case http.StatusUnauthorized:
			unauthorized(w, r)
		case http.StatusNotFound:
			detail(w, http.StatusNotFound, "Not found.")
		case http.StatusMethodNotAllowed:
			detail(w, http.StatusMethodNotAllowed, "Method not allowed.")
		default:
			fake.WriteJSON(w, http.StatusBadRequest, map[string][]string{fieldOf(e): {message(e)}})
		}
	})(mux)
	s.http = faketest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; !strings.HasSuffix(p, "/") && allowed(p+"/") != nil {
			// Django's CommonMiddleware (APPEND_SLASH), before any
			// authentication: a permanent redirect to the path with its
			// slash, whatever the method (a client that follows it with
			// a GET breaks a POST).
			u := r.URL.Path + "/"
			if r.URL.RawQuery != "" {
				u += "?" + r.URL.RawQuery
			}
			w.Header().Set("Location", u)
			w.WriteHeader(http.StatusMovedPermanently)
			return
		}
		if q := r.URL.Query(); len(q) > 0 {
			// The server reads one value per parameter, the last one
			// (QueryDict.get), wherever it is repeated.
			repeated := false
			for k, v := range q {
				if len(v) > 1 {
					q[k], repeated = v[len(v)-1:], true
				}
			}
			if repeated {
				r = r.Clone(r.Context())
				r.URL.RawQuery = q.Encode()
			}
		}
		if allow := allowed(r.URL.Path); allow != nil && !slices.Contains(allow, r.Method) {
			// A route of the API asked with another method: the view
			// authenticates first, then refuses the method.
			if s.scheme(r) == "" {
				unauthorized(w, r)
				return
			}
			w.Header().Set("Allow", strings.Join(allow, ", "))
			detail(w, http.StatusMethodNotAllowed, fmt.Sprintf("Method %q not allowed.", r.Method))
			return
		}
		if r.Method == http.MethodHead {
			// The spec has no HEAD operation: validate it as the GET it
			// mirrors. The response writer still drops the body.
			g := r.Clone(r.Context())
			g.Method = http.MethodGet
			validate.ServeHTTP(w, g)
			return
		}
		validate.ServeHTTP(w, r)
	}))
	s.URL, s.Faults = s.http.URL, s.http.Faults
	if s.external == "" {
		s.external = s.URL
	}
	return s
}

// Token returns the token accepted with the `Token` keyword.
func (s *Server) Token() string { return s.token }

// Bearer returns the token accepted with the `Bearer` keyword.
func (s *Server) Bearer() string { return s.bearer }

// fieldOf names the field a validation error is about, as Django REST
// framework keys its errors: the parameter, the first body field of a
// schema error, or non_field_errors.
func fieldOf(e fake.ValidationError) string {
	if e.Param != "" {
		return e.Param
	}
	var se *openapi3.SchemaError
	if errors.As(e.Err, &se) {
		if ptr := se.JSONPointer(); len(ptr) > 0 && ptr[0] != "" {
			return ptr[0]
		}
		if m := missingProperty.FindStringSubmatch(se.Reason); se.SchemaField == "required" && m != nil {
			return m[1]
		}
	}
	return "non_field_errors"
}

var missingProperty = regexp.MustCompile(`property "([^"]+)" is missing`)

// message words a validation error as the server's serializers and filters
// do for the common cases (a value out of range, null, blank, not a choice,
// of the wrong type, missing), or as the validator does otherwise.
func message(e fake.ValidationError) string {
	var se *openapi3.SchemaError
	if !errors.As(e.Err, &se) {
		if e.In == "query" && (e.Param == "due_within_days") {
			return "Enter a number."
		}
		return e.Message()
	}
	sch := se.Schema
	switch se.SchemaField {
	case "nullable":
		return "This field may not be null."
	case "required":
		return "This field is required."
	case "minimum":
		if sch != nil && sch.Min != nil {
			return fmt.Sprintf("Ensure this value is greater than or equal to %v.", *sch.Min)
		}
	case "maximum":
		if sch != nil && sch.Max != nil {
			return fmt.Sprintf("Ensure this value is less than or equal to %v.", *sch.Max)
		}
	case "minLength":
		if v, ok := se.Value.(string); ok && v == "" {
			return "This field may not be blank."
		}
	case "enum":
		if e.In == "query" {
			return fmt.Sprintf("Select a valid choice. %v is not one of the available choices.", se.Value)
		}
		return fmt.Sprintf("%q is not a valid choice.", fmt.Sprint(se.Value))
	case "type":
		if sch != nil && sch.Type.Is("integer") {
			return "A valid integer is required."
		}
		if sch != nil && sch.Type.Is("string") {
			return "Not a valid string."
		}
	}
	return e.Message()
}

// filterError is an invalid filter value, keyed by the filter's name.
type filterError struct {
	field, msg string
}

func (e *filterError) Error() string { return e.field + ": " + e.msg }

// writeFilterError answers 400 keyed by the filter's name, as django-filter
// does, or non_field_errors for any other error.
func writeFilterError(w http.ResponseWriter, err error) {
	var fe *filterError
	if errors.As(err, &fe) {
		fake.WriteJSON(w, http.StatusBadRequest, map[string][]string{fe.field: {fe.msg}})
		return
	}
	fake.WriteJSON(w, http.StatusBadRequest, map[string][]string{"non_field_errors": {err.Error()}})
}

// dateTimeLayouts are the forms Django's DateTimeField accepts (ISO 8601 as
// datetime.fromisoformat reads it, and DATETIME_INPUT_FORMATS).
var dateTimeLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999Z0700", "2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04Z07:00", "2006-01-02T15:04", "2006-01-02 15:04Z07:00", "2006-01-02 15:04",
	"2006-01-02",
}

// parseDateTime reads a date-time as django-filter's DateTimeFilter does; a
// value without an offset is in loc.
func parseDateTime(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range dateTimeLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Add stores a user action. A missing uuid, created or modified time is
// filled in, and so are the lists and maps the server always sends and a
// corrective action's method (GET by default).
func (s *Server) Add(a waldur.UserAction) waldur.UserAction {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a.UUID == uuid.Nil {
		a.UUID = uuid.New()
	}
	now := s.now().UTC()
	if a.Created.IsZero() {
		a.Created = now
	}
	if a.Modified.IsZero() {
		a.Modified = a.Created
	}
	if a.Urgency == "" {
		a.Urgency = waldurapi.UrgencyMedium
	}
	if a.CorrectiveActions == nil {
		a.CorrectiveActions = []waldurapi.CorrectiveAction{}
	}
	a.CorrectiveActions = slices.Clone(a.CorrectiveActions)
	for i := range a.CorrectiveActions {
		ca := &a.CorrectiveActions[i]
		if ca.Method == "" {
			ca.Method = http.MethodGet // the serializer's default
		}
		if ca.PermissionsRequired == nil {
			ca.PermissionsRequired = []string{}
		}
		if ca.Metadata == nil {
			ca.Metadata = map[string]interface{}{}
		}
		if ca.RouteParams == nil {
			ca.RouteParams = map[string]interface{}{}
		}
	}
	if a.RouteParams == nil {
		a.RouteParams = map[string]interface{}{}
	}
	c := a
	s.actions = append(s.actions, &c)
	return s.view(&c, now)
}

// FailLabel makes executing the corrective action with this label fail with
// a 500 and msg.
func (s *Server) FailLabel(label, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failing[label] = msg
}

// Updates returns the provider action types update_actions was called with
// ("" for all providers).
func (s *Server) Updates() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.updates)
}

// allowed returns the methods the API's route at path takes (HEAD with
// GET, OPTIONS everywhere, as the server's router and views do), or nil
// for a path that is no route of the API. The fake lists OPTIONS in Allow as
// the server does but does not model its metadata answer: OPTIONS gets 404.
func allowed(path string) []string {
	rest, ok := strings.CutPrefix(path, "/api/user-actions/")
	if !ok || !strings.HasSuffix(rest, "/") && rest != "" {
		return nil
	}
	get, post := []string{"GET", "HEAD", "OPTIONS"}, []string{"POST", "OPTIONS"}
	switch parts := strings.Split(strings.TrimSuffix(rest, "/"), "/"); {
	case rest == "" || rest == "summary/":
		return get
	case rest == "update_actions/" || rest == "bulk_silence/":
		return post
	case len(parts) == 1 && !strings.Contains(parts[0], "."):
		return get
	case len(parts) == 2 && parts[0] != "" && !strings.Contains(parts[0], ".") && slices.Contains([]string{"silence", "unsilence", "execute_action"}, parts[1]):
		return post
	}
	return nil
}

// unauthorized answers 401 as Waldur's TokenAuthentication (Django REST
// framework's, with its own wording) does: no credentials of a known
// scheme, a malformed header, or a wrong token. The first authenticator's
// WWW-Authenticate comes with it.
func unauthorized(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("WWW-Authenticate", "Token")
	f := strings.Fields(r.Header.Get("Authorization"))
	switch {
	case len(f) == 0 || !strings.EqualFold(f[0], "Token") && !strings.EqualFold(f[0], "Bearer"):
		detail(w, http.StatusUnauthorized, "Authentication credentials were not provided.")
	case len(f) == 1:
		detail(w, http.StatusUnauthorized, "Invalid token. No credentials provided.")
	case len(f) > 2:
		detail(w, http.StatusUnauthorized, "Invalid token. Token string should not contain spaces.")
	default:
		detail(w, http.StatusUnauthorized, "Invalid token.")
	}
}

func (s *Server) authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if scheme := s.scheme(in.RequestValidationInput.Request); scheme == "" || scheme != in.SecuritySchemeName {
		return errors.New("invalid token")
	}
	return nil
}

// scheme names the spec's security scheme whose credentials r carries
// (tokenAuth, bearerAuth), or is empty when it carries none of the server's.
func (s *Server) scheme(r *http.Request) string {
	keyword, value, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	switch {
	case strings.EqualFold(keyword, "Token") && value == s.token:
		return "tokenAuth"
	case strings.EqualFold(keyword, "Bearer") && value == s.bearer:
		return "bearerAuth"
	}
	return ""
}

func detail(w http.ResponseWriter, status int, msg string) {
	fake.WriteJSON(w, status, waldurapi.ErrorDetail{Detail: msg})
}

// view returns the action as the server shows it at now: the derived
// silence flags and days until due computed. Callers hold s.mu.
func (s *Server) view(a *waldurapi.UserAction, now time.Time) waldurapi.UserAction {
	v := *a
	temp := v.SilencedUntil != nil && v.SilencedUntil.After(now)
	if v.SilencedUntil != nil && !temp {
		v.SilencedUntil = nil // an expired silence is gone
	}
	v.IsTemporarilySilenced = temp
	v.IsEffectivelySilenced = temp || v.IsSilenced
	if v.DueDate != nil {
		d := int(v.DueDate.Sub(now).Hours() / 24)
		if v.DueDate.Before(now) && d == 0 {
			d = -1
		}
		v.DaysUntilDue = &d
	}
	return v
}

// filter holds the list filters of a request.
type filter struct {
	q   url.Values
	now time.Time
	tz  *time.Location
}

func (f filter) match(v waldurapi.UserAction) (bool, error) {
	q := f.q
	if q.Get("include_silenced") != "true" && v.IsEffectivelySilenced {
		return false, nil
	}
	if t := q.Get("action_type"); t != "" && v.ActionType != t {
		return false, nil
	}
	if u := q.Get("urgency"); u != "" && string(v.Urgency) != u {
		return false, nil
	}
	if b, ok := boolFilter(q.Get("is_silenced")); ok && b != v.IsSilenced {
		return false, nil
	}
	overdue := v.DueDate != nil && v.DueDate.Before(f.now)
	if b, ok := boolFilter(q.Get("overdue")); ok && b != overdue {
		return false, nil
	}
	for _, p := range []struct {
		name  string
		after bool
	}{{"created_after", true}, {"created_before", false}} {
		if s := q.Get(p.name); s != "" {
			t, ok := parseDateTime(s, f.tz)
			if !ok {
				return false, &filterError{p.name, "Enter a valid date/time."}
			}
			if (p.after && v.Created.Before(t)) || (!p.after && v.Created.After(t)) {
				return false, nil
			}
		}
	}
	if s := q.Get("due_within_days"); s != "" {
		days, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return false, &filterError{"due_within_days", "Enter a number."}
		}
		if v.DueDate == nil || v.DueDate.After(f.now.Add(time.Duration(days*24*float64(time.Hour)))) {
			return false, nil
		}
	}
	return true, nil
}

// boolFilter reads a boolean filter as the server's filter widgets do:
// true or false, capitalised or not; any other value (ok false) filters
// nothing.
func boolFilter(v string) (b, ok bool) {
	switch v {
	case "true", "True":
		return true, true
	case "false", "False":
		return false, true
	}
	return false, false
}

// matching returns the visible actions that match the request's filters,
// ordered. Callers hold s.mu.
func (s *Server) matching(q url.Values) ([]waldurapi.UserAction, []*waldurapi.UserAction, error) {
	now := s.now().UTC()
	f := filter{q: q, now: now, tz: s.tz}
	var views []waldurapi.UserAction
	var stored []*waldurapi.UserAction
	for _, a := range s.actions {
		v := s.view(a, now)
		ok, err := f.match(v)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			views = append(views, v)
			stored = append(stored, a)
		}
	}
	keys := ordering(q.Get("o"))
	idx := make([]int, len(views))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(i, j int) int {
		for _, k := range keys {
			desc := strings.HasPrefix(k, "-")
			if c := compare(views[i], views[j], strings.TrimPrefix(k, "-")); c != 0 {
				if desc {
					return -c
				}
				return c
			}
		}
		return 0
	})
	outV := make([]waldurapi.UserAction, len(idx))
	outS := make([]*waldurapi.UserAction, len(idx))
	for n, i := range idx {
		outV[n], outS[n] = views[i], stored[i]
	}
	return outV, outS, nil
}

// orderingFields are the fields o may name, each optionally prefixed with -.
var orderingFields = []string{"urgency", "due_date", "created", "modified", "action_type"}

// ordering reads o as Django REST framework's OrderingFilter does: the
// comma-separated fields, trimmed, without those it does not know; the
// default ordering when none is left.
func ordering(o string) []string {
	var keys []string
	for _, k := range strings.Split(o, ",") {
		k = strings.TrimSpace(k)
		if slices.Contains(orderingFields, strings.TrimPrefix(k, "-")) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return []string{"-urgency", "due_date", "-created"}
	}
	return keys
}

// compare orders two actions by one field; urgency sorts as text, as the
// server's database does.
func compare(a, b waldurapi.UserAction, field string) int {
	switch field {
	case "urgency":
		return strings.Compare(string(a.Urgency), string(b.Urgency))
	case "action_type":
		return strings.Compare(a.ActionType, b.ActionType)
	case "created":
		return a.Created.Compare(b.Created)
	case "modified":
		return a.Modified.Compare(b.Modified)
	case "due_date":
		switch {
		case a.DueDate == nil && b.DueDate == nil:
			return 0
		case a.DueDate == nil:
			return 1 // nulls last
		case b.DueDate == nil:
			return -1
		}
		return a.DueDate.Compare(*b.DueDate)
	}
	return 0
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	// page_size as PageNumberPagination reads it: a positive integer,
	// clamped to the maximum; anything else means the default.
	size := 10
	if n, err := strconv.Atoi(strings.TrimSpace(q.Get("page_size"))); err == nil && n > 0 {
		size = min(n, maxPageSize) // the server clamps, it does not refuse
	}
	s.mu.Lock()
	views, _, err := s.matching(q)
	s.mu.Unlock()
	if err != nil {
		writeFilterError(w, err)
		return
	}
	pages := max(1, (len(views)+size-1)/size)
	// page is a number from 1, or "last"; anything else is an invalid page.
	page := 1
	if v, ok := q["page"]; ok {
		p := strings.TrimSpace(v[len(v)-1])
		if p == "last" {
			page = pages
		} else if page, err = strconv.Atoi(p); err != nil || page < 1 || page > pages {
			detail(w, http.StatusNotFound, "Invalid page.")
			return
		}
	}
	// The links are the request's URL with page replaced, or removed for
	// the first page, as the server builds them.
	link := func(p int) string {
		q2 := url.Values{}
		for k, v := range q {
			q2[k] = v
		}
		q2.Del("page")
		if p > 1 {
			q2.Set("page", strconv.Itoa(p))
		}
		u := s.external + r.URL.Path
		if len(q2) > 0 {
			u += "?" + q2.Encode()
		}
		return "<" + u + ">"
	}
	links := []string{link(1) + `; rel="first"`}
	if page > 1 {
		links = append(links, link(page-1)+`; rel="prev"`)
	}
	if page < pages {
		links = append(links, link(page+1)+`; rel="next"`)
	}
	links = append(links, link(pages)+`; rel="last"`)
	w.Header().Set("Link", strings.Join(links, ", "))
	w.Header().Set("X-Result-Count", strconv.Itoa(len(views)))
	start := (page - 1) * size
	items := views[start:min(start+size, len(views))]
	out := make([]wireAction, len(items))
	for i := range items {
		out[i] = wire(items[i])
	}
	fake.WriteJSON(w, http.StatusOK, out)
}

func (s *Server) summary(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	views, _, err := s.matching(r.URL.Query())
	now := s.now()
	s.mu.Unlock()
	if err != nil {
		writeFilterError(w, err)
		return
	}
	sum := waldurapi.ActionSummary{ByType: map[string]int{}}
	for _, v := range views {
		sum.Total++
		sum.ByType[v.ActionType]++
		switch v.Urgency {
		case waldurapi.UrgencyLow:
			sum.ByUrgency.Low++
		case waldurapi.UrgencyMedium:
			sum.ByUrgency.Medium++
		case waldurapi.UrgencyHigh:
			sum.ByUrgency.High++
		}
		if v.DueDate != nil && v.DueDate.Before(now) {
			sum.Overdue++
		}
	}
	fake.WriteJSON(w, http.StatusOK, sum)
}

func (s *Server) updateActions(w http.ResponseWriter, r *http.Request) {
	var req waldurapi.UpdateActionsRequest
	_ = json.NewDecoder(r.Body).Decode(&req) // the body is optional
	s.mu.Lock()
	s.updates = append(s.updates, deref(req.ProviderActionType))
	s.mu.Unlock()
	fake.WriteJSON(w, http.StatusAccepted, waldurapi.UpdateActionsResponse{
		Status: "scheduled", Message: "User actions update has been scheduled.", ProviderActionType: req.ProviderActionType,
	})
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// silenceBody reads an optional {duration_days} body: nil when the duration
// is left out (a permanent silence). The spec refuses 0 and null before.
func silenceBody(r *http.Request) (*int, error) {
	var req waldurapi.SilenceActionRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil && err.Error() != "EOF" {
		return nil, err
	}
	if req.DurationDays == 0 {
		return nil, nil
	}
	return &req.DurationDays, nil
}

// silenceLocked silences one action. Callers hold s.mu.
func (s *Server) silenceLocked(a *waldurapi.UserAction, days *int) {
	now := s.now().UTC()
	if days == nil {
		a.IsSilenced = true
		a.SilencedUntil = nil
	} else {
		until := now.Add(time.Duration(*days) * 24 * time.Hour)
		a.SilencedUntil = &until
	}
	a.Modified = now
}

func (s *Server) bulkSilence(w http.ResponseWriter, r *http.Request) {
	days, err := silenceBody(r)
	if err != nil {
		fake.WriteJSON(w, http.StatusBadRequest, map[string][]string{"non_field_errors": {err.Error()}})
		return
	}
	s.mu.Lock()
	_, stored, err := s.matching(r.URL.Query())
	for _, a := range stored {
		s.silenceLocked(a, days)
	}
	s.mu.Unlock()
	if err != nil {
		writeFilterError(w, err)
		return
	}
	fake.WriteJSON(w, http.StatusOK, waldurapi.BulkSilenceResponse{Status: "bulk_silenced", Count: len(stored), DurationDays: days})
}

// find returns the stored action with the request's uuid, hiding silenced
// ones unless visible is set or the request says include_silenced=true.
// Callers hold s.mu.
func (s *Server) find(r *http.Request, visible bool) *waldurapi.UserAction {
	id, err := uuid.Parse(r.PathValue("uuid"))
	if err != nil {
		return nil
	}
	now := s.now().UTC()
	for _, a := range s.actions {
		if a.UUID != id {
			continue
		}
		if !visible && r.URL.Query().Get("include_silenced") != "true" && s.view(a, now).IsEffectivelySilenced {
			return nil
		}
		return a
	}
	return nil
}

func (s *Server) retrieve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	a := s.find(r, false)
	var v waldurapi.UserAction
	if a != nil {
		v = s.view(a, s.now().UTC())
	}
	s.mu.Unlock()
	if a == nil {
		detail(w, http.StatusNotFound, "Not found.")
		return
	}
	fake.WriteJSON(w, http.StatusOK, wire(v))
}

func (s *Server) silence(w http.ResponseWriter, r *http.Request) {
	days, err := silenceBody(r)
	if err != nil {
		fake.WriteJSON(w, http.StatusBadRequest, map[string][]string{"duration_days": {err.Error()}})
		return
	}
	s.mu.Lock()
	a := s.find(r, false)
	if a != nil {
		s.silenceLocked(a, days)
	}
	s.mu.Unlock()
	if a == nil {
		detail(w, http.StatusNotFound, "Not found.")
		return
	}
	fake.WriteJSON(w, http.StatusOK, waldurapi.SilenceResponse{Status: "silenced", DurationDays: days})
}

func (s *Server) unsilence(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	a := s.find(r, true) // unsilence finds silenced actions regardless
	if a != nil {
		a.IsSilenced = false
		a.SilencedUntil = nil
		a.Modified = s.now().UTC()
	}
	s.mu.Unlock()
	if a == nil {
		detail(w, http.StatusNotFound, "Action not found")
		return
	}
	fake.WriteJSON(w, http.StatusOK, waldurapi.UnsilenceResponse{Status: "unsilenced"})
}

func (s *Server) execute(w http.ResponseWriter, r *http.Request) {
	var req waldurapi.ExecuteActionRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		fake.WriteJSON(w, http.StatusBadRequest, map[string][]string{"action_label": {err.Error()}})
		return
	}
	s.mu.Lock()
	a := s.find(r, false)
	var ca *waldurapi.CorrectiveAction
	if a != nil {
		for i := range a.CorrectiveActions {
			if a.CorrectiveActions[i].Label == req.ActionLabel {
				ca = &a.CorrectiveActions[i]
			}
		}
	}
	failure, fails := s.failing[req.ActionLabel]
	s.mu.Unlock()
	switch {
	case a == nil:
		detail(w, http.StatusNotFound, "Not found.")
	case ca == nil:
		fake.WriteJSON(w, http.StatusNotFound, waldurapi.ExecuteActionError{Error: "Action not found or not permitted"})
	case fails:
		fake.WriteJSON(w, http.StatusInternalServerError, waldurapi.ExecuteActionError{Error: failure})
	case !ca.APIEndpoint:
		fake.WriteJSON(w, http.StatusOK, waldurapi.ExecuteActionResponse{
			Action:      waldurapi.ExecuteActionResponseActionNavigate,
			Message:     "Open " + ca.Label,
			RedirectURL: s.external + "/" + strings.ReplaceAll(deref(ca.RouteName), ".", "/") + "/",
		})
	default:
		fake.WriteJSON(w, http.StatusOK, waldurapi.ExecuteActionResponse{
			Action:  waldurapi.ExecuteActionResponseActionCompleted,
			Message: ca.Label + " done",
		})
	}
}

// hexUUID is a UUID as Waldur writes it: 32 hex digits without hyphens (its
// models' UUIDField renders non-hyphenated; clients parse both forms).
type hexUUID uuid.UUID

// MarshalText writes the 32 hex digits.
func (h hexUUID) MarshalText() ([]byte, error) {
	b := make([]byte, hex.EncodedLen(len(h)))
	hex.Encode(b, h[:])
	return b, nil
}

// wireAction is a user action as the server writes it: its uuids (the
// action's and the related objects') without hyphens, its date-times in UTC
// ("Z") to the microsecond, as the database keeps them, the rest as is.
type wireAction struct {
	waldurapi.UserAction
	Created          time.Time  `json:"created"`
	Modified         time.Time  `json:"modified"`
	DueDate          *time.Time `json:"due_date"`
	SilencedUntil    *time.Time `json:"silenced_until"`
	UUID             hexUUID    `json:"uuid"`
	ProjectUUID      *hexUUID   `json:"project_uuid"`
	OrganizationUUID *hexUUID   `json:"organization_uuid"`
	OfferingUUID     *hexUUID   `json:"offering_uuid"`
	ResourceUUID     *hexUUID   `json:"resource_uuid"`
}

func wire(v waldurapi.UserAction) wireAction {
	h := func(u *uuid.UUID) *hexUUID {
		if u == nil {
			return nil
		}
		x := hexUUID(*u)
		return &x
	}
	t := func(p *time.Time) *time.Time {
		if p == nil {
			return nil
		}
		x := p.UTC().Truncate(time.Microsecond)
		return &x
	}
	return wireAction{UserAction: v, Created: *t(&v.Created), Modified: *t(&v.Modified), DueDate: t(v.DueDate), SilencedUntil: t(v.SilencedUntil),
		UUID: hexUUID(v.UUID), ProjectUUID: h(v.ProjectUUID),
		OrganizationUUID: h(v.OrganizationUUID), OfferingUUID: h(v.OfferingUUID), ResourceUUID: h(v.ResourceUUID)}
}
