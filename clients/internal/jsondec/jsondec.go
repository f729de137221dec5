// Package jsondec is the one place respondkit decodes JSON answers, capped
// in size, into the generated types: a body whose length is announced and
// at most maxBuffered (1 MiB) is read whole into a pooled buffer and
// decoded in place, which costs the token reader less than decoding as the
// bytes arrive (BENCHMARKS.md has the figures); a longer or unannounced one
// is streamed from the connection.
//
// It decodes with github.com/go-json-experiment/json (the encoding/json/v2
// candidate), set up to behave as encoding/json does on what the services
// send: names matched case-insensitively, unknown members ignored, duplicate
// names and invalid UTF-8 tolerated, UnmarshalJSON methods honoured. Free-form
// values (interface{} fields) are decoded by decodeAny, token by token, with
// half the allocations of the reflective path. Tests check it against
// encoding/json on every spec example and on fuzzed bodies.
//
// A type with a generated decoder (a DecodeJSON method from respondgen
// -decoders, see internal/jsonfast) is decoded by it instead, token by
// token with no reflection, under the same options, limits and item cap; a
// differential fuzz test checks that both paths decode the same bytes to
// the same values, or both refuse them.
package jsondec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"sync"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/respondkit/respondkit/internal/jsonfast"
)

// DefaultLimit is the default cap on a JSON body: 64 MiB.
const DefaultLimit = 64 << 20

// ErrTooLarge is returned for a body over the limit.
var ErrTooLarge = errors.New("JSON body exceeds the size limit")

// stringOptions decode strings as encoding/json does (invalid UTF-8
// becomes U+FFFD).
var stringOptions = json.JoinOptions(
	jsontext.AllowInvalidUTF8(true),
)

// baseOptions make go-json-experiment behave as encoding/json does.
var baseOptions = json.JoinOptions(
	json.MatchCaseInsensitiveNames(true),
	jsonv1.MatchCaseSensitiveDelimiter(true), // "a_b" does not match "ab", as in encoding/json
	jsonv1.MergeWithLegacySemantics(true),    // a repeated object merges into the first, as in encoding/json
	json.RejectUnknownMembers(false),
	jsontext.AllowDuplicateNames(true),
	jsontext.AllowInvalidUTF8(true),
)

// anyOptions add decodeAny for interface{} values. A type-specific
// unmarshaler costs a lookup for every value decoded, so it is used only for
// types that hold an interface{} somewhere (see optionsFor).
var anyOptions = json.JoinOptions(baseOptions, json.WithUnmarshalers(json.UnmarshalFromFunc(decodeAny)))

// Decode decodes one JSON value from r into v, reading at most limit bytes
// (DefaultLimit when limit <= 0). A longer body is an ErrTooLarge error,
// never a silent truncation.
func Decode(r io.Reader, limit int64, v any) error {
	return decode(r, limit, v, true)
}

// decode is Decode; fast chooses the generated decoder where v has one
// (false: the reflective path, for the differential tests).
func decode(r io.Reader, limit int64, v any, fast bool) error {
	if limit <= 0 {
		limit = DefaultLimit
	}
	src, lr := reader(r, limit)
	var err error
	if t, ok := v.(jsonfast.Target); ok && fast {
		err = jsonfast.Read(src, optionsFor(reflect.TypeOf(v)), t)
	} else {
		err = json.UnmarshalRead(src, v, optionsFor(reflect.TypeOf(v)))
	}
	if err != nil {
		if lr.exceeded {
			return fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
		}
		return fmt.Errorf("decode JSON: %w", err)
	}
	return nil
}

// DecodeResponse checks that resp carries JSON, decodes its body into v with
// Decode, and closes the body.
func DecodeResponse(resp *http.Response, limit int64, v any) error {
	defer resp.Body.Close()
	if err := checkContentType(resp); err != nil {
		return err
	}
	b, r, err := body(resp, limit)
	if b != nil {
		defer bufs.Put(b)
	}
	if err != nil {
		return err
	}
	return Decode(r, limit, v)
}

func checkContentType(resp *http.Response) error {
	if ct := resp.Header.Get("Content-Type"); ct != "" && ct != "application/json" && ct != "application/json; charset=utf-8" {
		mt, _, err := mime.ParseMediaType(ct) // allocates: only for the unusual values
		if err != nil || !isJSON(mt) {
			return fmt.Errorf("decode JSON: answer has Content-Type %.100q", ct)
		}
	}
	return nil
}

func isJSON(mt string) bool {
	return mt == "application/json" || (len(mt) > 5 && mt[len(mt)-5:] == "+json")
}

