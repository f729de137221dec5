package jsondec

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/respondkit/respondkit/gen/falconapi"
	"github.com/respondkit/respondkit/gen/falconspec"
	"github.com/respondkit/respondkit/gen/sysdigapi"
	"github.com/respondkit/respondkit/gen/sysdigspec"
	"github.com/respondkit/respondkit/gen/waldurapi"
	"github.com/respondkit/respondkit/gen/waldurspec"
	"github.com/respondkit/respondkit/internal/jsonfast"
)

// differential is one way the clients decode an answer: into a type with a
// generated decoder, with or without an item cap.
type differential struct {
	name string
	// run decodes body with the generated decoder (fast) or the reflective
	// one, into a value first filled from prefill when prefill is not nil
	// (by the reflective decoder), and returns the value and the error;
	// inPlace hands the body over as a *bytes.Buffer, as DecodeResponse
	// does with a body it read whole, instead of a reader to stream from.
	run func(body, prefill []byte, limit int64, fast, inPlace bool) (any, error)
}

// whole decodes a T as Decode does.
func whole[T any](name string) differential {
	return differential{name, func(body, prefill []byte, limit int64, fast, inPlace bool) (any, error) {
		v := new(T)
		if prefill != nil {
			_ = decode(bytes.NewReader(prefill), 0, v, false)
		}
		return v, decode(source(body, inPlace), limit, v, fast)
	}}
}

// capped decodes a T listing at most max items of type E, into a T whose
// item slice is presized as the page methods do.
func capped[E, T any](name string, max int, presize func(*T, []E)) differential {
	return differential{name, func(body, prefill []byte, limit int64, fast, inPlace bool) (any, error) {
		v := new(T)
		if prefill != nil {
			_ = decode(bytes.NewReader(prefill), 0, v, false)
		} else if presize != nil {
			presize(v, make([]E, 0, max))
		}
		return v, decodeItems[E](source(body, inPlace), limit, v, max, fast)
	}}
}

// source is the body to decode: streamed from a reader, or a copy of it in
// a *bytes.Buffer, which the token reader decodes in place.
func source(body []byte, inPlace bool) io.Reader {
	if inPlace {
		return bytes.NewBuffer(bytes.Clone(body))
	}
	return bytes.NewReader(body)
}

var differentials = []differential{
	capped[falconapi.Policy]("falcon policies page", 3, func(v *falconapi.PoliciesResponse, s []falconapi.Policy) { v.Resources = s }),
	capped[falconapi.Device]("falcon members page", 3, func(v *falconapi.PolicyMembersResponse, s []falconapi.Device) { v.Resources = s }),
	capped[string]("falcon ids page", 3, func(v *falconapi.QueryResponse, s []string) { v.Resources = s }),
	capped[sysdigapi.ActionExecution]("sysdig executions page", 3, func(v *sysdigapi.ActionExecutions, s []sysdigapi.ActionExecution) { v.Data = s }),
	capped[waldurapi.UserAction]("waldur actions page", 3, func(v *[]waldurapi.UserAction, s []waldurapi.UserAction) { *v = s }),
	whole[falconapi.PoliciesResponse]("falcon policies"),
	whole[falconapi.PolicyMembersResponse]("falcon members"),
	whole[falconapi.Policy]("falcon policy"),
	whole[falconapi.Device]("falcon device"),
	whole[falconapi.TokenResponse]("falcon token"),
	whole[sysdigapi.ActionExecution]("sysdig execution"),
	whole[sysdigapi.Actions]("sysdig actions"),
	whole[waldurapi.UserAction]("waldur action"),
	whole[waldurapi.ActionSummary]("waldur summary"),
	whole[waldurapi.ExecuteActionResponse]("waldur execute"),
	whole[waldurapi.BulkSilenceResponse]("waldur bulk silence"),
}

