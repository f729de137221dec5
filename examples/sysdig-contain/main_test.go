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
	for _, want := range []string{"using the fake server", "action STOP_CONTAINER", "STOP_CONTAINER: COMPLETED", "undo START_CONTAINER: COMPLETED"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRealServiceNeedsATarget(t *testing.T) {
	env := map[string]string{"SYSDIG_API_TOKEN": "x"}
	err := run(context.Background(), &strings.Builder{}, func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), "SYSDIG_HOST_ID") {
		t.Fatalf("err %v, want a request for the target container", err)
	}
}
