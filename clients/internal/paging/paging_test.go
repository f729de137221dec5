package paging

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/respondkit/respondkit"
)

// list serves items 0..n-1 by offset (or by page number when pages is set),
// with the total when withTotal, counting fetches and requests in flight.
type list struct {
	mu        sync.Mutex
	n, size   int
	withTotal bool
	pages     bool
	failAt    int // fail when asked for this position (-1: never)
	delay     func(at int) time.Duration
	onFetch   func(at int) // called under no lock before answering

	fetches, inFlight, maxInFlight atomic.Int32
	cancelled                      atomic.Int32
	liveMu                         sync.Mutex
	live                           map[int]bool  // positions being fetched
	startedWith                    map[int][]int // position -> the other positions being fetched when its fetch started
}

func (l *list) fetch(ctx context.Context, at int) (*respondkit.Page[int], error) {
	l.fetches.Add(1)
	cur := l.inFlight.Add(1)
	defer l.inFlight.Add(-1)
	l.liveMu.Lock()
	if l.live == nil {
		l.live, l.startedWith = map[int]bool{}, map[int][]int{}
	}
	for p := range l.live {
		l.startedWith[at] = append(l.startedWith[at], p)
	}
	l.live[at] = true
	l.liveMu.Unlock()
	defer func() {
		l.liveMu.Lock()
		delete(l.live, at)
		l.liveMu.Unlock()
	}()
	for {
		m := l.maxInFlight.Load()
		if cur <= m || l.maxInFlight.CompareAndSwap(m, cur) {
			break
		}
	}
	if l.delay != nil {
		select {
		case <-time.After(l.delay(at)):
		case <-ctx.Done():
			l.cancelled.Add(1)
			return nil, ctx.Err()
		}
	}
	if l.onFetch != nil {
		l.onFetch(at)
	}
	if at == l.failAt {
		return nil, errors.New("boom")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	offset := at
	if l.pages {
		offset = (max(at, 1) - 1) * l.size
	}
	p := &respondkit.Page[int]{Total: -1}
	for i := offset; i < min(offset+l.size, l.n); i++ {
		p.Items = append(p.Items, i)
	}
	if l.withTotal {
		p.Total = l.n
	}
	switch {
	case l.pages && offset+len(p.Items) < l.n && len(p.Items) > 0:
		p.Next = max(at, 1) + 1
	case !l.pages:
		if next, more := NextOffset(offset, l.size, len(p.Items), p.Total, true); more {
			p.Next = next
		}
	}
	return p, nil
}

func (l *list) grow(k int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n += k
}

func collect(t *testing.T, seq func(func(int, error) bool)) ([]int, error) {
	t.Helper()
	var got []int
	for v, err := range seq {
		if err != nil {
			return got, err
		}
		got = append(got, v)
	}
	return got, nil
}

func upTo(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func TestWalkEveryPage(t *testing.T) {
	for _, tc := range []struct {
		name        string
		n, size     int
		o           Options
		pages, tot  bool
		wantFetches int32
	}{
		{"empty", 0, 10, Options{}, false, false, 1},
		{"one short page", 5, 10, Options{}, false, false, 1},
		{"full pages, no total: one empty page at the end", 30, 10, Options{}, false, false, 4},
		{"short last page", 25, 10, Options{}, false, false, 3},
		{"total known", 30, 10, Options{Style: Offsets}, false, true, 3},
		{"parallel offsets", 95, 10, Options{Style: Offsets, Concurrency: 4}, false, true, 10},
		{"parallel page numbers", 95, 10, Options{Style: PageNumbers, Concurrency: 3}, true, true, 10},
		{"parallel, one page", 7, 10, Options{Style: Offsets, Concurrency: 4}, false, true, 1},
		{"parallel without a total: sequential", 30, 10, Options{Style: Offsets, Concurrency: 4}, false, false, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &list{n: tc.n, size: tc.size, failAt: -1, pages: tc.pages, withTotal: tc.tot}
			got, err := collect(t, Walk(context.Background(), "api", tc.o, 0, l.fetch))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, upTo(tc.n)) {
				t.Errorf("got %v, want 0..%d in order", got, tc.n-1)
			}
			if f := l.fetches.Load(); f != tc.wantFetches {
				t.Errorf("%d fetches, want %d", f, tc.wantFetches)
			}
		})
	}
}