// TestGeneratedDecodersCoverAnswers: the types the clients decode pages,
// batches and single results into have generated decoders.
func TestGeneratedDecodersCoverAnswers(t *testing.T) {
	for _, v := range []any{
		new(falconapi.PoliciesResponse), new(falconapi.PolicyMembersResponse), new(falconapi.QueryResponse),
		new(falconapi.Policy), new(falconapi.Device), new(falconapi.ReplyMetaOnly), new(falconapi.TokenResponse),
		new(sysdigapi.ActionExecutions), new(sysdigapi.ActionExecution), new(sysdigapi.Actions),
		new(waldurapi.UserAction), new(waldurapi.ActionSummary), new(waldurapi.ExecuteActionResponse),
	} {
		if _, ok := v.(jsonfast.Target); !ok {
			t.Errorf("%T has no generated decoder", v)
		}
	}
	// Every differential decodes into a type with a generated decoder (or
	// a list of one), or it would compare the reflective path with itself.
	target := reflect.TypeFor[jsonfast.Target]()
	for _, d := range differentials {
		v, _ := d.run([]byte("null"), nil, 0, false, false)
		typ := reflect.TypeOf(v)
		if !typ.Implements(target) && !(typ.Elem().Kind() == reflect.Slice && reflect.PointerTo(typ.Elem().Elem()).Implements(target)) {
			t.Errorf("%s: %T has no generated decoder", d.name, v)
		}
	}
}

// sameDecoding fails t if the generated and the reflective decoder differ
// on body: both must refuse it (for the same reason where it is the size
// limit or the item cap) or decode it to the same value.
func sameDecoding(t *testing.T, d differential, body, prefill []byte, limit int64) {
	t.Helper()
	want, wantErr := d.run(body, prefill, limit, false, false)
	for _, inPlace := range []bool{false, true} {
		got, gotErr := d.run(body, prefill, limit, true, inPlace)
		sameResult(t, d, body, prefill, want, got, wantErr, gotErr, inPlace)
	}
}

// sameResult fails unless the generated decoder's result (streamed or in
// place) is the reflective one's.
func sameResult(t *testing.T, d differential, body, prefill []byte, want, got any, wantErr, gotErr error, inPlace bool) {
	t.Helper()
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("%s (prefilled %v, in place %v): %q\nreflective: %v\n generated: %v", d.name, prefill != nil, inPlace, body, wantErr, gotErr)
	}
	if wantErr != nil {
		for _, sentinel := range []error{ErrTooLarge, ErrTooManyItems} {
			if errors.Is(wantErr, sentinel) != errors.Is(gotErr, sentinel) {
				t.Fatalf("%s: %q: errors differ on %v\nreflective: %v\n generated: %v", d.name, body, sentinel, wantErr, gotErr)
			}
		}
		return
	}
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("%s (prefilled %v, in place %v): %q: values differ\nreflective: %s\n generated: %s", d.name, prefill != nil, inPlace, body, dump(want), dump(got))
	}
}

func dump(v any) string {
	b, err := stdjson.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(b)
}

