package waldur

import (
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/respondkit/respondkit/gen/waldurapi"
)

// FuzzFilterQuery: whatever a caller puts in a Filter, the query the
// generated conversion and request builder produce either is refused before
// sending or carries each value intact under its own parameter, with nothing
// smuggled into another parameter.
func FuzzFilterQuery(f *testing.F) {
	f.Add("pending_order", "high", "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "-urgency", int64(0), 1.5)
	f.Add("x&urgency=low", "medium", "", "due_date,created", int64(1_700_000_000), -1.0)
	f.Add("a=b#c?d", "urgent", "not-a-uuid", "-password", int64(-1), 0.0)
	f.Add("ü\x00%2F", "", "", "", int64(253402300799), 1e308)
	allowed := []string{"action_type", "created_after", "created_before", "due_within_days", "include_silenced",
		"is_silenced", "overdue", "urgency", "user_uuid", "o"}
	f.Fuzz(func(t *testing.T, actionType, urgency, user, order string, created int64, due float64) {
		id, _ := uuid.Parse(user)
		flt := Filter{ActionType: actionType, Urgency: Urgency(urgency), UserUUID: id, DueWithinDays: &due,
			CreatedAfter: time.Unix(created%(1<<35), 0), Overdue: Bool(true)}
		if order != "" {
			flt.OrderBy = []Ordering{Ordering(order)}
		}
		params, err := flt.userActionsListParams()
		if err != nil {
			return
		}
		req, err := waldurapi.NewUserActionsListRequest("https://waldur.example.com", params)
		if err != nil {
			return
		}
		q := req.URL
		back, perr := url.ParseQuery(q.RawQuery)
		if perr != nil {
			t.Fatalf("encoded query does not parse: %v", perr)
		}
		for k := range back {
			if !slices.Contains(allowed, k) {
				t.Fatalf("unexpected parameter %q in %q", k, q.RawQuery)
			}
		}
		if actionType != "" && (len(back["action_type"]) != 1 || back.Get("action_type") != actionType) {
			t.Fatalf("action_type %q came back as %q", actionType, back["action_type"])
		}
		if id != uuid.Nil && (len(back["user_uuid"]) != 1 || back.Get("user_uuid") != id.String()) {
			t.Fatalf("user_uuid %s came back as %q", id, back["user_uuid"])
		}
		if back.Get("overdue") != "true" {
			t.Fatalf("overdue = %q", back.Get("overdue"))
		}
	})
}
