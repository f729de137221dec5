package waldur_test

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/respondkit/respondkit/clients/internal/fake"
	"github.com/respondkit/respondkit/clients/waldur"
	"github.com/respondkit/respondkit/gen/waldurapi"
)

// The benchmarks compare the wrapper with a hand-written net/http +
// encoding/json baseline doing the same requests and decodes against the
// same loopback server and bodies; sub-benchmarks are named impl=wrapper and
// impl=baseline for `benchstat -col /impl` (see BENCHMARKS.md).

// benchAction is one user action as Waldur sends it (about 1.2 KB).
func benchAction(i int) string {
	return fmt.Sprintf(`{"uuid":"a1b2c3d4-e5f6-7890-abcd-%012d","title":"Approve the order for db-%d","description":"A pending order waits for your approval.",`+
		`"urgency":"high","due_date":"2026-02-01T00:00:00Z","action_type":"pending_order","related_object_type":"marketplace.order",`+
		`"related_object_name":"db-%d","route_name":"marketplace-order-details","route_params":{"order_uuid":"a1b2c3d4e5f67890abcdef1234567890"},`+
		`"project_name":"Research","project_uuid":"b1b2c3d4-e5f6-7890-abcd-ef1234567890","organization_name":"University",`+
		`"organization_uuid":"c1b2c3d4-e5f6-7890-abcd-ef1234567890","offering_name":"Managed PostgreSQL","offering_type":"Marketplace.Basic",`+
		`"days_until_due":3,"is_silenced":false,"is_temporarily_silenced":false,"is_effectively_silenced":false,"silenced_until":null,`+
		`"corrective_actions":[{"label":"Approve","category":"approve","severity":"low","api_endpoint":true,"confirmation_required":true,`+
		`"method":"POST","url":"/api/marketplace-orders/a1b2c3d4e5f67890abcdef1234567890/approve/"},`+
		`{"label":"View","category":"view","severity":"low","api_endpoint":false,"route_name":"marketplace-order-details"}],`+
		`"created":"2026-01-02T03:04:05.123456Z","modified":"2026-01-02T03:04:05.123456Z"}`, i, i, i)
}

func actionsPage(n int) []byte {
	items := make([]string, n)
	for i := range items {
		items[i] = benchAction(i)
	}
	return []byte("[" + strings.Join(items, ",") + "]")
}

// benchServer answers the list with pages of page_size actions out of total,
// with Link and X-Result-Count headers as Waldur sends them.
func benchServer(tb testing.TB, total int) *httptest.Server {
	pages := map[int][]byte{}
	for _, n := range []int{100, 300, total % 300} {
		pages[n] = actionsPage(n)
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		size, _ := strconv.Atoi(q.Get("page_size"))
		if page < 1 || pages[size] == nil {
			http.Error(w, `{"detail":"bad page"}`, http.StatusNotFound)
			return
		}
		n := min(size, total-(page-1)*size)
		body, ok := pages[n]
		if !ok {
			http.Error(w, `{"detail":"Invalid page."}`, http.StatusNotFound)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("X-Result-Count", strconv.Itoa(total))
		if page*size < total {
			h.Set("Link", fmt.Sprintf(`<%s/api/user-actions/?page=%d&page_size=%d>; rel="next"`, srv.URL, page+1, size))
		}
		w.Write(body)
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// baselineList fetches one page with net/http and encoding/json and returns
// the actions and the next link.
func baselineList(ctx context.Context, hc *http.Client, url string) ([]waldurapi.UserAction, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("Authorization", "Token token")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("status %d", resp.StatusCode)
	}
	var items []waldurapi.UserAction
	if err := json.NewDecoder(resp.Body).Decode(&items); err != nil {
		return nil, "", err
	}
	next := ""
	if l := resp.Header.Get("Link"); strings.HasPrefix(l, "<") {
		next = l[1:strings.IndexByte(l, '>')]
	}
	return items, next, nil
}

func newBenchClient(tb testing.TB, url string) *waldur.Client {
	c, err := waldur.New(waldur.Config{BaseURL: url, Token: "token"})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// BenchmarkCall is one list page of 100 actions, and one of 300 (the
// page size of the iteration).
func BenchmarkCall(b *testing.B) {
	srv := benchServer(b, 1000)
	ctx := context.Background()
	for _, n := range []int{100, 300} {
		b.Run(fmt.Sprintf("op=waldur-list-%d/impl=baseline", n), func(b *testing.B) {
			hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
			b.ReportAllocs()
			for b.Loop() {
				items, _, err := baselineList(ctx, hc, fmt.Sprintf("%s/api/user-actions/?page=1&page_size=%d", srv.URL, n))
				if err != nil || len(items) != n {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("op=waldur-list-%d/impl=wrapper", n), func(b *testing.B) {
			c := newBenchClient(b, srv.URL)
			b.ReportAllocs()
			for b.Loop() {
				p, err := c.ListPage(ctx, waldur.Filter{PageSize: n}, 0)
				if err != nil || len(p.Items) != n {
					b.Fatal(err)
				}
			}
		})
	}
}

const paginationItems = 100_000

// BenchmarkPagination iterates 100 000 actions in pages of 300, following
// the Link header.
func BenchmarkPagination(b *testing.B) {
	srv := benchServer(b, paginationItems)
	ctx := context.Background()
	b.Run("op=waldur-iterate-100k/impl=baseline", func(b *testing.B) {
		hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for url := srv.URL + "/api/user-actions/?page=1&page_size=300"; url != ""; {
				items, next, err := baselineList(ctx, hc, url)
				if err != nil {
					b.Fatal(err)
				}
				n += len(items)
				url = next
			}
			if n != paginationItems {
				b.Fatal(n)
			}
		}
		b.ReportMetric(float64(paginationItems*b.N)/b.Elapsed().Seconds(), "items/s")
	})
	b.Run("op=waldur-iterate-100k/impl=wrapper", func(b *testing.B) {
		c := newBenchClient(b, srv.URL)
		fake.BenchIterate(b, paginationItems, func() iter.Seq2[waldur.UserAction, error] { return c.List(ctx, waldur.Filter{}) })
	})
}

// TestIterationMemoryIsFlat: the iterator holds one page at a time, so the
// live heap after 100 000 actions is no larger than after 10 000.
func TestIterationMemoryIsFlat(t *testing.T) {
	srv := benchServer(t, paginationItems)
	c := newBenchClient(t, srv.URL)
	fake.CheckFlatHeap(t, c.List(context.Background(), waldur.Filter{}), 10_000, paginationItems)
}
