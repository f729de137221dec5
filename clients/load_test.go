package clients_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/respondkit/respondkit/clients/faketest"
	"github.com/respondkit/respondkit/clients/internal/apierror"
)

// TestLoad runs 64 goroutines x 1 000 calls per client (100 under the race
// detector) against the fakes while faults are injected intermittently
// (503, which is retried, 500, which is not, and dropped connections). Every
// call must succeed or return a typed error, and when it is over every
// connection must be back to idle.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test: skipped with -short; `go test ./clients/` runs it")
	}
	const goroutines = 64
	perGoroutine := 1000
	if raceEnabled {
		perGoroutine = 100
	}
	for name, setup := range map[string]subjectFunc{"sysdig": sysdigSubject, "falcon": falconSubject, "waldur": waldurSubject} {
		t.Run(name, func(t *testing.T) {
			w := newWire(t)
			w.Transport.MaxIdleConnsPerHost = goroutines
			s := setup(t, &http.Client{Transport: w}, nil)

			stop := make(chan struct{})
			var injector sync.WaitGroup
			injector.Go(func() {
				faults := []faketest.Fault{statusFault(503), statusFault(500), faketest.DropFault()}
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					case <-time.After(2 * time.Millisecond):
						s.srv.Faults.Inject(1, faults[i%len(faults)])
					}
				}
			})

			var ok, typed, conn atomic.Int64
			var mu sync.Mutex
			var untyped []error
			var wg sync.WaitGroup
			for range goroutines {
				wg.Go(func() {
					for range perGoroutine {
						ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
						err := s.get(ctx)
						cancel()
						var apiErr *apierror.Error
						var urlErr *url.Error
						switch {
						case err == nil:
							ok.Add(1)
						case errors.As(err, &apiErr):
							typed.Add(1)
						case errors.As(err, &urlErr):
							conn.Add(1) // a connection error that outlived the retries
						default:
							mu.Lock()
							untyped = append(untyped, err)
							mu.Unlock()
						}
					}
				})
			}
			wg.Wait()
			close(stop)
			injector.Wait()
			s.srv.Faults.Reset()

			total := int64(goroutines * perGoroutine)
			t.Logf("%d calls: %d succeeded, %d typed API errors, %d connection errors; %d faults served; %d requests",
				total, ok.Load(), typed.Load(), conn.Load(), s.srv.Faults.Served(), s.srv.Requests())
			if len(untyped) > 0 {
				t.Errorf("%d calls failed with an untyped error, e.g. %v", len(untyped), untyped[0])
			}
			if ok.Load()+typed.Load()+conn.Load()+int64(len(untyped)) != total {
				t.Errorf("calls unaccounted for")
			}
			if ok.Load() < total/2 {
				t.Errorf("only %d of %d calls succeeded", ok.Load(), total)
			}
			// Every connection goes back to idle once the calls are done. A
			// connection the client dialed but never needed (another one
			// became free first) stays "new" on the server: idle too.
			deadline := time.Now().Add(2 * time.Second)
			for {
				states := s.srv.ConnStates()
				open := states[http.StateIdle] + states[http.StateNew]
				if states[http.StateActive] == 0 && open <= goroutines {
					if states[http.StateIdle] == 0 {
						t.Errorf("no idle connection left for reuse: %v", states)
					}
					break
				}
				if time.Now().After(deadline) {
					t.Errorf("connections still busy after the calls: %v", states)
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}
