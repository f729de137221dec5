package main

import (
	"fmt"
	"go/types"
	"strconv"
	"strings"

	"github.com/respondkit/respondkit/tools/internal/annotations"
)

// commonDecls are what every wrapper declares the same way: the root
// package's public types and sentinels under the wrapper's names, the
// status tests and the resend table. A wrapper that declares one of them by
// hand (Falcon's DefaultRetryPolicy) keeps its own.
var commonDecls = []struct {
	name, code string
	// method: a method of Client (skipped when the wrapper declares it by
	// hand).
	method bool
}{
	{name: "Error", code: `// Error is the error of any non-2xx answer: respondkit.Error, one type for
// the three clients (sysdig.Error, falcon.Error and waldur.Error are the
// same type), whose API field is "API_NAME" for this client. Find it with
// errors.As; IsNotFound, IsUnauthorized, IsForbidden and IsRateLimited test
// common statuses. Every error of the package reads "API_NAME: ..." with that
// prefix once, and never holds a credential.
type Error = respondkit.Error`},
	{name: "Detail", code: `// Detail is one item of an error answer (Error.Details): a field error or
// one error of a list.
type Detail = respondkit.Detail`},
	{name: "ErrNotFound", code: `// ErrNotFound matches a 404 answer with errors.Is.
var ErrNotFound = respondkit.ErrNotFound`},
	{name: "ErrUnauthorized", code: `// ErrUnauthorized matches a 401 answer with errors.Is.
var ErrUnauthorized = respondkit.ErrUnauthorized`},
	{name: "ErrForbidden", code: `// ErrForbidden matches a 403 answer with errors.Is.
var ErrForbidden = respondkit.ErrForbidden`},
	{name: "ErrRateLimited", code: `// ErrRateLimited matches a 429 answer with errors.Is.
var ErrRateLimited = respondkit.ErrRateLimited`},
	{name: "ErrListChanged", code: `// ErrListChanged is what an iterator ends with when the list changed during
// the walk in a way that could make an item come twice (respondkit.ErrListChanged).
var ErrListChanged = respondkit.ErrListChanged`},
	{name: "ErrPagingStuck", code: `// ErrPagingStuck is what an iterator ends with when the service's next page
// is the page just read (respondkit.ErrPagingStuck).
var ErrPagingStuck = respondkit.ErrPagingStuck`},
	{name: "IsNotFound", code: `// IsNotFound reports whether err is a 404 answer.
func IsNotFound(err error) bool { return respondkit.IsNotFound(err) }`},
	{name: "IsUnauthorized", code: `// IsUnauthorized reports whether err is a 401 answer (a missing, wrong or
// expired credential).
func IsUnauthorized(err error) bool { return respondkit.IsUnauthorized(err) }`},
	{name: "IsForbidden", code: `// IsForbidden reports whether err is a 403 answer (a credential that may not
// do this).
func IsForbidden(err error) bool { return respondkit.IsForbidden(err) }`},
	{name: "IsRateLimited", code: `// IsRateLimited reports whether err is a 429 answer.
func IsRateLimited(err error) bool { return respondkit.IsRateLimited(err) }`},
	{name: "CheckResponse", code: `// CheckResponse turns an answer of the Generated() client into the typed
// error: nil for a 2xx status, leaving the body for the caller, and an
// *Error for any other (its body read, at most 64 KiB, and closed).
func CheckResponse(resp *http.Response) error { return apierror.Check(api, resp) }`},
	{name: "RetryPolicy", code: `// RetryPolicy says when and how often requests are retried
// (respondkit.RetryPolicy); see DefaultRetryPolicy and NoRetries.
type RetryPolicy = respondkit.RetryPolicy`},
	{name: "DefaultRetryPolicy", code: `// DefaultRetryPolicy is the policy New uses: up to 4 attempts, backoff from
// 500 ms with jitter, waits capped at 30 s.
func DefaultRetryPolicy() RetryPolicy { return respondkit.DefaultRetryPolicy() }`},
	{name: "NoRetries", code: `// NoRetries makes exactly one attempt, for WithRetryPolicy.
func NoRetries() RetryPolicy { return respondkit.NoRetries() }`},
	{name: "Page", code: `// Page is one page of a list (respondkit.Page), the shape every respondkit
// client shares: the items, the total when the service reports it (-1
// otherwise) and the position of the next page (0 after the last).
type Page[T any] = respondkit.Page[T]`},
	{name: "WaitOptions", code: `// WaitOptions tunes the wait helpers (respondkit.WaitOptions); nil takes the
// defaults (polls 1 s apart at first, growing by half up to 15 s).
type WaitOptions = respondkit.WaitOptions`},
	{name: "operations", code: `// operations reads, from the generated table, whether each operation may be
// resent (the spec's x-respondkit-resend).
func operations() []transport.Operation {
	ops := make([]transport.Operation, len(GEN_PKG.Operations))
	for i, op := range GEN_PKG.Operations {
		ops[i] = transport.Operation{Method: op.Method, Path: op.Path, Safe: op.Resend == "safe"}
	}
	return ops
}`},
	{name: "WithHTTPClient", code: `// WithHTTPClient sets the client whose transport (proxy, TLS settings,
// custom CA), redirect policy and cookie jar are used; nil, like leaving the
// option out, uses net/http's default transport.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.HTTPClient = c } }`},
	{name: "WithUserAgent", code: `// WithUserAgent puts a product token before respondkit's own User-Agent.
func WithUserAgent(product string) Option { return func(o *options) { o.UserAgent = product } }`},
	{name: "WithRetryPolicy", code: `// WithRetryPolicy replaces the retry policy. Its zero fields take the
// default's values, so RetryPolicy{MaxAttempts: 5} changes the number of
// attempts only; RetryPolicy{MaxAttempts: 1} turns retries off. New refuses
// a policy out of range (RetryPolicy.Check).
func WithRetryPolicy(p RetryPolicy) Option { return func(o *options) { o.Retry = &p } }`},
	{name: "WithLogger", code: `// WithLogger logs one debug record per HTTP attempt (method, path, status,
// attempt, duration; never a credential).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.Logger = l } }`},
	{name: "WithTimeout", code: `// WithTimeout bounds each call (60 s by default; negative for none).
func WithTimeout(d time.Duration) Option { return func(o *options) { o.Timeout = d } }`},
	{name: "WithInsecureHTTP", code: `// WithInsecureHTTP allows sending credentials over plain http to a host
// that is not on loopback. Never use it across a network you do not control.
func WithInsecureHTTP() Option { return func(o *options) { o.AllowInsecureHTTP = true } }`},
	{name: "WithRateBudget", code: `// WithRateBudget takes every request's share from budget (see
// respondkit.RateBudget) besides the client's own rate-limit handling, and
// shares every 429's wait through it: one budget per token (and base URL)
// for a whole fleet of processes. Without it the client's own handling
// applies alone: a 429 lowers the requests in flight and paces the next ones
// for every caller of the client.
func WithRateBudget(budget respondkit.RateBudget) Option {
	return func(o *options) {
		o.Budget = budget
		if budget == nil {
			o.BudgetErr = errors.New("API_NAME: WithRateBudget(nil): give a budget, or leave the option out for the client's own")
		}
	}
}`},
	{name: "withGenerated", code: `// withGenerated is the end New shares in every wrapper: the generated
// client over the transport chain hc that httpclient.New or NewStatic built
// (err, their error, is returned under the package's prefix).
func withGenerated(hc *httpclient.Client, err error) (*httpclient.Client, *GEN_PKG.Client, error) {
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", api, err)
	}
	gen, err := GEN_PKG.NewClient(hc.BaseURL.String(), GEN_PKG.WithHTTPClient(hc.HTTP), GEN_PKG.WithRequestEditorFn(hc.Prepare))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", api, err)
	}
	return hc, gen, nil
}`},
	{name: "ready", method: true, code: `// ready refuses a Client that New did not make (a zero Client{} or a nil
// *Client) with an error, where its methods would otherwise panic.
func (c *Client) ready() error {
	if c == nil || c.hc == nil {
		return httpclient.NotNew(api)
	}
	return nil
}`},
	{name: "BaseURL", method: true, code: `// BaseURL returns the base URL the client sends requests to (a trailing part
// of the one given that repeats the start of the API's own paths dropped),
// or "" for a Client that New did not make.
func (c *Client) BaseURL() string {
	if c.ready() != nil {
		return ""
	}
	return c.hc.BaseURL.String()
}`},
	{name: "Generated", method: true, code: `// Generated returns the generated client the wrapper uses, with the same
// transport (credentials, retries, rate limits, logging), for operations'
// raw answers (see CheckResponse); nil for a Client that New did not make.
func (c *Client) Generated() *GEN_PKG.Client {
	if c.ready() != nil {
		return nil
	}
	return c.gen
}`},
	{name: "String", method: true, code: `// String shows where the client sends requests, never a credential.
func (c *Client) String() string {
	return httpclient.Redacted("API_NAME.Client", httpclient.Shown{Name: "BaseURL", Value: c.BaseURL()})
}`},
	{name: "Format", method: true, code: `// Format prints String for every verb, so that %+v of a Client shows no
// credential.
func (c *Client) Format(f fmt.State, _ rune) { httpclient.Format(f, c.String()) }`},
	{name: "LogValue", method: true, code: `// LogValue shows where the client sends requests to slog.
func (c *Client) LogValue() slog.Value {
	return httpclient.LogGroup(httpclient.Shown{Name: "BaseURL", Value: c.BaseURL()})
}`},
}

