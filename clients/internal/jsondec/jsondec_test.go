package jsondec

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/respondkit/respondkit/gen/falconapi"
	"github.com/respondkit/respondkit/gen/falconspec"
	"github.com/respondkit/respondkit/gen/sysdigapi"
	"github.com/respondkit/respondkit/gen/sysdigspec"
	"github.com/respondkit/respondkit/gen/waldurapi"
	"github.com/respondkit/respondkit/gen/waldurspec"
)

// sample covers what the generated types hold (fixed-size arrays, where
// encoding/json drops extra elements and v2 refuses them, never occur there): nested structs, pointers,
// maps, slices, times, raw messages, interfaces, a union with UnmarshalJSON
// and an open enum.
type sample struct {
	ID       string                                             `json:"id"`
	Count    int64                                              `json:"count,omitempty"`
	Ratio    *float64                                           `json:"ratio,omitempty"`
	Enabled  bool                                               `json:"enabled"`
	When     time.Time                                          `json:"when"`
	Maybe    *time.Time                                         `json:"maybe,omitempty"`
	Tags     []string                                           `json:"tags"`
	Labels   map[string]string                                  `json:"labels"`
	Any      interface{}                                        `json:"any"`
	Raw      stdjson.RawMessage                                 `json:"raw,omitempty"`
	Nested   *sample                                            `json:"nested,omitempty"`
	Params   map[string]sysdigapi.ActionExecutionParameterValue `json:"params,omitempty"`
	Status   sysdigapi.ActionExecutionStatus                    `json:"status"`
	Platform falconapi.PlatformName                             `json:"platform_name"`
}

// plainSample is sample without interface{} values, so it is decoded with
// baseOptions (see optionsFor) where sample takes anyOptions.
type plainSample struct {
	ID     string                                             `json:"id"`
	Count  int64                                              `json:"count,omitempty"`
	Ratio  *float64                                           `json:"ratio,omitempty"`
	When   time.Time                                          `json:"when"`
	Tags   []string                                           `json:"tags"`
	Labels map[string]string                                  `json:"labels"`
	Raw    stdjson.RawMessage                                 `json:"raw,omitempty"`
	Nested *plainSample                                       `json:"nested,omitempty"`
	Params map[string]sysdigapi.ActionExecutionParameterValue `json:"params,omitempty"`
	Status sysdigapi.ActionExecutionStatus                    `json:"status"`
}

func TestOptionsFor(t *testing.T) {
	type node struct{ Next *node }
	type anyNode struct {
		Next *anyNode
		Val  map[string][]any
	}
	for _, tc := range []struct {
		v       any
		withAny bool
	}{
		{new(int), false},
		{new(plainSample), false},
		{new(node), false},
		{new(sysdigapi.ActionExecutions), false},
		{new(sample), true},
		{new(anyNode), true},
		{new(any), true},
		{new(map[string]any), true},
		{new([]stdjson.Marshaler), true},
		{new(falconapi.PoliciesResponse), true},
		{new(waldurapi.UserAction), true},
	} {
		got := optionsFor(reflect.TypeOf(tc.v)) == anyOptions
		if got != tc.withAny {
			t.Errorf("%T: decodes with the interface{} decoder: %v, want %v", tc.v, got, tc.withAny)
		}
	}
}

func both[T any](t testing.TB, body []byte) (std T, stdErr error, ours T, oursErr error) {
	stdErr = stdjson.Unmarshal(body, &std)
	oursErr = Decode(bytes.NewReader(body), 0, &ours)
	return
}

