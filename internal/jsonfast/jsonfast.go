// Package jsonfast is the runtime of the decoders that respondgen generates
// for the model types (gen/<api>api/decode.gen.go): they read the token
// stream of a jsontext.Decoder and set the known fields by switch, with no
// reflection on the way.
//
// The decoders do what clients/internal/jsondec does with
// github.com/go-json-experiment/json set up as encoding/json behaves (its
// options are passed in and used for anything decoded by reflection): names
// matched exactly, then case-insensitively (delimiters such as '_' kept),
// unknown members skipped, duplicate names allowed with the legacy merge
// semantics (a repeated object merges into the first, a null leaves a
// string, number, bool or struct as it was and clears a pointer, slice, map
// or interface), invalid UTF-8 replaced by U+FFFD, numbers out of range
// refused, free-form values decoded as encoding/json does (objects
// map[string]any, arrays []any, numbers float64). A differential fuzz test in
// jsondec checks that both decode the same bytes to the same values, or both
// refuse them.
package jsonfast

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Target is a type with a generated decoder.
type Target interface {
	// DecodeJSON decodes one JSON value from d into the receiver.
	DecodeJSON(d *Decoder) error
}

// ErrTooManyItems is returned for a list with more items than were asked
// for.
var ErrTooManyItems = errors.New("more items than asked for")

// Decoder is the state of one decoding: the token reader and the item cap.
type Decoder struct {
	dec *jsontext.Decoder
	// strings holds strings made before, so that a value that repeats (a
	// type, a user, a setting's name) is one allocation, not one per
	// occurrence; it is kept with the Decoder between answers.
	strings *[1024]interned
	// tail is where the bytes after the value are read into.
	tail [512]byte
	// types holds a *typed[E] for each type E of slice items and pointer
	// targets met.
	types []any
	// max is the most items a list of the capped type may hold.
	max int
	// capped is a nil *E naming the item type E that max applies to, or
	// nil for no cap.
	capped any
}

// Read decodes one JSON value from r into v with the generated decoder,
// then checks that only white space follows. opts are the options of the
// reflective decoder, used for the values a generated decoder leaves to it.
func Read(r io.Reader, opts json.Options, v Target) error {
	return read(r, opts, v.DecodeJSON, 0, nil)
}

// ReadCapped is Read for an answer that lists at most maxItems values of
// type E: every []E in v is decoded item by item, and the first item past
// maxItems ends the decoding with ErrTooManyItems, before the rest of the
// body is read.
func ReadCapped[E any](r io.Reader, opts json.Options, v Target, maxItems int) error {
	return read(r, opts, v.DecodeJSON, maxItems, (*E)(nil))
}

// ReadItems is ReadCapped for an answer that is a list of E, whose pointer
// is a Target.
func ReadItems[E any](r io.Reader, opts json.Options, s *[]E, maxItems int) error {
	return read(r, opts, func(d *Decoder) error { return Slice(d, s, targetElem[E]) }, maxItems, (*E)(nil))
}

// IsTarget reports whether *E has a generated decoder.
func IsTarget[E any]() bool {
	_, ok := any((*E)(nil)).(Target)
	return ok
}

func targetElem[E any](d *Decoder, p *E) error {
	return any(p).(Target).DecodeJSON(d)
}

// decoders keeps Decoders, with their buffers, between answers.
var decoders sync.Pool

// poolMax is the largest body after which a Decoder is kept: the token
// reader's buffer can grow to the largest value read at once (a skipped
// member), and is kept with it.
const poolMax = 1 << 20

// emptyReader stands for the body in a pooled Decoder.
var emptyReader = new(bytes.Reader)

func read(r io.Reader, opts json.Options, decode func(*Decoder) error, maxItems int, capped any) error {
	d, _ := decoders.Get().(*Decoder)
	if d == nil {
		d = &Decoder{dec: jsontext.NewDecoder(r, opts), strings: new([1024]interned)}
	} else {
		d.dec.Reset(r, opts)
	}
	d.max, d.capped = maxItems, capped
	err := readWith(d, r, decode)
	if d.dec.InputOffset() <= poolMax {
		d.dec.Reset(emptyReader)
		d.capped = nil
		// The strings stay: the next answer likely repeats them.
		for _, t := range d.types {
			t.(resetter).reset()
		}
		decoders.Put(d)
	}
	return err
}

