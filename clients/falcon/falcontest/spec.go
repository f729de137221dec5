package falcontest

import (
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/respondkit/respondkit/gen/falconspec"
)

// spec returns the API's OpenAPI document, which the fake validates every
// request against, loaded once. It is the one place the fake reads the
// embedded spec.
var spec = sync.OnceValue(func() *openapi3.T {
	doc, err := falconspec.GetSpec()
	if err != nil {
		panic(fmt.Sprintf("falcontest: embedded spec: %v", err))
	}
	return doc
})
