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
//
// Likewise for what Django REST framework reads leniently rather than
// refuses: the ordering o (OrderingFilter drops the fields it does not know
// and falls back to the default ordering when none is left), page_size
// (PageNumberPagination uses the default size for a value that is not a
// positive integer) and page (a number, or "last"; any other value answers
// 404 "Invalid page.", not 400), and the boolean filters (is_silenced and
// overdue take true or false, capitalised or not, and ignore any other
// value; include_silenced includes silenced actions only when it is exactly
// true). The fake's copy takes any string for these, and the handlers
// decide as the server does.
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
		for _, name := range []string{"IncludeSilenced", "IsSilenced", "Overdue"} {
			if p := doc.Components.Parameters[name]; p != nil && p.Value != nil {
				p.Value.Schema = openapi3.NewStringSchema().NewRef()
			}
		}
		if p := doc.Components.Parameters["Ordering"]; p != nil && p.Value != nil {
			p.Value.Style, p.Value.Explode = "", nil
			p.Value.Schema = openapi3.NewStringSchema().NewRef()
		}
	}
	if item := doc.Paths.Value("/api/user-actions/"); item != nil && item.Get != nil {
		for _, p := range item.Get.Parameters {
			if p.Value != nil && (p.Value.Name == "page" || p.Value.Name == "page_size") {
				v := *p.Value
				v.Schema = openapi3.NewStringSchema().NewRef()
				p.Value = &v
			}
		}
	}
	return doc
})
