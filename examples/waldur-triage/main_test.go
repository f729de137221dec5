package main

import (
	"context"
	"strings"
	"testing"
)

// TestRunAgainstFake runs the example without credentials, as a user would.
func TestRunAgainstFake(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), &out, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"using the fake server",
		"4 actions, 2 overdue (high 2, medium 0, low 2)",
		`overdue: Approve the order for VM "db-01" (pending_order)`,
		"silenced 2 low-urgency actions for 7 days",
		`executed "Approve order": completed`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
