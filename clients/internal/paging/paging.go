// Package paging turns "fetch one page" into a lazy iterator over every item
// of every page, the engine behind every generated list method: pages are
// fetched one ahead of the loop, or several at once when their positions can
// be computed, and the walk always ends.
package paging

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync"

	"github.com/respondkit/respondkit"
	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/internal/textclip"
)

// Style says how the positions of the pages after the first can be
// computed, for fetching them in parallel.
type Style int

// The paging styles.
const (
	// Sequential: each page says where the next one is (a link, a cursor,
	// or no total); pages are fetched one after the other, one ahead.
	Sequential Style = iota
	// Offsets: page k starts at first + k × the first page's length.
	Offsets
	// PageNumbers: page k is page number k (from 1).
	PageNumbers
)

// MaxConcurrency is the most pages Options.Concurrency may fetch at once.
const MaxConcurrency = 16

// Options tune a walk.
type Options struct {
	// Style says whether the remaining positions can be computed from the
	// first page's total.
	Style Style
	// End bounds the offsets (Falcon pages no further than 10000); 0: none.
	End int
	// Size is the page size asked for (Offsets). The walk asks for no page
	// before the first answers: the first page's total says how many more
	// there are, so a list of one page costs one request.
	Size int
	// Concurrency above 1 fetches up to that many pages at once once the
	// first page gives the total, yielding items in the service's order
	// (above InitialWindow, after a start in rounds of InitialWindow pages,
	// then twice as many); otherwise one page is fetched ahead of the loop.
	Concurrency int
	// Pressure, when set, reports that the service signals pressure (few
	// requests left, a rate-limit cooldown): the walk then keeps a single
	// request in flight.
	Pressure func() bool
	// Key, when set, is a func(T) string giving an item's id (see KeyOf):
	// a page holding an id of the page before it means the list shifted
	// under the walk (items added before the position read), which ends
	// the walk with ErrChanged before that page's items are yielded.
	Key any
}

// KeyOf returns an Options.Key for items of type T.
func KeyOf[T any](key func(T) string) any { return key }

// ErrStuck and ErrChanged are the walk's own errors (see respondkit).
var (
	ErrStuck   = respondkit.ErrPagingStuck
	ErrChanged = respondkit.ErrListChanged
)

// Fetch gets the page at a position.
type Fetch[T any] func(ctx context.Context, at int) (*respondkit.Page[T], error)

type result[T any] struct {
	at   int
	page *respondkit.Page[T]
	err  error
}

// Walk iterates over every item of the pages that fetch returns, starting at
// the position first. It follows the Go iterator conventions: the first error
// is yielded once (with a zero item) and ends the walk; breaking out of the
// loop cancels the requests in flight and waits for them, so nothing is left
// running.
//
// The walk always ends: an empty page is the last whatever it says, and a
// next position equal to the current one is an ErrStuck error. No item is
// yielded twice: a total that differs from the first page's in a way that
// could repeat items (it grew; with pages fetched at once, it changed) is an
// ErrChanged error. Errors of the walk itself carry the api prefix like the
// page method's own. A panic in fetch is raised again in the caller's
// goroutine (its value wrapped with the page and the fetching goroutine's
// stack), once nothing of the walk is left running, as if fetch had been
// called there.
func Walk[T any](ctx context.Context, api string, o Options, first int, fetch Fetch[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if ctx == nil {
			yield(zero, fmt.Errorf("%s: %w", api, httpclient.ErrNilContext))
			return
		}
		if o.Concurrency < 0 || o.Concurrency > MaxConcurrency {
			yield(zero, fmt.Errorf("%s: Concurrency %d out of range 0..%d", api, o.Concurrency, MaxConcurrency))
			return
		}
		w := &walk[T]{api: api, o: o, fetch: fetch, yield: yield, total: -1}
		if o.Key != nil {
			k, ok := o.Key.(func(T) string)
			if !ok {
				yield(zero, fmt.Errorf("%s: paging key %T does not fit the items", api, o.Key))
				return
			}
			w.key = k
		}
		w.ctx, w.cancel = context.WithCancel(ctx)
		defer w.stop()
		w.run(first)
	}
}

type walk[T any] struct {
	api    string
	o      Options
	fetch  Fetch[T]
	yield  func(T, error) bool
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	total  int // the first page's total, -1 when unknown
	// parallelMode: pages are fetched at once.
	parallelMode bool
	// key gives an item's id (Options.Key); prev holds the ids of the
	// page yielded last.
	key  func(T) string
	prev map[string]struct{}
	// panicked is the first panic of a fetch, wrapped, to raise again in
	// the caller's goroutine.
	mu       sync.Mutex
	panicked error
}

