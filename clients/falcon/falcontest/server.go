// Package falcontest is an in-memory, stateful fake of the CrowdStrike Falcon
// Response Policies API and its OAuth2 endpoints on loopback, for testing code
// that uses clients/falcon (or any other client of the API).
//
// Start one with NewServer, give the client Server.URL and the credentials
// ClientID and ClientSecret, and Close it when done. Seed host groups and
// member devices with AddHostGroup and AddDevice (the wrapper's types), read
// state back with Policy and Precedence, inspect what the client sent with
// Received, drive token expiry and rate-limit windows with WithClock (a
// faketest.Clock), and make the next requests fail through Server.Faults:
// status answers, RateLimitFault (429 with X-RateLimit-RetryAfter), delays,
// dropped connections and truncated bodies, built with the faketest package.
//
// # What this fake models
//
// The OAuth2 token and revoke endpoints and the ten Response Policies
// operations. One API client; tokens that expire (WithTokenTTL); a token
// answer naming a region in X-CS-Region, or a 308 to another region
// (WithRedirect). A default policy (platform_default) per platform, created
// policies with their settings, enable and disable, host groups added and
// removed, precedence per platform, and member devices. Queries page with
// offset and limit and report meta.pagination; policy lists sort by each of
// the API's sort fields (name, platform_name, enabled, created_by,
// modified_by, the timestamps, precedence), ascending or descending, and
// member lists by any device field (sort=hostname.asc). Every answer has
// the MSA envelope (errors, meta with trace_id, resources), X-CS-TRACEID
// and X-RateLimit-Limit / X-RateLimit-Remaining from a budget
// (WithRateLimit).
//
// Filters are FQL, as clients/falcon/fql builds them and as people write
// them: field:'value' (quoted with \' and \\ escaped, or bare), the operators
// ! > >= < <= ~ !~, lists field:['a','b'], * wildcards in : and ! values,
// + (and), , (or) and parentheses, evaluated against the resource's JSON
// fields (dotted paths reach nested ones; an array field matches when any
// element does). Equality and ~ ignore case; > >= < <= compare times as
// times, numbers as numbers.
//
// # What this fake enforces
//
//   - Every request conforms to the API's OpenAPI spec (parameters, enums,
//     bodies); otherwise 400 with the envelope.
//   - A valid, unexpired bearer token on the API; client id and secret on
//     /oauth2/token (else 403) and HTTP Basic on /oauth2/revoke (else 401).
//   - A filter parses and names fields the resource has; otherwise 400
//     "Invalid filter: ..." with the envelope.
//   - offset + limit <= 10000, else 400; limit 1..5000 (spec).
//   - Setting ids exist for the policy's platform, on create and update;
//     otherwise that policy is refused with a 400 error (the answer is 400
//     when no policy succeeded).
//   - Unknown policy ids answer per-id 404 errors next to what was found
//     (404 when nothing was); the default policy cannot be deleted or
//     ordered; a precedence request lists every non-default policy of the
//     platform exactly once; host-group actions need an existing group_id.
//   - The rate-limit budget: past it, 429 with X-RateLimit-RetryAfter (Unix
//     seconds).
//
// It accepts what the service accepts that a strict reading of the spec
// would not: "action_parameters": null and "settings": null (sent by
// clients generated from CrowdStrike's swagger) are taken as absent.
//
// # What it does not model
//
// Rule groups (add-rule-group and remove-rule-group change nothing), dynamic
// host-group membership, MSSP member CIDs, the per-IP limits on bad tokens
// and the token endpoint, and policy settings beyond storing the values
// given.
package falcontest

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/respondkit/respondkit/clients/faketest"
	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/internal/fake"
	"github.com/respondkit/respondkit/gen/falconapi"
)

// Default credentials of the one API client the fake knows.
const (
	DefaultClientID     = "falcontest-client"
	DefaultClientSecret = "falcontest-secret"
)

