package sysdig_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/respondkit/respondkit/clients/faketest"
	"github.com/respondkit/respondkit/clients/sysdig"
	"github.com/respondkit/respondkit/clients/sysdig/sysdigtest"
	"github.com/respondkit/respondkit/gen/sysdigapi"
)

// fastRetries keeps retry tests quick: backoff from 1 ms.
var fastRetries = sysdig.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 50 * time.Millisecond}

func newPair(t *testing.T, opts ...sysdig.Option) (*sysdig.Client, *sysdigtest.Server) {
	t.Helper()
	srv := sysdigtest.NewServer()
	t.Cleanup(srv.Close)
	opts = append([]sysdig.Option{sysdig.WithBaseURL(srv.URL), sysdig.WithRetryPolicy(fastRetries)}, opts...)
	c, err := sysdig.New(srv.Token(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		name  string
		token string
		opts  []sysdig.Option
		base  string // "" when New must fail
	}{
		{"default region", "t", nil, "https://secure.sysdig.com"},
		{"eu1", "t", []sysdig.Option{sysdig.WithRegion(sysdig.RegionEU1)}, "https://eu1.app.sysdig.com"},
		{"au1", "t", []sysdig.Option{sysdig.WithRegion(sysdig.RegionAU1)}, "https://app.au1.sysdig.com"},
		{"on-premises", "t", []sysdig.Option{sysdig.WithBaseURL("https://sysdig.corp.example/")}, "https://sysdig.corp.example"},
		{"empty token", "", nil, ""},
		{"unknown region", "t", []sysdig.Option{sysdig.WithRegion("mars1")}, ""},
		{"plain http to a remote host", "t", []sysdig.Option{sysdig.WithBaseURL("http://sysdig.corp.example")}, ""},
		{"plain http allowed explicitly", "t", []sysdig.Option{sysdig.WithBaseURL("http://sysdig.corp.example"), sysdig.WithInsecureHTTP()}, "http://sysdig.corp.example"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := sysdig.New(tc.token, tc.opts...)
			if tc.base == "" {
				if err == nil {
					t.Fatalf("New succeeded with base URL %s", c.BaseURL())
				}
				return
			}
			if err != nil || c.BaseURL() != tc.base {
				t.Fatalf("New: %v, base URL %v; want %s", err, c, tc.base)
			}
		})
	}
}