func TestMatchesStdlib(t *testing.T) {
	for _, body := range []string{
		`{"id":"a","count":3,"ratio":0.5,"enabled":true,"when":"2020-01-01T00:00:00Z","tags":["x"],"labels":{"k":"v"},"any":{"n":1,"l":[1,"a",null]},"raw":{"z":[1]},"status":"COMPLETED","platform_name":"Linux"}`,
		`{"ID":"upper","ENABLED":true,"Platform_Name":"Mac"}`, // names match case-insensitively, as in encoding/json
		`{"id":"a","unknown":{"deep":[1,2,3]},"nested":{"id":"b","nested":{"id":"c"}}}`,
		`{"id":"a","id":"b"}`,        // duplicate names: the last wins
		"{\"id\":\"bad \xff utf8\"}", // invalid UTF-8 is tolerated
		`{"maybe":null,"ratio":null,"tags":null,"labels":null,"when":"2020-01-01T00:00:00.123456+00:00"}`,
		`{"params":{"s":"x","i":42,"b":false}}`,
		`{"status":"SOMETHING_NEW","platform_name":"Solaris"}`, // open enums
		`{"any":12345678901234567890}`,
		// Free-form values go through decodeAny: objects, arrays, escapes,
		// duplicates, invalid UTF-8 in keys and values, numbers.
		`{"any":{"enabled":true,"n":-0,"f":1.5e-7,"e":{},"a":[],"z":null,"nested":[[{"x":[false]}]]}}`,
		`{"any":{"k\u00e9y\n":"v\"al\u2028","k":"\ud83d\ude00"}}`,
		`{"any":{"k":1,"k":2}}`,
		"{\"any\":{\"bad\xffkey\":\"bad\xfe\"}}",
		`{"any":"\ud800"}`,
		`{"any":[1,"two",3.0,true,null,{"six":6}]}`,
		`{"labels":{"a":"b"},"any":{"metadata":{"route_params":{"uuid":"x"}}}}`,
	} {
		t.Run(body, func(t *testing.T) {
			std, stdErr, ours, oursErr := both[sample](t, []byte(body))
			if stdErr != nil || oursErr != nil {
				t.Fatalf("stdlib err %v, ours err %v", stdErr, oursErr)
			}
			if !reflect.DeepEqual(std, ours) {
				t.Errorf("differs\nstdlib: %+v\n  ours: %+v", std, ours)
			}
		})
	}
}

func TestErrorsWhereStdlibErrs(t *testing.T) {
	for _, body := range []string{
		`{"id":1}`, `{"count":"3"}`, `{"when":"yesterday"}`, `{`, `{"id":"a"} trailing`, `[1]`,
		`{"any":1e400}`, `{"any":{"a":}}`, `{"any":[1,]}`, `{"any":{1:2}}`, `{"any":tru}`,
	} {
		_, stdErr, _, oursErr := both[sample](t, []byte(body))
		if stdErr == nil || oursErr == nil {
			t.Errorf("%s: stdlib err %v, ours err %v; want both to fail", body, stdErr, oursErr)
		}
	}
}

// TestSpecExamples decodes every success example of the three specs into the
// generated type of its schema with both decoders.
func TestSpecExamples(t *testing.T) {
	types := map[string]func() any{
		"sysdig/Actions":               func() any { return new(sysdigapi.Actions) },
		"sysdig/ActionExecutions":      func() any { return new(sysdigapi.ActionExecutions) },
		"sysdig/ActionExecution":       func() any { return new(sysdigapi.ActionExecution) },
		"falcon/TokenResponse":         func() any { return new(falconapi.TokenResponse) },
		"falcon/ReplyMetaOnly":         func() any { return new(falconapi.ReplyMetaOnly) },
		"falcon/PolicyMembersResponse": func() any { return new(falconapi.PolicyMembersResponse) },
		"falcon/PoliciesResponse":      func() any { return new(falconapi.PoliciesResponse) },
		"falcon/QueryResponse":         func() any { return new(falconapi.QueryResponse) },
		"waldur/[]UserAction":          func() any { return new([]waldurapi.UserAction) },
		"waldur/UserAction":            func() any { return new(waldurapi.UserAction) },
		"waldur/UpdateActionsResponse": func() any { return new(waldurapi.UpdateActionsResponse) },
		"waldur/ActionSummary":         func() any { return new(waldurapi.ActionSummary) },
		"waldur/BulkSilenceResponse":   func() any { return new(waldurapi.BulkSilenceResponse) },
		"waldur/ExecuteActionResponse": func() any { return new(waldurapi.ExecuteActionResponse) },
		"waldur/SilenceResponse":       func() any { return new(waldurapi.SilenceResponse) },
		"waldur/UnsilenceResponse":     func() any { return new(waldurapi.UnsilenceResponse) },
	}
	specs := map[string]func() (*openapi3.T, error){
		"sysdig": sysdigspec.GetSpec, "falcon": falconspec.GetSpec, "waldur": waldurspec.GetSpec,
	}
	decoded := 0
	for api, load := range specs {
		doc, err := load()
		if err != nil {
			t.Fatal(err)
		}
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				for code, ref := range op.Responses.Map() {
					mt := ref.Value.Content.Get("application/json")
					if code[0] != '2' || mt == nil {
						continue
					}
					name := schemaName(mt.Schema)
					newT, ok := types[api+"/"+name]
					if !ok {
						t.Errorf("%s %s %s: no Go type registered for schema %q", api, method, path, name)
						continue
					}
					for _, ex := range examples(mt) {
						body, _ := stdjson.Marshal(ex)
						std, ours := newT(), newT()
						if err := stdjson.Unmarshal(body, std); err != nil {
							t.Errorf("%s %s %s: stdlib: %v", api, method, path, err)
						}
						if err := Decode(bytes.NewReader(body), 0, ours); err != nil {
							t.Errorf("%s %s %s: ours: %v", api, method, path, err)
						}
						if !reflect.DeepEqual(std, ours) {
							t.Errorf("%s %s %s: decoders differ\nstdlib: %+v\n  ours: %+v", api, method, path, std, ours)
						}
						decoded++
					}
				}
			}
		}
	}
	if decoded < 25 {
		t.Errorf("decoded %d examples, want one per JSON operation at least", decoded)
	}
}