// Server is the fake. Its methods are safe for concurrent use.
type Server struct {
	// URL is the server's base URL (http://127.0.0.1:<port>): pass it to
	// falcon.WithBaseURL.
	URL string

	// Faults queues faults that the next requests meet before the fake
	// handles them, e.g.
	//
	//	srv.Faults.Inject(1, faketest.StatusFault(503, `{}`))
	Faults *faketest.Injector

	http *faketest.Server

	clientID, secret string
	region           string
	redirect         string // base URL to answer 308 to on /oauth2/token
	ttl              time.Duration
	now              func() time.Time
	limit            int
	window           time.Duration

	mu          sync.Mutex
	tokens      map[string]time.Time // access token -> expiry
	tokenCalls  int
	revoked     int
	policies    map[string]*falconapi.Policy
	order       map[falconapi.PlatformName][]string // precedence, default policy last
	groups      map[string]falconapi.HostGroup
	devices     []deviceEntry
	windowStart time.Time
	used        int
}

type deviceEntry struct {
	d      falconapi.Device
	policy string
}

// Option configures a Server.
type Option func(*Server)

// WithCredentials sets the API client id and secret the server accepts.
func WithCredentials(id, secret string) Option {
	return func(s *Server) { s.clientID, s.secret = id, secret }
}

// WithRegion sets the X-CS-Region the token answer names ("us-1" by default).
func WithRegion(r string) Option { return func(s *Server) { s.region = r } }

// WithRedirect makes /oauth2/token answer 308 to the same path at baseURL,
// as a region the credentials do not belong to does.
func WithRedirect(baseURL string) Option { return func(s *Server) { s.redirect = baseURL } }

// WithTokenTTL sets how long issued tokens live (1799 s by default).
func WithTokenTTL(d time.Duration) Option { return func(s *Server) { s.ttl = d } }

// WithClock sets the server's clock (token expiry, rate-limit windows).
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithRateLimit allows limit requests per window; further ones answer 429.
func WithRateLimit(limit int, window time.Duration) Option {
	return func(s *Server) { s.limit, s.window = limit, window }
}

// NewServer starts a fake on loopback, with a default policy per platform.
// Close it when done.
func NewServer(opts ...Option) *Server {
	s := &Server{
		clientID: DefaultClientID, secret: DefaultClientSecret, region: "us-1",
		ttl: 1799 * time.Second, now: time.Now, limit: 6000, window: time.Minute,
		tokens: map[string]time.Time{}, policies: map[string]*falconapi.Policy{},
		order: map[falconapi.PlatformName][]string{}, groups: map[string]falconapi.HostGroup{},
	}
	for _, o := range opts {
		o(s)
	}
	s.windowStart = s.now()
	for _, p := range []falconapi.PlatformName{falconapi.PlatformNameWindows, falconapi.PlatformNameMac, falconapi.PlatformNameLinux} {
		pol := s.newPolicy("platform_default", "Platform default policy", p)
		pol.Enabled = true
		s.order[p] = []string{pol.ID}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth2/token", s.token)
	mux.HandleFunc("POST /oauth2/revoke", s.revoke)
	mux.HandleFunc("GET /policy/queries/response/v1", s.queryPolicies(false))
	mux.HandleFunc("GET /policy/combined/response/v1", s.queryPolicies(true))
	mux.HandleFunc("GET /policy/entities/response/v1", s.getPolicies)
	mux.HandleFunc("POST /policy/entities/response/v1", s.createPolicies)
	mux.HandleFunc("PATCH /policy/entities/response/v1", s.updatePolicies)
	mux.HandleFunc("DELETE /policy/entities/response/v1", s.deletePolicies)
	mux.HandleFunc("POST /policy/entities/response-actions/v1", s.action)
	mux.HandleFunc("POST /policy/entities/response-precedence/v1", s.precedence)
	mux.HandleFunc("GET /policy/queries/response-members/v1", s.queryMembers(false))
	mux.HandleFunc("GET /policy/combined/response-members/v1", s.queryMembers(true))
	validated := fake.Validator(spec(), s.authenticate, func(w http.ResponseWriter, _ *http.Request, e fake.ValidationError) {
		switch e.Status {
		case http.StatusUnauthorized:
			msa(w, http.StatusUnauthorized, nil, apiError(401, "access denied, invalid bearer token", ""))
		default:
			msa(w, e.Status, nil, apiError(int32(e.Status), e.Message(), ""))
		}
	})(mux)
	s.http = faketest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.spend(w) {
			return
		}
		validated.ServeHTTP(w, r)
	}))
	s.URL, s.Faults = s.http.URL, s.http.Faults
	return s
}