func TestListActions(t *testing.T) {
	c, _ := newPair(t)
	ctx := context.Background()
	all, err := c.ListActions(ctx, sysdig.ActionsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	k8s, err := c.ListActions(ctx, sysdig.ActionsOptions{Context: map[string]string{"kubernetes.pod.name": "web-1", "kubernetes.namespace.name": "prod"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 5 || len(k8s) == 0 || len(k8s) >= len(all) {
		t.Fatalf("%d actions in all, %d for a pod context", len(all), len(k8s))
	}
	for _, a := range k8s {
		if !strings.Contains(string(a.Type), "POD") && a.Type != sysdig.ActionIsolateNetwork {
			t.Errorf("pod context listed %s", a.Type)
		}
	}
}

func TestSubmitWaitUndo(t *testing.T) {
	c, srv := newPair(t)
	ctx := context.Background()
	e, err := c.Submit(ctx, sysdig.SubmitRequest{
		ActionType: sysdig.ActionPauseContainer,
		Parameters: sysdig.Parameters{"host.id": "h1", "container.id": "c1", "startTime": -1},
		CallerID:   "incident-7",
	})
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != sysdig.StatusEnqueued || e.ID == "" || e.CallerID != "incident-7" {
		t.Fatalf("submitted execution %+v", e)
	}
	if v, _ := e.Parameters["startTime"].(int64); v != -1 {
		t.Errorf("integer parameter came back as %v", v)
	}
	done, err := c.WaitForExecution(ctx, e.ID, &sysdig.WaitOptions{Interval: 100 * time.Millisecond})
	if err != nil || done.Status != sysdig.StatusCompleted {
		t.Fatalf("wait: %v, %+v", err, done)
	}

	u, err := c.Undo(ctx, e.ID, sysdig.UndoOptions{CallerID: "incident-7-undo"})
	if err != nil {
		t.Fatal(err)
	}
	if u.ActionType != sysdig.ActionUnpauseContainer || u.ActionExecutionIDBeingUndone != e.ID || u.CallerID != "incident-7-undo" {
		t.Fatalf("undo execution %+v", u)
	}
	if _, ok := srv.Execution(u.ID); !ok {
		t.Error("the fake does not hold the undo execution")
	}
	// As on the service, a second undo undoes again: a new execution.
	again, err := c.Undo(ctx, e.ID, sysdig.UndoOptions{})
	if err != nil || again.ID == u.ID || again.ActionExecutionIDBeingUndone != e.ID {
		t.Fatalf("second undo: %v %+v", err, again)
	}
	if got := srv.Undone(e.ID); len(got) != 2 {
		t.Errorf("the fake holds %d undo executions of %s, want 2", len(got), e.ID)
	}
	// Without a caller id: no body, no query parameter.
	e2, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: sysdig.ActionPauseContainer, Parameters: sysdig.Parameters{"host.id": "h1", "container.id": "c2"}})
	if err != nil {
		t.Fatal(err)
	}
	u2, err := c.Undo(ctx, e2.ID, sysdig.UndoOptions{})
	if err != nil || u2.CallerID != "" {
		t.Fatalf("undo without caller id: %v %+v", err, u2)
	}

	// A kill cannot be undone: the service's 400 comes back typed.
	k, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: sysdig.ActionKillContainer, Parameters: sysdig.Parameters{"host.id": "h1", "container.id": "c1"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Undo(ctx, k.ID, sysdig.UndoOptions{})
	var apiErr *sysdig.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || !strings.Contains(apiErr.Message, "cannot be undone") {
		t.Fatalf("undo of a kill: %v", err)
	}
}

func TestWaitReportsFailure(t *testing.T) {
	c, srv := newPair(t)
	srv.FailActions(sysdig.ActionKillProcess, "process_not_found")
	ctx := context.Background()
	e, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: sysdig.ActionKillProcess, Parameters: sysdig.Parameters{"host.id": "h", "process.id": 42}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.WaitForExecution(ctx, e.ID, &sysdig.WaitOptions{Interval: 100 * time.Millisecond})
	var failed *sysdig.ExecutionFailedError
	if !errors.As(err, &failed) || failed.Failure().FailureReason != "process_not_found" {
		t.Fatalf("err %v, want an ExecutionFailedError carrying the failure", err)
	}
	if got == nil || got.Status != sysdig.StatusFailed || !strings.Contains(err.Error(), "process_not_found") {
		t.Errorf("execution %+v, error %q", got, err)
	}
}

func TestWaitStopsWithContext(t *testing.T) {
	c, _ := newPair(t)
	e, err := c.Submit(context.Background(), sysdig.SubmitRequest{ActionType: sysdig.ActionKillContainer, Parameters: sysdig.Parameters{"host.id": "h", "container.id": "c"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err = c.WaitForExecution(ctx, e.ID, &sysdig.WaitOptions{Interval: time.Hour})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want the context's deadline", err)
	}
}

func TestBadInputIsRefusedBeforeSending(t *testing.T) {
	c, srv := newPair(t)
	ctx := context.Background()
	long := strings.Repeat("x", 129)
	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"empty id", func() error { _, err := c.GetExecution(ctx, ""); return err }, "is empty"},
		{"id too long", func() error { _, err := c.GetExecution(ctx, long); return err }, "at most 128"},
		{"negative page size", func() error { _, err := c.ListExecutionsPage(ctx, sysdig.ListOptions{PageSize: -1}, 0); return err }, "ListOptions.PageSize -1 out of range 1..200"},
		{"page size 201", func() error { _, err := c.ListExecutionsPage(ctx, sysdig.ListOptions{PageSize: 201}, 0); return err }, "ListOptions.PageSize 201 out of range"},
		{"negative page size, iterator", func() error {
			for _, err := range c.ListExecutions(ctx, sysdig.ListOptions{PageSize: -5}) {
				return err
			}
			return nil
		}, "sysdig: ListOptions.PageSize -5 out of range"},
		{"negative offset", func() error { _, err := c.ListExecutionsPage(ctx, sysdig.ListOptions{}, -1); return err }, "offset -1"},
		{"caller id too long", func() error { _, err := c.ListExecutionsPage(ctx, sysdig.ListOptions{CallerID: long}, 0); return err }, "ListOptions.CallerID is 129 characters long, at most 128"},
		{"from before 1970", func() error {
			_, err := c.ListExecutionsPage(ctx, sysdig.ListOptions{From: time.Unix(-10, 0)}, 0)
			return err
		}, "ListOptions.From 1969"},
		{"window over two weeks", func() error {
			now := time.Now()
			_, err := c.ListExecutionsPage(ctx, sysdig.ListOptions{From: now.Add(-15 * 24 * time.Hour), To: now}, 0)
			return err
		}, "more than the 336h0m0s the service allows"},
		{"window backwards", func() error {
			now := time.Now()
			_, err := c.ListExecutionsPage(ctx, sysdig.ListOptions{From: now, To: now.Add(-time.Hour)}, 0)
			return err
		}, "ListOptions.To is before ListOptions.From"},
		{"filter too long", func() error {
			_, err := c.ListExecutionsPage(ctx, sysdig.ListOptions{Filter: strings.Repeat("a", 2049)}, 0)
			return err
		}, "at most 2048"},
		{"nil writer", func() error { _, err := c.DownloadAcquiredFile(ctx, "abc", nil); return err }, "nil writer"},
		{"undo type submitted", func() error {
			_, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: sysdig.ActionStartContainer})
			return err
		}, "call Undo"},
		{"empty action type", func() error { _, err := c.Submit(ctx, sysdig.SubmitRequest{}); return err }, "ActionType is empty"},
		{"parameter of a wrong type", func() error {
			_, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: "KILL_PROCESS", Parameters: sysdig.Parameters{"process.id": 4.5}})
			return err
		}, `parameter "process.id" has type float64`},
		{"parameter too long", func() error {
			_, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: "KILL_PROCESS", Parameters: sysdig.Parameters{"path.absolute": strings.Repeat("/", 513)}})
			return err
		}, "at most 512"},
		{"undo with empty id", func() error { _, err := c.Undo(ctx, "", sysdig.UndoOptions{CallerID: "x"}); return err }, "is empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want one containing %q", err, tc.want)
			}
		})
	}
	if n := srv.Requests(); n != 0 {
		t.Errorf("%d requests reached the server, want 0", n)
	}
}

