package waldur_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/respondkit/respondkit/clients/faketest"
	"github.com/respondkit/respondkit/clients/waldur"
	"github.com/respondkit/respondkit/clients/waldur/waldurtest"
	"github.com/respondkit/respondkit/gen/waldurapi"
)

// clock is a settable clock for the fake.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

var t0 = time.Date(2020, 1, 10, 0, 0, 0, 0, time.UTC)

func newPair(t *testing.T, srvOpts []waldurtest.Option, opts ...waldur.Option) (*waldur.Client, *waldurtest.Server, *clock) {
	t.Helper()
	clk := &clock{t: t0}
	srv := waldurtest.NewServer(append([]waldurtest.Option{waldurtest.WithClock(clk.now)}, srvOpts...)...)
	t.Cleanup(srv.Close)
	opts = append([]waldur.Option{waldur.WithRetryPolicy(waldur.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond})}, opts...)
	c, err := waldur.New(waldur.Config{BaseURL: srv.URL, Token: srv.Token()}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv, clk
}

func ptr[T any](v T) *T { return &v }

func action(typ string, urgency waldurapi.Urgency, created time.Time, due *time.Time, labels ...string) waldurapi.UserAction {
	a := waldurapi.UserAction{ActionType: typ, Urgency: urgency, Created: created, DueDate: due, Title: typ}
	for _, l := range labels {
		ca := waldurapi.CorrectiveAction{Label: l, Category: waldurapi.CorrectiveActionCategoryApprove, Severity: waldurapi.CorrectiveActionSeverityLow, APIEndpoint: true}
		if l == "View" {
			ca.Category, ca.APIEndpoint, ca.RouteName = waldurapi.CorrectiveActionCategoryView, false, ptr("marketplace.order")
		}
		a.CorrectiveActions = append(a.CorrectiveActions, ca)
	}
	return a
}

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		name, base, token string
		opts              []waldur.Option
		ok                bool
	}{
		{"https", "https://waldur.example.com", "t", nil, true},
		{"no base URL", "", "t", nil, false},
		{"empty token", "https://waldur.example.com", "", nil, false},
		{"plain http to a remote host", "http://waldur.example.com", "t", nil, false},
		{"plain http allowed", "http://waldur.example.com", "t", []waldur.Option{waldur.WithInsecureHTTP()}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := waldur.New(waldur.Config{BaseURL: tc.base, Token: tc.token}, tc.opts...)
			if (err == nil) != tc.ok {
				t.Errorf("err %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestAuthSchemes(t *testing.T) {
	srv := waldurtest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		token string
		opts  []waldur.Option
		ok    bool
	}{
		{"Token", srv.Token(), nil, true},
		{"Bearer", srv.Bearer(), []waldur.Option{waldur.WithBearer()}, true},
		{"Bearer value sent as Token", srv.Bearer(), nil, false},
		{"wrong token", "nope-secret", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := waldur.New(waldur.Config{BaseURL: srv.URL, Token: tc.token}, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Summary(ctx, waldur.Filter{})
			if tc.ok != (err == nil) {
				t.Fatalf("err %v, want ok=%v", err, tc.ok)
			}
			if !tc.ok && (!waldur.IsUnauthorized(err) || strings.Contains(err.Error(), tc.token)) {
				t.Errorf("err %q: want a 401 without the token", err)
			}
		})
	}
}

func TestListAcrossPagesBehindAProxy(t *testing.T) {
	// The fake writes Link URLs with a host the client cannot reach, as a
	// deployment behind a proxy does; the client must keep to its base URL.
	c, srv, _ := newPair(t, []waldurtest.Option{waldurtest.WithExternalURL("https://waldur.internal.invalid")})
	const n = 700
	for i := range n {
		srv.Add(action("pending_order", waldurapi.UrgencyLow, t0.Add(-time.Duration(i)*time.Minute), nil))
	}
	ctx := context.Background()
	before := srv.Requests()
	seen := map[string]bool{}
	for a, err := range c.List(ctx, waldur.Filter{OrderBy: []waldur.Ordering{waldur.OrderCreatedDesc}}) {
		if err != nil {
			t.Fatal(err)
		}
		seen[a.UUID.String()] = true
	}
	if len(seen) != n {
		t.Errorf("listed %d distinct actions, want %d", len(seen), n)
	}
	if got := srv.Requests() - before; got != 3 {
		t.Errorf("%d requests for %d actions, want 3 pages of 300", got, n)
	}
	p, err := c.ListPage(ctx, waldur.Filter{PageSize: 300}, 300)
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != n || p.Next != 600 || len(p.Items) != 300 {
		t.Errorf("page 2: total %d, next %d, %d items", p.Total, p.Next, len(p.Items))
	}
	last, err := c.ListPage(ctx, waldur.Filter{PageSize: 300}, 600)
	if err != nil || last.Next != 0 || len(last.Items) != 100 {
		t.Fatalf("last page: %v, next %d, %d items", err, last.Next, len(last.Items))
	}
	if _, err := c.ListPage(ctx, waldur.Filter{PageSize: 300}, 900); !waldur.IsNotFound(err) {
		t.Errorf("page past the end: %v, want 404", err)
	}
	count, err := c.Count(ctx, waldur.Filter{})
	if err != nil || count != n {
		t.Errorf("Count = %d, %v; want %d", count, err, n)
	}
}

func TestFiltersAndOrdering(t *testing.T) {
	c, srv, _ := newPair(t, nil)
	past, soon, later := t0.Add(-48*time.Hour), t0.Add(24*time.Hour), t0.Add(20*24*time.Hour)
	srv.Add(action("pending_order", waldurapi.UrgencyHigh, t0.Add(-3*time.Hour), &past))
	srv.Add(action("pending_order", waldurapi.UrgencyLow, t0.Add(-2*time.Hour), &soon))
	srv.Add(action("expiring_resource", waldurapi.UrgencyMedium, t0.Add(-1*time.Hour), &later))
	srv.Add(action("expiring_resource", waldurapi.UrgencyHigh, t0.Add(-4*time.Hour), nil))
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		f    waldur.Filter
		want int
	}{
		{"all", waldur.Filter{}, 4},
		{"urgency", waldur.Filter{Urgency: waldur.UrgencyHigh}, 2},
		{"overdue", waldur.Filter{Overdue: waldur.Bool(true)}, 1},
		{"not overdue", waldur.Filter{Overdue: waldur.Bool(false)}, 3},
		{"type", waldur.Filter{ActionType: "expiring_resource"}, 2},
		{"created after", waldur.Filter{CreatedAfter: t0.Add(-2 * time.Hour)}, 2},
		{"created window", waldur.Filter{CreatedAfter: t0.Add(-3 * time.Hour), CreatedBefore: t0.Add(-2 * time.Hour)}, 2},
		{"due within 2 days", waldur.Filter{DueWithinDays: ptr(2.0)}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := c.Count(ctx, tc.f)
			if err != nil || n != tc.want {
				t.Errorf("Count = %d, %v; want %d", n, err, tc.want)
			}
			sum, err := c.Summary(ctx, tc.f)
			if err != nil || sum.Total != tc.want {
				t.Errorf("Summary total = %v, %v; want %d", sum, err, tc.want)
			}
		})
	}
	sum, err := c.Summary(ctx, waldur.Filter{})
	if err != nil || sum.ByUrgency.High != 2 || sum.ByUrgency.Low != 1 || sum.ByType["expiring_resource"] != 2 || sum.Overdue != 1 {
		t.Errorf("summary %+v, %v", sum, err)
	}
	var order []string
	for a, err := range c.List(ctx, waldur.Filter{OrderBy: []waldur.Ordering{waldur.OrderUrgency, waldur.OrderCreatedDesc}}) {
		if err != nil {
			t.Fatal(err)
		}
		order = append(order, fmt.Sprintf("%s@%s", a.Urgency, a.Created.Sub(t0)))
	}
	want := "high@-3h0m0s high@-4h0m0s low@-2h0m0s medium@-1h0m0s" // urgency sorts as text
	if got := strings.Join(order, " "); got != want {
		t.Errorf("order %q, want %q", got, want)
	}
}

