package respondkit

import (
	"bytes"
	"fmt"

	"github.com/go-json-experiment/json/jsontext"
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
	return v.UnmarshalJSONFrom(jsontext.NewDecoder(bytes.NewReader(b)))
}

// UnmarshalJSONFrom is UnmarshalJSON reading from a stream of tokens (the
// decoder the clients use calls it, so no value is buffered first).
func (v *Values) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	switch tok.Kind() {
	case 'n':
		*v = nil
		return nil
	case '{':
	default:
		return fmt.Errorf("want an object of values, not %s", tok.Kind())
	}
	out := Values{}
	for dec.PeekKind() != '}' {
		key, err := dec.ReadToken()
		if err != nil {
			return err
		}
		k := key.String()
		val, err := dec.ReadToken()
		if err != nil {
			return fmt.Errorf("value %q: %w", k, err)
		}
		switch val.Kind() {
		case '"':
			out[k] = val.String()
		case 't', 'f':
			out[k] = val.Bool()
		case '0':
			n, err := val.Int()
			if err != nil {
				return fmt.Errorf("value %q: %s is not an integer", k, val.String())
			}
			out[k] = n
		default:
			return fmt.Errorf("value %q: want a string, an integer or a boolean, not %s", k, kindName(val.Kind()))
		}
	}
	if _, err := dec.ReadToken(); err != nil { // the closing brace
		return err
	}
	*v = out
	return nil
}

func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case '{':
		return "an object"
	case '[':
		return "an array"
	}
	return k.String()
}