func readWith(d *Decoder, r io.Reader, decode func(*Decoder) error) error {
	if err := decode(d); err != nil {
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		return err
	}
	// Only white space may follow: what the decoder holds, then the rest
	// of the body, read until EOF or the first other byte (which ends it).
	if err := checkSpace(d.dec.UnreadBuffer()); err != nil {
		return err
	}
	for empty := 0; ; {
		n, err := r.Read(d.tail[:])
		if err := checkSpace(d.tail[:n]); err != nil {
			return err
		}
		switch {
		case err == io.EOF:
			return nil
		case err != nil:
			return err
		case n == 0:
			if empty++; empty > 100 {
				return io.ErrNoProgress
			}
		}
	}
}

// checkSpace refuses anything but JSON white space after the value.
func checkSpace(b []byte) error {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return fmt.Errorf("jsontext: invalid character %q after top-level value", c)
		}
	}
	return nil
}

// Object reads the start of an object, or a null, which leaves the value
// as it was (more reports false). what names the Go type for an error.
func (d *Decoder) Object(what string) (more bool, err error) {
	if d == nil {
		return false, errors.New("jsonfast: DecodeJSON needs the clients' decoder, not nil")
	}
	tok, err := d.dec.ReadToken()
	if err != nil {
		return false, err
	}
	switch tok.Kind() {
	case '{':
		return true, nil
	case 'n':
		return false, nil
	}
	return false, d.mismatchRead(tok.Kind(), what)
}

// More reports whether the object being read has another member (as the
// reflective decoder does: anything but '}' is one, and a syntax error is
// reported by the next read).
func (d *Decoder) More() bool {
	return d.dec.PeekKind() != '}'
}

// moreItems is More for an array.
func (d *Decoder) moreItems() bool {
	return d.dec.PeekKind() != ']'
}

// End reads the end of the object or array.
func (d *Decoder) End() error {
	_, err := d.dec.ReadToken()
	return err
}

// Name reads an object member name. The bytes are valid until the next
// read.
func (d *Decoder) Name() ([]byte, error) {
	raw, err := d.dec.ReadValue()
	if err != nil {
		return nil, err
	}
	if len(raw) < 2 || raw[0] != '"' {
		return nil, fmt.Errorf("jsontext: object name %s is not a string", raw.Kind())
	}
	if body := raw[1 : len(raw)-1]; plain(body) {
		return body, nil
	}
	return unquoteSlow(raw), nil
}

// str returns the string a JSON string value holds, the same string for
// the same short value within one answer.
func (d *Decoder) str(raw jsontext.Value) string {
	return d.key(unquoteBytes(raw))
}

// interned is a string made once per decoder, and its boxed form once it
// was needed as a free-form value. hot marks an entry found again, which a
// string seen once (an id) does not push out.
type interned struct {
	s     string
	boxed any
	hot   bool
}

// slot returns the cache entry for b (nil for a string too short or too
// long to cache). Each string has two places in the cache.
func (d *Decoder) slot(b []byte) *interned {
	if len(b) < 2 || len(b) > 256 {
		return nil
	}
	// FNV-1a, then a multiply to spread it: deterministic, so that the
	// allocations of an answer are the same in every process.
	h := uint64(14695981039346656037)
	for _, c := range b {
		h = (h ^ uint64(c)) * 1099511628211
	}
	h *= 0x9e3779b97f4a7c15
	n := uint64(len(d.strings))
	e1, e2 := &d.strings[(h>>54)%n], &d.strings[(h>>44)%n]
	// (Comparisons, not a switch on string(b), which would copy b.)
	if string(b) == e1.s {
		e1.hot = true
		return e1
	}
	if string(b) == e2.s {
		e2.hot = true
		return e2
	}
	e := e1
	switch {
	case !e1.hot:
	case !e2.hot:
		e = e2
	default:
		e2.hot = false // both in use: e1 goes, e2 goes next unless found again
	}
	e.s, e.boxed, e.hot = string(b), nil, false
	return e
}

// key returns the string of a name or value, the same string for the same
// short bytes within one answer.
func (d *Decoder) key(b []byte) string {
	if e := d.slot(b); e != nil {
		return e.s
	}
	return string(b)
}

// boxedString is key for a free-form value: the string in an interface.
func (d *Decoder) boxedString(b []byte) any {
	e := d.slot(b)
	if e == nil {
		return string(b)
	}
	if e.boxed == nil {
		e.boxed = e.s
	}
	return e.boxed
}

// typed is the state kept per item type E: a scratch list that slices are
// decoded into before they are copied out at their length, and a slab
// that pointers to E are handed out from.
type typed[E any] struct {
	scratch []E
	busy    bool
	slab    []E
}

