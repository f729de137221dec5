package jsondec

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// decodeAny decodes a value into an interface{} (free-form fields such as
// Falcon setting values and Waldur metadata) the way encoding/json does:
// objects become map[string]any, arrays []any, numbers float64. It reads
// tokens directly instead of going through reflection, which halves the
// allocations of such values; the equivalence tests and the fuzz target
// compare it with encoding/json.
func decodeAny(dec *jsontext.Decoder, v *any) error {
	x, err := readAny(dec)
	if err != nil {
		return err
	}
	*v = x
	return nil
}

func readAny(dec *jsontext.Decoder) (any, error) {
	switch dec.PeekKind() {
	case '{':
		if _, err := dec.ReadToken(); err != nil {
			return nil, err
		}
		m := make(map[string]any)
		for dec.PeekKind() != '}' {
			raw, err := dec.ReadValue()
			if err != nil {
				return nil, err
			}
			k, err := unquote(raw)
			if err != nil {
				return nil, err
			}
			val, err := readAny(dec)
			if err != nil {
				return nil, err
			}
			m[k] = val
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil, err
		}
		return m, nil
	case '[':
		if _, err := dec.ReadToken(); err != nil {
			return nil, err
		}
		a := []any{}
		for dec.PeekKind() != ']' {
			val, err := readAny(dec)
			if err != nil {
				return nil, err
			}
			a = append(a, val)
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil, err
		}
		return a, nil
	case '"':
		raw, err := dec.ReadValue()
		if err != nil {
			return nil, err
		}
		return unquote(raw)
	case '0':
		raw, err := dec.ReadValue()
		if err != nil {
			return nil, err
		}
		f, err := strconv.ParseFloat(string(raw), 64)
		if err != nil {
			return nil, fmt.Errorf("number %s does not fit a float64", raw)
		}
		return f, nil
	default: // null, true, false, or an error the next read reports
		tok, err := dec.ReadToken()
		if err != nil {
			return nil, err
		}
		switch tok.Kind() {
		case 't':
			return true, nil
		case 'f':
			return false, nil
		case 'n':
			return nil, nil
		}
		return nil, fmt.Errorf("unexpected %v", tok.Kind())
	}
}

// unquote returns the string a JSON string token holds. The common case, no
// escapes and valid UTF-8, is a plain copy; the rest goes through the
// configured decoder so invalid UTF-8 is handled as everywhere else.
func unquote(raw jsontext.Value) (string, error) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", fmt.Errorf("want a string, got %s", raw.Kind())
	}
	body := raw[1 : len(raw)-1]
	plain := utf8.Valid(body)
	for _, c := range body {
		if c == '\\' {
			plain = false
			break
		}
	}
	if plain {
		return string(body), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s, stringOptions); err != nil {
		return "", err
	}
	return s, nil
}