func TestListExecutions(t *testing.T) {
	c, srv := newPair(t)
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	const n = 450
	for i := range n {
		typ, caller := sysdig.ActionKillContainer, "ir-a"
		if i%3 == 0 {
			typ, caller = sysdig.ActionPauseContainer, "ir-b"
		}
		srv.AddExecution(sysdigapi.ActionExecution{
			ActionType: typ, CallerID: caller, CreatedAt: base.Add(time.Duration(i) * time.Minute),
		})
	}
	ctx := context.Background()
	count := func(opts sysdig.ListOptions) (int, []time.Time) {
		t.Helper()
		var times []time.Time
		for e, err := range c.ListExecutions(ctx, opts) {
			if err != nil {
				t.Fatal(err)
			}
			times = append(times, e.CreatedAt)
		}
		return len(times), times
	}
	got, times := count(sysdig.ListOptions{})
	if got != n {
		t.Errorf("listed %d executions, want %d", got, n)
	}
	for i := 1; i < len(times); i++ {
		if !times[i].Before(times[i-1]) {
			t.Fatalf("not newest first at %d", i)
		}
	}
	for _, tc := range []struct {
		name string
		opts sysdig.ListOptions
		want int
	}{
		{"caller id", sysdig.ListOptions{CallerID: "ir-b"}, 150},
		{"filter on type", sysdig.ListOptions{Filter: `actionType = "KILL_CONTAINER"`}, 300},
		{"filter with not in", sysdig.ListOptions{Filter: `not actionType in ("KILL_CONTAINER")`}, 150},
		{"window", sysdig.ListOptions{From: base, To: base.Add(99 * time.Minute)}, 100},
		{"window and filter", sysdig.ListOptions{From: base, To: base.Add(99 * time.Minute), Filter: `actionType = "PAUSE_CONTAINER"`}, 34},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := count(tc.opts); got != tc.want {
				t.Errorf("listed %d, want %d", got, tc.want)
			}
		})
	}

	// Breaking out of the loop fetches no further page than the one read
	// ahead while the loop worked on the second (cancelled by the break).
	before := srv.Requests()
	i := 0
	for _, err := range c.ListExecutions(ctx, sysdig.ListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		if i++; i == 250 {
			break
		}
	}
	if got := srv.Requests() - before; got != 2 && got != 3 {
		t.Errorf("%d pages fetched for 250 items, want 2 (3 with the page read ahead)", got)
	}

	// A server refusal ends the iteration with one typed error.
	var errs int
	for _, err := range c.ListExecutions(ctx, sysdig.ListOptions{Filter: "nonsense ~ 1"}) {
		if err != nil {
			errs++
			var apiErr *sysdig.Error
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
				t.Errorf("err %v, want a 400 *sysdig.Error", err)
			}
		}
	}
	if errs != 1 {
		t.Errorf("%d errors yielded, want 1", errs)
	}
}

