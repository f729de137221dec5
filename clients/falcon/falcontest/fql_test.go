package falcontest

import (
	"strings"
	"testing"
	"time"

	"github.com/respondkit/respondkit/clients/falcon/fql"
)

var doc = map[string]any{
	"name":              "Responders O'Brien",
	"platform_name":     "Windows",
	"enabled":           true,
	"created_timestamp": "2024-03-01T10:00:00Z",
	"query_time":        0.5,
	"count":             float64(42),
	"tags":              []any{"prod", "dmz"},
	"meta":              map[string]any{"version": "7"},
	"path":              `C:\temp`,
}

func known(f string) bool {
	first, _, _ := strings.Cut(f, ".")
	_, ok := doc[first]
	return ok || first == "missing"
}

func TestFQLMatches(t *testing.T) {
	t0 := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		filter string
		want   bool
	}{
		// What clients/falcon/fql builds, every operator.
		{fql.Eq("platform_name", "Windows").String(), true},
		{fql.Eq("platform_name", "windows").String(), true}, // case-insensitive
		{fql.Eq("platform_name", "Linux").String(), false},
		{fql.Ne("platform_name", "Linux").String(), true},
		{fql.Ne("platform_name", "Windows").String(), false},
		{fql.Eq("enabled", true).String(), true},
		{fql.Eq("enabled", false).String(), false},
		{fql.Gt("count", 41).String(), true},
		{fql.Gt("count", 42).String(), false},
		{fql.Ge("count", 42).String(), true},
		{fql.Lt("count", 100).String(), true}, // numbers, not text: "42" > "100"
		{fql.Le("count", 41).String(), false},
		{fql.Gt("query_time", 0.25).String(), true},
		{fql.Gt("created_timestamp", t0.Add(-time.Hour)).String(), true},
		{fql.Lt("created_timestamp", t0).String(), false},
		{fql.Le("created_timestamp", t0).String(), true},
		{fql.Like("name", "brien").String(), true},
		{fql.Like("name", "BRIEN").String(), true},
		{fql.Like("name", "nobody").String(), false},
		{fql.In("platform_name", "Mac", "Windows").String(), true},
		{fql.In("platform_name", "Mac", "Linux").String(), false},
		{fql.Eq("name", "Responders O'Brien").String(), true}, // escaped quote
		{fql.Eq("path", `C:\temp`).String(), true},            // escaped backslash
		{fql.And(fql.Eq("platform_name", "Windows"), fql.Eq("enabled", true)).String(), true},
		{fql.And(fql.Eq("platform_name", "Windows"), fql.Eq("enabled", false)).String(), false},
		{fql.Or(fql.Eq("platform_name", "Mac"), fql.Eq("enabled", true)).String(), true},
		{fql.Or(fql.Eq("platform_name", "Mac"), fql.Eq("enabled", false)).String(), false},
		{fql.And(fql.Or(fql.Eq("platform_name", "Mac"), fql.Eq("platform_name", "Windows")), fql.Gt("count", 1)).String(), true},
		{fql.Or(fql.And(fql.Eq("platform_name", "Mac"), fql.Eq("enabled", true)), fql.Eq("count", 42)).String(), true},
		{fql.Or(fql.And(fql.Eq("platform_name", "Mac"), fql.Eq("enabled", true)), fql.Eq("count", 7)).String(), false},
		// Written by hand.
		{`name:'resp*'`, true},
		{`name:'*brien'`, true},
		{`name:'r*o*n'`, true},
		{`name:'x*'`, false},
		{`name:!'resp*'`, false},
		{`name:!~'brien'`, false},
		{`name:!~'nobody'`, true},
		{`platform_name:!['Mac','Linux']`, true},
		{`platform_name:!['Mac','Windows']`, false},
		{`tags:'dmz'`, true}, // an array matches when an element does
		{`tags:'web'`, false},
		{`meta.version:'7'`, true},
		{`missing:'x'`, false},
		{`missing:!'x'`, true},
		{` platform_name : 'Windows' + enabled:true `, true},
		{`(platform_name:'Mac',platform_name:'Windows')+(enabled:true)`, true},
		{`created_timestamp:>='2024-03-01'`, true},
		{`created_timestamp:<'2024-03-01T10:00:00'`, false},
		{``, true},
	} {
		n, err := parseFQL(tc.filter, known)
		if err != nil {
			t.Errorf("%s: %v", tc.filter, err)
			continue
		}
		if got := n.match(doc); got != tc.want {
			t.Errorf("%s matched %v, want %v", tc.filter, got, tc.want)
		}
	}
}

func TestFQLRefuses(t *testing.T) {
	for _, filter := range []string{
		`name:'unterminated`,
		`name`,
		`name:`,
		`:'x'`,
		`name:'a'+`,
		`name:'a',`,
		`(name:'a'`,
		`name:'a')`,
		`name:['a','b'`,
		`name:[]`,
		`name:'a' enabled:true`,
		`name:'a'extra'`,
		`nosuchfield:'a'`,
		`name:'a'+nosuchfield:'b'`,
		strings.Repeat("(", 100) + "name:'a'" + strings.Repeat(")", 100),
	} {
		if _, err := parseFQL(filter, known); err == nil {
			t.Errorf("%q parsed", filter)
		}
	}
}

// FuzzFQL: no input makes the parser or the matcher panic, and a filter
// built with fql from any value parses and matches a field holding exactly
// that value.
func FuzzFQL(f *testing.F) {
	f.Add(`name:'a'+(b:1,c:>2)`, "O'Brien")
	f.Add(`((((`, `\`)
	f.Add(`name:['a',`, "*")
	f.Fuzz(func(t *testing.T, filter, value string) {
		if n, err := parseFQL(filter, known); err == nil {
			n.match(doc)
		}
		if strings.Contains(value, "*") {
			return // a wildcard in the value is FQL's, not a literal
		}
		n, err := parseFQL(fql.Eq("name", value).String(), known)
		if err != nil {
			t.Fatalf("fql.Eq(%q) does not parse: %v", value, err)
		}
		if !n.match(map[string]any{"name": value}) {
			t.Errorf("fql.Eq(%q) does not match the value", value)
		}
	})
}