// RateLimitFault is a 429 the way the service answers one: the envelope
// with "API rate limit exceeded.", X-RateLimit-RetryAfter (Unix seconds) set
// to retryAt, and the X-CS-TRACEID every answer carries. Inject it through
// Server.Faults.
func RateLimitFault(retryAt time.Time) faketest.Fault {
	f := faketest.RateLimitHeadersFault(retryAt, 6000,
		`{"errors":[{"code":429,"message":"API rate limit exceeded."}],"meta":{"query_time":0,"trace_id":"falcontest-rate-limit","powered_by":"falcontest"},"resources":[]}`)
	f.Header.Set("X-CS-TRACEID", "falcontest-rate-limit")
	return f
}

// ClientID returns the client id the server accepts.
func (s *Server) ClientID() string { return s.clientID }

// ClientSecret returns the secret the server accepts.
func (s *Server) ClientSecret() string { return s.secret }

// TokenRequests reports how many token requests were answered with a token.
func (s *Server) TokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenCalls
}

// Revocations reports how many tokens were revoked.
func (s *Server) Revocations() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.revoked
}

// ExpireTokens makes every issued token invalid, as after a restart.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens = map[string]time.Time{}
}

// spend takes one request from the rate-limit budget and sets the headers;
// it answers 429 itself when the budget is gone.
func (s *Server) spend(w http.ResponseWriter) bool {
	s.mu.Lock()
	now := s.now()
	if now.Sub(s.windowStart) >= s.window {
		s.windowStart, s.used = now, 0
	}
	s.used++
	remaining := s.limit - s.used
	reset := s.windowStart.Add(s.window)
	s.mu.Unlock()
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(s.limit))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(max(remaining, 0)))
	if remaining < 0 {
		w.Header().Set("X-RateLimit-RetryAfter", strconv.FormatInt(reset.Unix()+1, 10))
		msa(w, http.StatusTooManyRequests, nil, apiError(429, "API rate limit exceeded.", ""))
		return false
	}
	return true
}

func (s *Server) authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	r := in.RequestValidationInput.Request
	switch in.SecuritySchemeName {
	case "basicAuth":
		id, secret, ok := r.BasicAuth()
		if !ok || id != s.clientID || secret != s.secret {
			return errors.New("bad client credentials")
		}
		return nil
	case "oauth2":
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		s.mu.Lock()
		exp, known := s.tokens[tok]
		s.mu.Unlock()
		if !ok || !known || !s.now().Before(exp) {
			return errors.New("access denied, invalid bearer token")
		}
		return nil
	}
	return fmt.Errorf("unknown security scheme %s", in.SecuritySchemeName)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func apiError(code int32, msg, id string) falconapi.APIError {
	return falconapi.APIError{Code: code, Message: msg, ID: id}
}

// envelope is the MSA answer the fake writes.
type envelope struct {
	Errors    []falconapi.APIError `json:"errors"`
	Meta      falconapi.MetaInfo   `json:"meta"`
	Resources any                  `json:"resources"`
}

func msa(w http.ResponseWriter, status int, resources any, errs ...falconapi.APIError) {
	meta(w, status, resources, nil, errs...)
}