type resetter interface{ reset() }

// reset drops the slab (its values belong to the answer decoded) and a
// scratch list grown large.
func (t *typed[E]) reset() {
	t.slab = nil
	if cap(t.scratch) > 1024 {
		t.scratch = nil
	}
}

// typedOf returns d's state for E.
func typedOf[E any](d *Decoder) *typed[E] {
	for _, t := range d.types {
		if t, ok := t.(*typed[E]); ok {
			return t
		}
	}
	t := new(typed[E])
	d.types = append(d.types, t)
	return t
}

// Skip skips the value of an unknown member.
func (d *Decoder) Skip() error {
	return d.dec.SkipValue()
}

// Fold returns 1 + the index of the one name in names that equals name
// under Unicode case folding, 0 if none does (the generator makes sure no
// two names of a type fold to each other).
func Fold(name []byte, names []string) int {
	for i, n := range names {
		if strings.EqualFold(string(name), n) {
			return i + 1
		}
	}
	return 0
}

// mismatchRead is mismatch for a token or value of kind k already read.
func (d *Decoder) mismatchRead(k jsontext.Kind, what string) error {
	return &MismatchError{JSONKind: k, GoType: what, Pointer: string(d.dec.StackPointer())}
}

// MismatchError is a JSON value that does not fit the Go type decoded
// into.
type MismatchError struct {
	JSONKind jsontext.Kind
	GoType   string
	Pointer  string
	Err      error
}

func (e *MismatchError) Error() string {
	kind := map[jsontext.Kind]string{'n': "null", 't': "boolean", 'f': "boolean", '"': "string", '0': "number", '{': "object", '[': "array"}[e.JSONKind]
	s := fmt.Sprintf("json: cannot unmarshal JSON %s into Go %s", kind, e.GoType)
	if e.Pointer != "" {
		s += fmt.Sprintf(" within %q", e.Pointer)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *MismatchError) Unwrap() error { return e.Err }

func typeName[T any]() string { return reflect.TypeFor[T]().String() }

// Reflect decodes a value with the reflective decoder and the options it
// was given (for shapes the generator leaves to it). A type that decodes
// itself from the token stream (json.UnmarshalerFrom, such as
// respondkit.Values) has its method called directly, as the reflective
// decoder would call it, without the reflective decoder's set-up for every
// value.
func Reflect[T any](d *Decoder, p *T) error {
	if u, ok := any(p).(json.UnmarshalerFrom); ok {
		return d.method(u, p)
	}
	return json.UnmarshalDecode(d.dec, p)
}

// errNotOneValue is the error of a method that read more or less than
// the one value it was given.
var errNotOneValue = errors.New("the decoding method read more or less than one JSON value")

// method calls u's UnmarshalJSONFrom on the next value and checks, as the
// reflective decoder does, that it read exactly that value. Its errors are
// wrapped in a MismatchError naming the Go type and where, except syntax
// and read errors, which pass as they are. A method that declines the value
// (errors.ErrUnsupported, having read nothing) leaves it to the reflective
// decoder.
func (d *Decoder) method(u json.UnmarshalerFrom, p any) error {
	depth := d.dec.StackDepth()
	_, n := d.dec.StackIndex(depth)
	kind := d.dec.PeekKind()
	err := u.UnmarshalJSONFrom(d.dec)
	_, m := d.dec.StackIndex(depth)
	moved := d.dec.StackDepth() != depth || m != n
	switch {
	case err == nil && (d.dec.StackDepth() != depth || m != n+1):
		err = errNotOneValue
	case errors.Is(err, errors.ErrUnsupported) && !moved:
		return json.UnmarshalDecode(d.dec, p)
	}
	return d.Own(kind, p, err)
}

// Own returns the error of a type's own decoding method (DecodeJSON or
// UnmarshalJSONFrom) that began at a value of kind, as the reflective
// decoder reports it: syntax and read errors as they are, others in a
// MismatchError naming p's type and where. A nil err stays nil.
func (d *Decoder) Own(kind jsontext.Kind, p any, err error) error {
	if err == nil {
		return nil
	}
	var syntax *jsontext.SyntacticError
	if errors.As(err, &syntax) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return err
	}
	return &MismatchError{JSONKind: kind, GoType: reflect.TypeOf(p).Elem().String(), Pointer: string(d.dec.StackPointer()), Err: err}
}

// Tokens is the token reader, for a type's own DecodeJSON method.
func (d *Decoder) Tokens() *jsontext.Decoder { return d.dec }

