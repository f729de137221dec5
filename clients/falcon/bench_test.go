package falcon_test

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/falcon/falcontest"
	"github.com/respondkit/respondkit/clients/internal/fake"
	"github.com/respondkit/respondkit/gen/falconapi"
)

// The benchmarks compare the wrapper with a hand-written net/http +
// encoding/json baseline doing the same request and decode against the same
// loopback server and body; sub-benchmarks are named impl=wrapper and
// impl=baseline for `benchstat -col /impl` (see BENCHMARKS.md).

// benchPolicy is one full policy of about 1.6 KB encoded, as the service
// sends them: a few host groups with their assignment rules.
func benchPolicy(i int) falconapi.Policy {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p := falconapi.Policy{
		ID: fmt.Sprintf("%032x", i), Cid: "0123456789abcdef0123456789abcdef",
		Name: fmt.Sprintf("responders-%d", i), Description: "Real Time Response for the on-call responders of the platform team",
		PlatformName: falconapi.PlatformNameLinux, Enabled: true,
		CreatedBy: "api-client-id:0123456789abcdef", CreatedTimestamp: at,
		ModifiedBy: "api-client-id:0123456789abcdef", ModifiedTimestamp: at,
	}
	for _, cat := range []string{"Real Time Response"} {
		sc := falconapi.SettingsCategory{Name: cat}
		for _, id := range []string{"RealTimeFunctionality", "CustomScripts", "GetCommand", "PutCommand", "ExecCommand", "FalconScripts", "MemDumpCommand"} {
			sc.Settings = append(sc.Settings, falconapi.Setting{ID: id, Name: id, Type: falconapi.SettingTypeToggle,
				Value: map[string]any{"enabled": true}})
		}
		p.Settings = append(p.Settings, sc)
	}
	for g := range 2 {
		rule := fmt.Sprintf("hostname:'web-%d-*'+platform_name:'Linux'", g)
		p.Groups = append(p.Groups, falconapi.HostGroup{
			ID: fmt.Sprintf("%032x", 1000+g), Name: fmt.Sprintf("web servers %d", g),
			Description:    "Web servers that run the customer-facing API in every region",
			GroupType:      falconapi.HostGroupGroupTypeDynamic,
			AssignmentRule: rule, CreatedBy: "someone@example.com", CreatedTimestamp: at,
			ModifiedBy: "someone@example.com", ModifiedTimestamp: at,
		})
	}
	return p
}