func TestErrorStatusesAreTyped(t *testing.T) {
	c, srv := newPair(t, sysdig.WithRetryPolicy(sysdig.RetryPolicy{MaxAttempts: 1}))
	ctx := context.Background()
	for _, tc := range []struct {
		status int
		body   string
		is     func(error) bool
	}{
		{400, `{"type":"bad_request","message":"bad"}`, nil},
		{401, `{"type":"unauthorized","message":"token expired"}`, sysdig.IsUnauthorized},
		{403, `{"type":"forbidden","message":"not allowed"}`, nil},
		{404, `{"type":"resource_not_found","message":"nope"}`, sysdig.IsNotFound},
		{429, `{"type":"too_many_requests","message":"slow down"}`, sysdig.IsRateLimited},
		{500, `{"timestamp":"2020-01-01T00:00:00Z","status":500,"error":"Internal Server Error","path":"/x"}`, nil},
		{401, `<html>session expired</html>`, sysdig.IsUnauthorized},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			f := faketest.StatusFault(tc.status, tc.body)
			f.Header.Set("X-Request-Id", "req-9")
			srv.Faults.Inject(1, f)
			_, err := c.GetExecution(ctx, "abc")
			var apiErr *sysdig.Error
			if !errors.As(err, &apiErr) {
				t.Fatalf("err %v is not a *sysdig.Error", err)
			}
			if apiErr.StatusCode != tc.status || apiErr.Method != "GET" || apiErr.RequestID != "req-9" {
				t.Errorf("error %+v", apiErr)
			}
			if apiErr.Message == "" && apiErr.Body == "" {
				t.Errorf("error lost the service's message: %q", err)
			}
			if tc.is != nil && !tc.is(err) {
				t.Errorf("helper does not recognise %v", err)
			}
		})
	}
}