// errPanicked is the result of a fetch that panicked; the panic is raised
// again before it could be yielded.
var errPanicked = errors.New("fetch panicked")

// stop cancels what is in flight and waits for it; a fetch that panicked
// (even one whose page the walk no longer wanted) panics again here.
func (w *walk[T]) stop() {
	w.cancel()
	w.wg.Wait()
	w.raise()
}

// raise raises again the panic of a fetch, if any, once.
func (w *walk[T]) raise() {
	w.mu.Lock()
	p := w.panicked
	w.panicked = nil
	w.mu.Unlock()
	if p != nil {
		w.stop()
		panic(p)
	}
}

// start fetches the page at in the background.
func (w *walk[T]) start(at int) <-chan result[T] {
	ctx := w.ctx
	ch := make(chan result[T], 1)
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		r := result[T]{at: at}
		defer func() {
			// A goroutine the library starts must not crash the process:
			// the panic goes to the caller's goroutine.
			if p := recover(); p != nil {
				w.mu.Lock()
				if w.panicked == nil {
					w.panicked = apierror.Panicked(fmt.Sprintf("%s: fetching the page at %d", w.api, at), p)
				}
				w.mu.Unlock()
				r = result[T]{at: at, err: errPanicked}
			}
			ch <- r
		}()
		r.page, r.err = w.fetch(ctx, at)
		if r.err == nil && r.page == nil {
			r.err = fmt.Errorf("%s: no page at %d", w.api, at)
		}
	}()
	return ch
}

// await waits for a page, or for the caller's context to end.
func (w *walk[T]) await(ch <-chan result[T]) result[T] {
	select {
	case r := <-ch:
		if r.err == errPanicked {
			w.raise()
		}
		if r.err != nil && w.ctx.Err() != nil {
			// The fetch failed because the walk's context ended: say so.
			r.err = w.wrap(context.Cause(w.ctx))
		}
		return r
	case <-w.ctx.Done():
		return result[T]{err: w.wrap(context.Cause(w.ctx))}
	}
}

func (w *walk[T]) wrap(err error) error { return fmt.Errorf("%s: %w", w.api, err) }

// fail yields err and reports false.
func (w *walk[T]) fail(err error) bool {
	var zero T
	w.yield(zero, err)
	return false
}

// emit yields a page's items after checking the list did not grow; it
// reports whether the walk goes on.
func (w *walk[T]) emit(r result[T]) bool {
	if r.err != nil {
		return w.fail(r.err)
	}
	// Pages fetched one after the other can only repeat an item when the
	// list grew; pages fetched at once can whenever it changed, since some
	// were answered before the change and some after.
	if w.total >= 0 && (r.page.Total > w.total || w.parallelMode && r.page.Total != w.total) {
		return w.fail(w.wrap(fmt.Errorf("%w (%d items, now %d)", ErrChanged, w.total, r.page.Total)))
	}
	if w.key != nil && !w.checkKeys(r.page.Items) {
		return false
	}
	for _, it := range r.page.Items {
		if !w.yield(it, nil) {
			return false
		}
	}
	return true
}

// checkKeys ends the walk with ErrChanged when a page holds an id of the
// page before it (the list shifted under the walk), and otherwise keeps the
// page's ids for the next check.
func (w *walk[T]) checkKeys(items []T) bool {
	next := make(map[string]struct{}, len(items))
	for _, it := range items {
		k := w.key(it)
		if _, seen := w.prev[k]; seen {
			return w.fail(w.wrap(fmt.Errorf("%w (item %q of the page before came again)", ErrChanged, textclip.Clip(k))))
		}
		next[k] = struct{}{}
	}
	w.prev = next
	return true
}

func (w *walk[T]) run(first int) {
	if err := w.ctx.Err(); err != nil {
		w.fail(w.wrap(err))
		return
	}
	// The first page alone: its total says whether there are more, so
	// an empty or one-page list costs one request.
	r := w.await(w.start(first))
	if r.err != nil {
		w.fail(r.err)
		return
	}
	w.total = r.page.Total
	if plan := w.plan(first, r.page); plan != nil {
		w.parallelMode = true
		w.parallel(r, plan)
		return
	}
	w.sequential(r)
}