// benchServer answers the token request and, on every other path, the same
// pre-encoded page of n full policies.
func benchServer(b testing.TB, n int) (*httptest.Server, int) {
	page := falconapi.PoliciesResponse{Meta: falconapi.MetaInfo{QueryTime: 0.01, TraceID: "t",
		Pagination: &falconapi.Paging{Offset: 0, Limit: int32(n), Total: int64(n)}}}
	for i := range n {
		page.Resources = append(page.Resources, benchPolicy(i))
	}
	body, err := json.Marshal(page)
	if err != nil {
		b.Fatal(err)
	}
	ids := map[string][]byte{}
	for _, offset := range []int{0, 5000} {
		q := falconapi.QueryResponse{Meta: falconapi.MetaInfo{QueryTime: 0.01, TraceID: "t",
			Pagination: &falconapi.Paging{Offset: int32(offset), Limit: 5000, Total: 10_000}}}
		for i := range 5000 {
			q.Resources = append(q.Resources, fmt.Sprintf("%032x", offset+i))
		}
		if ids[strconv.Itoa(offset)], err = json.Marshal(q); err != nil {
			b.Fatal(err)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/policy/queries/response/v1" {
			w.Write(ids[r.URL.Query().Get("offset")])
			return
		}
		if r.URL.Path == "/oauth2/token" {
			w.WriteHeader(http.StatusCreated)
			fmt.Fprint(w, `{"access_token":"tok","token_type":"bearer","expires_in":1799}`)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv, len(body)
}

// BenchmarkCall is one combined-policies query returning a page of 100 full
// policies (about 165 KB).
func BenchmarkCall(b *testing.B) {
	srv, size := benchServer(b, 100)
	ctx := context.Background()
	b.Run("op=falcon-policies-100/impl=baseline", func(b *testing.B) {
		hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/policy/combined/response/v1?limit=100&offset=0", nil)
			req.Header.Set("Authorization", "Bearer tok")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var page falconapi.PoliciesResponse
			err = json.NewDecoder(resp.Body).Decode(&page)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK || len(page.Resources) != 100 {
				b.Fatal(resp.StatusCode, err)
			}
		}
	})
	b.Run("op=falcon-policies-100/impl=wrapper", func(b *testing.B) {
		c, err := falcon.New(falcon.Credentials{ClientID: "id", ClientSecret: "secret"}, falcon.WithBaseURL(srv.URL))
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			page, err := c.QueryPoliciesPage(ctx, falcon.QueryOptions{PageSize: 100}, 0)
			if err != nil || len(page.Items) != 100 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPagination iterates policy ids in pages of 5 000 up to 10 000,
// the most the service pages (offset + limit <= 10 000).
func BenchmarkPagination(b *testing.B) {
	srv, _ := benchServer(b, 1)
	ctx := context.Background()
	const items = 10_000
	b.Run("op=falcon-iterate-10k/impl=baseline", func(b *testing.B) {
		hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for offset := 0; ; {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/policy/queries/response/v1?limit=5000&offset=%d", srv.URL, offset), nil)
				req.Header.Set("Authorization", "Bearer tok")
				resp, err := hc.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				var page falconapi.QueryResponse
				err = json.NewDecoder(resp.Body).Decode(&page)
				resp.Body.Close()
				if err != nil || page.Meta.Pagination == nil {
					b.Fatal(err)
				}
				n += len(page.Resources)
				offset += len(page.Resources)
				if len(page.Resources) == 0 || int64(offset) >= page.Meta.Pagination.Total {
					break
				}
			}
			if n != items {
				b.Fatal(n)
			}
		}
		b.ReportMetric(float64(items*b.N)/b.Elapsed().Seconds(), "items/s")
	})
	b.Run("op=falcon-iterate-10k/impl=wrapper", func(b *testing.B) {
		c, err := falcon.New(falcon.Credentials{ClientID: "id", ClientSecret: "secret"}, falcon.WithBaseURL(srv.URL))
		if err != nil {
			b.Fatal(err)
		}
		fake.BenchIterate(b, items, func() iter.Seq2[string, error] { return c.QueryPolicyIDs(ctx, falcon.QueryOptions{}) })
	})
}

// BenchmarkColdToken starts n calls together on a client that has no token
// yet: one token request serves them all. Compare n=1 with n=1000 for the
// wall time of the burst against a single call.
func BenchmarkColdToken(b *testing.B) {
	for _, n := range []int{1, 1000} {
		b.Run(fmt.Sprintf("calls=%d", n), func(b *testing.B) {
			srv := falcontest.NewServer(falcontest.WithRateLimit(1<<30, time.Minute))
			defer srv.Close()
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				before := srv.TokenRequests()
				c, err := falcon.New(falcon.Credentials{ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret()}, falcon.WithBaseURL(srv.URL))
				if err != nil {
					b.Fatal(err)
				}
				var wg sync.WaitGroup
				errs := make(chan error, n)
				for range n {
					wg.Go(func() {
						if _, err := c.QueryPolicyIDsPage(ctx, falcon.QueryOptions{PageSize: 1}, 0); err != nil {
							errs <- err
						}
					})
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					b.Fatal(err)
				}
				if got := srv.TokenRequests() - before; got != 1 {
					b.Fatalf("%d token requests, want 1", got)
				}
			}
		})
	}
}
