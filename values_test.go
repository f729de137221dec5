package respondkit_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/respondkit/respondkit"
)

func TestValuesDecodeAsGiven(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want respondkit.Values
		err  string
	}{
		{in: `{"host.id":"abc","process.id":4321,"startTime":-1,"force":true}`,
			want: respondkit.Values{"host.id": "abc", "process.id": int64(4321), "startTime": int64(-1), "force": true}},
		{in: `{"big":9007199254740993}`, want: respondkit.Values{"big": int64(9007199254740993)}}, // past float64's integers
		{in: `{}`, want: respondkit.Values{}},
		{in: `null`, want: nil},
		{in: `{"ratio":1.5}`, err: `value "ratio": 1.5 is not an integer`},
		{in: `{"list":[1]}`, err: `value "list": want a string, an integer or a boolean, not an array`},
		{in: `{"none":null}`, err: `value "none": want a string, an integer or a boolean, not null`},
		{in: `[1]`, err: "want an object of values"},
	} {
		var got respondkit.Values
		err := json.Unmarshal([]byte(tc.in), &got)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: err %v, want one containing %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %#v, %v; want %#v", tc.in, got, err, tc.want)
		}
	}
}