// addRegions declares the Region type, its constants, the regions' base
// URLs and Region.BaseURL from the spec's x-respondkit-regions.
func (g *generator) addRegions() error {
	regions, err := annotations.ReadRegions(g.doc)
	if err != nil || len(regions) == 0 {
		return err
	}
	what := "the servers' " + annotations.ExtRegions
	for _, n := range []string{"Region", "regionURLs"} {
		if err := g.claim(n, what); err != nil {
			return err
		}
	}
	var b strings.Builder
	b.WriteString("// Region is a region of the service (see Region.BaseURL for its host).\ntype Region string\n\n// The regions.\nconst (\n")
	ids := make([]string, len(regions))
	for i, r := range regions {
		if err := g.claim("Region"+r.Const, what); err != nil {
			return err
		}
		fmt.Fprintf(&b, "Region%s Region = %q\n", r.Const, r.ID)
		ids[i] = r.ID
	}
	b.WriteString(")\n\n// regionURLs are the regions' base URLs.\nvar regionURLs = map[Region]string{\n")
	for _, r := range regions {
		fmt.Fprintf(&b, "Region%s: %q,\n", r.Const, "https://"+r.Host)
	}
	want := strings.Join(ids[:len(ids)-1], ", ") + " or " + ids[len(ids)-1]
	fmt.Fprintf(&b, "}\n\n// BaseURL returns the region's base URL, or an error for an unknown region.\n"+
		"func (r Region) BaseURL() (string, error) {\nu, ok := regionURLs[r]\nif !ok {\n"+
		"return \"\", fmt.Errorf(\"%%s: unknown region %%q (want %s)\", api, string(r))\n}\nreturn u, nil\n}", want)
	g.Common = append(g.Common, b.String())
	// The options that place the client, unless declared by hand. They
	// need the wrapper's options struct to embed httpclient.Config (whose
	// SetErr keeps the first option error, which New returns) and to hold
	// place (an httpclient.Placement).
	for _, d := range regionOptions {
		if g.declared[d.name] {
			continue
		}
		if err := g.claim(d.name, what); err != nil {
			return err
		}
		g.Common = append(g.Common, d.code)
	}
	return nil
}