// Str returns the string a JSON string value (raw, quotes included)
// holds, from the decoder's cache; a nil Decoder makes a new string.
func (d *Decoder) Str(raw jsontext.Value) string {
	if d == nil {
		return string(unquoteBytes(raw))
	}
	return d.str(raw)
}

// Boxed is Str in an interface, boxed once per cached string.
func (d *Decoder) Boxed(raw jsontext.Value) any {
	if d == nil {
		return string(unquoteBytes(raw))
	}
	return d.boxedString(unquoteBytes(raw))
}

// String decodes a JSON string; a null leaves the value as it was.
func String[T ~string](d *Decoder, p *T) error {
	raw, err := d.dec.ReadValue()
	if err != nil {
		return err
	}
	switch raw[0] {
	case '"':
		*p = T(d.str(raw))
		return nil
	case 'n':
		return nil
	}
	return d.mismatchRead(raw.Kind(), typeName[T]())
}

// Bool decodes true or false; a null leaves the value as it was.
func Bool[T ~bool](d *Decoder, p *T) error {
	tok, err := d.dec.ReadToken()
	if err != nil {
		return err
	}
	switch tok.Kind() {
	case 't', 'f':
		*p = T(tok.Bool())
		return nil
	case 'n':
		return nil
	}
	return d.mismatchRead(tok.Kind(), typeName[T]())
}

// Int decodes an integer (no fraction, no exponent) that fits T; a null
// leaves the value as it was.
func Int[T ~int | ~int8 | ~int16 | ~int32 | ~int64](d *Decoder, p *T) error {
	raw, err := d.dec.ReadValue()
	if err != nil {
		return err
	}
	if raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
		if raw[0] == 'n' {
			return nil
		}
		return d.mismatchRead(raw.Kind(), typeName[T]())
	}
	digits := raw
	neg := digits[0] == '-'
	if neg {
		digits = digits[1:]
	}
	var n uint64
	bad := error(nil)
	for _, c := range digits {
		if c < '0' || c > '9' {
			bad = strconv.ErrSyntax
			break
		}
		if n > (1<<63)/10 {
			bad = strconv.ErrRange
			break
		}
		n = n*10 + uint64(c-'0')
	}
	bits := uint(unsafe.Sizeof(*p)) * 8
	limit := uint64(1) << (bits - 1)
	if bad == nil && ((neg && n > limit) || (!neg && n > limit-1)) {
		bad = strconv.ErrRange
	}
	if bad != nil {
		return &MismatchError{JSONKind: '0', GoType: typeName[T](), Pointer: string(d.dec.StackPointer()), Err: bad}
	}
	if neg {
		*p = T(-int64(n))
	} else {
		*p = T(int64(n))
	}
	return nil
}

// Float decodes a number that fits T; a null leaves the value as it was.
func Float[T ~float32 | ~float64](d *Decoder, p *T) error {
	raw, err := d.dec.ReadValue()
	if err != nil {
		return err
	}
	if raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
		if raw[0] == 'n' {
			return nil
		}
		return d.mismatchRead(raw.Kind(), typeName[T]())
	}
	f, err := strconv.ParseFloat(string(raw), int(unsafe.Sizeof(*p))*8)
	if err != nil {
		return &MismatchError{JSONKind: '0', GoType: typeName[T](), Pointer: string(d.dec.StackPointer()), Err: errors.Unwrap(err)}
	}
	*p = T(f)
	return nil
}

// Time decodes an RFC 3339 time, as strictly as the reflective decoder
// does; a null leaves the value as it was.
func Time(d *Decoder, p *time.Time) error {
	raw, err := d.dec.ReadValue()
	if err != nil {
		return err
	}
	if raw[0] != '"' {
		if raw[0] == 'n' {
			return nil
		}
		return d.mismatchRead(raw.Kind(), "time.Time")
	}
	b := unquoteBytes(raw)
	var t time.Time
	if err := t.UnmarshalText(b); err != nil {
		return &MismatchError{JSONKind: '"', GoType: "time.Time", Pointer: string(d.dec.StackPointer()), Err: err}
	}
	// time.Parse takes a few strings RFC 3339 does not allow; refuse them
	// as the reflective decoder does.
	bad := false
	switch {
	case b[len("2006-01-02T")+1] == ':': // one-digit hour
		bad = true
	case b[len("2006-01-02T15:04:05")] == ',': // comma before the fraction
		bad = true
	case b[len(b)-1] != 'Z':
		bad = dec2(b[len(b)-len("07:00"):]) >= 24 || dec2(b[len(b)-len("00"):]) >= 60
	}
	if bad {
		return &MismatchError{JSONKind: '"', GoType: "time.Time", Pointer: string(d.dec.StackPointer()), Err: fmt.Errorf("%q is not RFC 3339", b)}
	}
	*p = t
	return nil
}