// TestWalkReadsAhead: the next page is fetched while the loop consumes the
// current one.
func TestWalkReadsAhead(t *testing.T) {
	l := &list{n: 30, size: 10, failAt: -1}
	var during int32
	for v, err := range Walk(context.Background(), "api", Options{}, 0, l.fetch) {
		if err != nil {
			t.Fatal(err)
		}
		if v == 5 {
			// Page 2 is on its way before page 1 is consumed.
			deadline := time.Now().Add(5 * time.Second)
			for l.fetches.Load() < 2 && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			during = l.fetches.Load()
		}
	}
	if during != 2 {
		t.Errorf("%d fetches while page 1 was consumed, want 2 (the page ahead)", during)
	}
}

// TestWalkBreakCancels: breaking out of the loop cancels the page in flight
// and waits for it; at most one request beyond the pages consumed is made.
func TestWalkBreakCancels(t *testing.T) {
	for _, o := range []Options{{}, {Style: Offsets, Concurrency: 4}} {
		t.Run(fmt.Sprintf("concurrency %d", o.Concurrency), func(t *testing.T) {
			l := &list{n: 1000, size: 10, failAt: -1, withTotal: true, delay: func(at int) time.Duration {
				if at == 0 {
					return 0
				}
				return time.Hour // never answers: only cancellation ends it
			}}
			count := 0
			for _, err := range Walk(context.Background(), "api", o, 0, l.fetch) {
				if err != nil {
					t.Fatal(err)
				}
				if count++; count == 5 {
					break
				}
			}
			if n := l.inFlight.Load(); n != 0 {
				t.Errorf("%d requests still in flight after the loop returned", n)
			}
			ahead := max(o.Concurrency, 1)
			if f := l.fetches.Load(); f != int32(1+ahead) || l.cancelled.Load() != int32(ahead) {
				t.Errorf("%d fetches, %d cancelled; want %d and %d", f, l.cancelled.Load(), 1+ahead, ahead)
			}
		})
	}
}

// TestWalkParallelOrder: pages that answer out of order are yielded in
// order, with at most Concurrency in flight, and one under pressure.
func TestWalkParallelOrder(t *testing.T) {
	for _, tc := range []struct {
		name     string
		pressure bool
		maxIn    int32
	}{{"concurrency 4", false, 4}, {"under pressure", true, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			l := &list{n: 200, size: 10, failAt: -1, withTotal: true, delay: func(at int) time.Duration {
				return time.Duration((200-at)%37) * 100 * time.Microsecond // later pages often answer first
			}}
			o := Options{Style: Offsets, Concurrency: 4, Pressure: func() bool { return tc.pressure }}
			got, err := collect(t, Walk(context.Background(), "api", o, 0, l.fetch))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, upTo(200)) {
				t.Errorf("items out of order or missing: %v", got)
			}
			if m := l.maxInFlight.Load(); m != tc.maxIn && !(tc.maxIn == 4 && m >= 2 && m <= 4) {
				t.Errorf("%d pages in flight at most, want %d", m, tc.maxIn)
			}
			if tc.pressure && l.maxInFlight.Load() != 1 {
				t.Errorf("%d pages in flight under pressure, want 1", l.maxInFlight.Load())
			}
		})
	}
}

