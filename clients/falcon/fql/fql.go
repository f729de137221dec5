// Package fql builds Falcon Query Language filters with values quoted
// safely, so that user input cannot change a filter's meaning:
//
//	fql.And(fql.Eq("platform_name", "Windows"), fql.Eq("enabled", true)).String()
//	// platform_name:'Windows'+enabled:true
//
// A field name that is not a plain property name (letters, digits, _ and
// .), a nil value and an empty In make an invalid expression: its Err says
// why, And and Or pass the error on, and its String is text that the falcon
// client refuses before sending (it never widens a query to everything).
package fql

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Expr is a filter expression.
type Expr struct {
	s   string
	op  string // "+" or "," for a compound expression, "" otherwise
	err error
}

// Invalid starts the String of an invalid expression: a NUL byte, which no
// filter holds, so the falcon client refuses it before sending.
const Invalid = "\x00fql: "

// String returns the filter text, or, for an invalid expression, Invalid
// and the reason.
func (e Expr) String() string {
	if e.err != nil {
		return Invalid + strings.TrimPrefix(e.err.Error(), "fql: ")
	}
	return e.s
}

// Err reports why the expression is invalid, or nil.
func (e Expr) Err() error { return e.err }

// ErrInvalid is what Err wraps for an invalid expression.
var ErrInvalid = errors.New("fql: invalid expression")

// Build returns the filter text, or the error of an invalid expression.
func (e Expr) Build() (string, error) { return e.s, e.err }

// checkField refuses a field name that would not stay a field name once
// written out (Eq("name:'x',platform_name", ...) would add a clause).
func checkField(field string) error {
	if field == "" {
		return fmt.Errorf("%w: empty field name", ErrInvalid)
	}
	for i := 0; i < len(field); i++ {
		c := field[i]
		if !(c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return fmt.Errorf("%w: field name %.64q holds %q at byte %d (want letters, digits, _ and .)", ErrInvalid, field, c, i)
		}
	}
	return nil
}

// quote renders a value: strings in single quotes with ' and \ escaped,
// numbers and booleans bare, times in RFC 3339 UTC quoted.
func quote(v any) string {
	switch x := v.(type) {
	case string:
		r := strings.NewReplacer(`\`, `\\`, `'`, `\'`)
		return "'" + r.Replace(x) + "'"
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case time.Time:
		return "'" + x.UTC().Format(time.RFC3339) + "'"
	case fmt.Stringer:
		return quote(x.String())
	default:
		return quote(fmt.Sprint(x))
	}
}

func cmp(field, op string, v any) Expr {
	if err := checkField(field); err != nil {
		return Expr{err: err}
	}
	if isNil(v) {
		return Expr{err: fmt.Errorf("%w: nil value for field %s", ErrInvalid, field)}
	}
	return Expr{s: field + ":" + op + quote(v)}
}

// Eq matches field equal to v.
func Eq(field string, v any) Expr { return cmp(field, "", v) }

// Ne matches field not equal to v.
func Ne(field string, v any) Expr { return cmp(field, "!", v) }

// Gt, Ge, Lt and Le compare field with v.
func Gt(field string, v any) Expr { return cmp(field, ">", v) }

// Ge matches field greater than or equal to v.
func Ge(field string, v any) Expr { return cmp(field, ">=", v) }

// Lt matches field less than v.
func Lt(field string, v any) Expr { return cmp(field, "<", v) }

// Le matches field less than or equal to v.
func Le(field string, v any) Expr { return cmp(field, "<=", v) }

// Like matches field containing v (FQL's ~, case-insensitive).
func Like(field string, v string) Expr { return cmp(field, "~", v) }

// isNil reports whether v is nil or a nil pointer, map, slice or interface.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch r := reflect.ValueOf(v); r.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Func, reflect.Chan:
		return r.IsNil()
	}
	return false
}

// In matches field equal to any of vs: field:['a','b']. An empty vs is
// invalid: it would match nothing, or, left out, everything.
func In[T any](field string, vs ...T) Expr {
	if err := checkField(field); err != nil {
		return Expr{err: err}
	}
	if len(vs) == 0 {
		return Expr{err: fmt.Errorf("%w: In(%s) with no values", ErrInvalid, field)}
	}
	parts := make([]string, len(vs))
	for i, v := range vs {
		if isNil(v) {
			return Expr{err: fmt.Errorf("%w: nil value %d in In(%s)", ErrInvalid, i, field)}
		}
		parts[i] = quote(v)
	}
	return Expr{s: field + ":[" + strings.Join(parts, ",") + "]"}
}

// join combines expressions, putting parentheses around a compound
// expression of the other operator so precedence never depends on FQL's.
func join(sep string, es []Expr) Expr {
	var parts []Expr
	for _, e := range es {
		if e.err != nil {
			return Expr{err: e.err}
		}
		if e.s != "" {
			parts = append(parts, e)
		}
	}
	switch len(parts) {
	case 0:
		return Expr{}
	case 1:
		return parts[0]
	}
	strs := make([]string, len(parts))
	for i, e := range parts {
		strs[i] = e.s
		if e.op != "" && e.op != sep {
			strs[i] = "(" + e.s + ")"
		}
	}
	return Expr{s: strings.Join(strs, sep), op: sep}
}

// And matches when every expression matches (FQL's +). Empty expressions are
// left out.
func And(es ...Expr) Expr { return join("+", es) }

// Or matches when any expression matches (FQL's ,). Empty expressions are
// left out.
func Or(es ...Expr) Expr { return join(",", es) }