func schemaName(s *openapi3.SchemaRef) string {
	if s.Ref != "" {
		return s.Ref[strings.LastIndex(s.Ref, "/")+1:]
	}
	if s.Value != nil && s.Value.Items != nil {
		return "[]" + schemaName(s.Value.Items)
	}
	return ""
}

func examples(mt *openapi3.MediaType) []any {
	var out []any
	if mt.Example != nil {
		out = append(out, mt.Example)
	}
	for _, ex := range mt.Examples {
		out = append(out, ex.Value.Value)
	}
	return out
}

func TestLimit(t *testing.T) {
	body := `{"id":"` + strings.Repeat("x", 100) + `"}`
	var v sample
	if err := Decode(strings.NewReader(body), int64(len(body)), &v); err != nil {
		t.Errorf("body exactly at the limit: %v", err)
	}
	err := Decode(strings.NewReader(body), int64(len(body)-1), &v)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("body over the limit: err = %v, want ErrTooLarge", err)
	}
}

func TestDecodeResponse(t *testing.T) {
	for _, tc := range []struct {
		ctype string
		ok    bool
	}{
		{"application/json", true},
		{"application/json; charset=utf-8", true},
		{"application/problem+json", true},
		{"", true},
		{"text/html", false},
		{"application/octet-stream", false},
	} {
		resp := &http.Response{Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{"id":"a"}`))}
		if tc.ctype != "" {
			resp.Header.Set("Content-Type", tc.ctype)
		}
		var v sample
		err := DecodeResponse(resp, 0, &v)
		if (err == nil) != tc.ok || (tc.ok && v.ID != "a") {
			t.Errorf("Content-Type %q: err %v, id %q", tc.ctype, err, v.ID)
		}
	}
}

// sameAsStdlib fails if a body encoding/json decodes into T decodes
// differently, or not at all, with Decode.
func sameAsStdlib[T any](t *testing.T, body []byte) {
	t.Helper()
	std, stdErr, ours, oursErr := both[T](t, body)
	if stdErr != nil {
		return // only what encoding/json accepts must decode the same
	}
	if oursErr != nil {
		t.Fatalf("stdlib accepts %q as %T, ours fails: %v", body, ours, oursErr)
	}
	if !reflect.DeepEqual(std, ours) {
		t.Fatalf("%q decodes differently as %T\nstdlib: %+v\n  ours: %+v", body, ours, std, ours)
	}
}

func FuzzDecodeMatchesStdlib(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","count":3,"when":"2020-01-01T00:00:00Z","tags":["x"],"labels":{"k":"v"},"any":[1,{"a":null}]}`,
		`{"nested":{"nested":{"params":{"a":1,"b":"x","c":true}}}}`,
		`{"ID":"x","Id":"y","raw":[1,2]}`,
		`{"status":"FAILED","platform_name":"Windows","ratio":1e3,"maybe":"2020-01-01T00:00:00+01:00"}`,
		"{\"id\":\"\\ud800\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		sameAsStdlib[sample](t, body)      // decoded with anyOptions
		sameAsStdlib[plainSample](t, body) // decoded with baseOptions
	})
}

