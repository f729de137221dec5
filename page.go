package respondkit

import (
	"errors"
	"fmt"
	"time"
)

// Page is one page of a list operation, the one shape every respondkit
// client returns from its page methods (ListExecutionsPage, QueryPoliciesPage,
// ListPage, ...). Each client declares Page as an alias of this type.
type Page[T any] struct {
	// Items are the page's items, in the service's order.
	Items []T
	// Total is the number of items across all pages when the service
	// reports it (Falcon's meta.pagination.total, Waldur's X-Result-Count),
	// and -1 when it does not (Sysdig). It is an int like Next and the
	// position the page methods take.
	Total int
	// Next is the position of the next page, to pass to the same page
	// method: the offset of its first item in every client, whether the
	// service pages by offset (Sysdig, Falcon) or by page number (Waldur,
	// whose page methods take multiples of the page size). It is 0 when
	// this is the last page.
	Next int
}

// HasNext reports whether there is a page after this one.
func (p *Page[T]) HasNext() bool { return p != nil && p.Next > 0 }

// WaitOptions tunes the wait helpers (such as Sysdig's WaitForExecution). The
// zero value, like a nil *WaitOptions, takes the defaults. A negative
// interval, or one below MinWaitInterval, is refused before the first poll.
type WaitOptions struct {
	// Interval is the first wait between polls (1 s when zero, at least
	// MinWaitInterval); it grows by half each poll up to MaxInterval (15 s
	// when zero, at least MinWaitInterval).
	Interval, MaxInterval time.Duration
}

// MinWaitInterval is the shortest wait between two polls of a wait helper:
// polling faster spends the account's rate limit without learning more.
const MinWaitInterval = 100 * time.Millisecond

// MaxUnknownStatusPolls is how many polls in a row a wait helper accepts a
// status it does not know (one the service added after this client was
// generated) before it ends with an *UnknownStatusError.
const MaxUnknownStatusPolls = 3

// UnknownStatusError ends a wait whose resource kept a status the client does
// not know, neither terminal nor pending, for MaxUnknownStatusPolls polls: the
// wait cannot tell whether it will ever end.
type UnknownStatusError struct {
	// API is the client's name ("sysdig").
	API string
	// What names the resource ("action execution 42").
	What string
	// Status is the unknown status.
	Status string
}

// Error names the resource and the status.
func (e *UnknownStatusError) Error() string {
	return fmt.Sprintf("%s: waiting for %s: unknown status %.64q (a newer service? regenerate the client)", e.API, e.What, e.Status)
}

// ErrListChanged is what an iterator ends with when the list changed during
// the walk in a way that could make an item come twice: it grew (items moved
// to later pages), or, with pages fetched at once, its total changed at all.
// No item is yielded twice; walk again for a consistent list.
var ErrListChanged = errors.New("the list changed during the walk, so items could repeat; walk it again")

// ErrPagingStuck is what an iterator ends with when the service's next page
// is the page just read: following it would read the same page forever.
var ErrPagingStuck = errors.New("the next page's position does not advance")