func TestWrongTokenIsUnauthorizedAndNotLeaked(t *testing.T) {
	srv := sysdigtest.NewServer()
	defer srv.Close()
	const secret = "wrong-secret-token-123"
	var logs bytes.Buffer
	c, err := sysdig.New(secret, sysdig.WithBaseURL(srv.URL),
		sysdig.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetExecution(context.Background(), "abc")
	if !sysdig.IsUnauthorized(err) {
		t.Fatalf("err %v, want 401", err)
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(logs.String(), secret) {
		t.Errorf("the token leaked: error %q, logs %q", err, logs.String())
	}
	if !strings.Contains(logs.String(), "status=401") {
		t.Errorf("logs lack the attempt: %q", logs.String())
	}
}

func TestRetries(t *testing.T) {
	ctx := context.Background()
	t.Run("429 with Retry-After then success", func(t *testing.T) {
		c, srv := newPair(t)
		srv.Faults.Inject(2, faketest.RetryAfterFault(0, `{"type":"too_many_requests","message":"slow down"}`))
		if _, err := c.ListActions(ctx, sysdig.ActionsOptions{}); err != nil {
			t.Fatal(err)
		}
		if got := srv.Requests(); got != 3 {
			t.Errorf("%d attempts, want 3", got)
		}
	})
	t.Run("503 on submit is retried", func(t *testing.T) {
		c, srv := newPair(t)
		srv.Faults.Inject(1, faketest.StatusFault(503, `{"message":"unavailable"}`))
		e, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: sysdig.ActionKillContainer, Parameters: sysdig.Parameters{"host.id": "h", "container.id": "c"}})
		if err != nil || e.ID == "" {
			t.Fatalf("submit: %v", err)
		}
		if got := srv.Requests(); got != 2 {
			t.Errorf("%d attempts, want 2", got)
		}
	})
	t.Run("502 on submit is not retried", func(t *testing.T) {
		c, srv := newPair(t)
		srv.Faults.Inject(1, faketest.StatusFault(502, `{"message":"bad gateway"}`))
		_, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: sysdig.ActionKillContainer, Parameters: sysdig.Parameters{"host.id": "h", "container.id": "c"}})
		var apiErr *sysdig.Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 502 || srv.Requests() != 1 {
			t.Fatalf("err %v after %d attempts, want a 502 after 1", err, srv.Requests())
		}
	})
	t.Run("dropped connection after a written POST is not resent", func(t *testing.T) {
		c, srv := newPair(t, sysdig.WithHTTPClient(&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}))
		srv.Faults.Inject(1, faketest.DropFault())
		_, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: sysdig.ActionKillContainer, Parameters: sysdig.Parameters{"host.id": "h", "container.id": "c"}})
		if err == nil {
			t.Fatal("submit succeeded over a dropped connection")
		}
		if got := srv.Requests(); got != 1 {
			t.Errorf("%d attempts, want 1", got)
		}
		n := 0
		for _, err := range c.ListExecutions(ctx, sysdig.ListOptions{}) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != 0 {
			t.Errorf("the fake holds %d executions, want 0 (the dropped POST is not processed by the fake)", n)
		}
	})
	t.Run("dropped connection on GET is retried", func(t *testing.T) {
		c, srv := newPair(t, sysdig.WithHTTPClient(&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}))
		srv.Faults.Inject(1, faketest.DropFault())
		if _, err := c.ListActions(ctx, sysdig.ActionsOptions{}); err != nil {
			t.Fatal(err)
		}
		if got := srv.Requests(); got != 2 {
			t.Errorf("%d attempts, want 2", got)
		}
	})
	t.Run("advertised wait beyond the deadline fails at once", func(t *testing.T) {
		c, srv := newPair(t, sysdig.WithRetryPolicy(sysdig.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: time.Hour}))
		srv.Faults.Inject(1, faketest.RetryAfterFault(120, `{"message":"slow down"}`))
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		start := time.Now()
		_, err := c.ListActions(ctx, sysdig.ActionsOptions{})
		var apiErr *sysdig.Error
		if !errors.As(err, &apiErr) || apiErr.RetryAfter != 120*time.Second || srv.Requests() != 1 {
			t.Fatalf("err %v after %d attempts", err, srv.Requests())
		}
		if time.Since(start) > 4*time.Second {
			t.Error("the client waited for a retry it could not make")
		}
	})
}

// patternWriter checks every byte against the fake's file pattern.
type patternWriter struct {
	off    int64
	bad    int64
	cancel func()
	stopAt int64
}

func (p *patternWriter) Write(b []byte) (int, error) {
	for i, c := range b {
		if c != sysdigtest.PatternByte(p.off+int64(i)) && p.bad < 0 {
			p.bad = p.off + int64(i)
		}
	}
	p.off += int64(len(b))
	if p.cancel != nil && p.off >= p.stopAt {
		p.cancel()
	}
	return len(b), nil
}

