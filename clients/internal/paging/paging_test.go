package paging

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// pages serves items 0..n-1 in pages of size, counting fetches.
type pages struct {
	n, size int
	fetches int
	failAt  int // fail when asked for this offset (-1: never)
}

func (p *pages) fetch(_ context.Context, offset int) (Page[int, int], error) {
	p.fetches++
	if offset == p.failAt {
		return Page[int, int]{}, errors.New("boom")
	}
	var items []int
	for i := offset; i < min(offset+p.size, p.n); i++ {
		items = append(items, i)
	}
	next, more := NextOffset(offset, p.size, len(items), -1, true)
	return Page[int, int]{Items: items, Next: next, More: more}, nil
}

func TestSeqWalksEveryPage(t *testing.T) {
	for _, tc := range []struct{ n, size, fetches int }{
		{0, 10, 1}, {5, 10, 1}, {10, 10, 2}, {25, 10, 3}, {30, 10, 4},
	} {
		p := &pages{n: tc.n, size: tc.size, failAt: -1}
		var got []int
		for v, err := range Seq(context.Background(), 0, p.fetch) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
		}
		want := make([]int, tc.n)
		for i := range want {
			want[i] = i
		}
		if !slices.Equal(got, want) || p.fetches != tc.fetches {
			t.Errorf("n=%d size=%d: got %d items in %d fetches, want %d in %d", tc.n, tc.size, len(got), p.fetches, tc.n, tc.fetches)
		}
	}
}

func TestSeqStopsOnBreak(t *testing.T) {
	p := &pages{n: 100, size: 10, failAt: -1}
	count := 0
	for _, err := range Seq(context.Background(), 0, p.fetch) {
		if err != nil {
			t.Fatal(err)
		}
		if count++; count == 15 {
			break
		}
	}
	if p.fetches != 2 {
		t.Errorf("%d fetches after breaking in page 2, want 2", p.fetches)
	}
}

func TestSeqYieldsErrorOnce(t *testing.T) {
	p := &pages{n: 100, size: 10, failAt: 20}
	var items, errs int
	for _, err := range Seq(context.Background(), 0, p.fetch) {
		if err != nil {
			errs++
			continue // a consumer that goes on must still see the end
		}
		items++
	}
	if items != 20 || errs != 1 {
		t.Errorf("%d items and %d errors, want 20 and 1", items, errs)
	}
}

func TestSeqChecksContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := &pages{n: 100, size: 10, failAt: -1}
	var last error
	n := 0
	for _, err := range Seq(ctx, 0, p.fetch) {
		if err != nil {
			last = err
			break
		}
		if n++; n == 10 {
			cancel()
		}
	}
	if !errors.Is(last, context.Canceled) || p.fetches != 1 {
		t.Errorf("err %v after %d fetches, want context.Canceled after 1", last, p.fetches)
	}
}

func TestNextOffset(t *testing.T) {
	for _, tc := range []struct {
		offset, limit, received int
		total                   int64
		full                    bool
		next                    int
		more                    bool
	}{
		{0, 100, 100, -1, true, 100, true},
		{0, 100, 99, -1, true, 99, false},
		{0, 100, 0, -1, true, 0, false},
		{100, 100, 50, 300, false, 150, true}, // short page, total not reached: count, do not trust page size
		{200, 100, 100, 300, false, 300, false},
		{0, 100, 0, 300, false, 0, false},
	} {
		next, more := NextOffset(tc.offset, tc.limit, tc.received, tc.total, tc.full)
		if next != tc.next || more != tc.more {
			t.Errorf("NextOffset(%d, %d, %d, %d, %v) = %d, %v; want %d, %v", tc.offset, tc.limit, tc.received, tc.total, tc.full, next, more, tc.next, tc.more)
		}
	}
}
