// Package batch sends a long list of ids or resources in requests of a
// bounded size: the engine behind the generated batchers (x-respondkit-batch
// in the specs).
package batch

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/httpclient"
)

// Split cuts items into consecutive batches of at most size items.
func Split[T any](items []T, size int) [][]T {
	size = max(size, 1)
	out := make([][]T, 0, (len(items)+size-1)/size)
	for i := 0; i < len(items); i += size {
		out = append(out, items[i:min(i+size, len(items))])
	}
	return out
}

// Each runs call on the batches of at most size items, at most parallel at
// a time, and returns the results in batch order with the first error in
// batch order. With parallel 1 the batches go one after another and the
// first error stops the rest (what a request that must not be resent needs:
// nothing more is sent once one failed). A panic in a call becomes its
// batch's error: a goroutine the library starts must not crash the process.
func Each[T, R any](ctx context.Context, api string, items []T, size, parallel int, call func(ctx context.Context, batch []T) (R, error)) ([]R, error) {
	if ctx == nil {
		return nil, fmt.Errorf("%s: %w", api, httpclient.ErrNilContext)
	}
	bs := Split(items, size)
	out := make([]R, len(bs))
	errs := make([]error, len(bs))
	var (
		mu     sync.Mutex
		raised error
	)
	run := func(i int) {
		defer func() {
			if r := recover(); r != nil {
				mu.Lock()
				if raised == nil {
					raised = apierror.Panicked(fmt.Sprintf("%s: batch %d", api, i), r)
				}
				mu.Unlock()
				errs[i] = errPanicked
			}
		}()
		out[i], errs[i] = call(ctx, bs[i])
	}
	if parallel <= 1 {
		for i := range bs {
			if run(i); errs[i] != nil {
				break
			}
		}
	} else {
		sem := make(chan struct{}, parallel)
		var wg sync.WaitGroup
		for i := range bs {
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				run(i)
			})
		}
		wg.Wait()
	}
	if raised != nil {
		panic(raised)
	}
	for _, err := range errs {
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// errPanicked stops a sequential run after a batch panicked; the panic is
// raised again before it could be returned.
var errPanicked = errors.New("batch panicked")
