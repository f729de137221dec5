package linkheader

import (
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []string
		want []Link
	}{
		{"waldur", []string{`<https://w.example/api/user-actions/?page=1>; rel="first", <https://w.example/api/user-actions/?page=3>; rel="next", <https://w.example/api/user-actions/?page=9>; rel="last"`},
			[]Link{
				{URL: "https://w.example/api/user-actions/?page=1", Rels: []string{"first"}, Params: map[string]string{}},
				{URL: "https://w.example/api/user-actions/?page=3", Rels: []string{"next"}, Params: map[string]string{}},
				{URL: "https://w.example/api/user-actions/?page=9", Rels: []string{"last"}, Params: map[string]string{}},
			}},
		{"odd spacing and bare values", []string{`  <a?x=1,2>;rel=next ;  title="a, b; c"  ,<b>;REL="Prev Start"`},
			[]Link{
				{URL: "a?x=1,2", Rels: []string{"next"}, Params: map[string]string{"title": "a, b; c"}},
				{URL: "b", Rels: []string{"prev", "start"}, Params: map[string]string{}},
			}},
		{"escapes and first rel wins", []string{`<c>; rel="next"; rel="last"; title="say \"hi\""`},
			[]Link{{URL: "c", Rels: []string{"next"}, Params: map[string]string{"title": `say "hi"`}}}},
		{"several headers", []string{`<a>; rel=first`, `<b>; rel=next`},
			[]Link{
				{URL: "a", Rels: []string{"first"}, Params: map[string]string{}},
				{URL: "b", Rels: []string{"next"}, Params: map[string]string{}},
			}},
		{"junk", []string{`garbage, <x>; junk; rel="next"`, `<unterminated`, ``},
			[]Link{{URL: "x", Rels: []string{"next"}, Params: map[string]string{"junk": ""}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Parse(tc.in...); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", tc.in, got, tc.want)
			}
		})
	}
}

func TestRel(t *testing.T) {
	h := []string{`<https://a/?page=1>; rel="prev", <https://a/?page=3>; rel="next"`}
	if u, ok := Rel(h, "NEXT"); !ok || u != "https://a/?page=3" {
		t.Errorf("next = %q, %v", u, ok)
	}
	if _, ok := Rel(h, "last"); ok {
		t.Error("found a last link that is not there")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<https://w.example/api/user-actions/?page=2>; rel="next", <https://w.example/api/user-actions/?page=5>; rel="last"`,
		`<a>;rel=next;title*=UTF-8'de'n%c3%a4chstes`,
		`<a>; rel="\`, `<<>>;;;==,,"`, `;rel=next`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, l := range Parse(s) {
			for _, r := range l.Rels {
				if r == "" {
					t.Fatalf("empty rel from %q", s)
				}
			}
		}
	})
}
