package respondkit

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Values are named values that are each a string, an integer or a boolean:
// Sysdig's action parameters and outputs. What a caller puts in and what a
// result holds read the same: {"host.id": "abc", "process.id": 4321,
// "force": true}. Decoded, a string is a string, an integer an int64 and a
// boolean a bool.
type Values map[string]any

// UnmarshalJSON decodes an object of strings, integers and booleans,
// integers as int64; any other value is an error naming its key.
func (v *Values) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if raw == nil {
		*v = nil
		return nil
	}
	out := make(Values, len(raw))
	for k, r := range raw {
		dec := json.NewDecoder(bytes.NewReader(r))
		dec.UseNumber()
		var x any
		if err := dec.Decode(&x); err != nil {
			return fmt.Errorf("value %q: %w", k, err)
		}
		switch t := x.(type) {
		case string, bool:
			out[k] = t
		case json.Number:
			n, err := t.Int64()
			if err != nil {
				return fmt.Errorf("value %q: %s is not an integer", k, t)
			}
			out[k] = n
		default:
			return fmt.Errorf("value %q: want a string, an integer or a boolean, not %s", k, bytes.TrimSpace(r))
		}
	}
	*v = out
	return nil
}