// policiesBody is a Falcon page of n full policies built from the spec's
// example policy.
func policiesBody(b testing.TB, n int) []byte {
	doc, err := falconspec.GetSpec()
	if err != nil {
		b.Fatal(err)
	}
	ex := doc.Components.Examples["Policies"].Value.Value.(map[string]any)
	one := ex["resources"].([]any)[0]
	res := make([]any, n)
	for i := range res {
		res[i] = one
	}
	ex["resources"] = res
	body, err := stdjson.Marshal(ex)
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// BenchmarkDecode compares encoding/json (impl=baseline) with this package
// (impl=wrapper, the decoder every wrapper uses) on a page of 100 Falcon
// policies: go test -bench Decode -benchmem ./clients/internal/jsondec
func BenchmarkDecode(b *testing.B) {
	body := policiesBody(b, 100)
	b.Run("op=decode-falcon-policies-100/impl=baseline", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var v falconapi.PoliciesResponse
			if err := stdjson.NewDecoder(bytes.NewReader(body)).Decode(&v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=decode-falcon-policies-100/impl=wrapper", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var v falconapi.PoliciesResponse
			if err := Decode(bytes.NewReader(body), 0, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDecodeSmall compares the decoders on one Sysdig execution (about
// 500 bytes), the body of the most frequent call.
func BenchmarkDecodeSmall(b *testing.B) {
	body := []byte(`{"id":"b137bf86-399f-43f7-8d2b-53060af4da9f","callerId":"incident-4242","actionType":"KILL_CONTAINER",` +
		`"responderType":"HOST","executionContext":{"host.hostName":"ip-10-0-1-12","host.mac":"01:23:45:67:89:ab","host.id":"abc123"},` +
		`"parameters":{"container.id":"1a2b3c4d5e6f","host.id":"abc123"},"outputs":{},"status":"COMPLETED","userId":1234,` +
		`"createdAt":"2026-01-02T03:04:05.123Z","updatedAt":"2026-01-02T03:04:09.456Z"}`)
	b.Run("op=decode-sysdig-execution/impl=baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v sysdigapi.ActionExecution
			if err := stdjson.NewDecoder(bytes.NewReader(body)).Decode(&v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=decode-sysdig-execution/impl=wrapper", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var v sysdigapi.ActionExecution
			if err := Decode(bytes.NewReader(body), 0, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// failingReader returns its bytes, then err.
type failingReader struct {
	r   io.Reader
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

// TestBufferedBodies: a body of announced length up to maxBuffered is read
// whole into a pooled buffer and decoded in place. What it decodes does not
// share that buffer (the next answer reuses it), a failed read is an error,
// the limit holds, and a longer or unannounced body is streamed with the
// same outcome.
func TestBufferedBodies(t *testing.T) {
	resp := func(body string, length int64) *http.Response {
		return &http.Response{Header: http.Header{"Content-Type": {"application/json"}}, ContentLength: length, Body: io.NopCloser(strings.NewReader(body))}
	}
	first := `{"resources":[{"id":"first-policy","name":"first name"}]}`
	var a falconapi.PoliciesResponse
	if err := DecodeResponseItems[falconapi.Policy](resp(first, int64(len(first))), 0, &a, 10); err != nil {
		t.Fatal(err)
	}
	second := `{"resources":[{"id":"2nd-policy-xx","name":"2nd name xx"}]}` // same length: same buffer bytes
	var b falconapi.PoliciesResponse
	if err := DecodeResponseItems[falconapi.Policy](resp(second, int64(len(second))), 0, &b, 10); err != nil {
		t.Fatal(err)
	}
	if a.Resources[0].ID != "first-policy" || a.Resources[0].Name != "first name" || b.Resources[0].ID != "2nd-policy-xx" {
		t.Errorf("decoded values changed by the next answer: %+v, %+v", a.Resources[0], b.Resources[0])
	}

	body := `{"id":"` + strings.Repeat("x", 100) + `"}`
	for _, tc := range []struct {
		name   string
		length int64
		limit  int64
		body   io.Reader
		want   error // nil: decodes
	}{
		{"announced", int64(len(body)), 0, nil, nil},
		{"unannounced", -1, 0, nil, nil},
		{"announced, at the limit", int64(len(body)), int64(len(body)), nil, nil},
		{"announced, over the limit", int64(len(body)), int64(len(body)) - 1, nil, ErrTooLarge},
		{"unannounced, over the limit", -1, int64(len(body)) - 1, nil, ErrTooLarge},
		{"announced, read fails", int64(len(body)), 0, &failingReader{strings.NewReader(body[:50]), io.ErrUnexpectedEOF}, io.ErrUnexpectedEOF},
		{"unannounced, read fails", -1, 0, &failingReader{strings.NewReader(body[:50]), io.ErrUnexpectedEOF}, io.ErrUnexpectedEOF},
		{"announced longer than maxBuffered", maxBuffered + 1, 0, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := resp(body, tc.length)
			if tc.body != nil {
				r.Body = io.NopCloser(tc.body)
			}
			var v sample
			err := DecodeResponse(r, tc.limit, &v)
			switch {
			case tc.want == nil && (err != nil || v.ID != strings.Repeat("x", 100)):
				t.Errorf("err %v, id %.10q…", err, v.ID)
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Errorf("err %v, want %v", err, tc.want)
			}
		})
	}
}
