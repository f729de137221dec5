package jsonfast

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// TestPlain: the word-at-a-time check agrees with the plain definition
// (no backslash, valid UTF-8) wherever the odd byte sits.
func TestPlain(t *testing.T) {
	for _, odd := range []string{"", "\\", "é", "\xff", "\xc3", "€", "\x7f", "\x80", "]", "\\\\"} {
		for n := range 20 {
			for at := 0; at <= n; at++ {
				s := []byte(strings.Repeat("a", at) + odd + strings.Repeat("b", n-at))
				want := !bytes.Contains(s, []byte{'\\'}) && utf8.Valid(s)
				if got := plain(s); got != want {
					t.Errorf("plain(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
}

func FuzzPlain(f *testing.F) {
	for _, s := range []string{"abcdefgh\\", "abcdefghé", "\xffabcdefgh", "abcdefgh"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, s []byte) {
		if got, want := plain(s), !bytes.Contains(s, []byte{'\\'}) && utf8.Valid(s); got != want {
			t.Errorf("plain(%q) = %v, want %v", s, got, want)
		}
	})
}

// TestNilDecoder: a generated method called with no decoder is an error.
func TestNilDecoder(t *testing.T) {
	var d *Decoder
	if more, err := d.Object("x"); more || err == nil {
		t.Errorf("Object on a nil Decoder = %v, %v; want an error", more, err)
	}
}

// selfDecoding decodes itself from the token stream, as a test says.
type selfDecoding struct {
	read  int // values to read: 1 is right
	fail  error
	count *int
	got   string
}

func (s *selfDecoding) UnmarshalJSONFrom(dec *jsontext.Decoder) error {
	*s.count++
	if errors.Is(s.fail, errors.ErrUnsupported) && s.read == 0 {
		return s.fail
	}
	for range s.read {
		v, err := dec.ReadValue()
		if err != nil {
			return err
		}
		s.got += string(v)
	}
	return s.fail
}

func (s *selfDecoding) UnmarshalJSON(b []byte) error { return errors.New("UnmarshalJSON called") }

type holder struct{ S selfDecoding }

func (h *holder) DecodeJSON(d *Decoder) error {
	if more, err := d.Object("holder"); !more {
		return err
	}
	for d.More() {
		if _, err := d.Name(); err != nil {
			return err
		}
		if err := Reflect(d, &h.S); err != nil {
			return err
		}
	}
	return d.End()
}

// TestReflectCallsMethod: a value that decodes itself has its method called
// once per value, is refused when the method reads more or less than that
// value, has the method's error wrapped with its type, and falls back to
// the reflective decoder when the method declines.
func TestReflectCallsMethod(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name    string
		body    string
		s       selfDecoding
		calls   int
		got     string
		wantErr string
		is      error
	}{
		{name: "one value", body: `{"s":"a","t":"b"}`, s: selfDecoding{read: 1}, calls: 2, got: `"a""b"`},
		{name: "null", body: `{"s":null}`, s: selfDecoding{read: 1}, calls: 1, got: `null`},
		{name: "reads none", body: `{"s":"a"}`, s: selfDecoding{}, calls: 1, wantErr: "more or less than one JSON value"},
		{name: "reads two", body: `{"s":"a","t":"b"}`, s: selfDecoding{read: 2}, calls: 1, wantErr: "more or less than one JSON value"},
		{name: "fails", body: `{"s":{"x":1}}`, s: selfDecoding{read: 1, fail: boom}, calls: 1, wantErr: "json: cannot unmarshal JSON object into Go jsonfast.selfDecoding", is: boom},
		{name: "declines", body: `{"s":"a"}`, s: selfDecoding{fail: errors.ErrUnsupported}, calls: 2, wantErr: "UnmarshalJSON called"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			h := &holder{S: tc.s}
			h.S.count = &calls
			err := Read(strings.NewReader(tc.body), nil, h)
			if calls != tc.calls {
				t.Errorf("method called %d times, want %d", calls, tc.calls)
			}
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("error %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want one holding %q", err, tc.wantErr)
			case tc.is != nil && !errors.Is(err, tc.is):
				t.Fatalf("error %v does not wrap %v", err, tc.is)
			}
			if tc.wantErr == "" && h.S.got != tc.got {
				t.Errorf("read %s, want %s", h.S.got, tc.got)
			}
		})
	}
}
