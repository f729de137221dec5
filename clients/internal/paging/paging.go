// Package paging turns "fetch one page" into a lazy iterator over every item
// of every page, the shape of every list method in respondkit.
package paging

import (
	"context"
	"errors"
	"fmt"
	"iter"
)

// Page is one page of items and where the next one starts.
type Page[T any, C comparable] struct {
	// Items are the page's items.
	Items []T
	// Next is the cursor of the next page; ignored when More is false.
	Next C
	// More says whether there is a next page.
	More bool
}

// Fetch gets the page at cursor.
type Fetch[T any, C comparable] func(ctx context.Context, cursor C) (Page[T, C], error)

// ErrStuck is returned when a page's next cursor is the cursor that fetched
// it: following it would fetch the same page forever.
var ErrStuck = errors.New("paging: the next page's cursor does not advance")

// Seq walks every item of every page from first, fetching pages only as the
// consumer asks for items. It follows the Go iterator conventions: the first
// error is yielded once (with a zero item) and ends the walk; breaking out of
// the loop fetches nothing more. The context is checked before every page.
//
// The walk always ends: an empty page is the last whatever it says about
// more, and a next cursor equal to the current one is an ErrStuck error. A
// nil context is an error.
func Seq[T any, C comparable](ctx context.Context, first C, fetch Fetch[T, C]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if ctx == nil {
			yield(zero, errors.New("paging: nil context"))
			return
		}
		cursor := first
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			page, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range page.Items {
				if !yield(it, nil) {
					return
				}
			}
			if !page.More || len(page.Items) == 0 {
				return
			}
			if page.Next == cursor {
				yield(zero, fmt.Errorf("%w (%v)", ErrStuck, cursor))
				return
			}
			cursor = page.Next
		}
	}
}

// NextOffset computes offset paging by counting: the next offset is the
// request's offset plus the items received. There is more while the page
// was not empty and, when the page was full-length matters (fullPages), had
// as many items as asked for, and while the total (if known, >= 0) is not
// reached.
func NextOffset(offset, limit, received int, total int64, fullPages bool) (next int, more bool) {
	next = offset + received
	switch {
	case received == 0:
		return next, false
	case fullPages && received < limit:
		return next, false
	case total >= 0 && int64(next) >= total:
		return next, false
	}
	return next, true
}
