// Package respondkit holds typed Go clients for three "action" APIs, generated
// from hand-written OpenAPI specs and wrapped in idiomatic packages:
//
//   - Sysdig Secure Response Actions (clients/sysdig),
//   - CrowdStrike Falcon Response Policies (clients/falcon),
//   - Waldur User Actions (clients/waldur).
//
// The specs live in specs/<api>/openapi.yaml. Running `go generate ./...` at
// the repository root regenerates gen/<api>api (types and client) and
// gen/<api>spec (the embedded spec, for the fake servers) from them with the
// oapi-codegen version pinned in tools/go.mod, then the wrapper's
// clients/<api>/operations.gen.go (options, page methods, iterators, wait
// helpers and batch senders, from the specs' x-respondkit annotations) with
// tools/cmd/respondgen, which also writes gen/<api>api/decode.gen.go: a
// token-level decoder (DecodeJSON) for each type the API answers with. The generator and the other
// maintainer tools live in the tools module, so they never enter the module
// graph of a program that imports a client. Generated code is committed and
// never edited by hand.
package respondkit

// Version is respondkit's version, sent in every client's User-Agent.
const Version = "0.1.0"

//go:generate go -C tools tool oapi-codegen -config ../specs/sysdig/oapi-codegen.yaml ../specs/sysdig/openapi.yaml
//go:generate go -C tools tool oapi-codegen -config ../specs/sysdig/oapi-codegen-spec.yaml ../specs/sysdig/openapi.yaml
//go:generate go -C tools run ./cmd/respondgen -spec ../specs/sysdig/openapi.yaml -gen github.com/respondkit/respondkit/gen/sysdigapi -decoders ../gen/sysdigapi
//go:generate go -C tools run ./cmd/respondgen -spec ../specs/sysdig/openapi.yaml -gen github.com/respondkit/respondkit/gen/sysdigapi -wrapper ../clients/sysdig
//go:generate go -C tools tool oapi-codegen -config ../specs/falcon/oapi-codegen.yaml ../specs/falcon/openapi.yaml
//go:generate go -C tools tool oapi-codegen -config ../specs/falcon/oapi-codegen-spec.yaml ../specs/falcon/openapi.yaml
//go:generate go -C tools run ./cmd/respondgen -spec ../specs/falcon/openapi.yaml -gen github.com/respondkit/respondkit/gen/falconapi -decoders ../gen/falconapi
//go:generate go -C tools run ./cmd/respondgen -spec ../specs/falcon/openapi.yaml -gen github.com/respondkit/respondkit/gen/falconapi -wrapper ../clients/falcon
//go:generate go -C tools tool oapi-codegen -config ../specs/waldur/oapi-codegen.yaml ../specs/waldur/openapi.yaml
//go:generate go -C tools tool oapi-codegen -config ../specs/waldur/oapi-codegen-spec.yaml ../specs/waldur/openapi.yaml
//go:generate go -C tools run ./cmd/respondgen -spec ../specs/waldur/openapi.yaml -gen github.com/respondkit/respondkit/gen/waldurapi -decoders ../gen/waldurapi
//go:generate go -C tools run ./cmd/respondgen -spec ../specs/waldur/openapi.yaml -gen github.com/respondkit/respondkit/gen/waldurapi -wrapper ../clients/waldur
