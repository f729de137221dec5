package waldurtest

import (
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/respondkit/respondkit/gen/waldurspec"
)

// spec returns the API's OpenAPI document, which the fake validates every
// request against, loaded once. It is the one place the fake reads the
// embedded spec.
//
// The spec declares created_after and created_before as RFC 3339 date-times,
// which is what clients should send; the server parses them with
// django-filter's DateTimeFilter, which also takes values without an offset
// and dates alone. The fake's copy drops the format so that the filter, not
// the spec validator, decides (parseDateTime).
var spec = sync.OnceValue(func() *openapi3.T {
	doc, err := waldurspec.GetSpec()
	if err != nil {
		panic(fmt.Sprintf("waldurtest: embedded spec: %v", err))
	}
	if doc.Components != nil {
		for _, name := range []string{"CreatedAfter", "CreatedBefore"} {
			if p := doc.Components.Parameters[name]; p != nil && p.Value != nil && p.Value.Schema != nil && p.Value.Schema.Value != nil {
				p.Value.Schema.Value.Format = ""
			}
		}
	}
	return doc
})
