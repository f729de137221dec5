package fql

import (
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
