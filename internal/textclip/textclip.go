// Package textclip bounds the text an error echoes from a server (a vendor
// message, a code, an id, a path): the root package's Error and the
// clients' internal errors clip alike.
package textclip

import (
	"strings"
	"unicode/utf8"
)

// Max is the most of a vendor message, code or echoed id kept in an error
// string, in bytes.
const Max = 256

// Clip bounds s: at most Max bytes, cut on a rune boundary, invalid UTF-8 in
// what is kept made "?", and marked with "…" when cut. A string of Max bytes
// or fewer is returned as it is.
func Clip(s string) string {
	if len(s) <= Max {
		return s
	}
	cut := Max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.ToValidUTF8(s[:cut], "?") + "…"
}
