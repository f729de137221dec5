package clients_test

import (
	"testing"

	"github.com/respondkit/respondkit/gen/falconapi"
	"github.com/respondkit/respondkit/gen/sysdigapi"
	"github.com/respondkit/respondkit/gen/waldurapi"
)

// TestEveryOperationDeclaresResend: every operation of every spec says
// whether a request may be resent (x-respondkit-resend: safe or unsafe), so
// the retry layer never guesses from the method. Reading methods (GET, HEAD)
// must be safe; the operations known to act must be unsafe.
func TestEveryOperationDeclaresResend(t *testing.T) {
	type op struct{ id, method, path, resend string }
	var ops []op
	for _, o := range sysdigapi.Operations {
		ops = append(ops, op{"sysdig " + o.ID, o.Method, o.Path, o.Resend})
	}
	for _, o := range falconapi.Operations {
		ops = append(ops, op{"falcon " + o.ID, o.Method, o.Path, o.Resend})
	}
	for _, o := range waldurapi.Operations {
		ops = append(ops, op{"waldur " + o.ID, o.Method, o.Path, o.Resend})
	}
	if len(ops) < 26 {
		t.Fatalf("%d operations in the generated tables, want the 26 of the three specs", len(ops))
	}
	mustBeUnsafe := map[string]bool{
		"sysdig SubmitActionExecutionv1": true, "sysdig UndoActionExecutionV1": true,
		"falcon CreateRTResponsePolicies": true, "falcon DeleteRTResponsePolicies": true, "falcon PerformRTResponsePoliciesAction": true,
		"waldur UserActionsExecuteAction": true, "waldur UserActionsBulkSilence": true,
	}
	for _, o := range ops {
		switch {
		case o.resend != "safe" && o.resend != "unsafe":
			t.Errorf("%s (%s %s): x-respondkit-resend is %q, want safe or unsafe", o.id, o.method, o.path, o.resend)
		case (o.method == "GET" || o.method == "HEAD") && o.resend != "safe":
			t.Errorf("%s: a %s declared unsafe to resend", o.id, o.method)
		case mustBeUnsafe[o.id] && o.resend != "unsafe":
			t.Errorf("%s acts on the service but is declared safe to resend", o.id)
		}
	}
}