func meta(w http.ResponseWriter, status int, resources any, paging *falconapi.Paging, errs ...falconapi.APIError) {
	trace := newID()
	w.Header().Set("X-CS-TRACEID", trace)
	if resources == nil {
		resources = []string{}
	}
	if errs == nil {
		errs = []falconapi.APIError{}
	}
	fake.WriteJSON(w, status, envelope{
		Errors:    errs,
		Meta:      falconapi.MetaInfo{QueryTime: 0.001, TraceID: trace, PoweredBy: "falcontest", Pagination: paging},
		Resources: resources,
	})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if s.redirect != "" {
		w.Header().Set("Location", strings.TrimRight(s.redirect, "/")+"/oauth2/token")
		w.WriteHeader(http.StatusPermanentRedirect)
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("client_id") != s.clientID || r.PostForm.Get("client_secret") != s.secret {
		msa(w, http.StatusForbidden, nil, apiError(403, "access denied, authorization failed", ""))
		return
	}
	tok := newID() + newID()
	s.mu.Lock()
	s.tokens[tok] = s.now().Add(s.ttl)
	s.tokenCalls++
	s.mu.Unlock()
	w.Header().Set("X-CS-Region", s.region)
	w.Header().Set("X-CS-TRACEID", newID())
	fake.WriteJSON(w, http.StatusCreated, falconapi.TokenResponse{AccessToken: tok, TokenType: "bearer", ExpiresIn: int32(s.ttl / time.Second)})
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	s.mu.Lock()
	if _, ok := s.tokens[r.PostForm.Get("token")]; ok {
		delete(s.tokens, r.PostForm.Get("token"))
		s.revoked++
	}
	s.mu.Unlock()
	msa(w, http.StatusOK, nil)
}

// newPolicy stores a new disabled policy. Callers hold s.mu or run before
// the server starts.
func (s *Server) newPolicy(name, desc string, platform falconapi.PlatformName) *falconapi.Policy {
	now := s.now().UTC()
	p := &falconapi.Policy{
		ID: newID(), Cid: "0123456789abcdef0123456789abcdef", Name: name, Description: desc, PlatformName: platform,
		Groups: []falconapi.HostGroup{}, CreatedBy: "falcontest", CreatedTimestamp: now, ModifiedBy: "falcontest", ModifiedTimestamp: now,
		Settings: []falconapi.SettingsCategory{{Name: "Real Time Response", Settings: []falconapi.Setting{
			{ID: "RealTimeFunctionality", Name: "Real Time Functionality", Type: falconapi.SettingTypeToggle, Value: map[string]any{"enabled": false}},
		}}},
	}
	s.policies[p.ID] = p
	return p
}

// AddHostGroup stores a static host group and returns it; its ID is the
// group_id of the host-group actions.
func (s *Server) AddHostGroup(name string) falcon.HostGroup {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now().UTC()
	g := falconapi.HostGroup{ID: newID(), Name: name, Description: name, CreatedBy: "falcontest", CreatedTimestamp: now,
		ModifiedBy: "falcontest", ModifiedTimestamp: now, GroupType: falconapi.HostGroupGroupTypeStatic}
	s.groups[g.ID] = g
	return g
}

// AddDevice stores a host that the policy applies to; a missing device id
// or cid is filled in.
func (s *Server) AddDevice(d falcon.Device, policyID string) falcon.Device {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d.DeviceID == "" {
		d.DeviceID = newID()
	}
	if d.Cid == "" {
		d.Cid = "0123456789abcdef0123456789abcdef"
	}
	s.devices = append(s.devices, deviceEntry{d: d, policy: policyID})
	return d
}

// Policy returns a stored policy.
func (s *Server) Policy(id string) (falcon.Policy, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.policies[id]
	if !ok {
		return falconapi.Policy{}, false
	}
	return *p, true
}

// Precedence returns a platform's policy ids in precedence order (the
// default policy last).
func (s *Server) Precedence(p falcon.Platform) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.order[p])
}

// page reads offset and limit and checks offset + limit <= 10000.
func page(w http.ResponseWriter, q url.Values) (offset, limit int, ok bool) {
	offset, limit = 0, 100
	if v := q.Get("offset"); v != "" {
		offset, _ = strconv.Atoi(v)
	}
	if v := q.Get("limit"); v != "" {
		limit, _ = strconv.Atoi(v)
	}
	if offset+limit > 10000 {
		msa(w, http.StatusBadRequest, nil, apiError(400, "offset + limit must be at most 10000", ""))
		return 0, 0, false
	}
	return offset, limit, true
}

// policyFields and deviceFields are the fields filters may name.
var (
	policyFields = knownIn(jsonFields(falconapi.Policy{}))
	deviceFields = knownIn(jsonFields(falconapi.Device{}))
)

// filterOf parses the request's filter, answering 400 with the service's
// envelope when it cannot.
func filterOf(w http.ResponseWriter, q url.Values, known func(string) bool) (fqlNode, bool) {
	n, err := parseFQL(q.Get("filter"), known)
	if err != nil {
		msa(w, http.StatusBadRequest, nil, apiError(400, "Invalid filter: "+err.Error(), ""))
		return nil, false
	}
	return n, true
}

// matches applies a filter to a resource; an empty filter skips the work.
func matches(n fqlNode, v any) bool {
	if and, ok := n.(fqlAnd); ok && len(and) == 0 {
		return true
	}
	return n.match(asDoc(v))
}