func dec2(b []byte) byte {
	return 10*(b[0]-'0') + (b[1] - '0')
}

// Struct decodes into a type with a generated decoder.
func Struct[T any, PT interface {
	*T
	Target
}](d *Decoder, p *T) error {
	return PT(p).DecodeJSON(d)
}

// Ptr decodes into the value p points to, allocating it if p is nil; a
// null sets p to nil.
func Ptr[E any](d *Decoder, p **E, elem func(*Decoder, *E) error) error {
	if d.dec.PeekKind() == 'n' {
		_, err := d.dec.ReadToken()
		*p = nil
		return err
	}
	if *p == nil {
		t := typedOf[E](d)
		if len(t.slab) == 0 {
			var zero E
			t.slab = make([]E, max(1, 256/max(1, int(unsafe.Sizeof(zero)))))
		}
		*p = &t.slab[0]
		t.slab = t.slab[1:]
	}
	return elem(d, *p)
}

// Slice decodes a JSON array item by item into the slice, merging into the
// items already within its capacity as the reflective decoder does; a null
// sets it to nil. A slice of the capped item type is filled from empty,
// each item decoded into a zero value, and holds at most the cap.
func Slice[S ~[]E, E any](d *Decoder, p *S, elem func(*Decoder, *E) error) error {
	tok, err := d.dec.ReadToken()
	if err != nil {
		return err
	}
	switch tok.Kind() {
	case 'n':
		*p = nil
		return nil
	case '[':
	default:
		return d.mismatchRead(tok.Kind(), typeName[S]())
	}
	if _, ok := d.capped.(*E); ok {
		out := (*p)[:0]
		for d.moreItems() {
			if len(out) >= d.max {
				return fmt.Errorf("%w (%d)", ErrTooManyItems, d.max)
			}
			var zero E
			out = append(out, zero)
			if err := elem(d, &out[len(out)-1]); err != nil {
				return err
			}
		}
		if _, err := d.dec.ReadToken(); err != nil {
			return err
		}
		*p = out
		return nil
	}
	if cap(*p) == 0 {
		return sliceFresh(d, p, elem)
	}
	s := (*p)[:cap(*p)]
	i := 0
	for d.moreItems() {
		if i == len(s) {
			var zero E
			s = append(s, zero)
			s = s[:cap(s)]
		}
		i++
		if err := elem(d, &s[i-1]); err != nil {
			return err
		}
	}
	if _, err := d.dec.ReadToken(); err != nil {
		return err
	}
	if i == 0 {
		*p = S{}
	} else {
		*p = s[:i]
	}
	return nil
}

// sliceFresh is Slice into a slice with no capacity (no items to merge
// into): the items are decoded into the type's scratch list and copied out
// at their length, one allocation per slice.
func sliceFresh[S ~[]E, E any](d *Decoder, p *S, elem func(*Decoder, *E) error) error {
	t := typedOf[E](d)
	if t.busy { // a list of E within an E: a scratch list of its own
		t = new(typed[E])
	}
	t.busy = true
	s := t.scratch[:0]
	var err error
	for d.moreItems() {
		var zero E
		s = append(s, zero)
		if err = elem(d, &s[len(s)-1]); err != nil {
			break
		}
	}
	if err == nil {
		_, err = d.dec.ReadToken()
	}
	if err == nil {
		if len(s) == 0 {
			*p = S{}
		} else {
			*p = append(S(nil), s...)
		}
	}
	clear(s)
	t.scratch = s[:0]
	t.busy = false
	return err
}

// Map decodes a JSON object into a map with string keys; entry decodes
// one value into a zero value and stores it under k. A null sets the map to
// nil.
func Map[M ~map[K]V, K ~string, V any](d *Decoder, p *M, entry func(d *Decoder, m M, k K) error) error {
	tok, err := d.dec.ReadToken()
	if err != nil {
		return err
	}
	switch tok.Kind() {
	case 'n':
		*p = nil
		return nil
	case '{':
	default:
		return d.mismatchRead(tok.Kind(), typeName[M]())
	}
	if *p == nil {
		*p = make(M)
	}
	m := *p
	for d.More() {
		name, err := d.Name()
		if err != nil {
			return err
		}
		if err := entry(d, m, K(d.key(name))); err != nil {
			return err
		}
	}
	_, err = d.dec.ReadToken()
	return err
}

