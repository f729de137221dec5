package clients_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/respondkit/respondkit"
	"github.com/respondkit/respondkit/clients/falcon"
	"github.com/respondkit/respondkit/clients/internal/fake"
	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/clients/waldur"
)

// listServer answers the three APIs' list operations over a list of n items
// whose JSON is encoded up front, after a fixed latency, optionally within a
// rate limit (429 with Retry-After past limit requests a second), and lets a
// test change the list during a walk.
type listServer struct {
	*httptest.Server
	latency time.Duration
	limit   int // requests per second; 0 for none

	mu       sync.Mutex
	items    [][]byte
	window   time.Time
	inWindow int

	requests, limited, tokens atomic.Int64
	onRequest                 func(n int64) // called with the request's number
	// servedFirst is set once the first page (offset 0, page 1) is served.
	servedFirst atomic.Bool
}

func newListServer(t testing.TB, n int, latency time.Duration) *listServer {
	s := &listServer{latency: latency}
	for i := range n {
		s.items = append(s.items, itemJSON(i))
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// itemJSON is item i in a shape every API's item type decodes: the fields
// each API's id lives in, and a realistic amount of the rest.
func itemJSON(i int) []byte {
	id := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
	return fmt.Appendf(nil, `{"id":%q,"uuid":%q,"device_id":%q,"hostname":"host-%d","actionType":"KILL_CONTAINER",`+
		`"status":"COMPLETED","callerId":"incident-%d","responderType":"HOST","action_type":"pending_order",`+
		`"title":"Approve the order %d","urgency":"high","is_silenced":false,"created":"2020-01-01T00:00:00Z",`+
		`"createdAt":"2020-01-01T00:00:00Z","updatedAt":"2020-01-01T00:00:01Z","platform_name":"Linux",`+
		`"parameters":{"host.id":"h-%d","container.id":"c-%d"},"corrective_actions":[]}`, id, id, id, i, i, i, i, i)
}

// ids are the items' ids, as Falcon's id queries answer them.
func (s *listServer) id(i int) string { return fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i) }

// grow puts k new items at the head of the list, as a newest-first list
// gets them: every item moves k places on.
func (s *listServer) grow(k int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fresh := make([][]byte, 0, k+len(s.items))
	for i := range k {
		fresh = append(fresh, itemJSON(1_000_000+i))
	}
	s.items = append(fresh, s.items...)
}

func (s *listServer) serve(w http.ResponseWriter, r *http.Request) {
	n := s.requests.Add(1)
	if s.onRequest != nil {
		s.onRequest(n)
	}
	if s.latency > 0 {
		time.Sleep(s.latency)
	}
	if r.URL.Path == "/oauth2/token" {
		s.tokens.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"token","token_type":"bearer","expires_in":1800}`)
		return
	}
	s.mu.Lock()
	if s.limit > 0 {
		now := time.Now()
		if now.Sub(s.window) >= time.Second {
			s.window, s.inWindow = now, 0
		}
		if s.inWindow >= s.limit {
			wait := s.window.Add(time.Second).Sub(now)
			s.mu.Unlock()
			s.limited.Add(1)
			w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
			w.Header().Set("X-RateLimit-RetryAfter", strconv.FormatInt(s.window.Add(time.Second).Unix()+1, 10))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"message":"slow down","errors":[{"code":429,"message":"slow down"}],"resources":[]}`)
			return
		}
		s.inWindow++
	}
	items := s.items
	s.mu.Unlock()
	q := r.URL.Query()
	if off, page := q.Get("offset"), q.Get("page"); off == "0" || page == "1" || (off == "" && page == "" && r.URL.Path == "/api/user-actions/") {
		defer s.servedFirst.Store(true)
	}
	total := len(items)
	w.Header().Set("Content-Type", "application/json")
	switch {
	case strings.HasPrefix(r.URL.Path, "/secure/response-actions/"):
		off, _ := strconv.Atoi(q.Get("offset"))
		lim, _ := strconv.Atoi(q.Get("limit"))
		writeItems(w, `{"data":`, items[min(off, total):min(off+lim, total)], `}`)
	case r.URL.Path == "/policy/queries/response-members/v1":
		off, _ := strconv.Atoi(q.Get("offset"))
		lim, _ := strconv.Atoi(q.Get("limit"))
		var b strings.Builder
		fmt.Fprintf(&b, `{"meta":{"query_time":0.01,"trace_id":"t","pagination":{"offset":%d,"limit":%d,"total":%d}},"errors":[],"resources":[`, off, lim, total)
		for i := min(off, total); i < min(off+lim, total); i++ {
			if i > off {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(s.id(i)))
		}
		b.WriteString("]}")
		fmt.Fprint(w, b.String())
	case r.URL.Path == "/api/user-actions/":
		page, _ := strconv.Atoi(q.Get("page"))
		size, _ := strconv.Atoi(q.Get("page_size"))
		page = max(page, 1)
		from := (page - 1) * size
		if from > total {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"detail":"Invalid page."}`)
			return
		}
		w.Header().Set("X-Result-Count", strconv.Itoa(total))
		if from+size < total {
			w.Header().Set("Link", fmt.Sprintf(`<%s/api/user-actions/?page=%d&page_size=%d>; rel="next"`, s.URL, page+1, size))
		}
		writeItems(w, "", items[from:min(from+size, total)], "")
	default:
		http.NotFound(w, r)
	}
}

func writeItems(w http.ResponseWriter, prefix string, items [][]byte, suffix string) {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteByte('[')
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(it)
	}
	b.WriteByte(']')
	b.WriteString(suffix)
	fmt.Fprint(w, b.String())
}

// walker walks one API's list through its client: the iterator with a
// concurrency, and the page method in a plain loop (what a caller without
// the iterator writes), each yielding the items' ids.
type walker struct {
	name     string
	pageSize int
	walk     func(ctx context.Context, concurrency int) iter.Seq2[string, error]
	loop     func(ctx context.Context, each func(string)) error
}

func sysdigWalker(t testing.TB, url string) walker {
	c, err := sysdig.New("token", sysdig.WithBaseURL(url), sysdig.WithHTTPClient(walkHTTP))
	if err != nil {
		t.Fatal(err)
	}
	const size = 200
	return walker{
		name: "sysdig", pageSize: size,
		walk: func(ctx context.Context, conc int) iter.Seq2[string, error] {
			return ids(c.ListExecutions(ctx, sysdig.ListOptions{PageSize: size, Concurrency: conc}), func(e sysdig.Execution) string { return e.ID })
		},
		loop: func(ctx context.Context, each func(string)) error {
			for at := 0; ; {
				p, err := c.ListExecutionsPage(ctx, sysdig.ListOptions{PageSize: size}, at)
				if err != nil {
					return err
				}
				for _, e := range p.Items {
					each(e.ID)
				}
				if !p.HasNext() {
					return nil
				}
				at = p.Next
			}
		},
	}
}

func falconWalker(t testing.TB, url string) walker {
	c, err := falcon.New(falcon.Credentials{ClientID: "id", ClientSecret: "secret"}, falcon.WithBaseURL(url), falcon.WithHTTPClient(walkHTTP))
	if err != nil {
		t.Fatal(err)
	}
	const size = 500
	opts := falcon.MemberOptions{PageSize: size}
	return walker{
		name: "falcon", pageSize: size,
		walk: func(ctx context.Context, conc int) iter.Seq2[string, error] {
			o := opts
			o.Concurrency = conc
			return c.QueryMemberIDs(ctx, "p", o)
		},
		loop: func(ctx context.Context, each func(string)) error {
			for at := 0; ; {
				p, err := c.QueryMemberIDsPage(ctx, "p", opts, at)
				if err != nil {
					return err
				}
				for _, id := range p.Items {
					each(id)
				}
				if !p.HasNext() {
					return nil
				}
				at = p.Next
			}
		},
	}
}

func waldurWalker(t testing.TB, url string) walker {
	c, err := waldur.New(waldur.Config{BaseURL: url, Token: "token"}, waldur.WithHTTPClient(walkHTTP))
	if err != nil {
		t.Fatal(err)
	}
	const size = 300
	return walker{
		name: "waldur", pageSize: size,
		walk: func(ctx context.Context, conc int) iter.Seq2[string, error] {
			return ids(c.List(ctx, waldur.Filter{PageSize: size, Concurrency: conc}), func(a waldur.UserAction) string { return a.UUID.String() })
		},
		loop: func(ctx context.Context, each func(string)) error {
			for at := 0; ; {
				p, err := c.ListPage(ctx, waldur.Filter{PageSize: size}, at)
				if err != nil {
					return err
				}
				for _, a := range p.Items {
					each(a.UUID.String())
				}
				if !p.HasNext() {
					return nil
				}
				at = p.Next
			}
		},
	}
}

func ids[T any](seq iter.Seq2[T, error], id func(T) string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for v, err := range seq {
			if !yield(id(v), err) || err != nil {
				return
			}
		}
	}
}

var walkers = []func(testing.TB, string) walker{sysdigWalker, falconWalker, waldurWalker}

// walkHTTP is the walkers' client, so that the tests can close its idle
// connections (kept alive on purpose) before counting goroutines.
var walkHTTP = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}

// settledGoroutines closes idle connections and returns the goroutine count
// once it stops falling (connection goroutines end asynchronously).
func settledGoroutines() int {
	walkHTTP.Transport.(*http.Transport).CloseIdleConnections()
	n := runtime.NumGoroutine()
	for range 100 {
		time.Sleep(10 * time.Millisecond)
		m := runtime.NumGoroutine()
		if m >= n {
			return m
		}
		n = m
	}
	return n
}

// TestWalkOrderAndCompleteness: the iterator with read-ahead and with four
// pages at once yields exactly the items of the plain page loop, in order.
func TestWalkOrderAndCompleteness(t *testing.T) {
	const n = 2345
	for _, mk := range walkers {
		srv := newListServer(t, n, 0)
		w := mk(t, srv.URL)
		var want []string
		if err := w.loop(context.Background(), func(id string) { want = append(want, id) }); err != nil {
			t.Fatal(err)
		}
		if len(want) != n {
			t.Fatalf("%s: the page loop saw %d items, want %d", w.name, len(want), n)
		}
		for _, conc := range []int{0, 4} {
			t.Run(fmt.Sprintf("%s/concurrency=%d", w.name, conc), func(t *testing.T) {
				var got []string
				for id, err := range w.walk(context.Background(), conc) {
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, id)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%d items, want the page loop's %d in the same order", len(got), len(want))
				}
			})
		}
	}
}

// TestWalkListGrows: items added while walking with four pages at once end
// the walk with paging.ErrChanged, and nothing is yielded twice; Sysdig,
// which gives no total, finds it from the ids (an id of the page before
// seen again).
func TestWalkListGrows(t *testing.T) {
	for _, mk := range walkers {
		srv := newListServer(t, 3000, 0)
		var once sync.Once
		srv.onRequest = func(int64) {
			if srv.servedFirst.Load() {
				once.Do(func() { srv.grow(10) })
			}
		}
		w := mk(t, srv.URL)
		t.Run(w.name, func(t *testing.T) {
			seen := map[string]bool{}
			var err error
			for id, e := range w.walk(context.Background(), 4) {
				if e != nil {
					err = e
					break
				}
				if seen[id] {
					t.Fatalf("item %s yielded twice", id)
				}
				seen[id] = true
			}
			if !errors.Is(err, respondkit.ErrListChanged) || !strings.HasPrefix(err.Error(), w.name+": ") {
				t.Errorf("err %v, want %s: ...ErrChanged", err, w.name)
			}
		})
	}
}

// TestWalkRequestsPerList: with Concurrency 8, a walk asks for the pages
// after the first only once the first says they exist: an empty, one-item
// or one-page list costs one list request, one page and one item two, and a
// list of 15 pages and a bit 16.
func TestWalkRequestsPerList(t *testing.T) {
	for _, mk := range walkers {
		size := mk(t, "http://127.0.0.1:1").pageSize
		for _, tc := range []struct {
			name string
			n    int
			want int64
		}{{"empty", 0, 1}, {"one item", 1, 1}, {"page+1", size + 1, 2}, {"large", 15*size + 5, 16}} {
			srv := newListServer(t, tc.n, 0)
			w := mk(t, srv.URL)
			t.Run(w.name+"/"+tc.name, func(t *testing.T) {
				got, err := drain(w.walk(context.Background(), 8), func(string) {})
				if err != nil || got != tc.n {
					t.Fatalf("%d items, %v; want %d", got, err, tc.n)
				}
				if n := srv.requests.Load() - srv.tokens.Load(); n != tc.want {
					t.Errorf("%d list requests for %d items, want %d", n, tc.n, tc.want)
				}
				t.Logf("%d items: %d list requests", tc.n, srv.requests.Load()-srv.tokens.Load())
			})
		}
	}
}

// TestWalkSlowsDownOn429: Waldur and Sysdig walks with Concurrency 8
// against a service that allows 10 requests a second and answers each
// request after 20 ms: Waldur's walk starts in rounds (4 pages, then 8), so
// the limit is first crossed by part of one round (the service's headers
// give no count to foresee it), Sysdig's keeps one page ahead; the first
// 429s lower the requests in flight and pace the next ones for every
// caller; at most 5 % of the requests are answered 429, none reaches the
// caller, and no item is lost or repeated.
func TestWalkSlowsDownOn429(t *testing.T) {
	if testing.Short() {
		t.Skip("rate-limit walk: takes seconds of real time; run without -short")
	}
	const n, size, conc = 6000, 60, 8
	for _, api := range []string{"waldur", "sysdig"} {
		t.Run(api, func(t *testing.T) {
			t.Parallel()
			srv := newListServer(t, n, 20*time.Millisecond)
			srv.limit = 10
			hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
			var seq iter.Seq2[string, error]
			switch api {
			case "waldur":
				c, err := waldur.New(waldur.Config{BaseURL: srv.URL, Token: "token"}, waldur.WithHTTPClient(hc))
				if err != nil {
					t.Fatal(err)
				}
				seq = ids(c.List(context.Background(), waldur.Filter{PageSize: size, Concurrency: conc}), func(a waldur.UserAction) string { return a.UUID.String() })
			case "sysdig":
				c, err := sysdig.New("token", sysdig.WithBaseURL(srv.URL), sysdig.WithHTTPClient(hc))
				if err != nil {
					t.Fatal(err)
				}
				seq = ids(c.ListExecutions(context.Background(), sysdig.ListOptions{PageSize: size, Concurrency: conc}), func(e sysdig.Execution) string { return e.ID })
			}
			seen := map[string]bool{}
			for id, err := range seq {
				if err != nil {
					t.Fatalf("after %d items: %v", len(seen), err)
				}
				if seen[id] {
					t.Fatalf("item %s yielded twice", id)
				}
				seen[id] = true
			}
			if len(seen) != n {
				t.Errorf("%d items, want %d", len(seen), n)
			}
			req, lim := srv.requests.Load(), srv.limited.Load()
			t.Logf("%s, Concurrency %d, 10 req/s: %d requests, %d answered 429 (%.1f%%)", api, conc, req, lim, 100*float64(lim)/float64(req))
			if 20*lim > req {
				t.Errorf("%d of %d requests answered 429, want at most 5 %%", lim, req)
			}
		})
	}
}

// TestWalkBreakLeavesNothing: breaking out of a walk with requests in flight
// cancels them; goroutines and connections go back to where they were.
func TestWalkBreakLeavesNothing(t *testing.T) {
	for _, mk := range walkers {
		srv := newListServer(t, 5000, 20*time.Millisecond)
		w := mk(t, srv.URL)
		t.Run(w.name, func(t *testing.T) {
			// Warm the connection pool and the token first.
			for range w.walk(context.Background(), 0) {
				break
			}
			before := settledGoroutines()
			start := srv.requests.Load()
			for _, conc := range []int{0, 4} {
				n := 0
				for _, err := range w.walk(context.Background(), conc) {
					if err != nil {
						t.Fatal(err)
					}
					if n++; n == 10 {
						break
					}
				}
			}
			// Two walks: each its first page and what was ahead (1, then up to 4).
			if sent := srv.requests.Load() - start; sent > 2+1+4 {
				t.Errorf("%d requests for two walks broken in their first page, want at most 7", sent)
			}
			deadline := time.Now().Add(5 * time.Second)
			g := settledGoroutines()
			for g > before && time.Now().Before(deadline) {
				g = settledGoroutines()
			}
			if g > before {
				t.Errorf("%d goroutines after the walks and their idle connections closed, %d before", g, before)
			}
		})
	}
}

// TestWalkWithinRateLimit: four pages at once against a service that allows
// 10 requests a second: the 429s are waited out, none reaches the caller,
// and no item is lost or repeated.
func TestWalkWithinRateLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("rate-limit walk: takes seconds of real time; run without -short")
	}
	for _, mk := range []func(testing.TB, string) walker{falconWalker, waldurWalker} {
		srv := newListServer(t, 6000, 0)
		srv.limit = 10
		w := mk(t, srv.URL)
		t.Run(w.name, func(t *testing.T) {
			seen := map[string]bool{}
			for id, err := range w.walk(context.Background(), 4) {
				if err != nil {
					t.Fatalf("after %d items: %v", len(seen), err)
				}
				if seen[id] {
					t.Fatalf("item %s yielded twice", id)
				}
				seen[id] = true
			}
			if len(seen) != 6000 {
				t.Errorf("%d items, want 6000", len(seen))
			}
			t.Logf("%d requests, %d answered 429", srv.requests.Load(), srv.limited.Load())
		})
	}
}

// BenchmarkWalkLatency walks 20 000 items (Falcon: 10 000, its offset cap)
// from a server that answers after 50 ms: the plain page loop, the iterator
// (one page ahead) and the iterator with four pages at once; with no work
// per item and with 0.2 ms of work per item (work=0.2ms), where read-ahead
// overlaps the work with the next request.
func BenchmarkWalkLatency(b *testing.B) {
	for _, mk := range walkers {
		n := 20000
		if w := mk(b, "http://127.0.0.1:1"); w.name == "falcon" {
			n = 10000
		}
		srv := newListServer(b, n, 50*time.Millisecond)
		w := mk(b, srv.URL)
		for _, work := range []time.Duration{0, 200 * time.Microsecond} {
			each := func(string) {}
			if work > 0 {
				each = func(string) { spin(work) }
			}
			modes := []struct {
				name string
				run  func() (int, error)
			}{
				{"loop", func() (int, error) {
					c := 0
					err := w.loop(context.Background(), func(id string) { each(id); c++ })
					return c, err
				}},
				{"readahead", func() (int, error) { return drain(w.walk(context.Background(), 0), each) }},
				{"concurrency4", func() (int, error) { return drain(w.walk(context.Background(), 4), each) }},
			}
			for _, m := range modes {
				name := fmt.Sprintf("api=%s/work=%s/mode=%s", w.name, work, m.name)
				b.Run(name, func(b *testing.B) {
					var peak uint64
					for b.Loop() {
						stop := sampleHeap(&peak)
						got, err := m.run()
						stop()
						if err != nil || got != n {
							b.Fatalf("%d items, %v", got, err)
						}
					}
					b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "items/s")
					b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
				})
			}
		}
	}
}

func drain(seq iter.Seq2[string, error], each func(string)) (int, error) {
	n := 0
	for id, err := range seq {
		if err != nil {
			return n, err
		}
		each(id)
		n++
	}
	return n, nil
}

// spin works for d without sleeping, as a caller's per-item work does.
func spin(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}

// sampleHeap records the largest live heap seen until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > *peak {
				*peak = m.HeapAlloc
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// TestWalkHeapFlat: walking with four pages at once holds a bounded number
// of pages, so the live heap does not grow with the items walked.
func TestWalkHeapFlat(t *testing.T) {
	for _, mk := range walkers {
		const n = 9000
		srv := newListServer(t, n, 0)
		w := mk(t, srv.URL)
		t.Run(w.name, func(t *testing.T) {
			fake.CheckFlatHeap(t, w.walk(context.Background(), 4), 1000, n)
		})
	}
}
