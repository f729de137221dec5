// Package respondkit holds typed Go clients for three "action" APIs, generated
// from hand-written OpenAPI specs and wrapped in idiomatic packages:
//
//   - Sysdig Secure Response Actions (clients/sysdig),
//   - CrowdStrike Falcon Response Policies (clients/falcon),
//   - Waldur User Actions (clients/waldur).
//
// The specs live in specs/<api>/openapi.yaml. Running `go generate ./...` at
// the module root regenerates gen/<api>api from them with the oapi-codegen
// version pinned in go.mod (see tools.go). Generated code is committed and
// never edited by hand.
package respondkit

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config specs/sysdig/oapi-codegen.yaml specs/sysdig/openapi.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config specs/falcon/oapi-codegen.yaml specs/falcon/openapi.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config specs/waldur/oapi-codegen.yaml specs/waldur/openapi.yaml