// Unmarshal hands the raw JSON value, null included, to a type's
// UnmarshalJSON method; what names the type for an error.
func (d *Decoder) Unmarshal(what string, method func([]byte) error) error {
	raw, err := d.dec.ReadValue()
	if err != nil {
		return err
	}
	if err := method(raw); err != nil {
		return &MismatchError{JSONKind: raw.Kind(), GoType: what, Pointer: string(d.dec.StackPointer()), Err: err}
	}
	return nil
}

// Text decodes a JSON string with a type's UnmarshalText method; a null
// leaves the value as it was. what names the type for an error.
func (d *Decoder) Text(what string, method func([]byte) error) error {
	raw, err := d.dec.ReadValue()
	if err != nil {
		return err
	}
	if raw[0] != '"' {
		if raw[0] == 'n' {
			return nil
		}
		return d.mismatchRead(raw.Kind(), what)
	}
	if err := method(unquoteBytes(raw)); err != nil {
		return &MismatchError{JSONKind: '"', GoType: what, Pointer: string(d.dec.StackPointer()), Err: err}
	}
	return nil
}

// Any decodes a free-form value as encoding/json does: objects become
// map[string]any, arrays []any, numbers float64.
func Any(d *Decoder, p *any) error {
	v, err := d.anyValue()
	if err != nil {
		return err
	}
	*p = v
	return nil
}

func (d *Decoder) anyValue() (any, error) {
	switch d.dec.PeekKind() {
	case '{':
		if _, err := d.dec.ReadToken(); err != nil {
			return nil, err
		}
		m := make(map[string]any)
		for d.More() {
			name, err := d.Name()
			if err != nil {
				return nil, err
			}
			k := d.key(name)
			v, err := d.anyValue()
			if err != nil {
				return nil, err
			}
			m[k] = v
		}
		_, err := d.dec.ReadToken()
		return m, err
	case '[':
		if _, err := d.dec.ReadToken(); err != nil {
			return nil, err
		}
		a := []any{}
		for d.moreItems() {
			v, err := d.anyValue()
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := d.dec.ReadToken()
		return a, err
	case '"':
		raw, err := d.dec.ReadValue()
		if err != nil {
			return nil, err
		}
		return d.boxedString(unquoteBytes(raw)), nil
	case '0':
		raw, err := d.dec.ReadValue()
		if err != nil {
			return nil, err
		}
		f, err := strconv.ParseFloat(string(raw), 64)
		if err != nil {
			return nil, &MismatchError{JSONKind: '0', GoType: "float64", Pointer: string(d.dec.StackPointer()), Err: errors.Unwrap(err)}
		}
		return f, nil
	}
	tok, err := d.dec.ReadToken()
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
	return nil, fmt.Errorf("jsontext: unexpected %s", tok.Kind())
}

// plain reports whether a string's body needs no unescaping and is valid
// UTF-8. ASCII without a backslash, the common case, is checked eight
// bytes at a time.
func plain(body []byte) bool {
	const ones, highs, backslashes = 0x0101010101010101, 0x8080808080808080, 0x5c5c5c5c5c5c5c5c
	i := 0
	for ; i+8 <= len(body); i += 8 {
		x := binary.LittleEndian.Uint64(body[i:])
		y := x ^ backslashes // a zero byte where body has a backslash
		if (x|((y-ones)&^y))&highs != 0 {
			return plainSlow(body[i:])
		}
	}
	for ; i < len(body); i++ {
		if c := body[i]; c == '\\' || c >= utf8.RuneSelf {
			return plainSlow(body[i:])
		}
	}
	return true
}

func plainSlow(body []byte) bool {
	return bytes.IndexByte(body, '\\') < 0 && utf8.Valid(body)
}

// unquoteBytes returns the bytes a JSON string value holds: the body itself
// for a plain string (valid until the next read), else an unescaped copy.
func unquoteBytes(raw jsontext.Value) []byte {
	if body := raw[1 : len(raw)-1]; plain(body) {
		return body
	}
	return unquoteSlow(raw)
}

// unquoteSlow unescapes a string the decoder has checked, invalid UTF-8
// replaced by U+FFFD.
func unquoteSlow(raw jsontext.Value) []byte {
	b, _ := jsontext.AppendUnquote(nil, raw) // the only error left is invalid UTF-8, replaced
	return b
}
