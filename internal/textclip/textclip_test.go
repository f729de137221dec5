package textclip

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClip(t *testing.T) {
	long := strings.Repeat("a", Max+10)
	// "é" is two bytes: Max-1 bytes of "a" then "é" puts a rune across the cut.
	across := strings.Repeat("a", Max-1) + "é" + "tail"
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"short", "slow down", "slow down"},
		{"exactly Max", long[:Max], long[:Max]},
		{"short invalid UTF-8 is left as it is", "a\xffb", "a\xffb"},
		{"long", long, long[:Max] + "…"},
		{"cut on a rune boundary", across, strings.Repeat("a", Max-1) + "…"},
		{"invalid UTF-8 kept is replaced", "\xff" + long, "?" + long[:Max-1] + "…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Clip(tc.in)
			if got != tc.want {
				t.Errorf("Clip(%d bytes) = %q, want %q", len(tc.in), got, tc.want)
			}
			if len(tc.in) > Max && (len(got) > Max+len("…") || !utf8.ValidString(got)) {
				t.Errorf("Clip(%d bytes) = %d bytes (valid UTF-8: %v), want at most %d, valid", len(tc.in), len(got), utf8.ValidString(got), Max+len("…"))
			}
		})
	}
}