// limitedReader fails once more than n bytes are read, and says so.
type limitedReader struct {
	r        io.Reader
	n        int64
	exceeded bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// Probe for one more byte: a body exactly at the limit is fine.
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			l.exceeded = true
			return 0, ErrTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// holdsAny caches, per type decoded into, whether it can hold an interface{}.
var holdsAny sync.Map // reflect.Type -> bool

// optionsFor returns anyOptions for a type that can hold an interface{}
// value and baseOptions for one that cannot.
func optionsFor(t reflect.Type) json.Options {
	if t == nil {
		return baseOptions // decoding into nil fails either way
	}
	if holds(t) {
		return anyOptions
	}
	return baseOptions
}

// holds reports, cached, whether a value of type t can hold an interface{}.
func holds(t reflect.Type) bool {
	v, ok := holdsAny.Load(t)
	if !ok {
		v, _ = holdsAny.LoadOrStore(t, canHoldInterface(t, map[reflect.Type]bool{}))
	}
	return v.(bool)
}

// canHoldInterface reports whether a value of type t can contain a value of
// interface type (t itself, or a field, element or map key or value at any
// depth). seen breaks the cycles of recursive types.
func canHoldInterface(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false // already being looked at further up
	}
	seen[t] = true
	if t.Kind() != reflect.Interface && reflect.PointerTo(t).Implements(unmarshalerType) {
		return false // decodes itself (respondkit.Values), whatever it holds
	}
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return canHoldInterface(t.Elem(), seen)
	case reflect.Map:
		return canHoldInterface(t.Key(), seen) || canHoldInterface(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if canHoldInterface(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

// unmarshalerType is the interface of a type that decodes itself.
var unmarshalerType = reflect.TypeFor[interface{ UnmarshalJSON([]byte) error }]()

// ErrTooManyItems is returned for a list with more items than were asked for.
var ErrTooManyItems = jsonfast.ErrTooManyItems

type itemsKey struct {
	t   reflect.Type
	max int
}

// itemsOptions caches, per type decoded into and cap, the options that
// decode every []E in it item by item and stop at the cap.
var itemsOptions sync.Map // itemsKey -> json.Options

// DecodeResponseItems is DecodeResponse for an answer that lists at most
// maxItems values of type E (a page of a list asked with that limit): every
// []E in v is decoded item by item, and the first item past maxItems ends
// the decoding with ErrTooManyItems, before the rest of a body decoded as it
// arrives is read. Memory is bounded by what was asked for (or maxBuffered,
// for a body read whole first), not by what the server sends.
func DecodeResponseItems[E any](resp *http.Response, limit int64, v any, maxItems int) error {
	defer resp.Body.Close()
	if err := checkContentType(resp); err != nil {
		return err
	}
	b, r, err := body(resp, limit)
	if b != nil {
		defer bufs.Put(b)
	}
	if err != nil {
		return err
	}
	return decodeItems[E](r, limit, v, maxItems, true)
}

// maxBuffered is the largest body read whole before decoding: a body
// whose length is announced and at most this is read in as few reads as
// the connection allows, then decoded from memory, which the token reader
// does without copying; a longer or unannounced one is decoded as it
// arrives.
const maxBuffered = 1 << 20

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// body is what to decode resp's body from: a pooled buffer that holds it
// whole when its length is announced and at most maxBuffered (and the
// limit), returned first to go back to bufs once decoded; the body itself
// otherwise.
func body(resp *http.Response, limit int64) (*bytes.Buffer, io.Reader, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	n := resp.ContentLength
	if n <= 0 || n > maxBuffered || n > limit {
		return nil, resp.Body, nil
	}
	b := bufs.Get().(*bytes.Buffer)
	b.Reset()
	b.Grow(int(n))
	if _, err := b.ReadFrom(io.LimitReader(resp.Body, n)); err != nil {
		return b, nil, fmt.Errorf("decode JSON: %w", err)
	}
	return b, b, nil
}

// reader is what the token reader reads r from: a *bytes.Buffer within the
// limit as it is (parsed in place), anything else through a limitedReader,
// returned second to tell whether the limit was crossed.
func reader(r io.Reader, limit int64) (io.Reader, *limitedReader) {
	if b, ok := r.(*bytes.Buffer); ok && int64(b.Len()) <= limit {
		return b, &limitedReader{}
	}
	lr := &limitedReader{r: r, n: limit}
	return lr, lr
}

// decodeItems is DecodeResponseItems on a body; fast chooses the generated
// decoder where v (or, for a list, its item type) has one.
func decodeItems[E any](r io.Reader, limit int64, v any, maxItems int, fast bool) error {
	if limit <= 0 {
		limit = DefaultLimit
	}
	t := reflect.TypeOf(v)
	key := itemsKey{t, maxItems}
	o, ok := itemsOptions.Load(key)
	if !ok {
		capped := json.UnmarshalFromFunc(func(dec *jsontext.Decoder, s *[]E) error {
			switch dec.PeekKind() {
			case 'n':
				_, err := dec.ReadToken()
				*s = nil
				return err
			case '[':
			default:
				return errors.ErrUnsupported // not a list: the usual decoding and its error
			}
			if _, err := dec.ReadToken(); err != nil {
				return err
			}
			out := (*s)[:0]
			for dec.PeekKind() != ']' {
				if len(out) >= maxItems {
					return fmt.Errorf("%w (%d)", ErrTooManyItems, maxItems)
				}
				// Decoded in place: a local would escape, one allocation
				// per item.
				var zero E
				out = append(out, zero)
				if err := json.UnmarshalDecode(dec, &out[len(out)-1]); err != nil {
					return err
				}
			}
			if _, err := dec.ReadToken(); err != nil {
				return err
			}
			*s = out
			return nil
		})
		opts := json.JoinOptions(baseOptions, json.WithUnmarshalers(capped))
		if t != nil && holds(t) {
			opts = json.JoinOptions(baseOptions, json.WithUnmarshalers(json.JoinUnmarshalers(capped, json.UnmarshalFromFunc(decodeAny))))
		}
		o, _ = itemsOptions.LoadOrStore(key, opts)
	}
	src, lr := reader(r, limit)
	var err error
	if tv, ok := v.(jsonfast.Target); ok && fast {
		err = jsonfast.ReadCapped[E](src, o.(json.Options), tv, maxItems)
	} else if s, ok := v.(*[]E); ok && fast && jsonfast.IsTarget[E]() {
		err = jsonfast.ReadItems(src, o.(json.Options), s, maxItems)
	} else {
		err = json.UnmarshalRead(src, v, o.(json.Options))
	}
	if err != nil {
		if lr.exceeded {
			return fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
		}
		if errors.Is(err, ErrTooManyItems) {
			return fmt.Errorf("decode JSON: %w", ErrTooManyItems)
		}
		return fmt.Errorf("decode JSON: %w", err)
	}
	return nil
}