// hostileSeeds are bodies at the edges of the reflective decoder's rules.
var hostileSeeds = []string{
	// duplicate names: the later wins, objects merge, arrays merge into
	// the items already there
	`{"resources":[{"id":"a","name":"x","groups":[{"id":"g1","name":"n1"},{"id":"g2"}]}],"resources":[{"id":"b","groups":[{"name":"n3"}]}]}`,
	`{"meta":{"trace_id":"t","query_time":1},"meta":{"pagination":{"total":3}},"meta":{"pagination":{"offset":2}}}`,
	`{"id":"x","ID":"y","Id":"z"}`,
	`{"data":[{"id":"a","parameters":{"k":"v"},"parameters":{"k2":1}}],"data":[]}`,
	// case-insensitive names, delimiters significant
	`{"RESOURCES":[{"ID":"a","Platform_Name":"Linux","PlatformName":"Mac","platformname":"Windows"}]}`,
	`{"Data":[{"ExecutionContext":{"A":"b"},"executioncontext":{"c":"d"},"execution_context":{"e":"f"},"USERID":7}]}`,
	"[{\"\\u0075uid\":\"b137bf86-399f-43f7-8d2b-53060af4da9f\",\"TITLE\":\"t\"}]",
	"{\"ſtatus\":\"COMPLETED\",\"\u212aey\":1}", // long s and Kelvin sign fold to s and k
	// invalid UTF-8, escapes, surrogates
	"{\"id\":\"\xff\xfe\",\"name\":\"a\\ud800b\",\"description\":\"\\u00e9\\n\\\"\"}",
	"{\"resources\":[\"\xc3\x28\",\"ok\",\"\\udc00\"]}",
	"{\"metadata\":{\"\xff\":\"\xfe\",\"k\":[\"\\u00e9\",{\"n\":null}]}}",
	// nulls for non-nullable fields, nullable fields, every kind
	`{"resources":null,"meta":null,"errors":null}`,
	`{"resources":[null,{"id":null,"enabled":null,"groups":null,"settings":[null,{"settings":[{"value":null}]}],"created_timestamp":null}]}`,
	`[{"uuid":null,"due_date":null,"days_until_due":null,"corrective_actions":null,"offering_uuid":null,"is_silenced":null,"created":null}]`,
	`{"id":"a","parameters":null,"executionContext":null,"userId":null,"failure":null,"createdAt":null}`,
	`{"total":null,"by_type":null,"by_urgency":null,"overdue":null}`,
	// numbers out of range, fractions, exponents
	`{"meta":{"pagination":{"limit":2147483648,"offset":-2147483649,"total":9223372036854775808},"query_time":1e400}}`,
	`{"meta":{"pagination":{"limit":2147483647,"offset":-2147483648,"total":-9223372036854775808},"query_time":-0.0}}`,
	`{"meta":{"pagination":{"limit":1.0}}}`, `{"meta":{"pagination":{"limit":1e2}}}`, `{"userId":-0}`,
	`{"total":99999999999999999999}`, `{"expires_in":"1799"}`, `{"query_time":"1"}`,
	// wrong kinds
	`{"resources":{}}`, `{"resources":"x"}`, `{"meta":[]}`, `{"enabled":"true"}`, `[{"is_silenced":1}]`, `{"id":1}`,
	`{"metadata":[]}`, `{"by_type":{"a":"1"}}`, `{"uuid":"not-a-uuid"}`, `[{"uuid":"b137bf86399f43f78d2b53060af4da9f"}]`,
	// times at the edges of RFC 3339
	`{"createdAt":"2026-01-02T03:04:05Z","updatedAt":"2026-01-02T3:04:05Z"}`,
	`{"createdAt":"2026-01-02T03:04:05,123Z"}`, `{"createdAt":"2026-01-02T03:04:05+24:00"}`,
	`{"createdAt":"2026-01-02T03:04:05+01:60"}`, `{"createdAt":"2026-01-02T03:04:05.123456789+05:30"}`,
	`{"createdAt":"2026-01-02 03:04:05Z"}`, `{"createdAt":"2026-01-02T03:04:05z"}`, `{"createdAt":""}`,
	// the item cap: the generated decoders see 3 items at most
	`{"resources":["a","b","c"]}`, `{"resources":["a","b","c","d"]}`, `{"resources":[],"resources":["a","b","c","d"]}`,
	`{"data":[{},{},{},{}]}`, `[{},{},{}]`, `[{},{},{},{}]`, `{"resources":[{},{},{},{"id":"x"}]}`,
	// types that decode themselves (UnmarshalJSON, UnmarshalText)
	`{"resources":[{"device_policies":null,"managed_apps":{"airlock":{"version":"1"},"x":{"version":"2"}},"meta":null}]}`,
	`{"resources":[{"device_policies":{"firewall":{"policy_id":"p","applied":true},"other":{"policy_id":"q"}},"managed_apps":[]}]}`,
	`{"data":[{"parameters":{"a":null,"b":[1,{"c":"d"}],"c":"\u00e9"},"outputs":{"x":1e400}}]}`,
	// respondkit.Values decoded by its DecodeJSON (strings from the cache)
	`{"data":[{"parameters":{"host.id":"abc","pid":-4321,"force":true,"off":false,"k":"a","k":"b","\u00e9\n":"\ud83d\ude00"},"outputs":{}},{"parameters":{"host.id":"abc"},"outputs":{"n":-0}}]}`,
	`{"data":[{"parameters":{"n":9223372036854775807,"m":-9223372036854775808}},{"parameters":{"n":9223372036854775808}}]}`,
	`{"data":[{"parameters":{"n":1.5}}]}`, `{"data":[{"parameters":{"n":1e2}}]}`, `{"data":[{"parameters":[]}]}`,
	`{"data":[{"parameters":"x"}]}`, `{"data":[{"parameters":{"a":"b"},"parameters":null}]}`, `{"data":[{"parameters":{"a":{}}}]}`,
	`[{"uuid":"B137BF86-399F-43F7-8D2B-53060AF4DA9F","project_uuid":"{b137bf86-399f-43f7-8d2b-53060af4da9f}"}]`,
	// free-form values
	`{"resources":[{"settings":[{"settings":[{"value":{"enabled":true,"n":1.5e300,"s":[1,"2",null,false,{}]}}]}]}]}`,
	`{"resources":[{"settings":[{"settings":[{"value":1e999}]}]}]}`,
	`[{"corrective_actions":[{"metadata":{"a":{"b":{"c":[]}}},"route_params":{"x":1}}]}]`,
	// syntax
	``, ` `, `{`, `{"resources":[}`, `{} {}`, `{}x`, `null`, `[]`, `"x"`, `{"a":1,}`, `{"id":"a"}  `, "\ufeff{}",
	`{"id":"a` + strings.Repeat("b", 300) + `"}`,
}

