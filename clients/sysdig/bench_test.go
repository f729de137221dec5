package sysdig_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/respondkit/respondkit/clients/internal/fake"
	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/gen/sysdigapi"
)

// The benchmarks compare the wrapper with a hand-written net/http +
// encoding/json baseline doing the same requests and decodes against the
// same loopback server and bodies; sub-benchmarks are named impl=wrapper and
// impl=baseline for `benchstat -col /impl` (see BENCHMARKS.md).

const benchPrefix = "/secure/response-actions/v1alpha1"

// benchExecution is one execution as the service sends it (about 600 bytes).
func benchExecution(i int) string {
	return fmt.Sprintf(`{"id":"b137bf86-399f-43f7-8d2b-%012d","callerId":"incident-4242","actionType":"KILL_CONTAINER",`+
		`"responderType":"HOST","executionContext":{"host.hostName":"ip-10-0-1-12","host.mac":"01:23:45:67:89:ab","host.id":"abc123"},`+
		`"parameters":{"container.id":"1a2b3c4d5e6f","host.id":"abc123"},"outputs":{},"status":"COMPLETED","userId":1234,`+
		`"createdAt":"2026-01-02T03:04:05.123Z","updatedAt":"2026-01-02T03:04:09.456Z"}`, i)
}

func executionsPage(n int) []byte {
	items := make([]string, n)
	for i := range items {
		items[i] = benchExecution(i)
	}
	return []byte(`{"data":[` + strings.Join(items, ",") + `]}`)
}

// benchServer answers GET /action-executions/{id} with one execution, the
// list with full pages of 200 up to total executions (then an empty page),
// and the acquired file with fileSize bytes.
func benchServer(tb testing.TB, total int, fileSize int64) *httptest.Server {
	one := []byte(benchExecution(1))
	full, empty := executionsPage(200), []byte(`{"data":[]}`)
	// Where the 12 digits of each id are in full, to give each page's
	// executions their own ids (as on the service) without building it.
	var idAt []int
	for i := range 200 {
		idAt = append(idAt, bytes.Index(full, fmt.Appendf(nil, "8d2b-%012d", i))+len("8d2b-"))
	}
	chunk := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == benchPrefix+"/action-executions":
			offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
			body := empty
			if offset < total && offset >= 0 {
				body = bytes.Clone(full)
				for i, at := range idAt {
					copy(body[at:at+12], fmt.Appendf(nil, "%012d", offset+i))
				}
			}
			w.Write(body)
		case strings.HasSuffix(r.URL.Path, "/acquired-file"):
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Header().Set("Content-Length", strconv.FormatInt(fileSize, 10))
			for left := fileSize; left > 0; {
				n, err := w.Write(chunk[:min(left, int64(len(chunk)))])
				if err != nil {
					return
				}
				left -= int64(n)
			}
		default:
			w.Write(one)
		}
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// baseline is the hand-written client: net/http, a bearer header, and
// encoding/json into the generated type.
type baseline struct {
	hc   *http.Client
	base string
}

func newBaseline(base string) *baseline {
	return &baseline{hc: &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}, base: base}
}

func (b *baseline) get(ctx context.Context, path string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer token")
	resp, err := b.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp, nil
}

func getJSON[T any](ctx context.Context, b *baseline, path string) (*T, error) {
	resp, err := b.get(ctx, path)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var v T
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return nil, err
	}
	return &v, nil
}