func (s *Server) queryPolicies(combined bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		offset, limit, ok := page(w, q)
		if !ok {
			return
		}
		filter, ok := filterOf(w, q, policyFields)
		if !ok {
			return
		}
		s.mu.Lock()
		var all []falconapi.Policy
		for _, p := range []falconapi.PlatformName{falconapi.PlatformNameWindows, falconapi.PlatformNameMac, falconapi.PlatformNameLinux} {
			for _, id := range s.order[p] {
				all = append(all, *s.policies[id])
			}
		}
		s.mu.Unlock()
		var hits []falconapi.Policy
		for _, p := range all {
			if matches(filter, p) {
				hits = append(hits, p)
			}
		}
		if sort := q.Get("sort"); sort != "" && !strings.HasPrefix(sort, "precedence.") {
			field, dir, _ := strings.Cut(sort, ".")
			slices.SortStableFunc(hits, func(a, b falconapi.Policy) int {
				var c int
				switch field {
				case "name":
					c = strings.Compare(a.Name, b.Name)
				case "created_timestamp":
					c = a.CreatedTimestamp.Compare(b.CreatedTimestamp)
				case "modified_timestamp":
					c = a.ModifiedTimestamp.Compare(b.ModifiedTimestamp)
				case "created_by":
					c = strings.Compare(a.CreatedBy, b.CreatedBy)
				case "modified_by":
					c = strings.Compare(a.ModifiedBy, b.ModifiedBy)
				case "platform_name":
					c = strings.Compare(string(a.PlatformName), string(b.PlatformName))
				case "enabled": // false before true
					c = cmp.Compare(boolInt(a.Enabled), boolInt(b.Enabled))
				}
				if dir == "desc" {
					return -c
				}
				return c
			})
		} else if sort == "precedence.desc" {
			slices.Reverse(hits)
		}
		window := hits[min(offset, len(hits)):min(offset+limit, len(hits))]
		paging := &falconapi.Paging{Offset: int32(offset), Limit: int32(limit), Total: int64(len(hits))}
		if combined {
			meta(w, http.StatusOK, window, paging)
			return
		}
		ids := make([]string, len(window))
		for i, p := range window {
			ids[i] = p.ID
		}
		meta(w, http.StatusOK, ids, paging)
	}
}

func (s *Server) queryMembers(combined bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		offset, limit, ok := page(w, q)
		if !ok {
			return
		}
		filter, ok := filterOf(w, q, deviceFields)
		if !ok {
			return
		}
		id := q.Get("id")
		s.mu.Lock()
		_, exists := s.policies[id]
		var hits []falconapi.Device
		for _, e := range s.devices {
			if e.policy != id {
				continue
			}
			if matches(filter, e.d) {
				hits = append(hits, e.d)
			}
		}
		s.mu.Unlock()
		if id != "" && !exists {
			msa(w, http.StatusNotFound, nil, apiError(404, "policy not found", id))
			return
		}
		sortDevices(hits, q.Get("sort"))
		window := hits[min(offset, len(hits)):min(offset+limit, len(hits))]
		paging := &falconapi.Paging{Offset: int32(offset), Limit: int32(limit), Total: int64(len(hits))}
		if combined {
			meta(w, http.StatusOK, window, paging)
			return
		}
		ids := make([]string, len(window))
		for i, d := range window {
			ids[i] = d.DeviceID
		}
		meta(w, http.StatusOK, ids, paging)
	}
}

// sortDevices orders member devices by a sort parameter, field.asc or
// field.desc (or field|asc, field|desc; a bare field is ascending), comparing
// the field's JSON values as the filters do (times as times, numbers as
// numbers, text without case). An empty or unknown field keeps the order.
func sortDevices(devs []falconapi.Device, sort string) {
	field, dir := sort, "asc"
	for _, sep := range []string{".", "|"} {
		if i := strings.LastIndex(sort, sep); i > 0 && (sort[i+1:] == "asc" || sort[i+1:] == "desc") {
			field, dir = sort[:i], sort[i+1:]
			break
		}
	}
	if field == "" || !deviceFields(field) {
		return
	}
	keys := make(map[string]string, len(devs))
	for _, d := range devs {
		if v := lookup(asDoc(d), field); v != nil {
			keys[d.DeviceID] = scalarText(v)
		}
	}
	slices.SortStableFunc(devs, func(a, b falconapi.Device) int {
		c := compareValues(keys[a.DeviceID], keys[b.DeviceID])
		if dir == "desc" {
			return -c
		}
		return c
	})
}

