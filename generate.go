// Package respondkit holds typed Go clients for three "action" APIs, generated
// from hand-written OpenAPI specs and wrapped in idiomatic packages:
//
//   - Sysdig Secure Response Actions (clients/sysdig),
//   - CrowdStrike Falcon Response Policies (clients/falcon),
//   - Waldur User Actions (clients/waldur).
//
// The specs live in specs/<api>/openapi.yaml. Running `go generate ./...` at
// the repository root runs tools/cmd/respondgen once, which regenerates
// gen/<api>api (types and client) and gen/<api>spec (the embedded spec, for
// the fake servers) from them with the oapi-codegen version pinned in
// tools/go.mod (as a library), then the wrapper's
// clients/<api>/operations.gen.go (options, page methods, iterators, wait
// helpers and batch senders, from the specs' x-respondkit annotations), and
// gen/<api>api/decode.gen.go, a token-level decoder (DecodeJSON) for each type
// the API answers with. It writes nothing unless every API generated. The
// generator and the other
// maintainer tools live in the tools module, so they never enter the module
// graph of a program that imports a client. Generated code is committed and
// never edited by hand.
package respondkit

// Version is respondkit's version, sent in every client's User-Agent.
const Version = "0.1.0"

//go:generate go -C tools run ./cmd/respondgen sysdig falcon waldur