func newBenchClient(tb testing.TB, url string) *sysdig.Client {
	c, err := sysdig.New("token", sysdig.WithBaseURL(url))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// BenchmarkCall is one call each: get one execution (a tiny body) and one
// list page of 200 executions.
func BenchmarkCall(b *testing.B) {
	srv := benchServer(b, 1<<30, 0)
	ctx := context.Background()
	id := "b137bf86-399f-43f7-8d2b-53060af4da9f"
	b.Run("op=sysdig-get/impl=baseline", func(b *testing.B) {
		bl := newBaseline(srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := getJSON[sysdigapi.ActionExecution](ctx, bl, benchPrefix+"/action-executions/"+id); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The floor: the baseline's request with its answer read and thrown
	// away, no decoding. No client that goes through net/http's transport
	// can take less, so wrapper/baseline cannot fall below floor/baseline.
	b.Run("op=sysdig-get/impl=floor", func(b *testing.B) {
		bl := newBaseline(srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			resp, err := bl.get(ctx, benchPrefix+"/action-executions/"+id)
			if err != nil {
				b.Fatal(err)
			}
			n, err := io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err != nil || n == 0 {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("op=sysdig-get/impl=wrapper", func(b *testing.B) {
		c := newBenchClient(b, srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.GetExecution(ctx, id); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=sysdig-list-200/impl=baseline", func(b *testing.B) {
		bl := newBaseline(srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			page, err := getJSON[sysdigapi.ActionExecutions](ctx, bl, benchPrefix+"/action-executions?limit=200&offset=0")
			if err != nil || len(page.Data) != 200 {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=sysdig-list-200/impl=wrapper", func(b *testing.B) {
		c := newBenchClient(b, srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			page, err := c.ListExecutionsPage(ctx, sysdig.ListOptions{PageSize: 200}, 0)
			if err != nil || len(page.Items) != 200 {
				b.Fatal(err)
			}
		}
	})
}

const paginationItems = 100_000

// BenchmarkPagination iterates 100 000 executions in pages of 200.
func BenchmarkPagination(b *testing.B) {
	srv := benchServer(b, paginationItems, 0)
	ctx := context.Background()
	b.Run("op=sysdig-iterate-100k/impl=baseline", func(b *testing.B) {
		bl := newBaseline(srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for offset := 0; ; offset += 200 {
				page, err := getJSON[sysdigapi.ActionExecutions](ctx, bl, fmt.Sprintf("%s/action-executions?limit=200&offset=%d", benchPrefix, offset))
				if err != nil {
					b.Fatal(err)
				}
				n += len(page.Data)
				if len(page.Data) < 200 {
					break
				}
			}
			if n != paginationItems {
				b.Fatal(n)
			}
		}
		b.ReportMetric(float64(paginationItems*b.N)/b.Elapsed().Seconds(), "items/s")
	})
	b.Run("op=sysdig-iterate-100k/impl=wrapper", func(b *testing.B) {
		c := newBenchClient(b, srv.URL)
		fake.BenchIterate(b, paginationItems, func() iter.Seq2[sysdig.Execution, error] { return c.ListExecutions(ctx, sysdig.ListOptions{}) })
	})
}

// TestIterationMemoryIsFlat: the iterator holds one page at a time, so the
// live heap after 100 000 executions is no larger than after 10 000.
func TestIterationMemoryIsFlat(t *testing.T) {
	srv := benchServer(t, paginationItems, 0)
	c := newBenchClient(t, srv.URL)
	fake.CheckFlatHeap(t, c.ListExecutions(context.Background(), sysdig.ListOptions{}), 10_000, paginationItems)
}

// BenchmarkDownload streams a 1 GiB acquired file into io.Discard: the
// wrapper, a raw io.Copy of the same response, and the generated
// ClientWithResponses, which reads the whole file into memory.
func BenchmarkDownload(b *testing.B) {
	const size = 1 << 30
	srv := benchServer(b, 0, size)
	ctx := context.Background()
	id := "b137bf86-399f-43f7-8d2b-53060af4da9f"
	path := benchPrefix + "/action-executions/" + id + "/acquired-file"
	b.Run("op=sysdig-download-1GiB/impl=baseline", func(b *testing.B) {
		bl := newBaseline(srv.URL)
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			resp, err := bl.get(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			n, err := io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err != nil || n != size {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("op=sysdig-download-1GiB/impl=wrapper", func(b *testing.B) {
		c := newBenchClient(b, srv.URL)
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			if n, err := c.DownloadAcquiredFile(ctx, id, io.Discard); err != nil || n != size {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("op=sysdig-download-1GiB/impl=generated-with-responses", func(b *testing.B) {
		gc, err := sysdigapi.NewClientWithResponses(srv.URL, sysdigapi.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", "Bearer token")
			return nil
		}))
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			resp, err := gc.GetActionExecutionFileAcquireV1WithResponse(ctx, id)
			if err != nil || len(resp.Body) != size {
				b.Fatal(err)
			}
		}
	})
}

// memoryTransport answers every request with body, as JSON, without a
// connection: what is left of a call is the client's own work.
type memoryTransport struct{ body []byte }

func (m memoryTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		r.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusOK, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}, "Content-Length": {strconv.Itoa(len(m.body))}},
		ContentLength: int64(len(m.body)), Body: io.NopCloser(bytes.NewReader(m.body)), Request: r,
	}, nil
}

// BenchmarkClientWork is BenchmarkCall's single get with the connection
// taken out: both clients get the same answer from memoryTransport, so the
// time is the client's own work (building the request, the wrapper's
// layers, decoding), which the loopback round trip of BenchmarkCall buries.
// It measures the client, not a call: BenchmarkCall is the figure for that.
func BenchmarkClientWork(b *testing.B) {
	ctx := context.Background()
	const url = "http://127.0.0.1:1" // never dialled
	id := "b137bf86-399f-43f7-8d2b-53060af4da9f"
	rt := memoryTransport{body: []byte(benchExecution(1))}
	b.Run("op=sysdig-get-client-work/impl=baseline", func(b *testing.B) {
		bl := &baseline{hc: &http.Client{Transport: rt}, base: url}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := getJSON[sysdigapi.ActionExecution](ctx, bl, benchPrefix+"/action-executions/"+id); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=sysdig-get-client-work/impl=floor", func(b *testing.B) {
		bl := &baseline{hc: &http.Client{Transport: rt}, base: url}
		b.ReportAllocs()
		for b.Loop() {
			resp, err := bl.get(ctx, benchPrefix+"/action-executions/"+id)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
	b.Run("op=sysdig-get-client-work/impl=wrapper", func(b *testing.B) {
		c, err := sysdig.New("token", sysdig.WithBaseURL(url), sysdig.WithHTTPClient(&http.Client{Transport: rt}))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.GetExecution(ctx, id); err != nil {
				b.Fatal(err)
			}
		}
	})
}

var arithSink int

// arith is work without memory: n multiply-adds.
func arith(n int) {
	x := 0
	for i := range n {
		x += i * i
	}
	arithSink = x
}

// BenchmarkFloorPlusWork is BenchmarkCall's floor with work added after each
// call, to see what work between two calls costs on the wire: work=arith is
// 20 000 multiply-adds (about as long as decoding the execution, without
// touching memory), work=decode decodes a held copy of the answer with
// encoding/json. BENCHMARKS.md compares them with work=none.
func BenchmarkFloorPlusWork(b *testing.B) {
	srv := benchServer(b, 1<<30, 0)
	ctx := context.Background()
	path := benchPrefix + "/action-executions/b137bf86-399f-43f7-8d2b-53060af4da9f"
	held := []byte(benchExecution(1))
	work := map[string]func(){
		"none":  func() {},
		"arith": func() { arith(20_000) },
		"decode": func() {
			var v sysdigapi.ActionExecution
			if err := json.Unmarshal(held, &v); err != nil {
				b.Fatal(err)
			}
		},
	}
	for _, name := range []string{"none", "arith", "decode"} {
		b.Run("op=sysdig-get-floor/work="+name, func(b *testing.B) {
			bl := newBaseline(srv.URL)
			for b.Loop() {
				resp, err := bl.get(ctx, path)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				work[name]()
			}
		})
	}
	b.Run("op=work-alone/work=arith", func(b *testing.B) {
		for b.Loop() {
			arith(20_000)
		}
	})
	b.Run("op=work-alone/work=decode", func(b *testing.B) {
		for b.Loop() {
			work["decode"]()
		}
	})
}