func TestSilencedVisibility(t *testing.T) {
	c, srv, clk := newPair(t, nil)
	ctx := context.Background()
	a := srv.Add(action("pending_order", waldurapi.UrgencyLow, t0, nil, "Approve", "View"))
	b := srv.Add(action("pending_order", waldurapi.UrgencyLow, t0, nil))
	id := a.UUID

	if r, err := c.Silence(ctx, id, waldur.SilenceRequest{For: waldur.ForDays(7)}); err != nil || r.DurationDays == nil || *r.DurationDays != 7 {
		t.Fatalf("silence: %+v, %v", r, err)
	}
	if n, _ := c.Count(ctx, waldur.Filter{}); n != 1 {
		t.Errorf("visible after silencing: %d, want 1", n)
	}
	if n, _ := c.Count(ctx, waldur.Filter{IncludeSilenced: true}); n != 2 {
		t.Errorf("with include_silenced: %d, want 2", n)
	}
	if _, err := c.Get(ctx, id, waldur.GetOptions{}); !waldur.IsNotFound(err) {
		t.Errorf("get silenced without include_silenced: %v, want 404", err)
	}
	got, err := c.Get(ctx, id, waldur.GetOptions{IncludeSilenced: true})
	if err != nil || !got.IsTemporarilySilenced || !got.IsEffectivelySilenced {
		t.Fatalf("get silenced with include_silenced: %+v, %v", got, err)
	}
	if _, err := c.Execute(ctx, id, waldur.ExecuteRequest{Label: "Approve"}); !errors.Is(err, waldur.ErrActionNotFound) {
		t.Errorf("execute on a silenced action: %v, want ErrActionNotFound", err)
	}
	if r, err := c.Execute(ctx, id, waldur.ExecuteRequest{Label: "Approve", IncludeSilenced: true}); err != nil || r.Action != waldur.OutcomeCompleted {
		t.Errorf("execute with include_silenced: %+v, %v", r, err)
	}

	clk.advance(8 * 24 * time.Hour) // the 7-day silence ends
	if n, _ := c.Count(ctx, waldur.Filter{}); n != 2 {
		t.Errorf("after the silence expired: %d visible, want 2", n)
	}

	if _, err := c.Silence(ctx, id, waldur.SilenceRequest{For: waldur.Permanently}); err != nil { // permanent
		t.Fatal(err)
	}
	clk.advance(400 * 24 * time.Hour)
	if n, _ := c.Count(ctx, waldur.Filter{}); n != 1 {
		t.Errorf("permanent silence: %d visible, want 1", n)
	}
	if n, _ := c.Count(ctx, waldur.Filter{IncludeSilenced: true, IsSilenced: waldur.Bool(true)}); n != 1 {
		t.Errorf("is_silenced filter: %d, want 1", n)
	}
	if err := c.Unsilence(ctx, id); err != nil { // found without include_silenced
		t.Fatal(err)
	}
	if n, _ := c.Count(ctx, waldur.Filter{}); n != 2 {
		t.Errorf("after unsilence: %d visible, want 2", n)
	}

	r, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{Filter: waldur.Filter{Urgency: waldur.UrgencyLow}, For: waldur.ForDays(14)})
	if err != nil || r.Count != 2 || *r.DurationDays != 14 {
		t.Fatalf("bulk silence: %+v, %v", r, err)
	}
	if n, _ := c.Count(ctx, waldur.Filter{}); n != 0 {
		t.Errorf("after bulk silence: %d visible, want 0", n)
	}
	if err := c.Unsilence(ctx, b.UUID); err != nil {
		t.Fatal(err)
	}
	if err := c.Unsilence(ctx, uuid.MustParse("a1b2c3d4-e5f6-7890-abcd-ef1234567890")); !waldur.IsNotFound(err) {
		t.Errorf("unsilence of a missing action: %v", err)
	}
}