// regionOptions are the options of a wrapper with regions.
var regionOptions = []struct{ name, code string }{
	{name: "WithRegion", code: `// WithRegion selects a region (New says which one it uses without this
// option). It may not be given together with WithBaseURL, nor twice with
// different regions: New refuses them rather than letting the last one win.
func WithRegion(r Region) Option {
	return func(o *options) {
		u, err := r.BaseURL()
		if err == nil {
			err = o.place.Region(api, string(r))
		}
		o.SetErr(err)
		o.BaseURL = u
	}
}`},
	{name: "WithBaseURL", code: `// WithBaseURL sets the base URL of an on-premises installation, a proxy or
// a test server: https://host, or https://host/prefix behind a proxy, under
// which every request goes (a trailing part that repeats the start of the
// API's own paths is dropped). It may not be given together with
// WithRegion, and an empty URL is refused.
func WithBaseURL(u string) Option {
	return func(o *options) {
		o.SetErr(o.place.BaseURL(api, u))
		o.BaseURL = u
	}
}`},
}

// addCommon adds the common declarations the wrapper does not declare by
// hand.
func (g *generator) addCommon() error {
	if err := g.addRegions(); err != nil {
		return err
	}
	if g.msa && !g.declared["PartialError"] {
		item := g.lookupNamed("APIError")
		if item == nil {
			return fmt.Errorf("%s.envelope msa: %s declares no APIError (the envelope's errors)", annotations.ExtMethod, g.gen.Path())
		}
		for _, n := range []string{"PartialError", "partialError"} {
			if err := g.claim(n, "the msa envelope ("+annotations.ExtMethod+".envelope)"); err != nil {
				return err
			}
		}
		g.Common = append(g.Common, strings.ReplaceAll(partialErrorCode, "ERROR_ITEM", g.typeName(item)))
	}
	for _, d := range commonDecls {
		switch {
		case d.method && g.handMethods[d.name], !d.method && g.declared[d.name]:
			continue
		}
		claim := g.claim
		if d.method {
			claim = g.claimMethod
		}
		if err := claim(d.name, "respondgen's common declarations"); err != nil {
			return err
		}
		g.Common = append(g.Common, strings.NewReplacer("API_NAME", g.pkg, "GEN_PKG", g.gen.Name()).Replace(d.code))
	}
	return nil
}