// lookup splits ids into the stored policies and not-found errors.
// Callers hold s.mu.
func (s *Server) lookup(ids []string) ([]falconapi.Policy, []falconapi.APIError) {
	found := []falconapi.Policy{}
	var errs []falconapi.APIError
	for _, id := range ids {
		if p, ok := s.policies[id]; ok {
			found = append(found, *p)
		} else {
			errs = append(errs, apiError(404, "policy not found", id))
		}
	}
	return found, errs
}

// answer writes resources with partial errors: 404 when nothing was found,
// 200 with the errors otherwise.
func answer(w http.ResponseWriter, ok int, found any, n int, errs []falconapi.APIError) {
	if n == 0 && len(errs) > 0 {
		msa(w, http.StatusNotFound, found, errs...)
		return
	}
	msa(w, ok, found, errs...)
}

func (s *Server) getPolicies(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	found, errs := s.lookup(r.URL.Query()["ids"])
	s.mu.Unlock()
	answer(w, http.StatusOK, found, len(found), errs)
}

func (s *Server) createPolicies(w http.ResponseWriter, r *http.Request) {
	var req falconapi.CreatePoliciesRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		msa(w, http.StatusBadRequest, nil, apiError(400, err.Error(), ""))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	created := []falconapi.Policy{}
	var errs []falconapi.APIError
	for _, c := range req.Resources {
		if strings.TrimSpace(c.Name) == "" || c.Name == "platform_default" {
			errs = append(errs, apiError(400, fmt.Sprintf("invalid policy name %q", c.Name), ""))
			continue
		}
		if err := checkSettings(c.PlatformName, c.Settings); err != nil {
			errs = append(errs, apiError(400, err.Error(), ""))
			continue
		}
		p := s.newPolicy(c.Name, c.Description, c.PlatformName)
		if c.CloneID != "" {
			if src, ok := s.policies[c.CloneID]; ok {
				p.Settings = src.Settings
			}
		}
		applySettings(p, c.Settings)
		order := s.order[c.PlatformName]
		s.order[c.PlatformName] = append(order[:len(order)-1:len(order)-1], p.ID, order[len(order)-1])
		created = append(created, *p)
	}
	if len(created) == 0 {
		msa(w, http.StatusBadRequest, created, errs...)
		return
	}
	msa(w, http.StatusCreated, created, errs...)
}

// settingIDs are the RTR policy settings each platform has.
var settingIDs = func() map[falconapi.PlatformName][]string {
	common := []string{"RealTimeFunctionality", "CustomScripts", "GetCommand", "PutCommand", "ExecCommand", "FalconScripts", "MemDumpCommand"}
	return map[falconapi.PlatformName][]string{
		falconapi.PlatformNameWindows: append(slices.Clone(common), "XMemDumpCommand", "PutAndRunCommand"),
		falconapi.PlatformNameMac:     append(slices.Clone(common), "PutAndRunCommand"),
		falconapi.PlatformNameLinux:   common,
	}
}()

// checkSettings refuses a setting id the policy's platform does not have.
func checkSettings(platform falconapi.PlatformName, in []falconapi.SettingInput) error {
	for _, si := range in {
		if !slices.Contains(settingIDs[platform], si.ID) {
			return fmt.Errorf("invalid setting id %q for platform %s", si.ID, platform)
		}
	}
	return nil
}

func applySettings(p *falconapi.Policy, in []falconapi.SettingInput) {
	for _, si := range in {
		found := false
		for ci := range p.Settings {
			for i := range p.Settings[ci].Settings {
				if p.Settings[ci].Settings[i].ID == si.ID {
					p.Settings[ci].Settings[i].Value, found = si.Value, true
				}
			}
		}
		if !found && len(p.Settings) > 0 {
			p.Settings[0].Settings = append(p.Settings[0].Settings, falconapi.Setting{ID: si.ID, Name: si.ID, Type: falconapi.SettingTypeToggle, Value: si.Value})
		}
	}
}

