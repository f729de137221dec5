// Package paging turns "fetch one page" into a lazy iterator over every item
// of every page, the shape of every list method in respondkit.
package paging

import (
	"context"
	"iter"
)

// Page is one page of items and where the next one starts.
type Page[T, C any] struct {
	// Items are the page's items.
	Items []T
	// Next is the cursor of the next page; ignored when More is false.
	Next C
	// More says whether there is a next page.
	More bool
}

// Fetch gets the page at cursor.
type Fetch[T, C any] func(ctx context.Context, cursor C) (Page[T, C], error)

// Seq walks every item of every page from first, fetching pages only as the
// consumer asks for items. It follows the Go iterator conventions: the first
// error is yielded once (with a zero item) and ends the walk; breaking out of
// the loop fetches nothing more. The context is checked before every page.
func Seq[T, C any](ctx context.Context, first C, fetch Fetch[T, C]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
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
			if !page.More {
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