// enumType is a string enum the wrapper names (x-respondkit-type on an
// enum schema): the alias and a constant per value.
type enumType struct {
	Name, Gen string
	Doc       []string
	Consts    []enumConst
}

type enumConst struct{ Name, Gen, Value string }

// addEnum declares the wrapper's alias of a string enum and its constants,
// named Prefix + the generated constant's suffix (ActionKillProcess for
// sysdigapi.ActionTypeKILLPROCESS), or by Go-casing the value.
func (g *generator) addEnum(schema string, a annotations.TypeAlias, named *types.Named, values []string, desc string) error {
	what := "schema " + schema + " (" + annotations.ExtType + ")"
	if err := g.claim(a.Name, what); err != nil {
		return err
	}
	doc := a.Doc
	if doc == "" {
		doc = strings.TrimSuffix(firstSentence(desc), ".")
		if doc != "" {
			doc = strings.ToLower(doc[:1]) + doc[1:]
		}
	}
	genName := schema
	if named != nil {
		genName = named.Obj().Name()
	}
	text := a.Name + " is " + doc + "."
	if len(a.Known) > 0 {
		text += " It is an open set: a value that is none of the constants (one the service added later) decodes" +
			" without error and is sent as it is, and Valid reports whether a value is one of the constants."
	}
	e := &enumType{Name: a.Name, Gen: g.gen.Name() + "." + genName, Doc: wrap(text, 76)}
	prefix := a.Prefix
	if prefix == "" {
		prefix = a.Name
	}
	if len(a.Known) > 0 {
		values = a.Known
	}
	// The generated constants of the type, by value.
	byValue := map[string]string{}
	for _, n := range g.gen.Scope().Names() {
		c, ok := g.gen.Scope().Lookup(n).(*types.Const)
		if !ok || named == nil || !types.Identical(c.Type(), named) {
			continue
		}
		byValue[strings.Trim(c.Val().ExactString(), `"`)] = n
	}
	for _, v := range values {
		gen := strconv.Quote(v)
		if gc, ok := byValue[v]; ok {
			gen = g.gen.Name() + "." + gc
		} else if len(a.Known) == 0 {
			return fmt.Errorf("%s: no generated constant for %q", what, v)
		}
		name := prefix + goCase(v)
		if err := g.claim(name, what+" value "+v); err != nil {
			return err
		}
		e.Consts = append(e.Consts, enumConst{Name: name, Gen: gen, Value: v})
	}
	if named != nil {
		g.aliases[named.Obj().Name()] = a.Name
	}
	g.Enums = append(g.Enums, e)
	return nil
}

// goCase turns an enum value into a Go name's tail; a leading "-" (a
// descending order, "-created") becomes a trailing Desc (CreatedDesc), so
// that it is not the same name as the ascending value.
func goCase(v string) string {
	if rest, ok := strings.CutPrefix(v, "-"); ok && rest != "" {
		return goCase(rest) + "Desc"
	}
	var b strings.Builder
	up := true
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			up = true
			continue
		}
		if up {
			b.WriteString(strings.ToUpper(string(r)))
		} else {
			b.WriteString(strings.ToLower(string(r)))
		}
		up = false
	}
	return b.String()
}

// partialErrorCode is the error of the msa envelope's per-resource errors,
// declared when a method unwraps the envelope.
const partialErrorCode = `// PartialError reports a 2xx answer whose errors[] was not empty: some of
// the resources asked for failed. The results that succeeded are returned
// beside it.
type PartialError struct {
	// Errors are the envelope's errors (ID names the resource).
	Errors []ERROR_ITEM
	// TraceIDs are the trace ids of the answers that carried them.
	TraceIDs []string
}

// Error summarises the failures: at most three, each clipped, and the trace
// ids.
func (e *PartialError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d of the resources failed", api, len(e.Errors))
	for i, x := range e.Errors {
		if i == 3 {
			fmt.Fprintf(&b, "; ... (%d more)", len(e.Errors)-3)
			break
		}
		b.WriteString("; ")
		if x.ID != "" {
			b.WriteString(textclip.Clip(x.ID) + ": ")
		}
		fmt.Fprintf(&b, "%d %s", x.Code, textclip.Clip(x.Message))
	}
	if len(e.TraceIDs) > 0 {
		fmt.Fprintf(&b, " (trace id %s)", textclip.Clip(strings.Join(e.TraceIDs, ", ")))
	}
	return b.String()
}

// partialError is the *PartialError of the envelopes' errors, or nil.
func partialError(errs []ERROR_ITEM, traces []string) error {
	if len(errs) == 0 {
		return nil
	}
	return &PartialError{Errors: errs, TraceIDs: traces}
}`
