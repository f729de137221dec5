// Package tools is respondkit's maintainer tooling, kept in a module of its
// own so that programs importing the clients never see it in their module
// graph: the oapi-codegen pin (the tool directive in go.mod), the spec tests
// and lint (specs/, internal/spectest), the check of the client template copy
// (template_test.go) and the breaking-change command (cmd/specdiff).
//
// It is run from the repository root: `go generate ./...` regenerates the
// clients with the pinned generator, and `go test ./...` runs this module's
// tests through the library module's TestToolsModule.
package tools