func (s *Server) updatePolicies(w http.ResponseWriter, r *http.Request) {
	var req falconapi.UpdatePoliciesRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		msa(w, http.StatusBadRequest, nil, apiError(400, err.Error(), ""))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	updated := []falconapi.Policy{}
	var errs []falconapi.APIError
	for _, u := range req.Resources {
		p, ok := s.policies[u.ID]
		if !ok {
			errs = append(errs, apiError(404, "policy not found", u.ID))
			continue
		}
		if err := checkSettings(p.PlatformName, u.Settings); err != nil {
			errs = append(errs, apiError(400, err.Error(), u.ID))
			continue
		}
		if u.Name != nil {
			p.Name = *u.Name
		}
		if u.Description != nil {
			p.Description = *u.Description
		}
		applySettings(p, u.Settings)
		p.ModifiedTimestamp = s.now().UTC()
		updated = append(updated, *p)
	}
	if len(updated) == 0 && len(errs) > 0 {
		msa(w, int(errs[0].Code), updated, errs...) // 404 or 400, as the first failure
		return
	}
	answer(w, http.StatusOK, updated, len(updated), errs)
}

func (s *Server) deletePolicies(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	deleted := []string{}
	var errs []falconapi.APIError
	for _, id := range r.URL.Query()["ids"] {
		p, ok := s.policies[id]
		switch {
		case !ok:
			errs = append(errs, apiError(404, "policy not found", id))
		case p.Name == "platform_default":
			errs = append(errs, apiError(400, "the default policy cannot be deleted", id))
		default:
			delete(s.policies, id)
			s.order[p.PlatformName] = slices.DeleteFunc(s.order[p.PlatformName], func(x string) bool { return x == id })
			deleted = append(deleted, id)
		}
	}
	answer(w, http.StatusOK, deleted, len(deleted), errs)
}

func (s *Server) action(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("action_name")
	var req falconapi.EntityActionRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		msa(w, http.StatusBadRequest, nil, apiError(400, err.Error(), ""))
		return
	}
	var groupID string
	for _, p := range req.ActionParameters {
		if p.Name == "group_id" {
			groupID = p.Value
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	group, groupOK := s.groups[groupID]
	if strings.HasSuffix(name, "-group") && groupID == "" {
		msa(w, http.StatusBadRequest, nil, apiError(400, "action_parameters must hold a group_id", ""))
		return
	}
	if strings.HasSuffix(name, "host-group") && !groupOK {
		msa(w, http.StatusNotFound, nil, apiError(404, "host group not found", groupID))
		return
	}
	done := []falconapi.Policy{}
	var errs []falconapi.APIError
	for _, id := range req.IDs {
		p, ok := s.policies[id]
		if !ok {
			errs = append(errs, apiError(404, "policy not found", id))
			continue
		}
		switch falconapi.PolicyActionName(name) {
		case falconapi.PolicyActionNameEnable:
			p.Enabled = true
		case falconapi.PolicyActionNameDisable:
			p.Enabled = false
		case falconapi.PolicyActionNameAddHostGroup:
			if !slices.ContainsFunc(p.Groups, func(g falconapi.HostGroup) bool { return g.ID == groupID }) {
				p.Groups = append(p.Groups, group)
			}
		case falconapi.PolicyActionNameRemoveHostGroup:
			p.Groups = slices.DeleteFunc(p.Groups, func(g falconapi.HostGroup) bool { return g.ID == groupID })
		}
		p.ModifiedTimestamp = s.now().UTC()
		done = append(done, *p)
	}
	answer(w, http.StatusOK, done, len(done), errs)
}

func (s *Server) precedence(w http.ResponseWriter, r *http.Request) {
	var req falconapi.SetPrecedenceRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		msa(w, http.StatusBadRequest, nil, apiError(400, err.Error(), ""))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	order := s.order[req.PlatformName]
	def := order[len(order)-1]
	want := slices.Clone(order[:len(order)-1])
	got := slices.Clone(req.IDs)
	if slices.Contains(got, def) {
		msa(w, http.StatusBadRequest, nil, apiError(400, "the platform_default policy cannot be ordered", def))
		return
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		msa(w, http.StatusBadRequest, nil, apiError(400, "all non-default policies of the platform must be listed exactly once", ""))
		return
	}
	s.order[req.PlatformName] = append(slices.Clone(req.IDs), def)
	meta(w, http.StatusOK, []string{}, nil)
}
