// Package fql builds Falcon Query Language filters with values quoted
// safely, so that user input cannot change a filter's meaning:
//
//	fql.And(fql.Eq("platform_name", "Windows"), fql.Eq("enabled", true)).String()
//	// platform_name:'Windows'+enabled:true
package fql

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Expr is a filter expression.
type Expr struct {
	s  string
	op string // "+" or "," for a compound expression, "" otherwise
}

// String returns the filter text.
func (e Expr) String() string { return e.s }

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

func cmp(field, op string, v any) Expr { return Expr{s: field + ":" + op + quote(v)} }

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

// In matches field equal to any of vs: field:['a','b'].
func In[T any](field string, vs ...T) Expr {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = quote(v)
	}
	return Expr{s: field + ":[" + strings.Join(parts, ",") + "]"}
}

// join combines expressions, putting parentheses around a compound
// expression of the other operator so precedence never depends on FQL's.
func join(sep string, es []Expr) Expr {
	var parts []Expr
	for _, e := range es {
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