func TestExecuteOutcomes(t *testing.T) {
	c, srv, _ := newPair(t, nil)
	ctx := context.Background()
	a := srv.Add(action("pending_order", waldurapi.UrgencyHigh, t0, nil, "Approve", "View", "Reject"))
	srv.FailLabel("Reject", "backend refused the rejection")
	id := a.UUID

	r, err := c.Execute(ctx, id, waldur.ExecuteRequest{Label: "View"})
	if err != nil || r.Action != waldur.OutcomeNavigate || r.RedirectURL == "" {
		t.Errorf("view: %+v, %v", r, err)
	}
	r, err = c.Execute(ctx, id, waldur.ExecuteRequest{Label: "Approve"})
	if err != nil || r.Action != waldur.OutcomeCompleted {
		t.Errorf("approve: %+v, %v", r, err)
	}
	for _, tc := range []struct {
		id     uuid.UUID
		label  string
		want   error
		status int
	}{
		{id, "Teleport", waldur.ErrLabelNotPermitted, 404},
		{uuid.MustParse("a1b2c3d4-e5f6-7890-abcd-ef1234567890"), "Approve", waldur.ErrActionNotFound, 404},
		{id, "Reject", waldur.ErrActionFailed, 500},
	} {
		_, err := c.Execute(ctx, tc.id, waldur.ExecuteRequest{Label: tc.label})
		var apiErr *waldur.Error
		if !errors.Is(err, tc.want) || !errors.As(err, &apiErr) || apiErr.StatusCode != tc.status {
			t.Errorf("execute %s: %v, want %v with status %d", tc.label, err, tc.want, tc.status)
		}
	}
	if _, err := c.Execute(ctx, id, waldur.ExecuteRequest{Label: "Reject"}); err == nil || !strings.Contains(err.Error(), "backend refused the rejection") {
		t.Errorf("failure message lost: %v", err)
	}
}