// deep is a body nested past the token reader's depth limit.
var deep = `{"metadata":{"a":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}}`

// prefills are bodies decoded into the value first, to check the merge and
// null rules on values that are not zero.
var prefills = []string{
	`{"resources":[{"id":"p","name":"n","groups":[{"id":"g","description":"d"},{"id":"h"}],"settings":[{"name":"c","settings":[{"id":"s","value":{"a":1}}]}]}],"meta":{"trace_id":"t","pagination":{"total":9}},"errors":[{"code":1}]}`,
	`{"data":[{"id":"p","parameters":{"a":"b"},"executionContext":{"c":"d"},"failure":{"failureReason":"r"},"userId":5}],"id":"q","userId":6,"executionContext":{"x":"y"}}`,
	`[{"uuid":"b137bf86-399f-43f7-8d2b-53060af4da9f","title":"t","corrective_actions":[{"label":"l","metadata":{"m":1}}],"days_until_due":3}]`,
	`{"total":4,"by_type":{"a":1},"by_urgency":{"high":2}}`,
}

func seedBodies(t testing.TB) []string {
	bodies := append([]string{}, hostileSeeds...)
	for _, load := range []func() ([]byte, error){
		func() ([]byte, error) { d, err := falconspec.GetSpec(); return exampleBodies(d, err) },
		func() ([]byte, error) { d, err := sysdigspec.GetSpec(); return exampleBodies(d, err) },
		func() ([]byte, error) { d, err := waldurspec.GetSpec(); return exampleBodies(d, err) },
	} {
		b, err := load()
		if err != nil {
			t.Fatal(err)
		}
		for l := range bytes.SplitSeq(b, []byte{'\n'}) {
			if len(l) > 0 {
				bodies = append(bodies, string(l))
			}
		}
	}
	return append(bodies, prefills...)
}

// TestGeneratedMatchesReflective runs every seed through every
// differential, fresh and prefilled, and at sizes around the limit.
func TestGeneratedMatchesReflective(t *testing.T) {
	bodies := append(seedBodies(t), deep)
	for _, d := range differentials {
		for _, body := range bodies {
			sameDecoding(t, d, []byte(body), nil, 0)
			for _, p := range prefills {
				sameDecoding(t, d, []byte(body), []byte(p), 0)
			}
			n := int64(len(body))
			for _, limit := range []int64{n, n - 1, n / 2} {
				if limit > 0 {
					sameDecoding(t, d, []byte(body), nil, limit)
				}
			}
		}
	}
}

// FuzzGeneratedMatchesReflective: the generated decoders and the
// reflective path decode the same bytes to the same values, or both refuse
// them. Fuzz with: go test -run '^$' -fuzz FuzzGeneratedMatchesReflective ./clients/internal/jsondec
func FuzzGeneratedMatchesReflective(f *testing.F) {
	for _, body := range seedBodies(f) {
		f.Add([]byte(body), uint8(0))
	}
	f.Fuzz(func(t *testing.T, body []byte, mode uint8) {
		var prefill []byte
		if mode&3 != 0 {
			prefill = []byte(prefills[int(mode&3)-1])
		}
		limit := int64(0)
		if mode&4 != 0 {
			limit = int64(len(body)) * int64(mode>>3) / 32
		}
		for _, d := range differentials {
			sameDecoding(t, d, body, prefill, limit)
		}
	})
}

// exampleBodies returns the JSON examples of a spec's answers and
// components, one a line.
func exampleBodies(doc *openapi3.T, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	var vals []any
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, ref := range op.Responses.Map() {
				if mt := ref.Value.Content.Get("application/json"); mt != nil {
					vals = append(vals, examples(mt)...)
				}
			}
		}
	}
	for _, ex := range doc.Components.Examples {
		vals = append(vals, ex.Value.Value)
	}
	var out bytes.Buffer
	for _, v := range vals {
		b, err := stdjson.Marshal(v)
		if err != nil {
			return nil, err
		}
		out.Write(b)
		out.WriteByte('\n')
	}
	return out.Bytes(), nil
}
