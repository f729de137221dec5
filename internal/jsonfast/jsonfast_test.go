package jsonfast

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPlain: the word-at-a-time check agrees with the plain definition
// (no backslash, valid UTF-8) wherever the odd byte sits.
func TestPlain(t *testing.T) {
	for _, odd := range []string{"", "\\", "é", "\xff", "\xc3", "€", "\x7f", "\x80", "]", "\\\\"} {
		for n := range 20 {
			for at := 0; at <= n; at++ {
				s := []byte(strings.Repeat("a", at) + odd + strings.Repeat("b", n-at))
				want := !bytes.Contains(s, []byte{'\\'}) && utf8.Valid(s)
				if got := plain(s); got != want {
					t.Errorf("plain(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
}

func FuzzPlain(f *testing.F) {
	for _, s := range []string{"abcdefgh\\", "abcdefghé", "\xffabcdefgh", "abcdefgh"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, s []byte) {
		if got, want := plain(s), !bytes.Contains(s, []byte{'\\'}) && utf8.Valid(s); got != want {
			t.Errorf("plain(%q) = %v, want %v", s, got, want)
		}
	})
}

// TestNilDecoder: a generated method called with no decoder is an error.
func TestNilDecoder(t *testing.T) {
	var d *Decoder
	if more, err := d.Object("x"); more || err == nil {
		t.Errorf("Object on a nil Decoder = %v, %v; want an error", more, err)
	}
}