func acquired(t *testing.T, c *sysdig.Client) string {
	t.Helper()
	ctx := context.Background()
	e, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: sysdig.ActionFileAcquire, Parameters: sysdig.Parameters{"host.id": "h", "path.absolute": "/var/log/syslog"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitForExecution(ctx, e.ID, &sysdig.WaitOptions{Interval: 100 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	return e.ID
}

func TestDownloadStreamsWithBoundedMemory(t *testing.T) {
	const size = 1 << 30
	srv := sysdigtest.NewServer(sysdigtest.WithFileSize(size))
	defer srv.Close()
	c, err := sysdig.New(srv.Token(), sysdig.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	id := acquired(t, c)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	w := &patternWriter{bad: -1}
	n, err := c.DownloadAcquiredFile(context.Background(), id, w)
	runtime.ReadMemStats(&after)
	if err != nil || n != size || w.off != size {
		t.Fatalf("downloaded %d bytes (%d written), err %v; want %d", n, w.off, err, size)
	}
	if w.bad >= 0 {
		t.Fatalf("byte %d differs from the served file", w.bad)
	}
	// TotalAlloc counts every allocation of the download, collected or not.
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
		t.Errorf("allocated %d MiB to stream 1 GiB, want under 8 MiB", grew>>20)
	}

	// Not a FILE_ACQUIRE execution, and a missing one: typed errors.
	k, _ := c.Submit(context.Background(), sysdig.SubmitRequest{ActionType: sysdig.ActionKillContainer, Parameters: sysdig.Parameters{"host.id": "h", "container.id": "c"}})
	if _, err := c.DownloadAcquiredFile(context.Background(), k.ID, io.Discard); err == nil {
		t.Error("download of a kill's file succeeded")
	}
	if _, err := c.OpenAcquiredFile(context.Background(), "missing"); !sysdig.IsNotFound(err) {
		t.Errorf("missing execution: %v", err)
	}
}

func TestDownloadStopsWithContext(t *testing.T) {
	srv := sysdigtest.NewServer(sysdigtest.WithFileSize(256 << 20))
	defer srv.Close()
	c, err := sysdig.New(srv.Token(), sysdig.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	id := acquired(t, c)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := &patternWriter{bad: -1, cancel: cancel, stopAt: 4 << 20}
	n, err := c.DownloadAcquiredFile(ctx, id, w)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if n < 4<<20 || n >= 256<<20 || !strings.Contains(err.Error(), "stopped after") {
		t.Errorf("n = %d, err %q", n, err)
	}
}

// TestActionTypeOpenSet: ActionType is a type of its own with a constant per
// known value, and the set stays open: a type the service added later
// decodes without error, keeps its text, is not Valid (not a known value),
// and is sent as it is (the fake, which knows only its catalog, refuses it
// by name).
func TestActionTypeOpenSet(t *testing.T) {
	c, srv := newPair(t)
	ctx := context.Background()
	const future sysdig.ActionType = "QUARANTINE_WORKLOAD"
	e := srv.AddExecution(sysdig.Execution{ID: "future-1", ActionType: future})
	got, err := c.GetExecution(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ActionType != future || got.ActionType.Valid() || !sysdig.ActionKillProcess.Valid() {
		t.Fatalf("ActionType %q (Valid %v); want %q, not a known value", got.ActionType, got.ActionType.Valid(), future)
	}
	_, err = c.Submit(ctx, sysdig.SubmitRequest{ActionType: future, Parameters: sysdig.Parameters{"host.id": "h"}})
	if !errors.As(err, new(*sysdig.Error)) || !strings.Contains(err.Error(), "unknown action type QUARANTINE_WORKLOAD") {
		t.Fatalf("Submit of an unknown type: %v; want the service's 400 naming it (sent as it is)", err)
	}
	if _, err := c.Submit(ctx, sysdig.SubmitRequest{ActionType: " "}); err == nil || !strings.Contains(err.Error(), "ActionType is empty") {
		t.Fatalf("Submit of a blank type: %v; want it refused before sending", err)
	}
}
