package faketest_test

import (
	"fmt"
	"io"
	"net/http"

	"github.com/respondkit/respondkit/clients/faketest"
)

// Put fault injection in front of a handler of your own: the first request
// meets a 429, the second a 503, the third reaches the handler.
func Example() {
	srv := faketest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "ok")
	}))
	defer srv.Close()
	srv.Faults.Inject(1, faketest.RetryAfterFault(1, `{"message":"slow down"}`))
	srv.Faults.Inject(1, faketest.StatusFault(503, `{"message":"unavailable"}`))

	for range 3 {
		resp, err := http.Get(srv.URL + "/things")
		if err != nil {
			panic(err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		fmt.Println(resp.StatusCode, resp.Header.Get("Retry-After"), string(body))
	}
	fmt.Println(len(srv.Received()), "requests,", srv.Faults.Served(), "faults served")
	// Output:
	// 429 1 {"message":"slow down"}
	// 503  {"message":"unavailable"}
	// 200  ok
	// 3 requests, 2 faults served
}