// plan returns the positions of the remaining pages when they can be fetched
// in parallel, or nil.
func (w *walk[T]) plan(first int, p *respondkit.Page[T]) []int {
	if w.o.Concurrency <= 1 || p.Total < 0 || !p.HasNext() || len(p.Items) == 0 {
		return nil
	}
	var out []int
	switch w.o.Style {
	case Offsets:
		step := p.Next - first
		if step <= 0 || step != len(p.Items) {
			return nil
		}
		for at := p.Next; at < p.Total && (w.o.End <= 0 || at < w.o.End); at += step {
			out = append(out, at)
		}
		if w.o.End > 0 && p.Total > w.o.End {
			// The page method reports matches past the end itself.
			out = append(out, w.o.End)
		}
	case PageNumbers:
		size := len(p.Items)
		pages := (p.Total + size - 1) / size
		for n := max(first, 1) + 1; n <= pages; n++ {
			out = append(out, n)
		}
	default:
		return nil
	}
	return out
}

// sequential follows each page's Next, fetching the next page while the loop
// consumes the current one.
func (w *walk[T]) sequential(r result[T]) {
	for {
		var next <-chan result[T]
		stuck := false
		if p := r.page; p.HasNext() && len(p.Items) > 0 {
			if stuck = p.Next == r.at; !stuck {
				next = w.start(p.Next)
			}
		}
		if !w.emit(r) {
			return
		}
		if stuck {
			w.fail(w.wrap(fmt.Errorf("%w (%d)", ErrStuck, r.at)))
			return
		}
		if next == nil {
			return
		}
		r = w.await(next)
	}
}

// InitialWindow is the most pages a walk asks for at once right after the
// first page: a slow start, as TCP's initial window of up to four segments
// (RFC 3390), for services whose answers carry no count of the requests
// left, so that a walk meets an unknown rate limit with a small burst.
const InitialWindow = 4

// parallel yields the first page while fetching the planned pages, and
// yields them in order. The pages held (answered or on their way, besides
// the one being yielded) are at most a window. With a Concurrency above
// InitialWindow the walk starts in rounds: InitialWindow pages asked for at
// once, then, once they have all answered, twice as many (leaving while the
// loop works on the round's last page), up to Concurrency.
// The pages of a round reach the service together and a rate limit crossed
// in a round is met by that round's requests past the limit alone: their
// 429s are retried, and seen by the limiter, before the next round leaves.
// After a round of Concurrency pages, each page yielded frees its place for
// the next at once. Under pressure (a 429, few requests left) one page is
// in flight and the window is halved; it then grows by one per window of
// pages yielded (additive increase, as TCP after a loss).
func (w *walk[T]) parallel(first result[T], plan []int) {
	var queue []<-chan result[T]
	launched := 0
	window := min(w.o.Concurrency, InitialWindow)
	rounds, grown, pressed := window < w.o.Concurrency, 0, false
	fill := func() {
		press := w.o.Pressure != nil && w.o.Pressure()
		if press && !pressed {
			window, grown, rounds = max(window/2, 1), 0, false
		}
		pressed = press
		if rounds {
			if len(queue) > 0 {
				return // the round before is not all yielded
			}
			if launched > 0 {
				rounds = window < w.o.Concurrency
				window = min(2*window, w.o.Concurrency)
			}
		}
		for launched < len(plan) && len(queue) < window && (len(queue) == 0 || !press) {
			queue = append(queue, w.start(plan[launched]))
			launched++
		}
	}
	fill()
	if !w.emit(first) {
		return
	}
	for len(queue) > 0 {
		r := w.await(queue[0])
		queue = queue[1:]
		if r.err == nil && len(r.page.Items) == 0 {
			return // the list shrank: nothing further
		}
		if rounds && len(queue) == 0 && r.err == nil {
			// The last page of a round has answered, and so has every
			// page before it (their 429s retried and seen): the next
			// round leaves while the loop works on this page, so that a
			// slow loop still has pages read ahead.
			fill()
		}
		if !w.emit(r) {
			return
		}
		if grown++; !rounds && !pressed && grown >= window {
			window, grown = min(window+1, w.o.Concurrency), 0
		}
		fill()
	}
}

// NextOffset computes offset paging by counting: the next offset is the
// request's offset plus the items received. There is more while the page
// was not empty and, when the page was full-length matters (fullPages), had
// as many items as asked for, and while the total (if known, >= 0) is not
// reached.
func NextOffset(offset, limit, received int, total int, fullPages bool) (next int, more bool) {
	next = offset + received
	switch {
	case received == 0:
		return next, false
	case fullPages && received < limit:
		return next, false
	case total >= 0 && next >= total:
		return next, false
	}
	return next, true
}
