package fql

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestExpressions(t *testing.T) {
	for _, tc := range []struct {
		e    Expr
		want string
	}{
		{Eq("platform_name", "Windows"), `platform_name:'Windows'`},
		{And(Eq("platform_name", "Windows"), Eq("enabled", true)), `platform_name:'Windows'+enabled:true`},
		{Eq("name", `o'brien\x`), `name:'o\'brien\\x'`},
		{Eq("name", `a'+enabled:false`), `name:'a\'+enabled:false'`}, // injection stays inside the quotes
		{Ne("hostname", "db"), `hostname:!'db'`},
		{Ge("modified_timestamp", time.Date(2020, 1, 1, 1, 0, 0, 0, time.FixedZone("x", 3600))), `modified_timestamp:>='2020-01-01T00:00:00Z'`},
		{Lt("count", 5), `count:<5`},
		{Like("name", "resp"), `name:~'resp'`},
		{In("platform_name", "Mac", "Linux"), `platform_name:['Mac','Linux']`},
		{Or(Eq("a", 1), And(Eq("b", 2), Eq("c", 3))), `a:1,(b:2+c:3)`},
		{And(Eq("a", 1), Or(Eq("b", 2), Eq("c", 3)), Expr{}), `a:1+(b:2,c:3)`},
		{And(), ``},
	} {
		if got := tc.e.String(); got != tc.want {
			t.Errorf("got %s, want %s", got, tc.want)
		}
	}
}

func TestInvalidExpressions(t *testing.T) {
	var nilPtr *string
	for _, tc := range []struct {
		name string
		e    Expr
		want string
	}{
		{"field injecting a clause", Eq("name:'x',platform_name", "Windows"), `field name "name:'x',platform_name" holds ':'`},
		{"field with a space", Eq("name x", 1), `holds ' '`},
		{"empty field", Eq("", 1), "empty field name"},
		{"field starting with a digit", Eq("1name", 1), `holds '1' at byte 0`},
		{"nil value", Eq("name", nil), "nil value for field name"},
		{"typed nil value", Ne("name", nilPtr), "nil value for field name"},
		{"empty In", In[string]("platform_name"), "In(platform_name) with no values"},
		{"nil in In", In[any]("name", "a", nilPtr), "nil value 1 in In(name)"},
		{"bad field in In", In("a,b", 1), "field name"},
		{"passed on by And", And(Eq("a", 1), Eq("b c", 2)), `field name "b c"`},
		{"passed on by Or", Or(Eq("a", nil), Eq("b", 2)), "nil value for field a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.e.Err()
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Err() = %v, want ErrInvalid containing %q", err, tc.want)
			}
			if s := tc.e.String(); !strings.HasPrefix(s, Invalid) {
				t.Errorf("String() = %q, want the Invalid prefix", s)
			}
			if s, err := tc.e.Build(); err == nil || s != "" {
				t.Errorf("Build() = %q, %v; want an error and no text", s, err)
			}
		})
	}
	if err := And(Eq("device.hostname", "x"), In("platform_name", "Mac")).Err(); err != nil {
		t.Errorf("a dotted field: %v", err)
	}
}

func FuzzQuoteKeepsValueInside(f *testing.F) {
	for _, s := range []string{"a", "'", `\`, `\'`, "a'+b:1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := quote(s)
		// Walk the quoted string: it must end exactly at its last byte.
		if q[0] != '\'' {
			t.Fatalf("%q not quoted", q)
		}
		for i := 1; i < len(q); i++ {
			switch q[i] {
			case '\\':
				i++
			case '\'':
				if i != len(q)-1 {
					t.Fatalf("%q: value escapes its quotes at %d", q, i)
				}
			}
		}
	})
}
