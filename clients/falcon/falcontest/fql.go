package falcontest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// This file is the fake's FQL: a parser for the filters clients/falcon/fql
// builds (and that people write by hand) and their evaluation against a
// resource's JSON fields.
//
//	filter := or
//	or     := and { "," and }
//	and    := term { "+" term }
//	term   := "(" or ")" | field ":" op value
//	op     := "" | "!" | ">" | ">=" | "<" | "<=" | "~" | "!~"
//	value  := quoted | bare | "[" value { "," value } "]"
//
// Quoted values are in single quotes with \' and \\ escaped; * in a value
// given to : or ! is a wildcard. Whitespace between tokens is ignored.

// fqlNode is a parsed filter.
type fqlNode interface {
	match(doc map[string]any) bool
}

type fqlAnd []fqlNode

func (n fqlAnd) match(doc map[string]any) bool {
	for _, c := range n {
		if !c.match(doc) {
			return false
		}
	}
	return true
}

type fqlOr []fqlNode

func (n fqlOr) match(doc map[string]any) bool {
	for _, c := range n {
		if c.match(doc) {
			return true
		}
	}
	return false
}

// fqlCmp is one comparison: field, operator and one or more values (a
// list matches when any value does; with ! or !~, when none does).
type fqlCmp struct {
	field  string
	op     string
	values []string
}

func (c fqlCmp) match(doc map[string]any) bool {
	got := lookup(doc, c.field)
	negate := c.op == "!" || c.op == "!~"
	op := strings.TrimPrefix(c.op, "!")
	if c.op == "!" {
		op = ""
	}
	hit := false
	for _, v := range c.values {
		if matchValue(got, op, v) {
			hit = true
			break
		}
	}
	return hit != negate
}

