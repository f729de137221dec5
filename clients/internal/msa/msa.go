// Package msa decodes CrowdStrike's MSA envelope ({resources, errors, meta})
// for the Falcon wrapper's generated methods: the resources are the result,
// the per-resource errors are collected for a partial-failure error, and a
// 404 that carries the envelope (Falcon's "some of these ids do not exist")
// is a partial answer rather than a failure.
package msa

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/respondkit/respondkit/clients/internal/apierror"
	"github.com/respondkit/respondkit/clients/internal/httpclient"
	"github.com/respondkit/respondkit/clients/internal/jsondec"
	"github.com/respondkit/respondkit/gen/falconapi"
	"github.com/respondkit/respondkit/internal/jsonfast"
)

const api = "falcon"

// Envelope is the MSA answer, decoded into the generated item type.
type Envelope[T any] struct {
	Errors    []falconapi.APIError `json:"errors"`
	Meta      falconapi.MetaInfo   `json:"meta"`
	Resources []T                  `json:"resources"`
}

// DecodeJSON decodes the envelope with the generated decoder of the answer
// type of the same fields (falconapi.PoliciesResponse for policies,
// falconapi.QueryResponse for ids), so that batch answers are decoded as
// pages are; any other envelope by reflection.
func (e *Envelope[T]) DecodeJSON(d *jsonfast.Decoder) error {
	switch e := any(e).(type) {
	case *Envelope[falconapi.Policy]:
		return (*falconapi.PoliciesResponse)(e).DecodeJSON(d)
	case *Envelope[string]:
		return (*falconapi.QueryResponse)(e).DecodeJSON(d)
	}
	return jsonfast.Reflect(d, e)
}

// Decode decodes an answer expected to hold about n resources (a page
// size, a batch; 0 when unknown) with a wanted status into its envelope.
// An answer with more than n resources (n > 0) is an error.
func Decode[T any](n int, resp *http.Response, err error, want ...int) (*Envelope[T], error) {
	if n <= 0 {
		return httpclient.Decode[Envelope[T]](api, resp, err, want...)
	}
	env := &Envelope[T]{Resources: httpclient.Presize[T](n)}
	if err := httpclient.DecodeItems[T](api, resp, err, env, n, want...); err != nil {
		return nil, err
	}
	return env, nil
}

// DecodeFound is Decode for the operations whose 404 answers use the 200
// envelope: the resources found (or deleted) and the vendor's per-id errors.
// A 404 whose body is not such an envelope (a proxy's page) reports the
// whole batch as not found.
func DecodeFound[T any](n int, batch []string, resp *http.Response, err error, want int) (*Envelope[T], error) {
	if err != nil || resp.StatusCode != http.StatusNotFound {
		return Decode[T](n, resp, err, want)
	}
	trace := resp.Header.Get("X-CS-TRACEID")
	body, rerr := io.ReadAll(io.LimitReader(resp.Body, jsondec.DefaultLimit))
	_ = resp.Body.Close()
	if rerr != nil {
		return nil, fmt.Errorf("falcon: %s %s: 404 answer: %w", resp.Request.Method, resp.Request.URL.Path, rerr)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	env, derr := Decode[T](n, resp, nil, http.StatusNotFound)
	if derr == nil && (len(env.Errors) > 0 || len(env.Resources) > 0) {
		if env.Meta.TraceID == "" {
			env.Meta.TraceID = trace
		}
		return env, nil
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if e := apierror.FromResponse(api, resp); e.RequestID != "" {
		trace = e.RequestID
	}
	errs := make([]falconapi.APIError, len(batch))
	for i, id := range batch {
		errs[i] = falconapi.APIError{Code: http.StatusNotFound, Message: "not found", ID: id}
	}
	return &Envelope[T]{Errors: errs, Meta: falconapi.MetaInfo{TraceID: trace}}, nil
}

// Collect joins the envelopes of a batched call: the resources in batch
// order, the per-resource errors and the trace ids of the answers that
// carried errors.
func Collect[T any](envs []*Envelope[T]) (out []T, errs []falconapi.APIError, traces []string) {
	for _, env := range envs {
		if env == nil {
			continue
		}
		out = append(out, env.Resources...)
		if len(env.Errors) > 0 {
			errs = append(errs, env.Errors...)
			traces = append(traces, env.Meta.TraceID)
		}
	}
	return out, errs, traces
}

// InOrder returns the items in the order of ids (by key), leaving out the
// ids no item has.
func InOrder[T any](items []T, ids []string, key func(T) string) []T {
	byID := make(map[string]T, len(items))
	for _, it := range items {
		byID[key(it)] = it
	}
	out := make([]T, 0, len(ids))
	for _, id := range ids {
		if it, ok := byID[id]; ok {
			out = append(out, it)
		}
	}
	return out
}
