// Package waldur is a client for the Waldur User Actions API: list, count and
// summarise the actions Waldur suggests to a user, silence and unsilence
// them, and execute their corrective actions.
//
// It wraps the generated client in gen/waldurapi with `Token` (or `Bearer`)
// authentication, retries, typed errors, an iterator that follows the `Link`
// header across pages, and one filter type shared by list, count, summary and
// bulk silence:
//
//	c, err := waldur.New(waldur.Config{BaseURL: "https://waldur.example.com", Token: os.Getenv("WALDUR_TOKEN")})
//	for a, err := range c.List(ctx, waldur.Filter{Urgency: waldur.UrgencyHigh, Overdue: waldur.Bool(true)}) {
//		...
//	}
//
// Every list has a page method too ([Client.ListPage]: a [Page] and its
// Next position). Input the spec or the client can tell is wrong (the nil
// UUID, a value out of range, an unknown enum value, a nil context) is refused before anything is sent; an answer that is not 2xx is
// an [*Error] (test it with [IsNotFound], [IsUnauthorized], [IsForbidden],
// [IsRateLimited], or read it with errors.As). The package's
// examples (Example, Example_errors) run against the fake server.
//
// The waldurtest package holds a fake server for tests.
package waldur

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/gen/waldurapi"
)

const api = "waldur"

type options struct {
	httpclient.Config
	keyword string
}

// Option configures a Client.
type Option func(*options)

// WithBearer sends `Authorization: Bearer <token>`, for personal access
// tokens (w_...) and OIDC tokens, instead of `Token <token>`.
func WithBearer() Option { return func(o *options) { o.keyword = "Bearer" } }

// Client calls the User Actions API. It is safe for concurrent use.
type Client struct {
	gen *waldurapi.Client
	hc  *httpclient.Client
}

// Config says where the deployment is and how to authenticate: named
// fields, so that the URL and the token cannot be swapped unnoticed. Its
// String, GoString, Format and LogValue never show the token.
type Config struct {
	// BaseURL is the deployment's root, e.g. https://waldur.example.com
	// (there is no default host), or a proxy's https://host/prefix. The API
	// root https://waldur.example.com/api/ that Waldur's documentation gives
	// works too: the API's paths start with /api/ already, and a trailing
	// /api is dropped.
	BaseURL string
	// Token is an API token (sent as "Token <token>"), or, with
	// WithBearer, a personal access token (w_...) or an OIDC token.
	Token string
}

// New returns a client for the deployment cfg names. A token that is empty,
// only whitespace, has whitespace around or inside it or starts with its
// scheme, a base URL that is not an http(s) URL or has a query or a
// fragment, and a nil or conflicting option are refused before anything is
// sent.
func New(cfg Config, opts ...Option) (*Client, error) {
	if cfg.BaseURL == "" {
		return nil, errors.New("waldur: Config.BaseURL is empty: the deployment's base URL is required")
	}
	if err := httpclient.CheckSecret("Config.Token", cfg.Token); err != nil {
		return nil, fmt.Errorf("waldur: %w", err)
	}
	o := options{keyword: "Token"}
	o.BaseURL = cfg.BaseURL
	if err := httpclient.Start(api, operations(), &o, opts); err != nil {
		return nil, err
	}
	hc, gen, err := withGenerated(httpclient.NewStatic(o.Config, "Authorization", o.keyword+" "+cfg.Token))
	if err != nil {
		return nil, err
	}
	if o.keyword == "Token" && strings.HasPrefix(cfg.Token, "w_") {
		hc.Hint = func(e *Error) string {
			if e.StatusCode != http.StatusUnauthorized {
				return ""
			}
			return "the token looks like a personal access token (w_...), which Waldur takes as Bearer: use waldur.WithBearer()"
		}
	}
	return &Client{gen: gen, hc: hc}, nil
}

func (cfg Config) shown() []httpclient.Shown {
	return []httpclient.Shown{{Name: "BaseURL", Value: httpclient.DescribeURL(cfg.BaseURL)}, {Name: "Token", Value: httpclient.ShowSecret(cfg.Token)}}
}

// String shows the base URL and whether the token is set, never the token.
func (cfg Config) String() string { return httpclient.Redacted("waldur.Config", cfg.shown()...) }

// GoString is String, for %#v.
func (cfg Config) GoString() string { return cfg.String() }

// Format prints String for every verb, so no verb or flag shows the token.
func (cfg Config) Format(f fmt.State, _ rune) { httpclient.Format(f, cfg.String()) }

// LogValue shows the base URL and whether the token is set to slog.
func (cfg Config) LogValue() slog.Value { return httpclient.LogGroup(cfg.shown()...) }

// MarshalJSON encodes the redacted form: the token never leaves in JSON.
func (cfg Config) MarshalJSON() ([]byte, error) { return httpclient.MarshalJSON(cfg.shown()...) }
