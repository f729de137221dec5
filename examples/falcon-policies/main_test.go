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
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"using the fake server", "created \"respondkit example", "enabled", "attached host group",
		"precedence set: 1 Linux policies, the new one first", "2 members", "deleted the policy"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRealServiceNeedsAHostGroup(t *testing.T) {
	env := map[string]string{"FALCON_CLIENT_ID": "id", "FALCON_CLIENT_SECRET": "secret"}
	err := run(context.Background(), &strings.Builder{}, func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), "FALCON_HOST_GROUP_ID") {
		t.Fatalf("err %v", err)
	}
}
