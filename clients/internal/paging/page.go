package paging

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/respondkit/respondkit/clients/internal/linkheader"
)

// Size checks the page size option named field: 0 takes max, 1..max is
// kept, anything else is an error that names the value.
func Size(api, field string, size, max int) (int, error) {
	switch {
	case size == 0:
		return max, nil
	case size < 1 || size > max:
		return 0, fmt.Errorf("%s: %s %d out of range 1..%d (0 for %d)", api, field, size, max, max)
	}
	return size, nil
}

// Offset checks an offset position: 0..max.
func Offset(api string, at, max int) error {
	if at < 0 || at > max {
		return fmt.Errorf("%s: offset %d out of range 0..%d", api, at, max)
	}
	return nil
}

// PageOfOffset turns a position, the offset of a page's first item (0 for
// the first page, a page's Next after it), into the page number a
// page-numbered operation asks for: every client's positions are offsets,
// whatever the service pages by. A position that is not a multiple of the
// page size falls inside a page, so it is refused.
func PageOfOffset(api string, at, size int) (int, error) {
	if at < 0 || size < 1 || at%size != 0 {
		return 0, fmt.Errorf("%s: position %d is not the start of a page of %d items (0 for the first page, then a page's Next)", api, at, size)
	}
	return at/size + 1, nil
}

// NextLinkOffset is NextLinkPage as a position: the offset of the next
// page's first item, or 0 when there is none.
func NextLinkOffset(h http.Header, param string, page, size int) int {
	n := NextLinkPage(h, param, page)
	if n <= page {
		return 0
	}
	return (n - 1) * size
}

// ErrBadTotal is returned for a total header that is not a non-negative
// integer.
var ErrBadTotal = errors.New("the total header is not a non-negative integer")

// HeaderTotal reads a total from a header: -1 when the header is absent.
func HeaderTotal(api string, h http.Header, name string) (int, error) {
	v := h.Get(name)
	if v == "" {
		return -1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s: %s %.64q: %w", api, name, v, ErrBadTotal)
	}
	return n, nil
}

// NextLinkPage returns the page number of the Link header's rel="next" (its
// query parameter param), or 0 when there is none or it does not move past
// page. Only the number is taken: the link's host is the server's view of
// itself, which behind a proxy may not be reachable.
func NextLinkPage(h http.Header, param string, page int) int {
	next, ok := linkheader.Rel(h.Values("Link"), "next")
	if !ok {
		return 0
	}
	u, err := url.Parse(next)
	if err != nil {
		return 0
	}
	n, err := strconv.Atoi(u.Query().Get(param))
	if err != nil || n <= page {
		return 0
	}
	return n
}

// Shrink fits a page of limit items starting at offset under the service's
// bound on offset + limit (Falcon's 10000): the limit to ask for, or an error
// when the bound is reached and matches may remain.
func Shrink(api string, offset, limit, end int) (int, error) {
	if offset >= end {
		return 0, fmt.Errorf("%s: offset %d: the service pages no further than %d items; narrow the filter", api, offset, end)
	}
	return min(limit, end-offset), nil
}
