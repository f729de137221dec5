// Package linkheader parses RFC 8288 Link headers, as Waldur sends them for
// pagination: `<https://host/api/x/?page=2>; rel="next", <...>; rel="last"`.
//
// The parser is lenient about what servers really send (odd spacing, quoted
// or bare parameters, several relation types in one rel, several headers) and
// never panics on any input.
package linkheader

import "strings"

// Link is one link of a header.
type Link struct {
	// URL is the target as written, between < and >.
	URL string
	// Rels are the link's relation types, lower-cased.
	Rels []string
	// Params holds the other parameters, names lower-cased.
	Params map[string]string
}

// Parse parses every link of the given header values.
func Parse(values ...string) []Link {
	var links []Link
	for _, v := range values {
		links = append(links, parseOne(v)...)
	}
	return links
}

// Rel returns the URL of the first link with relation type rel, if any.
func Rel(values []string, rel string) (string, bool) {
	rel = strings.ToLower(rel)
	for _, l := range Parse(values...) {
		for _, r := range l.Rels {
			if r == rel {
				return l.URL, true
			}
		}
	}
	return "", false
}

func parseOne(s string) []Link {
	var links []Link
	for {
		start := strings.IndexByte(s, '<')
		if start < 0 {
			return links
		}
		end := strings.IndexByte(s[start:], '>')
		if end < 0 {
			return links
		}
		l := Link{URL: strings.TrimSpace(s[start+1 : start+end]), Params: map[string]string{}}
		s = s[start+end+1:]
		// Parameters run until the comma that ends this link, which is
		// the first comma outside a quoted string.
		for {
			s = strings.TrimLeft(s, " \t")
			if s == "" || s[0] == ',' || s[0] == '<' {
				break
			}
			if s[0] != ';' {
				// Junk between parameters: skip to the next separator.
				i := strings.IndexAny(s, ";,<")
				if i < 0 {
					s = ""
					break
				}
				s = s[i:]
				continue
			}
			s = strings.TrimLeft(s[1:], " \t")
			var name, value string
			name, s = token(s)
			s = strings.TrimLeft(s, " \t")
			if strings.HasPrefix(s, "=") {
				s = strings.TrimLeft(s[1:], " \t")
				if strings.HasPrefix(s, `"`) {
					value, s = quoted(s)
				} else {
					value, s = token(s)
				}
			}
			name = strings.ToLower(strings.TrimSuffix(name, "*"))
			if name == "" {
				continue
			}
			if name == "rel" {
				if len(l.Rels) == 0 { // RFC 8288: only the first rel counts
					for _, r := range strings.Fields(value) {
						l.Rels = append(l.Rels, strings.ToLower(r))
					}
				}
				continue
			}
			if _, dup := l.Params[name]; !dup {
				l.Params[name] = value
			}
		}
		links = append(links, l)
	}
}

// token reads up to the next separator.
func token(s string) (string, string) {
	i := strings.IndexAny(s, ";,=<\" \t")
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

// quoted reads a quoted string with backslash escapes; an unterminated one
// runs to the end.
func quoted(s string) (string, string) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), s[i+1:]
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), ""
}
