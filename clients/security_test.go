package clients_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/falcon/falcontest"
	"github.com/respondkit/respondkit/clients/internal/transport"
	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/clients/sysdig/sysdigtest"
	"github.com/respondkit/respondkit/clients/waldur"
	"github.com/respondkit/respondkit/clients/waldur/waldurtest"
)

// TestPlainHTTPRefused: no client is built for a plain-http base URL on a
// host other than loopback, unless the caller allows it explicitly.
func TestPlainHTTPRefused(t *testing.T) {
	const remote = "http://api.example.com"
	build := map[string]func(allow bool) error{
		"sysdig": func(allow bool) error {
			opts := []sysdig.Option{sysdig.WithBaseURL(remote)}
			if allow {
				opts = append(opts, sysdig.WithInsecureHTTP())
			}
			_, err := sysdig.New("a-secret-token", opts...)
			return err
		},
		"falcon": func(allow bool) error {
			opts := []falcon.Option{falcon.WithBaseURL(remote)}
			if allow {
				opts = append(opts, falcon.WithInsecureHTTP())
			}
			_, err := falcon.New(falcon.Credentials{ClientID: "id", ClientSecret: "a-secret-value"}, opts...)
			return err
		},
		"waldur": func(allow bool) error {
			var opts []waldur.Option
			if allow {
				opts = append(opts, waldur.WithInsecureHTTP())
			}
			_, err := waldur.New(waldur.Config{BaseURL: remote, Token: "a-secret-token"}, opts...)
			return err
		},
	}
	for name, f := range build {
		if err := f(false); !errors.Is(err, transport.ErrInsecureTransport) {
			t.Errorf("%s: err %v, want ErrInsecureTransport", name, err)
		} else if strings.Contains(err.Error(), "a-secret") {
			t.Errorf("%s: the error shows the credential: %v", name, err)
		}
		if err := f(true); err != nil {
			t.Errorf("%s, allowed explicitly: %v", name, err)
		}
	}
}

// TestPathParametersEscaped: ids holding /, .., ?, # or % stay inside their
// path segment (Sysdig) or query value (Falcon), or cannot be given at all
// (Waldur, whose ids are uuid.UUID values: uuid.Parse refuses them, and the
// nil UUID is refused before sending): no request reaches another path.
func TestPathParametersEscaped(t *testing.T) {
	ids := []string{"../../secure/response-actions/v1alpha1/actions", "a/b", "a?limit=1", "a#frag", "%2e%2e%2f", "a%2Fb", "...", "a b"}
	ctx := context.Background()

	t.Run("sysdig", func(t *testing.T) {
		srv := sysdigtest.NewServer()
		defer srv.Close()
		w := newWire(t)
		paths := func() []string {
			var out []string
			for _, s := range w.take() {
				out = append(out, s.url.EscapedPath())
			}
			return out
		}
		c, err := sysdig.New(srv.Token(), sysdig.WithBaseURL(srv.URL), sysdig.WithHTTPClient(&http.Client{Transport: w}), sysdig.WithLogger(slog.New(slog.DiscardHandler)))
		if err != nil {
			t.Fatal(err)
		}
		const prefix = "/secure/response-actions/v1alpha1/action-executions/"
		for _, id := range ids {
			calls := map[string]func() error{
				"GetExecution": func() error { _, err := c.GetExecution(ctx, id); return err },
				"Undo":         func() error { _, err := c.Undo(ctx, id, sysdig.UndoOptions{}); return err },
				"DownloadAcquiredFile": func() error {
					_, err := c.DownloadAcquiredFile(ctx, id, io.Discard)
					return err
				},
			}
			for name, call := range calls {
				if err := call(); !sysdig.IsNotFound(err) {
					t.Errorf("%s(%q): err %v, want not found", name, id, err)
				}
			}
			want := []string{prefix + url.PathEscape(id), prefix + url.PathEscape(id), prefix + url.PathEscape(id) + "/acquired-file"}
			seen := paths()
			slices.Sort(want)
			slices.Sort(seen)
			if !slices.Equal(seen, want) {
				t.Errorf("id %q: escaped paths %q, want %q", id, seen, want)
			}
		}
		// Dot segments would be resolved away: refused before sending.
		for _, id := range []string{".", ".."} {
			if _, err := c.GetExecution(ctx, id); err == nil || !strings.Contains(err.Error(), "dot segment") {
				t.Errorf("GetExecution(%q): err %v, want a dot-segment refusal", id, err)
			}
			if _, err := c.Undo(ctx, id, sysdig.UndoOptions{}); err == nil {
				t.Errorf("Undo(%q) was sent", id)
			}
			if _, err := c.DownloadAcquiredFile(ctx, id, io.Discard); err == nil {
				t.Errorf("DownloadAcquiredFile(%q) was sent", id)
			}
		}
		if seen := paths(); len(seen) != 0 {
			t.Errorf("dot-segment ids sent requests to %q", seen)
		}
	})

	t.Run("falcon", func(t *testing.T) {
		srv := falcontest.NewServer()
		defer srv.Close()
		w := newWire(t)
		c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret()}, falcon.WithBaseURL(srv.URL), falcon.WithHTTPClient(&http.Client{Transport: w}))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close(ctx)
		asked := append([]string{"x&ids=y"}, ids...)
		_, err = c.GetPolicies(ctx, asked)
		var partial *falcon.PartialError
		if !errors.As(err, &partial) {
			t.Fatalf("err %v, want a partial error for unknown ids", err)
		}
		var got [][]string
		for _, s := range w.take() {
			if s.url.Path == "/policy/entities/response/v1" {
				got = append(got, s.url.Query()["ids"])
			}
		}
		if len(got) != 1 || !slices.Equal(got[0], asked) {
			t.Errorf("the server got ids %q, want %q", got, asked)
		}
	})

	t.Run("waldur", func(t *testing.T) {
		srv := waldurtest.NewServer()
		defer srv.Close()
		c, err := waldur.New(waldur.Config{BaseURL: srv.URL, Token: srv.Token()})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if u, err := uuid.Parse(id); err == nil {
				t.Errorf("uuid.Parse(%q) = %s, want an error", id, u)
			}
		}
		if _, err := c.Get(ctx, uuid.Nil, waldur.GetOptions{}); err == nil {
			t.Error("Get(uuid.Nil) succeeded")
		}
		if _, err := c.Execute(ctx, uuid.Nil, waldur.ExecuteRequest{Label: "Approve"}); err == nil {
			t.Error("Execute(uuid.Nil) succeeded")
		}
		if n := srv.Requests(); n != 0 {
			t.Errorf("%d requests sent for the nil UUID, want 0", n)
		}
	})
}