func TestUpdateActions(t *testing.T) {
	c, srv, _ := newPair(t, nil)
	ctx := context.Background()
	r, err := c.UpdateActions(ctx, waldur.UpdateRequest{ProviderActionType: "pending_order"})
	if err != nil || r.Status != "scheduled" || *r.ProviderActionType != "pending_order" {
		t.Fatalf("update: %+v, %v", r, err)
	}
	if r, err = c.UpdateActions(ctx, waldur.UpdateRequest{All: true}); err != nil || r.ProviderActionType != nil {
		t.Fatalf("update all: %+v, %v", r, err)
	}
	if got := srv.Updates(); len(got) != 2 || got[0] != "pending_order" || got[1] != "" {
		t.Errorf("server saw %q", got)
	}
}

func TestBadInputIsRefusedBeforeSending(t *testing.T) {
	c, srv, _ := newPair(t, nil)
	ctx := context.Background()
	id := uuid.MustParse("a1b2c3d4-e5f6-7890-abcd-ef1234567890")
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"unknown urgency", func() error { _, err := c.Summary(ctx, waldur.Filter{Urgency: "urgent"}); return err }, `waldur: Filter.Urgency "urgent" is not one of low, medium, high`},
		{"bad ordering", func() error { _, err := c.Count(ctx, waldur.Filter{OrderBy: []waldur.Ordering{"title"}}); return err }, `waldur: Filter.OrderBy item "title" is not one of urgency, -urgency,`},
		{"bad ordering in a bulk silence", func() error {
			_, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{Filter: waldur.Filter{OrderBy: []waldur.Ordering{waldur.OrderDueDateDesc, "secret"}}, All: true, For: waldur.Permanently})
			return err
		}, `Filter.OrderBy item "secret" is not one of`},
		{"backwards window", func() error {
			_, err := c.Summary(ctx, waldur.Filter{CreatedAfter: t0, CreatedBefore: t0.Add(-time.Hour)})
			return err
		}, "waldur: Filter.CreatedBefore is before Filter.CreatedAfter"},
		{"negative page", func() error { _, err := c.ListPage(ctx, waldur.Filter{PageSize: 10}, -1); return err }, "position -1 is not the start of a page"},
		{"page size 301", func() error { _, err := c.ListPage(ctx, waldur.Filter{PageSize: 301}, 0); return err }, "Filter.PageSize 301 out of range 1..300"},
		{"negative page size", func() error {
			for _, err := range c.List(ctx, waldur.Filter{PageSize: -1}) {
				return err
			}
			return nil
		}, "waldur: Filter.PageSize -1 out of range"},
		{"silence 366 days", func() error {
			_, err := c.Silence(ctx, id, waldur.SilenceRequest{For: waldur.ForDays(366)})
			return err
		}, "366 days out of range"},
		{"silence -1 days", func() error {
			_, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{All: true, For: waldur.ForDays(-1)})
			return err
		}, "-1 days out of range"},
		{"nil uuid", func() error { _, err := c.Get(ctx, uuid.Nil, waldur.GetOptions{}); return err }, "uuid is the nil UUID"},
		{"nil uuid on unsilence", func() error { return c.Unsilence(ctx, uuid.Nil) }, "uuid is the nil UUID"},
		{"empty label", func() error { _, err := c.Execute(ctx, id, waldur.ExecuteRequest{Label: " "}); return err }, "waldur: ExecuteRequest.Label is empty"},
		// A zero value never means "everything, for ever".
		{"bulk silence of everything, not confirmed", func() error {
			_, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{For: waldur.ForDays(7)})
			return err
		}, "waldur: BulkSilenceRequest.Filter selects no actions in particular"},
		{"bulk silence of everything with a page size only", func() error {
			_, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{Filter: waldur.Filter{PageSize: 10}, For: waldur.ForDays(7)})
			return err
		}, "set All to mean it"},
		{"bulk silence with a filter and All", func() error {
			_, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{Filter: waldur.Filter{Urgency: waldur.UrgencyLow}, All: true, For: waldur.ForDays(7)})
			return err
		}, "both a selecting Filter and All"},
		{"bulk silence without a duration", func() error {
			_, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{All: true})
			return err
		}, "waldur: no silence duration: use ForDays(n) or Permanently"},
		{"silence without a duration", func() error { _, err := c.Silence(ctx, id, waldur.SilenceRequest{}); return err }, "no silence duration"},
		{"silence both permanent and for days", func() error {
			_, err := c.Silence(ctx, id, waldur.SilenceRequest{For: waldur.Duration{Days: 3, Permanent: true}})
			return err
		}, "both Permanent and 3 days"},
		{"update of nothing named", func() error { _, err := c.UpdateActions(ctx, waldur.UpdateRequest{}); return err }, "set ProviderActionType, or All"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want one containing %q", err, tc.want)
			}
		})
	}
	if n := srv.Requests(); n != 0 {
		t.Errorf("%d requests reached the server, want 0", n)
	}
}

func TestErrorsAndRetries(t *testing.T) {
	c, srv, _ := newPair(t, nil)
	ctx := context.Background()
	srv.Faults.Inject(1, faketest.StatusFault(400, `{"duration_days":["Ensure this value is less than or equal to 365."]}`))
	_, err := c.BulkSilence(ctx, waldur.BulkSilenceRequest{All: true, For: waldur.ForDays(3)})
	var apiErr *waldur.Error
	if !errors.As(err, &apiErr) || len(apiErr.Details) != 1 || apiErr.Details[0].Field != "duration_days" {
		t.Fatalf("field error: %v", err)
	}
	srv.Faults.Inject(1, faketest.StatusFault(401, `{"detail":"Token has expired."}`))
	if _, err := c.Summary(ctx, waldur.Filter{}); !waldur.IsUnauthorized(err) || !strings.Contains(err.Error(), "Token has expired.") {
		t.Errorf("expired token: %v", err)
	}
	before := srv.Requests()
	srv.Faults.Inject(2, faketest.RetryAfterFault(0, `{"detail":"Request was throttled."}`))
	if _, err := c.Summary(ctx, waldur.Filter{}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests() - before; got != 3 {
		t.Errorf("%d attempts through two 429s, want 3", got)
	}
}