// TestWalkListChanges: a list that grows during the walk ends it with
// ErrChanged before any item can repeat; one that shrinks does so only when
// pages are fetched at once (some before the change, some after).
func TestWalkListChanges(t *testing.T) {
	for _, tc := range []struct {
		name    string
		o       Options
		change  int
		wantErr error
	}{
		{"grows, sequential", Options{Style: Offsets}, +5, ErrChanged},
		{"grows, parallel", Options{Style: Offsets, Concurrency: 4}, +5, ErrChanged},
		{"shrinks, sequential", Options{Style: Offsets}, -15, nil},
		{"shrinks, parallel", Options{Style: Offsets, Concurrency: 4}, -15, ErrChanged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &list{n: 100, size: 10, failAt: -1, withTotal: true}
			once := sync.Once{}
			l.onFetch = func(at int) {
				if at >= 30 {
					once.Do(func() { l.grow(tc.change) })
				}
			}
			got, err := collect(t, Walk(context.Background(), "api", tc.o, 0, l.fetch))
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err %v, want %v", err, tc.wantErr)
			}
			seen := map[int]bool{}
			for _, v := range got {
				if seen[v] {
					t.Fatalf("item %d yielded twice", v)
				}
				seen[v] = true
			}
		})
	}
}

func TestWalkEnds(t *testing.T) {
	t.Run("error once", func(t *testing.T) {
		l := &list{n: 100, size: 10, failAt: 20}
		items, errs := 0, 0
		for _, err := range Walk(context.Background(), "api", Options{}, 0, l.fetch) {
			if err != nil {
				errs++
				continue // a consumer that goes on must still see the end
			}
			items++
		}
		if items != 20 || errs != 1 {
			t.Errorf("%d items and %d errors, want 20 and 1", items, errs)
		}
	})
	t.Run("stuck", func(t *testing.T) {
		stuck := func(_ context.Context, at int) (*respondkit.Page[int], error) {
			return &respondkit.Page[int]{Items: []int{at}, Total: -1, Next: 7}, nil
		}
		got, err := collect(t, Walk(context.Background(), "api", Options{}, 0, stuck))
		if !errors.Is(err, ErrStuck) || len(got) != 2 || err.Error()[:5] != "api: " {
			t.Errorf("got %v, %v; want two items then api: ErrStuck", got, err)
		}
	})
	t.Run("empty page with a next", func(t *testing.T) {
		endless := func(_ context.Context, at int) (*respondkit.Page[int], error) {
			return &respondkit.Page[int]{Total: -1, Next: at + 1}, nil
		}
		if got, err := collect(t, Walk(context.Background(), "api", Options{}, 0, endless)); err != nil || len(got) != 0 {
			t.Errorf("got %v, %v; want the walk to end", got, err)
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		l := &list{n: 100, size: 10, failAt: -1}
		n := 0
		var last error
		for _, err := range Walk(ctx, "api", Options{}, 0, l.fetch) {
			if err != nil {
				last = err
				break
			}
			if n++; n == 10 {
				cancel()
			}
		}
		if !errors.Is(last, context.Canceled) {
			t.Errorf("err %v, want context.Canceled", last)
		}
	})
	t.Run("nil context", func(t *testing.T) {
		l := &list{n: 1, size: 10, failAt: -1}
		//lint:ignore SA1012 a nil context is what the test is about
		if _, err := collect(t, Walk(nil, "api", Options{}, 0, l.fetch)); err == nil || l.fetches.Load() != 0 { //nolint:staticcheck
			t.Errorf("nil context: %v after %d fetches", err, l.fetches.Load())
		}
	})
	t.Run("concurrency out of range", func(t *testing.T) {
		l := &list{n: 1, size: 10, failAt: -1}
		if _, err := collect(t, Walk(context.Background(), "api", Options{Concurrency: 17}, 0, l.fetch)); err == nil || l.fetches.Load() != 0 {
			t.Errorf("Concurrency 17: %v after %d fetches", err, l.fetches.Load())
		}
	})
}

// TestWalkEnd: with an end on offsets (Falcon's 10000), the parallel walk
// asks for no page past it and reports the matches beyond, as the page
// method does.
func TestWalkEnd(t *testing.T) {
	var asked []int
	var mu sync.Mutex
	l := &list{n: 1000, size: 100, failAt: -1, withTotal: true}
	fetch := func(ctx context.Context, at int) (*respondkit.Page[int], error) {
		mu.Lock()
		asked = append(asked, at)
		mu.Unlock()
		if at >= 500 {
			return nil, errors.New("past the end")
		}
		return l.fetch(ctx, at)
	}
	got, err := collect(t, Walk(context.Background(), "api", Options{Style: Offsets, End: 500, Concurrency: 4}, 0, fetch))
	if err == nil || !slices.Equal(got, upTo(500)) {
		t.Errorf("got %d items, %v; want 500 then the end's error", len(got), err)
	}
	if slices.Max(asked) != 500 {
		t.Errorf("asked for %v, want nothing past 500", asked)
	}
}

func TestNextOffset(t *testing.T) {
	for _, tc := range []struct {
		offset, limit, received int
		total                   int
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

// TestWalkRequestsPerList: with Concurrency 8 a walk asks for no page
// before the first answers, so an empty, one-item or one-page list costs one
// request and a list of one page and one item two, whatever the style.
func TestWalkRequestsPerList(t *testing.T) {
	for _, pages := range []bool{false, true} {
		style := Offsets
		if pages {
			style = PageNumbers
		}
		for _, tc := range []struct {
			n    int
			want int32
		}{{0, 1}, {1, 1}, {10, 1}, {11, 2}, {200, 20}} {
			t.Run(fmt.Sprintf("pages=%v/n=%d", pages, tc.n), func(t *testing.T) {
				l := &list{n: tc.n, size: 10, failAt: -1, withTotal: true, pages: pages}
				first := 0
				if pages {
					first = 1
				}
				got, err := collect(t, Walk(context.Background(), "api", Options{Style: style, Size: 10, Concurrency: 8}, first, l.fetch))
				if err != nil || !slices.Equal(got, upTo(tc.n)) {
					t.Fatalf("got %d items, %v; want 0..%d in order", len(got), err, tc.n-1)
				}
				if f := l.fetches.Load(); f != tc.want {
					t.Errorf("%d requests, want %d", f, tc.want)
				}
			})
		}
	}
}

// shiftingList is a newest-first list without a total whose head gets k
// new items once the first page was served, moving every item k places on.
type shiftingList struct {
	mu    sync.Mutex
	items []string
	k     int
	done  bool
}

func (s *shiftingList) fetch(_ context.Context, at int) (*respondkit.Page[string], error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &respondkit.Page[string]{Total: -1}
	p.Items = append(p.Items, s.items[min(at, len(s.items)):min(at+10, len(s.items))]...)
	if next, more := NextOffset(at, 10, len(p.Items), -1, true); more {
		p.Next = next
	}
	if !s.done {
		s.done = true
		fresh := make([]string, s.k)
		for i := range fresh {
			fresh[i] = fmt.Sprintf("new-%d", i)
		}
		s.items = append(fresh, s.items...)
	}
	return p, nil
}

// TestWalkKeyDetectsShift: without a total, items added at the head during
// a walk shift the next pages; with Key, a page holding an id of the page
// before ends the walk with ErrChanged and nothing comes twice. A shift of
// two pages or more (20 items here) puts no id of the page before on the
// next and goes unnoticed, as the documentation says; without Key the
// repeats come through.
func TestWalkKeyDetectsShift(t *testing.T) {
	for _, tc := range []struct {
		name        string
		k           int
		key         bool
		wantChanged bool
		wantRepeat  bool
	}{
		{"one item, keyed", 1, true, true, false},
		{"a page, keyed", 10, true, true, false},
		{"nearly two pages, keyed", 19, true, true, false},
		{"two pages, keyed: unnoticed", 20, true, false, true},
		{"one item, no key: repeats", 1, false, false, true},
		{"nothing added", 0, true, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &shiftingList{k: tc.k}
			for i := range 45 {
				l.items = append(l.items, fmt.Sprint("item-", i))
			}
			o := Options{Style: Sequential, Size: 10}
			if tc.key {
				o.Key = KeyOf(func(s string) string { return s })
			}
			seen := map[string]bool{}
			repeat := false
			var err error
			for v, e := range Walk(context.Background(), "api", o, 0, l.fetch) {
				if e != nil {
					err = e
					break
				}
				repeat = repeat || seen[v]
				seen[v] = true
			}
			if changed := errors.Is(err, ErrChanged); changed != tc.wantChanged || (err != nil && !changed) {
				t.Errorf("err %v, want ErrChanged: %v", err, tc.wantChanged)
			}
			if repeat != tc.wantRepeat {
				t.Errorf("an item came twice: %v, want %v", repeat, tc.wantRepeat)
			}
		})
	}
}

// TestWalkPanicRaisedInCaller: a panic in a fetch, which runs in a goroutine
// of the walk, is raised again in the caller's goroutine, wrapping the panic
// value (an error stays reachable with errors.Is), once no fetch is left
// running; whether the panicking page is the first, one read ahead, one of
// several fetched at once, or one the caller no longer wanted.
func TestWalkPanicRaisedInCaller(t *testing.T) {
	errBug := errors.New("transport bug")
	for _, tc := range []struct {
		name    string
		opts    Options
		at      int // the position whose fetch panics
		value   any // what it panics with
		breakAt int // the caller breaks out after this many items (0: never)
		items   int // the items yielded before the panic reaches the caller
	}{
		{name: "first page", at: 0, value: "kaboom"},
		{name: "read ahead", at: 10, value: errBug, items: 10},
		{name: "fetched at once", opts: Options{Style: Offsets, Concurrency: 4}, at: 30, value: errBug, items: 30},
		{name: "not wanted any more", at: 10, value: "kaboom", breakAt: 5, items: 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &list{n: 100, size: 10, failAt: -1, withTotal: true}
			l.onFetch = func(at int) {
				if at == tc.at {
					panic(tc.value)
				}
			}
			items := 0
			var recovered any
			func() {
				defer func() { recovered = recover() }()
				for _, err := range Walk(context.Background(), "api", tc.opts, 0, l.fetch) {
					if err != nil {
						t.Errorf("error %v, want a panic", err)
						return
					}
					if items++; items == tc.breakAt {
						break
					}
				}
			}()
			err, ok := recovered.(error)
			if !ok {
				t.Fatalf("recovered %v, want an error value raised in the caller's goroutine", recovered)
			}
			if !strings.HasPrefix(err.Error(), fmt.Sprintf("api: fetching the page at %d panicked: ", tc.at)) || !strings.Contains(err.Error(), fmt.Sprint(tc.value)) {
				t.Errorf("panic %q, want the api, the page and the value %v", err, tc.value)
			}
			if e, isErr := tc.value.(error); isErr && !errors.Is(err, e) {
				t.Errorf("panic %v does not wrap %v", err, e)
			}
			if items != tc.items {
				t.Errorf("%d items before the panic, want %d", items, tc.items)
			}
			if n := l.inFlight.Load(); n != 0 {
				t.Errorf("%d fetches still running when the panic reached the caller", n)
			}
		})
	}
}

// TestWalkSlowStart: with Concurrency 8 the pages after the first leave in
// rounds: 4 at once (10..40), then, once those are yielded, 8 at once
// (50..120), then each page yielded frees its place; with Concurrency 4
// the first 4 leave at once and each page yielded frees its place (nothing
// changes for a Concurrency up to InitialWindow).
func TestWalkSlowStart(t *testing.T) {
	for _, tc := range []struct {
		conc   int
		rounds [][2]int // positions from..to fetched as a round: nothing else in flight at their start
		max    int32
	}{
		{conc: 8, rounds: [][2]int{{10, 40}, {50, 120}}, max: 8},
		{conc: 4, rounds: [][2]int{{10, 40}}, max: 4},
	} {
		t.Run(fmt.Sprintf("concurrency %d", tc.conc), func(t *testing.T) {
			l := &list{n: 300, size: 10, failAt: -1, withTotal: true, delay: func(int) time.Duration { return 5 * time.Millisecond }}
			got, err := collect(t, Walk(context.Background(), "api", Options{Style: Offsets, Concurrency: tc.conc}, 0, l.fetch))
			if err != nil || len(got) != 300 {
				t.Fatalf("%d items, %v", len(got), err)
			}
			for _, r := range tc.rounds {
				for at := r[0]; at <= r[1]; at += 10 {
					for _, other := range l.startedWith[at] {
						if other < r[0] || other > r[1] {
							t.Errorf("the page at %d started while the page at %d was in flight, want only pages %d..%d", at, other, r[0], r[1])
						}
					}
				}
			}
			if m := l.maxInFlight.Load(); m != tc.max {
				t.Errorf("%d pages in flight at most, want %d", m, tc.max)
			}
		})
	}
}

// TestWalkPressureHalvesWindow: pressure during a walk at Concurrency 8
// keeps one page in flight; once it ends, the pages in flight grow back
// one at a time from half the window, not at once to 8.
func TestWalkPressureHalvesWindow(t *testing.T) {
	var press atomic.Bool
	var yielded atomic.Int32
	l := &list{n: 1000, size: 10, failAt: -1, withTotal: true, delay: func(int) time.Duration { return 2 * time.Millisecond }}
	pressure := func() bool { return press.Load() }
	var afterPressure []int32
	for _, err := range Walk(context.Background(), "api", Options{Style: Offsets, Concurrency: 8, Pressure: pressure}, 0, l.fetch) {
		if err != nil {
			t.Fatal(err)
		}
		n := yielded.Add(1)
		switch {
		case n == 200:
			press.Store(true)
		case n == 400:
			press.Store(false)
		case n > 400 && n%10 == 0:
			afterPressure = append(afterPressure, l.inFlight.Load())
		}
		if n > 300 && n <= 400 && l.inFlight.Load() > 1 {
			t.Fatalf("%d pages in flight under pressure, want 1", l.inFlight.Load())
		}
	}
	if len(afterPressure) < 3 || afterPressure[0] > 4 {
		t.Errorf("pages in flight after the pressure: %v, want at most 4 at first (half the window)", afterPressure)
	}
	if m := slices.Max(afterPressure); m < 5 {
		t.Errorf("pages in flight after the pressure: %v, want them to grow back above half the window", afterPressure)
	}
}

// TestWalkRoundsReadAhead: a loop slower than the service still has pages
// read ahead when a round ends: while the loop holds the last page of the
// first round (the page at 40), the second round is on its way, so the loop
// never waits for a round it could have had.
func TestWalkRoundsReadAhead(t *testing.T) {
	l := &list{n: 300, size: 10, failAt: -1, withTotal: true}
	started := make(chan int, 64)
	l.onFetch = func(at int) { started <- at }
	for v, err := range Walk(context.Background(), "api", Options{Style: Offsets, Concurrency: 8}, 0, l.fetch) {
		if err != nil {
			t.Fatal(err)
		}
		if v != 40 {
			continue
		}
		// The loop works on the round's last page: the page at 50, the
		// second round's first, must be asked for now, not after.
		deadline := time.After(10 * time.Second)
		for at := -1; at != 50; {
			select {
			case at = <-started:
			case <-deadline:
				t.Fatalf("while the loop held the page at 40, the second round did not leave (%d fetches)", l.fetches.Load())
			}
		}
		break
	}
}
