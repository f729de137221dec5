package fake

import (
	"iter"
	"runtime"
	"testing"
)

// CheckFlatHeap iterates seq to the end and fails t unless it yields total
// items without error and the live heap after a GC at the last item is at
// most 1 MiB above the one at item `at`: an iterator that holds one page at
// a time does not grow with the item count.
func CheckFlatHeap[T any](t testing.TB, seq iter.Seq2[T, error], at, total int) {
	t.Helper()
	var first, last uint64
	n := 0
	for _, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		n++
		switch n {
		case at:
			first = heapAfterGC()
		case total:
			last = heapAfterGC()
		}
	}
	if n != total {
		t.Fatalf("iterated %d, want %d", n, total)
	}
	t.Logf("live heap after %d items: %d B, after %d: %d B", at, first, total, last)
	if last > first+1<<20 {
		t.Errorf("live heap grew by %d B between %d and %d items", last-first, at, total)
	}
}

func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchIterate runs the iterator seq returns to the end b.N times, fails
// unless each run yields total items without error, and reports items/s.
func BenchIterate[T any](b *testing.B, total int, seq func() iter.Seq2[T, error]) {
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range seq() {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != total {
			b.Fatalf("iterated %d, want %d", n, total)
		}
	}
	b.ReportMetric(float64(total*b.N)/b.Elapsed().Seconds(), "items/s")
}
