package httpclient

import (
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
)

// Shown is one field of a value printed with its secrets redacted.
type Shown struct{ Name, Value string }

// ShowSecret is how a credential is shown: whether it is set, never what it is.
func ShowSecret(v string) string {
	if v == "" {
		return "<unset>"
	}
	return "<redacted>"
}

// DescribeURL is how a base URL given by the user is shown: the URL when it
// parses as http(s) with a host (without user info, query or fragment), and
// only its length otherwise, since a value in the wrong place may be a
// credential.
func DescribeURL(raw string) string {
	if raw == "" {
		return "<unset>"
	}
	if shapeOf(raw) == nil {
		if u, err := url.Parse(raw); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil {
			u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
			return u.String()
		}
	}
	return fmt.Sprintf("<%d bytes, not a URL>", len(raw))
}

// Redacted is "typ{Name: Value, ...}": the text every fmt verb, String and
// GoString print for a value that holds a secret.
func Redacted(typ string, fields ...Shown) string {
	var b strings.Builder
	b.WriteString(typ)
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.Name)
		b.WriteString(": ")
		b.WriteString(f.Value)
	}
	b.WriteByte('}')
	return b.String()
}

// Format writes s whatever the verb and flags: a value holding a secret
// prints the same redacted text for %v, %+v, %#v, %s, %q, %x and the rest.
func Format(f fmt.State, s string) { _, _ = io.WriteString(f, s) }

// MarshalJSON is the JSON of a value holding a secret: its shown fields as
// an object of strings, so that no secret leaves in JSON.
func MarshalJSON(fields ...Shown) ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(f.Name) + ":" + strconv.Quote(f.Value))
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// LogGroup is the slog.Value of a value holding a secret: its shown fields
// as a group, for the text and JSON handlers alike.
func LogGroup(fields ...Shown) slog.Value {
	as := make([]slog.Attr, len(fields))
	for i, f := range fields {
		as[i] = slog.String(f.Name, f.Value)
	}
	return slog.GroupValue(as...)
}

// Secret holds a credential so that no fmt verb at any depth prints it: the
// value sits behind a pointer to a string, which fmt prints as an address
// even where it reaches into unexported fields (a bad verb such as %s of a
// struct holding a client dereferences one pointer to a struct, never a
// pointer to a string), and Secret's own String and Format print
// "<redacted>". Every credential a client keeps is a Secret.
type Secret struct{ p *string }

// NewSecret holds v; the zero Secret holds "".
func NewSecret(v string) Secret {
	if v == "" {
		return Secret{}
	}
	return Secret{p: &v}
}

// Reveal returns the credential, for the one place that sends it.
func (s Secret) Reveal() string {
	if s.p == nil {
		return ""
	}
	return *s.p
}

// IsZero reports whether the Secret holds "".
func (s Secret) IsZero() bool { return s.p == nil }

// String is "<redacted>" or "<unset>".
func (s Secret) String() string { return ShowSecret(s.Reveal()) }

// GoString is String.
func (s Secret) GoString() string { return s.String() }

// Format prints String for every verb.
func (s Secret) Format(f fmt.State, _ rune) { Format(f, s.String()) }

// LogValue is String.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }
