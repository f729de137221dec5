// Package footprint_test guards what a program that imports the clients links.
// footprint.sh beside it measures the rest (go.sum, binary size, start-up
// heap) in a user module of its own; see BENCHMARKS.md, "Footprint".
package footprint_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestClientsLinkNoSpecTooling fails when a client package pulls in an OpenAPI
// parser, YAML or JSON-schema library, the spec diff or the generator: those
// belong to the fakes (gen/<api>spec) and the tools module only.
func TestClientsLinkNoSpecTooling(t *testing.T) {
	clients := []string{
		"github.com/respondkit/respondkit/clients/sysdig",
		"github.com/respondkit/respondkit/clients/falcon",
		"github.com/respondkit/respondkit/clients/falcon/fql",
		"github.com/respondkit/respondkit/clients/waldur",
	}
	// In the library module, whose go.mod and go.sum are the ones users get.
	cmd := exec.Command("go", append([]string{"list", "-deps"}, clients...)...)
	cmd.Dir = "../.."
	cmd.Env = append(cmd.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	forbidden := []string{"kin-openapi", "oasdiff", "oapi-codegen/v2", "yaml", "jsonschema", "/gen/sysdigspec", "/gen/falconspec", "/gen/waldurspec"}
	deps := strings.Fields(string(out))
	if len(deps) < len(clients) {
		t.Fatalf("go list -deps listed %d packages", len(deps))
	}
	for _, pkg := range deps {
		for _, f := range forbidden {
			if strings.Contains(pkg, f) {
				t.Errorf("a client links %s (matches %q)", pkg, f)
			}
		}
	}
}
