package transport

import (
	"net/http"
	"testing"
)

func TestResendSafe(t *testing.T) {
	table := NewResend([]Operation{
		{Method: "GET", Path: "/v1/executions/{id}", Safe: true},
		{Method: "DELETE", Path: "/v1/executions/{id}", Safe: false},
		{Method: "PUT", Path: "/v1/executions/{id}/labels", Safe: true},
		{Method: "POST", Path: "/api/items/{uuid}/silence/", Safe: false},
		{Method: "POST", Path: "/oauth2/token", Safe: true},
		{Method: "GET", Path: "/v1/run/{id}", Safe: false}, // a GET that acts
	})
	for _, tc := range []struct {
		method, url string
		want        bool
	}{
		{"GET", "https://h/v1/executions/abc", true},
		{"DELETE", "https://h/v1/executions/abc", false},
		{"DELETE", "https://h/prefix/v1/executions/abc", false},
		{"PUT", "https://h/v1/executions/abc/labels", true},
		{"PUT", "https://h/v1/executions/abc", false}, // not in the table: by method
		{"POST", "https://h/api/items/0d6c/silence/", false},
		{"POST", "https://h/oauth2/token", true},
		{"POST", "https://h/oauth2/token/", true},
		{"POST", "https://h/x/oauth2/token", true},
		{"POST", "https://h/oauth2/other", false},
		{"GET", "https://h/not/in/the/table", true},
		{"HEAD", "https://h/v1/executions/abc", true},
		{"DELETE", "https://h/v1/executions//", false},
		{"PATCH", "https://h/v1/executions/abc", false},
		{"GET", "https://h/v1/run/abc", false},
		{"GET", "https://h/prefix/v1/run/abc", false},
		{"HEAD", "https://h/v1/run/abc", true}, // no HEAD operation: by method
		{"GET", "https://h/v1/run", true},
	} {
		r, err := http.NewRequest(tc.method, tc.url, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := table.Safe(r); got != tc.want {
			t.Errorf("%s %s: safe %v, want %v", tc.method, tc.url, got, tc.want)
		}
	}
	var none *Resend
	r, _ := http.NewRequest("DELETE", "https://h/x", nil)
	if none.Safe(r) {
		t.Error("a DELETE is safe without a table")
	}
}

func BenchmarkResendSafe(b *testing.B) {
	table := NewResend([]Operation{
		{Method: "GET", Path: "/v1/executions", Safe: true},
		{Method: "POST", Path: "/v1/executions", Safe: false},
		{Method: "GET", Path: "/v1/executions/{id}", Safe: true},
		{Method: "DELETE", Path: "/v1/executions/{id}", Safe: false},
	})
	r, _ := http.NewRequest("GET", "https://h/v1/executions/abc", nil)
	b.ReportAllocs()
	for b.Loop() {
		table.Safe(r)
	}
}