// lookup follows a dotted field path into a decoded JSON document.
func lookup(doc map[string]any, field string) any {
	var cur any = doc
	for part := range strings.SplitSeq(field, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	return cur
}

// matchValue compares a field's value (a decoded JSON value; an array
// matches when any element does) with a filter value.
func matchValue(got any, op, want string) bool {
	switch x := got.(type) {
	case nil:
		return false
	case []any:
		for _, e := range x {
			if matchValue(e, op, want) {
				return true
			}
		}
		return false
	case map[string]any:
		return false
	}
	s := scalarText(got)
	switch op {
	case "":
		return wildcardEqual(s, want)
	case "~":
		return strings.Contains(strings.ToLower(s), strings.ToLower(want))
	}
	c := compareValues(s, want)
	switch op {
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	}
	return false
}

func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// wildcardEqual compares case-insensitively, * in want matching any run of
// characters.
func wildcardEqual(s, want string) bool {
	s, want = strings.ToLower(s), strings.ToLower(want)
	if !strings.Contains(want, "*") {
		return s == want
	}
	parts := strings.Split(want, "*")
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}

// compareValues orders two values as times when both are times, as numbers
// when both are numbers, as case-insensitive text otherwise.
func compareValues(a, b string) int {
	if ta, ok := parseTime(a); ok {
		if tb, ok := parseTime(b); ok {
			return ta.Compare(tb)
		}
	}
	if na, err := strconv.ParseFloat(a, 64); err == nil {
		if nb, err := strconv.ParseFloat(b, 64); err == nil {
			switch {
			case na < nb:
				return -1
			case na > nb:
				return 1
			}
			return 0
		}
	}
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}

func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// fqlParser parses one filter. known reports whether a field exists.
type fqlParser struct {
	s     string
	i     int
	known func(field string) bool
}

// parseFQL parses filter; an empty filter matches everything.
func parseFQL(filter string, known func(string) bool) (fqlNode, error) {
	p := &fqlParser{s: filter, known: known}
	p.space()
	if p.i == len(p.s) {
		return fqlAnd(nil), nil
	}
	n, err := p.or(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.s) {
		return nil, p.errorf("unexpected %q", p.s[p.i])
	}
	return n, nil
}

// maxDepth bounds nesting, so a hostile filter cannot exhaust the stack.
const maxDepth = 32

func (p *fqlParser) errorf(format string, a ...any) error {
	return fmt.Errorf("at offset %d: %s", p.i, fmt.Sprintf(format, a...))
}

func (p *fqlParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *fqlParser) peek(c byte) bool {
	p.space()
	return p.i < len(p.s) && p.s[p.i] == c
}

func (p *fqlParser) or(depth int) (fqlNode, error) {
	var n fqlOr
	for {
		a, err := p.and(depth)
		if err != nil {
			return nil, err
		}
		n = append(n, a)
		if !p.peek(',') {
			break
		}
		p.i++
	}
	if len(n) == 1 {
		return n[0], nil
	}
	return n, nil
}

func (p *fqlParser) and(depth int) (fqlNode, error) {
	var n fqlAnd
	for {
		t, err := p.term(depth)
		if err != nil {
			return nil, err
		}
		n = append(n, t)
		if !p.peek('+') {
			break
		}
		p.i++
	}
	if len(n) == 1 {
		return n[0], nil
	}
	return n, nil
}

func (p *fqlParser) term(depth int) (fqlNode, error) {
	if p.peek('(') {
		if depth >= maxDepth {
			return nil, p.errorf("groups nested more than %d deep", maxDepth)
		}
		p.i++
		n, err := p.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if !p.peek(')') {
			return nil, p.errorf("missing )")
		}
		p.i++
		return n, nil
	}
	p.space()
	start := p.i
	for p.i < len(p.s) && isFieldByte(p.s[p.i]) {
		p.i++
	}
	field := p.s[start:p.i]
	if field == "" {
		if p.i == len(p.s) {
			return nil, p.errorf("missing expression")
		}
		return nil, p.errorf("expected a field name, found %q", p.s[p.i])
	}
	if !p.peek(':') {
		return nil, p.errorf("expected : after %q", field)
	}
	p.i++
	if !p.known(field) {
		return nil, fmt.Errorf("unknown filter field %q", field)
	}
	op := ""
	for _, o := range []string{"!~", "!", ">=", ">", "<=", "<", "~"} {
		if strings.HasPrefix(p.s[p.i:], o) {
			op = o
			p.i += len(o)
			break
		}
	}
	c := fqlCmp{field: field, op: op}
	if p.peek('[') {
		p.i++
		for {
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			c.values = append(c.values, v)
			if p.peek(',') {
				p.i++
				continue
			}
			if !p.peek(']') {
				return nil, p.errorf("missing ] in the list of %q", field)
			}
			p.i++
			break
		}
		return c, nil
	}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	c.values = []string{v}
	return c, nil
}

func isFieldByte(c byte) bool {
	return c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// value reads a quoted or bare value.
func (p *fqlParser) value() (string, error) {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '\'' {
		p.i++
		var b strings.Builder
		for p.i < len(p.s) {
			c := p.s[p.i]
			switch {
			case c == '\\' && p.i+1 < len(p.s):
				b.WriteByte(p.s[p.i+1])
				p.i += 2
			case c == '\'':
				p.i++
				return b.String(), nil
			default:
				b.WriteByte(c)
				p.i++
			}
		}
		return "", p.errorf("unterminated quoted value")
	}
	start := p.i
	for p.i < len(p.s) && !strings.ContainsRune("+,()[]' \t\r\n", rune(p.s[p.i])) {
		p.i++
	}
	if p.i == start {
		return "", p.errorf("missing value")
	}
	return p.s[start:p.i], nil
}

// jsonFields returns the JSON names of a struct type's fields.
func jsonFields(v any) map[string]bool {
	out := map[string]bool{}
	t := reflect.TypeOf(v)
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = true
		}
	}
	return out
}

// knownIn returns a field check for the JSON fields of a struct: a dotted
// path is known when its first element is.
func knownIn(fields map[string]bool) func(string) bool {
	return func(f string) bool {
		first, _, _ := strings.Cut(f, ".")
		return fields[first]
	}
}

// asDoc returns v as a decoded JSON document, the shape filters see.
func asDoc(v any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	return m
}
