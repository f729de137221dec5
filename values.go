package respondkit

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/respondkit/respondkit/internal/jsonfast"
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
	return v.decode(dec, nil)
}

// DecodeJSON is UnmarshalJSONFrom for the clients' generated decoders: the
// same values and errors, with names and strings from d's cache (a value
// that repeats within an answer is one string, boxed once).
func (v *Values) DecodeJSON(d *jsonfast.Decoder) error {
	if d == nil {
		return errors.New("respondkit: Values.DecodeJSON needs the clients' decoder, not nil")
	}
	dec := d.Tokens()
	kind := dec.PeekKind()
	return d.Own(kind, v, v.decode(dec, d))
}

// decode reads the object; strings come from d's cache when d is not nil.
func (v *Values) decode(dec *jsontext.Decoder, d *jsonfast.Decoder) error {
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
		name, err := dec.ReadValue()
		if err != nil {
			return err
		}
		k := d.Str(name)
		val, err := dec.ReadValue()
		if err != nil {
			return fmt.Errorf("value %q: %w", k, err)
		}
		switch val.Kind() {
		case '"':
			out[k] = d.Boxed(val)
		case 't':
			out[k] = true
		case 'f':
			out[k] = false
		case '0':
			n, err := strconv.ParseInt(string(val), 10, 64)
			if err != nil {
				return fmt.Errorf("value %q: %s is not an integer", k, val)
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
